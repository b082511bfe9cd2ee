//! The rules a finding can come from: one enum, each rule's id, severity and documentation
//! declared once (the docs are data in `rules/docs/ID.md`, compiled into the binary).

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Warning,
    /// Almost certainly wrong.
    Error,
}

impl Severity {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A rule that can fire on a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The caption's people or places are absent from the article.
    EntityMismatch,
    /// The caption (or the image file) dates the photo after the article was published.
    DateAfterPublication,
    /// The photo is years older than the story and not marked as a file photo.
    StaleDate,
    /// The image file's own caption or people name other people than the page caption.
    EmbeddedCaptionConflict,
    /// The page caption's date and the image file's date taken are days apart.
    EmbeddedDateConflict,
    /// The same picture carries captions naming different people on different pages.
    DuplicateCaptionConflict,
}

impl Rule {
    /// Every rule, in the order `capcheck rules` lists them.
    pub const ALL: [Rule; 6] = [
        Rule::EntityMismatch,
        Rule::DateAfterPublication,
        Rule::StaleDate,
        Rule::EmbeddedCaptionConflict,
        Rule::EmbeddedDateConflict,
        Rule::DuplicateCaptionConflict,
    ];

    /// The stable id, as used in reports, configs, baselines and inline suppressions.
    pub fn id(self) -> &'static str {
        match self {
            Rule::EntityMismatch => "caption-entity-mismatch",
            Rule::DateAfterPublication => "caption-date-after-publication",
            Rule::StaleDate => "caption-stale-date",
            Rule::EmbeddedCaptionConflict => "embedded-caption-conflict",
            Rule::EmbeddedDateConflict => "embedded-date-conflict",
            Rule::DuplicateCaptionConflict => "duplicate-image-caption-conflict",
        }
    }

    /// The severity of its findings.
    pub fn severity(self) -> Severity {
        match self {
            Rule::EntityMismatch | Rule::DateAfterPublication | Rule::EmbeddedCaptionConflict => {
                Severity::Error
            }
            Rule::StaleDate | Rule::EmbeddedDateConflict | Rule::DuplicateCaptionConflict => {
                Severity::Warning
            }
        }
    }

    /// One line: when it fires.
    pub fn summary(self) -> &'static str {
        match self {
            Rule::EntityMismatch => "the caption's people or places are absent from the article",
            Rule::DateAfterPublication => {
                "the caption dates the photo after the article was published"
            }
            Rule::StaleDate => {
                "the photo is over a year older than the story and not marked as a file photo"
            }
            Rule::EmbeddedCaptionConflict => {
                "the image file's own caption names other people than the page caption"
            }
            Rule::EmbeddedDateConflict => {
                "the page caption's date and the image file's date taken are days apart"
            }
            Rule::DuplicateCaptionConflict => {
                "the same picture carries captions naming different people on different pages"
            }
        }
    }

    /// The full doc in Markdown: what it checks, why, an example, how to fix or silence it.
    pub fn doc(self) -> &'static str {
        match self {
            Rule::EntityMismatch => include_str!("../../rules/docs/caption-entity-mismatch.md"),
            Rule::DateAfterPublication => {
                include_str!("../../rules/docs/caption-date-after-publication.md")
            }
            Rule::StaleDate => include_str!("../../rules/docs/caption-stale-date.md"),
            Rule::EmbeddedCaptionConflict => {
                include_str!("../../rules/docs/embedded-caption-conflict.md")
            }
            Rule::EmbeddedDateConflict => {
                include_str!("../../rules/docs/embedded-date-conflict.md")
            }
            Rule::DuplicateCaptionConflict => {
                include_str!("../../rules/docs/duplicate-image-caption-conflict.md")
            }
        }
    }

    /// The rule with this id, if there is one.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    /// The rule ids, comma-separated, for messages that must say which ids exist.
    pub fn ids() -> String {
        Rule::ALL.map(Rule::id).join(", ")
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// The rules a page silences on one of its photos (`data-capcheck-ignore`,
/// `<!-- capcheck-ignore -->`): all of them, or some. Ids the page names that are no rule of
/// this version silence nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignores {
    /// `*`: every rule.
    all: bool,
    /// The rules named.
    rules: Vec<Rule>,
    /// Ids the page named that are no rule of this version (a typo silences nothing, so the
    /// reader is told).
    unknown: Vec<String>,
}

impl Ignores {
    /// Adds one id as the page writes it (`*` for all rules).
    pub fn add_id(&mut self, id: &str) {
        if id == "*" {
            self.all = true;
        } else if let Some(rule) = Rule::from_id(id) {
            self.add(rule);
        } else if !id.is_empty() && !self.unknown.iter().any(|u| u == id) {
            self.unknown.push(id.to_string());
        }
    }

    /// Adds one rule.
    pub fn add(&mut self, rule: Rule) {
        if !self.rules.contains(&rule) {
            self.rules.push(rule);
        }
    }

    /// Adds everything `other` silences.
    pub fn extend(&mut self, other: &Ignores) {
        self.all |= other.all;
        for &r in &other.rules {
            self.add(r);
        }
        for u in &other.unknown {
            self.add_id(u);
        }
    }

    /// The ids named that are no rule.
    pub fn unknown(&self) -> &[String] {
        &self.unknown
    }

    /// Whether findings of `rule` are silenced.
    pub fn silences(&self, rule: Rule) -> bool {
        self.all || self.rules.contains(&rule)
    }

    /// Whether nothing is silenced.
    pub fn is_empty(&self) -> bool {
        !self.all && self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_full_doc_and_a_unique_id() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_id(r.id()), Some(r));
            assert!(
                r.doc().starts_with(&format!("# {}\n", r.id())),
                "{r} doc title"
            );
            for section in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## How to fix or silence it",
            ] {
                assert!(r.doc().contains(section), "{r}: missing {section}");
            }
            assert!(
                r.doc().contains(&format!("data-capcheck-ignore=\"{r}\"")),
                "{r}"
            );
        }
        assert_eq!(Rule::from_id("nope"), None);
    }

    #[test]
    fn ignores_silence_what_they_name() {
        let mut i = Ignores::default();
        assert!(i.is_empty() && !i.silences(Rule::StaleDate));
        i.add_id("caption-stale-date");
        i.add_id("not-a-rule");
        assert!(i.silences(Rule::StaleDate) && !i.silences(Rule::EntityMismatch));
        i.add_id("*");
        assert!(i.silences(Rule::EntityMismatch));
    }
}
