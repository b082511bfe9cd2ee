//! A figure's `src` → a local file, inside the scan root only. Lexical and offline: the page's
//! own words decide where to look, and nothing outside the root is ever opened.

use std::path::{Component, Path, PathBuf};

/// Where a figure's image is, as far as a scan of local files can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Not a local file: `http(s):`, protocol-relative `//host/…`, `data:`, or a site-rooted
    /// `/path` (a path on the web server, which a saved page does not carry). Never looked up.
    NotLocal,
    /// A regular file inside the scan root.
    Local(PathBuf),
    /// A relative reference inside the root with no file there (a page saved without images).
    Missing,
    /// A reference that must not be followed, and why; the file is never opened.
    Refused(Refusal),
}

/// Why a reference is not followed; shown as the photo's file status (`refused: …`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A path of this machine (`/etc/x`, `C:\x`, or one hidden by `%2F`).
    #[error("refused: absolute path")]
    AbsolutePath,
    /// A URL of a scheme other than http(s) and data (`file:`, `javascript:`).
    #[error("refused: {0}: URL")]
    Scheme(String),
    /// Percent-encoding that does not decode.
    #[error("refused: undecodable path")]
    Undecodable,
    /// A path that leads out of the scan root, by `..` or a link.
    #[error("refused: outside the scan root")]
    OutsideRoot,
    /// A directory, a FIFO or a device.
    #[error("refused: not a regular file")]
    NotAFile,
}

/// Resolves `src` (as written in the page) against the page's directory `page_dir`, keeping
/// the result inside `root` (the page's directory must lie under it).
pub fn resolve(src: &str, page_dir: &Path, root: &Path) -> Resolved {
    let src = src.trim();
    // The query and fragment are for the web server and the browser, not the file name.
    let src = src.split(['#', '?']).next().unwrap_or("");
    if src.is_empty() {
        return Resolved::NotLocal;
    }
    if let Some(scheme) = scheme_of(src) {
        return match scheme.as_str() {
            "http" | "https" | "data" => Resolved::NotLocal,
            // `C:\…` or `C:/…`: a drive letter, an absolute Windows path.
            s if s.len() == 1 => Resolved::Refused(Refusal::AbsolutePath),
            s => Resolved::Refused(Refusal::Scheme(s.to_string())),
        };
    }
    if src.starts_with("//") || src.starts_with("\\\\") {
        return Resolved::NotLocal;
    }
    // A site-absolute path could only be read as a path of this machine: refused and said so,
    // never looked up (the rule: absolute paths are refused and reported).
    if src.starts_with('/') || src.starts_with('\\') {
        return Resolved::Refused(Refusal::AbsolutePath);
    }
    let Some(decoded) = percent_decode(src) else {
        return Resolved::Refused(Refusal::Undecodable);
    };
    // Encoded separators or NULs (`%2Fetc`, `%00`) are a trick, never a saved page's file name.
    if decoded.starts_with('/') || decoded.starts_with('\\') || decoded.contains('\0') {
        return Resolved::Refused(Refusal::AbsolutePath);
    }
    let Some(rel_dir) = relative_components(page_dir, root) else {
        return Resolved::Refused(Refusal::OutsideRoot);
    };
    // Normalise lexically before touching the disk: `..` that climbs above the root is refused
    // even when the target does not exist, so a probe learns nothing.
    let mut stack: Vec<String> = rel_dir;
    for part in decoded.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if stack.pop().is_none() {
                    return Resolved::Refused(Refusal::OutsideRoot);
                }
            }
            p => stack.push(p.to_string()),
        }
    }
    let mut candidate = root.to_path_buf();
    candidate.extend(&stack);
    // A symbolic link inside the root may point anywhere: compare real paths too.
    let (Ok(real), Ok(real_root)) = (candidate.canonicalize(), root.canonicalize()) else {
        // A link on the way whose target cannot be resolved is refused like one that resolves
        // outside: telling "missing" from "outside" would tell whether a path outside exists.
        if through_a_link(root, &stack) {
            return Resolved::Refused(Refusal::OutsideRoot);
        }
        return Resolved::Missing;
    };
    if !real.starts_with(&real_root) {
        return Resolved::Refused(Refusal::OutsideRoot);
    }
    match std::fs::metadata(&real) {
        Ok(m) if m.is_file() => Resolved::Local(candidate),
        // A directory, a FIFO or a device: reading it could block or never end.
        Ok(_) => Resolved::Refused(Refusal::NotAFile),
        Err(_) => Resolved::Missing,
    }
}

/// Folders a static-site generator copies to the web root, so that a site-rooted address
/// (`/images/a.jpg`) in a Markdown source names a file in one of them.
const SITE_FOLDERS: &[&str] = &["static", "public", "assets"];

/// Resolves `src` as written in a Markdown source: relative to the source (a page bundle's
/// `index.md` beside its images), and a site-rooted address (`/images/a.jpg`, also after a
/// template prefix such as `{{ site.baseurl }}`) in the site's root or its `static/`,
/// `public/` or `assets/` folder, in the source's folder or the nearest folder above it that
/// has one, never above `root`. A site path with no such file is `Missing`, not refused: it
/// names a file of the site, not of this machine.
pub fn resolve_in_site(src: &str, page_dir: &Path, root: &Path) -> Resolved {
    let trimmed = src.trim();
    // `{{ site.baseurl }}/assets/a.jpg`: the template part is the site's address.
    let trimmed = match trimmed.strip_prefix("{{").and_then(|r| r.split_once("}}")) {
        Some((_, rest)) => rest.trim_start(),
        None => trimmed,
    };
    if !trimmed.starts_with('/') || trimmed.starts_with("//") {
        return resolve(trimmed, page_dir, root);
    }
    let rel = trimmed.trim_start_matches('/');
    for dir in page_dir.ancestors() {
        if relative_components(dir, root).is_none() {
            break;
        }
        let here =
            std::iter::once(dir.to_path_buf()).chain(SITE_FOLDERS.iter().map(|f| dir.join(f)));
        for folder in here {
            if !folder.is_dir() {
                continue;
            }
            match resolve(rel, &folder, root) {
                Resolved::Local(p) => return Resolved::Local(p),
                Resolved::Refused(why) if why != Refusal::OutsideRoot => {
                    return Resolved::Refused(why)
                }
                _ => {}
            }
        }
    }
    Resolved::Missing
}

/// Whether any step from `root` along `parts` is a symbolic link.
fn through_a_link(root: &Path, parts: &[String]) -> bool {
    let mut at = root.to_path_buf();
    parts.iter().any(|p| {
        at.push(p);
        std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// The URL scheme of `src` (lowercased), if it starts with one (`https:`, `file:`, `C:`).
fn scheme_of(src: &str) -> Option<String> {
    let colon = src.find(':')?;
    let scheme = &src[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Decodes `%XX` escapes; `None` when the bytes are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The normal components of `dir` below `root`, or `None` when `dir` is not under it.
fn relative_components(dir: &Path, root: &Path) -> Option<Vec<String>> {
    let rel = if root.as_os_str().is_empty() || root == Path::new(".") {
        dir
    } else {
        dir.strip_prefix(root).ok()?
    };
    let mut out = Vec::new();
    for c in rel.components() {
        match c {
            Component::CurDir => {}
            Component::Normal(p) => out.push(p.to_str()?.to_string()),
            // The page's own directory given with `..` or absolute while the root is relative.
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_out_says_the_same_whether_its_target_exists() {
        let base = std::env::temp_dir().join(format!("capcheck-resolve-{}", std::process::id()));
        let root = base.join("root");
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&root).expect("mkdir");
        std::fs::write(base.join("there.jpg"), b"x").expect("write");
        std::os::unix::fs::symlink(base.join("there.jpg"), root.join("a.jpg")).expect("link");
        std::os::unix::fs::symlink(base.join("absent.jpg"), root.join("b.jpg")).expect("link");
        let outside = Resolved::Refused(Refusal::OutsideRoot);
        assert_eq!(resolve("a.jpg", &root, &root), outside);
        assert_eq!(resolve("b.jpg", &root, &root), outside);
        assert_eq!(resolve("c.jpg", &root, &root), Resolved::Missing);
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn schemes_and_absolute_paths() {
        let d = Path::new("no-such-dir");
        assert_eq!(resolve("https://x.test/a.jpg", d, d), Resolved::NotLocal);
        assert_eq!(resolve("//cdn.test/a.jpg", d, d), Resolved::NotLocal);
        assert_eq!(
            resolve("data:image/png;base64,AAAA", d, d),
            Resolved::NotLocal
        );
        assert_eq!(
            resolve("/etc/passwd", d, d),
            Resolved::Refused(Refusal::AbsolutePath)
        );
        assert_eq!(
            resolve("file:///etc/passwd", d, d),
            Resolved::Refused(Refusal::Scheme("file".into()))
        );
        assert_eq!(
            resolve("FILE:/etc/passwd", d, d),
            Resolved::Refused(Refusal::Scheme("file".into()))
        );
        assert_eq!(
            resolve("javascript:alert(1)", d, d),
            Resolved::Refused(Refusal::Scheme("javascript".into()))
        );
        assert_eq!(
            resolve("C:\\Windows\\a.jpg", d, d),
            Resolved::Refused(Refusal::AbsolutePath)
        );
        assert_eq!(
            resolve("%2Fetc%2Fpasswd", d, d),
            Resolved::Refused(Refusal::AbsolutePath)
        );
        assert_eq!(
            resolve("a%00.jpg", d, d),
            Resolved::Refused(Refusal::AbsolutePath)
        );
    }

    #[test]
    fn dot_dot_that_leaves_the_root_is_refused_before_any_lookup() {
        let root = Path::new("arch");
        let outside = Resolved::Refused(Refusal::OutsideRoot);
        assert_eq!(
            resolve("../../etc/passwd", Path::new("arch/sub"), root),
            outside
        );
        assert_eq!(
            resolve("..%2F..%2Fetc%2Fpasswd", Path::new("arch/sub"), root),
            outside
        );
        assert_eq!(resolve("a/../../x.jpg", Path::new("arch"), root), outside);
        // Staying inside is fine (and missing here).
        assert_eq!(
            resolve("../img/x.jpg?w=3#f", Path::new("arch/sub"), root),
            Resolved::Missing
        );
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b%2").as_deref(), Some("a b%2"));
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(percent_decode("%FF"), None);
        assert_eq!(percent_decode("%"), Some("%".into()));
    }
}
