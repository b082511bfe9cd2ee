//! Finds the documents to check (files, directory walks, stdin) and reads their bytes.

mod walk;
pub mod warc;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::budget::BudgetError;
use crate::types::PageKind;

pub use warc::WarcError;

/// Why a document's bytes cannot be read; the message names the document.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path names nothing.
    #[error("no such file or directory: {id}")]
    NotFound {
        /// The document's id (its path as given).
        id: String,
        /// The file system's error.
        source: std::io::Error,
    },
    /// The path may not be read.
    #[error("permission denied: {id}")]
    PermissionDenied {
        /// The document's id (its path as given).
        id: String,
        /// The file system's error.
        source: std::io::Error,
    },
    /// Any other read error of the file system.
    #[error("cannot read {id}: {source}")]
    Io {
        /// The document's id (its path as given).
        id: String,
        /// The file system's error.
        source: std::io::Error,
    },
    /// A pipe, a device or a socket named as a file.
    #[error(
        "{id}: not a regular file (a pipe, device or socket); pipe its content to \
         `capcheck check -` instead"
    )]
    NotAFile {
        /// The document's id (its path as given).
        id: String,
    },
    /// Over `--max-bytes`.
    #[error(transparent)]
    Budget(#[from] BudgetError),
    /// Standard input cannot be read.
    #[error("cannot read stdin: {0}")]
    Stdin(#[source] std::io::Error),
    /// Standard input holds only whitespace (and `--allow-empty` was not given).
    #[error("standard input is empty: nothing to check (did the command before the pipe fail?)")]
    EmptyStdin,
    /// A record of a WARC archive.
    #[error("{id}: {source}")]
    Record {
        /// The record's id (`archive#uri`).
        id: String,
        /// Why the record cannot be read.
        source: WarcError,
    },
    /// A source found unusable when it was discovered, with the words said then.
    #[error("{0}")]
    Unreadable(String),
}

/// Extensions of the files a directory walk picks up (compared case-insensitively); the
/// config's `[extensions]` adds more.
pub const EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "txt", "md", "markdown", "mdx"];

/// The command-line path that stands for standard input.
pub const STDIN_PATH: &str = crate::types::STDIN_ID;

/// Where a document's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// A file found by walking a directory given on the command line: local images the page
    /// refers to may be read anywhere under `root`, never above it.
    FileIn {
        /// The file.
        path: PathBuf,
        /// The directory as given on the command line.
        root: PathBuf,
    },
    /// Standard input; empty input is an error unless `allow_empty` (a pipe whose first
    /// command failed gives an empty page, and a check of nothing must not pass).
    Stdin {
        /// Empty input is a document with nothing in it, not an error.
        allow_empty: bool,
    },
    /// One page inside a WARC archive, read when it is checked.
    WarcRecord {
        /// The archive.
        file: PathBuf,
        /// Where the record starts in it.
        at: warc::Position,
        /// The record's size in the archive, to refuse it unread when it is over the budget.
        length: u64,
        /// The record's `WARC-Target-URI` when it is a web address: the page's own.
        uri: Option<String>,
    },
    /// One page deep inside a WARC archive's gzip member (an archive compressed whole), read
    /// through the decoder the archive's deep pages share, so the archive is decoded once.
    WarcStreamRecord {
        /// The archive's shared decoder.
        stream: warc::SharedStream,
        /// Where the record starts in the decoded archive.
        start: u64,
        /// The record's size in the archive, to refuse it unread when it is over the budget.
        length: u64,
        /// The record's `WARC-Target-URI` when it is a web address: the page's own.
        uri: Option<String>,
    },
    /// A path that could not be used, and why.
    Unreadable(String),
}

/// One document to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The id shown in reports: the path as given on the command line (joined with the
    /// relative path inside a directory that was given), or `-` for stdin.
    pub id: String,
    /// Where to read it.
    pub origin: Origin,
    /// The parser the config's `[extensions]` names for its extension; otherwise the file
    /// name and first bytes decide.
    pub kind: Option<PageKind>,
}

/// What discovery found: the documents, and the archive records that were not pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// The documents, in a stable order.
    pub sources: Vec<Source>,
    /// WARC records skipped because they are not HTML pages (requests, images, metadata…).
    pub skipped_records: usize,
}

/// Expands the command-line paths into documents: a file is one document, a directory is
/// walked recursively (sorted by id), `-` is stdin, and a path that cannot be used becomes
/// an `Unreadable` source so that it is reported rather than silently dropped.
pub fn discover(paths: &[String]) -> Vec<Source> {
    discover_filtered(paths, &|_| true).sources
}

/// Like `discover`, keeping only the files found in directory walks for which `keep` is true
/// (files named on the command line are always kept: the user asked for them), and expanding
/// WARC archives into one document per HTML record (`FILE#URI`), in archive order.
pub fn discover_filtered(paths: &[String], keep: &(dyn Fn(&Path) -> bool + Sync)) -> Discovery {
    discover_with(paths, keep, &[])
}

/// `discover_filtered` with more extensions read, each with its parser (`[extensions]`).
pub fn discover_with(
    paths: &[String],
    keep: &(dyn Fn(&Path) -> bool + Sync),
    extra: &[(String, PageKind)],
) -> Discovery {
    let mut found = Vec::new();
    for p in paths {
        if p == STDIN_PATH {
            found.push(Source {
                id: p.clone(),
                origin: Origin::Stdin { allow_empty: false },
                kind: None,
            });
            continue;
        }
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => found.extend(
                walk::walk_dir(p, extra)
                    .into_iter()
                    .filter(|s| !matches!(&s.origin, Origin::File(f) | Origin::FileIn { path: f, .. } if !keep(f))),
            ),
            _ => found.extend(discover_one(p).map(|mut s| {
                s.kind = kind_of(Path::new(p), extra);
                s
            })),
        }
    }
    // Archives are indexed in parallel (each is one sequential pass); order is kept.
    let expanded: Vec<(Vec<Source>, usize)> = found.into_par_iter().map(expand_warc).collect();
    let mut out = Discovery::default();
    for (sources, skipped) in expanded {
        out.sources.extend(sources);
        out.skipped_records += skipped;
    }
    out
}

/// Lets standard input be empty (`--allow-empty`).
pub fn allow_empty_stdin(sources: &mut [Source]) {
    for s in sources {
        if let Origin::Stdin { allow_empty } = &mut s.origin {
            *allow_empty = true;
        }
    }
}

/// The document that is the file at `path` (an archive counts for its records), if any: a
/// report written there would overwrite what is being checked.
pub fn source_at<'a>(sources: &'a [Source], path: &Path) -> Option<&'a Source> {
    let target = file_identity(path)?;
    sources.iter().find(|s| match &s.origin {
        Origin::File(f) | Origin::FileIn { path: f, .. } | Origin::WarcRecord { file: f, .. } => {
            file_identity(f).is_some_and(|f| f == target)
        }
        Origin::WarcStreamRecord { stream, .. } => {
            file_identity(stream.path()).is_some_and(|f| f == target)
        }
        _ => false,
    })
}

/// What tells one file from another whatever path names it (through links too): its device and
/// inode, one `stat` per source where resolving the path reads every directory link in it.
#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What tells one file from another whatever path names it: its resolved path.
#[cfg(not(unix))]
fn file_identity(path: &Path) -> Option<std::path::PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// The record's target as the page's address, when it is one (`record-N` stands for none).
fn web_address(uri: &str) -> Option<String> {
    crate::types::is_web_address(uri).then(|| uri.to_string())
}

/// One archive file becomes its HTML records, plus an error document when it is truncated or
/// corrupt (or holds no page at all, so that it still appears in the report); any other source
/// stays as it is.
fn expand_warc(src: Source) -> (Vec<Source>, usize) {
    let file = match &src.origin {
        Origin::File(f) | Origin::FileIn { path: f, .. } if warc::is_warc_name(f) => f.clone(),
        _ => return (vec![src], 0),
    };
    let index = warc::index(&file);
    let readable = |r: &&warc::RecordRef| r.length <= warc::MAX_RECORD_BYTES;
    // Pages deep inside a gzip member share one decoder, made only when there are some.
    let deep: Vec<u64> = (index.records.iter().filter(readable))
        .filter(|r| warc::is_deep(r))
        .map(|r| r.start)
        .collect();
    let stream = (!deep.is_empty()).then(|| warc::SharedStream::new(&file, deep));
    let mut out: Vec<Source> = index
        .records
        .iter()
        .map(|r| Source {
            id: format!("{}#{}", src.id, r.uri),
            kind: None,
            origin: if !readable(&r) {
                Origin::Unreadable(WarcError::TooLarge { len: r.length }.to_string())
            } else if let Some(stream) = stream.as_ref().filter(|_| warc::is_deep(r)) {
                Origin::WarcStreamRecord {
                    stream: stream.clone(),
                    start: r.start,
                    length: r.length,
                    uri: web_address(&r.uri),
                }
            } else {
                Origin::WarcRecord {
                    file: file.clone(),
                    at: r.at,
                    length: r.length,
                    uri: web_address(&r.uri),
                }
            },
        })
        .collect();
    if let Some(err) = index.error {
        out.push(Source {
            id: src.id.clone(),
            kind: None,
            origin: Origin::Unreadable(format!("{}: {err}", src.id)),
        });
    } else if out.is_empty() {
        out.push(Source {
            id: src.id.clone(),
            kind: None,
            origin: Origin::Unreadable(format!(
                "{}: no HTML page in the archive ({} other records skipped)",
                src.id, index.skipped
            )),
        });
    }
    (out, index.skipped)
}

/// The sources of one command-line path that is not a directory.
fn discover_one(p: &str) -> Option<Source> {
    let path = Path::new(p);
    Some(match std::fs::metadata(path) {
        // A file the user named is checked whatever its extension: they asked for it.
        Ok(_) => Source {
            id: p.to_string(),
            origin: Origin::File(path.to_path_buf()),
            kind: None,
        },
        Err(e) => Source {
            id: p.to_string(),
            origin: Origin::Unreadable(describe(p, e).to_string()),
            kind: None,
        },
    })
}

/// The parser `extra` names for the extension of `path`, if any.
pub fn kind_of(path: &Path, extra: &[(String, PageKind)]) -> Option<PageKind> {
    let ext = path.extension()?.to_str()?;
    extra
        .iter()
        .find(|(e, _)| e.eq_ignore_ascii_case(ext))
        .map(|(_, k)| *k)
}

/// True when a file name has one of the `EXTENSIONS`.
pub fn has_page_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Words a reader understands for a failed lookup of `path`.
fn describe(path: &str, source: std::io::Error) -> InputError {
    let id = path.to_string();
    match source.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound { id, source },
        std::io::ErrorKind::PermissionDenied => InputError::PermissionDenied { id, source },
        _ => InputError::Io { id, source },
    }
}

impl Source {
    /// Reads the document's bytes.
    pub fn read(&self) -> Result<Vec<u8>, InputError> {
        self.read_within(&crate::budget::Budget::default())
    }

    /// About how many bytes reading the document takes (0 when unknown or when it must be
    /// read in its archive's order): what a scan uses to start its largest documents first.
    pub fn size_hint(&self) -> u64 {
        match &self.origin {
            Origin::File(p) | Origin::FileIn { path: p, .. } => {
                std::fs::metadata(p).map_or(0, |m| m.len())
            }
            Origin::WarcRecord { length, .. } => *length,
            Origin::Stdin { .. } | Origin::WarcStreamRecord { .. } | Origin::Unreadable(_) => 0,
        }
    }

    /// Reads the document's bytes, refusing a file over the budget's size before reading it.
    pub fn read_within(&self, budget: &crate::budget::Budget) -> Result<Vec<u8>, InputError> {
        match &self.origin {
            Origin::File(p) | Origin::FileIn { path: p, .. } => {
                use std::io::Read;
                let meta = std::fs::metadata(p).map_err(|e| describe(&self.id, e))?;
                // A pipe, a device or a socket has no size to check and may never end (opening
                // a FIFO waits for a writer): only regular files are read by name.
                if !meta.is_file() {
                    return Err(InputError::NotAFile {
                        id: self.id.clone(),
                    });
                }
                if meta.len() > budget.max_bytes {
                    return Err(budget.too_large(meta.len()).into());
                }
                // The file may grow after the size was read: never read past the limit. Room
                // for the size read (it is within the limit) and the one byte that tells a file
                // grown past it, so that a page is read without growing and copying the buffer.
                let room = usize::try_from(meta.len()).map_or(0, |n| n.saturating_add(1));
                let mut buf = Vec::with_capacity(room);
                std::fs::File::open(p)
                    .and_then(|f| {
                        f.take(budget.max_bytes.saturating_add(1))
                            .read_to_end(&mut buf)
                    })
                    .map_err(|e| describe(&self.id, e))?;
                if buf.len() as u64 > budget.max_bytes {
                    return Err(budget.too_large_unread().into());
                }
                Ok(buf)
            }
            Origin::Stdin { allow_empty } => {
                use std::io::Read;
                let mut buf = Vec::new();
                // One byte over the limit tells a page that is too large from one that fits.
                std::io::stdin()
                    .lock()
                    .take(budget.max_bytes.saturating_add(1))
                    .read_to_end(&mut buf)
                    .map_err(InputError::Stdin)?;
                if buf.len() as u64 > budget.max_bytes {
                    return Err(budget.too_large_unread().into());
                }
                if !allow_empty && buf.iter().all(u8::is_ascii_whitespace) {
                    return Err(InputError::EmptyStdin);
                }
                Ok(buf)
            }
            // A record over the limit is refused unread: reached by seeking, it is not read at
            // all; in a shared stream, the decoder skips it without keeping it.
            Origin::WarcRecord { length, .. } if *length > budget.max_bytes => {
                Err(budget.too_large(*length).into())
            }
            Origin::WarcStreamRecord {
                stream,
                start,
                length,
                ..
            } if *length > budget.max_bytes => {
                stream.forget(*start);
                Err(budget.too_large(*length).into())
            }
            Origin::WarcRecord { file, at, .. } => {
                warc::read_record(file, *at).map_err(|source| InputError::Record {
                    id: self.id.clone(),
                    source,
                })
            }
            Origin::WarcStreamRecord { stream, start, .. } => stream
                .read(*start, budget.max_bytes)
                .map_err(|source| InputError::Record {
                    id: self.id.clone(),
                    source,
                }),
            Origin::Unreadable(why) => Err(InputError::Unreadable(why.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_case_insensitive() {
        assert!(has_page_extension(Path::new("a/B.HTML")));
        assert!(has_page_extension(Path::new("b.Txt")));
        assert!(has_page_extension(Path::new("c.xhtml")));
        assert!(!has_page_extension(Path::new("d.jpg")));
        assert!(!has_page_extension(Path::new("html")));
    }

    #[test]
    fn missing_path_is_reported_not_dropped() {
        let s = discover(&["no/such/capcheck-file.html".to_string()]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].id, "no/such/capcheck-file.html");
        assert_eq!(
            s[0].origin,
            Origin::Unreadable("no such file or directory: no/such/capcheck-file.html".into())
        );
        assert!(s[0].read().is_err());
    }

    #[test]
    fn dash_is_stdin() {
        let s = discover(&["-".to_string()]);
        assert_eq!(
            s,
            vec![Source {
                id: "-".into(),
                origin: Origin::Stdin { allow_empty: false },
                kind: None,
            }]
        );
    }
}
