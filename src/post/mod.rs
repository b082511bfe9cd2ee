//! After each document is analysed, before it is reported: the work that spans documents or
//! filters findings, in one place and in one order for every output format. For each document,
//! in the scan's order: the duplicate-picture rule against the documents before it, then the
//! config's `disable` and `[[ignore]]`, then the baseline (recorded for `--write-baseline`
//! first, so that the new file is complete, then filtered).

pub mod baseline;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::image::duplicates::Seen;
use crate::types::Analysis;
use baseline::{Entry, Known};

/// The cross-document and suppression stage of a run.
#[derive(Default)]
pub struct Post {
    /// The config whose `disable` and `[[ignore]]` silence findings.
    config: Option<Config>,
    /// The accepted findings (`--baseline`).
    baseline: Option<Known>,
    /// How many findings the baseline accepted so far.
    matched: usize,
    /// The findings left after the config, for `--write-baseline`, and the folder of the file
    /// they will be written to.
    recorded: Option<(Vec<Entry>, PathBuf)>,
    /// The photos of the documents so far, for the duplicate-picture rule.
    seen: Seen,
}

impl Post {
    /// A stage with a config, a baseline, and the file the findings are to be recorded in
    /// for `--write-baseline`.
    pub fn new(config: Option<Config>, baseline: Option<Known>, record_to: Option<&Path>) -> Self {
        Post {
            config,
            baseline,
            matched: 0,
            recorded: record_to.map(|file| (Vec::new(), baseline::base_of(file))),
            seen: Seen::default(),
        }
    }

    /// Runs the stage on the next document of the scan; documents must come in the scan's
    /// order, so that every format and every `-j` give the same findings.
    pub fn process(&mut self, doc: &mut Analysis) {
        if doc.error.is_some() {
            return;
        }
        self.seen.check_and_add(doc);
        if let Some(config) = &self.config {
            let file = document_file(&doc.id).to_string();
            doc.suppress(|_, f| config.silences(Path::new(&file), f.rule));
        }
        if let Some((recorded, base)) = &mut self.recorded {
            recorded.extend(baseline::entries(doc, base));
        }
        if let Some(known) = &self.baseline {
            let entries = baseline::entries(doc, &known.base);
            let mut keep = entries
                .iter()
                .map(|e| !known.fingerprints.contains(&e.fingerprint));
            let before = doc.suppressed;
            doc.suppress(|_, _| !keep.next().unwrap_or(true));
            self.matched += doc.suppressed - before;
        }
    }

    /// Whether a baseline with entries was given and accepted none of the scan's findings:
    /// most likely its paths are of other pages, which the user should hear about.
    pub fn baseline_matched_nothing(&self) -> bool {
        self.baseline
            .as_ref()
            .is_some_and(|k| !k.fingerprints.is_empty())
            && self.matched == 0
    }

    /// The findings recorded for `--write-baseline` (empty when not recording).
    pub fn into_baseline(self) -> Vec<Entry> {
        self.recorded
            .map(|(entries, _)| entries)
            .unwrap_or_default()
    }
}

/// The file a document comes from: its path, or the archive of a WARC record (`a.warc.gz#uri`).
fn document_file(id: &str) -> &str {
    match id.split_once('#') {
        Some((file, _)) if crate::input::warc::is_warc_name(Path::new(file)) => file,
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_point_at_their_archive() {
        assert_eq!(document_file("a/b.warc.gz#http://x/#frag"), "a/b.warc.gz");
        assert_eq!(document_file("a/odd#name.html"), "a/odd#name.html");
    }
}
