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
];

/// All rules, in the order `capcheck rules` lists them.
pub fn all() -> &'static [RuleInfo] {
    RULES
}

/// The rule with this id, if there is one.
pub fn get(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}
