//! Word overlap between a caption and its article: the share of the caption's topical words
//! (rare words weigh more than common ones) that the article also uses. It catches captions
//! that name nobody but are about something else ("Traffic moves slowly on the freeway").

// Tables keyed by page text hash with foldhash, seeded at random per table: a fraction of
// SipHash's cost per word, and a page cannot aim collisions at a seed it never sees.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::entities::{key, Lexicon};

/// Weight of a word found in the common-words list.
const COMMON_WEIGHT: f64 = 0.1;

/// Shortest word that counts.
const MIN_LEN: usize = 3;

/// The endings `stem` cuts, longest first where one ends another.
const SUFFIXES: [&str; 16] = [
    "ations", "ation", "ments", "ment", "ions", "ion", "ings", "ing", "ies", "ied", "ers", "er",
    "es", "ed", "ly", "s",
];

/// False when the word's last letter ends no suffix, as most words' does not: those need no
/// test against each (`tests::every_suffix_passes_the_quick_test`).
fn may_have_suffix(w: &str) -> bool {
    matches!(
        w.as_bytes().last(),
        Some(b's' | b'n' | b't' | b'g' | b'r' | b'd' | b'y')
    )
}

/// A crude English stem: enough to meet `protesters`/`protester`, `rescued`/`rescue`,
/// `shipments`/`ship`, `elections`/`elect`.
pub fn stem(w: &str) -> &str {
    if !may_have_suffix(w) {
        return w;
    }
    for suffix in SUFFIXES {
        if w.len() >= suffix.len() + 4 && w.ends_with(suffix) {
            return &w[..w.len() - suffix.len()];
        }
    }
    w
}

/// The folded words of a text, lowercase ASCII letters only.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| w.chars().count() >= MIN_LEN && w.chars().all(char::is_alphabetic))
        .map(|w| {
            let k = key(w);
            k.strip_suffix("s'").map(|s| format!("{s}s")).unwrap_or(k)
        })
}

/// How often the article uses each stem, for overlap look-ups.
#[cfg(test)]
pub fn stems(text: &str) -> HashMap<String, u32> {
    stems_and_capitals(text).0
}

/// How often the article uses each stem, for overlap look-ups, and the words it writes in
/// ASCII capitals, two to six letters long (`NATO`, `FAST`): both read in one pass over the
/// text (`tests::one_pass_reads_what_two_did`).
pub fn stems_and_capitals(text: &str) -> (HashMap<String, u32>, HashSet<String>) {
    // Room for the distinct stems of a typical article (the corpus's paragraphs hold one
    // distinct word per 13 to 29 bytes, median 16), so that the table is not rehashed, every
    // key hashed again, at each doubling.
    let mut counts: HashMap<String, u32> = HashMap::with_capacity(text.len() / 16);
    let mut capitals: HashSet<String> = HashSet::new();
    let bytes = text.as_bytes();
    // The character at a byte offset that is not ASCII, with its length.
    let wide = |at: usize| {
        text.get(at..)
            .and_then(|r| r.chars().next())
            .map_or(('\0', 1), |c| (c, c.len_utf8()))
    };
    let is_word_char = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    let mut lower = String::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // A word as `words` splits the text: alphanumerics and apostrophes.
        if b.is_ascii() {
            if !(b.is_ascii_alphanumeric() || b == b'\'') {
                i += 1;
                continue;
            }
        } else {
            let (c, len) = wide(i);
            if !is_word_char(c) {
                i += len;
                continue;
            }
        }
        let start = i;
        // Whether the word is all ASCII, and all ASCII letters.
        let (mut ascii, mut letters) = (true, true);
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_alphabetic() {
                i += 1;
            } else if b.is_ascii_digit() || b == b'\'' {
                letters = false;
                i += 1;
            } else if b.is_ascii() {
                break;
            } else {
                let (c, len) = wide(i);
                if !is_word_char(c) {
                    break;
                }
                (ascii, letters) = (false, false);
                i += len;
            }
        }
        let w = text.get(start..i).unwrap_or_default();
        // The runs of ASCII letters and digits in capitals: every such run lies inside one word.
        // Allocated once per distinct word: `NATO` may appear fifty times in a long article.
        let mut capital = |run: &str| {
            if (2..=6).contains(&run.len())
                && run.bytes().all(|b| b.is_ascii_uppercase())
                && !capitals.contains(run)
            {
                capitals.insert(run.to_string());
            }
        };
        if letters {
            capital(w);
        } else {
            w.split(|c: char| !c.is_ascii_alphanumeric())
                .for_each(capital);
        }
        // What `words` yields for the word: a word of ASCII letters folds to its lowercase
        // (`key` only lowercases such a word, and it holds no `s'`); no other ASCII word is
        // yielded; the rest go through `words`.
        let folded;
        let k = if letters {
            if w.len() < MIN_LEN {
                continue;
            }
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
            lower.as_str()
        } else if ascii {
            continue;
        } else {
            let Some(k) = words(w).next() else { continue };
            folded = k;
            folded.as_str()
        };
        let s = stem(k);
        match counts.get_mut(s) {
            Some(n) => *n += 1,
            None => {
                counts.insert(s.to_string(), 1);
            }
        }
    }
    (counts, capitals)
}

/// Uses of a word in the article at which it counts as fully topical.
const TOPICAL_USES: f64 = 3.0;

/// How a caption's words meet the article's.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Overlap {
    /// Weighted share of the caption's words the article uses at all.
    pub shared: f64,
    /// The same share, each word counted by how often the article uses it (up to three times):
    /// words the article keeps coming back to are its topic.
    pub topical: f64,
    /// The weight of the caption's words.
    pub total: f64,
}

/// Measures how the caption's words meet the article's (rare words weigh more than common ones).
pub fn overlap(caption: &str, article: &HashMap<String, u32>, lex: &Lexicon) -> Overlap {
    let mut seen = HashSet::new();
    let (mut total, mut shared, mut topical) = (0.0, 0.0, 0.0);
    for w in words(caption) {
        if lex.is_not_name(&w) && lex.is_common_word(&w) {
            continue;
        }
        let s = stem(&w).to_string();
        if !seen.insert(s.clone()) {
            continue;
        }
        let weight = if lex.is_common_word(&w) {
            COMMON_WEIGHT
        } else {
            1.0
        };
        total += weight;
        if let Some(&uses) = article.get(&s) {
            shared += weight;
            topical += weight * (f64::from(uses) / TOPICAL_USES).min(1.0);
        }
    }
    if total == 0.0 {
        return Overlap::default();
    }
    Overlap {
        shared: shared / total,
        topical: topical / total,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_suffix_passes_the_quick_test() {
        for suffix in SUFFIXES {
            assert!(may_have_suffix(suffix), "{suffix}");
        }
    }

    #[test]
    fn one_pass_reads_what_two_did() {
        // The two passes it replaces, as they were written.
        let stems_of = |text: &str| {
            let mut counts: HashMap<String, u32> = HashMap::new();
            for w in words(text) {
                *counts.entry(stem(&w).to_string()).or_insert(0) += 1;
            }
            counts
        };
        let capitals_of = |text: &str| {
            text.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| (2..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase()))
                .map(str::to_string)
                .collect::<HashSet<String>>()
        };
        for text in [
            "",
            "NATO and the UN met; NATO's FAST telescopes. Protesters' rally",
            "Zürich’s Café — protesters rescued 42 ships in 2019, O'Brien's ABCDEFG AB1 X",
            "words'  ÉLAN élan naïve x-ray BBC’s \u{7f}DEL 北京ABC",
            "end with word",
            "ends in caps USA",
        ] {
            let (stems, capitals) = stems_and_capitals(text);
            assert_eq!(stems, stems_of(text), "{text:?}");
            assert_eq!(capitals, capitals_of(text), "{text:?}");
        }
    }

    #[test]
    fn stems_meet_inflections() {
        assert_eq!(stem("protesters"), stem("protester"));
        assert_eq!(stem("rescued"), "rescu");
        assert_eq!(stem("cat"), "cat");
    }
}
