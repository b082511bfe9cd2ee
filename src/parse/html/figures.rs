//! Figure discovery: caption elements (figcaption, caption/cutline/legend classes,
//! `itemprop=caption`, `data-caption`) paired with the image they describe, credits taken from
//! their own elements, duplicates of one caption merged.

use std::collections::HashMap;

use std::sync::LazyLock;

use regex::Regex;

use super::index::Attr as _;
use super::index::{
    normalize, Index, ABRIDGED, CAPTION, CHROME, CREDIT, FIGCAPTION, FIGURE, HIDDEN, IMG, SKIP,
    SR_ONLY,
};
use super::vocab;
use crate::parse::kept_attrs::Name;
use crate::parse::pattern::Lazy;

/// A figure as found in the markup, before scoping and numbering.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The node that stands for the whole figure (the `figure`, a small wrapper, or the caption).
    pub unit: usize,
    /// The caption element, if any.
    pub caption_node: Option<usize>,
    /// The chosen image element, if any.
    pub img: Option<usize>,
    /// Caption text without credit.
    pub caption: Option<String>,
    /// Credit text.
    pub credit: Option<String>,
    /// Image address.
    pub src: Option<String>,
    /// Image alt text.
    pub alt: Option<String>,
    /// A short piece of raw source text to locate the figure by.
    pub anchor: Option<String>,
    /// Rule ids silenced by `data-capcheck-ignore`.
    pub ignore: Vec<String>,
    /// The caption was read from the credit element of another caption of the same photo;
    /// it is judged on its own, never joined to that caption.
    pub credit_slot: bool,
}

static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    // A literal pattern, exercised by the tests.
    Regex::new(r"(?i)^(?:(?:image|media|photo|picture|video)\s+caption\s*[,:]|(?:image|media|photo|picture|video)\s+(?:source|credit)|caption|(?:hide|show|toggle|close)\s+caption|enlarge\s+this\s+image)\s*[,:.\-–—]?\s*").unwrap()
});

static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    // A literal pattern, exercised by the tests.
    Regex::new(r"(?i)\s*(?:(?:hide|show|toggle|close)\s+caption|enlarge\s+this\s+image)\s*$")
        .unwrap()
});

/// Drops screen-reader and UI prefixes ("Image caption,", "toggle caption") from a caption or credit.
pub fn clean_caption(s: &str) -> String {
    let mut t = normalize(s);
    for _ in 0..3 {
        let next = PREFIX.replace(&t, "").into_owned();
        let next = SUFFIX.replace(&next, "").into_owned();
        if next == t {
            break;
        }
        t = next;
    }
    t.trim().to_string()
}

/// Drops a slide counter (`1 of 11`, `3/11`) that opens a slideshow's caption block, when a
/// capitalised caption follows it.
fn strip_counter(text: &str) -> String {
    let mut words = text.splitn(4, ' ');
    let (a, b, c) = (words.next(), words.next(), words.next());
    let num = |w: Option<&str>| w.and_then(|w| w.parse::<u32>().ok());
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // `N of M Caption…` and `N/M Caption…`, with N ≤ M.
    let (n, m, rest) = match (num(a), b, c) {
        (Some(n), Some("of" | "/"), Some(m)) => (Some(n), num(Some(m)), words.next()),
        _ => {
            let mut parts = a.unwrap_or("").split('/');
            let n = num(parts.next());
            let m = num(parts.next());
            let rest = text.split_once(' ').map(|(_, r)| r);
            (n, m, rest)
        }
    };
    match (n, m, rest) {
        (Some(n), Some(m), Some(rest)) if n >= 1 && n <= m && capital(rest) => rest.to_string(),
        _ => text.to_string(),
    }
}

/// Removes HTML tags from attribute text such as `data-caption`.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
}

/// Words of class, id, alt and src that mark an image as decoration rather than a photo.
static DECORATIVE: Lazy = Lazy::static_with_lazy_dfa(
    r"(?i)logo|avatar|icon|sprite|pixel|spacer|tracking|emoji|badge|blank\.gif|1x1|placeholder|gravatar|headshot|mugshot|author",
);

/// Whether an `img` is a logo, icon, avatar, tracking pixel or other decoration.
fn decorative(index: &Index<'_>, i: usize) -> bool {
    let Some(e) = index.element(i) else {
        return true;
    };
    let small = |a: Name| {
        e.get_attr(a)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
            .is_some_and(|v| v < 100)
    };
    if small(Name::Width) || small(Name::Height) {
        return true;
    }
    let words = vocab::class_words(e);
    DECORATIVE.is_match(&words)
        || e.get_attr(Name::Src)
            .is_some_and(|s| DECORATIVE.is_match(s) && !s.starts_with("data:"))
}

/// The usable address of an image: lazy-load attributes before placeholder `src`s.
pub fn image_src(index: &Index<'_>, i: usize) -> Option<String> {
    let e = index.element(i)?;
    let good = |v: &str| {
        let v = v.trim();
        !v.is_empty()
            && !v.starts_with("data:")
            && !v.contains("blank.gif")
            && !v.contains("spacer.gif")
    };
    for a in [
        Name::DataSrc,
        Name::DataOriginal,
        Name::DataLazySrc,
        Name::DataUrl,
        Name::DataHiResSrc,
        Name::DataFullSrc,
        Name::Src,
    ] {
        if let Some(v) = e.get_attr(a) {
            if good(v) {
                return Some(v.trim().to_string());
            }
        }
    }
    for a in [Name::DataSrcset, Name::DataLazySrcset, Name::Srcset] {
        if let Some(first) = e.get_attr(a).and_then(first_srcset) {
            return Some(first);
        }
    }
    // <picture><source srcset>: look at earlier siblings.
    let parent = index.nodes.get(i)?.parent;
    if index.tag(parent) == "picture" {
        let p = index.nodes.get(parent)?;
        let mut j = parent + 1;
        while j <= p.end {
            if index.tag(j) == "source" {
                if let Some(first) = index
                    .element(j)
                    .and_then(|s| {
                        s.get_attr(Name::Srcset)
                            .or_else(|| s.get_attr(Name::DataSrcset))
                    })
                    .and_then(first_srcset)
                {
                    return Some(first);
                }
            }
            j = index.nodes.get(j).map(|n| n.end + 1)?;
        }
    }
    None
}

/// The first URL of a `srcset` list.
fn first_srcset(v: &str) -> Option<String> {
    let first = v.split(", ").next()?.split_whitespace().next()?;
    (!first.is_empty() && !first.starts_with("data:")).then(|| first.to_string())
}

/// Reads `data-capcheck-ignore` on an element: empty value silences everything.
fn ignore_ids(index: &Index<'_>, i: usize, out: &mut Vec<String>) {
    if let Some(v) = index
        .element(i)
        .and_then(|e| e.get_attr(Name::DataCapcheckIgnore))
    {
        let ids: Vec<&str> = v
            .split([',', ' ', '\t', '\n'])
            .filter(|s| !s.is_empty())
            .collect();
        if ids.is_empty() && !out.iter().any(|o| o == "*") {
            out.push("*".to_string());
        }
        for id in ids {
            if !out.iter().any(|o| o == id) {
                out.push(id.to_string());
            }
        }
    }
}

/// The first non-blank raw text node of a subtree, cut short, for locating it in the source.
fn anchor_text(index: &Index<'_>, i: usize) -> Option<String> {
    let end = index.nodes.get(i)?.end;
    let mut j = i;
    while j <= end {
        let n = index.nodes.get(j)?;
        if j != i && n.own & (SKIP | SR_ONLY) != 0 {
            j = n.end + 1;
            continue;
        }
        if let scraper::Node::Text(t) = n.node {
            let t = t.trim();
            if t.chars().filter(|c| c.is_alphanumeric()).count() >= 4 {
                return Some(t.chars().take(60).collect());
            }
        }
        j += 1;
    }
    None
}

/// Splits an inline credit off; a caption that is all credit stays whole as the credit.
fn split(text: &str) -> (String, Option<String>) {
    let (caption, credit) = crate::parse::credit::split_credit(text);
    if caption.trim().is_empty() {
        (
            String::new(),
            Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        )
    } else {
        (caption, credit)
    }
}

/// Whether text reads as a sentence (several words, some of them lowercase function words)
/// rather than a list of names and agencies.
fn reads_as_sentence(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let lower = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    words.len() >= 6 && lower >= 2
}

/// Whether the text of a credit element is a caption rather than a credit: a sentence of
/// some length, not a photographer's or agency's line.
fn reads_as_caption(text: &str) -> bool {
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    // Credit lines open with their credit words ("Photo courtesy of ...", "Copyright ...").
    let opening: String = text
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    words >= 8 && reads_as_sentence(text) && !STRONG_CREDIT.is_match(&opening)
}

/// Subtrees that never belong in caption text.
const NOT_CAPTION_TEXT: u32 = SKIP | SR_ONLY | CREDIT;

/// Text and credit of a caption element, the credit taken from credit-named children.
fn caption_text(index: &Index<'_>, c: usize) -> (String, Option<String>) {
    if let Some(e) = index.element(c) {
        if e.name() == "meta" {
            return (clean_caption(e.get_attr(Name::Content).unwrap_or("")), None);
        }
    }
    let text_without = |extra: u32| {
        index.text_of(c, |own, _| {
            own & (NOT_CAPTION_TEXT | extra) != 0 || own & CHROME != 0 && own & CAPTION == 0
        })
    };
    // Pages that print a caption twice, in full and cut short for a collapsed view, mark the
    // short copy; reading both would mix two captions whenever they differ.
    let mut text = text_without(ABRIDGED);
    if text.trim().is_empty() {
        text = text_without(0);
    }
    let mut credit = String::new();
    let end = index.nodes.get(c).map(|n| n.end).unwrap_or(c);
    let mut j = c + 1;
    while j <= end {
        let Some(n) = index.nodes.get(j) else { break };
        if n.own & CREDIT != 0 && n.own & SKIP == 0 {
            let t = clean_caption(&index.text_of(j, |own, _| own & (SKIP | SR_ONLY) != 0));
            if !t.is_empty() && !credit.contains(&t) {
                if !credit.is_empty() {
                    credit.push(' ');
                }
                credit.push_str(&t);
            }
            j = n.end + 1;
        } else {
            j += 1;
        }
    }
    let mut text = strip_counter(&clean_caption(&text));
    // A credit on a line of its own before the caption (`© Agency<br>Caption …`): the line
    // break says where the credit ends, which the words alone often do not.
    if let Some(lead) = leading_line(index, c) {
        let all_credit = matches!(crate::parse::credit::split_credit(&lead), (rest, Some(_)) if rest.trim().is_empty());
        if all_credit && text.len() > lead.len() && text.starts_with(lead.as_str()) {
            text = text[lead.len()..].trim_start().to_string();
            credit = if credit.is_empty() {
                lead
            } else {
                format!("{lead} {credit}")
            };
        }
    }
    (text, (!credit.is_empty()).then_some(credit))
}

/// The caption element's text up to its first line break, when a `<br>` comes before any
/// block: the first line of a caption written as lines.
fn leading_line(index: &Index<'_>, c: usize) -> Option<String> {
    let end = index.nodes.get(c)?.end;
    let mut out = String::new();
    let mut j = c + 1;
    while j <= end {
        let n = index.nodes.get(j)?;
        if n.own & (SKIP | SR_ONLY) != 0 {
            j = n.end + 1;
            continue;
        }
        match n.node {
            scraper::Node::Text(t) => out.push_str(t),
            scraper::Node::Element(_) if n.name == "br" => {
                return Some(normalize(&out)).filter(|l| !l.is_empty())
            }
            scraper::Node::Element(_) if super::index::is_block(n.name) => return None,
            _ => {}
        }
        j += 1;
    }
    None
}

/// The caption a photo carries in `data-description`, or in `data-title` when that reads as a
/// caption (a few words, some lowercase: a lightbox link's title is often the file's name):
/// on an `img`, or on an element holding exactly one.
fn described_photo(index: &Index<'_>, i: usize) -> Option<String> {
    let e = index.element(i)?;
    let n = index.nodes.get(i)?;
    if n.imgs != 1 {
        return None;
    }
    let read = |a: Name| {
        e.get_attr(a)
            .map(|v| clean_caption(&strip_tags(v)))
            .filter(|v| !v.is_empty())
    };
    // A title reads as a caption when it has lowercase words beyond the few a headline
    // written in title case keeps (`Video Shows Rescue of the Girl`); a player's clip title
    // is none.
    let sentence = |t: &String| {
        t.split_whitespace()
            .filter(|w| {
                w.chars().next().is_some_and(char::is_lowercase) && !TITLE_CASE_LOWER.contains(w)
            })
            .count()
            >= 2
    };
    let player =
        vocab::class_words(e).contains("video") || vocab::class_words(e).contains("player");
    read(Name::DataDescription)
        .or_else(|| read(Name::DataTitle).filter(|t| !player && sentence(t)))
        // A caption element inside says it in the page's own words (looked for only on the
        // few elements that carry such an attribute).
        .filter(|_| !(i..=n.end).any(|j| index.own(j) & CAPTION != 0))
}

/// The words a title-case headline leaves lowercase.
const TITLE_CASE_LOWER: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by",
    "from", "as", "vs", "via",
];

/// What a caption-or-credit element is to its figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Caption text (possibly with credit children).
    Caption,
    /// A credit line standing on its own (which some pages fill with the whole caption).
    Credit,
}

/// Credit words strong enough to mark a standalone element as a photo credit, not an author line.
static STRONG_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    // A literal pattern, exercised by the tests.
    Regex::new(r"(?-u)\b(?:credits?|copyright|photographer|courtesy|attribution|photo\s?by|(?:image|photo|picture|img|pic|media)\s(?:source|author|byline))\b").unwrap()
});

/// Words of an image context: the element or its wrappers talk about images.
static IMAGE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    // A literal pattern, exercised by the tests.
    Regex::new(r"(?-u)\b(?:image|images|img|photo|photos|picture|pic|media|figure|fig|graphic|illustration|gallery|lead|hero|thumbnail)\w*").unwrap()
});

/// Classifies a caption or credit element; wrappers that hold the image with a nested
/// caption element are not captions themselves.
fn classify(index: &Index<'_>, i: usize) -> Option<Kind> {
    let info = index.nodes.get(i)?;
    if info.own & (CAPTION | CREDIT) == 0 {
        return slide_description(index, i).then_some(Kind::Caption);
    }
    if info.inherited & SKIP != 0 && info.own & SKIP == 0 {
        return None;
    }
    if info.own & SKIP != 0 {
        // Only `<meta itemprop=caption content=...>` among skipped tags.
        return (index.tag(i) == "meta" && info.own & CAPTION != 0).then_some(Kind::Caption);
    }
    let words = index.words(i);
    let strong_credit = info.own & CREDIT != 0 && STRONG_CREDIT.is_match(words);
    if info.own & CAPTION != 0 && !(strong_credit && info.own & FIGCAPTION == 0) {
        if info.imgs > 0 {
            let nested = (i + 1..=info.end).any(|j| index.own(j) & (CAPTION | CREDIT) != 0);
            if nested || info.text > 1500 {
                return None;
            }
        }
        return Some(Kind::Caption);
    }
    if strong_credit && info.imgs == 0 && info.text > 0 && info.text < 1500 {
        return Some(Kind::Credit);
    }
    None
}

/// Whether an element named only a description (`Description`, `slide-text`) describes the
/// photo of the slide it sits in: a slide, carousel or gallery wrapper a few levels up holding
/// one photo.
fn slide_description(index: &Index<'_>, i: usize) -> bool {
    let Some(info) = index.nodes.get(i) else {
        return false;
    };
    info.el.is_some()
        && info.imgs == 0
        && info.text > 0
        && info.text < 1500
        && info.inherited & (SKIP | CAPTION | CREDIT) == 0
        && vocab::is_description(index.words(i))
        && index
            .ancestors(i)
            .take(5)
            .find(|&a| index.nodes.get(a).is_some_and(|n| n.imgs > 0))
            .is_some_and(|slide| index.nodes.get(slide).is_some_and(|n| n.imgs == 1))
        && index
            .ancestors(i)
            .take(5)
            .any(|a| vocab::is_slides(index.words(a)))
}

/// Whether a standalone credit sits with an image: an image in its unit, or image words on
/// it or its near wrappers.
fn credit_near_image(index: &Index<'_>, i: usize, unit: usize) -> bool {
    if index.nodes.get(unit).is_some_and(|n| n.imgs > 0) || index.flags(i) & FIGURE != 0 {
        return true;
    }
    std::iter::once(i)
        .chain(index.ancestors(i).take(3))
        .any(|a| index.element(a).is_some() && IMAGE_WORDS.is_match(index.words(a)))
}

/// The smallest ancestor that looks like a figure: a `figure`, or a wrapper holding an image
/// and little text beyond the caption's own.
fn find_unit(index: &Index<'_>, c: usize, caption_len: u32) -> (usize, bool) {
    for (depth, a) in index.ancestors(c).enumerate() {
        let Some(n) = index.nodes.get(a) else { break };
        if n.own & FIGURE != 0 {
            return (a, true);
        }
        if depth < 4 && n.imgs > 0 && n.text <= caption_len + 160 {
            return (a, n.imgs > 0);
        }
        if depth >= 6 || n.text > caption_len + 400 {
            break;
        }
    }
    // Image in a sibling just before (or after) the caption, inside a larger block.
    let mut cur = c;
    for _ in 0..3 {
        if let Some(sib) = index.prev_element_sibling(cur) {
            if let Some(n) = index.nodes.get(sib) {
                if n.imgs > 0 && n.text < 160 {
                    return (sib, false);
                }
            }
        }
        let Some(parent) = index.nodes.get(cur).map(|n| n.parent) else {
            break;
        };
        // Only climb when `cur` starts its parent, so the sibling really sits right before it.
        if index.prev_element_sibling(cur).is_some()
            || index
                .nodes
                .get(parent)
                .is_none_or(|p| p.text > caption_len + 160)
        {
            break;
        }
        cur = parent;
    }
    if let Some(sib) = next_element_sibling(index, c) {
        if let Some(n) = index.nodes.get(sib) {
            if n.imgs > 0 && n.text < 160 {
                return (sib, false);
            }
        }
    }
    (c, false)
}

fn next_element_sibling(index: &Index<'_>, i: usize) -> Option<usize> {
    let n = index.nodes.get(i)?;
    let parent = n.parent;
    let p = index.nodes.get(parent)?;
    let mut j = n.end + 1;
    while j <= p.end {
        let s = index.nodes.get(j)?;
        if s.el.is_some() && s.own & SKIP == 0 {
            return Some(j);
        }
        if let scraper::Node::Text(t) = s.node {
            if !super::index::trim(t).is_empty() {
                return None;
            }
        }
        j = s.end + 1;
    }
    None
}

/// Elements that hold a caption written in a paragraph of its own under a photo, with no
/// class or attribute to name it (blogs and small sites).
const POSITIONAL_CAPTION_TAGS: &[&str] = &["em", "i", "small", "cite"];

/// Shortest and longest caption text (characters) read by position alone: a caption is a
/// line, not a paragraph of the story.
const POSITIONAL_CAPTION_CHARS: std::ops::RangeInclusive<u32> = 15..=400;

/// Captions that no markup names, found by position: an italic (or small) line that is all the
/// text of the block holding a photo (`<p><img><br><em>…</em></p>`), or all the text of the
/// paragraph right after a block that holds only the photo (`<p><img></p><p><em>…</em></p>`).
/// Photos already paired with a caption are left alone.
fn positional_captions(index: &Index<'_>, found: &[Found]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    // Nodes inside a figure already found, marked up front so that a page of 10,000 figures
    // does not compare every photo with every figure.
    let mut covered = vec![false; index.nodes.len()];
    let cover = |covered: &mut Vec<bool>, unit: usize| {
        let end = index.nodes.get(unit).map_or(unit, |n| n.end);
        for slot in covered.iter_mut().take(end + 1).skip(unit) {
            *slot = true;
        }
    };
    for f in found {
        cover(&mut covered, f.unit);
        if let Some(img) = f.img {
            cover(&mut covered, img);
        }
    }
    for (img, info) in index.nodes.iter().enumerate() {
        if info.own & IMG == 0
            || info.inherited & (SKIP | HIDDEN) != 0
            || covered.get(img).copied().unwrap_or(true)
            || decorative(index, img)
        {
            continue;
        }
        // The photo, or the link wrapping only it.
        let host = match index.nodes.get(info.parent) {
            Some(p) if index.tag(info.parent) == "a" && p.imgs == 1 && p.text == 0 => info.parent,
            _ => img,
        };
        let Some(block) = index.nodes.get(host).map(|n| n.parent) else {
            continue;
        };
        let Some(block_info) = index.nodes.get(block) else {
            continue;
        };
        if block_info.imgs != 1 || block_info.inherited & (CAPTION | CREDIT) != 0 {
            continue;
        }
        let line = if block_info.text == 0 {
            // `<p><img></p>` then `<p><em>caption</em></p>`.
            next_element_sibling(index, block)
                .filter(|&q| index.tag(q) == "p" && index.nodes.get(q).is_some_and(|n| n.imgs == 0))
                .and_then(|q| sole_line(index, q).or_else(|| credited_line(index, q)))
        } else {
            sole_line(index, block).filter(|&e| e > host)
        };
        let Some(line) = line else { continue };
        let (text, markup_credit) = caption_text(index, line);
        let (caption, credit) = match markup_credit {
            Some(c) => (text, Some(c)),
            None => split(&text),
        };
        if caption.is_empty() {
            continue;
        }
        let unit = if block_info.text == 0 {
            block
        } else {
            host.min(block)
        };
        cover(&mut covered, unit);
        out.push(Found {
            unit,
            caption_node: Some(line),
            img: Some(img),
            caption: Some(caption),
            credit,
            anchor: anchor_text(index, line),
            ..Found::default()
        });
    }
    out
}

/// The caption of a `figure` whose markup names none: a `figure` holds a photo and its
/// caption, so the one caption-sized piece of its text outside the photo's wrappers
/// (`<figure><img><p>…</p></figure>`) is the caption, and a piece that is all credit
/// (`Getty Images`) is the credit. Two caption-sized pieces are ambiguous: none is taken.
fn unmarked_caption(index: &Index<'_>, fig: usize) -> Option<(usize, String, Option<String>)> {
    let end = index.nodes.get(fig)?.end;
    let mut caption: Option<(usize, String)> = None;
    let mut credit: Option<String> = None;
    let mut j = fig + 1;
    while j <= end {
        let n = index.nodes.get(j)?;
        if n.own & (SKIP | HIDDEN | SR_ONLY | CHROME) != 0 || (n.imgs == 0 && n.text == 0) {
            j = n.end + 1;
            continue;
        }
        if n.imgs > 0 {
            j += 1;
            continue;
        }
        let text = clean_caption(
            &index.text_of(j, |own, _| own & (SKIP | HIDDEN | SR_ONLY | CHROME) != 0),
        );
        match split(&text) {
            (c, Some(cr)) if c.is_empty() => {
                credit.get_or_insert(cr);
            }
            (c, cr)
                if POSITIONAL_CAPTION_CHARS.contains(&(c.chars().count() as u32))
                    && c.split_whitespace().count() >= 3 =>
            {
                if caption.is_some() {
                    return None;
                }
                caption = Some((j, c));
                if let Some(cr) = cr {
                    credit = Some(cr);
                }
            }
            _ => {}
        }
        j = n.end + 1;
    }
    caption.map(|(node, c)| (node, c, credit))
}

/// A paragraph with no class of its own right under a photo, read as its caption when it
/// credits the photo (`Rowers on the lake at dawn. Photo: Ann Lee`): story text does not.
fn credited_line(index: &Index<'_>, p: usize) -> Option<usize> {
    let n = index.nodes.get(p)?;
    if !POSITIONAL_CAPTION_CHARS.contains(&n.text)
        || n.own & (CAPTION | CREDIT | SKIP | HIDDEN) != 0
        || (p..=n.end).any(|j| index.tag(j) == "a")
    {
        return None;
    }
    let text = clean_caption(&index.text_of(p, |own, _| own & (SKIP | SR_ONLY) != 0));
    match crate::parse::credit::split_credit(&text) {
        (caption, Some(_)) if caption.split_whitespace().count() >= 3 => Some(p),
        _ => None,
    }
}

/// The italic (or small) element that holds all the text of `block`, if there is one and its
/// text is caption-sized.
fn sole_line(index: &Index<'_>, block: usize) -> Option<usize> {
    let b = index.nodes.get(block)?;
    if b.text == 0 || b.own & SKIP != 0 {
        return None;
    }
    (block + 1..=b.end).find(|&j| {
        index.nodes.get(j).is_some_and(|n| {
            n.el.is_some()
                && POSITIONAL_CAPTION_TAGS.contains(&index.tag(j))
                && n.text == b.text
                && POSITIONAL_CAPTION_CHARS.contains(&n.text)
        })
    })
}

/// The image of a unit: the last photo before the caption, else the first after it.
fn pick_image(index: &Index<'_>, unit: usize, caption: Option<usize>) -> Option<usize> {
    let end = index.nodes.get(unit)?.end;
    let at = caption.unwrap_or(end + 1);
    let mut before = None;
    let mut after = None;
    let mut any = None;
    let mut j = unit;
    while j <= end {
        let n = index.nodes.get(j)?;
        if n.own & IMG != 0 {
            any.get_or_insert(j);
            if !decorative(index, j) {
                if j < at {
                    before = Some(j);
                } else if after.is_none() {
                    after = Some(j);
                }
            }
        }
        j += 1;
    }
    before.or(after).or(any)
}

/// A lazy-load address written on a non-`img` element of the unit (`data-src`, `data-bg`).
fn placeholder_src(index: &Index<'_>, unit: usize) -> Option<String> {
    let end = index.nodes.get(unit)?.end;
    for j in unit..=end {
        if let Some(e) = index.element(j) {
            for a in [
                Name::DataSrc,
                Name::DataOriginal,
                Name::DataBg,
                Name::DataImage,
                Name::DataLazySrc,
                Name::DataSrcset,
                Name::Srcset,
            ] {
                if let Some(v) = e.get_attr(a).and_then(first_srcset) {
                    return Some(v);
                }
            }
        }
    }
    None
}

/// Every captioned figure of the page, and every `figure` with a photo, in document order.
pub fn discover(index: &Index<'_>) -> Vec<Found> {
    let (mut found, mut units_with_caption) = marked_captions(index);
    credits_in_units(index, &mut found);
    // Captions known only by where they stand: an italic line right under a photo.
    let by_position = positional_captions(index, &found);
    units_with_caption.extend(by_position.iter().map(|f| f.unit));
    found.extend(by_position);
    captionless_figures(index, &units_with_caption, &mut found);
    found.sort_by_key(|f| f.unit.min(f.caption_node.unwrap_or(usize::MAX)));
    for f in &mut found {
        complete(index, f);
    }
    merge(index, found)
}

/// Captions the markup names: `data-caption`-style attributes and described photos, and caption
/// or credit elements (`classify`), each with its unit and photo; with the units that have one.
fn marked_captions(index: &Index<'_>) -> (Vec<Found>, Vec<usize>) {
    let mut found: Vec<Found> = Vec::new();
    let mut caption_end: Option<usize> = None;
    let mut units_with_caption: Vec<usize> = Vec::new();
    for i in 0..index.nodes.len() {
        if caption_end.is_some_and(|e| i <= e) {
            continue;
        }
        if index.element(i).is_none() {
            continue;
        }
        if let Some(f) = attribute_caption(index, i) {
            found.push(f);
            continue;
        }
        let Some(kind) = classify(index, i) else {
            continue;
        };
        caption_end = index.nodes.get(i).map(|n| n.end);
        let (text, markup_credit) = caption_text(index, i);
        let (caption, credit, slot_caption) = caption_and_credit(kind, text, markup_credit);
        if caption.is_empty() && credit.as_deref().is_none_or(str::is_empty) {
            continue;
        }
        let len = (caption.len() + credit.as_ref().map_or(0, String::len)) as u32;
        let (unit, _) = find_unit(index, i, len);
        if kind == Kind::Credit && caption.is_empty() && !credit_near_image(index, i, unit) {
            continue;
        }
        let img = pick_image(index, unit, Some(i));
        units_with_caption.push(unit);
        found.push(Found {
            unit,
            caption_node: Some(i),
            img,
            caption: Some(caption).filter(|c| !c.is_empty()),
            credit: credit.filter(|c| !c.is_empty()),
            anchor: anchor_text(index, i),
            ..Found::default()
        });
        if let Some((slot, slot_credit)) = slot_caption {
            found.push(Found {
                unit,
                caption_node: Some(i),
                img,
                anchor: Some(slot.chars().take(40).collect()),
                caption: Some(slot),
                credit: slot_credit,
                credit_slot: true,
                ..Found::default()
            });
        }
    }
    (found, units_with_caption)
}

/// A caption node `i` carries in an attribute (`data-caption`, `data-image-caption`) or as a
/// described photo, with its unit (a figure among its nearest ancestors) and photo.
fn attribute_caption(index: &Index<'_>, i: usize) -> Option<Found> {
    let e = index.element(i)?;
    let text = e
        .get_attr(Name::DataCaption)
        .or_else(|| e.get_attr(Name::DataImageCaption))
        .map(|v| clean_caption(&strip_tags(v)))
        .filter(|v| !v.is_empty())
        .or_else(|| described_photo(index, i))?;
    if index.flags(i) & SKIP != 0 {
        return None;
    }
    let unit = index
        .ancestors(i)
        .take(3)
        .find(|&a| index.own(a) & FIGURE != 0)
        .unwrap_or(i);
    let img = if index.own(i) & IMG != 0 {
        Some(i)
    } else {
        pick_image(index, i, None)
    };
    let (caption, credit) = split(&text);
    Some(Found {
        unit,
        caption_node: None,
        img,
        caption: Some(caption).filter(|c| !c.is_empty()),
        credit,
        anchor: e
            .get_attr(Name::DataCaption)
            .map(|v| v.chars().take(40).collect()),
        ..Found::default()
    })
}

/// A second caption and its credit, found in a credit element (see `caption_and_credit`).
type SlotCaption = Option<(String, Option<String>)>;

/// A caption element's text and the credit its markup marks, as caption, credit and a second
/// caption a credit element may hold.
fn caption_and_credit(
    kind: Kind,
    text: String,
    markup_credit: Option<String>,
) -> (String, Option<String>, SlotCaption) {
    match (kind, markup_credit) {
        // Text that is all credit beside a credit element ("© Provided by X" +
        // "Photograph: Y") is a second credit, in reading order after the element's.
        (_, Some(c)) => match split(&text) {
            (rest, Some(inline)) if rest.is_empty() => {
                (String::new(), Some(format!("{c} {inline}")), None)
            }
            _ if !text.is_empty() => match split(&c) {
                // A credit element that holds a caption of its own (a CMS slip that
                // filled the credit field with a caption) is a second caption of the
                // photo; its trailing credit, if any, is the photo's credit.
                (slot, slot_credit) if reads_as_caption(&slot) => {
                    let credit = slot_credit.clone();
                    (text, credit, Some((slot, slot_credit)))
                }
                _ => (text, Some(c), None),
            },
            _ => (text, Some(c), None),
        },
        (Kind::Caption, None) => {
            let (caption, credit) = split(&text);
            (caption, credit, None)
        }
        // A credit element holding a whole caption: split it; else it is only a credit.
        (Kind::Credit, None) => match split(&text) {
            (c, Some(cr)) if reads_as_sentence(&c) => (c, Some(cr), None),
            _ => (String::new(), Some(text), None),
        },
    }
}

/// Credits outside any caption element but inside a figure unit; a `cite` beside the caption of
/// a photo names its source.
fn credits_in_units(index: &Index<'_>, found: &mut [Found]) {
    for f in found.iter_mut().filter(|f| f.credit.is_none()) {
        let Some(end) = index.nodes.get(f.unit).map(|n| n.end) else {
            continue;
        };
        let photo = index.nodes.get(f.unit).is_some_and(|n| n.imgs > 0);
        let mut j = f.unit;
        while j <= end {
            let Some(n) = index.nodes.get(j) else { break };
            let credit = n.own & CREDIT != 0 || photo && index.tag(j) == "cite" && n.text < 200;
            if credit && n.own & SKIP == 0 && f.caption_node.is_none_or(|c| !index.within(j, c)) {
                let t = clean_caption(&index.text_of(j, |own, _| own & (SKIP | SR_ONLY) != 0));
                if !t.is_empty() && f.caption.as_deref() != Some(t.as_str()) {
                    f.credit = Some(t);
                    break;
                }
            }
            j += 1;
        }
    }
}

/// Captionless `figure`s holding a photo, unless one already found lies inside it or a
/// captioned unit holds it. Nodes are in document order and a subtree is the run of nodes up to
/// its `end`, so both tests are a look-up, not a pass over every figure found: the units found,
/// sorted, answer "is one inside [i, end]"; a running count of the captioned units' subtrees
/// entered and left answers "is i inside one". (Figures pushed here cannot be inside a later
/// one: a later node is never an ancestor of an earlier one.)
fn captionless_figures(index: &Index<'_>, units_with_caption: &[usize], found: &mut Vec<Found>) {
    let mut units: Vec<usize> = units_with_caption
        .iter()
        .copied()
        .chain(found.iter().map(|f| f.unit))
        .collect();
    units.sort_unstable();
    units.dedup();
    let mut entered = vec![0i32; index.nodes.len() + 1];
    for &u in units_with_caption {
        if let Some(node) = index.nodes.get(u) {
            entered[u] += 1;
            entered[(node.end + 1).min(index.nodes.len())] -= 1;
        }
    }
    let mut inside_captioned = 0;
    for (i, info) in index.nodes.iter().enumerate() {
        inside_captioned += entered[i];
        if info.own & FIGURE == 0 || info.imgs == 0 || info.inherited & SKIP != 0 {
            continue;
        }
        let first_at_or_after = units.partition_point(|&u| u < i);
        let holds_one = units.get(first_at_or_after).is_some_and(|&u| u <= info.end);
        if inside_captioned > 0 || holds_one {
            continue;
        }
        let Some(img) = pick_image(index, i, None).filter(|&m| !decorative(index, m)) else {
            continue;
        };
        let (caption_node, caption, credit) = match unmarked_caption(index, i) {
            Some((node, caption, credit)) => (Some(node), Some(caption), credit),
            None => (None, None, None),
        };
        let anchor = caption_node.and_then(|c| anchor_text(index, c));
        found.push(Found {
            unit: i,
            img: Some(img),
            caption_node,
            caption,
            credit,
            anchor,
            ..Found::default()
        });
    }
}

/// A found figure's photo source, alt text, anchor and inline suppressions.
fn complete(index: &Index<'_>, f: &mut Found) {
    if let Some(img) = f.img {
        f.src = image_src(index, img);
        f.alt = index
            .element(img)
            .and_then(|e| e.get_attr(Name::Alt))
            .map(normalize)
            .filter(|a| !a.is_empty());
    }
    if f.src.is_none() {
        f.src = placeholder_src(index, f.unit);
    }
    if f.anchor.is_none() {
        f.anchor = f.src.as_ref().map(|s| s.chars().take(60).collect());
    }
    for node in [Some(f.unit), f.img, f.caption_node].into_iter().flatten() {
        ignore_ids(index, node, &mut f.ignore);
    }
    for a in index.ancestors(f.unit).take(3) {
        ignore_ids(index, a, &mut f.ignore);
    }
}

/// Lowercase letters and digits only, for comparing caption copies.
pub fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Comparison keys of a found figure: its caption, and its caption with credit.
fn keys(f: &Found) -> (String, String) {
    let cap = f.caption.as_deref().map(key).unwrap_or_default();
    let full = format!("{cap}{}", f.credit.as_deref().map(key).unwrap_or_default());
    (cap, full)
}

/// Whether two found figures are copies of one caption (responsive variants, lightbox,
/// `data-caption` next to the visible text), given their [`keys`]. Credit-only figures are
/// copies only when they also show the same file, since one agency credits many photos.
fn same_caption(
    a: &Found,
    (ca, fa): &(String, String),
    b: &Found,
    (cb, fb): &(String, String),
) -> bool {
    if !ca.is_empty() && ca == cb {
        return true;
    }
    if fa.is_empty() || fb.is_empty() {
        return false;
    }
    if ca.is_empty() && cb.is_empty() {
        let same_file = a.src == b.src || a.src.is_none() || b.src.is_none();
        // One credit line repeating part of the other on the same photo (an attribute copy).
        let part =
            |x: &str, y: &str| x.len() >= 8 && y.contains(x) && a.src.is_some() && a.src == b.src;
        return same_file && (fa == fb || part(fa, fb) || part(fb, fa));
    }
    // One is all credit: it copies the other if its text is the other's caption or whole text.
    let credit_only = |c: &str, f: &str, other_c: &str, other_f: &str| {
        c.is_empty() && f.len() >= 8 && (f == other_c || f == other_f)
    };
    fa == fb || credit_only(ca, fa, cb, fb) || credit_only(cb, fb, ca, fa)
}

/// Joins captions that share a one-image unit, then drops copies of an already-seen caption
/// (mobile/desktop variants, lightbox copies).
fn merge(index: &Index<'_>, found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut out_keys: Vec<(String, String)> = Vec::new();
    let mut seen = Candidates::default();
    for f in found {
        if let Some(prev) = out.last_mut() {
            let one_image = index.nodes.get(f.unit).is_some_and(|n| n.imgs <= 1);
            if prev.unit == f.unit && one_image && !f.credit_slot {
                join_into(index, prev, f);
                if let Some(k) = out_keys.last_mut() {
                    let last = out.len() - 1;
                    seen.forget(last, &out[last], k);
                    *k = keys(&out[last]);
                    seen.remember(last, &out[last], k);
                }
                continue;
            }
        }
        let fk = keys(&f);
        let dup = seen
            .of(&f, &fk)
            .into_iter()
            .find(|&i| same_caption(&out[i], &out_keys[i], &f, &fk));
        let dup_at = dup;
        if let Some(dup) = dup.and_then(|d| out.get_mut(d)) {
            if take_over(index, dup, f) {
                // `same_caption` reads the kept figure's address as it is now.
                if let (Some(d), Some(src)) = (dup_at, &dup.src) {
                    if out_keys[d].0.is_empty() {
                        seen.file_by_src(d, src);
                    }
                }
            }
            continue;
        }
        seen.remember(out.len(), &f, &fk);
        out.push(f);
        out_keys.push(fk);
    }
    out
}

/// Joins `f`, a second caption or credit element of `prev`'s one-image unit, into `prev`: a
/// caption that adds text is appended (or replaces one it contains), and two different
/// credits are both kept, the one written in the caption first.
fn join_into(index: &Index<'_>, prev: &mut Found, f: Found) {
    match (&mut prev.caption, f.caption) {
        (Some(p), Some(c)) if !key(p).contains(&key(&c)) => {
            if key(&c).contains(&key(p)) {
                *p = c;
            } else {
                p.push(' ');
                p.push_str(&c);
            }
        }
        (p @ None, c) => *p = c,
        _ => {}
    }
    // Two credits on one photo (a credit element and an inline credit in the
    // caption) are both kept, the one written in the caption first.
    match (&mut prev.credit, f.credit) {
        (p @ None, c) => *p = c,
        (Some(p), Some(c)) if !key(p).contains(&key(&c)) && !key(&c).contains(&key(p)) => {
            *p = if f.caption_node.is_some()
                && prev
                    .caption_node
                    .is_some_and(|pc| index.own(pc) & CAPTION == 0)
            {
                format!("{c} {p}")
            } else {
                format!("{p} {c}")
            };
        }
        _ => {}
    }
}

/// Folds `f`, a copy of the kept figure `dup`, into it: the visible copy's place, and what
/// `dup` lacks. Returns whether `dup` took `f`'s image address.
fn take_over(index: &Index<'_>, dup: &mut Found, f: Found) -> bool {
    // The visible copy stands for the figure, not the lightbox or hidden variant.
    if index.flags(dup.unit) & HIDDEN != 0 && index.flags(f.unit) & HIDDEN == 0 {
        dup.unit = f.unit;
        dup.caption_node = f.caption_node;
        dup.img = f.img;
        dup.anchor = f.anchor.clone();
    }
    let took_src = dup.src.is_none() && f.src.is_some();
    if dup.src.is_none() {
        dup.src = f.src;
    }
    if dup.caption.is_none() {
        dup.caption = f.caption;
    }
    if dup.credit.is_none() {
        dup.credit = f.credit;
    }
    dup.ignore.extend(f.ignore);
    took_src
}

/// Figures kept so far, by the keys `same_caption` compares, so that a new figure is compared
/// only with those that can be its copy, not with every figure of the page.
#[derive(Default)]
struct Candidates {
    /// By caption key (non-empty).
    by_caption: HashMap<String, Vec<usize>>,
    /// By caption-and-credit key (non-empty).
    by_full: HashMap<String, Vec<usize>>,
    /// Figures without a caption (credit only), by image address: `same_caption` compares
    /// their credits by containment, which no key look-up answers.
    credit_only_by_src: HashMap<String, Vec<usize>>,
}

/// Figures remembered per key at most: real pages repeat a caption a few times (responsive
/// and lightbox copies); a page repeating one far more often is only compared with the first.
const MAX_PER_KEY: usize = 64;

impl Candidates {
    /// Every figure `same_caption` could find a copy of `f` in, in page order.
    fn of(&self, f: &Found, (cap, full): &(String, String)) -> Vec<usize> {
        if full.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<usize> = Vec::new();
        let mut add = |list: Option<&Vec<usize>>| out.extend(list.into_iter().flatten());
        if !cap.is_empty() {
            add(self.by_caption.get(cap));
            add(self.by_full.get(cap));
        }
        add(self.by_full.get(full));
        add(self.by_caption.get(full));
        if let Some(src) = &f.src {
            add(self.credit_only_by_src.get(src));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Files figure `i` under its keys.
    fn remember(&mut self, i: usize, f: &Found, (cap, full): &(String, String)) {
        let file = |map: &mut HashMap<String, Vec<usize>>, key: &str| {
            let list = map.entry(key.to_string()).or_default();
            if list.len() < MAX_PER_KEY {
                list.push(i);
            }
        };
        if !cap.is_empty() {
            file(&mut self.by_caption, cap);
        }
        if !full.is_empty() {
            file(&mut self.by_full, full);
        }
        if let (true, Some(src)) = (cap.is_empty(), &f.src) {
            file(&mut self.credit_only_by_src, src);
        }
    }

    /// Files figure `i`, which has no caption, under the image address it has just taken.
    fn file_by_src(&mut self, i: usize, src: &str) {
        let list = self.credit_only_by_src.entry(src.to_string()).or_default();
        if list.len() < MAX_PER_KEY {
            list.push(i);
        }
    }

    /// Takes the last figure filed, `i`, out again (its keys are about to change).
    fn forget(&mut self, i: usize, f: &Found, (cap, full): &(String, String)) {
        let unfile = |map: &mut HashMap<String, Vec<usize>>, key: &str| {
            if let Some(list) = map.get_mut(key) {
                if list.last() == Some(&i) {
                    list.pop();
                }
            }
        };
        if !cap.is_empty() {
            unfile(&mut self.by_caption, cap);
        }
        if !full.is_empty() {
            unfile(&mut self.by_full, full);
        }
        if let (true, Some(src)) = (cap.is_empty(), &f.src) {
            unfile(&mut self.credit_only_by_src, src);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn figs(html: &str) -> Vec<Found> {
        let doc = Html::parse_document(html);
        let index = Index::build(&doc);
        discover(&index)
    }

    #[test]
    fn figure_with_figcaption() {
        let f = figs(
            r#"<figure><img src="/a.jpg" alt="A goat"><figcaption>A goat stands on a barn roof in Springdale.</figcaption></figure>"#,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].caption.as_deref(),
            Some("A goat stands on a barn roof in Springdale.")
        );
        assert_eq!(f[0].src.as_deref(), Some("/a.jpg"));
        assert_eq!(f[0].alt.as_deref(), Some("A goat"));
    }

    #[test]
    fn unnamed_text_in_a_figure_is_its_caption() {
        let f = figs(
            r#"<figure><div><img src="/t.jpg"><span role="text"><span class="visually-hidden">Image source, </span>Reuters</span></div><p><span class="visually-hidden">Image caption, </span>Nurses on a picket line outside a hospital in Tenby</p></figure>"#,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].caption.as_deref(),
            Some("Nurses on a picket line outside a hospital in Tenby")
        );
        assert_eq!(f[0].credit.as_deref(), Some("Reuters"));
        // Two unnamed lines could be a caption and anything else: neither is taken.
        let f = figs(
            r#"<figure><img src="/u.jpg"><p>The old pier at sunset last week.</p><div>Read more stories about the coast here.</div></figure>"#,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].caption, None);
        // A button's label is no caption.
        let f =
            figs(r#"<figure><img src="/v.jpg"><button>View all twelve photos</button></figure>"#);
        assert_eq!(f[0].caption, None);
    }

    #[test]
    fn caption_div_after_img() {
        let f = figs(
            r#"<div class="media"><img data-src="/b.jpg" src="data:image/gif;base64,R0"><div class="image-caption">Volunteers plant trees along the canal.</div></div>"#,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].src.as_deref(), Some("/b.jpg"));
        assert_eq!(
            f[0].caption.as_deref(),
            Some("Volunteers plant trees along the canal.")
        );
    }

    #[test]
    fn credit_element_split() {
        let f = figs(
            r#"<figure><img src="/c.jpg"><figcaption>The old mill at dawn. <span class="credit">Jane Roe / Example Agency</span></figcaption></figure>"#,
        );
        assert_eq!(f[0].caption.as_deref(), Some("The old mill at dawn."));
        assert_eq!(f[0].credit.as_deref(), Some("Jane Roe / Example Agency"));
        let f = figs(
            r#"<figure><img src="/c.jpg"><span class="pb-caption-credit">Photo: Sam Doe</span><figcaption>The old mill at dawn.</figcaption></figure>"#,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].caption.as_deref(), Some("The old mill at dawn."));
        assert_eq!(f[0].credit.as_deref(), Some("Photo: Sam Doe"));
    }

    #[test]
    fn screen_reader_prefix_dropped() {
        let f = figs(
            r#"<figure><img src="/d.jpg"><figcaption><span class="visually-hidden">Image caption, </span>Crowds gather at the harbour.</figcaption></figure>"#,
        );
        assert_eq!(
            f[0].caption.as_deref(),
            Some("Crowds gather at the harbour.")
        );
        let f = figs(
            r#"<figure><img src="/d.jpg"><figcaption>Image caption, Crowds gather at the harbour.</figcaption></figure>"#,
        );
        assert_eq!(
            f[0].caption.as_deref(),
            Some("Crowds gather at the harbour.")
        );
    }

    #[test]
    fn responsive_duplicates_merged() {
        let f = figs(
            r#"<div><figure><img src="/e.jpg"><figcaption class="mobile">A kite over the dunes.</figcaption>
            <figcaption class="desktop">A kite over the dunes.</figcaption></figure>
            <div class="lightbox" style="display:none"><img src="/e-big.jpg"><p class="caption">A kite  over the dunes.</p></div></div>"#,
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn data_caption_and_ignore() {
        let f = figs(
            r#"<img src="/f.jpg" data-caption="<b>Rowers</b> on the lake." data-capcheck-ignore>"#,
        );
        assert_eq!(f[0].caption.as_deref(), Some("Rowers on the lake."));
        assert_eq!(f[0].ignore, vec!["*"]);
        let f = figs(
            r#"<figure data-capcheck-ignore="caption-stale-date, caption-entity-mismatch"><img src="/g.jpg"><figcaption>Snow on the pass.</figcaption></figure>"#,
        );
        assert_eq!(
            f[0].ignore,
            vec!["caption-stale-date", "caption-entity-mismatch"]
        );
    }

    #[test]
    fn alt_is_never_a_caption() {
        let f = figs(
            r#"<p>Text</p><figure><img src="/h.jpg" alt="A long alt text describing the whole scene in many words"></figure>"#,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].caption, None);
    }

    #[test]
    fn cite_beside_caption_is_the_credit() {
        let f = figs(
            r#"<figure><img src="/v.jpg"><div><figcaption><em>A headset on a table.</em></figcaption><cite>Image: Sam Doe / Example</cite></div></figure>"#,
        );
        assert_eq!(f[0].caption.as_deref(), Some("A headset on a table."));
        assert_eq!(f[0].credit.as_deref(), Some("Image: Sam Doe / Example"));
    }

    #[test]
    fn caption_in_the_credit_element_is_a_second_caption() {
        let f = figs(
            r#"<figure><img src="/c.jpg"><figcaption><span class="caption-text">Geese cross the road at dawn.</span><small class="caption--credit">The mayor opens the new bridge over the river with a ribbon on Tuesday. Credit: Ann Lee for Example News</small></figcaption></figure>"#,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(
            f[0].caption.as_deref(),
            Some("Geese cross the road at dawn.")
        );
        assert_eq!(
            f[1].caption.as_deref(),
            Some("The mayor opens the new bridge over the river with a ribbon on Tuesday.")
        );
        assert_eq!(f[1].credit.as_deref(), Some("Ann Lee for Example News"));
        assert_eq!(f[0].src, f[1].src);
        // A credit line, however long, stays the credit.
        let f = figs(
            r#"<figure><img src="/d.jpg"><figcaption><span class="caption-text">Geese cross the road at dawn.</span><small class="caption--credit">Photo courtesy of the Lee family, who kept it in an album for years</small></figcaption></figure>"#,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].credit.as_deref(),
            Some("Photo courtesy of the Lee family, who kept it in an album for years")
        );
    }

    #[test]
    fn italic_line_under_a_photo_is_its_caption() {
        let f = figs(
            r#"<p>Story text that runs on for a while.</p><p><a href="/big.jpg"><img src="/e.jpg"></a><br><em>Rowers on the lake at dawn. (Photo: Ann Lee)</em></p>"#,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].caption.as_deref(), Some("Rowers on the lake at dawn."));
        assert_eq!(f[0].credit.as_deref(), Some("Ann Lee"));
        assert_eq!(f[0].src.as_deref(), Some("/e.jpg"));
        let f = figs(
            r#"<p><img src="/f.jpg"></p><p><i>The old mill before the fire of 1911.</i></p><p>Story text.</p>"#,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].caption.as_deref(),
            Some("The old mill before the fire of 1911.")
        );
    }

    #[test]
    fn a_slides_description_is_its_caption() {
        let f = figs(
            r#"<ul class="Carousel"><li><img src="/a.jpg" alt="Image"><div class="Slide-info"><span class="slideCount">1 of 2</span><div class="Description">Rowers on the lake at dawn.</div></div></li>
            <li><img src="/b.jpg" alt="Image"><div class="Slide-info"><span class="slideCount">2 of 2</span><div class="Description">Swans on the weir.</div></div></li></ul>"#,
        );
        let got: Vec<(Option<&str>, Option<&str>)> = f
            .iter()
            .map(|f| (f.caption.as_deref(), f.src.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Rowers on the lake at dawn."), Some("/a.jpg")),
                (Some("Swans on the weir."), Some("/b.jpg"))
            ]
        );
        // Only the description names itself; the slide is a plain list item of a carousel.
        let f = figs(
            r#"<ul class="carousel"><li><img src="/a.jpg" alt="Image"><div class="meta"><span class="count">1 of 2</span><div class="description">Rowers on the lake at dawn.</div></div></li>
            <li><img src="/b.jpg" alt="Image"><div class="meta"><div class="description">Swans on the weir.</div></div></li></ul>"#,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].caption.as_deref(), Some("Rowers on the lake at dawn."));
        assert_eq!(f[1].src.as_deref(), Some("/b.jpg"));
        // A gallery's description of itself (beside many photos) is no photo's caption.
        let f = figs(
            r#"<div class="gallery"><p class="description">The week in pictures.</p><img src="/a.jpg"><img src="/b.jpg"></div>"#,
        );
        assert!(f.iter().all(|f| f.caption.is_none()), "{f:?}");
    }

    #[test]
    fn credited_paragraph_under_a_photo_is_its_caption() {
        let f = figs(
            r#"<p>Story text that runs on for a while.</p><p><img src="/e.jpg"></p><p>Rowers on the lake at dawn. Photo: Ann Lee</p><p>More story text.</p>"#,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].caption.as_deref(), Some("Rowers on the lake at dawn."));
        assert_eq!(f[0].credit.as_deref(), Some("Ann Lee"));
        // Story text under a photo credits nothing: it is no caption.
        let f = figs(
            r#"<p><img src="/e.jpg"></p><p>The council met on Tuesday to vote on the bridge.</p>"#,
        );
        assert!(f.iter().all(|f| f.caption.is_none()), "{f:?}");
    }

    #[test]
    fn italic_story_text_beside_a_photo_is_not_a_caption() {
        // The paragraph holds story text besides the italic words.
        let f = figs(
            r#"<p><img src="/g.jpg"> The council met on <em>Tuesday evening in the hall</em> to vote.</p>"#,
        );
        assert!(f.iter().all(|f| f.caption.is_none()), "{f:?}");
        // An italic paragraph that does not follow a photo-only block.
        let f = figs(
            r#"<p><img src="/h.jpg"> A photo in a paragraph of story text.</p><p><em>This story has been updated with new figures.</em></p>"#,
        );
        assert!(f.iter().all(|f| f.caption.is_none()), "{f:?}");
        // A long italic paragraph is story text, not a caption line.
        let long = "word ".repeat(100);
        let f = figs(&format!(
            r#"<p><img src="/i.jpg"></p><p><em>{long}</em></p>"#
        ));
        assert!(f.iter().all(|f| f.caption.is_none()), "{f:?}");
    }

    #[test]
    fn credit_line_before_a_line_break_is_the_credit() {
        let f = figs(
            r#"<figure><img src="/k.jpg"><div class="image-caption"><span class="tiny">&copy; Harbour Trust</span><br><span>Divers inspect the hull of the wreck off Penmor.</span></div></figure>"#,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].caption.as_deref(),
            Some("Divers inspect the hull of the wreck off Penmor.")
        );
        assert_eq!(f[0].credit.as_deref(), Some("© Harbour Trust"));
        // A first line that is caption text stays in the caption.
        let f = figs(
            r#"<figure><img src="/l.jpg"><div class="image-caption">Divers at work.<br>The hull of the wreck off Penmor.</div></figure>"#,
        );
        assert_eq!(
            f[0].caption.as_deref(),
            Some("Divers at work. The hull of the wreck off Penmor.")
        );
        assert_eq!(f[0].credit, None);
    }

    #[test]
    fn caption_text_that_is_all_credit() {
        let f = figs(
            r#"<div class="story-image"><img src="/w.jpg"><span class="caption"><span class="attribution">© Provided by Example News</span> Photograph: Jo Roe/Agency</span></div>"#,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].caption, None);
        assert_eq!(
            f[0].credit.as_deref(),
            Some("© Provided by Example News Photograph: Jo Roe/Agency")
        );
    }

    #[test]
    fn credit_element_and_inline_credit_both_kept() {
        let f = figs(
            r#"<figure><img src="/x.jpg"><span class="a-credit">Sam Doe for Example News</span><span class="a-caption">A mayor at the podium (Credit: Example Images)</span></figure>"#,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].caption.as_deref(), Some("A mayor at the podium"));
        let credit = f[0].credit.as_deref().unwrap_or("");
        assert!(
            credit.contains("Example Images") && credit.contains("Sam Doe"),
            "{credit}"
        );
    }

    #[test]
    fn slide_counters_are_not_caption_text() {
        assert_eq!(
            strip_counter("1 of 11 Crowds at the gate."),
            "Crowds at the gate."
        );
        assert_eq!(
            strip_counter("3/11 Crowds at the gate."),
            "Crowds at the gate."
        );
        assert_eq!(
            strip_counter("2 of 3 children play"),
            "2 of 3 children play"
        );
        assert_eq!(strip_counter("12 of 3 Things"), "12 of 3 Things");
        assert_eq!(strip_counter("1995 Crowds"), "1995 Crowds");
    }

    #[test]
    fn prefixes() {
        assert_eq!(clean_caption("Media caption,  Fans sing"), "Fans sing");
        // Without the screen-reader comma the words are the page's own visible text.
        assert_eq!(
            clean_caption("Media caption Fans sing"),
            "Media caption Fans sing"
        );
        assert_eq!(clean_caption("Dogs play. toggle caption"), "Dogs play.");
        assert_eq!(
            clean_caption("Image source, Example Images"),
            "Example Images"
        );
    }
}
