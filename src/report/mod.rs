//! Renders a `Report` as text for people, JSON/JSONL for tools, SARIF for code scanning or
//! HTML for editors; one module per format. Rendering never changes results.

pub mod html;
pub mod json;
pub mod jsonl;
mod markdown;
pub mod sarif;
pub mod text;

use crate::result::Report;
use crate::types::{RemoteImages, Rule};

/// An output format; one renderer module each, so that new formats (JSONL, HTML, SARIF) slot in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Aligned, optionally coloured text for people.
    Text,
    /// The JSON contract (README, "JSON report"), for tools and CI.
    Json,
    /// One JSON object per document per line, then a summary line; streamed.
    Jsonl,
    /// SARIF 2.1.0, for code scanning (GitHub and other SARIF viewers).
    Sarif,
    /// One self-contained HTML page for people who read reports outside a terminal.
    Html,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Colour even when not on a terminal (but never into a file written with `-o`).
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Decides whether to colour: `to_terminal` is whether the output is a terminal (false for
    /// files), `no_color` whether the `NO_COLOR` convention asks for none.
    pub fn resolve(self, to_terminal: bool, to_file: bool, no_color: bool) -> bool {
        if to_file {
            return false;
        }
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => to_terminal && !no_color,
        }
    }
}

/// The rule list shown by `capcheck rules`: id, severity and summary in aligned columns.
pub fn rule_list() -> String {
    let id_width = Rule::ALL.iter().map(|r| r.id().len()).max().unwrap_or(0);
    let sev_width = "severity".len();
    let mut out = format!(
        "{:<id_width$}  {:<sev_width$}  fires when\n",
        "id", "severity"
    );
    for r in Rule::ALL {
        out.push_str(&format!(
            "{:<id_width$}  {:<sev_width$}  {}\n",
            r.id(),
            r.severity().as_str(),
            r.summary()
        ));
    }
    out.push_str(
        "\nRun `capcheck rules ID` for what a rule checks, an example, and how to fix or silence it.\n",
    );
    out
}

/// True when the `NO_COLOR` convention (<https://no-color.org>) asks for no colour: the
/// variable is set to a non-empty value.
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// How a report is drawn beyond its format; the findings are the same whatever it says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Look {
    /// Colour the text report.
    pub color: bool,
    /// Whether the HTML report loads photos from the web or shows a placeholder for each.
    pub remote_images: RemoteImages,
}

/// Renders a report in a format; `color` only affects text.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    render_with(
        report,
        format,
        Look {
            color,
            ..Look::default()
        },
    )
}

/// `render` with every drawing choice.
pub fn render_with(report: &Report, format: Format, look: Look) -> String {
    match format {
        Format::Text => text::render(report, look.color),
        Format::Json => json::render(report),
        Format::Jsonl => jsonl::render(report),
        Format::Sarif => sarif::render(report),
        Format::Html => html::render_with(report, look.remote_images),
    }
}

/// A consistent, captionless photo for the renderers' unit tests to fill in.
#[cfg(test)]
pub(crate) fn test_image(index: usize) -> crate::result::ImageReport {
    crate::result::ImageReport {
        index,
        src: None,
        caption: None,
        credit: None,
        entities: vec![],
        dates: vec![],
        score: Some(0.9),
        evidence: crate::types::Evidence::default(),
        verdict: Some(crate::types::Verdict::Consistent),
        scope: crate::types::Scope::Article,
        line: None,
        column: None,
        file: None,
        embedded: None,
        error: None,
        silenced: Vec::new(),
        thumbnail: None,
    }
}

#[cfg(test)]
mod tests {
    use super::ColorChoice::*;

    #[test]
    fn colour_only_on_a_terminal_and_never_in_files() {
        assert!(Auto.resolve(true, false, false));
        assert!(!Auto.resolve(false, false, false));
        assert!(!Auto.resolve(true, false, true));
        assert!(Always.resolve(false, false, true));
        assert!(!Always.resolve(true, true, false));
        assert!(!Never.resolve(true, false, false));
    }
}
