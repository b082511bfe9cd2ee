//! Splits text into words, keeping what the name finder needs: offsets, capitals, whether
//! punctuation or a sentence end separates a word from the one before.

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token<'a> {
    /// The word, without a trailing dot or possessive `'s`.
    pub text: &'a str,
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Byte offset just past the word (before any dot or possessive).
    pub end: usize,
    /// A dot follows the word directly (`Rep.`, `J.`, or a sentence end).
    pub dot: bool,
    /// The word carried a possessive `'s`, which ends a name.
    pub possessive: bool,
    /// Punctuation (comma, bracket, quote, dash, sentence end) separates it from the previous word.
    pub broken: bool,
    /// It opens a sentence (or a quote, a line): its capital says nothing about names.
    pub sentence_start: bool,
}

impl Token<'_> {
    /// True when the word starts with an uppercase letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// True when every letter is uppercase and there are at least two (`NATO`, `ABOOD`).
    pub fn is_all_caps(&self) -> bool {
        let mut letters = 0;
        for c in self.text.chars() {
            if c.is_alphabetic() {
                if !c.is_uppercase() {
                    return false;
                }
                letters += 1;
            }
        }
        letters >= 2
    }

    /// True for a single capital letter (`J` of `J. Smith`, `L` of `(L)`).
    pub fn is_initial(&self) -> bool {
        let mut chars = self.text.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    }
}

/// True for a character that may sit inside a word between two letters (`O'Brien`, `Jong-un`, `U.S`).
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&')
}

/// The character starting at byte `p` (a character boundary), read straight from the byte
/// when it is ASCII, as nearly all of a page's text is.
#[inline]
fn char_at(text: &str, p: usize) -> Option<char> {
    match text.as_bytes().get(p) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text.get(p..).and_then(|r| r.chars().next()),
        None => None,
    }
}

/// Splits text into tokens. `abbreviation` tells whether a dotted word keeps the sentence
/// going (`Rep. Omar`), so that the word after it is not taken for a sentence start.
pub fn tokenize<'a>(text: &'a str, abbreviation: &dyn Fn(&str) -> bool) -> Vec<Token<'a>> {
    // About one word per six bytes of running text: room for most texts without regrowing.
    let mut out: Vec<Token<'a>> = Vec::with_capacity(text.len() / 6 + 1);
    // Byte positions, always on character boundaries.
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut gap_start = 0;
    while let Some(&b) = bytes.get(i) {
        // Spaces and ASCII punctuation, passed byte by byte.
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let Some(c) = char_at(text, i) else { break };
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let j = word_end(text, i + c.len_utf8());
        let (word, possessive) = without_possessive(&text[start..j]);
        let dot = char_at(text, j) == Some('.');
        let (broken, sentence_start) = match out.last() {
            None => (true, true),
            Some(prev) => separation(prev, &text[gap_start..start], abbreviation),
        };
        out.push(Token {
            text: word,
            start,
            end: start + word.len(),
            dot,
            possessive,
            broken,
            sentence_start,
        });
        i = j + usize::from(dot);
        gap_start = i;
    }
    out
}

/// Where the word whose first character ends at `j` ends: alphanumerics, with joiners only
/// between two alphanumerics.
#[inline]
fn word_end(text: &str, mut j: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        if bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
            continue;
        }
        let Some(cj) = char_at(text, j) else { break };
        let after = j + cj.len_utf8();
        if cj.is_alphanumeric()
            || (is_joiner(cj) && char_at(text, after).is_some_and(char::is_alphanumeric))
        {
            j = after;
        } else {
            break;
        }
    }
    j
}

/// The word without a possessive `'s` (straight or curly quote, any case), and whether it had
/// one.
#[inline]
fn without_possessive(word: &str) -> (&str, bool) {
    // Every possessive ending ends in `s` or `S`.
    let suffixes = if matches!(word.as_bytes().last(), Some(b's' | b'S')) {
        &["'s", "’s", "'S", "’S"][..]
    } else {
        &[]
    };
    for suffix in suffixes {
        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
            return (&word[..word.len() - suffix.len()], true);
        }
    }
    (word, false)
}

/// Whether punctuation separates a word from the previous word `prev` across `gap` (the text
/// between them), and whether the word opens a sentence: `(broken, sentence_start)`.
#[inline]
fn separation(prev: &Token<'_>, gap: &str, abbreviation: &dyn Fn(&str) -> bool) -> (bool, bool) {
    let prev_ends_sentence =
        prev.dot && !prev.is_initial() && !prev.text.contains('.') && !abbreviation(prev.text);
    // Words apart by spaces only, as most are, have neither.
    let spaces = gap.bytes().all(|g| g == b' ');
    let gap_punct = !spaces && gap.chars().any(|g| !g.is_whitespace() && g != '.');
    let gap_sentence = !spaces
        && gap.chars().any(|g| {
            matches!(
                g,
                '!' | '?' | ':' | ';' | '\n' | '"' | '“' | '”' | '|' | '•'
            )
        });
    (
        prev.possessive || prev_ends_sentence || gap_punct,
        prev_ends_sentence || gap_sentence,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token<'_>> {
        tokenize(s, &|w| matches!(w, "Rep" | "Mr"))
    }

    #[test]
    fn keeps_hyphens_apostrophes_and_dotted_abbreviations() {
        let t = toks("Kim Jong-un met O'Brien in the U.S. today");
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            ["Kim", "Jong-un", "met", "O'Brien", "in", "the", "U.S", "today"]
        );
        assert!(t[6].dot);
        assert!(
            !t[7].sentence_start,
            "a dotted abbreviation does not end the sentence"
        );
    }

    #[test]
    fn possessive_is_stripped_and_breaks() {
        let t = toks("China's Xi spoke");
        assert_eq!(t[0].text, "China");
        assert!(t[0].possessive);
        assert!(t[1].broken);
    }

    #[test]
    fn sentence_ends_and_titles() {
        let t = toks("He left. Rep. Jane Roe spoke, Mr. Doe said");
        assert!(t[2].sentence_start, "Rep after a full stop");
        assert!(!t[3].sentence_start, "Jane after Rep.");
        assert!(t[6].broken, "comma breaks");
        assert!(!t[7].sentence_start && !t[7].broken, "Doe after Mr.");
    }

    #[test]
    fn initials_do_not_end_sentences() {
        let t = toks("John F. Kennedy");
        assert!(!t[2].sentence_start && !t[2].broken);
    }
}
