//! Regexes compiled on first use, behind cheap tests that rule most texts out.
//!
//! Building capcheck's larger patterns (Unicode name classes repeated per word, the
//! case-insensitive agency alternation) costs milliseconds each: more than checking a small
//! page. Most captions cannot match most patterns, so each pattern waits behind tests that are
//! cheap to build and to run and that are *necessary* for a match (never sufficient): a text
//! they rule out is one the pattern cannot match, so skipping the pattern changes no result.

use std::sync::Arc;

use aho_corasick::AhoCorasick;

pub use super::pattern::Lazy;
use super::pattern::{Pattern, Pieces};

/// A pattern behind a looser pattern that matches wherever it matches (its costly parts
/// replaced by simple classes that accept everything they accept, and more).
#[derive(Debug)]
pub struct Gated {
    /// The looser pattern; `None` when the pattern has no costly part to loosen.
    gate: Option<Lazy>,
    /// Conditions every match meets in the ASCII-folded text (none when unknown).
    needs: Vec<Condition>,
    /// The pattern itself.
    exact: Lazy,
}

impl Gated {
    /// A pattern and its looser form (pass `None` when they are the same).
    pub fn new(exact: String, loose: Option<String>) -> Self {
        Gated {
            gate: loose.filter(|l| *l != exact).map(Lazy::with_lazy_dfa),
            needs: Vec::new(),
            exact: Lazy::new(exact),
        }
    }

    /// The same pattern, its marks standing for `pieces` (see [`super::pattern::Pieces`]); the
    /// gate stays as written.
    pub fn splicing(self, pieces: &Arc<Pieces>) -> Self {
        Gated {
            exact: self.exact.with_pieces(pieces),
            ..self
        }
    }

    /// The same pattern, also skipped for texts whose ASCII-folded form fails one of `needs`
    /// (each of which must be necessary for a match: see [`ascii_folded`]).
    pub fn needing(self, needs: Vec<Condition>) -> Self {
        Gated { needs, ..self }
    }

    /// The pattern and the first byte of `text` where a match may start, if `text` may match:
    /// `None` when the ASCII-folded form (`ascii_folded(text)`, passed in so that several
    /// patterns share it) fails a condition every match meets, when the gate rules the text
    /// out, or when the pattern does not compile. The start is where the gate's leftmost match
    /// starts: every match of the pattern is a match of the gate from the same start, so none
    /// starts earlier, and a search from there finds what a search of the whole text finds
    /// while the capture engines read only the text's tail.
    pub fn search_from(&self, text: &str, folded: Option<&str>) -> Option<(&Pattern, usize)> {
        if let Some(folded) = folded {
            if !self.needs.iter().all(|c| c.holds(folded)) {
                return None;
            }
        }
        // A gate that does not compile cannot rule anything out.
        let start = match self.gate.as_ref().and_then(|g| g.to_search(text)) {
            Some(gate) => gate.find(text)?.start(),
            None => 0,
        };
        Some((self.exact.to_search(text)?, start))
    }

    /// Whether the ASCII-folded text meets every condition a match needs (always, for an
    /// untested text): for checks that the conditions are necessary.
    pub fn admits(&self, folded: Option<&str>) -> bool {
        folded.is_none_or(|t| self.needs.iter().all(|c| c.holds(t)))
    }

    /// The pattern itself, compiled now (for strict rule checks).
    pub fn exact(&self) -> &Lazy {
        &self.exact
    }
}

/// A condition every match of a pattern meets in the ASCII-folded text (see [`ascii_folded`]):
/// it holds one of some lowercase strings, or one of some words starting at a word boundary.
#[derive(Debug, Clone)]
pub struct Condition {
    /// Lowercase strings, one of which may be anywhere.
    words: &'static [&'static str],
    /// Words, one of which may start at a word boundary instead.
    starts: Option<Arc<WordStarts>>,
}

impl Condition {
    /// The condition "one of `words`, or (when given) one of `starts`".
    pub fn new(words: &'static [&'static str], starts: Option<Arc<WordStarts>>) -> Self {
        Condition { words, starts }
    }

    /// Whether the ASCII-folded text meets the condition.
    pub fn holds(&self, folded: &str) -> bool {
        self.words.iter().any(|w| folded.contains(w))
            || self.starts.as_ref().is_some_and(|s| s.found_in(folded))
    }
}

/// A test, on ASCII-folded text, that one of a list of case-insensitive phrases may occur
/// where a regex `(?i:\b(?:phrase|…)\b)` would match it: each phrase's leading ASCII run,
/// lowercased, is searched for, and a hit is kept unless an ASCII word character sits right
/// before it (or right after it, when the run is the whole phrase) where `\b` needs none.
/// Non-ASCII neighbours are given the benefit of the doubt, so the test stays necessary.
#[derive(Debug)]
pub struct WordStarts {
    searcher: AhoCorasick,
    /// Per searched run: whether `\b` applies before it, and whether after it.
    bounds: Vec<(bool, bool)>,
}

impl WordStarts {
    /// The test for `phrases` (as written, spaces between words); `None` when a phrase has
    /// no leading ASCII run to search for, so that no test would be necessary.
    pub fn new(phrases: &[String]) -> Option<Self> {
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let mut runs = Vec::with_capacity(phrases.len());
        let mut bounds = Vec::with_capacity(phrases.len());
        for p in phrases {
            let run: String = p
                .chars()
                .take_while(|c| c.is_ascii() && !c.is_ascii_whitespace())
                .collect();
            let first = run.chars().next()?;
            let whole = run.len() == p.len();
            bounds.push((
                word(first),
                whole && run.chars().next_back().is_some_and(word),
            ));
            runs.push(run.to_ascii_lowercase());
        }
        let searcher = AhoCorasick::new(&runs).ok()?;
        Some(WordStarts { searcher, bounds })
    }

    /// Whether the ASCII-folded text may hold one of the phrases at word boundaries.
    pub fn found_in(&self, folded: &str) -> bool {
        let bytes = folded.as_bytes();
        let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        self.searcher.find_overlapping_iter(folded).any(|m| {
            let (before, after) = self
                .bounds
                .get(m.pattern().as_usize())
                .copied()
                .unwrap_or_default();
            let start_ok = !before || m.start() == 0 || !word(bytes.get(m.start() - 1));
            start_ok && (!after || !word(bytes.get(m.end())))
        })
    }
}

/// `text` with ASCII letters lowercased, for testing which words a case-insensitive pattern
/// needs; `None` when the test would not be exact. Under Unicode case folding (what `(?i)`
/// does) an ASCII letter matches only its two ASCII cases, except `k` (also KELVIN SIGN
/// U+212A) and `s` (also LATIN SMALL LETTER LONG S U+017F): a text holding either is not
/// tested, so that a literal test on the folded text is necessary for a `(?i)` match.
pub fn ascii_folded(text: &str) -> Option<String> {
    (!text.contains(['\u{212a}', '\u{17f}'])).then(|| text.to_ascii_lowercase())
}

/// Whether the folded text (see [`ascii_folded`]) holds one of the lowercase ASCII words; an
/// untested text (`None`) may hold anything.
pub fn may_contain(folded: Option<&str>, words: &[&str]) -> bool {
    folded.is_none_or(|t| words.iter().any(|w| t.contains(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_kelvin_and_long_s_fold_onto_ascii_letters() {
        // The claim `ascii_folded` rests on, checked against the regex engine itself.
        let letter = regex::Regex::new(r"(?i)^[a-z]$").unwrap();
        let strays: Vec<char> = (0x80..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|c| letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(strays, vec!['\u{17f}', '\u{212a}']);
    }

    #[test]
    fn folded_tests() {
        assert_eq!(ascii_folded("FILE Photo").as_deref(), Some("file photo"));
        assert_eq!(ascii_folded("\u{212a}CNA"), None);
        assert!(may_contain(None, &["x"]));
        assert!(may_contain(Some("a file photo"), &["archiv", "file"]));
        assert!(!may_contain(Some("a profile"), &["archiv", "photo"]));
    }

    #[test]
    fn word_starts_keep_to_word_boundaries() {
        let phrases = ["AP".to_string(), "Getty Images".to_string()];
        let Some(w) = WordStarts::new(&phrases) else {
            panic!("every phrase has a leading ASCII run");
        };
        assert!(w.found_in("(ap photo)"));
        assert!(w.found_in("ap"));
        assert!(w.found_in("jane doe/gettyimages"));
        assert!(!w.found_in("a happy apple"));
        assert!(!w.found_in("nogetty"));
        // A non-ASCII neighbour may or may not be a word character: the hit is kept.
        assert!(w.found_in("\u{e9}ap"));
        assert!(WordStarts::new(&["\u{c9}FE".to_string()]).is_none());
        let Some(none) = WordStarts::new(&[]) else {
            panic!("an empty list is testable");
        };
        assert!(!none.found_in("anything"));
    }

    #[test]
    fn gated_patterns() {
        let g = Gated::new(
            r"(?P<x>\p{Lu}\p{L}+)/AFP$".to_string(),
            Some(r"(?P<x>[^/]+)/AFP$".to_string()),
        );
        assert!(g.search_from("no credit here", None).is_none());
        let text = "Harbour/quay at dawn. Jane/AFP";
        let Some((re, start)) = g.search_from(text, None) else {
            panic!("the gate lets a credit through");
        };
        // No match of the gate starts before the first slash, so neither does one of the
        // pattern: the capture search starts after it and still finds the credit's name.
        assert_eq!(start, "Harbour/".len());
        assert_eq!(
            re.captures_at(text, start)
                .and_then(|c| c.name("x"))
                .map(|m| m.as_str()),
            Some("Jane")
        );
        let bad = Gated::new("(unclosed".to_string(), None);
        assert!(bad.search_from("x", None).is_none());
        assert!(bad.exact().error().is_some());
    }
}
