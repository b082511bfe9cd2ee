//! Suppression after scoring: findings silenced by the config (`disable`, `[[ignore]]`) or
//! accepted in a baseline are taken out of a document's findings and counted instead, so
//! that the exit status and every format see only what is left. (Inline suppression in the
//! page is counted by the scorer, which sees the figures.)

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

use crate::baseline::{self, Entry};
use crate::config::Config;
use crate::input::warc;
use crate::result::DocumentReport;

/// Everything that can silence a finding after scoring, and the findings seen for a baseline.
#[derive(Debug, Default)]
pub struct Suppressor {
    config: Option<Config>,
    baseline: Option<HashSet<String>>,
    /// Present when a baseline is to be written: the findings left after the config's
    /// suppressions (before the old baseline's, so the new file is complete).
    seen: Option<Mutex<Vec<Entry>>>,
}

impl Suppressor {
    /// A suppressor from a config, a baseline's fingerprints, and whether to collect entries
    /// for `--write-baseline`.
    pub fn new(config: Option<Config>, baseline: Option<HashSet<String>>, collect: bool) -> Self {
        Suppressor {
            config,
            baseline,
            seen: collect.then(|| Mutex::new(Vec::new())),
        }
    }

    /// Removes the suppressed findings of a document and adds them to `doc.suppressed`.
    pub fn apply(&self, doc: &mut DocumentReport) {
        let before = doc.findings.len();
        if let Some(config) = &self.config {
            let file = document_file(&doc.path);
            doc.findings
                .retain(|f| !config.silences(Path::new(file), &f.rule));
        }
        if let Some(seen) = &self.seen {
            let entries = baseline::entries(doc);
            // A poisoned lock only means another document's thread panicked; keep going.
            seen.lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(entries);
        }
        if let Some(known) = &self.baseline {
            let fingerprints = baseline::entries(doc);
            let mut keep = fingerprints.iter().map(|e| !known.contains(&e.fingerprint));
            doc.findings.retain(|_| keep.next().unwrap_or(true));
        }
        doc.suppressed += before - doc.findings.len();
    }

    /// The findings collected for `--write-baseline` (empty when not collecting).
    pub fn take_seen(&self) -> Vec<Entry> {
        self.seen
            .as_ref()
            .map(|m| std::mem::take(&mut *m.lock().unwrap_or_else(|e| e.into_inner())))
            .unwrap_or_default()
    }
}

/// The file a document comes from: its path, or the archive of a WARC record (`a.warc.gz#uri`).
fn document_file(id: &str) -> &str {
    match id.split_once('#') {
        Some((file, _)) if warc::is_warc_name(Path::new(file)) => file,
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
