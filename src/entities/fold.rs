//! The folded form every word list is keyed by. `build.rs` includes this file too, to fold the
//! built-in lists at build time with the very function that folds text at run time.

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
