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
//! page is parsed by html5ever's own tokenizer and pruned on the tree ([`parse_read`]): giving
//! up is always safe, reading differently never is. It also gives up on a page nesting deeper than `depth::MAX_DEPTH`, which the caller caps
//! before reading it again. `tests/tokenizer.rs` checks the trees against
//! html5ever's on random tag soups, the fixtures and the corpus.
//!
//! The byte-level rules (whitespace, where a comment, a bogus comment, raw text, script data
//! and a tag end) are functions here that `depth::cap_depth` uses too, so the two scans of a
//! page cannot disagree on them.

use std::borrow::Cow;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{data, ns, Attribute, LocalName, QualName};
use scraper::{Html, HtmlTreeSink, Node};

use super::depth;
use super::kept_attrs::{self, Keep};
use crate::budget::{BudgetError, Deadline};

/// Why the fast path gave up on a page (the caller then uses html5ever's tokenizer).
#[derive(Debug, PartialEq, Eq)]
pub struct Unsupported;

/// Why a read with a deadline stopped: the page needs html5ever's tokenizer, or the time ran out.
#[derive(Debug, PartialEq, Eq)]
pub enum Halt {
    /// The page has something this tokenizer does not follow exactly.
    Unsupported,
    /// The document's time budget ran out while the page was read.
    TimedOut(BudgetError),
}

/// What a page's reading is called when its time runs out.
pub const STAGE: &str = "parsing the page";

/// Tags, references and text runs read between two looks at the deadline: a few
/// microseconds' work, so that a page stops soon after its time is up at no cost.
const DEADLINE_EVERY: u32 = 256;

/// The tree of `page` as `scraper::Html::parse_document` builds it, or `Unsupported` when the
/// page has something this tokenizer does not follow exactly.
pub fn parse_document(page: &str) -> Result<Html, Unsupported> {
    parse(page, false, &Deadline::never()).map_err(|_| Unsupported)
}

/// The tree the passes read, in one pass over `page`: script bodies other than JSON-LD and
/// style bodies are left out as they are read, and so are the attributes no pass reads
/// (`kept_attrs`; `href` keeps its name only). It is `parse_document`'s tree pruned by
/// [`prune_tree`]. `Unsupported` as for `parse_document`.
pub fn parse_pruned(page: &str) -> Result<Html, Unsupported> {
    parse(page, true, &Deadline::never()).map_err(|_| Unsupported)
}

/// `parse_pruned` that stops once `deadline` passes.
pub fn parse_pruned_within(page: &str, deadline: &Deadline) -> Result<Html, Halt> {
    parse(page, true, deadline)
}

/// The tree the passes read of a page within the depth cap: `parse_pruned`'s, or where that
/// gives up, html5ever's own (its tokenizer and tree builder) pruned by [`prune_tree`].
pub fn parse_read(page: &str) -> Html {
    // A deadline that never passes stops nothing: the error branch is never taken.
    parse_read_within(page, &Deadline::never()).unwrap_or_else(|_| Html::new_document())
}

/// `parse_read` that stops once `deadline` passes, on either path: html5ever's own reading, for
/// the few pages that need it, is fed the page [`FEED_BYTES`] at a time with a look at the
/// deadline between pieces.
pub fn parse_read_within(page: &str, deadline: &Deadline) -> Result<Html, BudgetError> {
    match parse(page, true, deadline) {
        Ok(doc) => Ok(doc),
        Err(Halt::TimedOut(e)) => Err(e),
        Err(Halt::Unsupported) => {
            let mut doc = html5ever_fed(page, FEED_BYTES, deadline)?;
            deadline.check(STAGE)?;
            prune_tree(&mut doc);
            Ok(doc)
        }
    }
}

/// The piece of a page html5ever reads between two looks at the deadline: about a millisecond
/// of its reading.
pub const FEED_BYTES: usize = 64 << 10;

/// html5ever's own tree of `page` (`Html::parse_document`'s), its tokenizer fed about `piece`
/// bytes at a time (cut at character boundaries) and the deadline looked at after each piece.
/// The tokenizer reads a stream, so the tree does not depend on where the pieces are cut
/// (`tests/it/tokenizer.rs` checks it on random soups cut into pieces of 1 to 16 bytes), with
/// one exception kept out: each feed drops a byte-order mark at the head of its input, so no
/// piece but the first starts with one.
pub fn html5ever_fed(page: &str, piece: usize, deadline: &Deadline) -> Result<Html, BudgetError> {
    use html5ever::tendril::TendrilSink;
    let mut parser = html5ever::driver::parse_document(
        HtmlTreeSink::new(Html::new_document()),
        Default::default(),
    );
    let mut rest = page;
    while !rest.is_empty() {
        // The end of `rest` is a character boundary, so the search stops by then.
        let mut cut = piece.max(1).min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        while rest.get(cut..).is_some_and(|t| t.starts_with('\u{feff}')) {
            cut += '\u{feff}'.len_utf8();
        }
        let (head, tail) = rest.split_at(cut);
        parser.process(StrTendril::from_slice(head));
        deadline.check(STAGE)?;
        rest = tail;
    }
    Ok(parser.finish())
}

/// Leaves out of a whole page's tree what `parse_pruned` leaves out as it reads: the text of
/// HTML `script` (other than JSON-LD) and `style` elements, and the attributes `kept_attrs`
/// does not keep (every one kept on formatting elements, whose attributes the tree builder
/// compares), the values of those kept by name only emptied. Linear in the tree's size.
pub fn prune_tree(doc: &mut Html) {
    let ids: Vec<_> = doc.tree.nodes().map(|n| n.id()).collect();
    for id in ids {
        let unread_text = doc.tree.get(id).is_some_and(|n| {
            n.value().is_text()
                && n.parent()
                    .and_then(|p| p.value().as_element().map(unread_body))
                    .unwrap_or(false)
        });
        let Some(mut node) = doc.tree.get_mut(id) else {
            continue;
        };
        if unread_text {
            node.detach();
            continue;
        }
        let Node::Element(e) = node.value() else {
            continue;
        };
        if kept_attrs::keeps_all(e.name()) {
            continue;
        }
        e.attrs.retain_mut(|(q, v)| {
            // The tokenizer judges a name as written (`xlink:href`); the tree builder splits
            // the prefix off in foreign content.
            let keep = match &q.prefix {
                Some(prefix) => kept_attrs::keep(format!("{prefix}:{}", q.local).as_bytes()),
                None => kept_attrs::keep(q.local.as_bytes()),
            };
            match keep {
                Keep::All => true,
                Keep::Name => {
                    *v = StrTendril::new();
                    true
                }
                Keep::Nothing => false,
            }
        });
    }
}

/// Whether the text of the element `e` is left out: an HTML `style`, or an HTML `script` other
/// than JSON-LD.
fn unread_body(e: &scraper::node::Element) -> bool {
    e.name.ns == ns!(html)
        && match e.name() {
            "style" => true,
            "script" => !e.attr("type").is_some_and(is_json_ld),
            _ => false,
        }
}

/// Whether a script's `type` makes it JSON-LD, which `meta` reads.
pub(crate) fn is_json_ld(ty: &str) -> bool {
    ty.as_bytes()
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

/// `page` with every CR LF and every lone CR as LF, in one pass (`str::replace` twice would
/// search for the pair with a substring searcher and then copy the page again).
fn lf_newlines(page: &str) -> String {
    let bytes = page.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut from = 0;
    // A CR LF's LF is never a CR, so every CR found lies at or after `from`.
    for cr in memchr::memchr_iter(b'\r', bytes) {
        out.extend_from_slice(bytes.get(from..cr).unwrap_or_default());
        out.push(b'\n');
        from = if bytes.get(cr + 1) == Some(&b'\n') {
            cr + 2
        } else {
            cr + 1
        };
    }
    out.extend_from_slice(bytes.get(from..).unwrap_or_default());
    // Only ASCII CR and LF bytes were replaced or dropped, each on its own, so the bytes are
    // still UTF-8; the lossy conversion copies nothing then.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether `page` holds a NUL, a CR, and a byte-order mark, found in one pass over it: the
/// marks' bytes are rare in pages, so the scan stops seldom (a BOM starts with 0xEF, which
/// otherwise leads only the characters U+F000 to U+FFFF).
fn preprocessing_marks(page: &[u8]) -> (bool, bool, bool) {
    let (mut nul, mut cr, mut bom) = (false, false, false);
    for i in memchr::memchr3_iter(0, b'\r', 0xEF, page) {
        match page.get(i) {
            Some(0) => nul = true,
            Some(b'\r') => cr = true,
            _ => {
                bom |= page
                    .get(i..)
                    .is_some_and(|r| r.starts_with("\u{feff}".as_bytes()))
            }
        }
        if nul {
            break;
        }
    }
    (nul, cr, bom)
}

fn parse(page: &str, prune: bool, deadline: &Deadline) -> Result<Html, Halt> {
    // The input stream's preprocessing: a leading byte-order mark is dropped and every CR or
    // CR LF becomes LF, before any tokenizer state sees the text.
    let page = page.strip_prefix('\u{feff}').unwrap_or(page);
    let (nul, cr, bom) = preprocessing_marks(page.as_bytes());
    // html5ever also drops a byte-order mark met just after a `</script>` or `<meta charset>`
    // (where its driver re-enters the tokenizer); rather than copy that, such pages go to it.
    if nul || bom {
        return Err(Halt::Unsupported);
    }
    let page: Cow<str> = if cr {
        Cow::Owned(lf_newlines(page))
    } else {
        Cow::Borrowed(page)
    };
    // Room for the nodes: the corpus's pages hold 0.5 to 1.5 nodes per `<` (median 1.2), while
    // their bytes per node vary tenfold with the size of their scripts. Room reserved and never
    // used still costs: the allocator places other data past it, in memory not yet touched.
    // Capped so that a huge page reserves no more than a few tens of megabytes up front.
    let tags = memchr::memchr_iter(b'<', page.as_bytes()).count();
    let mut html = Html::new_document();
    html.tree = ego_tree::Tree::with_capacity(
        scraper::Node::Document,
        (tags.saturating_mul(3) / 2 + 16).min(1 << 18),
    );
    let builder = TreeBuilder::new(HtmlTreeSink::new(html), TreeBuilderOpts::default());
    let mut run = Scan {
        src: &page,
        at: 0,
        builder: &builder,
        text: StrTendril::new(),
        names: Names::new(),
        last_start: None,
        json_ld: false,
        prune,
        depth: 0,
        deadline,
        steps: 0,
        timed_out: None,
    };
    if run.data().is_err() {
        return Err(run
            .timed_out
            .take()
            .map_or(Halt::Unsupported, Halt::TimedOut));
    }
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

/// HTML's ASCII whitespace, which ends tag and attribute names and unquoted values. CR is
/// among it: `parse` turns it into LF before reading, `depth::cap_depth` reads pages as they are.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// The tokenizer's position in one page and the tree builder it feeds.
struct Scan<'p, 'b> {
    src: &'p str,
    at: usize,
    builder: &'b TreeBuilder<Handle, HtmlTreeSink>,
    /// Character data not yet handed over (text runs and decoded references between tags).
    text: StrTendril,
    /// The tag and attribute names met so far, with what the scan needs to know of each.
    names: Names,
    /// The last start tag's name, which RCDATA and RAWTEXT content ends at.
    last_start: Option<LocalName>,
    /// Whether the last start tag's `type` makes it JSON-LD (read for `script`).
    json_ld: bool,
    /// Whether unread attributes and script and style bodies are left out (`parse_pruned`).
    prune: bool,
    /// Open elements as `depth::cap_depth` counts them; past `depth::MAX_DEPTH` the page is
    /// given up, so that the caller caps it first (the tree builder's cost grows with depth).
    depth: usize,
    /// When the document's time is up.
    deadline: &'b Deadline,
    /// Steps of the data state since the start, for looking at the deadline now and then.
    steps: u32,
    /// Set when the scan stopped because the deadline passed (it then returns `Unsupported`).
    timed_out: Option<BudgetError>,
}

/// The tree builder's node handle type for `scraper`'s sink.
type Handle = <HtmlTreeSink as html5ever::tree_builder::TreeSink>::Handle;

/// What the tree builder asked the tokenizer to do after a start tag.
enum Next {
    Data,
    Raw(RawKind),
    Plaintext,
}

impl<'p> Scan<'p, '_> {
    fn bytes(&self) -> &'p [u8] {
        self.src.as_bytes()
    }

    /// `src[from..to]`; both ends sit at ASCII bytes or the ends of the page, so they are
    /// character boundaries, and `get` turns any mistake into giving up rather than a panic.
    fn slice(&self, from: usize, to: usize) -> Result<&'p str, Unsupported> {
        self.src.get(from..to).ok_or(Unsupported)
    }

    /// Adds `src[from..to]` to the pending character data.
    fn push_run(&mut self, from: usize, to: usize) -> Result<(), Unsupported> {
        let run = self.slice(from, to)?;
        self.text.push_slice(run);
        Ok(())
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
            self.steps = self.steps.wrapping_add(1);
            if self.steps.is_multiple_of(DEADLINE_EVERY) {
                if let Err(e) = self.deadline.check(STAGE) {
                    self.timed_out = Some(e);
                    return Err(Unsupported);
                }
            }
            let rest = self.bytes().get(self.at..).unwrap_or(&[]);
            let Some(off) = memchr::memchr2(b'<', b'&', rest) else {
                self.push_run(self.at, self.src.len())?;
                self.at = self.src.len();
                return Ok(());
            };
            let p = self.at + off;
            self.push_run(self.at, p)?;
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
                    self.push_run(self.at, self.src.len())?;
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
        let (end, next) = bogus_comment_end(self.bytes(), from);
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

    /// A comment after `<!--` (see [`comment_end`]).
    fn comment(&mut self, from: usize) -> Result<Next, Unsupported> {
        // A comment cut off by the end of the page: left to html5ever.
        let (end, next) = comment_end(self.bytes(), from).ok_or(Unsupported)?;
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
        let mut p = name_end(self.bytes(), from);
        if p >= self.src.len() {
            return Err(Unsupported);
        }
        let tag = self.names.look_up(self.slice(from, p)?);
        let name = tag.atom();
        // The formatting elements keep every attribute: the tree builder compares them.
        let prune = self.prune && !tag.keeps_all;
        let counted = tag.counted;
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut duplicate = false;
        let self_closing;
        loop {
            let (name_at, value_at) = match attr_step(self.bytes(), p).ok_or(Unsupported)? {
                Step::End {
                    next,
                    self_closing: s,
                } => {
                    p = next;
                    self_closing = s;
                    break;
                }
                Step::Attr {
                    name,
                    value,
                    amp,
                    next,
                } => {
                    p = next;
                    (name, value.map(|v| (v, amp)))
                }
            };
            let raw_name = self.slice(name_at.0, name_at.1)?;
            let attr = self.names.look_up(raw_name);
            let keep = if prune { attr.keep } else { Keep::All };
            if keep == Keep::Nothing {
                continue;
            }
            let local = attr.atom();
            let value = match (keep, value_at) {
                (Keep::All, Some(((from, to), amp))) => self.attr_value(from, to, amp)?,
                _ => StrTendril::new(),
            };
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
            if !self_closing && counted {
                self.depth += 1;
                if self.depth > depth::MAX_DEPTH {
                    return Err(Unsupported);
                }
            }
        } else if counted {
            // Raw text elements' end tags go uncounted as their start tags do: were they
            // counted, `<div><script></script>` repeated would nest deep while counting zero.
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
            self.json_ld = &*name == "script"
                && attrs
                    .iter()
                    .find(|a| &*a.name.local == "type")
                    .is_some_and(|a| is_json_ld(&a.value));
            self.last_start = Some(name.clone());
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

    /// An attribute value from `from` to `to` with its character references decoded (when it
    /// holds a `&`: `amp`).
    fn attr_value(&mut self, from: usize, to: usize, amp: bool) -> Result<StrTendril, Unsupported> {
        let raw = self.slice(from, to)?;
        if !amp {
            return Ok(StrTendril::from_slice(raw));
        }
        Ok(match decoded(raw, true) {
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
        let end = if kind == RawKind::ScriptData {
            script_end(b, self.at)
        } else {
            raw_end(b, self.at, name.as_bytes())
        };
        let Some(end) = end else {
            // Content to the end of the page: html5ever's end-of-file handling decides.
            return Err(Unsupported);
        };
        let content = self.slice(self.at, end)?;
        match kind {
            RawKind::Rcdata => match decoded(content, false) {
                Cow::Borrowed(_) => self.push_run(self.at, end)?,
                Cow::Owned(out) => self.text.push_slice(&out),
            },
            RawKind::Rawtext => {
                if !(self.prune && &*name == "style") {
                    self.push_run(self.at, end)?;
                }
            }
            RawKind::ScriptData => {
                if !self.prune || self.json_ld {
                    self.push_run(self.at, end)?;
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

/// The end of a tag or attribute name starting at `from`: the first whitespace, `/` or `>`
/// (or the end of the page).
pub(crate) fn name_end(b: &[u8], from: usize) -> usize {
    let mut p = from;
    while b
        .get(p)
        .is_some_and(|&c| !is_space(c) && c != b'/' && c != b'>')
    {
        p += 1;
    }
    p
}

/// One step of reading a tag's attributes (see [`attr_step`]).
pub(crate) enum Step {
    /// The tag ends; reading goes on at `next`.
    End { next: usize, self_closing: bool },
    /// An attribute: the span of its name, the span of its value (quotes left out) if it has
    /// one, whether the value holds a `&` (a character reference to decode, maybe), and where
    /// the next step starts.
    Attr {
        name: (usize, usize),
        value: Option<(usize, usize)>,
        amp: bool,
        next: usize,
    },
}

/// Reads from `p` (just after a tag name or an attribute) to the end of the next attribute or
/// of the tag, as the tokenizer's attribute states do: a `/` not before `>` is skipped, a
/// leading `=` is part of a name, quoted values may hold `>`, and after a quoted value anything
/// but whitespace, `/` or `>` starts the next attribute at once. `None` when the page ends
/// first (html5ever drops such a tag).
pub(crate) fn attr_step(b: &[u8], mut p: usize) -> Option<Step> {
    loop {
        while b.get(p).is_some_and(|&c| is_space(c)) {
            p += 1;
        }
        match *b.get(p)? {
            b'>' => {
                return Some(Step::End {
                    next: p + 1,
                    self_closing: false,
                })
            }
            b'/' if b.get(p + 1) == Some(&b'>') => {
                return Some(Step::End {
                    next: p + 2,
                    self_closing: true,
                })
            }
            b'/' => p += 1,
            _ => break,
        }
    }
    // The name: a leading `=` is part of it; it ends at whitespace, `/`, `>` or `=`.
    let start = p;
    p += 1;
    while b
        .get(p)
        .is_some_and(|&c| !is_space(c) && c != b'/' && c != b'>' && c != b'=')
    {
        p += 1;
    }
    let name = (start, p);
    let mut q = p;
    while b.get(q).is_some_and(|&c| is_space(c)) {
        q += 1;
    }
    if b.get(q) != Some(&b'=') {
        // No value: whatever follows the whitespace starts the next attribute (or ends the
        // tag); the whitespace was only skipped to look for `=`.
        return Some(Step::Attr {
            name,
            value: None,
            amp: false,
            next: q,
        });
    }
    q += 1;
    while b.get(q).is_some_and(|&c| is_space(c)) {
        q += 1;
    }
    // The `&`s are looked for in the same scan as the value's end, so that a value without any
    // (nearly all) is not read again to decode it.
    let mut amp = false;
    let (value, next) = match *b.get(q)? {
        b'>' => ((q, q), q),
        quote @ (b'"' | b'\'') => {
            let mut at = q + 1;
            let end = loop {
                let p = at + memchr::memchr2(quote, b'&', b.get(at..)?)?;
                if b[p] == quote {
                    // p < len: memchr2 found it there.
                    break p;
                }
                amp = true;
                at = p + 1;
            };
            ((q + 1, end), end + 1)
        }
        _ => {
            let mut end = q;
            while let Some(&c) = b.get(end).filter(|&&c| !is_space(c) && c != b'>') {
                amp |= c == b'&';
                end += 1;
            }
            if end >= b.len() {
                return None;
            }
            ((q, end), end)
        }
    };
    Some(Step::Attr {
        name,
        value: Some(value),
        amp,
        next,
    })
}

/// Where a comment whose text starts at `from` (just after `<!--`) ends: the end of its data
/// and the offset just past it. `<!-->` and `<!--->` end at once; otherwise the first `-->` or
/// `--!>` ends it (the tokenizer's comment states come to exactly this). `None` when the page
/// ends first.
pub(crate) fn comment_end(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let rest = b.get(from..)?;
    if rest.starts_with(b">") {
        return Some((from, from + 1));
    }
    if rest.starts_with(b"->") {
        return Some((from, from + 2));
    }
    // Dashes overlap (`--->`), so each search starts one byte after the last.
    let mut pos = 0;
    while let Some(off) = rest.get(pos..).and_then(|r| memchr::memmem::find(r, b"--")) {
        let at = pos + off;
        let tail = rest.get(at + 2..).unwrap_or(&[]);
        if tail.starts_with(b">") {
            return Some((from + at, from + at + 3));
        }
        if tail.starts_with(b"!>") {
            return Some((from + at, from + at + 4));
        }
        pos = at + 1;
    }
    None
}

/// Where a bogus comment (`<?`, `<!` other than a comment or doctype, `</` and a non-letter)
/// whose text starts at `from` ends: the end of its data and the offset just past it, at the
/// first `>` or the end of the page.
pub(crate) fn bogus_comment_end(b: &[u8], from: usize) -> (usize, usize) {
    match b.get(from..).and_then(|rest| memchr::memchr(b'>', rest)) {
        Some(off) => (from + off, from + off + 1),
        None => (b.len(), b.len()),
    }
}

/// Whether `b[at..]` starts with `name` (ASCII case-insensitively) followed by whitespace, `/`
/// or `>`: the end tag name that closes script data, RAWTEXT or RCDATA.
fn closes(b: &[u8], at: usize, name: &[u8]) -> bool {
    b.get(at..at + name.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(name))
        && b.get(at + name.len())
            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// The offset of the `<` of the end tag that closes RAWTEXT or RCDATA content of the element
/// `name` starting at `from`; `None` when the content runs to the end of the page.
pub(crate) fn raw_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        let p = at + memchr::memmem::find(b.get(at..)?, b"</")?;
        if closes(b, p + 2, name) {
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

/// What the scan needs to know of a tag or attribute name, worked out once per distinct name
/// of a page: a page uses a few dozen names thousands of times, and interning one as an atom
/// costs a hash of it every time.
struct NameInfo {
    /// The name as written, zero-padded (names longer than the key are not cached).
    key: [u8; KEY],
    /// The key's length; 0 marks an empty slot.
    len: usize,
    /// The interned (lowercased) name, made when first asked for: the names of dropped
    /// attributes are never interned.
    atom: Option<LocalName>,
    /// The name lowercased, which the atom is made of.
    lower: String,
    /// As a tag: whether `depth` counts it (not void, no optional end tag, no raw text).
    counted: bool,
    /// As a tag: whether the element keeps all its attributes (`kept_attrs::keeps_all`).
    keeps_all: bool,
    /// As an attribute: what the pruned parse keeps of it (`kept_attrs::keep`).
    keep: Keep,
}

/// The longest name kept in the [`Names`] cache, in bytes.
const KEY: usize = 24;

/// Slots in the [`Names`] cache (a power of two).
const SLOTS: usize = 256;

/// A direct-mapped cache of [`NameInfo`] by name as written.
struct Names {
    slots: Vec<NameInfo>,
    /// Where names that do not fit the cache are worked out.
    spare: NameInfo,
}

impl Names {
    fn new() -> Self {
        let empty = || NameInfo {
            key: [0; KEY],
            len: 0,
            atom: None,
            lower: String::new(),
            counted: false,
            keeps_all: false,
            keep: Keep::Nothing,
        };
        Names {
            slots: (0..SLOTS).map(|_| empty()).collect(),
            spare: empty(),
        }
    }

    /// The facts about `raw` (a tag or attribute name as written, matched ASCII-case-insensitively
    /// as the tokenizer lowercases names). Names are cached as written: pages write a name
    /// one way nearly always, and so a hit costs no lowercasing.
    fn look_up(&mut self, raw: &str) -> &mut NameInfo {
        let b = raw.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            self.spare = NameInfo::of(raw, [0; KEY], 0);
            return &mut self.spare;
        };
        let mid = b.get(b.len() / 2).copied().unwrap_or(0);
        let h =
            (b.len() as u64) ^ u64::from(first) << 8 ^ u64::from(mid) << 16 ^ u64::from(last) << 24;
        let slot = (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % SLOTS;
        let hit = self
            .slots
            .get(slot)
            .is_some_and(|s| s.len == b.len() && s.key.get(..b.len()) == Some(b));
        if !hit {
            let mut key = [0u8; KEY];
            let Some(k) = key.get_mut(..b.len()) else {
                // Too long to cache.
                self.spare = NameInfo::of(raw, key, 0);
                return &mut self.spare;
            };
            k.copy_from_slice(b);
            let info = NameInfo::of(raw, key, b.len());
            if let Some(s) = self.slots.get_mut(slot) {
                *s = info;
            }
        }
        self.slots.get_mut(slot).unwrap_or(&mut self.spare)
    }
}

impl NameInfo {
    /// The facts about the name `raw` (as written), keyed by `key[..len]`, with its atom.
    fn of(raw: &str, key: [u8; KEY], len: usize) -> NameInfo {
        let lower = raw.to_ascii_lowercase();
        NameInfo {
            key,
            len,
            counted: !depth::uncounted(&lower) && !depth::raw_text(&lower),
            keeps_all: kept_attrs::keeps_all(&lower),
            keep: kept_attrs::keep(lower.as_bytes()),
            atom: None,
            lower,
        }
    }

    /// The name's atom.
    #[inline]
    fn atom(&mut self) -> LocalName {
        match &self.atom {
            Some(atom) => atom.clone(),
            None => {
                let atom = LocalName::from(self.lower.as_str());
                self.atom = Some(atom.clone());
                atom
            }
        }
    }
}

/// `raw` with its character references decoded (in an attribute value or not), borrowed when
/// it has none.
fn decoded(raw: &str, in_attribute: bool) -> Cow<'_, str> {
    if memchr::memchr(b'&', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut at = 0;
    while let Some(off) = raw
        .as_bytes()
        .get(at..)
        .and_then(|r| memchr::memchr(b'&', r))
    {
        out.push_str(&raw[at..at + off]); // `&` is ASCII: a character boundary
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
    fn newlines_become_lf_as_two_replaces_make_them() {
        for page in [
            "",
            "a",
            "\r",
            "\r\n",
            "\n\r",
            "a\r\r\nb\rc\n",
            "é\r\né\r",
            "\r\n\r\n\r",
        ] {
            let expected = page.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(lf_newlines(page), expected, "{page:?}");
        }
    }

    #[test]
    fn preprocessing_marks_are_those_the_separate_searches_find() {
        for page in [
            "",
            "plain",
            "a\rb",
            "a\0b",
            "a\u{feff}b",
            "\u{f000}\u{ffee}",
            "x\u{feff}\r\0",
            "\u{fefe}\u{ff00}",
            "\r\n\u{efff}",
        ] {
            let b = page.as_bytes();
            let expected = (
                memchr::memchr(0, b).is_some(),
                memchr::memchr(b'\r', b).is_some(),
                page.contains('\u{feff}'),
            );
            let (nul, cr, bom) = preprocessing_marks(b);
            // After a NUL the page goes to html5ever whatever else it holds.
            assert_eq!(nul, expected.0, "{page:?}");
            if !nul {
                assert_eq!((cr, bom), (expected.1, expected.2), "{page:?}");
            }
        }
    }

    #[test]
    fn pages_nesting_past_the_cap_are_given_back_to_be_capped() {
        let nest = |n: usize| format!("{}<p>x</p>{}", "<div>".repeat(n), "</div>".repeat(n));
        assert!(parse_pruned(&nest(depth::MAX_DEPTH)).is_ok());
        assert_eq!(
            parse_pruned(&nest(depth::MAX_DEPTH + 1)).err(),
            Some(Unsupported)
        );
        // Raw text elements' end tags take nothing off the count.
        let scripts = |n: usize| "<div><script></script>".repeat(n);
        assert!(parse_pruned(&scripts(depth::MAX_DEPTH)).is_ok());
        assert!(parse_pruned(&scripts(depth::MAX_DEPTH + 1)).is_err());
        // Elements the cap does not count (void, optional end tags) do not add up.
        assert!(parse_pruned(&"<p><br><li>".repeat(3 * depth::MAX_DEPTH)).is_ok());
    }

    #[test]
    fn comments_end_as_the_tokenizer_says() {
        let end = |s: &'static str| comment_end(s.as_bytes(), 4).map(|(e, n)| (&s[4..e], &s[n..]));
        assert_eq!(end("<!-->x"), Some(("", "x")));
        assert_eq!(end("<!--->x"), Some(("", "x")));
        assert_eq!(end("<!---->x"), Some(("", "x")));
        assert_eq!(end("<!-- a -->x"), Some((" a ", "x")));
        assert_eq!(end("<!-- a --!>x"), Some((" a ", "x")));
        assert_eq!(end("<!-- a --->x"), Some((" a -", "x")));
        assert_eq!(end("<!-- a --! -->x"), Some((" a --! ", "x")));
        assert_eq!(end("<!-- a"), None);
    }

    #[test]
    fn script_data_ends_as_the_tokenizer_says() {
        let end = |s: &'static str| script_end(s.as_bytes(), 0).map(|p| &s[..p]);
        assert_eq!(end("a</script>b"), Some("a"));
        assert_eq!(end("a</ScRiPt\t>b"), Some("a"));
        assert_eq!(end("a</script/>b"), Some("a"));
        assert_eq!(end("a</scripts>b</script>c"), Some("a</scripts>b"));
        // In the escaped state `</script>` still ends the script.
        assert_eq!(end("<!-- a </script>b"), Some("<!-- a "));
        // Double-escaped: the inner `</script>` only returns to the escaped state.
        assert_eq!(
            end("<!-- <script>x</script> y --></script>z"),
            Some("<!-- <script>x</script> y -->")
        );
        // `-->` leaves the escaped state before `<script>` could double-escape.
        assert_eq!(
            end("<!-- a --><script>b</script>c"),
            Some("<!-- a --><script>b")
        );
        // `<!-->` goes through the escaped state and back to script data at once.
        assert_eq!(end("<!--><script></script>c"), Some("<!--><script>"));
        // An unterminated double escape runs to the end of the page.
        assert_eq!(end("<!-- <script> </script> <p>x</p>"), None);
    }

    #[test]
    fn attributes_are_read_in_the_tokenizers_states() {
        // Each tag's end and whether it closes itself, from just after its name.
        let end = |s: &str| {
            let mut p = name_end(s.as_bytes(), 1);
            loop {
                match attr_step(s.as_bytes(), p) {
                    None => return None,
                    Some(Step::End { next, self_closing }) => return Some((next, self_closing)),
                    Some(Step::Attr { next, .. }) => p = next,
                }
            }
        };
        assert_eq!(end("<a>"), Some((3, false)));
        assert_eq!(end("<a/>"), Some((4, true)));
        assert_eq!(end("<a b=\"x>y\">"), Some((11, false)));
        assert_eq!(end("<a b='1'c/>"), Some((11, true)));
        assert_eq!(end("<a b='1'c=2/>"), Some((13, false)));
        assert_eq!(end("<a b=1/>"), Some((8, false)));
        assert_eq!(end("<a / b>"), Some((7, false)));
        assert_eq!(end("<a =\"x>"), Some((7, false)));
        assert_eq!(end("<a\r\nb\r=\r>"), Some((9, false)));
        assert_eq!(end("<a b=\"x"), None);
        assert_eq!(end("<a b=x"), None);
    }

    #[test]
    fn pruning_leaves_out_what_no_pass_reads() {
        let page = concat!(
            "<script type=application/ld&#43;json>{}</script><script src=a.js>x</script>",
            "<style>p{a:b}</style><svg><style>s</style></svg>",
            "<p onclick=\"a>b\" CLASS=x><a href=\"/x\" rel=author>t</a><b data-x=1>b</b>"
        );
        let mut whole = Html::parse_document(page);
        prune_tree(&mut whole);
        let ours = parse_pruned(page).expect("the fast path reads this page");
        assert_eq!(tree_lines(&ours), tree_lines(&whole));
        let html = ours.html();
        for kept in [
            "<script type=\"application/ld+json\">{}</script>",
            "<script src=\"a.js\"></script><style></style>",
            "<svg><style>s</style></svg>",
            r#"<p class="x"><a href="" rel="author">t</a><b data-x="1">b</b>"#,
        ] {
            assert!(html.contains(kept), "{kept} not in {html}");
        }
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
