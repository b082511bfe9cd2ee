//! A large sorted word list searched in place: the built-in dictionary is the text compiled
//! into the binary, binary-searched line by line, so loading it costs nothing at start-up
//! (building a set of its 64,000 words took milliseconds, more than the rest of the rules).

use std::borrow::Cow;

/// Folded words, one per line, sorted bytewise and without duplicates.
#[derive(Debug, Default)]
pub struct WordList {
    /// The words, each followed by a newline.
    text: Cow<'static, str>,
}

impl WordList {
    /// The list of a file compiled into the binary, used in place without a copy or a check:
    /// a test asserts that the built-in file is folded, sorted and free of duplicates, since
    /// checking its 64,000 lines at every start would cost about a millisecond.
    pub fn built_in(file: &'static str) -> Self {
        WordList {
            text: Cow::Borrowed(skip_header(file)),
        }
    }

    /// Adds the data lines of a file read at run time: folded, merged, sorted.
    pub fn add_owned(&mut self, file: &str) {
        let mut words: Vec<String> = self.text.lines().map(str::to_string).collect();
        for line in file.lines() {
            let w = line.trim();
            if !w.is_empty() && !w.starts_with('#') {
                words.push(super::key(w));
            }
        }
        words.retain(|w| !w.is_empty() && !w.contains('\n'));
        words.sort_unstable();
        words.dedup();
        let mut text = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
        for w in &words {
            text.push_str(w);
            text.push('\n');
        }
        self.text = Cow::Owned(text);
    }

    /// True when the folded word is on the list.
    pub fn contains(&self, k: &str) -> bool {
        let text = self.text.as_bytes();
        let k = k.as_bytes();
        if k.is_empty() {
            return false;
        }
        // Invariant: every line starting in lo..hi is a candidate; lo and hi are line starts.
        let (mut lo, mut hi) = (0, text.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let start = text[lo..mid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(lo, |p| lo + p + 1);
            let end = text[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |p| start + p);
            match text[start..end].cmp(k) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => lo = end + 1,
                std::cmp::Ordering::Greater => hi = start,
            }
        }
        false
    }
}

/// The file after its leading comment lines.
fn skip_header(file: &str) -> &str {
    let mut rest = file;
    while rest.starts_with('#') {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest
}

/// True when every line is a non-empty folded word in strictly increasing order, the last one
/// ending with a newline: the shape `contains` searches.
#[cfg(test)]
fn is_clean(body: &str) -> bool {
    if !body.ends_with('\n') {
        return false;
    }
    let mut prev: Option<&str> = None;
    for w in body.lines() {
        let folded = !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase());
        if !folded || prev.is_some_and(|p| p >= w) {
            return false;
        }
        prev = Some(w);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_of_unsorted_files_with_comments() {
        let mut w = WordList::default();
        w.add_owned("# words\nzebra\napple\n\nMango\napple\n");
        assert_eq!(w.text.lines().count(), 3);
        for word in ["apple", "mango", "zebra"] {
            assert!(w.contains(word), "{word}");
        }
        for word in ["pear", "", "app", "zebras", "a"] {
            assert!(!w.contains(word), "{word}");
        }
    }

    #[test]
    fn a_built_in_file_is_searched_in_place() {
        let mut w = WordList::built_in("# sorted\n# folded\nant\nbee\ncat\ndog\nemu\n");
        assert!(matches!(w.text, Cow::Borrowed(_)));
        for word in ["ant", "bee", "cat", "dog", "emu"] {
            assert!(w.contains(word), "{word}");
        }
        for word in ["aa", "an", "ants", "bees", "c", "zz"] {
            assert!(!w.contains(word), "{word}");
        }
        w.add_owned("cow\n");
        assert!(w.contains("cow") && w.contains("ant") && w.contains("emu"));
    }

    #[test]
    fn the_built_in_dictionary_is_searched_in_place() {
        let file = include_str!("../../rules/dictionary.txt");
        assert!(
            is_clean(skip_header(file)),
            "rules/dictionary.txt must be folded, sorted, unique"
        );
        let w = WordList::built_in(file);
        for line in skip_header(file).lines().step_by(97) {
            assert!(w.contains(line), "{line}");
        }
    }
}
