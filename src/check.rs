//! Runs the pipeline over documents: read, parse, score, in parallel over documents.

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
    let docs: Vec<DocumentReport> = sources.par_iter().map(|s| check_source(s, lex)).collect();
    Report::new(docs)
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
    if report.documents.iter().any(|d| d.error.is_some()) {
        return EXIT_TROUBLE;
    }
    let failing = report
        .documents
        .iter()
        .flat_map(|d| &d.findings)
        .any(|f| fail_on.fails(f.severity));
    if failing {
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
