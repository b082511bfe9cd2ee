//! The library's errors in one type, for callers that run several stages (the command line,
//! the Python package). Each stage has its own error type where its errors start
//! (`config::ConfigError`, `input::InputError`, `budget::BudgetError`…), with the message the
//! user reads and the cause as its `source()`; `From` lets `?` lift any of them into [`Error`].
//!
//! A document's own errors (unreadable, too large, out of time) do not stop a scan: the check
//! stage turns them into that document's `error` in the report. `Error` is for what stops a
//! whole run before or after its documents.

use std::path::PathBuf;

use crate::budget::{BudgetError, ValueError};
use crate::check::{DocumentError, RulesError};
use crate::config::ConfigError;
use crate::image::read::ImageReadError;
use crate::input::{InputError, WarcError};
use crate::parse::ParseError;
use crate::post::baseline::BaselineError;
use crate::semantic::ModelError;

/// Any error of the library; its message is the one a user sees after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A `--max-bytes` or `--time-budget` value that is not one.
    #[error(transparent)]
    Value(#[from] ValueError),
    /// A document over its size or time budget.
    #[error(transparent)]
    Budget(#[from] BudgetError),
    /// The config file cannot be read, or is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A document cannot be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A WARC archive or one of its records cannot be read.
    #[error(transparent)]
    Warc(#[from] WarcError),
    /// A document is not a page.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The semantic model does not read.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A document cannot be checked (a scan reports it and goes on; a caller of one document
    /// may stop).
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// The rules directory cannot extend the built-in data.
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// An image file cannot be read.
    #[error(transparent)]
    Image(#[from] ImageReadError),
    /// The baseline cannot be read or written.
    #[error(transparent)]
    Baseline(#[from] BaselineError),
    /// The report cannot be written to its file.
    #[error("cannot write {}: {source}", path.display())]
    WriteFile {
        /// The file named by `-o`.
        path: PathBuf,
        /// The file system's error.
        source: std::io::Error,
    },
    /// The report cannot be written to standard output.
    #[error("cannot write the report: {0}")]
    Write(#[source] std::io::Error),
    /// The worker threads cannot be started.
    #[error("cannot start {jobs} worker threads: {source}")]
    Threads {
        /// How many were asked for.
        jobs: usize,
        /// rayon's error.
        source: rayon::ThreadPoolBuildError,
    },
}

impl Error {
    /// True when a document ran out of its time budget (`--time-budget`), as opposed to one
    /// that is malformed or unreadable: callers match on this rather than on the message.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Budget(e) => e.is_timeout(),
            Error::Parse(e) => e.is_timeout(),
            Error::Document(e) => e.is_timeout(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn stage_errors_keep_their_words_and_their_cause() {
        let io = || std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let e = Error::from(ConfigError::Read {
            path: "c.toml".into(),
            source: io(),
        });
        assert_eq!(e.to_string(), "cannot read the config c.toml: denied");
        assert!(e.source().is_some_and(|s| s.to_string() == "denied"));
        let e = Error::from(BudgetError::TimedOut {
            stage: "scoring",
            budget: std::time::Duration::from_secs(2),
        });
        assert!(e.is_timeout());
        assert!(!Error::from(ParseError::Binary).is_timeout());
        let timed_out = BudgetError::TimedOut {
            stage: "parsing the page",
            budget: std::time::Duration::from_secs(2),
        };
        assert!(Error::from(ParseError::Budget(timed_out)).is_timeout());
    }
}
