//! Baselines: a file of accepted findings, so that CI fails only on new ones.
//!
//! A finding is known by a fingerprint of what identifies it for a reader — the page, the
//! image source, the rule and the caption (lowercased, whitespace collapsed, credit already
//! split off) — not by its position or message, so editing other parts of a page, reordering
//! figures or rewording a rule's message keeps it matched, and fixing the caption does not.
//!
//! Page paths are written relative to the baseline file's own folder, so a baseline committed
//! in a repository matches whether the scan runs from the repository root, from a subfolder
//! or with absolute paths.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::types::Analysis;

/// The format version written in the file.
pub const VERSION: u32 = 1;

/// One accepted finding: its fingerprint and, for people reading the file, what it is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The page's path as reported (`./` dropped, `/` separators).
    pub path: String,
    /// The image source, when the page gives one.
    pub src: Option<String>,
    /// The rule id.
    pub rule: String,
    /// The caption, normalised as it was fingerprinted.
    pub caption: String,
    /// 16 hex digits: FNV-1a 64 over the four fields above.
    pub fingerprint: String,
}

/// The file: a version and the accepted findings, sorted so that the file diffs well.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    /// Always `VERSION` when written by this version.
    pub version: u32,
    /// The accepted findings.
    pub findings: Vec<Entry>,
}

/// A baseline as read: the fingerprints it accepts, and the folder its paths are relative to.
#[derive(Debug, Clone)]
pub struct Known {
    /// The fingerprints of the accepted findings.
    pub fingerprints: HashSet<String>,
    /// The baseline file's folder, absolute.
    pub base: PathBuf,
}

/// The folder a baseline file's paths are relative to: the one it is in, absolute.
pub fn base_of(file: &Path) -> PathBuf {
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
    crate::config::absolute(dir.unwrap_or(Path::new(".")))
}

/// A document id with its file part made relative to `base` (`/` separators); a file outside
/// `base` keeps its absolute path, stdin stays `-`, and an archive record keeps its `#URI`.
pub fn relative_id(id: &str, base: &Path) -> String {
    if id == crate::types::STDIN_ID {
        return id.to_string();
    }
    let (file, record) = match id.split_once('#') {
        Some((f, r)) if crate::input::warc::is_warc_name(Path::new(f)) => (f, Some(r)),
        _ => (id, None),
    };
    let abs = crate::config::absolute(Path::new(file));
    let rel = match abs.strip_prefix(base) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => abs.to_string_lossy().replace('\\', "/"),
    };
    match record {
        Some(r) => format!("{rel}#{r}"),
        None => rel,
    }
}

/// The entries for the findings of a document, its path relative to `base`.
pub fn entries(doc: &Analysis, base: &Path) -> Vec<Entry> {
    let path = relative_id(&doc.id, base);
    doc.findings
        .iter()
        .map(|f| {
            let photo = doc.photo(f.image);
            entry(
                &path,
                photo.and_then(|p| p.src.as_deref()),
                f.rule.id(),
                photo.and_then(|p| p.caption.as_deref()).unwrap_or(""),
            )
        })
        .collect()
}

/// The entry (and fingerprint) of one finding.
pub fn entry(path: &str, src: Option<&str>, rule: &str, caption: &str) -> Entry {
    let path = normalise_path(path);
    let caption = normalise_caption(caption);
    let mut key = Vec::new();
    for part in [path.as_str(), src.unwrap_or(""), rule, caption.as_str()] {
        key.extend_from_slice(part.as_bytes());
        // A separator that cannot occur in the fields keeps ("ab","c") apart from ("a","bc").
        key.push(0);
    }
    Entry {
        fingerprint: format!("{:016x}", fnv1a64(&key)),
        path,
        src: src.map(str::to_string),
        rule: rule.to_string(),
        caption,
    }
}

/// Lowercase, whitespace runs collapsed to one space, trimmed.
pub fn normalise_caption(caption: &str) -> String {
    caption
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `./a\b.html` and `a/b.html` are the same page.
fn normalise_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut p = p.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.to_string()
}

/// FNV-1a, 64 bits: tiny, deterministic across runs and platforms (unlike std's hasher).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Why a baseline file cannot be read or written; every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file cannot be read.
    #[error("cannot read the baseline {}: {source}", path.display())]
    Read {
        /// The baseline file.
        path: PathBuf,
        /// The file system's error.
        source: std::io::Error,
    },
    /// The file is not the JSON `--write-baseline` writes.
    #[error("the baseline {} is not a capcheck baseline: {source}", path.display())]
    Format {
        /// The baseline file.
        path: PathBuf,
        /// Where the JSON goes wrong.
        source: serde_json::Error,
    },
    /// Written by a newer capcheck.
    #[error(
        "the baseline {} has version {version}; this capcheck reads up to {VERSION}",
        path.display()
    )]
    Version {
        /// The baseline file.
        path: PathBuf,
        /// The version it states.
        version: u32,
    },
    /// The file cannot be written.
    #[error("cannot write the baseline {}: {source}", path.display())]
    Write {
        /// The baseline file.
        path: PathBuf,
        /// The file system's error.
        source: std::io::Error,
    },
}

/// Reads a baseline file: its fingerprints, relative to its folder.
pub fn read(path: &Path) -> Result<Known, BaselineError> {
    let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let b: Baseline = serde_json::from_str(&text).map_err(|source| BaselineError::Format {
        path: path.to_path_buf(),
        source,
    })?;
    if b.version > VERSION {
        return Err(BaselineError::Version {
            path: path.to_path_buf(),
            version: b.version,
        });
    }
    Ok(Known {
        fingerprints: b.findings.into_iter().map(|e| e.fingerprint).collect(),
        base: base_of(path),
    })
}

/// Writes a baseline of `entries`, sorted and without duplicates.
pub fn write(path: &Path, mut entries: Vec<Entry>) -> Result<(), BaselineError> {
    entries.sort();
    entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    let b = Baseline {
        version: VERSION,
        findings: entries,
    };
    let cannot = |source| BaselineError::Write {
        path: path.to_path_buf(),
        source,
    };
    // Strings and numbers always serialise: an error here can only come from the writer.
    let mut text = serde_json::to_string_pretty(&b).map_err(|e| cannot(e.into()))?;
    text.push('\n');
    std::fs::write(path, text).map_err(cannot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn fingerprint_ignores_case_spacing_and_dot_slash() {
        let a = entry(
            "./site/a.html",
            Some("/p.jpg"),
            "r",
            "Two  people\n at the Capitol",
        );
        let b = entry(
            "site/a.html",
            Some("/p.jpg"),
            "r",
            "two people at the capitol",
        );
        assert_eq!(a.fingerprint, b.fingerprint);
        let c = entry(
            "site/a.html",
            Some("/q.jpg"),
            "r",
            "two people at the capitol",
        );
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_ne!(
            entry("ab", None, "c", "").fingerprint,
            entry("a", None, "bc", "").fingerprint
        );
    }
}
