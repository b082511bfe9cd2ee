//! The README's examples are what capcheck prints today: each block marked
//! `<!-- example: NAME -->` is compared with a real run on `fixtures/seed-shape.html`, so the
//! README never shows a stale score or message. `scripts/readme-examples.sh` rewrites them.

use serde_json::Value;

use crate::common::{capcheck, root, stdout_of_success};

/// The page the README's examples are runs on.
const PAGE: &str = "fixtures/seed-shape.html";

/// What the fixed README says, when an example is stale.
const FIX: &str = "Regenerate the README's examples with:  scripts/readme-examples.sh";

/// The body of the fenced block right after `<!-- example: NAME -->` in README.md.
fn example(name: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md is readable");
    let marker = format!("<!-- example: {name} -->\n");
    let at = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("README.md has no `{}` line", marker.trim()));
    let rest = &readme[at + marker.len()..];
    let body = rest
        .split_once('\n')
        .map(|(fence, body)| {
            assert!(
                fence.starts_with("```"),
                "the example {name} is not a fenced block"
            );
            body
        })
        .unwrap_or_default();
    let end = body
        .find("```\n")
        .unwrap_or_else(|| panic!("the example {name} is not closed"));
    body[..end].to_string()
}

/// The report of the README's page in `format`.
fn run(format: &str) -> String {
    stdout_of_success(capcheck().args([
        "check",
        "--color",
        "never",
        "--fail-on",
        "never",
        "--format",
        format,
        PAGE,
    ]))
}

#[test]
fn the_text_example_is_a_real_run() {
    assert_eq!(example("text"), run("text"), "{FIX}");
}

#[test]
fn the_jsonl_example_is_a_real_run() {
    let shown = example("jsonl");
    let real = run("jsonl");
    let (shown_doc, shown_summary) = shown.trim_end().split_once('\n').expect("two lines");
    let (real_doc, real_summary) = real.trim_end().split_once('\n').expect("two lines");
    assert_eq!(shown_summary, real_summary, "{FIX}");
    let head = shown_doc
        .strip_suffix(",…}")
        .expect("the document line is cut with `,…}`");
    assert!(real_doc.starts_with(head), "{real_doc}\n{FIX}");
}

/// Whether `shown` is `real` with some object keys left out and lists cut short.
fn within(shown: &Value, real: &Value) -> bool {
    match (shown, real) {
        (Value::Object(s), Value::Object(r)) => s
            .iter()
            .all(|(k, v)| r.get(k).is_some_and(|rv| within(v, rv))),
        (Value::Array(s), Value::Array(r)) => {
            s.len() <= r.len() && s.iter().zip(r).all(|(a, b)| within(a, b))
        }
        _ => shown == real,
    }
}

#[test]
fn the_json_example_is_a_real_run_cut_short() {
    let shown: Value = serde_json::from_str(&example("json")).expect("the example is JSON");
    let real: Value = serde_json::from_str(&run("json")).expect("the report is JSON");
    assert!(within(&shown, &real), "{real:#}\n{FIX}");
    // Cut short, not emptied: the example shows a finding and its message.
    assert!(
        shown["documents"][0]["findings"][0]["message"].is_string(),
        "{FIX}"
    );
}
