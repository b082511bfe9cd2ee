//! Regexes compiled on first use, behind cheap tests that rule most texts out.
//!
//! Building capcheck's larger patterns (Unicode name classes repeated per word, the
//! case-insensitive agency alternation) costs milliseconds each: more than checking a small
//! page. And the lazy DFA of such a pattern builds its states while it searches, which costs
//! more again the first few hundred times. Most captions cannot match most patterns, so each
//! pattern waits behind a test that is cheap to build and to run and that is *necessary* for a
//! match (never sufficient): a text it rules out is one the pattern cannot match, so skipping
//! the pattern changes no result.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

/// A regex compiled the first time it is needed. A pattern that does not compile is treated
/// as one that matches nothing (the lenient rules drop such patterns; strict ones check
/// [`Lazy::error`] up front).
#[derive(Debug)]
pub struct Lazy {
    src: String,
    re: OnceLock<Result<Regex, String>>,
}

impl Lazy {
    /// Remembers the pattern; nothing is compiled yet.
    pub fn new(src: impl Into<String>) -> Self {
        Lazy {
            src: src.into(),
            re: OnceLock::new(),
        }
    }

    /// The compiled regex, compiling it now if this is the first call; `None` if it does not compile.
    pub fn get(&self) -> Option<&Regex> {
        self.compiled().as_ref().ok()
    }

    /// The compile error, compiling the pattern now if needed.
    pub fn error(&self) -> Option<&str> {
        self.compiled().as_ref().err().map(String::as_str)
    }

    fn compiled(&self) -> &Result<Regex, String> {
        self.re
            .get_or_init(|| build(&self.src).map_err(|e| e.to_string()))
    }
}

/// Compiles one pattern with room for the large agency alternation.
pub fn build(src: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(src)
        .size_limit(64 << 20)
        .dfa_size_limit(16 << 20)
        .build()
}

/// A pattern behind a looser pattern that matches wherever it matches (its costly parts
/// replaced by simple classes that accept everything they accept, and more).
#[derive(Debug)]
pub struct Gated {
    /// The looser pattern; `None` when the pattern has no costly part to loosen.
    gate: Option<Lazy>,
    /// Lowercase strings one of which every match holds in the ASCII-folded text, when known.
    words: Option<&'static [&'static str]>,
    /// The pattern itself.
    exact: Lazy,
}

impl Gated {
    /// A pattern and its looser form (pass `None` when they are the same).
    pub fn new(exact: String, loose: Option<String>) -> Self {
        Gated {
            gate: loose.filter(|l| *l != exact).map(Lazy::new),
            words: None,
            exact: Lazy::new(exact),
        }
    }

    /// The same pattern, also skipped for texts whose ASCII-folded form holds none of `words`
    /// (which must be necessary for a match: see [`ascii_folded`]).
    pub fn needing(self, words: Option<&'static [&'static str]>) -> Self {
        Gated { words, ..self }
    }

    /// [`Gated::for_text`], first ruling out a text whose ASCII-folded form (`ascii_folded(text)`,
    /// passed in so that several patterns share it) holds none of the words a match needs.
    pub fn for_folded(&self, text: &str, folded: Option<&str>) -> Option<&Regex> {
        if let Some(words) = self.words {
            if !may_contain(folded, words) {
                return None;
            }
        }
        self.for_text(text)
    }

    /// The pattern, if `text` may match it: `None` when the gate rules the text out (or the
    /// pattern does not compile).
    pub fn for_text(&self, text: &str) -> Option<&Regex> {
        // A gate that does not compile cannot rule anything out.
        if self
            .gate
            .as_ref()
            .and_then(Lazy::get)
            .is_some_and(|g| !g.is_match(text))
        {
            return None;
        }
        self.exact.get()
    }

    /// The pattern itself, compiled now (for strict rule checks).
    pub fn exact(&self) -> &Lazy {
        &self.exact
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
        let letter = Regex::new(r"(?i)^[a-z]$").unwrap();
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
    fn gated_patterns() {
        let g = Gated::new(
            r"(?P<x>\p{Lu}\p{L}+)/AFP$".to_string(),
            Some(r"(?P<x>[^/]+)/AFP$".to_string()),
        );
        assert!(g.for_text("no credit here").is_none());
        assert!(g
            .for_text("Jane/AFP")
            .is_some_and(|re| re.is_match("Jane/AFP")));
        let bad = Gated::new("(unclosed".to_string(), None);
        assert!(bad.for_text("x").is_none());
        assert!(bad.exact().error().is_some());
    }
}
