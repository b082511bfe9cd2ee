//! Snapshots of whole reports: one per rule (the JSON of its firing fixture) and one per output
//! format. Review changes with `cargo insta review`; the snapshots live in tests/snapshots/.

use crate::common::capcheck;

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

/// The report for `args` with the crate version masked wherever a format writes it (quoted in
/// JSON, after `capcheck ` in HTML).
fn masked_stdout_of(args: &[&str]) -> String {
    let out = capcheck().args(args).output().expect("capcheck runs");
    let version = env!("CARGO_PKG_VERSION");
    String::from_utf8_lossy(&out.stdout)
        .replace(&format!("\"{version}\""), "\"[version]\"")
        .replace(&format!("capcheck {version}"), "capcheck [version]")
}

#[test]
fn format_jsonl() {
    insta::assert_snapshot!(masked_stdout_of(&[
        "check",
        "--format",
        "jsonl",
        "fixtures/seed-shape.html"
    ]));
}

#[test]
fn format_sarif() {
    insta::assert_snapshot!(masked_stdout_of(&[
        "check",
        "--format",
        "sarif",
        "fixtures/seed-shape.html"
    ]));
}

/// The HTML report's body without the stylesheet and the rule docs (both are constant text
/// with their own tests), so the snapshot shows what this page produced.
#[test]
fn format_html() {
    let html = masked_stdout_of(&["check", "--format", "html", "fixtures/seed-shape.html"]);
    let start = html.find("<body>").expect("a body");
    let end = html
        .find("<section class=\"rules\"")
        .expect("the rule docs");
    insta::assert_snapshot!(&html[start..end]);
}

/// The HTML report of a page with local photos, a web photo and uncaptioned ones, in the
/// default mode: thumbnails (their bytes masked to a length), a placeholder with a link, the
/// page's address, the fold of uncaptioned photos.
#[test]
fn format_html_photos() {
    let html = masked_stdout_of(&[
        "check",
        "--format",
        "html",
        "fixtures/photos-beside-page.html",
    ]);
    let start = html.find("<body>").expect("a body");
    let end = html
        .find("<section class=\"rules\"")
        .expect("the rule docs");
    let mut body = String::new();
    let mut rest = &html[start..end];
    while let Some(at) = rest.find(";base64,") {
        let (head, tail) = rest.split_at(at + ";base64,".len());
        let len = tail.find('"').unwrap_or(tail.len());
        body.push_str(head);
        body.push_str(&format!("[{len} base64 characters]"));
        rest = &tail[len..];
    }
    body.push_str(rest);
    insta::assert_snapshot!(body);
}
