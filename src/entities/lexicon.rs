//! The word lists of `rules/` (places, titles, credits, organisations, names), compiled into
//! the binary and extensible with `--rules DIR`.

/// All word lists, loaded once per run.
#[derive(Debug, Default)]
pub struct Lexicon {}

impl Lexicon {
    /// The lists built into the binary.
    pub fn builtin() -> Self {
        Lexicon {}
    }
}
