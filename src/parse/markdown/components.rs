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
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'{', b'<', &b[at..]) {
        let p = at + i;
        at = p + 1;
        if in_code(p) {
            continue;
        }
        let found = if b[p] == b'{' {
            template(text, p, mdx)
        } else {
            component(text, p)
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
fn template(text: &str, p: usize, mdx: bool) -> Option<(usize, Option<TagFigure>)> {
    let rest = &text[p..];
    if mdx && rest.starts_with("{/*") {
        let end = memchr::memmem::find(&rest.as_bytes()[..rest.len().min(MAX_TAG_BYTES)], b"*/}")?;
        return Some((p + end + 3, None));
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
        let window = &text[inner_start..text.len().min(inner_start + MAX_TAG_BYTES)];
        let end = memchr::memmem::find(window.as_bytes(), close.as_bytes())?;
        return Some((inner_start + end + close.len(), None));
    }
    let (params, end) = params(text, inner_start, close, false)?;
    Some((end, figure(p, &params)))
}

/// A JSX component starting at `p` (`<Figure …/>`, `<Image …>children</Image>`, or its
/// closing tag): its end and the photo it stands for.
fn component(text: &str, p: usize) -> Option<(usize, Option<TagFigure>)> {
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
    let (mut params, end) = params(text, after, ">", true)?;
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
        let window = &text[end..text.len().min(end + MAX_CHILDREN_BYTES)];
        let closer = format!("</{name}>");
        if let Some(i) = window.find(&closer) {
            let inner = &window[..i];
            if f.caption.is_none() {
                let lead = inner.len() - inner.trim_start().len();
                let caption = strip_tags(inner);
                if !caption.is_empty() {
                    f.caption = Some((caption, end + lead));
                }
            }
            end += i + closer.len();
        }
    }
    Some((end, fig))
}

/// The text of a fragment with its tags taken out and its spaces folded.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads parameters from `from` up to `close`: `key="v"`, `key='v'`, `` key=`v` ``,
/// `key=v`, `key={"v"}`, `key={expr}` (no value), `"positional"`, bare words, `{...spread}`.
/// Returns them with the offset just past `close`.
fn params(text: &str, from: usize, close: &str, jsx: bool) -> Option<(Vec<Param>, usize)> {
    let b = text.as_bytes();
    let limit = text.len().min(from + MAX_TAG_BYTES);
    let mut out = Vec::new();
    let mut i = from;
    loop {
        while i < limit && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= limit {
            return None;
        }
        if text[i..].starts_with(close) {
            return Some((out, i + close.len()));
        }
        if jsx && text[i..].starts_with("/>") {
            return Some((out, i + 2));
        }
        match b[i] {
            b'"' | b'\'' | b'`' => {
                let (value, at, next) = quoted(text, i, limit)?;
                out.push(Param {
                    key: String::new(),
                    value: Some(value),
                    at,
                });
                i = next;
            }
            b'{' => {
                // A spread or a bare expression names no parameter.
                let (_, at, next) = expression(text, i, limit)?;
                out.push(Param {
                    key: String::new(),
                    value: None,
                    at,
                });
                i = next;
            }
            _ => {
                let start = i;
                while i < limit
                    && !b[i].is_ascii_whitespace()
                    && b[i] != b'='
                    && !text[i..].starts_with(close)
                    && !(jsx && text[i..].starts_with("/>"))
                {
                    i += 1;
                }
                let key = text[start..i].to_string();
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
                    let (value, at, next) = match b[j] {
                        b'"' | b'\'' | b'`' => {
                            let (v, at, next) = quoted(text, j, limit)?;
                            (Some(v), at, next)
                        }
                        b'{' => expression(text, j, limit)?,
                        _ => {
                            let s = j;
                            while j < limit
                                && !b[j].is_ascii_whitespace()
                                && !text[j..].starts_with(close)
                            {
                                j += 1;
                            }
                            (Some(text[s..j].to_string()), s, j)
                        }
                    };
                    out.push(Param { key, value, at });
                    i = next;
                } else {
                    if key.is_empty() {
                        // A byte no parameter starts with: not a tag after all.
                        return None;
                    }
                    out.push(Param {
                        key: String::new(),
                        value: Some(key),
                        at: start,
                    });
                }
            }
        }
    }
}

/// A quoted string at `i`: its text (backslash escapes read), where the text starts, and the
/// offset past the closing quote.
fn quoted(text: &str, i: usize, limit: usize) -> Option<(String, usize, usize)> {
    let b = text.as_bytes();
    let q = b[i];
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
        j += 1;
    }
    None
}

/// A JSX expression `{…}` at `i` (braces balanced, strings skipped): its value when it is a
/// single string literal, where that starts, and the offset past the closing brace.
fn expression(text: &str, i: usize, limit: usize) -> Option<(Option<String>, usize, usize)> {
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
                    let literal = quoted(text, at, j + 1)
                        .filter(|(_, _, next)| *next == at + inner.len())
                        .filter(|_| inner.starts_with(['"', '\'', '`']));
                    return Some(match literal {
                        Some((v, at, _)) => (Some(v), at, j + 1),
                        None => (None, at, j + 1),
                    });
                }
            }
            b'"' | b'\'' | b'`' => {
                let (_, _, next) = quoted(text, j, limit)?;
                j = next;
                continue;
            }
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
