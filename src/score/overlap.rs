//! Word overlap between a caption and its article: the share of the caption's topical words
//! (rare words weigh more than common ones) that the article also uses. It catches captions
//! that name nobody but are about something else ("Traffic moves slowly on the freeway").

use std::collections::HashSet;

use crate::entities::{key, Lexicon};

/// Weight of a word found in the common-words list.
const COMMON_WEIGHT: f64 = 0.1;

/// Shortest word that counts.
const MIN_LEN: usize = 3;

/// A crude English stem: enough to meet `protesters`/`protester`, `rescued`/`rescue`.
pub fn stem(w: &str) -> &str {
    for suffix in ["ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s"] {
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

/// The stems of every word of the article, for overlap look-ups.
pub fn stems(text: &str) -> HashSet<String> {
    words(text).map(|w| stem(&w).to_string()).collect()
}

/// The weighted share of the caption's words that the article also uses, and the total
/// weight of the caption's words (how much the caption says at all).
pub fn overlap(caption: &str, article: &HashSet<String>, lex: &Lexicon) -> (f64, f64) {
    let mut seen = HashSet::new();
    let (mut total, mut shared) = (0.0, 0.0);
    for w in words(caption) {
        if lex.is_not_name(&w) && lex.is_common_word(&w) {
            continue;
        }
        let s = stem(&w).to_string();
        if !seen.insert(s.clone()) {
            continue;
        }
        let weight = if lex.is_common_word(&w) { COMMON_WEIGHT } else { 1.0 };
        total += weight;
        if article.contains(&s) {
            shared += weight;
        }
    }
    (if total > 0.0 { shared / total } else { 0.0 }, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet_inflections() {
        assert_eq!(stem("protesters"), stem("protester"));
        assert_eq!(stem("rescued"), "rescu");
        assert_eq!(stem("cat"), "cat");
    }
}
