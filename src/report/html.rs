//! The HTML report: one self-contained file an editor can open without a terminal or a server.
//! A summary, then each page (pages with findings first), each photo as a card with its caption
//! (entities marked supported / unsupported), verdict, score, findings linked to the rule docs
//! at the bottom, and the evidence folded away. A local photo is shown as a thumbnail embedded
//! in the file (`data:`); a web photo is a placeholder with its address as a link unless the
//! report is asked to load web images. Filtering is pure CSS (radio buttons and classes), so
//! the file needs no script; its Content-Security-Policy forbids scripts and every fetch
//! anyway. Everything that comes from a page goes through `escape`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::markdown;
use crate::result::{
    DocumentReport, EntityReport, Evidence, ImageReport, Report, Severity, Verdict,
};
use crate::types::Scope;
use crate::types::{is_web_address, RemoteImages, Rule};

/// The stylesheet, inlined into every report (kept in its own file to be readable).
const STYLE: &str = include_str!("html.css");

/// No fetch, no script, no frame: only inline styles and `data:` images. Even a bug in the
/// escaping could not make the report load or run anything.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// `CSP` for a report asked to load web images (`--report-images remote`): `https:` images
/// too, and still no script, frame or other fetch.
pub const CSP_REMOTE: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:";

/// Escapes text for HTML element content and quoted attribute values: `& < > " '`. NUL, which
/// HTML parsers replace or drop inconsistently, becomes U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The views a reader can pick: radio id suffix, label, and which photos each keeps.
const FILTERS: [(&str, &str, View); 4] = [
    ("findings", "With findings", View::Findings),
    ("mismatch", "Mismatch", View::Verdict(Verdict::Mismatch)),
    (
        "unverifiable",
        "Unverifiable",
        View::Verdict(Verdict::Unverifiable),
    ),
    ("all", "All", View::All),
];

/// Which photos a view shows.
#[derive(Clone, Copy, PartialEq)]
enum View {
    /// Photos that carry a finding (a date finding on a consistent photo too).
    Findings,
    /// Photos with this verdict.
    Verdict(Verdict),
    /// Every photo.
    All,
}

impl View {
    /// Whether the view shows this photo, which carries `findings` findings.
    fn keeps(self, img: &ImageReport, findings: usize) -> bool {
        match self {
            View::Findings => findings > 0,
            View::Verdict(v) => img.verdict == Some(v),
            View::All => true,
        }
    }
}

/// Renders the report as one HTML document that loads no web image.
pub fn render(report: &Report) -> String {
    render_with(report, RemoteImages::Placeholder)
}

/// Renders the report as one HTML document; `remote` says whether web images are loaded.
pub fn render_with(report: &Report, remote: RemoteImages) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let csp = match remote {
        RemoteImages::Placeholder => CSP,
        RemoteImages::Load => CSP_REMOTE,
    };
    let s = &report.summary;
    let title = format!(
        "capcheck report: {}, {}",
        plural(s.documents, "page", "pages"),
        plural(s.findings, "finding", "findings")
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         {}{}\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(csp),
        crate::types::REPORT_MARKER,
        escape(&report.tool.version),
        escape(&title)
    );
    // The filter radios come first so that the label bar and the cards can all be styled from
    // their state; they are visually hidden but stay keyboard-focusable. The report opens on
    // the photos with findings when there are some.
    let default = if report.summary.findings > 0 {
        View::Findings
    } else {
        View::All
    };
    for (id, label, view) in FILTERS {
        let _ = writeln!(
            out,
            "<input class=\"filter\" type=\"radio\" name=\"view\" id=\"show-{id}\" \
             aria-label=\"Show {label}\"{}>",
            if view == default { " checked" } else { "" }
        );
    }
    out.push_str("<div class=\"wrap\">\n");
    render_masthead(&mut out, report, remote);
    render_summary(&mut out, report);
    render_filter_bar(&mut out, report);
    out.push_str("<main>\n");
    let threshold = report.tool.threshold;
    for (i, doc) in ordered(&report.documents) {
        render_document(&mut out, i, doc, remote, threshold);
    }
    if report.documents.is_empty() {
        out.push_str("<p class=\"empty\">No pages were checked.</p>\n");
    }
    out.push_str("</main>\n");
    render_rule_docs(&mut out);
    let _ = write!(
        out,
        "<footer>Written by capcheck {}. Verdicts come from the page text alone: a mismatch is \
         a reason to look, not a proof.</footer>\n</div>\n</body>\n</html>\n",
        escape(&report.tool.version)
    );
    out
}

/// The documents in display order with their original index: pages with findings, then pages
/// that could not be read, then the rest; input order within each group.
fn ordered(docs: &[DocumentReport]) -> Vec<(usize, &DocumentReport)> {
    let mut v: Vec<(usize, &DocumentReport)> = docs.iter().enumerate().collect();
    let rank = |d: &DocumentReport| {
        if !d.findings.is_empty() {
            0
        } else if d.error.is_some() {
            1
        } else {
            2
        }
    };
    // `sort_by_key` is stable: the input order survives within a group.
    v.sort_by_key(|(_, d)| rank(d));
    v
}

fn render_masthead(out: &mut String, report: &Report, remote: RemoteImages) {
    let images = match remote {
        RemoteImages::Placeholder => {
            "Photos saved beside the pages are shown small; photos on the web are not loaded \
             (opening this report makes no request): follow their links to see them."
        }
        RemoteImages::Load => {
            "Photos on the web are loaded from their sites (--report-images remote): opening \
             this report tells each of those sites that it was opened."
        }
    };
    let _ = write!(
        out,
        "<header class=\"masthead\">\n<p class=\"kicker\">capcheck {}</p>\n\
         <h1>Caption check</h1>\n\
         <p class=\"lede\">Each photo's caption compared with the story around it: do the people, \
         places and dates it names belong to this article?</p>\n\
         <p class=\"images-note {}\">{}</p>\n</header>\n",
        escape(&report.tool.version),
        match remote {
            RemoteImages::Placeholder => "offline",
            RemoteImages::Load => "online",
        },
        escape(images)
    );
}

/// Counts of the judged photos by verdict.
fn verdict_counts(report: &Report) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for img in report.documents.iter().flat_map(|d| &d.images) {
        if img.scope == Scope::Article {
            if let Some(v) = img.verdict {
                *counts.entry(v.as_str()).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// The report's head: the counts, the verdicts, the findings by rule and the pages that could
/// not be read.
fn render_summary(out: &mut String, report: &Report) {
    out.push_str("<section class=\"summary\" aria-label=\"Summary\">\n");
    render_stats(out, report);
    let verdicts = verdict_counts(report);
    let n = |k: &str| verdicts.get(k).copied().unwrap_or(0);
    let _ = writeln!(
        out,
        "<p class=\"verdicts\"><span class=\"badge mismatch\">{} mismatch</span> \
         <span class=\"badge consistent\">{} consistent</span> \
         <span class=\"badge unverifiable\">{} unverifiable</span></p>",
        n("mismatch"),
        n("consistent"),
        n("unverifiable")
    );
    render_findings_by_rule(out, report);
    render_unreadable(out, report);
    out.push_str("</section>\n");
}

/// The summary's tiles: pages, photos, findings (by severity) and unreadable pages.
fn render_stats(out: &mut String, report: &Report) {
    let s = &report.summary;
    let (mut errors, mut warnings) = (0, 0);
    for f in report.documents.iter().flat_map(|d| &d.findings) {
        match f.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
    }
    let with_findings = report
        .documents
        .iter()
        .filter(|d| !d.findings.is_empty())
        .count();
    out.push_str("<div class=\"stats\">\n");
    stat(out, s.documents, "pages checked", "", None);
    stat(out, s.images, "photos", "", None);
    stat(
        out,
        s.findings,
        "findings",
        if s.findings > 0 { " bad" } else { " good" },
        Some(
            format!(
                "{} · {} · on {}",
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings"),
                plural(with_findings, "page", "pages")
            ) + &if s.suppressed > 0 {
                format!(" · {} suppressed", s.suppressed)
            } else {
                String::new()
            },
        ),
    );
    stat(
        out,
        s.errors,
        "unreadable",
        if s.errors > 0 { " bad" } else { "" },
        None,
    );
    out.push_str("</div>\n");
}

/// A table of the findings per rule with its severity, when there are any.
fn render_findings_by_rule(out: &mut String, report: &Report) {
    let mut by_rule: BTreeMap<&str, (Severity, usize)> = BTreeMap::new();
    for f in report.documents.iter().flat_map(|d| &d.findings) {
        by_rule.entry(f.rule.id()).or_insert((f.severity, 0)).1 += 1;
    }
    if !by_rule.is_empty() {
        out.push_str(
            "<table class=\"by-rule\">\n<thead><tr><th>Rule</th><th>Severity</th>\
             <th class=\"num\">Findings</th></tr></thead>\n<tbody>\n",
        );
        for (rule, (sev, count)) in &by_rule {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><span class=\"sev {}\">{}</span></td>\
                 <td class=\"num\">{count}</td></tr>",
                rule_link(rule),
                sev.as_str(),
                sev.as_str()
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
}

/// Links to the pages that could not be read, with why.
fn render_unreadable(out: &mut String, report: &Report) {
    let failed: Vec<(usize, &DocumentReport)> = report
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.error.is_some())
        .collect();
    if !failed.is_empty() {
        out.push_str("<div class=\"unreadable\">\n<h2>Could not be read</h2>\n<ul>\n");
        for (i, d) in failed {
            let _ = writeln!(
                out,
                "<li><a href=\"#doc-{i}\"><code>{}</code></a>: {}</li>",
                escape(&d.path),
                escape(d.error.as_deref().unwrap_or(""))
            );
        }
        out.push_str("</ul>\n</div>\n");
    }
}

/// One summary tile: a big number, a label, an optional detail line.
fn stat(out: &mut String, n: usize, label: &str, class: &str, detail: Option<String>) {
    let _ = write!(
        out,
        "<div class=\"stat{class}\"><span class=\"n\">{n}</span> <span class=\"label\">{}</span>",
        escape(label)
    );
    if let Some(d) = detail {
        let _ = write!(out, "<span class=\"detail\">{}</span>", escape(&d));
    }
    out.push_str("</div>\n");
}

fn render_filter_bar(out: &mut String, report: &Report) {
    out.push_str("<nav class=\"filters\" aria-label=\"Which photos to show\">\n<span class=\"filters-label\">Show</span>\n");
    for (id, label, view) in FILTERS {
        let count: usize = report
            .documents
            .iter()
            .map(|d| {
                d.images
                    .iter()
                    .filter(|img| {
                        img.scope == Scope::Article && view.keeps(img, findings_on(d, img))
                    })
                    .count()
            })
            .sum();
        let _ = writeln!(
            out,
            "<label for=\"show-{id}\" class=\"f-{id}\">{label} <span class=\"count\">{count}</span></label>"
        );
    }
    out.push_str("</nav>\n");
}

/// How many findings the document raises on this photo.
fn findings_on(doc: &DocumentReport, img: &ImageReport) -> usize {
    doc.findings.iter().filter(|f| f.image == img.index).count()
}

/// The view classes of a group of photos (a page, a fold of uncaptioned photos): one per view
/// that keeps any of them, so that a view can hide a group left empty.
fn view_classes(doc: &DocumentReport, photos: &[&ImageReport]) -> Vec<String> {
    FILTERS
        .iter()
        .filter(|(_, _, view)| {
            photos
                .iter()
                .any(|img| view.keeps(img, findings_on(doc, img)))
        })
        .map(|(id, _, _)| format!("in-{id}"))
        .collect()
}

/// True when the photo has a caption to show.
fn has_caption(img: &ImageReport) -> bool {
    img.caption.as_deref().is_some_and(|c| !c.trim().is_empty())
}

/// One page: its header, its photo cards (folding the uncaptioned ones without a finding),
/// findings on photos not shown, and how many photos lay outside the article.
fn render_document(
    out: &mut String,
    i: usize,
    doc: &DocumentReport,
    remote: RemoteImages,
    threshold: Option<f64>,
) {
    let judged: Vec<&ImageReport> = doc
        .images
        .iter()
        .filter(|img| img.scope == Scope::Article)
        .collect();
    // The page carries one class per view that keeps any of its photos, so the views can hide
    // pages left empty.
    let mut classes = vec!["page".to_string()];
    if !doc.findings.is_empty() {
        classes.push("has-findings".into());
    }
    if doc.error.is_some() {
        classes.push("failed".into());
    }
    classes.extend(view_classes(doc, &judged));
    let _ = writeln!(
        out,
        "<article class=\"{}\" id=\"doc-{i}\">",
        classes.join(" ")
    );
    render_page_head(out, doc, judged.len());
    if let Some(err) = &doc.error {
        let _ = writeln!(
            out,
            "<p class=\"read-error\">Could not be read: {}</p>",
            escape(err)
        );
        out.push_str("</article>\n");
        return;
    }
    if judged.is_empty() {
        out.push_str("<p class=\"muted\">No photos of the story found on this page.</p>\n");
    }
    render_photo_cards(out, i, doc, &judged, remote, threshold);
    // Findings about photos that are not shown as cards must still be visible: the exit status
    // counts them.
    render_stray_findings(out, doc, &judged);
    let outside = doc.outside_article + doc.images.len() - judged.len();
    if outside > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted outside\">{} outside the article (teasers, sidebars) not judged.</p>",
            plural(outside, "photo", "photos")
        );
    }
    out.push_str("</article>\n");
}

/// A page's header: its title, web address, file, date, language, counts and warnings.
fn render_page_head(out: &mut String, doc: &DocumentReport, judged: usize) {
    out.push_str("<header class=\"page-head\">\n");
    let title = doc.title.as_deref().unwrap_or("(no title)");
    let _ = writeln!(out, "<h2>{}</h2>", escape(title));
    if let Some(url) = doc.url.as_deref().filter(|u| is_web_address(u)) {
        let _ = writeln!(
            out,
            "<p class=\"page-url\"><a href=\"{0}\" rel=\"noreferrer\">{0}</a></p>",
            escape(url)
        );
    }
    let _ = write!(
        out,
        "<p class=\"page-meta\"><code>{}</code>",
        escape(&doc.path)
    );
    if let Some(p) = &doc.published {
        let _ = write!(out, " · published <time>{}</time>", escape(p));
    }
    if let Some(l) = doc.language.as_deref().filter(|l| *l != "en") {
        let _ = write!(out, " · language <span lang=\"{0}\">{0}</span>", escape(l));
    }
    if doc.error.is_none() {
        let _ = write!(
            out,
            " · {} · {}",
            plural(judged, "photo", "photos"),
            plural(doc.findings.len(), "finding", "findings")
        );
    }
    out.push_str("</p>\n");
    for w in &doc.warnings {
        let _ = writeln!(out, "<p class=\"page-note\">Note: {}</p>", escape(w));
    }
    out.push_str("</header>\n");
}

/// The cards of the judged photos: findings first, then the captioned ones, then the rest in
/// one fold.
fn render_photo_cards(
    out: &mut String,
    i: usize,
    doc: &DocumentReport,
    judged: &[&ImageReport],
    remote: RemoteImages,
    threshold: Option<f64>,
) {
    // Photos with findings first, then the captioned ones; photos without a caption and
    // without a finding (nothing to read, nothing wrong) fold into one line per page.
    let mut shown: Vec<&ImageReport> = Vec::with_capacity(judged.len());
    shown.extend(judged.iter().filter(|img| findings_on(doc, img) > 0));
    shown.extend(
        judged
            .iter()
            .filter(|img| findings_on(doc, img) == 0 && has_caption(img)),
    );
    let folded: Vec<&ImageReport> = judged
        .iter()
        .copied()
        .filter(|img| findings_on(doc, img) == 0 && !has_caption(img))
        .collect();
    for img in &shown {
        render_image(out, i, doc, img, remote, threshold);
    }
    if !folded.is_empty() {
        let mut classes = vec!["nocap".to_string()];
        classes.extend(view_classes(doc, &folded));
        let _ = writeln!(
            out,
            "<details class=\"{}\"><summary>{} without caption</summary>",
            classes.join(" "),
            plural(folded.len(), "photo", "photos")
        );
        for img in &folded {
            render_image(out, i, doc, img, remote, threshold);
        }
        out.push_str("</details>\n");
    }
}

/// Findings about photos that have no card on the page.
fn render_stray_findings(out: &mut String, doc: &DocumentReport, judged: &[&ImageReport]) {
    let stray: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| !judged.iter().any(|img| img.index == f.image))
        .collect();
    if !stray.is_empty() {
        out.push_str("<ul class=\"findings stray\">\n");
        for f in stray {
            finding_item(
                out,
                &format!("photo #{}: {}", f.image, f.message),
                f.rule,
                f.severity,
            );
        }
        out.push_str("</ul>\n");
    }
}

/// The photo itself beside its card: the embedded thumbnail, the web image (when the report
/// loads them), or a placeholder that says why there is no picture.
fn render_picture(
    out: &mut String,
    img: &ImageReport,
    page_url: Option<&str>,
    remote: RemoteImages,
) {
    let alt = match img.caption.as_deref() {
        Some(c) if !c.trim().is_empty() => format!("Photo #{}", img.index),
        _ => format!("Photo #{} (no caption)", img.index),
    };
    if let Some(t) = &img.thumbnail {
        let _ = writeln!(
            out,
            "<figure class=\"thumb\"><img src=\"data:{};base64,{}\" width=\"{}\" height=\"{}\" \
             alt=\"{}\"></figure>",
            t.mime,
            base64(&t.bytes),
            t.width,
            t.height,
            escape(&alt)
        );
        return;
    }
    let web = img
        .src
        .as_deref()
        .and_then(|src| web_address_of(src, page_url));
    match web.as_deref() {
        Some(url) if remote == RemoteImages::Load && url[..6].eq_ignore_ascii_case("https:") => {
            let _ = writeln!(
                out,
                "<figure class=\"thumb web\"><a href=\"{0}\" rel=\"noreferrer\"><img src=\"{0}\" \
                 alt=\"{1}\" loading=\"lazy\" referrerpolicy=\"no-referrer\"></a></figure>",
                escape(url),
                escape(&alt)
            );
        }
        Some(url) => {
            let why = match remote {
                RemoteImages::Placeholder => "Web image, not loaded",
                RemoteImages::Load => "Web image over plain http, not loaded",
            };
            let _ = writeln!(
                out,
                "<figure class=\"thumb none\"><span>{why}</span>\
                 <a href=\"{0}\" rel=\"noreferrer\">{1}</a></figure>",
                escape(url),
                escape(&short_url(url))
            );
        }
        None => {
            let why = if img.error.is_some() {
                "The image file could not be read"
            } else if img.src.is_none() {
                "No image address in the page"
            } else if img.file.is_some() {
                "Image not in the saved copy"
            } else {
                "Image file not found beside the page"
            };
            let _ = writeln!(
                out,
                "<figure class=\"thumb none\"><span>{why}</span></figure>"
            );
        }
    }
}

/// The web address of an image: its `src` when absolute, or a site-rooted (`/img/a.jpg`) or
/// protocol-relative (`//cdn/a.jpg`) one joined to the page's own address; a relative file
/// name stays a file (looked for beside the page).
fn web_address_of(src: &str, page_url: Option<&str>) -> Option<String> {
    let src = src.trim();
    if is_web_address(src) {
        return Some(src.to_string());
    }
    let page = page_url.filter(|u| is_web_address(u))?;
    let (scheme, rest) = page.split_once("://")?;
    let joined = if let Some(r) = src.strip_prefix("//") {
        format!("{scheme}://{r}")
    } else if src.starts_with('/') {
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        format!("{scheme}://{host}{src}")
    } else {
        return None;
    };
    is_web_address(&joined).then_some(joined)
}

/// A web address shortened for a placeholder: host and the file name.
fn short_url(url: &str) -> String {
    let rest = url.split_once("//").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let file = rest
        .split(['?', '#'])
        .next()
        .and_then(|p| p.rsplit('/').next())
        .filter(|f| !f.is_empty() && *f != host);
    match file {
        Some(f) => format!("{host}/…/{f}"),
        None => host.to_string(),
    }
}

/// Standard base64 with padding, for `data:` addresses.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(TABLE[(n >> (18 - 6 * k)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The score on the verdict's own scale: the probability of a mismatch, a bar with the
/// calibrated threshold marked on it. Without the threshold (a report built by a library
/// call), the bar has no mark.
fn render_score(out: &mut String, img: &ImageReport, threshold: Option<f64>) {
    let Some(score) = img.score else { return };
    let verdict = img.verdict;
    if !matches!(verdict, Some(Verdict::Mismatch | Verdict::Consistent)) {
        return;
    }
    let p = (1.0 - score).clamp(0.0, 1.0);
    let title = match threshold {
        Some(t) => format!(
            "Likelihood that the caption does not belong to the story: {:.0}%. From {:.0}% a \
             photo is called a mismatch.",
            p * 100.0,
            t * 100.0
        ),
        None => format!(
            "Likelihood that the caption does not belong to the story: {:.0}%.",
            p * 100.0
        ),
    };
    let _ = write!(
        out,
        "<span class=\"score\" title=\"{}\">mismatch likelihood <b>{:.0}%</b>\
         <span class=\"meter\"><span class=\"fill\" style=\"width:{:.0}%\"></span>",
        escape(&title),
        p * 100.0,
        p * 100.0
    );
    if let Some(t) = threshold {
        let _ = write!(
            out,
            "<span class=\"mark\" style=\"left:{:.0}%\"></span></span>\
             <span class=\"line\">line at {:.0}%</span></span>",
            t.clamp(0.0, 1.0) * 100.0,
            t * 100.0
        );
    } else {
        out.push_str("</span></span>");
    }
}

/// One photo's card: the picture, its verdict line, what the page and the file say about it,
/// its findings and the folded details.
fn render_image(
    out: &mut String,
    i: usize,
    doc: &DocumentReport,
    img: &ImageReport,
    remote: RemoteImages,
    threshold: Option<f64>,
) {
    let verdict = img.verdict.map(Verdict::as_str).unwrap_or("unjudged");
    let findings: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| f.image == img.index)
        .collect();
    let _ = writeln!(
        out,
        "<section class=\"photo v-{verdict}{}\" id=\"doc-{i}-photo-{}\">",
        if findings.is_empty() {
            ""
        } else {
            " has-finding"
        },
        img.index
    );
    render_picture(out, img, doc.url.as_deref(), remote);
    out.push_str("<div class=\"photo-body\">\n<div class=\"photo-top\">");
    let _ = write!(out, "<span class=\"badge {verdict}\">{verdict}</span>");
    render_score(out, img, threshold);
    let _ = write!(out, "<span class=\"idx\">photo #{}", img.index);
    if let Some(line) = img.line {
        let _ = write!(out, " · line {line}");
    }
    out.push_str("</span></div>\n");
    render_caption_and_credits(out, img);
    render_chips(out, img);
    if !findings.is_empty() {
        out.push_str("<ul class=\"findings\">\n");
        for f in findings {
            finding_item(out, &f.message, f.rule, f.severity);
        }
        out.push_str("</ul>\n");
    }
    if !img.silenced.is_empty() {
        let links: Vec<String> = img.silenced.iter().map(|r| rule_link(r.id())).collect();
        let _ = writeln!(
            out,
            "<p class=\"muted\">Silenced here: {}</p>",
            links.join(", ")
        );
    }
    render_image_details(out, img);
    out.push_str("</div>\n</section>\n");
}

/// The photo's caption with its names marked, what the image file itself says, why the file
/// was not read, and the credit line.
fn render_caption_and_credits(out: &mut String, img: &ImageReport) {
    match img.caption.as_deref() {
        Some(c) if !c.trim().is_empty() => {
            let _ = writeln!(
                out,
                "<p class=\"caption\">{}</p>",
                mark_entities(c, &img.entities)
            );
        }
        _ => out.push_str("<p class=\"caption none\">(no caption)</p>\n"),
    }
    // The image file's own caption beside the page's: a second witness of who is pictured.
    if let Some(emb) = &img.embedded {
        let mut parts = Vec::new();
        if let Some(c) = &emb.caption {
            parts.push(format!("“{}”", escape(c)));
        }
        if !emb.people.is_empty() {
            parts.push(format!("shows {}", escape(&emb.people.join(", "))));
        }
        if let Some(d) = &emb.date {
            parts.push(format!("taken {}", escape(d)));
        }
        if let Some(c) = &emb.credit {
            parts.push(format!("credit {}", escape(c)));
        }
        let _ = writeln!(
            out,
            "<p class=\"credit embedded\">The image file says: {}</p>",
            parts.join(" · ")
        );
    }
    // A damaged file is news to an editor (the page shows a broken picture); why a file was
    // not opened (a refusal) is not, and goes into the details.
    if let Some(e) = &img.error {
        let _ = writeln!(
            out,
            "<p class=\"credit embedded\">Image file not read: {}</p>",
            escape(e)
        );
    }
    if let Some(credit) = &img.credit {
        let _ = writeln!(out, "<p class=\"credit\">Credit: {}</p>", escape(credit));
    }
}

/// The names and dates read from the caption, as chips marked by whether the article backs them.
fn render_chips(out: &mut String, img: &ImageReport) {
    if !img.entities.is_empty() || !img.dates.is_empty() {
        out.push_str("<ul class=\"chips\">");
        for e in &img.entities {
            let (class, what) = if e.supported {
                ("ok", "named in the article")
            } else {
                ("no", "not in the article")
            };
            let _ = write!(
                out,
                "<li class=\"chip {class}\" title=\"{} ({}), {what}\"><span class=\"kind\">{}</span>{}</li>",
                escape(&e.text),
                e.kind.as_str(),
                e.kind.as_str(),
                escape(&e.text)
            );
        }
        for d in &img.dates {
            let _ = write!(
                out,
                "<li class=\"chip date\" title=\"{}\"><span class=\"kind\">date</span>{}</li>",
                escape(&d.text),
                escape(&d.value)
            );
        }
        out.push_str("</ul>\n");
    }
}

/// The details a technical reader may want, folded away: the evidence, the image's address
/// and file.
fn render_image_details(out: &mut String, img: &ImageReport) {
    let mut details = Vec::new();
    if let Some(line) = evidence_line(&img.evidence) {
        details.push(escape(&line));
    }
    if let Some(src) = &img.src {
        details.push(format!("image address <code>{}</code>", escape(src)));
    }
    if let Some(f) = img.file.as_ref() {
        match (&f.path, f.status.as_str()) {
            (Some(path), "found") => details.push(format!(
                "image file <code>{}</code>{}",
                escape(path),
                match (f.width, f.height) {
                    (Some(w), Some(h)) => format!(", {w}×{h} px"),
                    _ => String::new(),
                }
            )),
            (_, status) => details.push(format!("image file {}", escape(status))),
        }
    }
    if !details.is_empty() {
        let _ = writeln!(
            out,
            "<details class=\"evidence\"><summary>Details</summary><p>{}</p></details>",
            details.join("<br>")
        );
    }
}

fn finding_item(out: &mut String, message: &str, rule: Rule, severity: Severity) {
    let _ = writeln!(
        out,
        "<li class=\"finding {}\"><span class=\"sev {}\">{}</span> <span class=\"msg\">{}</span> {}</li>",
        severity.as_str(),
        severity.as_str(),
        severity.as_str(),
        escape(message),
        rule_link(rule.id())
    );
}

/// A link to a rule's doc at the bottom of the report.
fn rule_link(id: &str) -> String {
    format!("<a class=\"rule\" href=\"#rule-{0}\">{0}</a>", escape(id))
}

/// The evidence behind a score in one muted line; `None` when there is none at all.
fn evidence_line(e: &Evidence) -> Option<String> {
    let mut parts = Vec::new();
    let pair = |name: &str, f: f64, a: f64| {
        (f != 0.0 || a != 0.0).then(|| format!("{name} +{} / −{}", num(f), num(a)))
    };
    parts.extend(pair("people", e.people_for, e.people_against));
    if e.public_against != 0.0 {
        parts.push(format!("public figures −{:.2}", e.public_against));
    }
    parts.extend(pair("places", e.places_for, e.places_against));
    parts.extend(pair("names", e.names_for, e.names_against));
    if e.caption_words != 0.0 {
        parts.push(format!(
            "word overlap {:.2} of {:.2}",
            e.word_overlap, e.caption_words
        ));
    }
    if let Some(s) = e.semantic {
        parts.push(format!("meaning {s:.2}"));
    }
    (!parts.is_empty()).then(|| format!("evidence: {}", parts.join(" · ")))
}

/// A weight for the evidence line: `0` rather than `0.00`, so the non-zero ones stand out.
fn num(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else {
        format!("{x:.2}")
    }
}

/// Caption bytes the HTML report shows, at most: several paragraphs, more than any real
/// caption, and few enough that marking them costs little whatever the page holds (the JSON
/// report keeps the whole caption).
const MAX_CAPTION_SHOWN: usize = 4096;

/// The caption, escaped, with each entity's occurrences wrapped in a `<mark>` saying whether
/// the article supports it. Matching ignores case, accents and hyphens (`Kim Jong Un` marks
/// `Kim Jong-un`) and respects word boundaries; an entity not written out in the caption (a
/// country behind a demonym) is shown only as a chip. A caption over [`MAX_CAPTION_SHOWN`]
/// bytes is shown cut, with a note, and marked only in the part shown: the work is bounded
/// by the entities' length plus a constant, however long the caption.
pub fn mark_entities(caption: &str, entities: &[EntityReport]) -> String {
    let shown = &caption[..cut_at(caption, MAX_CAPTION_SHOWN)];
    let folded = Folded::new(shown);
    // Longest first, so `Andrés Manuel López Obrador` wins over a `López` inside it; an entity
    // folded like an earlier one marks nothing the earlier one did not.
    let mut by_length: Vec<&EntityReport> = entities.iter().collect();
    by_length.sort_by_key(|e| std::cmp::Reverse(e.text.chars().count()));
    let mut needles: Vec<String> = Vec::new();
    let mut owners: Vec<&EntityReport> = Vec::new();
    let mut known = std::collections::HashSet::new();
    for e in by_length {
        let needle = fold(&e.text);
        if needle.trim().is_empty() || needle.len() > folded.text.len() {
            continue;
        }
        if known.insert(needle.clone()) {
            needles.push(needle);
            owners.push(e);
        }
    }
    // Every whole-word occurrence of every entity in one pass over the shown part, then placed
    // entity by entity (longest first), each in caption order.
    let mut found: Vec<(usize, usize, usize)> = folded.find_words(&needles);
    found.sort_unstable();
    // Marked spans by start; spans never overlap, so a new one is free when the span starting
    // before it ends before it and the next one starts after it.
    let mut spans: std::collections::BTreeMap<usize, (usize, &EntityReport)> =
        std::collections::BTreeMap::new();
    for (rank, start, end) in found {
        let before_free = spans
            .range(..=start)
            .next_back()
            .is_none_or(|(_, &(t, _))| t <= start);
        let after_free = spans.range(start..).next().is_none_or(|(&s, _)| end <= s);
        if before_free && after_free {
            spans.insert(start, (end, owners[rank]));
        }
    }
    let mut out = String::new();
    let mut at = 0;
    for (start, (end, e)) in spans {
        out.push_str(&escape(&shown[at..start]));
        let (class, what) = if e.supported {
            ("ok", "named in the article")
        } else {
            ("no", "not in the article")
        };
        let _ = write!(
            out,
            "<mark class=\"ent {class}\" title=\"{} ({}): {what}\">{}</mark>",
            escape(&e.text),
            e.kind.as_str(),
            escape(&shown[start..end])
        );
        at = end;
    }
    out.push_str(&escape(&shown[at..]));
    if shown.len() < caption.len() {
        let _ = write!(
            out,
            "<span class=\"muted\"> … (caption cut here: {} more characters are in the page \
             and in the JSON report)</span>",
            caption[shown.len()..].chars().count()
        );
    }
    out
}

/// Where to cut `s` to at most `max` bytes: at the last space of the last fifth when there is
/// one, else at a character boundary; `s.len()` when it fits.
fn cut_at(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    let mut at = max;
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    match s[..at].rfind(char::is_whitespace) {
        Some(space) if space >= max * 4 / 5 => space,
        _ => at,
    }
}

/// A text folded for matching (lowercase, accents off, hyphens as spaces), with a map from each
/// folded byte back to the original character it came from.
struct Folded {
    text: String,
    /// For each byte of `text`: the start and end byte of its original character.
    origin: Vec<(usize, usize)>,
}

impl Folded {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (i, c) in original.char_indices() {
            let piece = fold_char(c);
            for _ in 0..piece.len() {
                origin.push((i, i + c.len_utf8()));
            }
            text.push_str(&piece);
        }
        Folded { text, origin }
    }

    /// Each whole-word occurrence of each needle (already folded), overlapping ones included,
    /// as (needle's index, original start byte, original end byte).
    fn find_words(&self, needles: &[String]) -> Vec<(usize, usize, usize)> {
        let Ok(searcher) = aho_corasick::AhoCorasick::new(needles) else {
            // Only a pattern set too large for the automaton fails to build; the caption is
            // then shown unmarked.
            return Vec::new();
        };
        let mut found = Vec::new();
        for m in searcher.find_overlapping_iter(&self.text) {
            let (start, end) = (m.start(), m.end());
            let before_ok = self.text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = self.text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if before_ok && after_ok {
                if let (Some(&(s, _)), Some(&(_, t))) =
                    (self.origin.get(start), self.origin.get(end - 1))
                {
                    found.push((m.pattern().as_usize(), s, t));
                }
            }
        }
        found
    }
}

/// Folds a whole string the way `Folded` folds a caption.
fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// One character folded: accents removed (`é` → `e`), lowercase, dashes and apostrophe-like
/// marks normalised.
fn fold_char(c: char) -> String {
    match c {
        '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => " ".to_string(),
        '\u{2019}' | '\u{2018}' => "'".to_string(),
        c if c.is_ascii() => c.to_ascii_lowercase().to_string(),
        c if c.is_alphabetic() => {
            let plain = deunicode::deunicode_char(c).unwrap_or("");
            // Only single-letter transliterations: a CJK character turned into a syllable would
            // shift word boundaries; keep such characters as they are.
            if plain.chars().count() == 1 && plain.chars().all(|p| p.is_ascii_alphabetic()) {
                plain.to_ascii_lowercase()
            } else {
                c.to_lowercase().collect()
            }
        }
        c => c.to_string(),
    }
}

/// `1 page`, `2 pages`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Each rule's doc once, as an anchored section the findings link to.
fn render_rule_docs(out: &mut String) {
    out.push_str("<section class=\"rules\" id=\"rules\">\n<h2>Rules</h2>\n");
    for r in Rule::ALL {
        let _ = writeln!(
            out,
            "<article class=\"rule-doc\" id=\"rule-{}\">\n{}</article>",
            escape(r.id()),
            markdown::to_html(r.doc())
        );
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::{EntityKind, Finding};

    fn entity(text: &str, supported: bool) -> EntityReport {
        EntityReport {
            text: text.into(),
            kind: EntityKind::Person,
            supported,
            guessed: false,
        }
    }

    #[test]
    fn escape_covers_markup_and_attributes() {
        assert_eq!(
            escape(r#"<script>alert('x')</script> " onerror="a&b"#),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot; onerror=&quot;a&amp;b"
        );
        assert_eq!(escape("a\0b"), "a\u{fffd}b");
    }

    #[test]
    fn entities_are_marked_ignoring_case_accents_and_hyphens() {
        let html = mark_entities(
            "KIM JONG UN meets Andres Manuel Lopez Obrador <b>here</b>; Kimberly stays.",
            &[
                entity("Kim Jong-un", true),
                entity("Andrés Manuel López Obrador", false),
                entity("Kim", true),
            ],
        );
        assert!(html.starts_with("<mark class=\"ent ok\" title=\"Kim Jong-un (person): named in the article\">KIM JONG UN</mark>"), "{html}");
        assert!(html.contains("<mark class=\"ent no\" title=\"Andrés Manuel López Obrador (person): not in the article\">Andres Manuel Lopez Obrador</mark>"), "{html}");
        assert!(html.contains("&lt;b&gt;here&lt;/b&gt;; Kimberly"), "{html}");
    }

    #[test]
    fn hostile_entity_text_is_escaped() {
        let html = mark_entities(
            "x <img src=y onerror=z> y",
            &[entity("<img src=y onerror=z>", false)],
        );
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn hostile_report_has_no_markup_from_the_page() {
        let mut doc = DocumentReport::failed("a\"><script>x</script>.html".into(), String::new());
        doc.error = None;
        doc.title = Some("<script>alert(1)</script>".into());
        doc.images.push({
            let mut img = crate::report::test_image(0);
            img.src = Some("javascript:alert(1)\" onerror=\"x".into());
            img.caption = Some("\" onerror=\"alert(1)\" <img src=x onerror=alert(2)>".into());
            img.credit = Some("<b>AFP</b>".into());
            img.score = Some(0.1);
            img.verdict = Some(Verdict::Mismatch);
            img.line = Some(3);
            img.column = Some(1);
            img
        });
        doc.findings.push(Finding {
            rule: Rule::EntityMismatch,
            severity: Severity::Error,
            image: 0,
            message: "<svg onload=x>".into(),
        });
        let html = render(&Report::new(vec![doc]));
        for bad in [
            "<script",
            "<img",
            "<svg",
            "<b>AFP",
            "onerror=\"",
            "href=\"javascript",
        ] {
            assert!(!html.contains(bad), "{bad} in\n{html}");
        }
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains(&escape(CSP)));
    }

    #[test]
    fn site_rooted_images_join_the_pages_address_and_file_names_stay_files() {
        let page = Some("https://news.example/2024/story.html");
        assert_eq!(
            web_address_of("/img/a.jpg", page).as_deref(),
            Some("https://news.example/img/a.jpg")
        );
        assert_eq!(
            web_address_of("//cdn.example/a.jpg", page).as_deref(),
            Some("https://cdn.example/a.jpg")
        );
        assert_eq!(web_address_of("a.jpg", page), None);
        assert_eq!(web_address_of("/img/a.jpg", None), None);
        assert_eq!(web_address_of("javascript:x", page), None);
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(&[0xfb, 0xff, 0xbf]), "+/+/");
    }

    #[test]
    fn web_images_are_links_unless_asked_for_and_the_csp_says_which() {
        let mut doc = DocumentReport::failed("p.html".into(), String::new());
        doc.error = None;
        doc.url = Some("https://news.example/story?a=1&b=2".into());
        doc.images.push({
            let mut img = crate::report::test_image(0);
            img.src = Some("https://cdn.example/img/harbour.jpg".into());
            img.caption = Some("Boats in the harbour.".into());
            img
        });
        let report = Report::new(vec![doc]);
        let offline = render(&report);
        assert!(offline.contains(&escape(CSP)), "{offline}");
        assert!(!offline.contains("<img"), "{offline}");
        assert!(offline.contains("Web image, not loaded"));
        assert!(offline.contains(
            "<a href=\"https://cdn.example/img/harbour.jpg\" rel=\"noreferrer\">cdn.example/…/harbour.jpg</a>"
        ));
        assert!(offline
            .contains("<a href=\"https://news.example/story?a=1&amp;b=2\" rel=\"noreferrer\">"));
        let online = render_with(&report, RemoteImages::Load);
        assert!(online.contains(&escape(CSP_REMOTE)));
        assert!(online.contains("<img src=\"https://cdn.example/img/harbour.jpg\""));
        assert!(online.contains("--report-images remote"));
    }

    #[test]
    fn pages_with_findings_come_first_stably() {
        let mk = |p: &str, finding: bool, error: bool| {
            let mut d = DocumentReport::failed(p.into(), "e".into());
            if !error {
                d.error = None;
            }
            if finding {
                d.findings.push(Finding {
                    rule: Rule::StaleDate,
                    severity: Severity::Warning,
                    image: 0,
                    message: String::new(),
                });
            }
            d
        };
        let docs = vec![
            mk("a", false, false),
            mk("b", true, false),
            mk("c", false, true),
            mk("d", true, false),
        ];
        let order: Vec<&str> = ordered(&docs)
            .iter()
            .map(|(_, d)| d.path.as_str())
            .collect();
        assert_eq!(order, ["b", "d", "c", "a"]);
    }
}
