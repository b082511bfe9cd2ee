//! The general vocabulary of class names, ids and attributes that publishers use for captions,
//! credits, article bodies and page chrome. Only words, never publisher names.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use regex_automata::dfa::{dense::DFA, Automaton as _};
use regex_automata::{Input, PatternSet};
use scraper::node::Element;

use super::index::Attr as _;
use super::vocabularies::{self, *};
use crate::parse::kept_attrs::Name;

/// Lowercased words of an element's class and id, camelCase split, padded with spaces:
/// `class="ArticleBody_main"` gives `" article body main "`.
pub fn class_words(e: &Element) -> String {
    class_words_of(
        e.get_attr(Name::Class).unwrap_or(""),
        e.get_attr(Name::Id).unwrap_or(""),
    )
}

/// `class_words` from the `class` and `id` values themselves.
pub fn class_words_of(class: &str, id: &str) -> String {
    // Worked byte by byte: only ASCII letters and digits are kept, and every other character
    // (each byte of a multi-byte one alike) becomes the one space a run of them makes. A byte
    // gives at most two (a space before a camelCase capital), so the buffer never grows.
    let mut out = Words {
        bytes: Vec::with_capacity(2 * (class.len() + id.len()) + 8),
        prev_lower: false,
        space: false,
    };
    out.end_part();
    // BEM modifiers (`block--modifier`) describe a variant, not what the element is:
    // `header--social-navigation` is still a header. The class tokens are read as if joined
    // by single spaces, without building that string. Whitespace is a byte other than a letter
    // or digit, so a class without modifiers is read as one run of bytes.
    let tokens = if out.push_all(class.as_bytes()) {
        out.bytes.clear();
        out.prev_lower = false;
        out.space = false;
        out.end_part();
        Some(class.split_whitespace())
    } else {
        None
    };
    for (n, token) in tokens.into_iter().flatten().enumerate() {
        if n > 0 {
            out.push(b' ');
        }
        let bytes = token.as_bytes();
        match bytes.windows(2).position(|w| w == b"--") {
            None => bytes.iter().for_each(|&b| out.push(b)),
            Some(cut) => {
                bytes[..cut].iter().for_each(|&b| out.push(b));
                // ... except a credit modifier: `caption--credit` is the credit part of a caption.
                let mods = token.get(cut + 2..).unwrap_or("");
                if mods
                    .split("--")
                    .any(|m| CREDIT_MODIFIERS.iter().any(|w| m.eq_ignore_ascii_case(w)))
                {
                    b" credit".iter().for_each(|&b| out.push(b));
                }
            }
        }
    }
    out.end_part();
    out.prev_lower = false;
    out.push_all(id.as_bytes());
    out.end_part();
    // Only ASCII bytes were pushed, so the bytes are UTF-8; the fallback is never taken.
    String::from_utf8(out.bytes).unwrap_or_default()
}

/// BEM modifiers that say an element is the credit of the block it modifies.
const CREDIT_MODIFIERS: &[&str] = &[
    "credit",
    "credits",
    "copyright",
    "byline",
    "source",
    "courtesy",
];

/// The `class_words` being built, whether the last byte pushed was a lowercase letter or
/// digit, and whether it was a space.
struct Words {
    bytes: Vec<u8>,
    prev_lower: bool,
    space: bool,
}

/// What [`Words::push`] does with a byte: a lowercase letter or digit, a capital, or any other.
#[derive(Clone, Copy)]
enum Kind {
    Lower,
    Upper,
    Other,
}

/// [`Kind`] of every byte, so that a byte costs one look-up.
static KINDS: [Kind; 256] = {
    let mut t = [Kind::Other; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            t[b] = Kind::Lower;
        } else if c.is_ascii_uppercase() {
            t[b] = Kind::Upper;
        }
        b += 1;
    }
    t
};

impl Words {
    /// `push` of every byte of `bytes`; whether they hold `--` (a BEM modifier).
    fn push_all(&mut self, bytes: &[u8]) -> bool {
        let mut dashes = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // A run of lowercase letters and digits (most of a class name) goes in whole.
            let run = bytes[i..]
                .iter()
                .position(|&c| !matches!(KINDS[usize::from(c)], Kind::Lower))
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                self.bytes.extend_from_slice(&bytes[i..i + run]);
                self.prev_lower = true;
                self.space = false;
                i += run;
                continue;
            }
            dashes |= b == b'-' && bytes.get(i + 1) == Some(&b'-');
            self.push(b);
            i += 1;
        }
        dashes
    }

    /// One byte of a class or id: lowercased alphanumerics, a space before a camelCase
    /// capital, one space for any run of other bytes.
    #[inline(always)]
    fn push(&mut self, b: u8) {
        match KINDS[usize::from(b)] {
            Kind::Lower => {
                self.bytes.push(b);
                self.prev_lower = true;
                self.space = false;
            }
            Kind::Upper => {
                if self.prev_lower {
                    self.bytes.push(b' ');
                }
                self.bytes.push(b.to_ascii_lowercase());
                self.prev_lower = false;
                self.space = false;
            }
            Kind::Other => {
                self.prev_lower = false;
                self.end_part();
            }
        }
    }

    /// Ends with a space (the class or id part, or a run of other bytes).
    fn end_part(&mut self) {
        if !self.space {
            self.bytes.push(b' ');
            self.space = true;
        }
    }
}

/// Which vocabularies one class/id word list names, found in one pass. Credit and furniture
/// are also asked alone (`is_credit`, `is_outside`) where only they matter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hits {
    /// Caption vocabulary: `caption`, `cutline`, `legend`, `image-text`, `photo-desc`...
    pub caption: bool,
    /// Credit vocabulary.
    pub credit: bool,
    /// Furniture vocabulary (regions that are not the story).
    pub outside: bool,
    /// Text that only screen readers see (`sr-only`, `visually-hidden`).
    pub sr_only: bool,
    /// A shortened copy of text the page also holds in full (`caption-truncated`).
    pub abridged: bool,
    /// The site's own header bar (not the article's header, which holds the lead photo).
    pub site_header: bool,
}

/// The serialised DFA of [`vocabularies::HITS`] that `build.rs` writes, aligned for reading in
/// place as `u32`s.
static HITS_DFA: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/vocabularies.dfa")),
};

/// Bytes aligned as `u32`s, as the regex-automata docs lay out a DFA embedded in a binary.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u32; 0],
    bytes: B,
}

/// Every vocabulary of [`Hits`] as one DFA, determinised when capcheck was built: matching a
/// class list is then a walk over a table, with nothing compiled at start-up and no state
/// determinised while pages are read. `None` only if the embedded table does not read.
static ALL: LazyLock<Option<DFA<&'static [u32]>>> =
    LazyLock::new(|| DFA::from_bytes(&HITS_DFA.bytes).ok().map(|(dfa, _)| dfa));

/// The same vocabularies compiled at run time: where the DFA is missing or gives up (neither
/// happens with the built-in table, whose patterns hold only ASCII word boundaries).
static ALL_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    // The same literal patterns as the single regexes, checked by the unit tests below.
    RegexSet::new(vocabularies::HITS.iter().map(|p| format!("(?-u){p}"))).unwrap()
});

/// Which of [`vocabularies::HITS`] match somewhere in `words`.
fn matched(words: &str) -> [bool; 8] {
    let mut found = [false; 8];
    let mut set = PatternSet::new(found.len());
    let by_dfa = ALL.as_ref().is_some_and(|dfa| {
        dfa.try_which_overlapping_matches(&Input::new(words), &mut set)
            .is_ok()
    });
    if by_dfa {
        for p in set.iter() {
            if let Some(f) = found.get_mut(p.as_usize()) {
                *f = true;
            }
        }
    } else {
        for i in ALL_SET.matches(words).iter() {
            if let Some(f) = found.get_mut(i) {
                *f = true;
            }
        }
    }
    found
}

/// The vocabularies a class/id word list names, in one pass over it: the index asks all of
/// them of every distinct class list of the page.
pub fn hits(words: &str) -> Hits {
    let [caption, credit, outside, adv, adv_media, sr_only, abridged, site_header] = matched(words);
    Hits {
        caption,
        credit,
        outside: outside || adv && !adv_media,
        sr_only,
        abridged,
        site_header,
    }
}

/// Builds a regex from a pattern known to be valid.
fn re(pattern: &str) -> Regex {
    // The patterns are literals in this file, checked by the unit tests below. Class words are
    // ASCII, so the ASCII-only mode is exact and compiles much faster than Unicode `\b`/`\w`.
    Regex::new(&format!("(?-u){pattern}")).unwrap()
}

static CREDIT: LazyLock<Regex> = LazyLock::new(|| re(CREDIT_PATTERN));

static OUTSIDE: LazyLock<Regex> = LazyLock::new(|| re(OUTSIDE_PATTERN));

static TEASER: LazyLock<Regex> = LazyLock::new(|| re(r"\bteasers?\b"));

static BODY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"articlebody|storybody|entrycontent|postcontent|articlecontent|storycontent|contentbody|bodytext",
        r"|articletext|postbody|entrybody|storytext|bodycopy|articlecopy|postentry|fieldbody|textbody",
        r"|articlemain|storymain|blogpost|postarticle|newsbody|newstext|articledetail|maintext|richtext",
        r"|bodycontent|contenttext"
    ))
});

static LIGHTBOX: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:lightbox\w*|modal|overlay|popup|dialog)\b"));

static STYLE_HIDES: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden"));

static DESCRIPTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:desc|description|slide\s?text|info\s?text)\b"));

static SLIDES: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:slides?|slideshow|carousel|gallery|swiper|glide|splide|slick)\b"));

/// A description block by its own name alone (`Description`), which is a caption inside a slide.
pub fn is_description(words: &str) -> bool {
    // Asked of most elements of a page: the substring test spares the regex nearly always.
    names_desc_or_text(words.as_bytes()) && DESCRIPTION.is_match(words)
}

/// Whether `desc` or `text` occurs in `b`: one scan for their first letters, where two
/// `str::contains` calls would each set up a substring searcher for a short list.
fn names_desc_or_text(b: &[u8]) -> bool {
    memchr::memchr2_iter(b'd', b't', b).any(|i| {
        let rest = b.get(i..).unwrap_or_default();
        rest.starts_with(b"desc") || rest.starts_with(b"text")
    })
}

/// A slide, slideshow, carousel or gallery.
pub fn is_slides(words: &str) -> bool {
    SLIDES.is_match(words)
}

/// Credit vocabulary: `credit`, `copyright`, `byline`, `source`, `photographer`...
pub fn is_credit(words: &str) -> bool {
    CREDIT.is_match(words)
}

static ADV: LazyLock<Regex> = LazyLock::new(|| re(ADV_PATTERN));
static ADV_MEDIA: LazyLock<Regex> = LazyLock::new(|| re(ADV_MEDIA_PATTERN));

/// Regions that are not the story: related lists, teasers, sidebars, promos, players, bios.
/// A bare `paywall` marks the story's own paragraphs behind the paywall, so only paywall
/// prompts and banners count.
pub fn is_outside(words: &str) -> bool {
    OUTSIDE.is_match(words) || ADV.is_match(words) && !ADV_MEDIA.is_match(words)
}

/// Teaser vocabulary alone (`teaser`, `teasers`), part of the furniture vocabulary.
pub fn is_teaser(words: &str) -> bool {
    TEASER.is_match(words)
}

/// The class words with `teaser`/`teasers` taken out, to ask whether anything else in them
/// names furniture.
pub fn without_teaser(words: &str) -> String {
    words
        .split(' ')
        .filter(|w| !matches!(*w, "teaser" | "teasers"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Article-body container names, matched on the class/id words with spaces removed.
pub fn is_body_name(words: &str) -> bool {
    if !words.is_ascii() {
        let squashed: String = words.chars().filter(|c| !c.is_whitespace()).collect();
        return BODY_NAME.is_match(&squashed);
    }
    // ASCII whitespace as `char::is_whitespace` has it (with the vertical tab), dropped a byte
    // at a time: class words are ASCII.
    let squashed: Vec<u8> = words
        .bytes()
        .filter(|&b| !(b.is_ascii_whitespace() || b == 0x0b))
        .collect();
    BODY_NAME.is_match(std::str::from_utf8(&squashed).unwrap_or(""))
}

/// Overlays shown on demand: lightboxes, modals, dialogs.
pub fn is_lightbox(words: &str) -> bool {
    LIGHTBOX.is_match(words)
}

/// Inline styles that hide the element.
pub fn style_hides(style: &str) -> bool {
    STYLE_HIDES.is_match(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(html: &str) -> String {
        let doc = scraper::Html::parse_fragment(html);
        let el = doc.root_element().child_elements().next();
        el.map(|e| class_words(e.value())).unwrap_or_default()
    }

    #[test]
    fn desc_or_text_scan_agrees_with_contains() {
        for w in [
            "",
            " d ",
            " t ",
            " desc ",
            " text ",
            " de sc ",
            " tex ",
            " context ",
            " mydesc",
            " item desc",
            " dtd textdesc ",
            " tdtdesc ",
        ] {
            let by_contains = w.contains("desc") || w.contains("text");
            assert_eq!(names_desc_or_text(w.as_bytes()), by_contains, "{w:?}");
        }
    }

    #[test]
    fn splits_class_and_camel_case() {
        assert_eq!(
            words(r#"<div class="ArticleBody_main x" id="storyText"></div>"#),
            " article body main x story text "
        );
        assert_eq!(
            words(r#"<header class="content-header content-header--social-navigation"></header>"#),
            " content header content header "
        );
        // A credit modifier is kept: the element is the credit part of the caption.
        assert_eq!(
            words(r#"<small class="media__caption--credit"></small>"#),
            " media caption credit "
        );
        assert!(is_credit(&words(
            r#"<small class="media__caption--credit"></small>"#
        )));
    }

    /// `class_words_of` as defined: class tokens joined by single spaces, each cut at its first
    /// `--` (plus ` credit` for a credit modifier), then the id, a byte at a time.
    fn reference_words(class: &str, id: &str) -> String {
        fn push(out: &mut Vec<u8>, prev_lower: &mut bool, b: u8) {
            if b.is_ascii_alphanumeric() {
                if b.is_ascii_uppercase() && *prev_lower {
                    out.push(b' ');
                }
                *prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
                out.push(b.to_ascii_lowercase());
            } else {
                *prev_lower = false;
                if out.last() != Some(&b' ') {
                    out.push(b' ');
                }
            }
        }
        let mut joined = Vec::new();
        for (n, token) in class.split_whitespace().enumerate() {
            if n > 0 {
                joined.push(b' ');
            }
            match token.find("--") {
                None => joined.extend_from_slice(token.as_bytes()),
                Some(cut) => {
                    joined.extend_from_slice(&token.as_bytes()[..cut]);
                    if token[cut + 2..]
                        .split("--")
                        .any(|m| CREDIT_MODIFIERS.iter().any(|w| m.eq_ignore_ascii_case(w)))
                    {
                        joined.extend_from_slice(b" credit");
                    }
                }
            }
        }
        let (mut out, mut prev_lower) = (vec![b' '], false);
        joined
            .iter()
            .for_each(|&b| push(&mut out, &mut prev_lower, b));
        push(&mut out, &mut false, b' ');
        prev_lower = false;
        id.bytes().for_each(|b| push(&mut out, &mut prev_lower, b));
        push(&mut out, &mut false, b' ');
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn class_words_match_their_definition() {
        let parts = [
            "",
            " ",
            "a",
            "Ab",
            "aB",
            "ABC",
            "x1Y",
            "9z",
            "--",
            "---",
            "--credit",
            "--Source",
            "--x--byline",
            "-",
            "_",
            "\u{a0}",
            "\u{2003}",
            "\u{b}",
            "\u{1c}",
            "é",
            "\t",
            "\n",
            "caption",
            "Caption--credit",
            "foo--bar--credits",
            "a--",
            "camelCase",
            "--creditx",
        ];
        let mut n = 0;
        for a in parts {
            for b in parts {
                for c in ["", " ", "\u{a0}", "Q", "--"] {
                    let class = format!("{a}{c}{b}");
                    for id in ["", "storyText", "x--credit", "é1"] {
                        assert_eq!(
                            class_words_of(&class, id),
                            reference_words(&class, id),
                            "{class:?} {id:?}"
                        );
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 10_000);
    }

    #[test]
    fn the_built_in_dfa_reads() {
        assert!(
            ALL.is_some(),
            "the vocabulary DFA build.rs wrote does not deserialise"
        );
    }

    /// Lists of words the vocabularies name, and words they almost name, in random orders.
    fn word_lists() -> Vec<String> {
        let words = [
            "image",
            "caption",
            "text",
            "desc",
            "description",
            "info",
            "slide",
            "gallery",
            "x",
            "related",
            "stories",
            "more",
            "news",
            "ad",
            "ads",
            "adv",
            "photo",
            "video",
            "sr",
            "only",
            "visually",
            "hidden",
            "site",
            "header",
            "bar",
            "truncated",
            "clamp",
            "line",
            "credit",
            "credits",
            "by",
            "source",
            "author",
            "bio",
            "nav",
            "navbar",
            "menu",
            "1",
            "top",
            "head",
            "carousel",
            "item",
            "main",
            "teaser",
            "a11y",
            "advertorial",
            "sub",
        ];
        // A fixed linear congruential sequence: the same lists on every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0) % n
        };
        (0..5_000)
            .map(|_| {
                let len = 1 + next(6);
                let picked: Vec<&str> = (0..len).map(|_| words[next(words.len())]).collect();
                format!(" {} ", picked.join(" "))
            })
            .chain(["".to_string(), " ".to_string(), "  ".to_string()])
            .collect()
    }

    #[test]
    fn the_dfa_finds_what_the_regex_set_finds() {
        for w in word_lists() {
            let by_set: Vec<usize> = ALL_SET.matches(&w).iter().collect();
            let found = matched(&w);
            let by_dfa: Vec<usize> = (0..found.len()).filter(|&i| found[i]).collect();
            assert_eq!(by_dfa, by_set, "{w:?}");
        }
    }

    #[test]
    fn one_pass_hits_agree_with_the_single_vocabularies() {
        for w in [
            " image credit ",
            " related stories ",
            " adv ",
            " adv photo small ",
            " media caption credit ",
            " most read caption ",
        ] {
            let h = hits(w);
            assert_eq!((h.credit, h.outside), (is_credit(w), is_outside(w)), "{w}");
        }
    }

    #[test]
    fn vocabularies() {
        assert!(hits(" wp caption text ").caption);
        assert!(hits(" figcaption ").caption);
        assert!(hits(" image text ").caption);
        assert!(hits(" carousel slide info description ").caption);
        assert!(hits(" slide info ").caption);
        assert!(hits(" gallery item desc ").caption);
        assert!(!hits(" carousel slide ").caption);
        assert!(!hits(" slide count ").caption);
        assert!(!hits(" article body ").caption);
        assert!(hits(" caption truncated ").abridged);
        assert!(hits(" site header ").site_header);
        assert!(is_credit(" image credit "));
        assert!(is_outside(" related stories "));
        assert!(is_outside(" most read "));
        assert!(!is_outside(" article header "));
        assert!(!is_outside(" shared content "));
        assert!(!is_outside(" fig has shares "));
        assert!(is_outside(" share buttons "));
        assert!(hits(" visually hidden ").sr_only);
        assert!(is_outside(" adv "));
        assert!(!is_outside(" adv photo small "));
        assert!(!is_outside(" adv video smrt "));
        assert!(!is_outside(" paywall "));
        assert!(is_outside(" paywall prompt "));
        assert!(is_body_name(" article body "));
        assert!(is_body_name(" entry content "));
        assert!(style_hides("display: none"));
    }
}
