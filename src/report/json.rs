//! The JSON report: the contract of the README's "JSON report" section (field names come from
//! `result.rs`).

use crate::result::Report;

/// Renders the report as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    // The result types are plain structs of strings, numbers and enums with string keys, which
    // serde_json always serialises; the fallback is never taken.
    let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::DocumentReport;

    #[test]
    fn contract_fields_are_present() {
        let r = Report::new(vec![DocumentReport::failed(
            "a.html".into(),
            "no such file".into(),
        )]);
        let v: serde_json::Value = serde_json::from_str(&render(&r)).expect("valid JSON");
        assert_eq!(v["tool"]["name"], "capcheck");
        for k in ["documents", "images", "findings", "errors"] {
            assert!(v["summary"][k].is_u64(), "summary.{k}");
        }
        let d = &v["documents"][0];
        for k in [
            "path",
            "title",
            "published",
            "language",
            "topic",
            "images",
            "findings",
            "error",
        ] {
            assert!(d.get(k).is_some(), "documents[].{k}");
        }
        assert_eq!(v["summary"]["errors"], 1);
    }
}
