//! `--format jsonl` as a pipeline reads it: one JSON object per line, the same documents as the
//! JSON report in the same order whatever `-j` is, then a summary line with the same counts.

use crate::common;

use crate::common::{capcheck, check_json};
use serde_json::Value;

/// The JSONL output's lines, each parsed, and the exit status.
fn jsonl_of(args: &[&str]) -> (Vec<Value>, i32) {
    let out = capcheck()
        .args(["check", "--format", "jsonl"])
        .args(args)
        .output()
        .expect("capcheck runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.ends_with('\n'), "ends with a newline: {text}");
    let lines = text
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object ({e}): {l}"))
        })
        .collect();
    (lines, out.status.code().expect("exit status"))
}

#[test]
fn one_object_per_document_then_the_summary() {
    let args = ["fixtures/", "fixtures/no-such-page.html"];
    let (lines, code) = jsonl_of(&args);
    let (report, json_code) = check_json(&args);
    assert_eq!(code, json_code, "same exit status as the JSON report");
    let (summary, docs) = lines.split_last().expect("a summary line");
    assert_eq!(summary["summary"], report["summary"]);
    assert_eq!(summary["tool"]["name"], "capcheck");
    assert_eq!(
        docs,
        report["documents"]
            .as_array()
            .expect("documents")
            .as_slice()
    );
    assert!(docs.iter().all(|d| d.get("summary").is_none()));
}

#[test]
fn order_does_not_depend_on_threads() {
    let (one, _) = jsonl_of(&["-j", "1", "--fail-on", "never", "fixtures/"]);
    let (four, _) = jsonl_of(&["-j", "4", "--fail-on", "never", "fixtures/"]);
    assert_eq!(one, four);
}

#[test]
fn output_file_gets_the_stream() {
    let dir = common::scratch("jsonl-output");
    let out = dir.join("report.jsonl");
    capcheck()
        .args(["check", "--format", "jsonl", "--fail-on", "never", "-o"])
        .arg(&out)
        .arg("fixtures/seed-shape.html")
        .assert()
        .code(0)
        .stdout("");
    let text = std::fs::read_to_string(&out).expect("written");
    assert_eq!(text.lines().count(), 2, "{text}");
}
