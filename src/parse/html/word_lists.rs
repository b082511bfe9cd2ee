//! The class/id word lists of a page's elements (`vocab::class_words_of`), each distinct list
//! worked out and matched against the class vocabularies once per page.
//!
//! Pages repeat a few class attributes on hundreds of elements (`card__title`, `c-link`):
//! looked up by the attribute as written, a repeated one costs one hash instead of building
//! its words again and hashing those.

// Tables keyed by page text hash with foldhash, seeded at random per table: a fraction of
// SipHash's cost per word, and a page cannot aim collisions at a seed it never sees.
use std::collections::hash_map::Entry;

use foldhash::{HashMap, HashMapExt};

use super::vocab;

/// The list of an element with neither class nor id: the lone space.
pub const SPACE: u32 = 1;
/// The list of a node that is no element: empty.
pub const NONE: u32 = 0;

/// A page's distinct word lists, each with the vocabulary flags it earns.
pub struct WordLists<'a> {
    /// The lists, by number; 0 is "" and 1 is " ".
    lists: Vec<String>,
    /// `vocabulary hits` of each list, as index flags (`index::vocabulary_hits`).
    hits: Vec<u32>,
    /// Lists of elements without an id, by their class attribute as written.
    by_class: HashMap<&'a str, u32>,
    /// Every list, by its words (two class attributes may give the same words).
    by_words: HashMap<String, u32>,
}

impl<'a> WordLists<'a> {
    /// No lists yet but the two fixed ones.
    pub fn new() -> Self {
        WordLists {
            lists: vec![String::new(), " ".to_string()],
            hits: vec![0, 0],
            by_class: HashMap::new(),
            by_words: HashMap::new(),
        }
    }

    /// The number of the list of an element with these `class` and `id` values; `hits` says
    /// what a list's words name (called once per distinct list).
    pub fn intern(&mut self, class: &'a str, id: &str, hits: impl Fn(&str) -> u32) -> u32 {
        if !id.is_empty() {
            // Ids are mostly unique: not worth a look-up by the attribute.
            return self.by_words(vocab::class_words_of(class, id), hits);
        }
        if class.trim_ascii().is_empty() {
            return SPACE;
        }
        if let Some(&k) = self.by_class.get(class) {
            return k;
        }
        let k = self.by_words(vocab::class_words_of(class, id), hits);
        self.by_class.insert(class, k);
        k
    }

    /// The number of the list `words`, added when new.
    fn by_words(&mut self, words: String, hits: impl Fn(&str) -> u32) -> u32 {
        // A page has at most a few thousand distinct lists, far below u32::MAX.
        let k = self.lists.len() as u32;
        match self.by_words.entry(words) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                let words = e.key().clone();
                e.insert(k);
                // Word lists of one or two bytes (" ", "  ") name nothing.
                self.hits
                    .push(if words.len() > 2 { hits(&words) } else { 0 });
                self.lists.push(words);
                k
            }
        }
    }

    /// The words of list `k` ("" for an unknown number).
    pub fn words(&self, k: u32) -> &str {
        self.lists.get(k as usize).map_or("", String::as_str)
    }

    /// The vocabulary flags of list `k` (0 for an unknown number).
    pub fn hits(&self, k: u32) -> u32 {
        self.hits.get(k as usize).copied().unwrap_or(0)
    }
}

impl Default for WordLists<'_> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_words_same_number_and_hits_asked_once() {
        let asked = std::cell::Cell::new(0);
        let hits = |w: &str| {
            asked.set(asked.get() + 1);
            w.len() as u32
        };
        let mut l = WordLists::new();
        let a = l.intern("card-title", "", hits);
        let b = l.intern("card-title", "", hits);
        let c = l.intern("card  title", "", hits);
        assert_eq!((a, b, c), (2, 2, 2));
        assert_eq!(l.words(a), " card title ");
        assert_eq!(l.hits(a), " card title ".len() as u32);
        assert_eq!(asked.get(), 1);
        assert_eq!(l.intern(" ", "", hits), SPACE);
        let with_id = l.intern("x", "storyText", hits);
        assert_eq!(l.words(with_id), " x story text ");
        assert_eq!(l.words(NONE), "");
    }
}
