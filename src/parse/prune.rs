//! Drops the bodies of `<script>` and `<style>` elements, and the attributes nothing reads,
//! before the tree builder sees a page.
//!
//! Scripts and styles are about half the bytes of a typical news page, and nothing reads them
//! except JSON-LD metadata (kept). Removing their bodies, start and end tags kept, gives the
//! same elements in the same places for a fraction of html5ever's work. Of what is left, most
//! bytes are attribute values; those of attributes no pass reads go too ([`kept_attrs`]).
//!
//! The scan follows the HTML tokenizer exactly where that decides what a body is: script data
//! with its escaped and double-escaped states, RAWTEXT and RCDATA elements (where `<script>` is
//! text), comments, doctypes and bogus comments, quoted attribute values holding `>`. Where the
//! tree builder could make the tokenizer read differently than this scan assumes (`<select>`,
//! `<frameset>`, `<plaintext>`, HTML inside SVG or MathML), the rest of the page is copied
//! verbatim: pruning less is always safe.

use std::borrow::Cow;

use super::kept_attrs;

/// RAWTEXT and RCDATA elements other than `script`: their content is text up to their own end
/// tag (`noscript` included, as html5ever parses with scripting enabled).
const RAW: &[&str] = &[
    "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Start tags after which the scan stops: their effect on the tokenizer depends on parser
/// state this scan does not model.
const STOP: &[&str] = &["select", "frameset", "plaintext"];

/// Foreign-content start tags that may hand the tokenizer back to HTML rules (breakouts, raw
/// text elements, HTML content of integration points): the scan stops when it meets one.
const FOREIGN_STOP: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
    "font",
    "script",
    "style",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "select",
    "frameset",
    "template",
    "html",
];

/// SVG and MathML elements whose content the tree builder reads as HTML.
const INTEGRATION: &[&str] = &[
    "foreignobject",
    "desc",
    "title",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

/// The page with script (except JSON-LD) and style bodies and unread attributes removed;
/// borrowed when there are none.
pub fn prune(html: &str) -> Cow<'_, str> {
    let drop = ranges(html.as_bytes());
    if drop.is_empty() {
        return Cow::Borrowed(html);
    }
    let removed: usize = drop.iter().map(|(s, e)| e - s).sum();
    let mut out = String::with_capacity(html.len() - removed);
    let mut at = 0;
    for (s, e) in drop {
        // A script or style body runs from just after a `>` to a `<`; an attribute from just
        // after an ASCII space, quote or `/` to an ASCII delimiter, or past its closing quote:
        // character boundaries all. Should one not be, the page is parsed unpruned.
        let Some(keep) = html.get(at..s) else {
            return Cow::Borrowed(html);
        };
        out.push_str(keep);
        at = e;
    }
    let Some(tail) = html.get(at..) else {
        return Cow::Borrowed(html);
    };
    out.push_str(tail);
    Cow::Owned(out)
}

/// A tag read from the source: lower-cased name (empty when longer than the buffer), whether
/// it ends in `/>`, and the offset just past its `>`.
struct Tag {
    name: [u8; 16],
    len: usize,
    self_closing: bool,
    end: usize,
}

/// Where one attribute of a tag was read: its name starts at `start` and ends at `name_end`,
/// its value (with `=` and quotes) ends at `end` (`end == name_end` when it has none).
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    name_end: usize,
    end: usize,
}

impl Tag {
    /// The name as text ("" when it did not fit the buffer: no name this scan acts on does not).
    fn name(&self) -> &str {
        self.name
            .get(..self.len)
            .and_then(|n| std::str::from_utf8(n).ok())
            .unwrap_or("")
    }
}

/// The byte ranges to remove, in order.
fn ranges(b: &[u8]) -> Vec<(usize, usize)> {
    let mut drop = Vec::new();
    // Names of open SVG/MathML elements; non-empty while in foreign content.
    let mut foreign: Vec<String> = Vec::new();
    // The attribute spans of the last tag read (one buffer for the page).
    let mut attrs: Vec<Span> = Vec::new();
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let p = i + off;
        let Some(&next) = b.get(p + 1) else { break };
        if next == b'!' {
            let rest = &b[p..]; // p < len
            let end = if rest.starts_with(b"<!--") {
                comment_end(b, p + 4)
            } else if !foreign.is_empty() && rest.starts_with(b"<![CDATA[") {
                find(b, p + 9, b"]]>").map(|e| e + 3)
            } else {
                // Doctype or bogus comment: up to the first `>`.
                find(b, p + 2, b">").map(|e| e + 1)
            };
            match end {
                Some(e) => i = e,
                None => break,
            }
            continue;
        }
        if next == b'?' {
            match find(b, p + 2, b">") {
                Some(e) => i = e + 1,
                None => break,
            }
            continue;
        }
        if next == b'/' {
            match b.get(p + 2) {
                Some(c) if c.is_ascii_alphabetic() => {}
                Some(b'>') => {
                    i = p + 3;
                    continue;
                }
                Some(_) => {
                    match find(b, p + 2, b">") {
                        Some(e) => i = e + 1,
                        None => break,
                    }
                    continue;
                }
                None => break,
            }
            let Some(tag) = read_tag(b, p + 2, &mut attrs) else {
                break;
            };
            i = tag.end;
            if !foreign.is_empty() {
                // An end tag closes the nearest open foreign element of its name; one matching
                // none goes to the HTML rules, which this scan does not follow.
                match foreign.iter().rposition(|n| n == tag.name()) {
                    Some(k) => foreign.truncate(k),
                    None => break,
                }
            }
            continue;
        }
        if !next.is_ascii_alphabetic() {
            i = p + 1;
            continue;
        }
        let Some(tag) = read_tag(b, p + 1, &mut attrs) else {
            break;
        };
        i = tag.end;
        let name = tag.name();
        if let Some(top) = foreign.last() {
            if INTEGRATION.contains(&top.as_str())
                || FOREIGN_STOP.contains(&name)
                || name.is_empty()
            {
                break;
            }
            drop_attrs(b, &tag, &attrs, &mut drop);
            if !tag.self_closing {
                foreign.push(name.to_string());
            }
            continue;
        }
        if STOP.contains(&name) {
            break;
        }
        drop_attrs(b, &tag, &attrs, &mut drop);
        match name {
            "script" => {
                let Some(close) = script_end(b, tag.end) else {
                    break;
                };
                let start_tag = &b[p..tag.end]; // p < tag.end <= len
                if close > tag.end && !mentions_ld_json(start_tag) {
                    drop.push((tag.end, close));
                }
                i = close;
            }
            "svg" | "math" if !tag.self_closing => foreign.push(name.to_string()),
            _ if RAW.contains(&name) => {
                let Some(close) = raw_end(b, tag.end, name.as_bytes()) else {
                    break;
                };
                if name == "style" && close > tag.end {
                    drop.push((tag.end, close));
                }
                i = close;
            }
            _ => {}
        }
    }
    drop
}

/// Whether a script start tag may be JSON-LD (`meta` reads those): its type says `ld+json`,
/// or a character reference could spell it.
pub(crate) fn mentions_ld_json(start_tag: &[u8]) -> bool {
    start_tag.contains(&b'&')
        || start_tag
            .windows(7)
            .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

/// Whitespace as the tokenizer reads it (CR is turned into LF before it).
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// Whether `b[at..]` starts with `name` (ASCII case-insensitively) followed by whitespace, `/`
/// or `>`: the end tag name that closes script data, RAWTEXT or RCDATA.
fn closes(b: &[u8], at: usize, name: &[u8]) -> bool {
    b.get(at..at + name.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(name))
        && b.get(at + name.len())
            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// The offset of the `<` of the end tag that closes RAWTEXT/RCDATA content starting at `from`.
fn raw_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        let p = at + memchr::memchr(b'<', b.get(at..)?)?;
        if b.get(p + 1) == Some(&b'/') && closes(b, p + 2, name) {
            return Some(p);
        }
        at = p + 1;
    }
}

/// Script data states of the tokenizer (the spec's names, less "script data").
#[derive(Clone, Copy)]
enum S {
    Data,
    Escaped,
    EscapedDash,
    EscapedDashDash,
    Double,
    DoubleDash,
    DoubleDashDash,
}

/// The offset of the `<` of the `</script` that ends script data starting at `from`, following
/// the escaped (`<!--`) and double-escaped (`<!-- <script>`) states in which a `</script>`
/// does not end the script.
pub(crate) fn script_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut s = S::Data;
    loop {
        match s {
            S::Data => {
                let p = i + memchr::memchr(b'<', b.get(i..)?)?;
                match b.get(p + 1) {
                    Some(b'/') if closes(b, p + 2, b"script") => return Some(p),
                    Some(b'!') if b.get(p + 2..p + 4) == Some(b"--") => {
                        s = S::EscapedDashDash;
                        i = p + 4;
                    }
                    _ => i = p + 1,
                }
            }
            S::Escaped | S::Double => {
                let p = i + memchr::memchr2(b'-', b'<', b.get(i..)?)?;
                let double = matches!(s, S::Double);
                if b[p] == b'-' {
                    // p < len (found there)
                    s = if double {
                        S::DoubleDash
                    } else {
                        S::EscapedDash
                    };
                    i = p + 1;
                } else {
                    (s, i) = less_than(b, p, double)?;
                    if let (S::Data, true) = (s, i == p) {
                        return Some(p);
                    }
                }
            }
            S::EscapedDash | S::EscapedDashDash | S::DoubleDash | S::DoubleDashDash => {
                let c = *b.get(i)?;
                let double = matches!(s, S::DoubleDash | S::DoubleDashDash);
                let dashdash = matches!(s, S::EscapedDashDash | S::DoubleDashDash);
                match c {
                    b'-' => {
                        s = if double {
                            S::DoubleDashDash
                        } else {
                            S::EscapedDashDash
                        };
                        i += 1;
                    }
                    b'<' => {
                        let p = i;
                        (s, i) = less_than(b, p, double)?;
                        if let (S::Data, true) = (s, i == p) {
                            return Some(p);
                        }
                    }
                    b'>' if dashdash => {
                        s = S::Data;
                        i += 1;
                    }
                    _ => {
                        s = if double { S::Double } else { S::Escaped };
                        i += 1;
                    }
                }
            }
        }
    }
}

/// A `<` at `p` in the (double-)escaped states: the next state and where to read on. `(Data,
/// p)` means the script ends here.
fn less_than(b: &[u8], p: usize, double: bool) -> Option<(S, usize)> {
    let base = if double { S::Double } else { S::Escaped };
    match *b.get(p + 1)? {
        b'/' if !double && closes(b, p + 2, b"script") => Some((S::Data, p)),
        b'/' if double => {
            // Double escape end: `</script` + delimiter goes back to the escaped state.
            let (word, q) = letters(b, p + 2)?;
            let delim = is_space(b[q]) || matches!(b[q], b'/' | b'>'); // q < len (letters)
            Some((if delim && word { S::Escaped } else { S::Double }, q))
        }
        c if !double && c.is_ascii_alphabetic() => {
            // Double escape start: `<script` + delimiter.
            let (word, q) = letters(b, p + 1)?;
            let delim = is_space(b[q]) || matches!(b[q], b'/' | b'>'); // q < len (letters)
            Some((if delim && word { S::Double } else { S::Escaped }, q))
        }
        _ => Some((base, p + 1)),
    }
}

/// The run of ASCII letters at `from`: whether it spells `script`, and the offset after it
/// (`None` when the page ends inside it).
fn letters(b: &[u8], from: usize) -> Option<(bool, usize)> {
    let n = b
        .get(from..)?
        .iter()
        .position(|c| !c.is_ascii_alphabetic())?;
    Some((
        n == 6 && b[from..from + 6].eq_ignore_ascii_case(b"script"),
        from + n,
    )) // n letters exist
}

/// The offset just past a comment whose text starts at `from` (just after `<!--`): `<!-->`
/// and `<!--->` end at once; otherwise `-->` or `--!>` ends it.
fn comment_end(b: &[u8], from: usize) -> Option<usize> {
    let rest = b.get(from..)?;
    if rest.starts_with(b">") {
        return Some(from + 1);
    }
    if rest.starts_with(b"->") {
        return Some(from + 2);
    }
    let mut at = from;
    loop {
        let p = at + memchr::memchr2(b'-', b'>', b.get(at..)?)?;
        if b[p] == b'>' {
            // p < len (found there)
            if p >= from + 2 && &b[p - 2..p] == b"--" {
                return Some(p + 1);
            }
            if p >= from + 3 && &b[p - 3..p] == b"--!" {
                return Some(p + 1);
            }
        }
        at = p + 1;
    }
}

/// Reads the tag whose name starts at `from` (just after `<` or `</`), following the
/// tokenizer's attribute states so that `>` inside quoted values does not end it. The spans of
/// its attributes, in order, are left in `attrs`.
fn read_tag(b: &[u8], from: usize, attrs: &mut Vec<Span>) -> Option<Tag> {
    attrs.clear();
    let mut tag = Tag {
        name: [0; 16],
        len: 0,
        self_closing: false,
        end: 0,
    };
    let mut i = from;
    let mut overlong = false;
    // Tag name.
    loop {
        let c = *b.get(i)?;
        if is_space(c) || c == b'/' || c == b'>' {
            break;
        }
        match tag.name.get_mut(tag.len) {
            Some(slot) if !overlong => {
                *slot = c.to_ascii_lowercase();
                tag.len += 1;
            }
            _ => overlong = true,
        }
        i += 1;
    }
    if overlong {
        tag.len = 0;
    }
    #[derive(Clone, Copy)]
    enum A {
        Before,
        Name,
        AfterName,
        BeforeValue,
        Unquoted,
        AfterQuoted,
        SelfClosing,
    }
    let mut st = A::Before;
    // The attribute being read: where its name starts and ends.
    let (mut start, mut name_end) = (0, 0);
    loop {
        let c = *b.get(i)?;
        match st {
            A::Before | A::AfterQuoted => match c {
                c if is_space(c) => st = A::Before,
                b'/' => st = A::SelfClosing,
                b'>' => break,
                // `=` here starts an attribute name, as any other character does.
                _ => {
                    st = A::Name;
                    start = i;
                }
            },
            A::Name => match c {
                c if is_space(c) => {
                    st = A::AfterName;
                    name_end = i;
                }
                b'/' => {
                    st = A::SelfClosing;
                    attrs.push(Span {
                        start,
                        name_end: i,
                        end: i,
                    });
                }
                b'>' => {
                    attrs.push(Span {
                        start,
                        name_end: i,
                        end: i,
                    });
                    break;
                }
                b'=' => {
                    st = A::BeforeValue;
                    name_end = i;
                }
                _ => {}
            },
            A::AfterName => match c {
                c if is_space(c) => {}
                b'/' => {
                    st = A::SelfClosing;
                    attrs.push(Span {
                        start,
                        name_end,
                        end: name_end,
                    });
                }
                b'=' => st = A::BeforeValue,
                b'>' => {
                    attrs.push(Span {
                        start,
                        name_end,
                        end: name_end,
                    });
                    break;
                }
                _ => {
                    attrs.push(Span {
                        start,
                        name_end,
                        end: name_end,
                    });
                    st = A::Name;
                    start = i;
                }
            },
            A::BeforeValue => match c {
                c if is_space(c) => {}
                b'"' | b'\'' => {
                    i = i + 1 + memchr::memchr(c, b.get(i + 1..)?)?;
                    st = A::AfterQuoted;
                    attrs.push(Span {
                        start,
                        name_end,
                        end: i + 1,
                    });
                }
                b'>' => {
                    attrs.push(Span {
                        start,
                        name_end,
                        end: i,
                    });
                    break;
                }
                _ => st = A::Unquoted,
            },
            A::Unquoted => match c {
                c if is_space(c) => {
                    st = A::Before;
                    attrs.push(Span {
                        start,
                        name_end,
                        end: i,
                    });
                }
                b'>' => {
                    attrs.push(Span {
                        start,
                        name_end,
                        end: i,
                    });
                    break;
                }
                _ => {}
            },
            A::SelfClosing => match c {
                b'>' => {
                    tag.self_closing = true;
                    break;
                }
                // Anything else is read again as the start of an attribute.
                _ => {
                    st = A::Before;
                    continue;
                }
            },
        }
        i += 1;
    }
    tag.end = i + 1;
    Some(tag)
}

/// Adds to `drop` the attributes of a start tag that nothing reads (`kept_attrs`), and the
/// values of those read for their presence only. A removal never joins a `/` to the tag's
/// closing `>`: `<div/a>` must not become the self-closing `<div/>`.
fn drop_attrs(b: &[u8], tag: &Tag, attrs: &[Span], drop: &mut Vec<(usize, usize)>) {
    if kept_attrs::keeps_all(tag.name()) {
        return;
    }
    // The byte the tokenizer sees just before the current attribute once earlier removals
    // are made, and where the last removal ended.
    let mut carried = 0u8;
    let mut last_end = usize::MAX;
    for a in attrs {
        let Some(name) = b.get(a.start..a.name_end) else {
            continue;
        };
        let before = if a.start == last_end {
            carried
        } else {
            b.get(a.start.wrapping_sub(1)).copied().unwrap_or(0)
        };
        let next = b.get(a.end).copied();
        if !kept_attrs::is_kept(name) {
            if before == b'/' && next == Some(b'>') {
                continue;
            }
            drop.push((a.start, a.end));
            (carried, last_end) = (before, a.end);
        } else if a.end > a.name_end
            && kept_attrs::presence_only(name)
            && next.is_some_and(|c| is_space(c) || c == b'/' || c == b'>')
        {
            // The name stays and reads on as the tokenizer read on after the value.
            drop.push((a.name_end, a.end));
        }
    }
}

/// The offset of `needle` in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pruned(s: &str) -> String {
        prune(s).into_owned()
    }

    #[test]
    fn nothing_to_prune_borrows() {
        let page = "<p>a</p><script src=x.js></script><style></style>";
        assert!(matches!(prune(page), Cow::Borrowed(_)));
    }

    #[test]
    fn script_and_style_bodies_go_tags_stay() {
        assert_eq!(
            pruned("<head><style>p{a:b}</style><script>var x = 1 < 2;</script></head><p>t</p>"),
            "<head><style></style><script></script></head><p>t</p>"
        );
        assert_eq!(pruned("<SCRIPT>x</ScRiPt\t>y"), "<SCRIPT></ScRiPt\t>y");
        assert_eq!(pruned("<script>a</script/>b"), "<script></script/>b");
        assert_eq!(pruned("<script/>a</script>b"), "<script/></script>b");
    }

    #[test]
    fn json_ld_is_kept() {
        let page = r#"<script type="application/ld+json">{"a":1}</script><script>x</script>"#;
        assert_eq!(
            pruned(page),
            r#"<script type="application/ld+json">{"a":1}</script><script></script>"#
        );
        let entity = "<script type=application/ld&#43;json>{}</script>";
        assert_eq!(pruned(entity), entity);
    }

    #[test]
    fn end_tag_needs_a_delimiter() {
        assert_eq!(
            pruned("<script>a</scripts>b</script>c"),
            "<script></script>c"
        );
        assert_eq!(pruned("<style>a</stylex></style >c"), "<style></style >c");
    }

    #[test]
    fn escaped_and_double_escaped_script_data() {
        // In the escaped state `</script>` still ends the script.
        assert_eq!(pruned("<script><!-- a </script>b"), "<script></script>b");
        // Double-escaped: the inner `</script>` only returns to the escaped state.
        assert_eq!(
            pruned("<script><!-- <script>x</script> y --></script>z"),
            "<script></script>z"
        );
        // `-->` leaves the escaped state before `<script>` could double-escape.
        assert_eq!(
            pruned("<script><!-- a --><script>b</script>c"),
            "<script></script>c"
        );
        // `<!-->` goes through the escaped state and back to script data at once.
        assert_eq!(
            pruned("<script><!--><script></script>c"),
            "<script></script>c"
        );
        // An unterminated double escape runs to the end of the page: nothing is pruned.
        let open = "<script><!-- <script> </script> <p>x</p>";
        assert_eq!(pruned(open), open);
    }

    #[test]
    fn comments_and_bogus_comments_hide_tags() {
        for page in [
            "<!-- <script> --><p>x</p>",
            "<!--><script>x</script>",
            "<!---><script>x</script>",
            "<!-- a --!><script>x</script>",
            "<!doctype html><script>x</script>",
            "<? <script> ><script>x</script>",
            "</ <script>><script>x</script>",
        ] {
            let want = page.replacen(">x</script>", "></script>", 1);
            assert_eq!(pruned(page), want, "{page}");
        }
        let inside = "<!-- <script>x</script> -->";
        assert_eq!(pruned(inside), inside);
        let bang = "<!-- --!> <style>a</style>";
        assert_eq!(pruned(bang), "<!-- --!> <style></style>");
    }

    #[test]
    fn quoted_attribute_values_may_hold_gt() {
        let page = r#"<div class="a>b<script>c">d</div><script>e</script>"#;
        assert_eq!(
            pruned(page),
            r#"<div class="a>b<script>c">d</div><script></script>"#
        );
        // A quote that starts an attribute name does not quote (and that attribute, `="a`,
        // is one nothing reads).
        let name = r#"<div ="a><script>x</script>"#;
        assert_eq!(pruned(name), r#"<div ><script></script>"#);
    }

    #[test]
    fn raw_text_elements_hold_no_scripts() {
        for raw in [
            "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
        ] {
            let page = format!("<{raw}><script>x</script></{raw}><script>y</script>");
            let want = format!("<{raw}><script>x</script></{raw}><script></script>");
            assert_eq!(pruned(&page), want, "{raw}");
        }
        // Inside a style, `<script>` is text too.
        assert_eq!(pruned("<style>a<script>b</style>c"), "<style></style>c");
    }

    #[test]
    fn plaintext_select_and_frameset_stop_the_scan() {
        for stop in ["plaintext", "select", "frameset"] {
            let page = format!("<script>a</script><{stop}><script>b</script>");
            let want = format!("<script></script><{stop}><script>b</script>");
            assert_eq!(pruned(&page), want, "{stop}");
        }
    }

    #[test]
    fn foreign_content_is_left_alone() {
        let page = "<svg><style>a</style><script>b</script></svg><style>c</style>";
        assert_eq!(pruned(page), page);
        let svg = "<svg><g><path class=x/></g><title>t</title></svg><script>c</script>";
        assert_eq!(
            pruned(svg),
            "<svg><g><path class=x/></g><title>t</title></svg><script></script>"
        );
        assert_eq!(
            pruned("<svg/><script>c</script>"),
            "<svg/><script></script>"
        );
        // HTML inside an integration point: the scan stops.
        let html = "<svg><foreignObject><p>x</p></foreignObject></svg><script>c</script>";
        assert_eq!(pruned(html), html);
        let cdata = "<math><![CDATA[</math><script>]]></math><script>c</script>";
        assert_eq!(
            pruned(cdata),
            "<math><![CDATA[</math><script>]]></math><script></script>"
        );
    }

    #[test]
    fn unterminated_constructs_prune_nothing_after() {
        for page in [
            "<script>a",
            "<style>a",
            "<!-- <script>a</script>",
            "<div title=\"<script>a</script>",
            "<",
        ] {
            assert_eq!(pruned(page), page);
        }
    }

    #[test]
    fn unread_attributes_go_read_ones_stay() {
        assert_eq!(
            pruned(r#"<div onclick="a>b" class=x data-v='1'><img src=a.jpg d=M0 alt="A"></div>"#),
            r#"<div  class=x ><img src=a.jpg  alt="A"></div>"#
        );
        // Case-insensitive names; a link keeps its name, not its address.
        assert_eq!(
            pruned("<p CLASS=k X=y><a href=\"/x\" rel=author>t</a>"),
            "<p CLASS=k ><a href rel=author>t</a>"
        );
        // Formatting elements keep everything (the tree builder compares their attributes).
        let b = "<b data-x=1><i onclick=y>t</i></b>";
        assert_eq!(pruned(b), b);
    }

    #[test]
    fn removals_never_make_a_tag_self_closing() {
        assert_eq!(pruned("<div/a>x"), "<div/a>x");
        assert_eq!(pruned("<div/a/b>x"), "<div//b>x");
        assert_eq!(pruned("<div a=\"1\"b=2>x"), "<div >x");
        assert_eq!(pruned("<div a=1/>x"), "<div >x");
        // A link address glued to the next attribute stays, or the two names would join.
        assert_eq!(pruned("<a href='x'class=c>"), "<a href='x'class=c>");
    }

    #[test]
    fn multibyte_text_survives() {
        assert_eq!(
            pruned("<p>Zoë</p><script>é</script><p>ü</p>"),
            "<p>Zoë</p><script></script><p>ü</p>"
        );
    }
}
