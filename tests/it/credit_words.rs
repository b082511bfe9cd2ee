//! The conditions `build.rs` derives to gate the built-in credit patterns
//! (`parse::credit_words`) must be necessary: a caption a pattern matches always meets them,
//! or skipping the pattern would change results. Checked on every example the patterns' file
//! quotes, on variants of them, and on every text of the fixture pages.

use capcheck::parse::credit::{builtin_pattern_matches, BUILTIN_PATTERNS};
use capcheck::parse::credit_words::NEEDED;

/// The quoted examples in the comments of `rules/credit-patterns.txt` ("…" or `…`).
fn quoted_examples() -> Vec<String> {
    let comments: String = BUILTIN_PATTERNS
        .lines()
        .filter_map(|l| l.trim().strip_prefix('#'))
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Vec::new();
    for quote in ['"', '`'] {
        out.extend(comments.split(quote).skip(1).step_by(2).map(str::to_string));
    }
    out
}

/// Captions written to reach the patterns the file's examples do not.
const MORE: &[&str] = &[
    "Crowds gather in Seoul. REUTERS/Jane Doe",
    "Crowds gather in Seoul. Jane Doe/The Daily Star",
    "Crowds gather in Seoul - Getty Images",
    "Crowds gather in Seoul. (Jane Doe/AFP/File)",
    "Crowds gather in Seoul. (Jane Doe)",
    "Crowds gather in Seoul (EPA-EFE/JANE DOE)",
    "Crowds gather in Seoul (AFP via Getty Images)",
    "Crowds gather in Seoul. AFP via Getty Images",
    "Crowds gather in Seoul. Photo courtesy NASA",
    "Crowds gather in Seoul. Credit...Doug Mills/The New York Times",
    "Crowds gather in Seoul. © Provided by The Outlet",
    "Crowds gather in Seoul (Staff photo by Jane Doe)",
    "Image source, Getty Images Image caption, Kim at the summit",
    "Photo / Supplied",
    "Photos, Jane Doe",
    "Crowds gather in Seoul (Photo: Jane Doe/AFP)",
    "Crowds gather (AP Photo/Evan Vucci, File)",
    "Crowds gather in Seoul (\u{212a}CNA)",
    "Crowds gather in Seoul. Jane Doe / AP file",
    "Crowds gather in Seoul. KCNA via KNS",
    "Crowds gather in Seoul.Reuters",
    "Crowds gather in São Paulo. Agência Brasil/Reuters",
    "Crowds gather (Reuters)",
    "Crowds gather [Reuters]",
];

/// The text between the tags of every fixture page (crudely: good enough for samples).
fn fixture_texts() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut out = Vec::new();
    for dir in ["fixtures", "tests/pages"] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(page) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            out.extend(
                page.split(['<', '>'])
                    .skip(2)
                    .step_by(2)
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|t| !t.is_empty()),
            );
        }
    }
    out
}

/// Every sample: the examples, each also in upper and lower case and after a sentence.
fn samples() -> Vec<String> {
    let mut base = quoted_examples();
    base.extend(MORE.iter().map(|s| s.to_string()));
    let mut out = Vec::new();
    for s in base {
        out.push(s.to_uppercase());
        out.push(s.to_lowercase());
        out.push(format!("The harbour at dawn. {s}"));
        out.push(s);
    }
    out.extend(fixture_texts());
    out
}

#[test]
fn gates_never_rule_out_a_match() {
    let mut matched = std::collections::BTreeSet::new();
    for s in samples() {
        for (line, admitted) in builtin_pattern_matches(&s) {
            assert!(
                admitted,
                "line {line} matches {s:?} but its gate rules it out or moves the match"
            );
            matched.insert(line);
        }
    }
    // Every pattern is reached by some sample, so that none of the gates goes untested.
    let lines: Vec<usize> = BUILTIN_PATTERNS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim().starts_with('#'))
        .map(|(n, _)| n + 1)
        .collect();
    let missed: Vec<&usize> = lines.iter().filter(|l| !matched.contains(l)).collect();
    assert!(missed.is_empty(), "no sample matches lines {missed:?}");
}

#[test]
fn derived_conditions_cover_the_built_in_lines() {
    let lines: Vec<&str> = BUILTIN_PATTERNS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for (line, conditions) in NEEDED {
        assert!(lines.contains(line), "not a built-in pattern line: {line}");
        for (words, agency) in *conditions {
            assert!(*agency || !words.is_empty(), "{line}: an empty condition");
            // The gate is tested on the ASCII-folded text: words must be lowercase.
            assert!(
                words
                    .iter()
                    .all(|w| !w.is_empty() && *w == w.to_ascii_lowercase()),
                "{words:?}"
            );
        }
    }
    // Every built-in line is gated today; a new line the derivation finds nothing for runs
    // on every caption, which this notices.
    assert_eq!(NEEDED.len(), lines.len());
}
