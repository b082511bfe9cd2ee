//! The parse stage's regular expressions: compiled on first use, and compiled small for the
//! texts most pages are made of.
//!
//! Compiling capcheck's larger patterns (Unicode letter classes repeated per name word, the
//! case-insensitive agency alternation, the written-date patterns) cost more than checking a
//! small page, and most of that cost is the Unicode classes. A [`Lazy`] pattern therefore has
//! two compiled forms: the pattern itself, and the same pattern with every character class cut
//! down to the [narrow](is_narrow) characters (Latin-1 and typographic punctuation), built
//! straight from the parsed syntax tree. A narrow text matches both forms at the same places
//! with the same groups, because a class can only ever meet the text's own characters; the
//! narrow form compiles in a fraction of the time, so a page whose text is narrow (every page
//! of the corpus) never compiles the full one.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::Input;
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// Why a pattern does not compile.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PatternError {
    /// Not a regular expression.
    #[error("{0}")]
    Syntax(#[source] Box<regex_syntax::Error>),
    /// A regular expression the engines cannot be built for (too large, say).
    #[error("{0}")]
    Build(#[source] Box<meta::BuildError>),
    /// A shared sub-pattern ([`Pieces`]) with a capture group, which would renumber the groups.
    #[error("a shared sub-pattern has a capture group")]
    PieceCaptures,
}

/// Which engines a pattern may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engines {
    /// Without DFAs: for patterns over short texts (captions), whose lazy DFA meets new
    /// states on nearly every text, so that determinising them costs more than the PikeVM
    /// and the bounded backtracker take to run the same searches; and without the small full
    /// DFA, whose reverse automaton and inner-literal analysis cost more to build than the
    /// searches they would speed up.
    NoLazyDfa,
    /// The lazy DFA as well (not the small full DFA, as above, nor a literal prefilter): for
    /// patterns searched over whole articles, where the lazy DFA finds the few places worth a
    /// capture search, for simple patterns asked of every image, and for gates asked of every
    /// caption. The prefilter's analysis of a case-insensitive alternation (the month names)
    /// costs more to build than it saves: story dates are read only in texts that hold the
    /// photo's year and month, and gates read short captions (docs/performance.md).
    LazyDfa,
}

/// A regex compiled the first time it is needed. A pattern that does not compile is treated
/// as one that matches nothing (the lenient rules drop such patterns; strict ones check
/// [`Lazy::error`] up front).
#[derive(Debug)]
pub struct Lazy {
    src: Cow<'static, str>,
    engines: Engines,
    /// Sub-patterns the source stands for by [`Piece::mark`] characters.
    pieces: Option<Arc<Pieces>>,
    full: OnceLock<Result<Pattern, PatternError>>,
    narrow: OnceLock<Option<Pattern>>,
}

impl Lazy {
    /// Remembers a pattern for short texts (no lazy DFA); nothing is compiled yet.
    pub fn new(src: impl Into<String>) -> Self {
        Lazy::with(Cow::Owned(src.into()), Engines::NoLazyDfa)
    }

    /// [`Lazy::new`] for a pattern written in the source, usable in a `static`.
    pub const fn from_static(src: &'static str) -> Self {
        Lazy::with(Cow::Borrowed(src), Engines::NoLazyDfa)
    }

    /// Remembers a pattern searched over long texts, or over very many short ones, whose lazy
    /// DFA stays small (no counted repetitions of large classes).
    pub fn with_lazy_dfa(src: impl Into<String>) -> Self {
        Lazy::with(Cow::Owned(src.into()), Engines::LazyDfa)
    }

    /// [`Lazy::with_lazy_dfa`] for a pattern written in the source, usable in a `static`.
    pub const fn static_with_lazy_dfa(src: &'static str) -> Self {
        Lazy::with(Cow::Borrowed(src), Engines::LazyDfa)
    }

    const fn with(src: Cow<'static, str>, engines: Engines) -> Self {
        Lazy {
            src,
            engines,
            pieces: None,
            full: OnceLock::new(),
            narrow: OnceLock::new(),
        }
    }

    /// The same pattern, whose [`Piece::mark`] characters stand for the sub-patterns of
    /// `pieces`: each is parsed once for every pattern that holds it.
    pub fn with_pieces(self, pieces: &Arc<Pieces>) -> Self {
        Lazy {
            pieces: Some(Arc::clone(pieces)),
            ..self
        }
    }

    /// The pattern itself, compiled now if this is the first call; `None` if it does not compile.
    pub fn get(&self) -> Option<&Pattern> {
        self.compiled().as_ref().ok()
    }

    /// The compiled form to search `text` (or a part of it) with: the narrow form when the text
    /// is [narrow](is_narrow), else the pattern itself; `None` if the pattern does not compile.
    pub fn to_search(&self, text: &str) -> Option<&Pattern> {
        if is_narrow(text) {
            let narrow = self.narrow.get_or_init(|| {
                let hir = narrowed(&parse(&self.src).ok()?);
                let hir = match &self.pieces {
                    Some(pieces) => splice(&hir, pieces.narrow()?),
                    None => hir,
                };
                compile(&hir, self.engines).ok()
            });
            if let Some(p) = narrow {
                return Some(p);
            }
        }
        self.get()
    }

    /// Whether the pattern matches anywhere in `text` (never, if it does not compile).
    pub fn is_match(&self, text: &str) -> bool {
        self.to_search(text).is_some_and(|p| p.is_match(text))
    }

    /// The compile error, compiling the pattern now if needed.
    pub fn error(&self) -> Option<&PatternError> {
        self.compiled().as_ref().err()
    }

    fn compiled(&self) -> &Result<Pattern, PatternError> {
        self.full.get_or_init(|| {
            let hir = parse(&self.src)?;
            let hir = match &self.pieces {
                Some(pieces) => splice(&hir, pieces.full()?),
                None => hir,
            };
            compile(&hir, self.engines)
        })
    }
}

/// The syntax tree of a pattern, with the regex crate's default syntax settings.
fn parse(src: &str) -> Result<Hir, PatternError> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(src)
        .map_err(|e| PatternError::Syntax(Box::new(e)))
}

/// The engines for a syntax tree, configured as `regex::RegexBuilder` configures them for a
/// `&str` pattern, with room for the large agency alternation.
fn compile(hir: &Hir, engines: Engines) -> Result<Pattern, PatternError> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(64 << 20))
        .utf8_empty(true);
    let config = match engines {
        Engines::NoLazyDfa => config.hybrid(false).dfa(false),
        Engines::LazyDfa => config
            .hybrid_cache_capacity(2 << 20)
            .dfa(false)
            .auto_prefilter(false),
    };
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map(Pattern)
        .map_err(|e| PatternError::Build(Box::new(e)))
}

/// The last character of Latin-1 (English, German, French, Spanish, Italian, the Nordic
/// languages). Latin Extended-A and B are left out: their upper and lower case letters
/// alternate, so a letter class cut down to them would still have hundreds of ranges.
const NARROW_LATIN_END: char = '\u{ff}';
/// General Punctuation, super- and subscripts and currency signs (typographic quotes,
/// dashes, ellipsis, the euro).
const NARROW_PUNCT: (char, char) = ('\u{2000}', '\u{20cf}');

/// Whether every character of `text` is one a narrowed pattern keeps (see the module doc).
pub fn is_narrow(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .all(|c| c <= NARROW_LATIN_END || (NARROW_PUNCT.0..=NARROW_PUNCT.1).contains(&c))
}

/// `hir` with every Unicode class intersected with the narrow characters.
fn narrowed(hir: &Hir) -> Hir {
    let keep = ClassUnicode::new([
        ClassUnicodeRange::new('\0', NARROW_LATIN_END),
        ClassUnicodeRange::new(NARROW_PUNCT.0, NARROW_PUNCT.1),
    ]);
    narrow(hir, &keep)
}

/// `h` with its Unicode classes intersected with `keep`; literals, look-around assertions,
/// groups (with their indices and names) and repetitions stay as they are.
fn narrow(h: &Hir, keep: &ClassUnicode) -> Hir {
    rebuild(h, &|leaf| match leaf.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(keep);
            Some(Hir::class(Class::Unicode(c)))
        }
        _ => None,
    })
}

/// `h` with each leaf (literal, class, assertion, empty) that `leaf` replaces replaced;
/// groups keep their indices and names, repetitions their bounds.
fn rebuild(h: &Hir, leaf: &dyn Fn(&Hir) -> Option<Hir>) -> Hir {
    let again = |sub: &Hir| Box::new(rebuild(sub, leaf));
    match h.kind() {
        HirKind::Repetition(r) => Hir::repetition(hir::Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: again(&r.sub),
        }),
        HirKind::Capture(c) => Hir::capture(hir::Capture {
            index: c.index,
            name: c.name.clone(),
            sub: again(&c.sub),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|s| rebuild(s, leaf)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|s| rebuild(s, leaf)).collect())
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {
            leaf(h).unwrap_or_else(|| h.clone())
        }
    }
}

/// Sub-patterns that several patterns share (the agency alternation of the credit patterns),
/// each parsed once: a pattern holds [`Piece::mark`]`(i)` where the text of piece `i` would
/// stand, and its syntax tree gets the piece's tree in that place. Splicing gives the tree
/// that parsing the written-out pattern gives, provided each piece is a group of its own
/// (as `(?i:…)` is) and has no capture groups, so that no group is renumbered.
#[derive(Debug)]
pub struct Pieces {
    srcs: Vec<String>,
    full: OnceLock<Result<Vec<Hir>, PatternError>>,
    narrow: OnceLock<Option<Vec<Hir>>>,
}

/// Where a shared sub-pattern stands in a pattern's source (see [`Pieces`]).
pub struct Piece;

impl Piece {
    /// The character that stands for piece `i` (one of the private-use characters from
    /// U+F0000, which no page text or pattern holds; `None` past 256 pieces).
    pub fn mark(i: usize) -> Option<char> {
        u32::try_from(i)
            .ok()
            .filter(|&i| i < 256)
            .and_then(|i| char::from_u32(0xF0000 + i))
    }

    /// The piece a character stands for.
    fn index(c: char) -> Option<usize> {
        let n = u32::from(c).checked_sub(0xF0000)?;
        usize::try_from(n).ok().filter(|&n| n < 256)
    }
}

impl Pieces {
    /// The pieces, each a self-contained group without capture groups; nothing is parsed yet.
    pub fn new(srcs: Vec<String>) -> Self {
        Pieces {
            srcs,
            full: OnceLock::new(),
            narrow: OnceLock::new(),
        }
    }

    fn full(&self) -> Result<&[Hir], PatternError> {
        self.full
            .get_or_init(|| {
                self.srcs
                    .iter()
                    .map(|src| {
                        let hir = parse(src)?;
                        if hir.properties().explicit_captures_len() > 0 {
                            return Err(PatternError::PieceCaptures);
                        }
                        Ok(hir)
                    })
                    .collect()
            })
            .as_ref()
            .map(Vec::as_slice)
            .map_err(Clone::clone)
    }

    fn narrow(&self) -> Option<&[Hir]> {
        self.narrow
            .get_or_init(|| Some(self.full().ok()?.iter().map(narrowed).collect()))
            .as_deref()
    }
}

/// `h` with each [`Piece::mark`] character of its literals replaced by that piece's tree.
fn splice(h: &Hir, pieces: &[Hir]) -> Hir {
    rebuild(h, &|leaf| {
        let HirKind::Literal(hir::Literal(bytes)) = leaf.kind() else {
            return None;
        };
        let text = std::str::from_utf8(bytes).ok()?;
        if !text.chars().any(|c| Piece::index(c).is_some()) {
            return None;
        }
        let mut parts = Vec::new();
        let mut run = String::new();
        for c in text.chars() {
            match Piece::index(c).and_then(|i| pieces.get(i)) {
                Some(piece) => {
                    if !run.is_empty() {
                        parts.push(Hir::literal(std::mem::take(&mut run).into_bytes()));
                    }
                    parts.push(piece.clone());
                }
                None => run.push(c),
            }
        }
        if !run.is_empty() {
            parts.push(Hir::literal(run.into_bytes()));
        }
        Some(Hir::concat(parts))
    })
}

/// A compiled pattern: leftmost-first matches with capture groups, as `regex::Regex` finds them.
#[derive(Debug)]
pub struct Pattern(meta::Regex);

impl Pattern {
    /// Whether the pattern matches anywhere in `hay`.
    pub fn is_match(&self, hay: &str) -> bool {
        self.0.is_match(hay)
    }

    /// The first match in `hay`.
    pub fn find<'h>(&self, hay: &'h str) -> Option<Found<'h>> {
        self.0
            .find(hay)
            .map(|m| Found::new(hay, m.start(), m.end()))
    }

    /// Every match in `hay`, left to right, not overlapping.
    pub fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Found<'h>> + 'r
    where
        'h: 'r,
    {
        self.0
            .find_iter(hay)
            .map(move |m| Found::new(hay, m.start(), m.end()))
    }

    /// The groups of the first match in `hay`.
    pub fn captures<'h>(&self, hay: &'h str) -> Option<Groups<'h>> {
        self.captures_at(hay, 0)
    }

    /// The groups of the first match starting at or after byte `from` (the text before `from`
    /// still counts for look-behind assertions such as `\b`).
    pub fn captures_at<'h>(&self, hay: &'h str, from: usize) -> Option<Groups<'h>> {
        let mut caps = self.0.create_captures();
        let input = Input::new(hay).span(from.min(hay.len())..hay.len());
        self.0.search_captures(&input, &mut caps);
        caps.is_match().then_some(Groups { hay, caps })
    }

    /// The groups of every match in `hay`, left to right, not overlapping.
    pub fn captures_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Groups<'h>> + 'r
    where
        'h: 'r,
    {
        self.0
            .captures_iter(hay)
            .map(move |caps| Groups { hay, caps })
    }

    /// Whether the pattern has a group of this name.
    pub fn has_group(&self, name: &str) -> bool {
        self.0
            .group_info()
            .to_index(regex_automata::PatternID::ZERO, name)
            .is_some()
    }
}

/// One match, or one group of a match, in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'h> {
    hay: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Found<'h> {
    fn new(hay: &'h str, start: usize, end: usize) -> Self {
        Found { hay, start, end }
    }

    /// Where the match starts (a byte offset).
    pub fn start(&self) -> usize {
        self.start
    }

    /// Where the match ends (a byte offset).
    pub fn end(&self) -> usize {
        self.end
    }

    /// The byte range of the match.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The matched text (empty if the offsets do not fall on characters, which a match of a
    /// `&str` pattern never does).
    pub fn as_str(&self) -> &'h str {
        self.hay.get(self.start..self.end).unwrap_or("")
    }
}

/// The groups of one match.
#[derive(Debug)]
pub struct Groups<'h> {
    hay: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    /// Group `i` (0 is the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Found<'h>> {
        self.caps
            .get_group(i)
            .map(|s| Found::new(self.hay, s.start, s.end))
    }

    /// The group of this name, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Found<'h>> {
        self.caps
            .get_group_by_name(name)
            .map(|s| Found::new(self.hay, s.start, s.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match's groups, as byte ranges (`None` for a group that took no part).
    type Spans = Vec<Vec<Option<(usize, usize)>>>;

    /// The matches and groups of `src` on `text`, through `regex::Regex`, through the full
    /// form of a [`Lazy`] and through the form it chooses for `text`.
    fn all_ways(src: &str, text: &str) -> [Spans; 3] {
        let re = regex::Regex::new(src).unwrap();
        let groups = re.captures_len();
        let reference = re
            .captures_iter(text)
            .map(|c| {
                (0..groups)
                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                    .collect()
            })
            .collect();
        let ours = |p: &Pattern| {
            p.captures_iter(text)
                .map(|c| {
                    (0..groups)
                        .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                        .collect()
                })
                .collect()
        };
        let lazy = Lazy::new(src);
        let full = ours(lazy.get().unwrap());
        let narrow = ours(lazy.to_search(text).unwrap());
        [reference, full, narrow]
    }

    #[test]
    fn narrow_and_full_forms_match_as_regex_does() {
        let patterns = [
            r"(?P<name>[\p{Lu}][\p{L}\p{M}'’.\-]*(?:\s+[\p{Lu}][\p{L}\p{M}'’.\-]*){0,3})\s*/\s*(?P<agency>(?i:reuters|afp|getty\s+images))",
            r"(?i)\b(?P<m>januar|february|märz|march)\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b",
            r"(?s:.)\w+\b",
            r"[^()\[\]]{1,20}\)$",
            r"(?i:k)elvin|(?i:s)trasse",
        ];
        let texts = [
            "Jean-Luc Ørsted / Getty Images, then Ana Müller/AFP at the port.",
            "On März 3, 2021 and on February 29, 2020, in Zürich — “quoted” … €5",
            "Öl (Straße) and KELVIN kelvin",
            "plain ascii text with (parens) and Reuters",
        ];
        for p in patterns {
            for t in texts {
                assert!(is_narrow(t), "{t}");
                let [reference, full, narrow] = all_ways(p, t);
                assert_eq!(reference, full, "{p} on {t}");
                assert_eq!(reference, narrow, "{p} on {t}");
            }
        }
    }

    #[test]
    fn texts_outside_the_narrow_characters_use_the_full_form() {
        // Kelvin sign and long s fold onto ASCII letters; Cyrillic is a letter the narrow
        // classes lack. Each must still match as the full pattern does.
        let src = r"(?i:kelvin)|[\p{Lu}]\p{L}+|(?i:st)";
        for t in ["\u{212a}elvin", "Москва", "\u{17f}t", "Łódź"] {
            assert!(!is_narrow(t), "{t}");
            let [reference, full, chosen] = all_ways(src, t);
            assert_eq!(reference, full, "{t}");
            assert_eq!(reference, chosen, "{t}");
            assert!(!reference.is_empty(), "{t}");
        }
    }

    #[test]
    fn long_text_patterns_find_what_regex_finds() {
        let src = r"(?i)\b(?P<m>march|june)\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b";
        let text = "On June 3, 2020 and MARCH 9 2021 — “again” on june 30, 1999. ".repeat(200);
        let reference: Vec<(usize, usize)> = regex::Regex::new(src)
            .unwrap()
            .find_iter(&text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let lazy = Lazy::with_lazy_dfa(src);
        let Some(p) = lazy.to_search(&text) else {
            panic!("compiles");
        };
        let ours: Vec<(usize, usize)> = p.find_iter(&text).map(|m| (m.start(), m.end())).collect();
        assert_eq!(ours, reference);
        assert_eq!(reference.len(), 600);
    }

    #[test]
    fn spliced_pieces_match_as_the_written_out_pattern() {
        let piece = r"(?i:\b(?:getty\s+images|ap|reuters|ZUMA\s+Press\.com)\b)";
        let Some(mark) = Piece::mark(0) else {
            panic!("piece 0 has a mark");
        };
        let shape = r"[(\[]\s*(?P<credit>X(?:\s*/\s*[^()\[\]/]{1,60}){0,3}(?:\s+(?i:via)\s+X)?)\s*[)\]]\.?$";
        let pieces = Arc::new(Pieces::new(vec![piece.to_string()]));
        let spliced = Lazy::new(shape.replace('X', &mark.to_string())).with_pieces(&pieces);
        let written = Lazy::new(shape.replace('X', piece));
        for text in [
            "Crowds gather (AP/Jane Roe).",
            "A pier at dusk [Getty  Images/Ola Nordmann via Reuters]",
            "Kräne im Hafen (ZUMA Press.com / Jörg Müller)",
            "Nothing credited here (apples)",
            "\u{212a}ey West (AP/Ли Вэй)",
        ] {
            let groups = |p: Option<&Pattern>| {
                p.and_then(|p| p.captures(text)).map(|c| {
                    (
                        c.get(0).map(|m| m.range()),
                        c.name("credit").map(|m| m.as_str().to_string()),
                    )
                })
            };
            let narrow = groups(spliced.to_search(text));
            assert_eq!(narrow.is_some(), !text.starts_with("Nothing"), "{text}");
            assert_eq!(narrow, groups(written.to_search(text)), "{text}");
            assert_eq!(groups(spliced.get()), groups(written.get()), "{text}");
            assert_eq!(narrow, groups(written.get()), "{text}");
        }
        let bad = Arc::new(Pieces::new(vec!["(?P<x>ap)".to_string()]));
        let with_group = Lazy::new(format!("{mark}$")).with_pieces(&bad);
        assert!(with_group.get().is_none() && with_group.error().is_some());
    }

    #[test]
    fn narrow_characters() {
        assert!(is_narrow("Zoë’s café — “fine” … €3 ÿ"));
        assert!(!is_narrow("Ā"));
        assert!(!is_narrow("日本"));
    }

    #[test]
    fn errors_and_groups() {
        let bad = Lazy::new("(unclosed");
        assert!(bad.get().is_none() && bad.to_search("x").is_none());
        assert!(bad.error().is_some());
        let good = Lazy::from_static(r"(?P<credit>\w+)$");
        assert!(good.error().is_none());
        assert!(good
            .get()
            .is_some_and(|p| p.has_group("credit") && !p.has_group("cut")));
        let Some(m) = good
            .to_search("a bc")
            .and_then(|p| p.captures_at("a bc", 1))
        else {
            panic!("matches");
        };
        assert_eq!(m.name("credit").map(|f| f.as_str()), Some("bc"));
        assert_eq!(m.get(0).map(|f| f.range()), Some(2..4));
    }
}
