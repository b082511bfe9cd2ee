//! The text report, for people at a terminal: per page its path and title, each photo with its
//! verdict, score and shortened caption, the findings under it, and a summary line.

use std::fmt::Write as _;

use crate::result::{DocumentReport, Finding, ImageReport, Report, Severity, Verdict};
use crate::types::Scope;

/// Captions longer than this many characters are shortened to one line.
pub const CAPTION_WIDTH: usize = 90;

/// Width of the verdict column: the longest verdict, `unverifiable`.
const VERDICT_WIDTH: usize = 12;

// ANSI SGR codes, written by hand to keep the dependency tree lean.
const RED: &str = "31";
const GREEN: &str = "32";
const YELLOW: &str = "33";
const BOLD: &str = "1";
const DIM: &str = "2";
const BOLD_RED: &str = "1;31";
const BOLD_YELLOW: &str = "1;33";

/// Wraps text in ANSI colours when colour is on.
#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Paints `text` and pads it to `width` visible characters (escape codes have no width).
    fn padded(self, code: &str, text: &str, width: usize) -> String {
        let pad = width.saturating_sub(text.chars().count());
        format!("{}{}", self.paint(code, text), " ".repeat(pad))
    }
}

/// Renders the report as text; `color` adds ANSI colours.
pub fn render(report: &Report, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    for doc in &report.documents {
        render_document(&mut out, doc, paint);
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// One document: its error line, or its header, photos and findings, then a blank line.
fn render_document(out: &mut String, doc: &DocumentReport, paint: Paint) {
    if let Some(err) = &doc.error {
        let _ = writeln!(
            out,
            "{}: {}: {}\n",
            one_line(&doc.path),
            paint.paint(BOLD_RED, "error"),
            one_line(err)
        );
        return;
    }
    render_header(out, doc, paint);

    let judged: Vec<&ImageReport> = doc
        .images
        .iter()
        .filter(|i| i.scope == Scope::Article)
        .collect();
    let outside = doc.outside_article + doc.images.len() - judged.len();
    let index_width = judged
        .iter()
        .map(|i| i.index.to_string().len())
        .max()
        .unwrap_or(1)
        + 1;
    if doc.images.is_empty() {
        let _ = writeln!(out, "  {}", paint.paint(DIM, "no photos found"));
    }
    for img in &judged {
        render_image(
            out,
            img,
            doc.findings.iter().filter(|f| f.image == img.index),
            index_width,
            paint,
        );
    }
    // Findings about images not listed above (outside the article, or an index no image has)
    // must still be shown: hiding one would make the text disagree with the exit status.
    let stray: Vec<&Finding> = doc
        .findings
        .iter()
        .filter(|f| !judged.iter().any(|i| i.index == f.image))
        .collect();
    for f in stray {
        let _ = writeln!(
            out,
            "  {:<index_width$}  {}",
            format!("#{}", f.image),
            finding_line(f, paint)
        );
    }
    if outside > 0 {
        let note = format!(
            "{} outside the article (teasers, sidebars) not judged",
            plural(outside, "photo", "photos")
        );
        let _ = writeln!(out, "  {}", paint.paint(DIM, &note));
    }
    out.push('\n');
}

/// A document's header: its path, then its title with its date and language (when not
/// English), then its warnings.
fn render_header(out: &mut String, doc: &DocumentReport, paint: Paint) {
    let _ = writeln!(out, "{}", paint.paint(BOLD, &one_line(&doc.path)));
    let title = doc
        .title
        .as_deref()
        .map(one_line)
        .unwrap_or_else(|| "(no title)".to_string());
    // The language is named when it is not English: then only part of the rules ran.
    let language = doc
        .language
        .as_deref()
        .filter(|l| *l != "en")
        .map(|l| format!("language {l}"));
    let facts: Vec<String> = doc
        .published
        .as_ref()
        .map(|p| format!("published {p}"))
        .into_iter()
        .chain(language)
        .collect();
    if facts.is_empty() {
        let _ = writeln!(out, "  {title}");
    } else {
        let _ = writeln!(
            out,
            "  {title} {}",
            paint.paint(DIM, &format!("({})", facts.join(", ")))
        );
    }
    for w in &doc.warnings {
        let _ = writeln!(
            out,
            "  {}: {}",
            paint.paint(BOLD_YELLOW, "note"),
            one_line(w)
        );
    }
}

/// One photo: `#0  mismatch      0.04  caption…`, then its findings indented under it.
fn render_image<'a>(
    out: &mut String,
    img: &ImageReport,
    findings: impl Iterator<Item = &'a Finding>,
    index_width: usize,
    paint: Paint,
) {
    let (word, code) = match img.verdict {
        Some(Verdict::Mismatch) => ("mismatch", RED),
        Some(Verdict::Consistent) => ("consistent", GREEN),
        Some(Verdict::Unverifiable) => ("unverifiable", YELLOW),
        None => ("-", DIM),
    };
    let score = img
        .score
        .map(|s| format!("{s:.2}"))
        .unwrap_or_else(|| "   -".to_string());
    let caption = match img.caption.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(c) => shorten(c, CAPTION_WIDTH),
        None => paint.paint(DIM, "(no caption)"),
    };
    let _ = writeln!(
        out,
        "  {:<index_width$}  {}  {score}  {caption}",
        format!("#{}", img.index),
        paint.padded(code, word, VERDICT_WIDTH),
    );
    // Findings sit under the verdict column, so the eye runs down from verdict to reason.
    let indent = " ".repeat(2 + index_width + 2);
    for f in findings {
        let _ = writeln!(out, "{indent}{}", finding_line(f, paint));
    }
    if !img.silenced.is_empty() {
        let rules: Vec<&str> = img.silenced.iter().map(|r| r.id()).collect();
        let note = format!("silenced here: {}", rules.join(", "));
        let _ = writeln!(out, "{indent}{}", paint.paint(DIM, &note));
    }
}

/// `error[caption-entity-mismatch]: message`, the severity coloured.
fn finding_line(f: &Finding, paint: Paint) -> String {
    let code = match f.severity {
        Severity::Error => BOLD_RED,
        Severity::Warning => BOLD_YELLOW,
    };
    format!(
        "{}: {}",
        paint.paint(code, &format!("{}[{}]", f.severity.as_str(), f.rule)),
        one_line(&f.message)
    )
}

/// `N documents, M photos, K findings (E errors, W warnings), X documents unreadable`.
pub fn summary_line(report: &Report) -> String {
    let findings = report.documents.iter().flat_map(|d| d.findings.iter());
    let (mut errors, mut warnings) = (0, 0);
    for f in findings {
        match f.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
    }
    let s = &report.summary;
    format!(
        "{}, {}, {} ({}, {}), {} unreadable",
        plural(s.documents, "document", "documents"),
        plural(s.images, "photo", "photos"),
        plural(s.findings, "finding", "findings"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(s.errors, "document", "documents"),
    ) + &extra_counts(s)
}

/// `, 2 suppressed, 3 archive records skipped`: only the counts that are not zero, so that a
/// plain run reads as before.
fn extra_counts(s: &crate::result::Summary) -> String {
    let mut out = String::new();
    if s.suppressed > 0 {
        out.push_str(&format!(", {} suppressed", s.suppressed));
    }
    if s.skipped_records > 0 {
        out.push_str(&format!(
            ", {} skipped",
            plural(s.skipped_records, "archive record", "archive records")
        ));
    }
    out
}

/// `1 photo`, `2 photos`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Collapses runs of whitespace (newlines included) to single spaces, and drops control
/// characters and bidirectional overrides, so that page text, file names and archive URIs
/// cannot move the cursor, change colours or reorder what a terminal shows.
fn one_line(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Unicode bidirectional embedding, override and isolate controls.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Any text (a path, an error) as one line safe to print on a terminal.
pub fn printable(s: &str) -> String {
    one_line(s)
}

/// The text on one line, cut to at most `width` characters at a word boundary when one is
/// near, with `…` marking the cut.
pub fn shorten(s: &str, width: usize) -> String {
    let line = one_line(s);
    if line.chars().count() <= width {
        return line;
    }
    let cut: String = line.chars().take(width.saturating_sub(1)).collect();
    // Prefer a word boundary, unless that would throw away more than a fifth of the room.
    let cut = match cut.rfind(' ') {
        Some(i) if cut[..i].chars().count() >= width * 4 / 5 => cut[..i].trim_end().to_string(),
        _ => cut,
    };
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::{DocumentReport, Finding};

    fn image(index: usize, verdict: Verdict, caption: &str) -> ImageReport {
        let mut img = crate::report::test_image(index);
        img.caption = Some(caption.into());
        img.score = Some(0.04);
        img.verdict = Some(verdict);
        img
    }

    fn sample() -> Report {
        let doc = DocumentReport {
            path: "a.html".into(),
            title: Some("Leaders meet".into()),
            url: None,
            published: Some("2024-05-02".into()),
            language: Some("en".into()),
            topic: vec![],
            images: vec![
                image(0, Verdict::Mismatch, "Two other people\nat another place"),
                {
                    let mut i = image(1, Verdict::Consistent, "x");
                    i.scope = Scope::OutsideArticle;
                    i.verdict = None;
                    i
                },
            ],
            findings: vec![Finding {
                rule: crate::types::Rule::EntityMismatch,
                severity: Severity::Error,
                image: 0,
                message: "caption names Ann Example; the article never does".into(),
            }],
            outside_article: 0,
            suppressed: 0,
            error: None,
            warnings: Vec::new(),
        };
        Report::new(vec![
            doc,
            DocumentReport::failed("b.html".into(), "no such file or directory: b.html".into()),
        ])
    }

    #[test]
    fn plain_text_layout() {
        let text = render(&sample(), false);
        assert!(!text.contains('\x1b'));
        assert!(text.contains("a.html\n  Leaders meet (published 2024-05-02)\n"));
        assert!(text.contains("  #0  mismatch      0.04  Two other people at another place\n"));
        assert!(text.contains(
            "      error[caption-entity-mismatch]: caption names Ann Example; the article never does\n"
        ));
        assert!(text.contains("1 photo outside the article"));
        assert!(text.contains("b.html: error: no such file or directory: b.html\n"));
        assert!(text.ends_with(
            "2 documents, 2 photos, 1 finding (1 error, 0 warnings), 1 document unreadable\n"
        ));
    }

    #[test]
    fn colour_codes_only_when_asked() {
        let text = render(&sample(), true);
        assert!(text.contains("\x1b[31mmismatch\x1b[0m    "));
        assert!(text.contains("\x1b[1;31merror[caption-entity-mismatch]\x1b[0m"));
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 90), "short");
        let long = "word ".repeat(40);
        let s = shorten(&long, 90);
        assert!(s.chars().count() <= 90, "{s}");
        assert!(s.ends_with("word…"));
        assert_eq!(shorten("a\u{1b}[31mb", 90), "a [31mb");
    }
}
