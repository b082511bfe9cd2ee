//! The native half of the `capcheck` Python package: the library's checks, run with the GIL
//! released, handing each document back as one line of the JSON contract (the JSONL line the
//! CLI writes for it). `capcheck/__init__.py` turns the lines into dicts and is the documented
//! interface; nothing here decides a result.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use capcheck::budget::{self, Budget};
use capcheck::check::{self, Engine};
use capcheck::config::{self, Config};
use capcheck::input;
use capcheck::post::{baseline, Post};
use capcheck::report::jsonl;
use capcheck::result::{Summary, Tool};

/// Worker threads per CPU at most, as in the CLI: more only adds memory, never speed.
const MAX_JOBS_PER_CPU: usize = 8;

/// Documents waiting to be read by Python at most: the checking threads pause beyond it, so an
/// iterator that is read slowly (or dropped) never holds more than this in memory.
const QUEUE: usize = 512;

/// How often a thread waiting for the next document looks for Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// The engines built so far: the built-in one under `None`, one per rules directory. Building
/// one takes longer than checking a page, so a process builds each once.
fn engine_for(rules: Option<&Path>) -> Result<Arc<Engine>, check::RulesError> {
    static ENGINES: OnceLock<Mutex<HashMap<Option<PathBuf>, Arc<Engine>>>> = OnceLock::new();
    let key = rules.map(Path::to_path_buf);
    let engines = ENGINES.get_or_init(Default::default);
    // A poisoned lock only means another thread panicked while inserting; the map is intact.
    if let Some(e) = engines.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return Ok(Arc::clone(e));
    }
    // Built outside the lock: two threads may build the same engine once each; one is kept.
    let engine = Arc::new(match rules {
        Some(dir) => Engine::with_dir(dir)?,
        None => Engine::builtin(),
    });
    let mut map = engines.lock().unwrap_or_else(|p| p.into_inner());
    Ok(Arc::clone(map.entry(key).or_insert(engine)))
}

/// A library error as Python's `ValueError`, with the message the command line gives.
fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// The per-document limits from the keyword arguments, else the config's, else the defaults.
fn budget_from(
    max_bytes: Option<&Bound<'_, PyAny>>,
    time_budget: Option<f64>,
    config: Option<&Config>,
) -> PyResult<Budget> {
    let defaults = Budget::default();
    let max_bytes = match max_bytes {
        None => None,
        Some(v) => Some(if let Ok(n) = v.extract::<u64>() {
            n
        } else if let Ok(s) = v.extract::<String>() {
            budget::parse_size(&s).map_err(value_error)?
        } else {
            return Err(PyValueError::new_err(
                "max_bytes is a number of bytes or a size such as \"64M\"",
            ));
        }),
    };
    let time = match time_budget {
        None => None,
        Some(s) if s.is_finite() && s > 0.0 => Some(Duration::from_secs_f64(s)),
        Some(s) => {
            return Err(PyValueError::new_err(format!(
                "time_budget is a positive number of seconds, not {s}"
            )))
        }
    };
    Ok(Budget {
        max_bytes: max_bytes
            .or(config.and_then(|c| c.max_bytes))
            .unwrap_or(defaults.max_bytes),
        time: time
            .or(config.and_then(|c| c.time_budget))
            .unwrap_or(defaults.time),
    })
}

/// Checks one page given as `str` or `bytes`; returns its JSON document as one line.
#[pyfunction]
#[pyo3(signature = (html, *, url=None, path=None, rules=None, max_bytes=None, time_budget=None))]
fn check_html_json(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<String>,
    path: Option<PathBuf>,
    rules: Option<PathBuf>,
    max_bytes: Option<&Bound<'_, PyAny>>,
    time_budget: Option<f64>,
) -> PyResult<String> {
    let budget = budget_from(max_bytes, time_budget, None)?;
    let id = match (&path, &url) {
        (Some(p), _) => p.to_string_lossy().into_owned(),
        (None, Some(u)) => u.clone(),
        (None, None) => input::STDIN_PATH.to_string(),
    };
    // Text is handed over as UTF-8 behind a byte-order mark: the page was decoded already, and
    // the mark makes the parser take it as UTF-8 whatever charset its <meta> declares.
    let owned: Vec<u8>;
    let bytes: &[u8] = if let Ok(b) = html.downcast::<PyBytes>() {
        b.as_bytes()
    } else if let Ok(s) = html.downcast::<PyString>() {
        let s = s.to_cow()?;
        let mut v = Vec::with_capacity(s.len() + 3);
        v.extend_from_slice("\u{feff}".as_bytes());
        v.extend_from_slice(s.as_bytes());
        owned = v;
        &owned
    } else {
        return Err(PyTypeError::new_err(format!(
            "html is str or bytes, not {}",
            html.get_type().name()?
        )));
    };
    // Only a page that is a file has image files beside it to read.
    let page = path.as_deref().filter(|p| p.is_file());
    py.allow_threads(|| {
        let engine = engine_for(rules.as_deref()).map_err(value_error)?;
        let doc = check::check_page_within(&id, bytes, page, &engine, &budget);
        Ok(jsonl::document_line(&doc))
    })
}

/// What the checking thread sends: each document's line, then the run's counts.
enum Message {
    /// One document as a JSONL line.
    Document(String),
    /// The scan is over; the counts of the whole run.
    Done(Summary),
}

/// A scan running on its own threads; iterating it gives each document's JSON line in the
/// order of the paths, as the CLI's `--format jsonl` writes them.
#[pyclass(module = "capcheck._capcheck")]
struct Scan {
    /// Where the documents arrive; `None` once the scan is over.
    queue: Mutex<Option<Receiver<Message>>>,
    /// The run's counts as a JSON object, once the scan is over.
    summary: Mutex<Option<String>>,
}

#[pymethods]
impl Scan {
    /// Discovers the documents under `paths` and starts checking them in the background.
    #[new]
    #[pyo3(signature = (paths, *, jobs=None, rules=None, max_bytes=None, time_budget=None,
                        config=None, baseline=None, allow_empty=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        paths: Vec<String>,
        jobs: Option<usize>,
        rules: Option<PathBuf>,
        max_bytes: Option<&Bound<'_, PyAny>>,
        time_budget: Option<f64>,
        config: Option<PathBuf>,
        baseline: Option<PathBuf>,
        allow_empty: bool,
    ) -> PyResult<Self> {
        if paths.is_empty() {
            return Err(PyValueError::new_err(
                "no path given: name the pages to check",
            ));
        }
        let config = config
            .as_deref()
            .map(config::load)
            .transpose()
            .map_err(value_error)?;
        let budget = budget_from(max_bytes, time_budget, config.as_ref())?;
        let rules = rules.or_else(|| config.as_ref().and_then(|c| c.rules.clone()));
        let known = baseline
            .as_deref()
            .map(baseline::read)
            .transpose()
            .map_err(value_error)?;
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        let jobs = jobs.unwrap_or(0).min(cpus * MAX_JOBS_PER_CPU);
        let (engine, pool, discovery) = py.allow_threads(|| {
            let engine = engine_for(rules.as_deref()).map_err(value_error)?;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .map_err(|e| {
                    PyRuntimeError::new_err(format!("cannot start {jobs} worker threads: {e}"))
                })?;
            let keep = |p: &Path| config.as_ref().is_none_or(|c| c.keeps(p));
            let discovery = pool.install(|| input::discover_filtered(&paths, &keep));
            Ok::<_, PyErr>((engine, pool, discovery))
        })?;
        if discovery.sources.is_empty() && !allow_empty {
            return Err(PyValueError::new_err(format!(
                "no document to check in {}: pages end in .{}, archives in .warc or .warc.gz \
                 (allow_empty=True accepts an empty scan)",
                paths.join(", "),
                input::EXTENSIONS.join(" .")
            )));
        }
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        let mut post = Post::new(config, known, None);
        let skipped = discovery.skipped_records;
        std::thread::Builder::new()
            .name("capcheck-scan".into())
            .spawn(move || {
                let mut summary = Summary {
                    skipped_records: skipped,
                    ..Summary::default()
                };
                let flow = pool.install(|| {
                    check::check_streaming(
                        &discovery.sources,
                        &engine,
                        &budget,
                        &mut post,
                        &|| {},
                        |doc| {
                            summary.add(&doc);
                            match tx.send(Message::Document(jsonl::document_line(&doc))) {
                                Ok(()) => ControlFlow::Continue(()),
                                // The iterator was dropped: nobody wants the rest.
                                Err(_) => ControlFlow::Break(()),
                            }
                        },
                    )
                });
                if flow.is_continue() {
                    let _ = tx.send(Message::Done(summary));
                }
            })
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start the scan: {e}")))?;
        Ok(Scan {
            queue: Mutex::new(Some(rx)),
            summary: Mutex::new(None),
        })
    }

    /// The iterator is itself.
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next document's JSON line; `None` (StopIteration) once every document was given.
    fn __next__(&self, py: Python<'_>) -> PyResult<Option<String>> {
        loop {
            let got = py.allow_threads(|| {
                let queue = self.queue.lock().unwrap_or_else(|p| p.into_inner());
                queue.as_ref().map(|rx| rx.recv_timeout(SIGNAL_POLL))
            });
            match got {
                None => return Ok(None),
                Some(Ok(Message::Document(line))) => return Ok(Some(line)),
                Some(Ok(Message::Done(summary))) => {
                    self.finish(Some(summary));
                    return Ok(None);
                }
                Some(Err(RecvTimeoutError::Timeout)) => py.check_signals()?,
                Some(Err(RecvTimeoutError::Disconnected)) => {
                    self.finish(None);
                    return Err(PyRuntimeError::new_err(
                        "the scan stopped before its end; please report it",
                    ));
                }
            }
        }
    }

    /// The counts over the run as a JSON object (the JSONL report's last line), once the
    /// iterator is exhausted; `None` before.
    fn summary_json(&self) -> Option<String> {
        self.summary
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Scan {
    /// Closes the queue and keeps the counts, when the scan got to its end.
    fn finish(&self, summary: Option<Summary>) {
        *self.queue.lock().unwrap_or_else(|p| p.into_inner()) = None;
        if let Some(s) = summary {
            let line = jsonl::summary_line(&s, &Tool::default());
            *self.summary.lock().unwrap_or_else(|p| p.into_inner()) = Some(line);
        }
    }
}

/// The native module; `capcheck/__init__.py` wraps it.
#[pymodule]
fn _capcheck(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_html_json, m)?)?;
    m.add_class::<Scan>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
