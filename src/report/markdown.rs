//! A minimal Markdown → HTML renderer for the rule docs shown in the HTML report: headings,
//! paragraphs, bullet lists, fenced code, inline code, bold and italic. Everything is escaped
//! first; only the tags written here are ever produced. The docs are ours, but the renderer
//! does not rely on that.

use super::html::escape;

/// Renders `md` as HTML; `#` headings become `<h3>`, `##` and deeper `<h4>`.
pub(crate) fn to_html(md: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;

    for line in md.lines() {
        if let Some(block) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push_str("<pre><code>");
                out.push_str(&escape(&block.join("\n")));
                out.push_str("</code></pre>\n");
                code = None;
            } else {
                block.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut out, &mut para, &mut list);
            code = Some(Vec::new());
        } else if trimmed.is_empty() {
            flush(&mut out, &mut para, &mut list);
        } else if let Some(h) = trimmed.strip_prefix("# ") {
            flush(&mut out, &mut para, &mut list);
            out.push_str(&format!("<h3>{}</h3>\n", inline(h)));
        } else if trimmed.starts_with("##") {
            flush(&mut out, &mut para, &mut list);
            let h = trimmed.trim_start_matches('#').trim();
            out.push_str(&format!("<h4>{}</h4>\n", inline(h)));
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush_para(&mut out, &mut para);
            list.push(item.to_string());
        } else if !list.is_empty() && line.starts_with(' ') {
            // A continuation line of the current list item.
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            flush_list(&mut out, &mut list);
            para.push(trimmed);
        }
    }
    if let Some(block) = code {
        // An unclosed fence still shows its text.
        out.push_str(&format!(
            "<pre><code>{}</code></pre>\n",
            escape(&block.join("\n"))
        ));
    }
    flush(&mut out, &mut para, &mut list);
    out
}

fn flush(out: &mut String, para: &mut Vec<&str>, list: &mut Vec<String>) {
    flush_para(out, para);
    flush_list(out, list);
}

fn flush_para(out: &mut String, para: &mut Vec<&str>) {
    if !para.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", inline(&para.join(" "))));
        para.clear();
    }
}

fn flush_list(out: &mut String, list: &mut Vec<String>) {
    if !list.is_empty() {
        out.push_str("<ul>\n");
        for item in list.iter() {
            out.push_str(&format!("<li>{}</li>\n", inline(item)));
        }
        out.push_str("</ul>\n");
        list.clear();
    }
}

/// Inline markup: `code` spans (taken literally), then `**bold**` and `*italic*` outside them.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", escape(part)));
        } else {
            out.push_str(&emphasis(&escape(part)));
        }
    }
    out
}

/// `**x**` → `<strong>x</strong>`, then `*x*` → `<em>x</em>`, on already escaped text (the
/// escaper leaves `*` alone, and the tags added here contain none).
fn emphasis(escaped: &str) -> String {
    let bold = wrap_pairs(escaped, "**", "strong");
    wrap_pairs(&bold, "*", "em")
}

/// Wraps text between pairs of `marker` in `<tag>`; an unpaired marker stays as it is.
fn wrap_pairs(s: &str, marker: &str, tag: &str) -> String {
    let parts: Vec<&str> = s.split(marker).collect();
    if parts.len() < 3 {
        return s.to_string();
    }
    let mut out = String::new();
    let pairs = (parts.len() - 1) / 2 * 2;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            if i <= pairs {
                out.push_str(if i % 2 == 1 { "<" } else { "</" });
                out.push_str(tag);
                out.push('>');
            } else {
                out.push_str(marker);
            }
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_inline_markup() {
        let html = to_html(
            "# rule-id\n\nSeverity: **error**\n\n## What\n\nA *word* and `<b>` code\nwrapped.\n\n\
             - one\n  continued\n- two\n\n```html\n<figure>\n```\n",
        );
        assert!(html.contains("<h3>rule-id</h3>"), "{html}");
        assert!(
            html.contains("<p>Severity: <strong>error</strong></p>"),
            "{html}"
        );
        assert!(html.contains("<h4>What</h4>"), "{html}");
        assert!(
            html.contains("<p>A <em>word</em> and <code>&lt;b&gt;</code> code wrapped.</p>"),
            "{html}"
        );
        assert!(
            html.contains("<li>one continued</li>\n<li>two</li>"),
            "{html}"
        );
        assert!(
            html.contains("<pre><code>&lt;figure&gt;</code></pre>"),
            "{html}"
        );
    }

    #[test]
    fn hostile_text_stays_text() {
        let html = to_html("<script>alert(1)</script> *a `<img src=x onerror=y>`");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("*a"), "unpaired marker kept: {html}");
    }
}
