//! After each document is analysed, before it is reported: the work that spans documents or
//! filters findings, in one place and in one order for every output format. For each document,
//! in the scan's order: the duplicate-picture rule against the documents before it, then the
//! config's `disable` and `[[ignore]]`, then the baseline (recorded for `--write-baseline`
//! first, so that the new file is complete, then filtered).

pub mod baseline;

use std::collections::HashSet;
use std::path::Path;

use crate::config::Config;
use crate::image::duplicates::Seen;
use crate::types::Analysis;
use baseline::Entry;

/// The cross-document and suppression stage of a run.
#[derive(Default)]
pub struct Post {
    /// The config whose `disable` and `[[ignore]]` silence findings.
    config: Option<Config>,
    /// Fingerprints of the accepted findings (`--baseline`).
    baseline: Option<HashSet<String>>,
    /// The findings left after the config, for `--write-baseline`.
    recorded: Option<Vec<Entry>>,
    /// The photos of the documents so far, for the duplicate-picture rule.
    seen: Seen,
}

impl Post {
    /// A stage with a config, a baseline's fingerprints, and whether to record the findings
    /// for `--write-baseline`.
    pub fn new(config: Option<Config>, baseline: Option<HashSet<String>>, record: bool) -> Self {
        Post {
            config,
            baseline,
            recorded: record.then(Vec::new),
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
        if let Some(recorded) = &mut self.recorded {
            recorded.extend(baseline::entries(doc));
        }
        if let Some(known) = &self.baseline {
            let fingerprints = baseline::entries(doc);
            let mut keep = fingerprints.iter().map(|e| !known.contains(&e.fingerprint));
            doc.suppress(|_, _| !keep.next().unwrap_or(true));
        }
    }

    /// The findings recorded for `--write-baseline` (empty when not recording).
    pub fn into_baseline(self) -> Vec<Entry> {
        self.recorded.unwrap_or_default()
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
