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
//! The scan reads tags, comments, bogus comments, raw text and script data by the tokenizer's
//! own rules (`parse::tokenizer`'s byte-level functions), so the two never disagree on where a
//! tag or comment ends. The tokenizer counts nesting the same way as it reads a page and gives
//! up past the cap, so only such pages pay for this scan: they are capped here and read again.

use std::borrow::Cow;

use super::tokenizer::{self, Step};

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

/// Whether the element `name` (lowercase) holds raw text: tags inside it are not tags
/// (`noscript` included, as html5ever parses with scripting enabled).
pub(crate) fn raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
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
        let (is_end, name_at) = match markup_at(b, start) {
            Markup::Tag { is_end, name_at } => (is_end, name_at),
            Markup::Skip { next } => {
                i = next;
                continue;
            }
            Markup::Stop => break,
        };
        let name_end = tokenizer::name_end(b, name_at);
        let (end, self_closing) = tag_end(b, name_end);
        i = end;
        // Lower-cased into a stack buffer: this runs for every tag of every page, and no name
        // in the lists below is longer than the buffer.
        let mut buf = [0u8; 12];
        let name = lowercase_name(&b[name_at..name_end], &mut buf);
        if uncounted(name) {
            continue;
        }
        if is_end {
            // Raw text elements' end tags go uncounted as their start tags do: were they
            // counted, `<div><script></script>` repeated would nest deep while counting zero.
            if raw_text(name) {
                continue;
            }
            if excess > 0 {
                excess -= 1;
                blank.push((start, end));
            } else {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if raw_text(name) {
            // Skip the raw text up to its end tag, as the tokenizer reads it; such elements
            // hold no nested elements.
            let close = match name {
                "script" => tokenizer::script_end(b, end),
                "plaintext" => None,
                _ => tokenizer::raw_end(b, end, name.as_bytes()),
            };
            i = close.unwrap_or(b.len());
            continue;
        }
        if self_closing {
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
    blank_ranges(html, &blank)
}

/// What a `<` starts, read by the tokenizer's rules.
enum Markup {
    /// A start or end tag whose name begins at `name_at`.
    Tag { is_end: bool, name_at: usize },
    /// Not a tag (a comment, a doctype, a lone `<`): the scan goes on at `next`.
    Skip { next: usize },
    /// The page ends inside `</`.
    Stop,
}

/// What the `<` at `start` opens.
fn markup_at(b: &[u8], start: usize) -> Markup {
    let rest = &b[start..];
    match rest.get(1) {
        Some(b'!') if rest.starts_with(b"<!--") => Markup::Skip {
            // A comment cut off by the end of the page runs to it.
            next: tokenizer::comment_end(b, start + 4).map_or(b.len(), |(_, next)| next),
        },
        // Doctypes, CDATA outside foreign content (which this scan does not track) and
        // other bogus comments end at the first `>`.
        Some(b'!') | Some(b'?') => Markup::Skip {
            next: tokenizer::bogus_comment_end(b, start + 2).1,
        },
        Some(b'/') => match rest.get(2) {
            Some(c) if c.is_ascii_alphabetic() => Markup::Tag {
                is_end: true,
                name_at: start + 2,
            },
            Some(b'>') => Markup::Skip { next: start + 3 },
            Some(_) => Markup::Skip {
                next: tokenizer::bogus_comment_end(b, start + 2).1,
            },
            None => Markup::Stop,
        },
        Some(c) if c.is_ascii_alphabetic() => Markup::Tag {
            is_end: false,
            name_at: start + 1,
        },
        // A lone `<` in text.
        _ => Markup::Skip { next: start + 1 },
    }
}

/// The tag name `raw` lower-cased into `buf`; empty when it is longer than `buf` (no name the
/// scan looks for is).
fn lowercase_name<'b>(raw: &[u8], buf: &'b mut [u8; 12]) -> &'b str {
    match buf.get_mut(..raw.len()) {
        Some(lower) => {
            lower.copy_from_slice(raw);
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower).unwrap_or("")
        }
        None => "",
    }
}

/// `html` with the byte ranges in `blank` overwritten with spaces, borrowed when there are none.
fn blank_ranges<'h>(html: &'h str, blank: &[(usize, usize)]) -> Cow<'h, str> {
    if blank.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = html.as_bytes().to_vec();
    for &(s, e) in blank {
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

/// The offset just past the `>` that ends the tag whose attributes start at `from`, read as
/// the tokenizer reads attributes (quoted values may hold `>`), and whether it ends in `/>`; the
/// end of the page when the tag is cut off.
fn tag_end(b: &[u8], from: usize) -> (usize, bool) {
    let mut p = from;
    loop {
        match tokenizer::attr_step(b, p) {
            None => return (b.len(), false),
            Some(Step::End { next, self_closing }) => return (next, self_closing),
            Some(Step::Attr { next, .. }) => p = next,
        }
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
    fn comments_and_tags_end_where_the_tokenizer_ends_them() {
        // Each page opens two elements as the tokenizer reads it: a cap of 2 changes nothing,
        // while a scan ending a comment or tag elsewhere would count a third.
        for page in [
            "<div><!-- a --!><div></div></div>",
            "<div><!--><div></div></div>",
            "<div><!---><div></div></div>",
            "<div><!-- --!x <div> --><div></div></div>",
            "<div><!doctype <span>><div></div></div>",
            "<div><? <span> ?><div></div></div>",
            "<div></ <span>><div></div></div>",
            "<div><script><!-- <script> </script> <span> --></script><div></div></div>",
            "<div><noscript><span></noscript><div></div></div>",
            "<div><title></titlex><span></title><div></div></div>",
            "<div\ra='>'><div b=\"<span>\"></div></div>",
        ] {
            assert!(matches!(cap_depth_at(page, 2), Cow::Borrowed(_)), "{page}");
        }
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
    fn raw_text_elements_do_not_hide_nesting() {
        let page = "<div><script></script><style></style>".repeat(4);
        let capped = cap_depth_at(&page, 2);
        assert_eq!(capped.matches("<div>").count(), 2);
        assert_eq!(capped.matches("<script></script>").count(), 4);
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
