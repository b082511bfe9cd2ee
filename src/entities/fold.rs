//! The folded form every word list is keyed by. `build.rs` includes this file too, to fold the
//! built-in lists at build time with the very functions that read them at run time.

/// Folds a word or phrase for look-up: ASCII transliteration, lowercase, no dots or
/// apostrophes, hyphens and runs of spaces as one space.
pub fn key(s: &str) -> String {
    // The borrowing form skips a copy for ASCII text; it is what `deunicode` calls.
    let folded = deunicode::deunicode_with_tofu_cow(s, "[?]");
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c == '.' || c == '\'' || c == '`' {
            continue;
        }
        if c.is_whitespace() || c == '-' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A name written in capitals only (`WHO`, `U.S.`), two letters or more.
pub fn is_acronym(alias: &str) -> bool {
    alias.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && alias.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

/// The trimmed, non-empty entries of a `|`-separated alias field of a rules file (read the
/// same way when `build.rs` makes the built-in tables and when `--rules` files are loaded).
pub(super) fn aliases(field: Option<&str>) -> impl Iterator<Item = &str> {
    field
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
}
