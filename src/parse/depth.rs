//! Caps how deeply an HTML page's elements nest before the tree builder sees it.
//!
//! The HTML tree-building algorithm searches the stack of open elements for most tags ("is a
//! `p` in button scope?"), so a page nesting 100,000 `<div>`s costs 100,000² steps in
//! html5ever: minutes for a 1 MB page. Browsers cap the depth too (Blink stops nesting at 512
//! and adds deeper elements as siblings). Here, start tags that would open an element deeper
//! than [`MAX_DEPTH`], and as many of the end tags that follow, are overwritten with spaces:
//! their text stays, every byte offset stays (figure line numbers are still right), and the
//! tree builder's stack stays short. Pages within the cap are returned untouched.
//!
//! `parse::tokenizer` counts nesting the same way as it reads a page and gives up past the cap,
//! so only such pages pay for this scan: they are capped here and read again.

use std::borrow::Cow;

/// The deepest element nesting kept; deeper start tags (and their end tags) are blanked.
pub const MAX_DEPTH: usize = 512;

/// Whether the element `name` (lowercase) is left out of the depth count. Void elements never
/// hold children; elements whose end tag is optional are closed implicitly by the parser (`<p>`
/// closes an open `p`), so counting them would overestimate the depth of ordinary sloppy pages.
/// A `match` rather than a list search: this runs for every tag of every page.
pub(crate) fn uncounted(name: &str) -> bool {
    matches!(
        name,
        // void
        "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "keygen" | "link" | "meta"
            | "param" | "source" | "track" | "wbr" | "basefont" | "bgsound" | "frame"
            // optional end tag
            | "html" | "head" | "body" | "p" | "li" | "dt" | "dd" | "option" | "optgroup" | "tr" | "td"
            | "th" | "tbody" | "thead" | "tfoot" | "colgroup" | "caption" | "rb" | "rt" | "rtc" | "rp"
    )
}

/// Whether the element `name` (lowercase) holds raw text: tags inside it are not tags.
pub(crate) fn raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
    )
}

/// The page with tags past `MAX_DEPTH` blanked, borrowed unchanged when none are.
pub fn cap_depth(html: &str) -> Cow<'_, str> {
    cap_depth_at(html, MAX_DEPTH)
}

/// `cap_depth` with the cap as a parameter (for tests).
fn cap_depth_at(html: &str, max_depth: usize) -> Cow<'_, str> {
    let b = html.as_bytes();
    // (start, end) byte ranges of tags to blank; found first so that nothing is copied for
    // the pages (nearly all) that need no change.
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut excess = 0usize;
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = i + off;
        let rest = &b[start..];
        if rest.starts_with(b"<!--") {
            i = find(b, start + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let (is_end, name_at) = match rest.get(1) {
            Some(b'/') => (true, start + 2),
            Some(c) if c.is_ascii_alphabetic() => (false, start + 1),
            // `<!doctype`, `<?xml`, or a lone `<` in text.
            _ => {
                i = start + 1;
                continue;
            }
        };
        let name_end = name_at
            + b[name_at..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
                .unwrap_or(b.len() - name_at);
        let end = tag_end(b, name_end);
        i = end;
        // Lower-cased into a stack buffer: this runs for every tag of every page, and no name
        // in the lists below is longer than the buffer.
        let raw = &b[name_at..name_end];
        if raw.is_empty() {
            continue;
        }
        let mut buf = [0u8; 12];
        let name: &str = if raw.len() <= buf.len() {
            buf[..raw.len()].copy_from_slice(raw);
            buf[..raw.len()].make_ascii_lowercase();
            std::str::from_utf8(&buf[..raw.len()]).unwrap_or("")
        } else {
            ""
        };
        if uncounted(name) {
            continue;
        }
        if is_end {
            if excess > 0 {
                excess -= 1;
                blank.push((start, end));
            } else {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if raw_text(name) {
            // Skip the raw text up to its end tag; such elements hold no nested elements. The
            // `</name` to look for is built in a stack buffer (names here are at most 9 bytes).
            let mut close = [0u8; 11];
            close[..2].copy_from_slice(b"</");
            let n = name.len().min(9);
            close[2..2 + n].copy_from_slice(&name.as_bytes()[..n]);
            i = find_ci(b, end, &close[..2 + n]).unwrap_or(b.len());
            continue;
        }
        if b[..end].ends_with(b"/>") {
            // Self-closing syntax only closes foreign (SVG, MathML) elements; not counting it
            // can only underestimate the depth, which is the safe side.
            continue;
        }
        if depth >= max_depth {
            excess += 1;
            blank.push((start, end));
        } else {
            depth += 1;
        }
    }
    if blank.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = b.to_vec();
    for (s, e) in blank {
        // A tag runs from `<` to `>`, both ASCII, so blanking whole tags keeps UTF-8 valid;
        // newlines stay so that line numbers do not move.
        for c in &mut out[s..e] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    }
    // Only whole tags between ASCII bytes were overwritten with ASCII, so this cannot fail;
    // the lossy conversion is a no-op kept to avoid an unwrap on input-derived data.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// The offset just past the `>` that ends the tag whose attributes start at `from` (quoted
/// attribute values may hold `>`), or the end of the page.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut after_eq = false;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => after_eq = true,
            q @ (b'"' | b'\'') if after_eq => {
                i = b
                    .get(i + 1..)
                    .and_then(|rest| memchr::memchr(q, rest))
                    .map_or(b.len(), |p| i + 1 + p);
                after_eq = false;
            }
            c if c.is_ascii_whitespace() => {}
            _ => after_eq = false,
        }
        i += 1;
    }
    b.len()
}

/// The offset of `needle` in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|p| from + p)
}

/// Like `find`, ASCII-case-insensitively (`needle` in lower case, starting with `<`). Every
/// `<` is a candidate, found with a vectorised search rather than a compare at every byte:
/// raw text (scripts, styles) is a quarter of a typical page.
fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    loop {
        let p = at + memchr::memchr(first, b.get(at..)?)?;
        if b.get(p..p + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(p);
        }
        at = p + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_untouched() {
        let page =
            "<html><body><div><p>a<p>b<ul><li>x<li>y</ul><img src=a><br></div></body></html>";
        assert!(matches!(cap_depth_at(page, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_tags_are_blanked_with_their_end_tags() {
        let page = "<div><div class=\"a>b\"><div>t</div></div></div><p>after</p>";
        let capped = cap_depth_at(page, 1);
        assert_eq!(capped.len(), page.len());
        let inner = "<div class=\"a>b\"><div>".len();
        let want = format!(
            "<div>{}t{}</div><p>after</p>",
            " ".repeat(inner),
            " ".repeat(12)
        );
        assert_eq!(capped, want);
    }

    #[test]
    fn raw_text_and_comments_hold_no_tags() {
        let page =
            "<div><script>if (a<b) { x = '<div><div><div>'; }</script><!-- <div><div> --></div>";
        assert!(matches!(cap_depth_at(page, 1), Cow::Borrowed(_)));
    }

    #[test]
    fn newlines_and_multibyte_text_survive() {
        let page = "<div><div\n data-x=\"é\">Zoë</div></div>";
        let capped = cap_depth_at(page, 1);
        let attrs = " data-x=\"é\">".len();
        let want = format!("<div>    \n{}Zoë{}</div>", " ".repeat(attrs), " ".repeat(6));
        assert_eq!(capped, want);
    }

    #[test]
    fn very_deep_nesting_keeps_its_text() {
        let page = format!(
            "{}<p>deep text</p>{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let capped = cap_depth(&page);
        assert!(capped.contains("<p>deep text</p>"));
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
    }
}
