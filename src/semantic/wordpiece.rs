//! BERT's uncased tokenizer: the basic tokenizer (control characters dropped, CJK ideographs
//! split apart, accents stripped, lowercase, split on whitespace and punctuation) then greedy
//! longest-match WordPiece with `##` continuations, between `[CLS]` and `[SEP]`.
//!
//! It reads the text only as far as the token budget reaches, so a long text costs no more
//! than a short one.

use foldhash::{HashMap, HashMapExt};
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

use super::ModelError;

/// A word longer than this (in characters) is one `[UNK]`, as in BERT.
const MAX_WORD_CHARS: usize = 100;

/// The vocabulary and the ids of its special tokens.
#[derive(Debug)]
pub struct WordPiece {
    ids: HashMap<String, u32>,
    unk: u32,
    cls: u32,
    sep: u32,
}

impl WordPiece {
    /// Reads a `vocab.txt` (one token a line, the line number is its id).
    pub fn from_vocab(text: &str) -> Result<WordPiece, ModelError> {
        let mut ids = HashMap::with_capacity(32_768);
        for (i, line) in text.lines().enumerate() {
            let id = u32::try_from(i).map_err(|_| ModelError::VocabularyTooLarge)?;
            ids.entry(line.to_string()).or_insert(id);
        }
        let special = |t: &'static str| ids.get(t).copied().ok_or(ModelError::VocabularyLacks(t));
        Ok(WordPiece {
            unk: special("[UNK]")?,
            cls: special("[CLS]")?,
            sep: special("[SEP]")?,
            ids,
        })
    }

    /// Number of tokens in the vocabulary (ids are below it).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True for an empty vocabulary (never for a loaded one).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids of `text`: `[CLS]`, at most `max_tokens - 2` word pieces, `[SEP]`.
    pub fn encode(&self, text: &str, max_tokens: usize) -> Vec<u32> {
        let budget = max_tokens.max(2) - 1;
        let mut out = vec![self.cls];
        let mut word = String::new();
        for c in text.chars() {
            if out.len() >= budget {
                break;
            }
            if c == '\0' || c == '\u{fffd}' || is_control(c) {
                continue;
            }
            if is_whitespace(c) || is_cjk(c) {
                self.push_word(&word, &mut out);
                word.clear();
                if is_cjk(c) {
                    let mut buf = [0u8; 4];
                    self.push_word(c.encode_utf8(&mut buf), &mut out);
                }
                continue;
            }
            word.push(c);
        }
        self.push_word(&word, &mut out);
        out.truncate(budget);
        out.push(self.sep);
        out
    }

    /// Normalises one whitespace-delimited word and adds its pieces: each punctuation mark
    /// is a token of its own, the runs between them are split into word pieces.
    fn push_word(&self, word: &str, out: &mut Vec<u32>) {
        if word.is_empty() {
            return;
        }
        let mut run = String::new();
        let plain = word
            .nfd()
            .filter(|&c| c.general_category() != GeneralCategory::NonspacingMark)
            .flat_map(char::to_lowercase);
        for c in plain {
            if is_punctuation(c) || is_whitespace(c) {
                self.push_pieces(&run, out);
                run.clear();
                if !is_whitespace(c) {
                    let mut buf = [0u8; 4];
                    self.push_pieces(c.encode_utf8(&mut buf), out);
                }
            } else {
                run.push(c);
            }
        }
        self.push_pieces(&run, out);
    }

    /// Greedy longest-match WordPiece of one token; `[UNK]` when some part matches nothing.
    fn push_pieces(&self, token: &str, out: &mut Vec<u32>) {
        if token.is_empty() {
            return;
        }
        if token.chars().count() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        // Character boundaries, so that a piece never splits a character.
        let bounds: Vec<usize> = token
            .char_indices()
            .map(|(i, _)| i)
            .chain([token.len()])
            .collect();
        let mut pieces = Vec::new();
        let mut key = String::new();
        let mut start = 0;
        while start + 1 < bounds.len() {
            let mut found = None;
            for end in (start + 1..bounds.len()).rev() {
                key.clear();
                if start > 0 {
                    key.push_str("##");
                }
                key.push_str(&token[bounds[start]..bounds[end]]);
                if let Some(&id) = self.ids.get(key.as_str()) {
                    found = Some((id, end));
                    break;
                }
            }
            let Some((id, end)) = found else {
                out.push(self.unk);
                return;
            };
            pieces.push(id);
            start = end;
        }
        out.extend(pieces);
    }
}

/// Whitespace as BERT reads it.
fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r') || c.general_category() == GeneralCategory::SpaceSeparator
}

/// Control and format characters, which BERT drops (tab and line breaks are whitespace).
fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Unassigned
            | GeneralCategory::PrivateUse
    )
}

/// Punctuation as BERT reads it: all non-alphanumeric ASCII symbols, and Unicode punctuation.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// CJK ideographs, which BERT splits into single characters.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F
        | 0x2B820..=0x2CEAF
        | 0xF900..=0xFAFF
        | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> WordPiece {
        let words =
            "[PAD]\n[UNK]\n[CLS]\n[SEP]\nthe\nun\n##believ\n##ably\ncafe\n,\n!\n東\nhello\n##s";
        WordPiece::from_vocab(words).expect("a vocabulary with the special tokens")
    }

    #[test]
    fn splits_into_longest_pieces() {
        let v = vocab();
        assert_eq!(v.encode("Unbelievably", 16), vec![2, 5, 6, 7, 3]);
        assert_eq!(v.encode("Hellos, CAFÉ!", 16), vec![2, 12, 13, 9, 8, 10, 3]);
    }

    #[test]
    fn unknown_words_and_cjk() {
        let v = vocab();
        assert_eq!(v.encode("東京 the", 16), vec![2, 11, 1, 4, 3]);
        assert_eq!(v.encode("zzz", 16), vec![2, 1, 3]);
    }

    #[test]
    fn truncates_and_drops_controls() {
        let v = vocab();
        assert_eq!(v.encode("the the the the", 4), vec![2, 4, 4, 3]);
        assert_eq!(v.encode("\u{0}the\u{200b}", 8), vec![2, 4, 3]);
        assert_eq!(v.encode("", 0), vec![2, 3]);
        let long = "a".repeat(200);
        assert_eq!(v.encode(&long, 8), vec![2, 1, 3]);
    }
}
