//! The words a built-in credit pattern cannot match without, derived from
//! `rules/credit-patterns.txt` by `build.rs` (see there for how, and why at build time).
//!
//! Each entry holds conditions every match of that pattern line meets. A condition is a set
//! of strings one of which the match contains, in the caption's ASCII-folded form
//! ([`super::gated::ascii_folded`]), and whether an entry of the credit list in use is also
//! such a string (the line uses `{AGENCY}` where a match needs it). Patterns from `--rules`
//! that are not built-in lines are not gated.

/// Strings one of which a match holds, and whether an entry of the credit list may stand in
/// for them.
pub type Condition = (&'static [&'static str], bool);

include!(concat!(env!("OUT_DIR"), "/credit_words.rs"));

/// The conditions a pattern line's matches meet, if it is one of [`NEEDED`].
pub fn needed(line: &str) -> Option<&'static [Condition]> {
    NEEDED.iter().find(|(l, _)| *l == line).map(|(_, c)| *c)
}
