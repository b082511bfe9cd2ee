//! Snapshots of whole reports: one per rule (the JSON of its firing fixture) and one per output
//! format. Review changes with `cargo insta review`; the snapshots live in tests/snapshots/.

mod common;

use common::capcheck;

/// The report capcheck prints for `args`, as text (exit status is not part of the snapshot).
/// The crate version is masked so that a release does not rewrite every snapshot.
fn stdout_of(args: &[&str]) -> String {
    let out = capcheck().args(args).output().expect("capcheck runs");
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    String::from_utf8_lossy(&out.stdout).replace(&version, "\"version\": \"[version]\"")
}

/// The JSON report for one fixture.
fn json_of(fixture: &str) -> serde_json::Value {
    let text = stdout_of(&["check", "--format", "json", fixture]);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn rule_caption_entity_mismatch() {
    insta::assert_json_snapshot!(json_of("fixtures/entity-mismatch-fires.html"));
}

#[test]
fn rule_caption_date_after_publication() {
    insta::assert_json_snapshot!(json_of("fixtures/date-after-publication-fires.html"));
}

#[test]
fn rule_caption_stale_date() {
    insta::assert_json_snapshot!(json_of("fixtures/stale-date-fires.html"));
}

#[test]
fn format_json() {
    insta::assert_snapshot!(stdout_of(&[
        "check",
        "--format",
        "json",
        "fixtures/seed-shape.html"
    ]));
}

#[test]
fn format_text() {
    insta::assert_snapshot!(stdout_of(&[
        "check",
        "--color",
        "never",
        "fixtures/seed-shape.html",
        "fixtures/seed-shape.txt"
    ]));
}
