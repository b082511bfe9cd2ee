//! Finds the documents to check (files, directory walks, stdin) and reads their bytes.

mod walk;

use std::path::{Path, PathBuf};

/// Extensions of the files a directory walk picks up (compared case-insensitively).
pub const EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "txt"];

/// The command-line path that stands for standard input.
pub const STDIN_PATH: &str = "-";

/// Where a document's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
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
}

/// Expands the command-line paths into documents: a file is one document, a directory is
/// walked recursively (sorted by id), `-` is stdin, and a path that cannot be used becomes
/// an `Unreadable` source so that it is reported rather than silently dropped.
pub fn discover(paths: &[String]) -> Vec<Source> {
    let mut out = Vec::new();
    for p in paths {
        if p == STDIN_PATH {
            out.push(Source {
                id: p.clone(),
                origin: Origin::Stdin,
            });
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => out.extend(walk::walk_dir(p)),
            // A file the user named is checked whatever its extension: they asked for it.
            Ok(_) => out.push(Source {
                id: p.clone(),
                origin: Origin::File(path.to_path_buf()),
            }),
            Err(e) => out.push(Source {
                id: p.clone(),
                origin: Origin::Unreadable(describe(p, &e)),
            }),
        }
    }
    out
}

/// True when a file name has one of the `EXTENSIONS`.
pub fn has_page_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Words a reader understands for a failed lookup of `path`.
fn describe(path: &str, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("no such file or directory: {path}"),
        std::io::ErrorKind::PermissionDenied => format!("permission denied: {path}"),
        _ => format!("cannot read {path}: {e}"),
    }
}

impl Source {
    /// Reads the document's bytes.
    pub fn read(&self) -> Result<Vec<u8>, String> {
        match &self.origin {
            Origin::File(p) => std::fs::read(p).map_err(|e| describe(&self.id, &e)),
            Origin::Stdin => {
                use std::io::Read;
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|e| format!("cannot read stdin: {e}"))?;
                Ok(buf)
            }
            Origin::Unreadable(why) => Err(why.clone()),
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
                origin: Origin::Stdin
            }]
        );
    }
}
