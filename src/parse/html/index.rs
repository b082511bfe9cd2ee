//! A flat, document-ordered view of the parsed tree, so that subtree tests, text sizes and
//! inherited flags are array look-ups instead of repeated tree walks.

use std::sync::LazyLock;

use html5ever::{ns, LocalName};
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

use super::vocab;
use super::word_lists::{self, WordLists};
use crate::parse::kept_attrs::{Name, Present, Whole};

/// The element is a `script`, `style`, `template`, `svg` or the like: never text, never a caption.
pub const SKIP: u32 = 1 << 0;
/// The element is hidden (`hidden`, `display:none`, `aria-hidden`).
pub const HIDDEN: u32 = 1 << 1;
/// Page chrome that is never body text: `nav`, `header`, `footer`, `aside`, forms, buttons.
pub const CHROME: u32 = 1 << 2;
/// Class/id vocabulary or tag of regions that are not the story (related, sidebar, promo...).
pub const OUTSIDE: u32 = 1 << 3;
/// A `figure` element.
pub const FIGURE: u32 = 1 << 4;
/// An element whose class/id/itemprop names a caption.
pub const CAPTION: u32 = 1 << 5;
/// An element whose class/id/itemprop names a credit.
pub const CREDIT: u32 = 1 << 6;
/// Text meant only for screen readers.
pub const SR_ONLY: u32 = 1 << 7;
/// An `img` element.
pub const IMG: u32 = 1 << 8;
/// A `p` element.
pub const PARA: u32 = 1 << 9;
/// A `figcaption` element.
pub const FIGCAPTION: u32 = 1 << 10;
/// A shortened copy of text shown in full elsewhere (`caption-truncated`, `excerpt`).
pub const ABRIDGED: u32 = 1 << 11;

/// One node of the tree with what the extractors need to know about it.
pub struct Info<'a> {
    /// The node's value (element, text, comment...).
    pub node: &'a Node,
    /// The element, when the node is one.
    pub el: Option<&'a Element>,
    /// The element's tag name ("" for other nodes), kept here so that passes testing names
    /// read this array alone and never the tree's nodes.
    pub name: &'a str,
    /// Index of the parent, `usize::MAX` for the root.
    pub parent: usize,
    /// Index of the last node in this node's subtree (itself when it has no children).
    pub end: usize,
    /// The element's own flags.
    pub own: u32,
    /// Own flags or-ed with every ancestor's (after the size guard).
    pub inherited: u32,
    /// Characters of text in the subtree (scripts and styles excluded).
    pub text: u32,
    /// Characters of text inside `p` elements of the subtree.
    pub ptext: u32,
    /// Number of `img` elements in the subtree.
    pub imgs: u32,
    /// The number of the element's class and id words (`vocab::class_words`) in the index's
    /// `word_lists`, worked out once here because several passes test them.
    pub words: u32,
}

/// The flat view of a document.
pub struct Index<'a> {
    /// Nodes in document order.
    pub nodes: Vec<Info<'a>>,
    /// The page's distinct class/id word lists, which `Info::words` numbers.
    pub word_lists: WordLists<'a>,
}

impl<'a> Index<'a> {
    /// Builds the view in a few linear passes.
    pub fn build(doc: &'a Html) -> Index<'a> {
        let mut nodes: Vec<Info<'a>> = Vec::with_capacity(doc.tree.nodes().len());
        let mut stack: Vec<(_, usize)> = Vec::with_capacity(64);
        let mut word_lists = WordLists::new();
        for n in doc.tree.root().descendants() {
            let parent_ref = n.parent();
            while let Some((top, idx)) = stack.last() {
                if Some(*top) == parent_ref {
                    break;
                }
                let idx = *idx;
                let last = nodes.len().saturating_sub(1);
                if let Some(info) = nodes.get_mut(idx) {
                    info.end = last;
                }
                stack.pop();
            }
            let parent = stack.last().map(|(_, i)| *i).unwrap_or(usize::MAX);
            let el = ElementRef::wrap(n).map(|e| e.value());
            let (words, own) = match el {
                Some(e) => {
                    let attrs = Attrs::of(e);
                    let (class, id) = (attrs.class.unwrap_or(""), attrs.id.unwrap_or(""));
                    let words = word_lists.intern(class, id, vocabulary_hits);
                    let own = own_flags(e, &attrs, word_lists.hits(words));
                    (words, own)
                }
                None => (word_lists::NONE, 0),
            };
            // A text node's own characters, counted while the node is at hand; `sizes` adds the
            // children's to each parent.
            let own_text = match n.value() {
                Node::Text(t) => trim(t).chars().count() as u32,
                _ => 0,
            };
            let i = nodes.len();
            nodes.push(Info {
                node: n.value(),
                el,
                name: el.map_or("", |e| e.name()),
                parent,
                end: i,
                own,
                inherited: 0,
                text: own_text,
                ptext: 0,
                imgs: 0,
                words,
            });
            stack.push((n, i));
        }
        let last = nodes.len().saturating_sub(1);
        for (_, idx) in stack {
            if let Some(info) = nodes.get_mut(idx) {
                info.end = last;
            }
        }
        let mut index = Index { nodes, word_lists };
        index.sizes();
        index.inherit();
        index
    }

    /// Bottom-up text and image counts; children always come after their parent.
    fn sizes(&mut self) {
        for i in (0..self.nodes.len()).rev() {
            let (text, ptext, imgs, parent) = {
                let info = &self.nodes[i]; // i < len
                if info.own & SKIP != 0 {
                    (0, 0, 0, info.parent)
                } else {
                    let text = info.text;
                    let ptext = if info.own & PARA != 0 {
                        text
                    } else {
                        info.ptext
                    };
                    let imgs = info.imgs + u32::from(info.own & IMG != 0);
                    (text, ptext, imgs, info.parent)
                }
            };
            if let Some(info) = self.nodes.get_mut(i) {
                info.text = text;
                info.ptext = ptext;
                info.imgs = imgs;
            }
            if let Some(p) = self.nodes.get_mut(parent) {
                p.text += text;
                p.ptext += ptext;
                p.imgs += imgs;
            }
        }
    }

    /// Top-down flag inheritance. Region flags on an element holding most of the page's
    /// paragraph text are dropped: such an element is a layout wrapper (`page-with-sidebar`),
    /// not a sidebar. Caption and credit names on an element holding long paragraph text are
    /// dropped too: no caption runs that long, so the name describes a feature of a wrapper.
    fn inherit(&mut self) {
        let total = self.nodes.first().map(|n| n.ptext).unwrap_or(0);
        for i in 0..self.nodes.len() {
            let parent = self.nodes[i].parent; // i < len
            let from_parent = self.nodes.get(parent).map(|p| p.inherited).unwrap_or(0);
            let info = &mut self.nodes[i]; // i < len
            let mut own = info.own;
            let (ptext, total) = (u64::from(info.ptext), u64::from(total));
            // A short story counts when the wrapper also holds the headline, so that a sidebar
            // on a page whose story is not in `p` elements keeps its flags.
            let end = info.end;
            let holds_story = own & (OUTSIDE | CHROME) != 0
                && ((ptext > 1500 && ptext * 10 > total * 4)
                    || (ptext > 400 && ptext * 10 > total * 7 && self.has_h1(i, end)));
            let info = &mut self.nodes[i]; // i < len
            if holds_story {
                own &= !(OUTSIDE | CHROME);
            }
            if own & (CAPTION | CREDIT) != 0 && own & FIGCAPTION == 0 && ptext > 1500 {
                own &= !(CAPTION | CREDIT);
            }
            info.own = own;
            info.inherited = from_parent | own;
        }
    }

    /// Whether the subtree `i..=end` holds an `h1`.
    fn has_h1(&self, i: usize, end: usize) -> bool {
        self.nodes
            .get(i..=end)
            .is_some_and(|s| s.iter().any(|n| n.name == "h1"))
    }

    /// Whether node `a` lies in the subtree of node `b` (or is `b`).
    pub fn within(&self, a: usize, b: usize) -> bool {
        self.nodes.get(b).is_some_and(|n| b <= a && a <= n.end)
    }

    /// The element at `i`, if that node is one.
    pub fn element(&self, i: usize) -> Option<&'a Element> {
        self.nodes.get(i).and_then(|n| n.el)
    }

    /// The element sibling right before node `i`, skipping text, comments and skipped
    /// elements (scripts, styles).
    pub fn prev_element_sibling(&self, i: usize) -> Option<usize> {
        let parent = self.nodes.get(i)?.parent;
        let p = self.nodes.get(parent)?;
        let mut j = parent + 1;
        let mut last = None;
        while j <= p.end && j < i {
            let n = self.nodes.get(j)?;
            if n.el.is_some() && n.own & SKIP == 0 {
                last = Some(j);
            }
            j = n.end + 1;
        }
        last
    }

    /// The tag name at `i` ("" for non-elements).
    pub fn tag(&self, i: usize) -> &'a str {
        self.nodes.get(i).map_or("", |n| n.name)
    }

    /// Inherited flags at `i`.
    pub fn flags(&self, i: usize) -> u32 {
        self.nodes.get(i).map(|n| n.inherited).unwrap_or(0)
    }

    /// The class and id words of the element at `i` (see `vocab::class_words`); "" for non-elements.
    pub fn words(&self, i: usize) -> &str {
        self.nodes
            .get(i)
            .map_or("", |n| self.word_lists.words(n.words))
    }

    /// Own flags at `i`.
    pub fn own(&self, i: usize) -> u32 {
        self.nodes.get(i).map(|n| n.own).unwrap_or(0)
    }

    /// Ancestors of `i`, nearest first (not including `i`).
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut cur = self.nodes.get(i).map(|n| n.parent).unwrap_or(usize::MAX);
        std::iter::from_fn(move || {
            let n = self.nodes.get(cur)?;
            let out = cur;
            cur = n.parent;
            Some(out)
        })
    }

    /// The raw text of the node's direct text children (for `script`, `title`, `style`).
    pub fn child_text(&self, i: usize) -> String {
        let mut out = String::new();
        let Some(info) = self.nodes.get(i) else {
            return out;
        };
        for j in i + 1..=info.end {
            if let Some(Info {
                node: Node::Text(t),
                parent,
                ..
            }) = self.nodes.get(j)
            {
                if *parent == i {
                    out.push_str(t);
                }
            }
        }
        out
    }

    /// Visible text of a subtree, whitespace-normalised, skipping subtrees for which
    /// `skip(flags_own, index)` says so.
    pub fn text_of(&self, i: usize, skip: impl Fn(u32, usize) -> bool) -> String {
        let mut out = String::new();
        let Some(info) = self.nodes.get(i) else {
            return out;
        };
        let end = info.end;
        let mut j = i;
        while j <= end {
            let Some(n) = self.nodes.get(j) else { break };
            if j != i && n.el.is_some() && skip(n.own, j) {
                j = n.end + 1;
                continue;
            }
            if n.own & SKIP != 0 {
                j = n.end + 1;
                continue;
            }
            match n.node {
                Node::Text(t) => out.push_str(t),
                Node::Element(_) if is_block(n.name) || n.name == "br" => out.push(' '),
                _ => {}
            }
            j += 1;
        }
        normalize(&out)
    }
}

/// Tags after which text from the next element starts a new paragraph.
pub fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "blockquote"
            | "section"
            | "article"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "dd"
            | "dt"
            | "dl"
            | "pre"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "nav"
            | "hr"
            | "caption"
            | "center"
            | "address"
            | "details"
            | "summary"
    )
}

/// `s.trim()`, quicker on the whitespace-only text between tags that pages are full of.
pub fn trim(s: &str) -> &str {
    // `trim_ascii` drops bytes that `trim` drops too, a byte at a time instead of a character;
    // what it leaves at an end may still be whitespace `trim` knows (a vertical tab, a
    // no-break space), and only then is the full trim needed.
    let s = s.trim_ascii();
    let odd = |b: Option<&u8>| b.is_some_and(|&b| b == 0x0b || !b.is_ascii());
    if odd(s.as_bytes().first()) || odd(s.as_bytes().last()) {
        s.trim()
    } else {
        s
    }
}

/// Collapses runs of whitespace (including no-break spaces) and drops zero-width characters.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    // Runs of ASCII words joined by single spaces are copied whole (page text is mostly such
    // runs, and this runs over every paragraph): a lone space between two such characters
    // comes out as it went in. Any other character is handled on its own.
    let b = s.as_bytes();
    let plain = |j: usize| b.get(j).is_some_and(|&c| !STOPS[usize::from(c)]);
    let mut i = 0;
    while i < b.len() {
        let mut j = i;
        loop {
            while plain(j) {
                j += 1;
            }
            if j > i && b.get(j) == Some(&b' ') && plain(j + 1) {
                j += 1;
                continue;
            }
            break;
        }
        let run = j - i;
        if run > 0 {
            if space {
                out.push(' ');
                space = false;
            }
            // The run is ASCII, so it ends at a character boundary.
            out.push_str(s.get(i..i + run).unwrap_or(""));
            i += run;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The bytes that end a run in `normalize`: whitespace (with the vertical tab) and every byte of
/// a non-ASCII character.
static STOPS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = !c.is_ascii() || c.is_ascii_whitespace() || c == 0x0b;
        b += 1;
    }
    t
};

/// Attribute look-up by [`Name`] and [`Present`], the only way the passes read attributes: the
/// parse keeps exactly the attributes these enums name (`kept_attrs`), so a pass cannot ask for
/// one that was left out. `Element::attr` interns the name as an atom on every call (a hash
/// and, for names outside html5ever's static set, a global lock); comparing the stored names as
/// strings is cheaper.
pub trait Attr {
    /// The value of the attribute `name` in no namespace: what `Element::attr(name)` returns.
    fn get_attr(&self, name: Name) -> Option<&str>;
    /// Whether the element has the attribute `name` in no namespace (its value is not kept).
    fn has_attr(&self, name: Present) -> bool;
    /// The value of `name` on an element that keeps all its attributes (`link`).
    fn get_whole_attr(&self, name: Whole) -> Option<&str>;
}

impl Attr for Element {
    fn get_attr(&self, name: Name) -> Option<&str> {
        plain_attr(self, name_atom(name))
    }

    fn has_attr(&self, name: Present) -> bool {
        match name {
            Present::Href => plain_attr(self, &HREF).is_some(),
        }
    }

    fn get_whole_attr(&self, name: Whole) -> Option<&str> {
        match name {
            Whole::Href => plain_attr(self, &HREF),
        }
    }
}

/// The atoms of every [`Name`], by its position in `Name::ALL`: comparing atoms is comparing
/// two words, where comparing names as strings first looks each stored name up.
static NAME_ATOMS: LazyLock<Vec<LocalName>> = LazyLock::new(|| {
    Name::ALL
        .iter()
        .map(|n| LocalName::from(n.as_str()))
        .collect()
});

/// The atom of `href` ([`Present::Href`], [`Whole::Href`]).
static HREF: LazyLock<LocalName> = LazyLock::new(|| LocalName::from(Present::Href.as_str()));

/// The atom of the attribute name `name`.
#[inline]
fn name_atom(name: Name) -> &'static LocalName {
    // `Name::ALL` lists the variants in declaration order (a test checks), so a variant's
    // discriminant is its position; the fallback is never taken.
    NAME_ATOMS.get(name as usize).unwrap_or(&HREF)
}

/// The value of the attribute `name` with no prefix in the empty namespace, as `Element::attr`
/// matches it; html5ever drops duplicate attributes, so the first hit is the only one. Atoms
/// are interned, so equal atoms are equal names.
fn plain_attr<'e>(e: &'e Element, name: &LocalName) -> Option<&'e str> {
    e.attrs
        .iter()
        .find(|(q, _)| q.local == *name && q.prefix.is_none() && q.ns == ns!())
        .map(|(_, v)| &**v)
}

/// The attributes `Index::build` reads of every element, found in one pass over them rather
/// than one `get_attr` scan each.
#[derive(Default)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    hidden: Option<&'a str>,
    aria_hidden: Option<&'a str>,
    style: Option<&'a str>,
    role: Option<&'a str>,
    itemprop: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    /// What `get_attr` would return for each name (the first attribute of that name).
    fn of(e: &'a Element) -> Self {
        let mut a = Attrs::default();
        // By position in `Name::ALL`, as `name_atom` reads them.
        let atoms: &[LocalName] = &NAME_ATOMS;
        for (q, v) in e.attrs.iter() {
            if q.prefix.is_some() || q.ns != ns!() {
                continue;
            }
            let is = |n: Name| atoms.get(n as usize) == Some(&q.local);
            let slot = if is(Name::Class) {
                &mut a.class
            } else if is(Name::Id) {
                &mut a.id
            } else if is(Name::Hidden) {
                &mut a.hidden
            } else if is(Name::AriaHidden) {
                &mut a.aria_hidden
            } else if is(Name::Style) {
                &mut a.style
            } else if is(Name::Role) {
                &mut a.role
            } else if is(Name::Itemprop) {
                &mut a.itemprop
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(&**v);
            }
        }
        a
    }
}

/// The flags an element earns by its own tag and attributes.
fn own_flags(e: &Element, a: &Attrs<'_>, hits: u32) -> u32 {
    let tag = e.name();
    let mut f = match tag {
        "script" | "style" | "template" | "svg" | "math" | "object" | "embed" | "iframe"
        | "select" | "textarea" | "input" | "canvas" | "head" | "title" | "meta" | "link" => SKIP,
        "nav" | "footer" | "aside" => CHROME | OUTSIDE,
        "header" | "form" | "button" | "menu" | "dialog" | "label" | "noscript" => CHROME,
        "figure" => FIGURE,
        "figcaption" => FIGCAPTION | CAPTION,
        "img" | "amp-img" => IMG,
        "p" => PARA,
        _ => 0,
    };
    if a.hidden.is_some()
        || a.aria_hidden
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || a.style.is_some_and(vocab::style_hides)
    {
        f |= HIDDEN;
    }
    if let Some(role) = a.role {
        if matches!(
            role,
            "navigation" | "banner" | "contentinfo" | "complementary" | "search"
        ) {
            f |= CHROME | OUTSIDE;
        }
    }
    if let Some(prop) = a.itemprop {
        let prop = prop.to_ascii_lowercase();
        if prop.split_whitespace().any(|p| p == "caption") {
            f |= CAPTION;
        }
        if prop.split_whitespace().any(|p| {
            matches!(
                p,
                "copyrightholder" | "credittext" | "creator" | "copyrightnotice"
            )
        }) {
            f |= CREDIT;
        }
    }
    // Classes on `html` and `body` describe the page's state and features
    // (`f_caption_muted_videos_on`, `has-sidebar`), never a region of it.
    if matches!(tag, "html" | "body") {
        return f;
    }
    // `hits` is 0 for the lists too short to name anything (" ").
    f |= hits & (CAPTION | CREDIT | SR_ONLY | ABRIDGED | CHROME);
    // An image's own class describes how it is shown (`block-image-ads`, `related-img`);
    // whether it belongs to the story is for the regions around it to say.
    if hits & OUTSIDE != 0 && f & IMG == 0 {
        f |= OUTSIDE | CHROME;
    }
    f
}

/// What the class and id words name, as flags: CAPTION, CREDIT, SR_ONLY, ABRIDGED as they are,
/// OUTSIDE for furniture vocabulary (which `own_flags` applies to non-images only), and CHROME
/// for the site's header bar.
fn vocabulary_hits(words: &str) -> u32 {
    let h = vocab::hits(words);
    let mut hits = 0;
    for (hit, flag) in [
        (h.caption, CAPTION),
        (h.credit, CREDIT),
        (h.outside, OUTSIDE),
        (h.sr_only, SR_ONLY),
        (h.abridged, ABRIDGED),
        (h.site_header, CHROME),
    ] {
        if hit {
            hits |= flag;
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `normalize` as defined, one character at a time.
    fn reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            if matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
            ) {
                continue;
            }
            if c.is_whitespace() {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn name_atoms_are_the_names() {
        for (i, &n) in Name::ALL.iter().enumerate() {
            assert_eq!(n as usize, i, "{n:?}");
            assert_eq!(&**name_atom(n), n.as_str());
        }
        let doc =
            Html::parse_fragment(r#"<a CLASS="x" Data-Src="y" href="/z" xlink:href="w">t</a>"#);
        let a = doc
            .tree
            .nodes()
            .find_map(|n| n.value().as_element().filter(|e| e.name() == "a"));
        let a = a.expect("the fragment has its link");
        assert_eq!(a.get_attr(Name::Class), Some("x"));
        assert_eq!(a.get_attr(Name::DataSrc), Some("y"));
        assert!(a.has_attr(Present::Href));
        assert_eq!(a.get_whole_attr(Whole::Href), Some("/z"));
        assert_eq!(a.get_attr(Name::Id), None);
    }

    #[test]
    fn trim_is_trim() {
        for s in [
            "",
            " ",
            "\n\t a b \r\n",
            "\u{b}x\u{b}",
            "\u{a0} y\u{3000}",
            " \u{85}",
            "é ",
            " \u{b}",
            "\u{c}\u{1c}z",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn normalize_matches_its_definition() {
        for s in [
            "",
            " ",
            "a",
            "  a  b  ",
            "a\u{b}b\u{c}c\r\nd\te",
            "\u{1c}x\u{1f}",
            "x\u{a0}\u{2003}y",
            "zw\u{200b}j\u{ad}\u{feff}",
            "Zoë  Müller\u{3000}北京 ",
            "\u{85}a\u{2028}",
            "a\0b",
            "\u{7f} x",
            "one two  three \tfour\n five",
            " lead and trail ",
            "x y\u{a0}z é f",
            "a b\u{200b}c d",
            "a  ",
            "a b",
            " a",
        ] {
            assert_eq!(normalize(s), reference(s), "{s:?}");
        }
    }
}
