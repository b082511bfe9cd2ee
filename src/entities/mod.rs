//! Text → mentions of people, places, organisations and events, and dates; rule-based,
//! driven by the data files in `rules/`.

pub mod dates;
pub mod lexicon;

pub use lexicon::Lexicon;

use crate::result::EntityKind;

/// A named thing found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The words as written.
    pub text: String,
    /// The canonical form (`Kim Jong-un` for `Kim Jong Un`, `North Korea` for `North Korean`).
    pub canonical: String,
    /// What it is.
    pub kind: EntityKind,
    /// Byte offset in the text.
    pub start: usize,
}

/// Finds the people, places and organisations a text names.
pub fn extract(_text: &str, _lex: &Lexicon) -> Vec<Mention> {
    Vec::new()
}
