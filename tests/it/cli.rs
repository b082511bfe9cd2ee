//! The command line as a user runs it: arguments, exit statuses, outputs, discovery, rules.
//! Nothing here depends on how well scoring judges a caption.

use crate::common::{capcheck, check_json, root, scratch};
use predicates::prelude::*;

#[test]
fn no_subcommand_is_a_usage_error() {
    capcheck()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Usage: capcheck"));
}

#[test]
fn check_without_paths_is_a_usage_error_with_help() {
    capcheck()
        .arg("check")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no PATH given"))
        .stderr(predicate::str::contains("capcheck check page.html"));
}

#[test]
fn unknown_format_is_a_usage_error() {
    capcheck()
        .args(["check", "--format", "yaml", "fixtures"])
        .assert()
        .code(2);
}

#[test]
fn missing_rules_dir_is_a_usage_error() {
    capcheck()
        .args([
            "check",
            "--rules",
            "no/such/rules-dir",
            "fixtures/nothing-to-check.html",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/rules-dir"));
}

#[test]
fn missing_file_exits_2_after_writing_the_full_report() {
    let (report, code) = check_json(&[
        "fixtures/nothing-to-check.html",
        "fixtures/no-such-page.html",
    ]);
    assert_eq!(code, 2);
    let docs = report["documents"].as_array().expect("documents");
    assert_eq!(
        docs.len(),
        2,
        "the readable document is still reported: {report:#}"
    );
    assert_eq!(docs[0]["path"], "fixtures/nothing-to-check.html");
    assert_eq!(docs[0]["error"], serde_json::Value::Null);
    assert_eq!(docs[1]["path"], "fixtures/no-such-page.html");
    assert_eq!(
        docs[1]["error"],
        "no such file or directory: fixtures/no-such-page.html"
    );
    assert_eq!(report["summary"]["documents"], 2);
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn unreadable_input_wins_over_fail_on_never() {
    let (_, code) = check_json(&["--fail-on", "never", "fixtures/no-such-page.html"]);
    assert_eq!(code, 2);
}

#[test]
fn missing_file_in_text_reads_path_error_message() {
    capcheck()
        .args(["check", "--color", "never", "fixtures/no-such-page.html"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "fixtures/no-such-page.html: error: no such file or directory: fixtures/no-such-page.html",
        ))
        .stdout(predicate::str::ends_with(
            "1 document, 0 photos, 0 findings (0 errors, 0 warnings), 1 document unreadable\n",
        ));
}

#[test]
fn output_file_gets_the_report_and_no_colour() {
    let dir = scratch("output-file");
    let out = dir.join("report.json");
    capcheck()
        .args(["check", "--format", "json", "--color", "always", "-o"])
        .arg(&out)
        .arg("fixtures/nothing-to-check.html")
        .assert()
        .code(0)
        .stdout("");
    let text = std::fs::read_to_string(&out).expect("report written");
    let report: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        report["documents"][0]["path"],
        "fixtures/nothing-to-check.html"
    );

    let out = dir.join("report.txt");
    capcheck()
        .args(["check", "--color", "always", "--output"])
        .arg(&out)
        .arg("fixtures/nothing-to-check.html")
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&out).expect("report written");
    assert!(text.contains("fixtures/nothing-to-check.html"), "{text}");
    assert!(!text.contains('\x1b'), "no ANSI codes in files: {text:?}");
}

#[test]
fn unwritable_output_is_an_error() {
    capcheck()
        .args([
            "check",
            "-o",
            "no/such/dir/report.json",
            "fixtures/nothing-to-check.html",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot write no/such/dir/report.json",
        ));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let coloured = capcheck()
        .args([
            "check",
            "--color",
            "always",
            "fixtures/nothing-to-check.html",
        ])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\x1b'));
    for args in [&["--color", "never"][..], &["--color", "auto"][..], &[][..]] {
        let out = capcheck()
            .arg("check")
            .args(args)
            .arg("fixtures/nothing-to-check.html")
            .output()
            .expect("runs");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains('\x1b'),
            "{args:?}: not a terminal"
        );
    }
    let out = capcheck()
        .env("NO_COLOR", "1")
        .args(["check", "--color", "auto", "fixtures/nothing-to-check.html"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn json_is_never_coloured() {
    let out = capcheck()
        .args([
            "check",
            "--format",
            "json",
            "--color",
            "always",
            "fixtures/nothing-to-check.html",
        ])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn stdin_is_read_for_dash() {
    let page = std::fs::read(root().join("fixtures/nothing-to-check.html")).expect("fixture");
    let out = capcheck()
        .args(["check", "--format", "json", "-"])
        .write_stdin(page)
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["documents"][0]["path"], "-");
    assert_eq!(report["documents"][0]["error"], serde_json::Value::Null);
    assert_eq!(out.status.code(), Some(0));
}

/// All fixture files, as the walk should report them: sorted, with `/` separators. Markdown
/// files without front matter (the README and changelog of fixtures/markdown) are no articles
/// and are left out.
fn fixture_ids() -> Vec<String> {
    fn walk(dir: &std::path::Path, rel: &str, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("fixtures/").flatten() {
            let Some(n) = e.file_name().to_str().map(str::to_string) else {
                continue;
            };
            let id = format!("{rel}/{n}");
            if n.starts_with('.') {
                continue;
            }
            if e.path().is_dir() {
                walk(&e.path(), &id, out);
            } else if n.ends_with(".html") || n.ends_with(".txt") {
                out.push(id);
            } else if n.ends_with(".md") || n.ends_with(".mdx") {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                if text.starts_with("---") || text.starts_with("+++") {
                    out.push(id);
                }
            }
        }
    }
    let mut ids = Vec::new();
    walk(&root().join("fixtures"), "fixtures", &mut ids);
    ids.sort();
    ids
}

fn paths(report: &serde_json::Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["path"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn directory_scan_is_sorted_and_ids_join_the_given_path() {
    let want = fixture_ids();
    assert!(want.len() >= 10, "fixtures present: {want:?}");
    let (with_slash, _) = check_json(&["--fail-on", "never", "fixtures/"]);
    let (without, _) = check_json(&["--fail-on", "never", "fixtures"]);
    assert_eq!(paths(&with_slash), want);
    assert_eq!(paths(&without), want);
}

#[test]
fn parallel_and_serial_runs_agree() {
    let serial = capcheck()
        .args(["check", "--format", "json", "-j", "1", "fixtures"])
        .output()
        .expect("runs");
    let parallel = capcheck()
        .args(["check", "--format", "json", "-j", "4", "fixtures"])
        .output()
        .expect("runs");
    assert_eq!(serial.stdout, parallel.stdout);
    assert_eq!(serial.status.code(), parallel.status.code());
}

fn write(path: &std::path::Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

#[test]
fn directory_walk_filters() {
    let dir = scratch("walk-filters");
    let page = "<html><head><title>t</title></head><body><p>text</p></body></html>";
    write(&dir.join("b.html"), page);
    write(&dir.join("A.HTM"), page);
    write(&dir.join("sub/c.xhtml"), page);
    write(&dir.join("sub/d.txt"), "A headline\n\nSome text.\n");
    write(&dir.join("photo.jpg"), "not a page");
    write(&dir.join(".hidden.html"), page);
    write(&dir.join(".cache/e.html"), page);
    // A .gitignore is honoured only inside a git repository: mark the scratch dir as one.
    std::fs::create_dir_all(dir.join(".git")).expect("mkdir .git");
    write(&dir.join(".gitignore"), "ignored/\n");
    write(&dir.join("ignored/f.html"), page);

    let root_arg = dir.to_string_lossy().into_owned();
    let (report, code) = check_json(&["--fail-on", "never", &root_arg]);
    assert_eq!(code, 0, "{report:#}");
    let want: Vec<String> = ["A.HTM", "b.html", "sub/c.xhtml", "sub/d.txt"]
        .iter()
        .map(|r| format!("{root_arg}/{r}"))
        .collect();
    assert_eq!(paths(&report), want);
}

#[cfg(unix)]
#[test]
fn directory_walk_does_not_follow_symlinks_out_of_the_root() {
    let outside = scratch("walk-symlink-outside");
    write(
        &outside.join("secret.html"),
        "<html><body><p>outside</p></body></html>",
    );
    let dir = scratch("walk-symlink-root");
    write(
        &dir.join("inside.html"),
        "<html><body><p>inside</p></body></html>",
    );
    std::os::unix::fs::symlink(&outside, dir.join("linked-dir")).expect("symlink dir");
    std::os::unix::fs::symlink(outside.join("secret.html"), dir.join("linked.html"))
        .expect("symlink file");

    let root_arg = dir.to_string_lossy().into_owned();
    let (report, _) = check_json(&[&root_arg]);
    assert_eq!(paths(&report), vec![format!("{root_arg}/inside.html")]);
}

#[test]
fn rules_lists_every_rule_with_severity() {
    capcheck()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("caption-entity-mismatch")
                .and(predicate::str::contains("error")),
        )
        .stdout(predicate::str::contains("caption-date-after-publication"))
        .stdout(predicate::str::is_match(r"caption-stale-date\s+warning\s+").expect("regex"));
}

#[test]
fn rules_id_prints_the_doc() {
    capcheck()
        .args(["rules", "caption-entity-mismatch"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# caption-entity-mismatch"))
        .stdout(predicate::str::contains("## Example"))
        .stdout(predicate::str::contains(
            "data-capcheck-ignore=\"caption-entity-mismatch\"",
        ))
        .stdout(predicate::str::contains("--fail-on never"));
}

#[test]
fn unknown_rule_is_a_usage_error_listing_the_ids() {
    capcheck()
        .args(["rules", "caption-nonsense"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no rule named 'caption-nonsense'"))
        .stderr(predicate::str::contains(
            "caption-entity-mismatch, caption-date-after-publication, caption-stale-date",
        ));
}

#[test]
fn version_and_help_exit_0() {
    capcheck()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
    capcheck()
        .args(["check", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--fail-on"))
        .stdout(predicate::str::contains("--format"));
}

#[test]
fn the_pages_own_address_is_url_in_json_and_a_link_in_html() {
    let (report, _) = check_json(&["fixtures/photos-beside-page.html"]);
    let doc = &report["documents"][0];
    assert_eq!(
        doc["url"],
        "https://coastline.example/2024/06/night-ferry-kessby"
    );
    // Written only when known: a page that declares no address has no `url` key.
    let (report, _) = check_json(&["fixtures/seed-shape.html"]);
    assert!(report["documents"][0].get("url").is_none(), "{report:#}");
    capcheck()
        .args([
            "check",
            "--format",
            "html",
            "fixtures/photos-beside-page.html",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "<a href=\"https://coastline.example/2024/06/night-ferry-kessby\" rel=\"noreferrer\">",
        ));
}

#[test]
fn html_embeds_local_thumbnails_and_loads_web_images_only_when_asked() {
    let page = "fixtures/photos-beside-page.html";
    let strict =
        "content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:\"";
    let out = capcheck()
        .args(["check", "--format", "html", page])
        .output()
        .expect("runs");
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains(strict), "the default CSP loads nothing");
    assert_eq!(
        html.matches("<img src=\"data:image/").count(),
        2,
        "two local photos"
    );
    assert!(!html.contains("<img src=\"https:"));
    assert!(html.contains("Web image, not loaded"));
    assert!(html.contains("3 photos without caption"));
    // JSON never carries the thumbnails, and other formats do not make them.
    let json = capcheck()
        .args(["check", "--format", "json", page])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&json.stdout).contains("thumbnail"));

    for how in [
        vec!["--report-images", "remote"],
        vec!["--config", "capcheck-remote.toml"],
    ] {
        let dir = scratch("report-images");
        std::fs::write(
            dir.join("capcheck-remote.toml"),
            "report-images = \"remote\"\n",
        )
        .expect("write config");
        let out = capcheck()
            .current_dir(&dir)
            .args(["check", "--format", "html"])
            .args(&how)
            .arg(root().join(page))
            .output()
            .expect("runs");
        let html = String::from_utf8_lossy(&out.stdout);
        assert!(
            html.contains("img-src data: https:\""),
            "{how:?}: the CSP allows web images"
        );
        assert!(
            html.contains("<img src=\"https://images.coastline.example/2024/06/ferry-deck.jpg\""),
            "{how:?}"
        );
        assert!(
            html.contains("--report-images remote"),
            "{how:?}: the header says so"
        );
        assert_eq!(html.matches("<img src=\"data:image/").count(), 2, "{how:?}");
    }
    capcheck()
        .args(["check", "--report-images", "everything", page])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("local"));
}

/// What stops a run before or after its documents is said on one stderr line, in the same
/// words whichever stage it comes from (config, rules, baseline, report, archive), with exit 2.
#[test]
fn errors_of_every_stage_are_said_in_their_own_words_with_exit_2() {
    let dir = scratch("cli-stage-errors");
    let page = root().join("fixtures/nothing-to-check.html");
    let page = page.to_str().expect("UTF-8 path");
    std::fs::create_dir_all(dir.join("empty-rules")).expect("mkdir");
    std::fs::create_dir_all(dir.join("a-folder.toml")).expect("mkdir");
    std::fs::write(dir.join("unclosed.toml"), "include = [\n").expect("write");
    std::fs::write(
        dir.join("newer.json"),
        "{\"version\": 99, \"findings\": []}",
    )
    .expect("write");
    // A record whose content encoding (brotli) capcheck does not decode.
    let body =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n<html></html>";
    let mut warc = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.test/a\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    warc.extend_from_slice(body);
    warc.extend_from_slice(b"\r\n\r\n");
    std::fs::write(dir.join("brotli.warc"), warc).expect("write");
    let no_dir = "no/such/dir";
    for (args, said) in [
        (
            vec!["--config", "missing.toml", page],
            "error: cannot read the config missing.toml: No such file or directory (os error 2)"
                .to_string(),
        ),
        (
            vec!["--config", "a-folder.toml", page],
            "error: cannot read the config a-folder.toml: not a regular file".into(),
        ),
        (
            vec!["--config", "unclosed.toml", page],
            "error: in the config unclosed.toml: line 1: unclosed array, expected `]`".into(),
        ),
        (
            vec!["--rules", "empty-rules", page],
            "error: rules directory empty-rules holds none of the rule files (places.tsv, ".into(),
        ),
        (
            vec!["--baseline", "newer.json", page],
            "error: the baseline newer.json has version 99; this capcheck reads up to 1".into(),
        ),
        (
            vec!["--write-baseline", "no/such/dir/b.json", page],
            format!("error: cannot write the baseline {no_dir}/b.json: No such file or directory"),
        ),
        (
            vec![
                "--format",
                "jsonl",
                "--write-baseline",
                "no/such/dir/b.json",
                page,
            ],
            format!("error: cannot write the baseline {no_dir}/b.json: No such file or directory"),
        ),
        (
            vec!["--format", "jsonl", "-o", "no/such/dir/r.jsonl", page],
            format!("error: cannot write {no_dir}/r.jsonl: No such file or directory"),
        ),
        (
            vec!["--format", "json", "brotli.warc"],
            "error: brotli.warc#http://example.test/a: content encoding 'br' is not supported"
                .into(),
        ),
        (
            vec!["--format", "json", "--max-bytes", "100", page],
            format!("error: {page}: document is "),
        ),
        (
            vec!["--format", "json", "no-such-page.html"],
            "error: no such file or directory: no-such-page.html\n".into(),
        ),
        (
            vec!["--max-bytes", "lots", page],
            "error: invalid value 'lots' for '--max-bytes <SIZE>': not a size: \"lots\" \
             (try 64M, 512K or 1G)"
                .into(),
        ),
    ] {
        let out = capcheck()
            .current_dir(&dir)
            .arg("check")
            .args(&args)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with(&said),
            "{args:?}:\n{stderr}\nwanted: {said}"
        );
    }
}
