//! Runs the pipeline over documents: each document is read, parsed, scored and its photos
//! inspected in parallel; then, in the scan's order, the cross-document stage (`post`) and the
//! conversion to the report model, the same for every output format.

use std::ops::ControlFlow;
use std::path::Path;

use rayon::prelude::*;

use crate::budget::{Budget, BudgetError, Deadline};
use crate::config::FailOn;
use crate::entities::lexicon::LexiconError;
use crate::entities::Lexicon;
use crate::input::{InputError, Origin, Source};
use crate::parse::ParseError;
use crate::post::Post;
use crate::result::{DocumentReport, Report};
use crate::score::calibration::{Calibration, CalibrationError};
use crate::types::{Analysis, PageKind, SemanticMode, Thumbnails};
use crate::{image, parse, score};

/// The data a check runs with: the word lists and the verdict's calibration, built in or
/// extended from a rules directory (`--rules DIR`).
#[derive(Debug)]
pub struct Engine {
    /// People, places, organisations and the other word lists.
    pub lexicon: Lexicon,
    /// The weights and threshold of the verdict.
    pub calibration: Calibration,
    /// Whether captions are compared with their article in meaning (`evidence.semantic`); off,
    /// the model is never read (`--no-semantic`).
    pub semantic: SemanticMode,
    /// Whether local photos get a thumbnail: only the HTML report shows them.
    pub thumbnails: Thumbnails,
}

/// Why a rules directory (`--rules DIR`, the config's `rules`) cannot extend the built-in data.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// A word list cannot be read or is wrong.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// `scoring.tsv` cannot be read or is wrong.
    #[error(transparent)]
    Calibration(#[from] CalibrationError),
    /// The directory holds none of the files it could.
    #[error(
        "rules directory {} holds none of the rule files ({})",
        dir.display(),
        Lexicon::file_names().collect::<Vec<_>>().join(", ")
    )]
    Empty {
        /// The directory.
        dir: std::path::PathBuf,
    },
}

/// Why one document could not be checked: the stage's error, which the report shows as the
/// document's `error` while the scan goes on.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Its bytes cannot be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Its bytes are not a page.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// Its check ran out of time.
    #[error(transparent)]
    Budget(#[from] BudgetError),
}

impl DocumentError {
    /// True when the document ran out of its time budget (`--time-budget`), rather than being
    /// unreadable, too large or not a page.
    pub fn is_timeout(&self) -> bool {
        match self {
            DocumentError::Input(_) => false,
            DocumentError::Parse(e) => e.is_timeout(),
            DocumentError::Budget(e) => e.is_timeout(),
        }
    }
}

impl Engine {
    /// The lists and calibration built into the binary.
    pub fn builtin() -> Self {
        Engine {
            lexicon: Lexicon::builtin(),
            calibration: Calibration::builtin(),
            semantic: SemanticMode::default(),
            thumbnails: Thumbnails::default(),
        }
    }

    /// The built-in data extended with the files of `dir` (same names as `rules/`); a
    /// directory holding none of them is an error, since it was surely meant to hold some.
    pub fn with_dir(dir: &Path) -> Result<Self, RulesError> {
        let mut engine = Engine::builtin();
        let lists = engine.lexicon.add_dir(dir)?;
        let scoring = engine.calibration.add_dir(dir)?;
        if lists == 0 && !scoring {
            return Err(RulesError::Empty {
                dir: dir.to_path_buf(),
            });
        }
        Ok(engine)
    }
}

/// Checks one document given its bytes, alone (no other document to compare its photos with,
/// no config); a panic while checking it becomes its error.
pub fn check_bytes(id: &str, bytes: &[u8], engine: &Engine) -> DocumentReport {
    check_bytes_within(id, bytes, engine, &Budget::default())
}

/// `check_bytes` under a budget: too large or too slow a document becomes its error.
pub fn check_bytes_within(
    id: &str,
    bytes: &[u8],
    engine: &Engine,
    budget: &Budget,
) -> DocumentReport {
    check_page_within(id, bytes, None, engine, budget)
}

/// `check_bytes_within` for a page whose bytes were read from the file `page`: the local image
/// files it refers to are looked at beside it, as for a file named on the command line.
pub fn check_page_within(
    id: &str,
    bytes: &[u8],
    page: Option<&Path>,
    engine: &Engine,
    budget: &Budget,
) -> DocumentReport {
    let mut doc = guarded(id, || {
        let page = page.map(|p| (p, None));
        analyse_bytes(id, bytes, engine, None, page, budget, &budget.start())
            .unwrap_or_else(|e| Analysis::failed(id.to_string(), e.to_string()))
    });
    Post::default().process(&mut doc);
    DocumentReport::from(doc)
}

/// The pipeline for one document, without the panic guard; its error becomes the document's
/// (the caller's `Analysis::failed`). `page` is the document's file on disk and the directory
/// scanned, when it is one: only then are its local image files looked at (stdin and WARC
/// records have no files beside them).
fn analyse_bytes(
    id: &str,
    bytes: &[u8],
    engine: &Engine,
    kind: Option<PageKind>,
    page: Option<(&Path, Option<&Path>)>,
    budget: &Budget,
    deadline: &Deadline,
) -> Result<Analysis, DocumentError> {
    deadline.check("reading")?;
    let article = parse::parse_as(id, bytes, budget, kind, deadline)?;
    // A README or a changelog found by a walk is no article: it is left out of the report (a
    // file named on the command line is still reported, as asked).
    if article.not_an_article && matches!(page, Some((_, Some(_)))) {
        return Ok(Analysis {
            not_an_article: true,
            ..Analysis::new(id.to_string())
        });
    }
    deadline.check("parsing")?;
    let scored = score::score_article_within(
        &article,
        &engine.lexicon,
        &engine.calibration,
        engine.semantic,
        deadline,
    )?;
    let mut doc = Analysis {
        title: article.title.clone(),
        url: article.url.clone(),
        published: article.published,
        language: article.language.clone(),
        topic: scored.topic,
        photos: scored.photos,
        findings: scored.findings,
        outside_article: scored.outside_article,
        suppressed: scored.suppressed,
        ..Analysis::new(id.to_string())
    };
    if let Some((page, root)) = page {
        // Without a directory given, the page's own directory is the scan root: a saved page
        // keeps its images beside it or in `NAME_files/`, and nothing above it is ever read.
        let root = root.unwrap_or_else(|| image::own_dir(page));
        deadline.check("scoring")?;
        let kind = kind.unwrap_or_else(|| parse::detect_kind(id, bytes));
        let site = matches!(kind, PageKind::Markdown | PageKind::Mdx);
        image::inspect_document(
            &mut doc,
            page,
            root,
            site,
            &engine.lexicon,
            deadline,
            engine.thumbnails,
        )?;
    }
    Ok(doc)
}

/// Analyses one document: reads it, then checks its bytes; a read failure or a panic becomes
/// its error. The time budget starts before the read: reading a record deep in an archive
/// is part of the document's work.
pub fn analyse_source(src: &Source, engine: &Engine, budget: &Budget) -> Analysis {
    let deadline = budget.start();
    let mut doc = guarded(&src.id, || match src.read_within(budget) {
        Ok(bytes) => {
            // A single file's images may be read beside it; a walked file's anywhere under the
            // directory given. Stdin and archive records have no files beside them.
            let page = match &src.origin {
                Origin::File(p) => Some((p.as_path(), None)),
                Origin::FileIn { path, root } => Some((path.as_path(), Some(root.as_path()))),
                _ => None,
            };
            analyse_bytes(&src.id, &bytes, engine, src.kind, page, budget, &deadline)
                .unwrap_or_else(|e| Analysis::failed(src.id.clone(), e.to_string()))
        }
        Err(e) => Analysis::failed(src.id.clone(), e.to_string()),
    });
    // An archive record's address is where it was fetched from, whatever the page declares.
    if let Origin::WarcRecord { uri: Some(u), .. } | Origin::WarcStreamRecord { uri: Some(u), .. } =
        &src.origin
    {
        doc.url = Some(u.clone());
    }
    doc
}

/// Runs one document's work so that a panic in it (a bug on some input) becomes that
/// document's error instead of ending a scan of a million pages. This relies on panics
/// unwinding: keep `panic = "abort"` out of the release profile.
pub fn guarded(id: &str, work: impl FnOnce() -> Analysis) -> Analysis {
    // The work only reads shared data (the lexicon, the source), and a document that panicked
    // is reported as failed, so no half-updated state is observed after the unwind.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(doc) => doc,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            Analysis::failed(
                id.to_string(),
                format!("internal error while checking this document: {what}; please report it"),
            )
        }
    }
}

/// Documents checked per batch by `check_streaming`, at the least: enough to keep every core
/// busy, few enough that the reports held at once stay small.
const STREAM_CHUNK: usize = 256;

/// Checks documents in parallel and hands each report to `on_document` in the order of
/// `sources`, as soon as its batch is done and has been through `post`; memory holds one batch
/// of reports, never the whole archive. `on_document` returns `ControlFlow::Break` to stop
/// early (a closed pipe); the return value says whether every document was handed over.
pub fn check_streaming(
    sources: &[Source],
    engine: &Engine,
    budget: &Budget,
    post: &mut Post,
    tick: &(dyn Fn() + Sync),
    mut on_document: impl FnMut(DocumentReport) -> ControlFlow<()>,
) -> ControlFlow<()> {
    // Batches rather than a channel: rayon's collect keeps input order for free, and a batch
    // several times the thread count makes the wait for a batch's slowest page negligible.
    let chunk = STREAM_CHUNK.max(rayon::current_num_threads() * 16);
    for batch in sources.chunks(chunk) {
        // The largest documents start first, each on whichever worker is free, so that no
        // large page is left to run alone at the end of a batch; the reports keep the order
        // of `sources`. Records read in their archive's order keep it (their size hint is 0,
        // and the sort is stable).
        let mut order: Vec<(u64, usize, &Source)> = batch
            .iter()
            .enumerate()
            .map(|(i, s)| (s.size_hint(), i, s))
            .collect();
        order.sort_by_key(|&(size, _, _)| std::cmp::Reverse(size));
        let mut done: Vec<(usize, Analysis)> = order
            .into_iter()
            .par_bridge()
            .map(|(_, i, s)| {
                let doc = analyse_source(s, engine, budget);
                tick();
                (i, doc)
            })
            .collect();
        done.sort_unstable_by_key(|(i, _)| *i);
        let docs = done.into_iter().map(|(_, d)| d);
        for mut doc in docs.filter(|d| !d.not_an_article) {
            post.process(&mut doc);
            on_document(DocumentReport::from(doc))?;
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

/// The process exit status for a finished report, as the README specifies: 2 when any document
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
    use crate::result::{Finding, Rule, Severity};

    /// A page whose reading ran out of time is a timeout too, whichever stage's error says so.
    #[test]
    fn out_of_time_while_parsing_is_a_timeout() {
        let timed_out = BudgetError::TimedOut {
            stage: crate::parse::tokenizer::STAGE,
            budget: std::time::Duration::from_secs(1),
        };
        assert!(DocumentError::from(ParseError::Budget(timed_out.clone())).is_timeout());
        assert!(DocumentError::from(timed_out).is_timeout());
        let too_large = BudgetError::TooLarge { len: 2, max: 1 };
        assert!(!DocumentError::from(ParseError::Budget(too_large)).is_timeout());
    }

    /// A caller tells a document that ran out of time from a malformed one by the variant,
    /// never by the words.
    #[test]
    fn out_of_time_and_not_a_page_are_told_apart_by_variant() {
        let engine = Engine::builtin();
        let tight = Budget {
            time: std::time::Duration::from_nanos(1),
            ..Budget::default()
        };
        let deadline = tight.start();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let page = b"<html><p>A page.</p></html>";
        let e = analyse_bytes("a.html", page, &engine, None, None, &tight, &deadline)
            .expect_err("out of time");
        assert!(e.is_timeout(), "{e}");
        assert!(e.to_string().starts_with("gave up while reading: "), "{e}");
        let roomy = Budget::default();
        let e = analyse_bytes(
            "b.html",
            b"\0\0bin\0",
            &engine,
            None,
            None,
            &roomy,
            &roomy.start(),
        )
        .expect_err("binary");
        assert!(
            matches!(e, DocumentError::Parse(ParseError::Binary)) && !e.is_timeout(),
            "{e}"
        );
        assert_eq!(e.to_string(), "binary data, not a web page or text");
    }

    fn report_with(sev: Option<Severity>, unreadable: bool) -> Report {
        let mut doc = DocumentReport::failed("a".into(), String::new());
        doc.error = None;
        if let Some(severity) = sev {
            doc.findings.push(Finding {
                rule: Rule::StaleDate,
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
                kind: None,
            })
            .collect();
        let engine = Engine::builtin();
        let mut seen = Vec::new();
        let flow = check_streaming(
            &sources,
            &engine,
            &Budget::default(),
            &mut Post::default(),
            &|| {},
            |d| {
                seen.push(d.path);
                ControlFlow::Continue(())
            },
        );
        assert!(flow.is_continue());
        let want: Vec<String> = sources.iter().map(|s| s.id.clone()).collect();
        assert_eq!(seen, want);

        let mut count = 0;
        let flow = check_streaming(
            &sources,
            &engine,
            &Budget::default(),
            &mut Post::default(),
            &|| {},
            |_| {
                count += 1;
                if count == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert!(flow.is_break());
        assert_eq!(count, 3);
    }

    #[test]
    fn a_panic_becomes_the_documents_error() {
        let doc = DocumentReport::from(guarded("boom.html", || {
            panic!("index out of bounds: the len is 3")
        }));
        assert_eq!(doc.path, "boom.html");
        assert_eq!(
            doc.error.as_deref(),
            Some(
                "internal error while checking this document: index out of bounds: the len is 3; \
                 please report it"
            )
        );
        assert_eq!(
            exit_status(&Report::new(vec![doc]), FailOn::Never),
            EXIT_TROUBLE
        );
        // A formatted message (a `String` payload) is kept too, and a normal result passes through.
        let n = 7;
        let doc = guarded("b", || panic!("bad offset {n}"));
        assert!(doc
            .error
            .as_deref()
            .is_some_and(|e| e.contains("bad offset 7")));
        let ok = check_bytes("c.html", b"<p>fine</p>", &Engine::builtin());
        assert!(ok.error.is_none());
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
