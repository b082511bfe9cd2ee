//! The recursive walk of a directory given on the command line.

use std::path::Path;

use ignore::WalkBuilder;

use super::{has_page_extension, kind_of, warc, Origin, Source, EXTENSIONS};
use crate::types::PageKind;

/// Lists the pages under `root` (as given on the command line), sorted by id.
///
/// Standard filters apply: hidden files and directories are skipped, and `.gitignore` is
/// honoured inside a git repository. WARC archives (`.warc`, `.warc.gz`) are listed too; the
/// `NAME_files/` folder of a page saved "complete" (next to `NAME.html`) is not entered. Symbolic links are never followed, so a walk cannot leave
/// the tree it was given; an entry that cannot be read becomes an `Unreadable` source.
pub(super) fn walk_dir(root: &str, extra: &[(String, PageKind)]) -> Vec<Source> {
    let base = root.trim_end_matches(['/', std::path::MAIN_SEPARATOR]);
    // "/" trimmed to "" would make ids relative; keep the root itself then.
    let base = if base.is_empty() { root } else { base };
    let mut out = Vec::new();
    let walker = WalkBuilder::new(root)
        .follow_links(false)
        .standard_filters(true)
        // `.gitignore` as git reads it, inside the repository; not ripgrep's `.ignore` files,
        // which may sit in any folder above the scan (a home directory's) and hide pages
        // without a word.
        .ignore(false)
        // The walk is serial: sorting makes the order independent of threads anyway, and the
        // walk is cheap next to parsing the pages.
        .filter_entry(|e| !is_saved_page_folder(e.path()))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                // Symlinks are reported as such (not followed); skipping them keeps the walk inside
                // the root even when a link points elsewhere.
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let kind = kind_of(entry.path(), extra);
                let wanted = kind.is_some()
                    || has_page_extension(entry.path())
                    || warc::is_warc_name(entry.path());
                if !is_file || !wanted || is_capcheck_report(entry.path()) {
                    continue;
                }
                let id = id_for(base, Path::new(root), entry.path());
                out.push(Source {
                    id,
                    kind,
                    origin: Origin::FileIn {
                        path: entry.path().to_path_buf(),
                        root: Path::new(root).to_path_buf(),
                    },
                });
            }
            Err(err) => {
                let where_ = error_path(&err).map(|p| p.display().to_string());
                let id = where_.clone().unwrap_or_else(|| base.to_string());
                out.push(Source {
                    id,
                    kind: None,
                    origin: Origin::Unreadable(format!("cannot read directory entry: {err}")),
                });
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.origin == b.origin);
    out
}

/// A file name as an id shows it: as written when it is UTF-8, with each byte that is not
/// written `\xNN` otherwise, so that two names differing only in such bytes stay two
/// documents (a lossy conversion made them one id, and one of them was dropped).
fn name_of(name: &std::ffi::OsStr) -> String {
    if let Some(s) = name.to_str() {
        return s.to_string();
    }
    #[cfg(unix)]
    {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02X}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// True for an HTML report capcheck wrote (its generator tag in the first kilobyte): checking
/// it would count the report's own captions and rule examples as photos.
fn is_capcheck_report(path: &Path) -> bool {
    use std::io::Read;
    let is_html = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["html", "htm", "xhtml"]
            .iter()
            .any(|h| e.eq_ignore_ascii_case(h))
    });
    if !is_html {
        return false;
    }
    let mut head = Vec::with_capacity(1024);
    let read = std::fs::File::open(path).and_then(|f| f.take(1024).read_to_end(&mut head));
    read.is_ok() && memchr::memmem::find(&head, crate::types::REPORT_MARKER.as_bytes()).is_some()
}

/// True for `NAME_files/` beside a page `NAME.html` (or another page extension): browsers save
/// a page's images, scripts and frames there, and its HTML files are parts, not documents.
fn is_saved_page_folder(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(stem) = name.strip_suffix("_files") else {
        return false;
    };
    if stem.is_empty() || !path.is_dir() {
        return false;
    }
    let parent = path.parent().unwrap_or(Path::new("."));
    EXTENSIONS
        .iter()
        .any(|ext| parent.join(format!("{stem}.{ext}")).is_file())
}

/// The id of a file found under `root`: the root as given, `/`, and the relative path with
/// `/` separators, so that reports read the same on every platform.
fn id_for(base: &str, root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) => {
            let parts: Vec<String> = rel.components().map(|c| name_of(c.as_os_str())).collect();
            if base.ends_with('/') {
                format!("{base}{}", parts.join("/"))
            } else {
                format!("{base}/{}", parts.join("/"))
            }
        }
        // The walker yields paths under the root it was given; fall back on the path itself.
        Err(_) => path.to_string_lossy().into_owned(),
    }
}

/// The path an `ignore` error is about, when it says.
fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) => errs.first().and_then(error_path),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_join_the_root_as_given() {
        let p = Path::new("fixtures/sub/a.html");
        assert_eq!(
            id_for("fixtures", Path::new("fixtures"), p),
            "fixtures/sub/a.html"
        );
        let p = Path::new("fixtures/a.html");
        assert_eq!(
            id_for("fixtures", Path::new("fixtures/"), p),
            "fixtures/a.html"
        );
        assert_eq!(id_for("/", Path::new("/"), Path::new("/a.html")), "/a.html");
    }
}
