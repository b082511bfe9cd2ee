//! Content repositories as they are: Markdown and MDX sources with front matter, shortcodes,
//! components and raw HTML figures (fixtures/markdown: a Hugo page bundle, a Jekyll post, an
//! Astro MDX file, a Docusaurus doc, and a README and a changelog that are no articles).

use serde_json::Value;

use crate::common::{article_images, capcheck, check_json, root, rules_for, scratch};

/// The articles of fixtures/markdown, sorted as the walk reports them, with the line and
/// column of the moved-in caption (photo #2 of each) in the Markdown file.
const ARTICLES: &[(&str, u64, u64)] = &[
    ("astro/src/content/blog/kite-festival.mdx", 25, 36),
    ("docusaurus/docs/museum-reopening.md", 24, 15),
    ("hugo/content/news/ferry-strike/index.md", 20, 37),
    ("jekyll/_posts/2024-03-05-bridge-vote.md", 21, 2),
];

fn documents(report: &Value) -> &Vec<Value> {
    report["documents"].as_array().expect("documents")
}

#[test]
fn one_document_per_article_and_only_the_moved_in_captions_flagged() {
    let (report, code) = check_json(&["fixtures/markdown"]);
    let docs = documents(&report);
    let paths: Vec<&str> = docs.iter().filter_map(|d| d["path"].as_str()).collect();
    let want: Vec<String> = ARTICLES
        .iter()
        .map(|(p, _, _)| format!("fixtures/markdown/{p}"))
        .collect();
    assert_eq!(paths, want, "the README and the changelog add no document");
    for doc in docs {
        assert!(
            doc["title"].is_string(),
            "a title from front matter: {doc:#}"
        );
        let images = article_images(doc);
        assert_eq!(images.len(), 3, "every caption found: {doc:#}");
        for img in &images {
            assert!(img["caption"].is_string(), "{img:#}");
            assert!(img["line"].is_u64(), "{img:#}");
        }
        assert_eq!(rules_for(doc, 2), ["caption-entity-mismatch"], "{doc:#}");
        assert_eq!(doc["findings"].as_array().map(Vec::len), Some(1), "{doc:#}");
    }
    assert_eq!(code, 1, "the moved-in captions are errors");
}

#[test]
fn front_matter_shortcode_parameters_and_files_are_read() {
    let (report, _) = check_json(&["--fail-on", "never", "fixtures/markdown/hugo"]);
    let doc = &documents(&report)[0];
    assert_eq!(doc["title"], "Ferry crews end strike at Halden port");
    assert_eq!(doc["published"], "2024-04-11");
    let images = article_images(doc);
    assert_eq!(images[0]["credit"], "Kari Lunde", "attr is the credit");
    assert_eq!(images[2]["credit"], "AFP");
    assert_eq!(
        images[1]["caption"],
        "Back to work. Sigrid Holmen walks along the Halden quay after the talks."
    );
    // The bundle's own image beside index.md, and the site's static/ folder for `/images/…`.
    assert_eq!(images[0]["file"]["status"], "found", "{:#}", images[0]);
    assert_eq!(
        images[1]["file"]["path"], "fixtures/markdown/hugo/static/images/quay.png",
        "{:#}",
        images[1]
    );
    let (report, _) = check_json(&["--fail-on", "never", "fixtures/markdown/jekyll"]);
    let doc = &documents(&report)[0];
    assert_eq!(doc["published"], "2024-03-05", "the date of the file name");
    let images = article_images(doc);
    assert_eq!(
        images[1]["caption"],
        "Councillor Hazel Pickup presents the bridge plans to the council in Settle.",
        "the italic line under the image"
    );
    assert_eq!(
        images[0]["caption"],
        "The River Wenning below the old mill in Settle."
    );
}

#[test]
fn sarif_regions_are_the_markdown_lines() {
    let out = capcheck()
        .args([
            "check",
            "--format",
            "sarif",
            "--fail-on",
            "never",
            "fixtures/markdown",
        ])
        .output()
        .expect("runs");
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let got: Vec<(String, u64, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                loc["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                loc["region"]["startLine"].as_u64().unwrap_or(0),
                loc["region"]["startColumn"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let want: Vec<(String, u64, u64)> = ARTICLES
        .iter()
        .map(|(p, l, c)| (format!("fixtures/markdown/{p}"), *l, *c))
        .collect();
    assert_eq!(got, want);
    // The line holds the caption a writer edits.
    for (path, line, _) in &want {
        let text = std::fs::read_to_string(root().join(path)).expect("fixture");
        let at = text.lines().nth(*line as usize - 1).unwrap_or_default();
        assert!(
            ["Ventresca", "Kamara", "Engelhardt", "Santangelo"]
                .iter()
                .any(|n| at.contains(n)),
            "{path}:{line}: {at}"
        );
    }
}

/// A copy of the Jekyll post with `edit` applied, in a scratch folder of its own.
fn edited_post(name: &str, edit: impl Fn(&str) -> String) -> std::path::PathBuf {
    let dir = scratch(name);
    let text = std::fs::read_to_string(
        root().join("fixtures/markdown/jekyll/_posts/2024-03-05-bridge-vote.md"),
    )
    .expect("fixture");
    std::fs::write(dir.join("2024-03-05-bridge-vote.md"), edit(&text)).expect("write");
    dir
}

#[test]
fn front_matter_and_comments_silence() {
    let dir = edited_post("md-front-ignore", |t| {
        t.replacen(
            "layout: post\n",
            "layout: post\ncapcheck-ignore: [caption-entity-mismatch]\n",
            1,
        )
    });
    let (report, code) = check_json(&[dir.to_str().expect("utf-8 path")]);
    let doc = &documents(&report)[0];
    assert_eq!(doc["findings"], serde_json::json!([]), "{doc:#}");
    assert_eq!(doc["suppressed"], 1, "{doc:#}");
    assert_eq!(code, 0);

    // A comment silences the figure right after it, not the others.
    let dir = edited_post("md-comment-ignore", |t| {
        t.replacen(
            "![Crowd at a rally]",
            "<!-- capcheck-ignore caption-entity-mismatch -->\n![Crowd at a rally]",
            1,
        )
    });
    let (report, code) = check_json(&[dir.to_str().expect("utf-8 path")]);
    let doc = &documents(&report)[0];
    assert_eq!(doc["findings"], serde_json::json!([]), "{doc:#}");
    assert_eq!(code, 0);
    let dir = edited_post("md-comment-elsewhere", |t| {
        t.replacen(
            "![The river at Settle]",
            "<!-- capcheck-ignore caption-entity-mismatch -->\n![The river at Settle]",
            1,
        )
    });
    let (_, code) = check_json(&[dir.to_str().expect("utf-8 path")]);
    assert_eq!(code, 1, "the moved-in caption is not the one silenced");
}

#[test]
fn a_readme_and_a_changelog_add_nothing() {
    let dir = scratch("md-no-article");
    for name in ["README.md", "CHANGELOG.md"] {
        std::fs::copy(root().join("fixtures/markdown").join(name), dir.join(name)).expect("copy");
    }
    let d = dir.to_str().expect("utf-8 path");
    let out = capcheck()
        .args(["check", "--color", "never", d])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        !text.contains("README") && !text.contains("no photos"),
        "{text}"
    );
    // Named on the command line, a file is reported as asked, with nothing found.
    let readme = dir.join("README.md");
    let (report, code) = check_json(&[readme.to_str().expect("utf-8 path")]);
    assert_eq!(documents(&report).len(), 1);
    assert_eq!(report["summary"]["findings"], 0);
    assert_eq!(code, 0);
}

#[test]
fn jsonl_and_html_reports_run() {
    let out = capcheck()
        .args([
            "check",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
            "fixtures/markdown",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(lines.len(), ARTICLES.len() + 1, "{text}");
    assert_eq!(lines[ARTICLES.len()]["summary"]["findings"], 4, "{text}");
    let out = capcheck()
        .args([
            "check",
            "--format",
            "html",
            "--fail-on",
            "never",
            "fixtures/markdown",
        ])
        .output()
        .expect("runs");
    let html = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for caption in [
        "Paulo Ventresca",
        "Idris Kamara",
        "Ruth Engelhardt",
        "Aurelio Santangelo",
    ] {
        assert!(html.contains(caption), "{caption} in the HTML report");
    }
}

#[test]
fn the_config_maps_other_extensions() {
    let dir = scratch("md-extensions");
    let text = std::fs::read_to_string(
        root().join("fixtures/markdown/docusaurus/docs/museum-reopening.md"),
    )
    .expect("fixture");
    std::fs::write(dir.join("museum.mdoc"), text).expect("write");
    std::fs::write(
        dir.join("capcheck.toml"),
        "[extensions]\nmdoc = \"markdown\"\n",
    )
    .expect("write");
    let config = dir.join("capcheck.toml");
    let (report, code) = check_json(&[
        "--config",
        config.to_str().expect("utf-8 path"),
        dir.to_str().expect("utf-8 path"),
    ]);
    let docs = documents(&report);
    assert_eq!(docs.len(), 1, "{report:#}");
    assert_eq!(docs[0]["title"], "Maritime museum reopens in Bergen");
    assert_eq!(article_images(&docs[0]).len(), 3);
    assert_eq!(code, 1);
}

#[test]
fn front_matter_on_standard_input_reads_as_markdown() {
    let text = std::fs::read_to_string(
        root().join("fixtures/markdown/jekyll/_posts/2024-03-05-bridge-vote.md"),
    )
    .expect("fixture");
    let out = capcheck()
        .args(["check", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let doc = &documents(&report)[0];
    assert_eq!(
        doc["title"],
        "Council approves new footbridge over the Wenning"
    );
    assert_eq!(article_images(doc).len(), 3, "{doc:#}");
    assert_eq!(out.status.code(), Some(1));
}
