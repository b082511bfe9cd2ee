//! Runs the pipeline over documents: read, parse, score, in parallel over documents.

use std::ops::ControlFlow;

use rayon::prelude::*;

use crate::entities::Lexicon;
use crate::input::Source;
use crate::result::{DocumentReport, Report, Severity};
use crate::{entities, parse, score};

/// Checks one document given its bytes.
pub fn check_bytes(id: &str, bytes: &[u8], lex: &Lexicon) -> DocumentReport {
    let article = match parse::parse(id, bytes) {
        Ok(a) => a,
        Err(e) => return DocumentReport::failed(id.to_string(), e),
    };
    let scored = score::score_article(&article, lex);
    let published = article
        .published
        .as_deref()
        .and_then(entities::dates::parse_published)
        .map(|d| d.iso());
    DocumentReport {
        path: id.to_string(),
        title: article.title.clone(),
        published,
        topic: scored.topic,
        images: scored.images,
        findings: scored.findings,
        outside_article: scored.outside_article,
        suppressed: scored.suppressed,
        error: None,
    }
}

/// Checks one document: reads it, then checks its bytes; a read failure becomes its error.
pub fn check_source(src: &Source, lex: &Lexicon) -> DocumentReport {
    match src.read() {
        Ok(bytes) => check_bytes(&src.id, &bytes, lex),
        Err(e) => DocumentReport::failed(src.id.clone(), e),
    }
}

/// Checks all documents in parallel; the report keeps the order of `sources`.
pub fn check_all(sources: &[Source], lex: &Lexicon) -> Report {
    check_all_with(sources, lex, &|_| {})
}

/// Like `check_all`, calling `each` on every document's report in the worker that checked it
/// (suppression, a progress tick) before the report is built.
pub fn check_all_with(
    sources: &[Source],
    lex: &Lexicon,
    each: &(dyn Fn(&mut DocumentReport) + Sync),
) -> Report {
    let docs: Vec<DocumentReport> = sources
        .par_iter()
        .map(|s| {
            let mut doc = check_source(s, lex);
            each(&mut doc);
            doc
        })
        .collect();
    Report::new(docs)
}

/// Documents checked per batch by `check_streaming`, at the least: enough to keep every core
/// busy, few enough that the reports held at once stay small.
const STREAM_CHUNK: usize = 256;

/// Checks documents in parallel and hands each report to `on_document` in the order of
/// `sources`, as soon as its batch is done; memory holds one batch of reports, never the whole
/// archive. `on_document` returns `ControlFlow::Break` to stop early (a closed pipe); the
/// return value says whether every document was handed over.
pub fn check_streaming(
    sources: &[Source],
    lex: &Lexicon,
    mut on_document: impl FnMut(DocumentReport) -> ControlFlow<()>,
) -> ControlFlow<()> {
    // Batches rather than a channel: rayon's collect keeps input order for free, and a batch
    // several times the thread count makes the wait for a batch's slowest page negligible.
    let chunk = STREAM_CHUNK.max(rayon::current_num_threads() * 16);
    for batch in sources.chunks(chunk) {
        let docs: Vec<DocumentReport> = batch.par_iter().map(|s| check_source(s, lex)).collect();
        for doc in docs {
            on_document(doc)?;
        }
    }
    ControlFlow::Continue(())
}

/// Exit status: nothing at or above `--fail-on`.
pub const EXIT_OK: i32 = 0;
/// Exit status: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: a usage error, or a document that could not be read.
pub const EXIT_TROUBLE: i32 = 2;

/// The lowest severity that makes a run fail (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Fail on errors only.
    #[default]
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Never fail because of findings (unreadable documents still exit 2).
    Never,
}

impl FailOn {
    /// True when a finding of this severity makes the run fail.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Never => false,
        }
    }
}

/// The process exit status for a finished report, as DESIGN.md specifies: 2 when any document
/// could not be read (it outranks findings: the run is incomplete), else 1 when a finding is at
/// or above `fail_on`, else 0.
pub fn exit_status(report: &Report, fail_on: FailOn) -> i32 {
    report
        .documents
        .iter()
        .map(|d| document_exit_status(d, fail_on))
        .max()
        .unwrap_or(EXIT_OK)
}

/// The exit status one document alone would give; a run's status is the largest over its
/// documents (the statuses are ordered by gravity), which lets a streamed run track it as it goes.
pub fn document_exit_status(doc: &DocumentReport, fail_on: FailOn) -> i32 {
    if doc.error.is_some() {
        EXIT_TROUBLE
    } else if doc.findings.iter().any(|f| fail_on.fails(f.severity)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::Finding;

    fn report_with(sev: Option<Severity>, unreadable: bool) -> Report {
        let mut doc = DocumentReport::failed("a".into(), String::new());
        doc.error = None;
        if let Some(severity) = sev {
            doc.findings.push(Finding {
                rule: "r".into(),
                severity,
                image: 0,
                message: String::new(),
            });
        }
        let mut docs = vec![doc];
        if unreadable {
            docs.push(DocumentReport::failed("b".into(), "gone".into()));
        }
        Report::new(docs)
    }

    #[test]
    fn streaming_keeps_input_order_across_batches_and_can_stop() {
        use crate::input::Origin;
        let sources: Vec<Source> = (0..STREAM_CHUNK * 2 + 7)
            .map(|i| Source {
                id: format!("doc-{i}"),
                origin: Origin::Unreadable(format!("gone {i}")),
            })
            .collect();
        let lex = Lexicon::builtin();
        let mut seen = Vec::new();
        let flow = check_streaming(&sources, &lex, |d| {
            seen.push(d.path);
            ControlFlow::Continue(())
        });
        assert!(flow.is_continue());
        let want: Vec<String> = sources.iter().map(|s| s.id.clone()).collect();
        assert_eq!(seen, want);

        let mut count = 0;
        let flow = check_streaming(&sources, &lex, |_| {
            count += 1;
            if count == 3 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert!(flow.is_break());
        assert_eq!(count, 3);
    }

    #[test]
    fn exit_status_follows_fail_on() {
        use FailOn::*;
        let cases = [
            (None, Error, 0),
            (Some(Severity::Warning), Error, 0),
            (Some(Severity::Warning), Warning, 1),
            (Some(Severity::Error), Warning, 1),
            (Some(Severity::Error), Error, 1),
            (Some(Severity::Error), Never, 0),
        ];
        for (sev, fail_on, want) in cases {
            assert_eq!(
                exit_status(&report_with(sev, false), fail_on),
                want,
                "{sev:?} {fail_on:?}"
            );
        }
        assert_eq!(
            exit_status(&report_with(Some(Severity::Error), true), Never),
            2
        );
    }
}
