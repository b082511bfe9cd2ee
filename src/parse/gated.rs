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
        Lazy { src: src.into(), re: OnceLock::new() }
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
        self.re.get_or_init(|| build(&self.src).map_err(|e| e.to_string()))
    }
}

/// Compiles one pattern with room for the large agency alternation.
pub fn build(src: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(src).size_limit(64 << 20).dfa_size_limit(16 << 20).build()
}

/// A pattern behind a looser pattern that matches wherever it matches (its costly parts
/// replaced by simple classes that accept everything they accept, and more), and behind the
/// words every match of it holds.
#[derive(Debug)]
pub struct Gated {
    /// The looser pattern; `None` when the pattern has no costly part to loosen.
    gate: Option<Lazy>,
    /// Lowercase words one of which every match holds (see [`required_words`]).
    words: Option<Vec<String>>,
    /// The pattern itself.
    exact: Lazy,
}

impl Gated {
    /// A pattern and its looser form (pass `None` when they are the same).
    pub fn new(exact: String, loose: Option<String>) -> Self {
        let words = required_words(&exact);
        Gated { gate: loose.filter(|l| *l != exact).map(Lazy::new), words, exact: Lazy::new(exact) }
    }

    /// `for_text`, first ruling out a text whose ASCII-folded form (`ascii_folded(text)`, passed
    /// in so that several patterns share it) holds none of the words a match needs. End-anchored
    /// patterns are searched backwards from the end, where the regex engine has no literal
    /// prefilter: this test is what keeps most captions from reaching them.
    pub fn for_folded(&self, text: &str, folded: Option<&str>) -> Option<&Regex> {
        if let Some(words) = &self.words {
            if !folded.is_none_or(|t| words.iter().any(|w| t.contains(w.as_str()))) {
                return None;
            }
        }
        self.for_text(text)
    }

    /// The pattern, if `text` may match it: `None` when the gate rules the text out (or the
    /// pattern does not compile).
    pub fn for_text(&self, text: &str) -> Option<&Regex> {
        // A gate that does not compile cannot rule anything out.
        if self.gate.as_ref().and_then(Lazy::get).is_some_and(|g| !g.is_match(text)) {
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

/// Lowercase strings one of which the ASCII-folded text of every match of `pattern` contains;
/// `None` when no useful set is found (or the pattern does not parse). Read off the pattern's
/// syntax tree: a literal, or a class of a few characters, must appear; a concatenation needs
/// what any of its parts needs (adjacent fixed parts joined into longer strings); an
/// alternation needs one of what each branch needs; a repetition what its body needs when it
/// repeats at least once. Case-insensitive letters are classes of their cases, which fold to
/// one lowercase letter; the only non-ASCII characters that fold onto ASCII letters make
/// `ascii_folded` refuse the text, so the test stays necessary.
pub fn required_words(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut words = need(&hir)?.words;
    if words.is_empty() || words.len() > MAX_WORDS || words.iter().any(String::is_empty) {
        return None;
    }
    // A word holding another is implied by it.
    let all = words.clone();
    words.retain(|w| !all.iter().any(|o| o != w && w.contains(o.as_str())));
    words.sort();
    words.dedup();
    Some(words)
}

/// Most alternatives a required set may have: more would cost more to test than they save.
const MAX_WORDS: usize = 32;

/// What a node of the syntax tree needs: the set of strings one of which every match holds,
/// whether every match is exactly one of them (so that neighbours can be joined on), and
/// whether every match starts with one of them (so that an exact part before can be).
struct Need {
    words: Vec<String>,
    exact: bool,
    prefix: bool,
}

/// See [`Need`]; `None` when the node needs nothing that can be tested.
fn need(h: &regex_syntax::hir::Hir) -> Option<Need> {
    use regex_syntax::hir::{Class, HirKind};
    let fixed = |words| Some(Need { words, exact: true, prefix: true });
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => fixed(vec![String::new()]),
        HirKind::Literal(lit) => fixed(vec![std::str::from_utf8(&lit.0).ok()?.to_ascii_lowercase()]),
        HirKind::Class(Class::Unicode(c)) => {
            let mut chars: Vec<String> = Vec::new();
            for r in c.ranges() {
                // KELVIN SIGN and LONG S (case variants of `k` and `s`): a text holding either
                // is never tested (`ascii_folded`), so strings with them are never needed.
                for ch in (r.start()..=r.end()).filter(|c| !matches!(c, '\u{17f}' | '\u{212a}')) {
                    let s = ch.to_ascii_lowercase().to_string();
                    if !chars.contains(&s) {
                        chars.push(s);
                    }
                    if chars.len() > 4 {
                        return None;
                    }
                }
            }
            if chars.is_empty() {
                return None;
            }
            fixed(chars)
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Capture(c) => need(&c.sub),
        HirKind::Repetition(r) => {
            if r.min == 0 {
                return None;
            }
            let n = need(&r.sub)?;
            Some(Need { exact: n.exact && r.min == 1 && r.max == Some(1), ..n })
        }
        HirKind::Alternation(subs) => {
            let mut out = Need { words: Vec::new(), exact: true, prefix: true };
            for s in subs {
                let n = need(s)?;
                out.exact &= n.exact;
                out.prefix &= n.prefix;
                out.words.extend(n.words);
                if out.words.len() > MAX_WORDS {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Concat(subs) => {
            // Runs of exact parts are joined (every combination), and so is a run with the
            // part after it when every match of that part starts with one of its strings. Any
            // such run or part is a candidate; the longest shortest string wins.
            let join = |a: &[String], b: &[String]| -> Option<Vec<String>> {
                (a.len() * b.len() <= MAX_WORDS)
                    .then(|| a.iter().flat_map(|x| b.iter().map(move |y| format!("{x}{y}"))).collect())
            };
            let score = |v: &[String]| v.iter().map(String::len).min().unwrap_or(0);
            let mut best: Option<Need> = None;
            let consider = |c: Need, best: &mut Option<Need>| {
                if c.words.len() <= MAX_WORDS && best.as_ref().is_none_or(|b| score(&c.words) > score(&b.words)) {
                    *best = Some(c);
                }
            };
            // The current run of exact parts, and whether it started at the first part.
            let mut run: Option<(Vec<String>, bool)> = None;
            let mut all_exact = true;
            for (k, s) in subs.iter().enumerate() {
                let part = need(s);
                match (part, run.take()) {
                    (Some(n), None) if n.exact => run = Some((n.words, k == 0)),
                    (Some(n), Some((prev, first))) if n.exact => match join(&prev, &n.words) {
                        Some(j) => run = Some((j, first)),
                        None => {
                            consider(Need { words: prev, exact: false, prefix: first }, &mut best);
                            run = Some((n.words, false));
                        }
                    },
                    (part, prev) => {
                        all_exact = false;
                        if let Some((prev, first)) = prev {
                            let joined = part.as_ref().filter(|n| n.prefix).and_then(|n| join(&prev, &n.words));
                            consider(Need { words: joined.unwrap_or(prev), exact: false, prefix: first }, &mut best);
                        }
                        if let Some(n) = part {
                            consider(Need { exact: false, prefix: n.prefix && k == 0, ..n }, &mut best);
                        }
                    }
                }
            }
            if all_exact {
                return run.map(|(words, _)| Need { words, exact: true, prefix: true });
            }
            if let Some((prev, first)) = run {
                consider(Need { words: prev, exact: false, prefix: first }, &mut best);
            }
            best
        }
    }
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
    fn required_words_of_patterns() {
        let words = |p: &str| required_words(p);
        assert_eq!(words(r"(?P<cut>(?:Credit|CREDIT)(?:\.\.\.|…)\s*(?P<credit>[^:]{1,100}?))\s*\.?$"),
            Some(vec!["credit...".to_string(), "credit…".to_string()]));
        assert_eq!(words(r"(?:^|\s)(?i:photos?|pics?)(?:\s*:|\s+(?i:by)\b)\s*(?P<credit>.+)$"),
            Some(vec!["photo".to_string(), "pic".to_string()]));
        assert_eq!(words(r"\s*[(\[]\s*(?i:courtesy)\s+(?P<credit>[^()]+)[)\]]$"), Some(vec!["courtesy".to_string()]));
        assert_eq!(words(r"(?i)\bstra(?:ss|ß)e\b"), Some(vec!["strasse".to_string(), "straße".to_string(), "straẞe".to_string()]));
        // Nothing required, or nothing worth testing.
        assert_eq!(words(r"(?P<credit>\p{Lu}\w*)$"), None);
        assert_eq!(words(r"a?b*"), None);
        assert_eq!(words(r"(unclosed"), None);
    }

    #[test]
    fn required_words_are_necessary() {
        // Case-insensitive letters, optional parts, alternations: every match holds a word.
        let pats = [
            r"(?i:file\s+photo|pool)\s*$",
            r"(?:^|\s)(?P<cut>(?:©|\((?i:c)\)|Copyright|COPYRIGHT|(?i:image\s+copyright))\s*(?P<credit>[^©:]{1,80}?))\s*\.?$",
            r"x(?:ab|cd)e",
        ];
        let texts = ["Jane Doe/FILE   PHOTO", "a (C) Jane", "© X", "IMAGE Copyright: Y", "Pool", "xcde", "xabe", "nothing"];
        for p in pats {
            let re = Regex::new(p).unwrap();
            let words = required_words(p).unwrap();
            for t in texts {
                if re.is_match(t) {
                    let folded = ascii_folded(t);
                    assert!(may_contain(folded.as_deref(), &words.iter().map(String::as_str).collect::<Vec<_>>()), "{p} {t} {words:?}");
                }
            }
        }
    }

    #[test]
    fn gated_patterns() {
        let g = Gated::new(r"(?P<x>\p{Lu}\p{L}+)/AFP$".to_string(), Some(r"(?P<x>[^/]+)/AFP$".to_string()));
        assert!(g.for_text("no credit here").is_none());
        assert!(g.for_text("Jane/AFP").is_some_and(|re| re.is_match("Jane/AFP")));
        let bad = Gated::new("(unclosed".to_string(), None);
        assert!(bad.for_text("x").is_none());
        assert!(bad.exact().error().is_some());
    }
}
