//! Template tags inside Markdown: shortcodes (`{{< name key="v" >}}`, `{{% … %}}`), Liquid
//! tags (`{% include figure.html image="…" %}`) and MDX/JSX components (`<Figure src="…"
//! caption={"…"} />`). Each is found by its syntax alone and becomes a photo when its name or
//! its parameters say so (a parameter or name about an image), whatever the generator:
//! caption-like parameters give the caption, credit-like ones the credit.
//!
//! Every tag is blanked out of the text before the Markdown parse (spaces keep every byte
//! offset), so that its parameters never read as article text.

use std::ops::Range;

/// A tag longer than this is not one (an unclosed `{{<` or `<Name` in prose): the scan moves on.
const MAX_TAG_BYTES: usize = 8 * 1024;

/// Children of a component read as its caption: further away than this, the closing tag
/// belongs to something else.
const MAX_CHILDREN_BYTES: usize = 4 * 1024;

/// Parameter names that hold the image (compared lowercase; a name containing one counts).
const IMAGE_WORDS: &[&str] = &["src", "image", "img", "photo", "picture"];
/// Tag names that are about a photo (a name containing one counts).
const FIGURE_WORDS: &[&str] = &["figure", "image", "img", "photo", "picture"];
/// Parameters that hold the credit, best first.
const CREDIT_KEYS: &[&str] = &["credit", "attr", "attribution", "photographer", "copyright"];

/// A photo a template tag stands for.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct TagFigure {
    /// Where the tag starts: its place among the document's figures.
    pub(super) start: usize,
    /// The image address.
    pub(super) src: Option<String>,
    /// The alt text.
    pub(super) alt: Option<String>,
    /// The caption, and where its text starts in the source.
    pub(super) caption: Option<(String, usize)>,
    /// The credit parameter.
    pub(super) credit: Option<String>,
}

/// What the scan found: the byte ranges to blank, and the photos.
#[derive(Debug, Default)]
pub(super) struct Tags {
    /// Ranges of the source that are template syntax, not text.
    pub(super) blank: Vec<Range<usize>>,
    /// The photos, in source order.
    pub(super) figures: Vec<TagFigure>,
}

/// The next occurrence of a closing string at or after a growing offset: each search starts
/// past the last answer, so that many openers without a closer cost one pass, not one pass
/// each.
struct Next {
    needle: &'static [u8],
    /// The last search: where it started, and what it found.
    last: Option<(usize, Option<usize>)>,
}

impl Next {
    fn new(needle: &'static [u8]) -> Self {
        Next { needle, last: None }
    }

    /// The first occurrence at or after `p` (offsets asked for never decrease).
    fn after(&mut self, hay: &[u8], p: usize) -> Option<usize> {
        match self.last {
            Some((from, None)) if p >= from => return None,
            Some((from, Some(f))) if p >= from && p <= f => return Some(f),
            _ => {}
        }
        let found = memchr::memmem::find(hay.get(p..)?, self.needle).map(|i| p + i);
        self.last = Some((p, found));
        found
    }
}

/// The closers a scan looks ahead for.
struct Closers {
    comment: Next,
    shortcode: Next,
    shortcode_md: Next,
    liquid: Next,
    /// The next `"`, `'` and `` ` ``: a string whose closing quote is not within reach fails
    /// at once.
    quotes: [Next; 3],
}

impl Closers {
    fn quote(&mut self, q: u8) -> &mut Next {
        match q {
            b'"' => &mut self.quotes[0],
            b'\'' => &mut self.quotes[1],
            _ => &mut self.quotes[2],
        }
    }

    fn for_close(&mut self, close: &str) -> &mut Next {
        match close {
            ">}}" => &mut self.shortcode,
            "%}}" => &mut self.shortcode_md,
            _ => &mut self.liquid,
        }
    }
}

/// One parameter: its name (empty when positional), its value when it is a string, and
/// where the value starts.
#[derive(Debug)]
struct Param {
    key: String,
    value: Option<String>,
    at: usize,
}

/// Finds the template tags of `text`, skipping those inside `code` ranges (sorted), which are
/// examples shown to the reader. `mdx` also blanks ESM `import`/`export` lines and `{/* */}`
/// comments.
pub(super) fn scan(text: &str, code: &[Range<usize>], mdx: bool) -> Tags {
    let b = text.as_bytes();
    let mut tags = Tags::default();
    let in_code = |at: usize| {
        let i = code.partition_point(|r| r.end <= at);
        code.get(i).is_some_and(|r| r.start <= at)
    };
    if mdx {
        esm_lines(text, &mut tags.blank, &in_code);
    }
    let mut closers = Closers {
        comment: Next::new(b"*/}"),
        shortcode: Next::new(b">}}"),
        shortcode_md: Next::new(b"%}}"),
        liquid: Next::new(b"%}"),
        quotes: [Next::new(b"\""), Next::new(b"'"), Next::new(b"`")],
    };
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'{', b'<', &b[at..]) {
        let p = at + i;
        at = p + 1;
        if in_code(p) {
            continue;
        }
        let found = if b[p] == b'{' {
            template(text, p, mdx, &mut closers)
        } else {
            component(text, p, &mut closers)
        };
        match found {
            Some((end, fig)) => {
                tags.blank.push(p..end);
                tags.figures.extend(fig);
                at = end;
            }
            None => continue,
        }
    }
    tags
}

/// Blanks MDX's top-level `import`/`export` statements: each runs to the next blank line.
fn esm_lines(text: &str, blank: &mut Vec<Range<usize>>, in_code: &dyn Fn(usize) -> bool) {
    let mut start: Option<usize> = None;
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        let end = off + line.len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                blank.push(s..off);
            }
        } else if start.is_none()
            && (line.starts_with("import ") || line.starts_with("export "))
            && !in_code(off)
        {
            start = Some(off);
        }
        off = end;
    }
    if let Some(s) = start {
        blank.push(s..text.len());
    }
}

/// A shortcode or Liquid tag starting at `p` (`{{<`, `{{%`, `{%`), or an MDX comment
/// `{/* */}`: its end and the photo it stands for.
fn template(
    text: &str,
    p: usize,
    mdx: bool,
    closers: &mut Closers,
) -> Option<(usize, Option<TagFigure>)> {
    let rest = &text[p..];
    if mdx && rest.starts_with("{/*") {
        let end = closers.comment.after(text.as_bytes(), p + 3)?;
        return Some((end + 3, None));
    }
    let (open, close) = if rest.starts_with("{{<") {
        (3, ">}}")
    } else if rest.starts_with("{{%") {
        (3, "%}}")
    } else if rest.starts_with("{%") && !rest.starts_with("{%%") {
        (2, "%}")
    } else {
        return None;
    };
    let inner_start = p + open;
    let after = text[inner_start..].trim_start();
    // `{{</* figure */>}}` shows a shortcode without running it; closing tags have no photo.
    if after.starts_with("/*") || after.starts_with('/') {
        let end = closers
            .for_close(close)
            .after(text.as_bytes(), inner_start)?;
        if end - inner_start > MAX_TAG_BYTES {
            return None;
        }
        return Some((end + close.len(), None));
    }
    let (params, end) = params(text, inner_start, close, false, closers)?;
    Some((end, figure(p, &params)))
}

/// A JSX component starting at `p` (`<Figure …/>`, `<Image …>children</Image>`, or its
/// closing tag): its end and the photo it stands for.
fn component(text: &str, p: usize, closers: &mut Closers) -> Option<(usize, Option<TagFigure>)> {
    let rest = &text[p + 1..];
    let closing = rest.starts_with('/');
    let name_at = p + 1 + usize::from(closing);
    let name: &str = {
        let r = &text[name_at..];
        let len = r
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            .unwrap_or(r.len());
        &r[..len]
    };
    // PascalCase: upper-case first, a lower-case letter after (`IMG` is old HTML, not JSX).
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().any(|c| c.is_ascii_lowercase());
    if !pascal {
        return None;
    }
    let after = name_at + name.len();
    if closing {
        let close = text[after..]
            .find('>')
            .filter(|&i| text[after..after + i].trim().is_empty())?;
        return Some((after + close + 1, None));
    }
    if !text[after..].starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>') {
        return None;
    }
    let (mut params, end) = params(text, after, ">", true, closers)?;
    params.insert(
        0,
        Param {
            key: String::new(),
            value: Some(name.to_string()),
            at: name_at,
        },
    );
    let self_closing = text[..end].ends_with("/>");
    let mut fig = figure(p, &params);
    let mut end = end;
    if let Some(f) = fig.as_mut().filter(|_| !self_closing) {
        // `<Figure src="…">The caption.</Figure>`: the children are the caption.
        let mut stop = text.len().min(end + MAX_CHILDREN_BYTES);
        while !text.is_char_boundary(stop) {
            stop -= 1;
        }
        let window = &text[end..stop];
        let closer = format!("</{name}>");
        if let Some(i) = window.find(&closer) {
            let inner = &window[..i];
            if f.caption.is_none() {
                let lead = inner.len() - inner.trim_start().len();
                let caption = crate::parse::html::figures::strip_tags(inner)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !caption.is_empty() {
                    f.caption = Some((caption, end + lead));
                }
            }
            end += i + closer.len();
        }
    }
    Some((end, fig))
}

/// Reads parameters from `from` up to `close`: `key="v"`, `key='v'`, `` key=`v` ``,
/// `key=v`, `key={"v"}`, `key={expr}` (no value), `"positional"`, bare words, `{...spread}`.
/// Returns them with the offset just past `close`.
fn params(
    text: &str,
    from: usize,
    close: &str,
    jsx: bool,
    closers: &mut Closers,
) -> Option<(Vec<Param>, usize)> {
    let b = text.as_bytes();
    let limit = text.len().min(from + MAX_TAG_BYTES);
    let mut out = Vec::new();
    let mut i = from;
    loop {
        let gap = i;
        while i < limit && b[i].is_ascii_whitespace() {
            i += 1;
        }
        // A blank line or a second opening bracket ends what cannot be a tag: prose with a
        // stray `<` or `{{<` fails here, not after a long look ahead.
        if i >= limit || blank_line(&b[gap..i]) || b[i] == b'<' || (!jsx && b[i] == b'{') {
            return None;
        }
        if b[i..].starts_with(close.as_bytes()) {
            return Some((out, i + close.len()));
        }
        if jsx && b[i..].starts_with(b"/>") {
            return Some((out, i + 2));
        }
        match b[i] {
            b'"' | b'\'' | b'`' => {
                let (value, at, next) = quoted(text, i, limit, closers)?;
                out.push(Param {
                    key: String::new(),
                    value: Some(value),
                    at,
                });
                i = next;
            }
            b'{' => {
                // A spread or a bare expression names no parameter.
                let (_, at, next) = expression(text, i, limit, closers)?;
                out.push(Param {
                    key: String::new(),
                    value: None,
                    at,
                });
                i = next;
            }
            _ => {
                let (param, next) = key_param(text, i, limit, close, jsx, closers)?;
                out.push(param);
                i = next;
            }
        }
    }
}

/// A parameter that starts with a word at `i`: `key=value` (any value form), or the word alone
/// as a positional value. Returns it with the offset just past it; `None` when no parameter
/// starts there.
fn key_param(
    text: &str,
    mut i: usize,
    limit: usize,
    close: &str,
    jsx: bool,
    closers: &mut Closers,
) -> Option<(Param, usize)> {
    let b = text.as_bytes();
    let start = i;
    while i < limit
        && !b[i].is_ascii_whitespace()
        && b[i] != b'='
        && !b[i..].starts_with(close.as_bytes())
        && !(jsx && b[i..].starts_with(b"/>"))
    {
        i += 1;
    }
    let key = text.get(start..i).unwrap_or_default().to_string();
    let mut j = i;
    while j < limit && b[j].is_ascii_whitespace() {
        j += 1;
    }
    if j < limit && b[j] == b'=' {
        j += 1;
        while j < limit && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= limit {
            return None;
        }
        let (value, at, next) = param_value(text, j, limit, close, closers)?;
        return Some((Param { key, value, at }, next));
    }
    if key.is_empty() {
        // A byte no parameter starts with: not a tag after all.
        return None;
    }
    let param = Param {
        key: String::new(),
        value: Some(key),
        at: start,
    };
    Some((param, i))
}

/// The value after `key=` at `j`: quoted, a `{expression}` or a bare word. Returns the value
/// (none for an expression that is not one string), where it starts, and the offset past it.
fn param_value(
    text: &str,
    mut j: usize,
    limit: usize,
    close: &str,
    closers: &mut Closers,
) -> Option<(Option<String>, usize, usize)> {
    let b = text.as_bytes();
    Some(match b[j] {
        b'"' | b'\'' | b'`' => {
            let (v, at, next) = quoted(text, j, limit, closers)?;
            (Some(v), at, next)
        }
        b'{' => expression(text, j, limit, closers)?,
        _ => {
            let s = j;
            while j < limit && !b[j].is_ascii_whitespace() && !b[j..].starts_with(close.as_bytes())
            {
                j += 1;
            }
            (Some(text.get(s..j).unwrap_or_default().to_string()), s, j)
        }
    })
}

/// How many bytes of spaces and tabs (and a line's `\r`) `b` starts with, and the line break
/// after them.
fn leading_space(b: &[u8]) -> usize {
    let n = b
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t' || c == b'\r')
        .count();
    n + usize::from(b.get(n) == Some(&b'\n'))
}

/// Whether white space holds a blank line.
fn blank_line(space: &[u8]) -> bool {
    let mut breaks = space.iter().filter(|&&c| c == b'\n');
    breaks.next().is_some() && breaks.next().is_some()
}

/// A quoted string at `i`: its text (backslash escapes read), where the text starts, and the
/// offset past the closing quote.
fn quoted(
    text: &str,
    i: usize,
    limit: usize,
    closers: &mut Closers,
) -> Option<(String, usize, usize)> {
    let b = text.as_bytes();
    let q = b[i];
    if closers
        .quote(q)
        .after(b, i + 1)
        .is_none_or(|end| end >= limit)
    {
        return None;
    }
    let mut out = String::new();
    let mut j = i + 1;
    let mut run = j;
    while j < limit {
        if b[j] == b'\\' && q != b'`' && j + 1 < limit {
            out.push_str(&text[run..j]);
            // The escaped character is ASCII in practice; a multi-byte one is copied whole.
            let next = text[j + 1..].chars().next()?;
            out.push(next);
            j += 1 + next.len_utf8();
            run = j;
            continue;
        }
        if b[j] == q {
            out.push_str(&text[run..j]);
            return Some((out, i + 1, j + 1));
        }
        // A string does not run across a paragraph break.
        if b[j] == b'\n'
            && text[j + 1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n')
        {
            return None;
        }
        j += 1;
    }
    None
}

/// A JSX expression `{…}` at `i` (braces balanced, strings skipped): its value when it is a
/// single string literal, where that starts, and the offset past the closing brace.
fn expression(
    text: &str,
    i: usize,
    limit: usize,
    closers: &mut Closers,
) -> Option<(Option<String>, usize, usize)> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut j = i;
    while j < limit {
        match b[j] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    let inner = text[i + 1..j].trim();
                    let lead = text[i + 1..j].len() - text[i + 1..j].trim_start().len();
                    let at = i + 1 + lead;
                    let literal = quoted(text, at, j + 1, closers)
                        .filter(|(_, _, next)| *next == at + inner.len())
                        .filter(|_| inner.starts_with(['"', '\'', '`']));
                    return Some(match literal {
                        Some((v, at, _)) => (Some(v), at, j + 1),
                        None => (None, at, j + 1),
                    });
                }
            }
            b'"' | b'\'' | b'`' => {
                let (_, _, next) = quoted(text, j, limit, closers)?;
                j = next;
                continue;
            }
            b'\n' if blank_line(&b[j..j + 1 + leading_space(&b[j + 1..limit])]) => return None,
            // Markup inside an expression is no string parameter; stopping there keeps prose
            // full of `<Name x={` from costing a look-ahead each.
            b'<' if b.get(j + 1).is_some_and(u8::is_ascii_alphabetic) => return None,
            _ => {}
        }
        j += 1;
    }
    None
}

/// The photo a tag's parameters describe, when its name or a parameter is about an image.
fn figure(start: usize, params: &[Param]) -> Option<TagFigure> {
    let lower = |s: &str| s.to_ascii_lowercase();
    let named = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            params
                .iter()
                .find(|p| lower(&p.key) == *k)
                .and_then(|p| p.value.as_ref().map(|v| (v.trim().to_string(), p.at)))
                .filter(|(v, _)| !v.is_empty())
        })
    };
    // The tag's name and bare words (`include figure.html`) say what it is.
    let figure_named = params
        .iter()
        .filter(|p| p.key.is_empty())
        .filter_map(|p| p.value.as_deref())
        .take(2)
        .any(|w| FIGURE_WORDS.iter().any(|f| lower(w).contains(f)));
    let src = params
        .iter()
        .find(|p| {
            let k = lower(&p.key);
            !k.is_empty() && IMAGE_WORDS.iter().any(|w| k.contains(w))
        })
        .and_then(|p| p.value.clone());
    if !figure_named && src.is_none() {
        return None;
    }
    let caption = match (named(&["caption", "figcaption"]), named(&["title"])) {
        (Some((c, at)), Some((t, _))) if !c.contains(&t) => {
            let sep = if t.ends_with(['.', '!', '?', ':']) {
                " "
            } else {
                ". "
            };
            Some((format!("{t}{sep}{c}"), at))
        }
        (Some(c), _) => Some(c),
        (None, t) => t,
    };
    Some(TagFigure {
        start,
        src,
        alt: named(&["alt"]).map(|(a, _)| a),
        caption,
        credit: named(CREDIT_KEYS).map(|(c, _)| c),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> TagFigure {
        let tags = scan(text, &[], true);
        assert_eq!(tags.figures.len(), 1, "{tags:?}");
        tags.figures[0].clone()
    }

    #[test]
    fn shortcodes_liquid_and_components() {
        let t = "x {{< figure src=\"a.jpg\" caption=\"Boats in Oria.\" attr=\"Lu Pi\" >}} y";
        let f = one(t);
        assert_eq!(f.src.as_deref(), Some("a.jpg"));
        assert_eq!(f.caption.as_ref().map(|c| &t[c.1..c.1 + 5]), Some("Boats"));
        assert_eq!(f.credit.as_deref(), Some("Lu Pi"));
        let f = one("{% include figure.html image_path=\"/i/a.jpg\" caption=\"A pier.\" %}");
        assert_eq!(f.caption.map(|c| c.0).as_deref(), Some("A pier."));
        let f = one("<Figure src=\"/a.jpg\" caption={\"Dunes at dawn.\"} credit='Ana Sol' />");
        assert_eq!(f.caption.map(|c| c.0).as_deref(), Some("Dunes at dawn."));
        assert_eq!(f.credit.as_deref(), Some("Ana Sol"));
        let f = one("<Photo src={img}>\n  The *old* mill.\n</Photo>");
        assert_eq!(f.caption.map(|c| c.0).as_deref(), Some("The *old* mill."));
        let f = one("{{% img src=\"b.png\" title=\"Harbour\" caption=\"Cranes at rest\" %}}");
        assert_eq!(
            f.caption.map(|c| c.0).as_deref(),
            Some("Harbour. Cranes at rest")
        );
    }

    #[test]
    fn other_tags_are_blanked_without_a_photo() {
        let t = "import X from './x'\n\n<Callout title=\"Note\">Hi</Callout> {{< youtube id=\"1\" >}} {{</* figure src=\"a\" */>}} {/* c */}";
        let tags = scan(t, &[], true);
        assert!(tags.figures.is_empty(), "{tags:?}");
        assert_eq!(tags.blank.len(), 6, "{tags:?}");
        // Prose with a stray brace or angle bracket is left alone.
        let tags = scan(
            "a < b and {c} and <IMG SRC=x> and {{ site.url }}",
            &[],
            false,
        );
        assert!(tags.blank.is_empty() && tags.figures.is_empty(), "{tags:?}");
        let _ = scan("{{< figure caption=\"unclosed", &[], true);
        let _ = scan("<Figure caption={{{{", &[], true);
    }

    #[test]
    fn code_is_skipped() {
        let t = "`{{< figure src=\"a\" caption=\"b\" >}}`";
        let code: Vec<Range<usize>> = std::iter::once(0..t.len()).collect();
        assert!(scan(t, &code, false).figures.is_empty());
    }
}
