//! The example reports in reports/ are what capcheck writes for fixtures/ today: regenerated in
//! memory and compared, so a visitor never reads a stale example.

use crate::common::{capcheck, root, stdout_of_success};

/// The report of fixtures/ in `format`, as `scripts/make-reports.sh` writes it.
fn generate(format: &str) -> String {
    stdout_of_success(capcheck().args([
        "check",
        "--format",
        format,
        "--fail-on",
        "never",
        "fixtures/",
    ]))
}

fn assert_current(format: &str) {
    let path = root().join(format!("reports/fixtures.{format}"));
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let fresh = generate(format);
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "the length".to_string(), |i| format!("line {}", i + 1));
        panic!(
            "reports/fixtures.{format} is out of date (first difference at {line}).\n\
             Regenerate the examples with:  scripts/make-reports.sh"
        );
    }
}

#[test]
fn html_example_is_current() {
    assert_current("html");
}

#[test]
fn json_example_is_current() {
    assert_current("json");
}

#[test]
fn sarif_example_is_current() {
    assert_current("sarif");
}
