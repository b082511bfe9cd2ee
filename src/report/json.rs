//! The JSON report: the contract of DESIGN.md.

use crate::result::Report;

/// Renders the report as pretty-printed JSON.
pub fn render(report: &Report) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_default()
}
