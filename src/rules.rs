//! The catalogue of rules (findings): ids, severities and the docs shown by `capcheck rules ID`.
//! The docs are data (`rules/docs/ID.md`), compiled into the binary.

use crate::result::Severity;

/// One rule a finding can come from.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The stable id, as used in reports and suppressions.
    pub id: &'static str,
    /// The severity of its findings.
    pub severity: Severity,
    /// One line: when it fires.
    pub summary: &'static str,
    /// The full doc in Markdown: what it checks, why, an example, how to fix or silence it.
    pub doc: &'static str,
}

/// Rule id: the caption's people or places are absent from the article.
pub const ENTITY_MISMATCH: &str = "caption-entity-mismatch";
/// Rule id: the caption dates the photo after the article was published.
pub const DATE_AFTER_PUBLICATION: &str = "caption-date-after-publication";
/// Rule id: the photo is years older than the story and not marked as a file photo.
pub const STALE_DATE: &str = "caption-stale-date";
/// Rule id: the image file's own caption or people name other people than the page caption.
pub const EMBEDDED_CAPTION_CONFLICT: &str = "embedded-caption-conflict";
/// Rule id: the page caption's date and the image file's date taken are days apart.
pub const EMBEDDED_DATE_CONFLICT: &str = "embedded-date-conflict";
/// Rule id: the same picture carries captions naming different people on different pages.
pub const DUPLICATE_CAPTION_CONFLICT: &str = "duplicate-image-caption-conflict";

static RULES: &[RuleInfo] = &[
    RuleInfo {
        id: ENTITY_MISMATCH,
        severity: Severity::Error,
        summary: "the caption's people or places are absent from the article",
        doc: include_str!("../rules/docs/caption-entity-mismatch.md"),
    },
    RuleInfo {
        id: DATE_AFTER_PUBLICATION,
        severity: Severity::Error,
        summary: "the caption dates the photo after the article was published",
        doc: include_str!("../rules/docs/caption-date-after-publication.md"),
    },
    RuleInfo {
        id: STALE_DATE,
        severity: Severity::Warning,
        summary: "the photo is over a year older than the story and not marked as a file photo",
        doc: include_str!("../rules/docs/caption-stale-date.md"),
    },
    RuleInfo {
        id: EMBEDDED_CAPTION_CONFLICT,
        severity: Severity::Error,
        summary: "the image file's own caption names other people than the page caption",
        doc: include_str!("../rules/docs/embedded-caption-conflict.md"),
    },
    RuleInfo {
        id: EMBEDDED_DATE_CONFLICT,
        severity: Severity::Warning,
        summary: "the page caption's date and the image file's date taken are days apart",
        doc: include_str!("../rules/docs/embedded-date-conflict.md"),
    },
    RuleInfo {
        id: DUPLICATE_CAPTION_CONFLICT,
        severity: Severity::Warning,
        summary: "the same picture carries captions naming different people on different pages",
        doc: include_str!("../rules/docs/duplicate-image-caption-conflict.md"),
    },
];

/// All rules, in the order `capcheck rules` lists them.
pub fn all() -> &'static [RuleInfo] {
    RULES
}

/// The rule with this id, if there is one.
pub fn get(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

/// The rule ids, comma-separated, for messages that must say which ids exist.
pub fn ids() -> String {
    RULES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

/// The rule list shown by `capcheck rules`: id, severity and summary in aligned columns.
pub fn list_text() -> String {
    let id_width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let sev_width = "severity".len().max(
        RULES
            .iter()
            .map(|r| r.severity.as_str().len())
            .max()
            .unwrap_or(0),
    );
    let mut out = format!(
        "{:<id_width$}  {:<sev_width$}  fires when\n",
        "id", "severity"
    );
    for r in RULES {
        out.push_str(&format!(
            "{:<id_width$}  {:<sev_width$}  {}\n",
            r.id,
            r.severity.as_str(),
            r.summary
        ));
    }
    out.push_str("\nRun `capcheck rules ID` for what a rule checks, an example, and how to fix or silence it.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_full_doc() {
        for r in all() {
            assert!(
                r.doc.starts_with(&format!("# {}\n", r.id)),
                "{} doc title",
                r.id
            );
            for section in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## How to fix or silence it",
            ] {
                assert!(r.doc.contains(section), "{}: missing {section}", r.id);
            }
            assert!(
                r.doc
                    .contains(&format!("data-capcheck-ignore=\"{}\"", r.id)),
                "{}",
                r.id
            );
        }
    }

    #[test]
    fn list_is_aligned() {
        let text = list_text();
        let lines: Vec<&str> = text.lines().collect();
        let sev_col = lines[0].find("severity");
        let summary_col = lines[0].find("fires when");
        for (r, line) in all().iter().zip(&lines[1..]) {
            assert!(line.starts_with(r.id), "{line}");
            assert_eq!(line.find(r.severity.as_str()), sev_col, "{text}");
            assert_eq!(line.find(r.summary), summary_col, "{text}");
        }
        assert!(ids().contains("caption-stale-date"));
        assert_eq!(get("nope").map(|r| r.id), None);
    }
}
