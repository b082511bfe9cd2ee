//! A fast HTML tokenizer for the common page, feeding html5ever's own tree builder.
//!
//! html5ever's tokenizer reads a page one character at a time through a state machine with
//! buffer queues; on the pruned corpus it is most of the parse. This one jumps between `<` and
//! `&` with `memchr` and hands the tree builder the same tokens, so the tree, built by the same
//! tree builder, is the same. It follows the tokenizer's rules for what pages contain: tags and
//! attributes in all their quoting forms, comments (including `<!-->` and `--!>`), doctypes of
//! the usual forms, bogus comments, RCDATA/RAWTEXT/script/PLAINTEXT states as the tree builder
//! asks for them, and character references by html5ever's own table and rules.
//!
//! Where a page holds something whose tokenization it does not follow exactly (a NUL, CDATA, a
//! tag or comment cut off by the end of the file, an unusual doctype), it gives up and the
//! caller parses the page with html5ever: giving up is always safe, reading differently never
//! is. It also gives up on a page nesting deeper than `depth::MAX_DEPTH`, which the caller caps
//! before reading it again. `tests/tokenizer.rs` checks the trees against
//! html5ever's on random tag soups, the fixtures and the corpus.

use std::borrow::Cow;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{data, ns, Attribute, LocalName, QualName};
use scraper::{Html, HtmlTreeSink};

use super::{depth, kept_attrs, prune};

/// Why the fast path gave up on a page (the caller then uses html5ever's tokenizer).
#[derive(Debug, PartialEq, Eq)]
pub struct Unsupported;

/// The tree of `page` as `scraper::Html::parse_document` builds it, or `Unsupported` when the
/// page has something this tokenizer does not follow exactly.
pub fn parse_document(page: &str) -> Result<Html, Unsupported> {
    parse(page, false)
}

/// The tree of `parse::prune::prune(page)` as `scraper::Html::parse_document` builds it, read in
/// one pass over `page` (the pruning done on tokens instead of bytes): script bodies other than
/// JSON-LD and style bodies are left out, and so are the attributes no pass reads (`href`
/// keeps its name only). Where `prune` copies the rest of a page verbatim (after `<select>`,
/// in foreign content it does not follow), this one goes on pruning, so the trees may differ
/// there, but only in those unread bodies and attributes. `Unsupported` as for `parse_document`.
pub fn parse_pruned(page: &str) -> Result<Html, Unsupported> {
    parse(page, true)
}

fn parse(page: &str, prune: bool) -> Result<Html, Unsupported> {
    if memchr::memchr(0, page.as_bytes()).is_some() {
        return Err(Unsupported);
    }
    // The input stream's preprocessing: a leading byte-order mark is dropped and every CR or
    // CR LF becomes LF, before any tokenizer state sees the text.
    let page = page.strip_prefix('\u{feff}').unwrap_or(page);
    // html5ever also drops a byte-order mark met just after a `</script>` or `<meta charset>`
    // (where its driver re-enters the tokenizer); rather than copy that, such pages go to it.
    if page.contains('\u{feff}') {
        return Err(Unsupported);
    }
    let page: Cow<str> = if memchr::memchr(b'\r', page.as_bytes()).is_some() {
        Cow::Owned(page.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(page)
    };
    // Room for the nodes: the corpus's pages hold one node per 32 to 430 bytes (median 63).
    // Capped so that a huge page reserves no more than a few tens of megabytes up front.
    let mut html = Html::new_document();
    html.tree =
        ego_tree::Tree::with_capacity(scraper::Node::Document, (page.len() / 48).min(1 << 18));
    let builder = TreeBuilder::new(HtmlTreeSink::new(html), TreeBuilderOpts::default());
    let mut run = Run {
        src: &page,
        at: 0,
        builder: &builder,
        text: StrTendril::new(),
        last_start: None,
        last_start_at: (0, 0),
        prune,
        depth: 0,
    };
    run.data()?;
    run.flush();
    let _ = builder.process_token(Token::EOFToken, 1);
    builder.end();
    Ok(html5ever::tree_builder::TreeSink::finish(builder.sink))
}

/// One line per node of `doc` in document order (its parent's position, then what it is:
/// names, attributes in order, text, comments, doctype), for comparing two trees in tests and
/// in the differential fuzz target.
pub fn tree_lines(doc: &Html) -> Vec<String> {
    use scraper::Node;
    let mut position = std::collections::HashMap::new();
    let mut out = Vec::new();
    for n in doc.tree.root().descendants() {
        position.insert(n.id(), out.len());
        let parent = n
            .parent()
            .and_then(|p| position.get(&p.id()).copied())
            .map_or(-1, |p| p as isize);
        let what = match n.value() {
            Node::Document => "document".to_string(),
            Node::Fragment => "fragment".to_string(),
            Node::Doctype(d) => format!(
                "doctype {:?} {:?} {:?}",
                d.name(),
                d.public_id(),
                d.system_id()
            ),
            Node::ProcessingInstruction(_) => "pi".to_string(),
            Node::Comment(c) => format!("comment {:?}", &**c),
            Node::Text(t) => format!("text {:?}", &**t),
            Node::Element(e) => {
                let attrs: Vec<String> = e
                    .attrs
                    .iter()
                    .map(|(q, v)| format!("{:?}:{}:{}={:?}", q.prefix, q.ns, q.local, &**v))
                    .collect();
                format!(
                    "<{:?}:{}:{} {}>",
                    e.name.prefix,
                    e.name.ns,
                    e.name.local,
                    attrs.join(" ")
                )
            }
        };
        out.push(format!("{parent} {what}"));
    }
    out
}

/// Characters that end an unquoted tag or attribute name (HTML's ASCII whitespace).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// The tokenizer's position in one page and the tree builder it feeds.
struct Run<'p, 'b> {
    src: &'p str,
    at: usize,
    builder: &'b TreeBuilder<Handle, HtmlTreeSink>,
    /// Character data not yet handed over (text runs and decoded references between tags).
    text: StrTendril,
    /// The last start tag's name, which RCDATA and RAWTEXT content ends at.
    last_start: Option<LocalName>,
    /// Where the last start tag began (its `<`) and ended, for the JSON-LD test of a script.
    last_start_at: (usize, usize),
    /// Whether unread attributes and script and style bodies are left out (`parse_pruned`).
    prune: bool,
    /// Open elements as `depth::cap_depth` counts them; past `depth::MAX_DEPTH` the page is
    /// given up, so that the caller caps it first (the tree builder's cost grows with depth).
    depth: usize,
}

/// The tree builder's node handle type for `scraper`'s sink.
type Handle = <HtmlTreeSink as html5ever::tree_builder::TreeSink>::Handle;

/// What the tree builder asked the tokenizer to do after a start tag.
enum Next {
    Data,
    Raw(RawKind),
    Plaintext,
}

impl<'p> Run<'p, '_> {
    fn bytes(&self) -> &'p [u8] {
        self.src.as_bytes()
    }

    /// `src[from..to]`; both ends sit at ASCII bytes or the ends of the page, so they are
    /// character boundaries, and `get` turns any mistake into giving up rather than a panic.
    fn slice(&self, from: usize, to: usize) -> Result<&'p str, Unsupported> {
        self.src.get(from..to).ok_or(Unsupported)
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            let _ = self.builder.process_token(Token::CharacterTokens(text), 1);
        }
    }

    fn emit(&mut self, token: Token) -> TokenSinkResult<Handle> {
        self.flush();
        self.builder.process_token(token, 1)
    }

    /// The data state, to the end of the page.
    fn data(&mut self) -> Result<(), Unsupported> {
        loop {
            let rest = self.bytes().get(self.at..).unwrap_or(&[]);
            let Some(off) = memchr::memchr2(b'<', b'&', rest) else {
                let run = self.slice(self.at, self.src.len())?;
                self.text.push_slice(run);
                self.at = self.src.len();
                return Ok(());
            };
            let p = self.at + off;
            let run = self.slice(self.at, p)?;
            self.text.push_slice(run);
            self.at = p;
            if self.bytes()[p] == b'&' {
                // p < len: memchr found it there.
                self.at = p + 1;
                self.char_ref();
                continue;
            }
            match self.markup()? {
                Next::Data => {}
                Next::Raw(kind) => self.raw(kind)?,
                Next::Plaintext => {
                    let run = self.slice(self.at, self.src.len())?;
                    self.text.push_slice(run);
                    self.at = self.src.len();
                    return Ok(());
                }
            }
        }
    }

    /// Whatever starts at the `<` at `self.at`: a tag, comment, doctype, bogus comment or a
    /// literal `<`.
    fn markup(&mut self) -> Result<Next, Unsupported> {
        let p = self.at;
        let b = self.bytes();
        match b.get(p + 1).copied() {
            Some(c) if c.is_ascii_alphabetic() => self.tag(p + 1, TagKind::StartTag),
            Some(b'/') => match b.get(p + 2).copied() {
                Some(c) if c.is_ascii_alphabetic() => self.tag(p + 2, TagKind::EndTag),
                Some(b'>') => {
                    self.at = p + 3;
                    Ok(Next::Data)
                }
                None => {
                    self.text.push_slice("</");
                    self.at = p + 2;
                    Ok(Next::Data)
                }
                Some(_) => self.bogus_comment(p + 2),
            },
            Some(b'!') => self.declaration(p + 2),
            Some(b'?') => self.bogus_comment(p + 1),
            _ => {
                self.text.push_char('<');
                self.at = p + 1;
                Ok(Next::Data)
            }
        }
    }

    /// A comment whose data runs from `from` to the next `>` (or the end of the page).
    fn bogus_comment(&mut self, from: usize) -> Result<Next, Unsupported> {
        let rest = self.bytes().get(from..).unwrap_or(&[]);
        let (end, next) = match memchr::memchr(b'>', rest) {
            Some(off) => (from + off, from + off + 1),
            None => (self.src.len(), self.src.len()),
        };
        let data = StrTendril::from_slice(self.slice(from, end)?);
        let _ = self.emit(Token::CommentToken(data));
        self.at = next;
        Ok(Next::Data)
    }

    /// After `<!`: a comment, a doctype, or a bogus comment.
    fn declaration(&mut self, from: usize) -> Result<Next, Unsupported> {
        let rest = self.bytes().get(from..).unwrap_or(&[]);
        if rest.starts_with(b"--") {
            return self.comment(from + 2);
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"DOCTYPE") {
            return self.doctype(from + 7);
        }
        if rest.starts_with(b"[CDATA[") {
            return Err(Unsupported);
        }
        self.bogus_comment(from)
    }

    /// A comment after `<!--`: it ends at the first `-->` or `--!>`, or at once with `>` or
    /// `->` (the tokenizer's comment states come to exactly this).
    fn comment(&mut self, from: usize) -> Result<Next, Unsupported> {
        let rest = self.bytes().get(from..).unwrap_or(&[]);
        let (end, next) = if rest.starts_with(b">") {
            (from, from + 1)
        } else if rest.starts_with(b"->") {
            (from, from + 2)
        } else {
            // Dashes overlap (`--->`), so each search starts one byte after the last.
            let mut found = None;
            let mut pos = 0;
            while let Some(off) = rest.get(pos..).and_then(|r| memchr::memmem::find(r, b"--")) {
                let at = pos + off;
                let tail = rest.get(at + 2..).unwrap_or(&[]);
                if tail.starts_with(b">") {
                    found = Some((from + at, from + at + 3));
                    break;
                }
                if tail.starts_with(b"!>") {
                    found = Some((from + at, from + at + 4));
                    break;
                }
                pos = at + 1;
            }
            // A comment cut off by the end of the page: left to html5ever.
            found.ok_or(Unsupported)?
        };
        let data = StrTendril::from_slice(self.slice(from, end)?);
        let _ = self.emit(Token::CommentToken(data));
        self.at = next;
        Ok(Next::Data)
    }

    /// A doctype after `<!DOCTYPE`, in the forms pages use: a name, then nothing, or `PUBLIC`
    /// with one or two quoted identifiers, or `SYSTEM` with one.
    fn doctype(&mut self, from: usize) -> Result<Next, Unsupported> {
        let b = self.bytes();
        let mut p = from;
        let skip = |mut p: usize| {
            while b.get(p).is_some_and(|&c| is_space(c)) {
                p += 1;
            }
            p
        };
        if !b.get(p).is_some_and(|&c| is_space(c)) {
            return Err(Unsupported);
        }
        p = skip(p);
        let start = p;
        while b.get(p).is_some_and(|&c| c.is_ascii_alphanumeric()) {
            p += 1;
        }
        if p == start {
            return Err(Unsupported);
        }
        let name = self.slice(start, p)?.to_ascii_lowercase();
        p = skip(p);
        let quoted = |p: usize| -> Result<(String, usize), Unsupported> {
            let q = *b.get(p).ok_or(Unsupported)?;
            if q != b'"' && q != b'\'' {
                return Err(Unsupported);
            }
            let rest = b.get(p + 1..).ok_or(Unsupported)?;
            let off = memchr::memchr(q, rest).ok_or(Unsupported)?;
            let id = self.slice(p + 1, p + 1 + off)?;
            if id.contains('>') {
                return Err(Unsupported);
            }
            Ok((id.to_string(), p + 2 + off))
        };
        // `PUBLIC` or `SYSTEM`, then space, then the first quoted identifier.
        let keyword = b.get(p..p + 6).map(|k| {
            (
                k.eq_ignore_ascii_case(b"PUBLIC"),
                k.eq_ignore_ascii_case(b"SYSTEM"),
            )
        });
        let (mut public_id, mut system_id) = (None, None);
        if let Some((public, system)) = keyword.filter(|(public, system)| *public || *system) {
            if !b.get(p + 6).is_some_and(|&c| is_space(c)) {
                return Err(Unsupported);
            }
            let (id, after) = quoted(skip(p + 6))?;
            p = after;
            if system {
                system_id = Some(id);
            } else if public {
                public_id = Some(id);
                // A system identifier may follow the public one, after space.
                let q = skip(p);
                if q > p && matches!(b.get(q), Some(b'"' | b'\'')) {
                    let (id, after) = quoted(q)?;
                    system_id = Some(id);
                    p = after;
                }
            }
        }
        p = skip(p);
        if b.get(p) != Some(&b'>') {
            return Err(Unsupported);
        }
        let doctype = Doctype {
            name: Some(StrTendril::from(name)),
            public_id: public_id.map(StrTendril::from),
            system_id: system_id.map(StrTendril::from),
            force_quirks: false,
        };
        let _ = self.emit(Token::DoctypeToken(doctype));
        self.at = p + 1;
        Ok(Next::Data)
    }

    /// A start or end tag whose name begins at `from` (an ASCII letter), with its attributes.
    fn tag(&mut self, from: usize, kind: TagKind) -> Result<Next, Unsupported> {
        let b = self.bytes();
        let mut p = from;
        while b
            .get(p)
            .is_some_and(|&c| !is_space(c) && c != b'/' && c != b'>')
        {
            p += 1;
        }
        if p >= b.len() {
            return Err(Unsupported);
        }
        let name = LocalName::from(lowered(self.slice(from, p)?).as_ref());
        // The formatting elements keep every attribute: the tree builder compares them.
        let prune = self.prune && !kept_attrs::keeps_all(&name);
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut duplicate = false;
        let mut self_closing = false;
        loop {
            let b = self.bytes();
            // Before an attribute name.
            while b.get(p).is_some_and(|&c| is_space(c)) {
                p += 1;
            }
            match b.get(p).copied() {
                None => return Err(Unsupported),
                Some(b'>') => {
                    p += 1;
                    break;
                }
                Some(b'/') => {
                    if b.get(p + 1) == Some(&b'>') {
                        self_closing = true;
                        p += 2;
                        break;
                    }
                    p += 1;
                    continue;
                }
                Some(_) => {}
            }
            // The name: a leading `=` is part of it; it ends at space, `/`, `>` or `=`.
            let start = p;
            p += 1;
            while b
                .get(p)
                .is_some_and(|&c| !is_space(c) && c != b'/' && c != b'>' && c != b'=')
            {
                p += 1;
            }
            let raw_name = self.slice(start, p)?;
            let keep = !prune || kept_attrs::is_kept(raw_name.as_bytes());
            let keep_value = keep && !(prune && kept_attrs::presence_only(raw_name.as_bytes()));
            // After the name.
            let mut q = p;
            while b.get(q).is_some_and(|&c| is_space(c)) {
                q += 1;
            }
            let mut value = StrTendril::new();
            if b.get(q) == Some(&b'=') {
                q += 1;
                while b.get(q).is_some_and(|&c| is_space(c)) {
                    q += 1;
                }
                match b.get(q).copied() {
                    None => return Err(Unsupported),
                    Some(b'>') => p = q,
                    Some(quote @ (b'"' | b'\'')) => {
                        let rest = b.get(q + 1..).unwrap_or(&[]);
                        let off = memchr::memchr(quote, rest).ok_or(Unsupported)?;
                        let end = q + 1 + off;
                        if keep_value {
                            value = self.attr_value(q + 1, end)?;
                        }
                        p = end + 1;
                        // After a quoted value anything but space, `/` or `>` starts the next
                        // attribute at once, as the next loop turn does.
                    }
                    Some(_) => {
                        let mut end = q;
                        while b.get(end).is_some_and(|&c| !is_space(c) && c != b'>') {
                            end += 1;
                        }
                        if end >= b.len() {
                            return Err(Unsupported);
                        }
                        if keep_value {
                            value = self.attr_value(q, end)?;
                        }
                        p = end;
                    }
                }
            } else {
                // No value: whatever follows the spaces starts the next attribute (or ends the
                // tag); the spaces were only skipped to look for `=`.
                p = q;
            }
            if !keep {
                continue;
            }
            let local = LocalName::from(&*lowered(raw_name));
            if attrs.iter().any(|a| a.name.local == local) {
                duplicate = true;
            } else {
                attrs.push(Attribute {
                    name: QualName::new(None, ns!(), local),
                    value,
                });
            }
        }
        self.at = p;
        if kind == TagKind::StartTag {
            if !self_closing && !depth::uncounted(&name) && !depth::raw_text(&name) {
                self.depth += 1;
                if self.depth > depth::MAX_DEPTH {
                    return Err(Unsupported);
                }
            }
        } else if !depth::uncounted(&name) {
            self.depth = self.depth.saturating_sub(1);
        }
        if kind == TagKind::StartTag {
            // After these the tree builder drops a leading LF of the next token, and a parse
            // error counts as that token: `</>` or a reference without `;` would keep the LF.
            let rest = self.bytes().get(p..).unwrap_or(&[]);
            if matches!(&*name, "pre" | "listing" | "textarea")
                && (rest.starts_with(b"&") || rest.starts_with(b"</>"))
            {
                return Err(Unsupported);
            }
            self.last_start = Some(name.clone());
            self.last_start_at = (from.saturating_sub(1), p);
        }
        let token = Token::TagToken(Tag {
            kind,
            name,
            self_closing,
            attrs,
            had_duplicate_attributes: duplicate,
        });
        Ok(match self.emit(token) {
            TokenSinkResult::RawData(kind) => Next::Raw(kind),
            TokenSinkResult::Plaintext => Next::Plaintext,
            _ => Next::Data,
        })
    }

    /// An attribute value from `from` to `to` with its character references decoded.
    fn attr_value(&mut self, from: usize, to: usize) -> Result<StrTendril, Unsupported> {
        Ok(match decoded(self.slice(from, to)?, true) {
            Cow::Borrowed(raw) => StrTendril::from_slice(raw),
            Cow::Owned(out) => StrTendril::from(out),
        })
    }

    /// A character reference in text, after the `&` at `self.at - 1`.
    fn char_ref(&mut self) {
        let rest = self.src.get(self.at..).unwrap_or("");
        let (decoded, used) = reference(rest, false);
        match decoded {
            Some(d) => self.text.push_slice(&d),
            None => self.text.push_char('&'),
        }
        self.at += used;
    }

    /// RCDATA, RAWTEXT or script data up to the end tag of the last start tag.
    fn raw(&mut self, kind: RawKind) -> Result<(), Unsupported> {
        let name = self.last_start.clone().ok_or(Unsupported)?;
        let b = self.bytes();
        let mut end = None;
        if kind == RawKind::ScriptData {
            // Script data has escaped states (`<!--`, `<!-- <script>`) in which `</script>`
            // does not end it; `prune` follows them byte for byte.
            end = prune::script_end(b, self.at);
        }
        for off in memchr::memmem::find_iter(b.get(self.at..).unwrap_or(&[]), b"</") {
            if kind == RawKind::ScriptData {
                break;
            }
            let p = self.at + off;
            let n = name.len();
            let Some(candidate) = b.get(p + 2..p + 2 + n) else {
                break;
            };
            if candidate.eq_ignore_ascii_case(name.as_bytes())
                && b.get(p + 2 + n)
                    .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
            {
                end = Some(p);
                break;
            }
        }
        let Some(end) = end else {
            // Content to the end of the page: html5ever's end-of-file handling decides.
            return Err(Unsupported);
        };
        let content = self.slice(self.at, end)?;
        match kind {
            RawKind::Rcdata => self.text.push_slice(&decoded(content, false)),
            RawKind::Rawtext => {
                if !(self.prune && &*name == "style") {
                    self.text.push_slice(content);
                }
            }
            RawKind::ScriptData => {
                let (tag_start, tag_end) = self.last_start_at;
                let start_tag = b.get(tag_start..tag_end).unwrap_or(&[]);
                if !self.prune || prune::mentions_ld_json(start_tag) {
                    self.text.push_slice(content);
                }
            }
            RawKind::ScriptDataEscaped(_) => return Err(Unsupported),
        }
        self.at = end;
        // The end tag itself, read as any tag.
        match self.tag(end + 2, TagKind::EndTag)? {
            Next::Data => Ok(()),
            // An end tag never switches the tokenizer; if it did, html5ever would know why.
            _ => Err(Unsupported),
        }
    }
}

/// A tag or attribute name with ASCII capitals lowered, borrowed when it has none.
fn lowered(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// `raw` with its character references decoded (in an attribute value or not), borrowed when
/// it has none.
fn decoded(raw: &str, in_attribute: bool) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut at = 0;
    while let Some(off) = raw.get(at..).and_then(|r| r.find('&')) {
        out.push_str(&raw[at..at + off]); // `find` gives a character boundary
        let (decoded, used) = reference(&raw[at + off + 1..], in_attribute); // `&` is one byte
        match decoded {
            Some(d) => out.push_str(&d),
            None => out.push('&'),
        }
        at += off + 1 + used;
    }
    out.push_str(raw.get(at..).unwrap_or(""));
    Cow::Owned(out)
}

/// Decodes the character reference at the start of `rest` (just after an `&`), as html5ever's
/// character-reference tokenizer does: the decoded text, or `None` for a literal `&`, and how
/// many bytes of `rest` it used.
fn reference(rest: &str, in_attribute: bool) -> (Option<String>, usize) {
    let b = rest.as_bytes();
    match b.first() {
        Some(b'#') => numeric(rest),
        Some(c) if c.is_ascii_alphanumeric() => named(rest, in_attribute),
        _ => (None, 0),
    }
}

/// `#` followed by decimal digits or `x` and hex digits, with an optional `;`.
fn numeric(rest: &str) -> (Option<String>, usize) {
    let b = rest.as_bytes();
    let (base, mut p) = match b.get(1) {
        Some(b'x' | b'X') => (16, 2),
        _ => (10, 1),
    };
    let start = p;
    let mut num: u32 = 0;
    let mut too_big = false;
    while let Some(d) = b.get(p).and_then(|&c| (c as char).to_digit(base)) {
        num = num.wrapping_mul(base);
        if num > 0x10FFFF {
            too_big = true;
        }
        num = num.wrapping_add(d);
        p += 1;
    }
    if p == start {
        // No digits: `&#` (and the `x`) stay literal.
        return (None, 0);
    }
    if b.get(p) == Some(&b';') {
        p += 1;
    }
    let c = match num {
        n if n > 0x10FFFF || too_big => '\u{fffd}',
        0 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => match data::C1_REPLACEMENTS
            .get((num - 0x80) as usize)
            .copied()
            .flatten()
        {
            Some(c) => c,
            None => char::from_u32(num).unwrap_or('\u{fffd}'),
        },
        n => char::from_u32(n).unwrap_or('\u{fffd}'),
    };
    (Some(c.to_string()), p)
}

/// A named reference: the longest name in html5ever's table that the text starts with, with
/// the rule for attributes (a name without `;` followed by `=` or a letter or digit is text).
fn named(rest: &str, in_attribute: bool) -> (Option<String>, usize) {
    let b = rest.as_bytes();
    let mut matched: Option<((u32, u32), usize)> = None;
    let mut len = 0;
    // The table holds every prefix of every name, so the walk stops where no name continues.
    // Names are ASCII; a multi-byte character ends the walk (it is in no name).
    while len < b.len() && b[len].is_ascii() {
        let Some(key) = rest.get(..len + 1) else {
            break;
        };
        match data::NAMED_ENTITIES.get(key) {
            Some(&m) => {
                len += 1;
                if m.0 != 0 {
                    matched = Some((m, len));
                }
            }
            None => break,
        }
    }
    let Some(((c1, c2), name_len)) = matched else {
        return (None, 0);
    };
    let last = b[name_len - 1]; // name_len >= 1: a match has at least one character
    if last != b';' && in_attribute {
        if let Some(&next) = b.get(name_len) {
            if next == b'=' || next.is_ascii_alphanumeric() {
                return (None, 0);
            }
        }
    }
    let mut out = String::new();
    out.extend(char::from_u32(c1));
    if c2 != 0 {
        out.extend(char::from_u32(c2));
    }
    (Some(out), name_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_nesting_past_the_cap_are_given_back_to_be_capped() {
        let nest = |n: usize| format!("{}<p>x</p>{}", "<div>".repeat(n), "</div>".repeat(n));
        assert!(parse_pruned(&nest(depth::MAX_DEPTH)).is_ok());
        assert_eq!(
            parse_pruned(&nest(depth::MAX_DEPTH + 1)).err(),
            Some(Unsupported)
        );
        // Elements the cap does not count (void, optional end tags) do not add up.
        assert!(parse_pruned(&"<p><br><li>".repeat(3 * depth::MAX_DEPTH)).is_ok());
    }

    #[test]
    fn references_decode_as_html5ever_does() {
        assert_eq!(reference("amp;x", false), (Some("&".into()), 4));
        assert_eq!(reference("ampx", false), (Some("&".into()), 3));
        assert_eq!(reference("ampx", true), (None, 0));
        assert_eq!(reference("notit;", false), (Some("¬".into()), 3));
        assert_eq!(reference("notin;", false), (Some("∉".into()), 6));
        assert_eq!(reference("zzz;", false), (None, 0));
        assert_eq!(reference("#x41;", false), (Some("A".into()), 5));
        assert_eq!(reference("#65", false), (Some("A".into()), 3));
        assert_eq!(reference("#x80;", false), (Some("€".into()), 5));
        assert_eq!(reference("#0;", false), (Some("\u{fffd}".into()), 3));
        assert_eq!(reference("#;", false), (None, 0));
        assert_eq!(reference(" ", false), (None, 0));
    }
}
