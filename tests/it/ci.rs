//! CI use: exit statuses in every mode, inline suppression, the config file, baselines.
//! Each feature's test fails without it: the pages used raise findings when nothing silences them.

use std::path::{Path, PathBuf};

use crate::common::{capcheck, root, scratch};
use predicates::prelude::*;
use serde_json::Value;

const MISMATCH: &str = "fixtures/entity-mismatch-fires.html";
const STALE: &str = "fixtures/stale-date-fires.html";
const QUIET: &str = "fixtures/nothing-to-check.html";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).expect("fixture")
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// Runs `capcheck check --format json ARGS…` in `dir`; the report and the exit status.
fn json_in(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = capcheck()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.code().expect("exit code"))
}

fn paths(report: &Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["path"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn findings(report: &Value) -> u64 {
    report["summary"]["findings"].as_u64().expect("findings")
}

fn suppressed(report: &Value) -> u64 {
    report["summary"]["suppressed"].as_u64().unwrap_or(0)
}

/// A site with two pages raising errors (one under `old/`), one warning page and one quiet page.
fn site(name: &str) -> PathBuf {
    let dir = scratch(name);
    write(&dir.join("site/a.html"), &fixture(MISMATCH));
    write(&dir.join("site/old/b.html"), &fixture(MISMATCH));
    write(&dir.join("site/drafts/c.html"), &fixture(STALE));
    write(&dir.join("site/quiet.html"), &fixture(QUIET));
    dir
}

#[test]
fn exit_statuses_in_every_format() {
    for format in ["text", "json", "jsonl"] {
        let code = |args: &[&str]| {
            capcheck()
                .args(["check", "--format", format])
                .args(args)
                .output()
                .expect("runs")
                .status
                .code()
        };
        assert_eq!(code(&[QUIET]), Some(0), "{format}: nothing found");
        assert_eq!(code(&[MISMATCH]), Some(1), "{format}: an error");
        assert_eq!(code(&["--fail-on", "never", MISMATCH]), Some(0), "{format}");
        assert_eq!(
            code(&[STALE]),
            Some(0),
            "{format}: a warning is below error"
        );
        assert_eq!(code(&["--fail-on", "warning", STALE]), Some(1), "{format}");
        assert_eq!(
            code(&[QUIET, "fixtures/no-such.html"]),
            Some(2),
            "{format}: unreadable"
        );
        assert_eq!(
            code(&["--fail-on", "never", "fixtures/no-such.html"]),
            Some(2),
            "{format}"
        );
        assert_eq!(
            code(&["--baseline", "no/such/baseline.json", QUIET]),
            Some(2),
            "{format}"
        );
        assert_eq!(
            code(&["--config", "no/such/capcheck.toml", QUIET]),
            Some(2),
            "{format}"
        );
    }
}

#[test]
fn inline_attribute_suppresses_and_counts() {
    let dir = scratch("inline-attr");
    let page = fixture(MISMATCH);
    write(&dir.join("plain.html"), &page);
    write(
        &dir.join("named.html"),
        &page.replacen(
            "<figure>",
            "<figure data-capcheck-ignore=\"caption-entity-mismatch\">",
            1,
        ),
    );
    write(
        &dir.join("bare.html"),
        &page.replacen("<figure>", "<figure data-capcheck-ignore>", 1),
    );
    write(
        &dir.join("other.html"),
        &page.replacen(
            "<figure>",
            "<figure data-capcheck-ignore=\"caption-stale-date\">",
            1,
        ),
    );

    let (plain, code) = json_in(&dir, &["plain.html"]);
    assert_eq!(
        (findings(&plain), suppressed(&plain), code),
        (1, 0, 1),
        "the page fires unsilenced"
    );
    for name in ["named.html", "bare.html"] {
        let (report, code) = json_in(&dir, &[name]);
        assert_eq!(findings(&report), 0, "{name}: {report:#}");
        assert_eq!(suppressed(&report), 1, "{name}: counted");
        assert_eq!(
            report["documents"][0]["suppressed"], 1,
            "{name}: per document"
        );
        assert_eq!(code, 0, "{name}: suppressed findings do not fail the run");
    }
    let (other, code) = json_in(&dir, &["other.html"]);
    assert_eq!(
        (findings(&other), code),
        (1, 1),
        "another rule's ignore does not silence this one"
    );

    capcheck()
        .current_dir(&dir)
        .args(["check", "--color", "never", "named.html"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("0 findings").and(predicate::str::contains("1 suppressed")),
        );
}

#[test]
fn inline_comment_suppresses_and_counts() {
    let dir = scratch("inline-comment");
    let page = fixture(MISMATCH);
    write(
        &dir.join("named.html"),
        &page.replacen(
            "<body>",
            "<body><!-- capcheck-ignore caption-entity-mismatch -->",
            1,
        ),
    );
    write(
        &dir.join("all.html"),
        &page.replacen("<body>", "<body><!-- capcheck-ignore -->", 1),
    );
    write(
        &dir.join("other.html"),
        &page.replacen(
            "<body>",
            "<body><!-- capcheck-ignore caption-stale-date -->",
            1,
        ),
    );
    for name in ["named.html", "all.html"] {
        let (report, code) = json_in(&dir, &[name]);
        assert_eq!(
            (findings(&report), suppressed(&report), code),
            (0, 1, 0),
            "{name}: {report:#}"
        );
    }
    let (other, code) = json_in(&dir, &["other.html"]);
    assert_eq!((findings(&other), suppressed(&other), code), (1, 0, 1));
}

#[test]
fn config_include_and_exclude_filter_the_walk() {
    let dir = site("config-filter");
    let (all, _) = json_in(&dir, &["site"]);
    assert_eq!(paths(&all).len(), 4);

    write(
        &dir.join("capcheck.toml"),
        "exclude = [\"site/drafts/**\"]\n",
    );
    let (report, _) = json_in(&dir, &["site"]);
    assert_eq!(
        paths(&report),
        ["site/a.html", "site/old/b.html", "site/quiet.html"]
    );

    write(
        &dir.join("capcheck.toml"),
        "include = [\"site/*.html\"]\nexclude = [\"**/quiet.html\"]\n",
    );
    let (report, _) = json_in(&dir, &["site"]);
    assert_eq!(
        paths(&report),
        ["site/a.html"],
        "`*` stays inside one folder"
    );

    // A file named on the command line is checked even when excluded: the user asked for it.
    let (report, _) = json_in(&dir, &["site/quiet.html"]);
    assert_eq!(paths(&report), ["site/quiet.html"]);
}

#[test]
fn config_fail_on_and_the_flag_wins() {
    let dir = site("config-fail-on");
    let (_, code) = json_in(&dir, &["site/drafts"]);
    assert_eq!(code, 0, "a warning does not fail by default");
    write(&dir.join("capcheck.toml"), "fail-on = \"warning\"\n");
    let (_, code) = json_in(&dir, &["site/drafts"]);
    assert_eq!(code, 1, "the config's fail-on");
    let (_, code) = json_in(&dir, &["--fail-on", "error", "site/drafts"]);
    assert_eq!(code, 0, "the flag wins over the config");
    let (_, code) = json_in(
        &dir,
        &["--no-config", "--fail-on", "warning", "site/drafts"],
    );
    assert_eq!(code, 1);
}

#[test]
fn config_disable_and_per_path_ignore() {
    let dir = site("config-disable");
    let (before, code) = json_in(&dir, &["site"]);
    assert_eq!((findings(&before), code), (3, 1), "{before:#}");

    write(
        &dir.join("capcheck.toml"),
        "disable = [\"caption-entity-mismatch\"]\n",
    );
    let (report, code) = json_in(&dir, &["site"]);
    assert_eq!(
        (findings(&report), suppressed(&report), code),
        (1, 2, 0),
        "{report:#}"
    );

    write(
        &dir.join("capcheck.toml"),
        "[[ignore]]\npath = \"site/old/**\"\nrules = [\"caption-entity-mismatch\"]\n\n[[ignore]]\npath = \"site/drafts/*.html\"\n",
    );
    let (report, code) = json_in(&dir, &["site"]);
    let with_findings: Vec<&str> = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter(|d| !d["findings"].as_array().expect("findings").is_empty())
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert_eq!(with_findings, ["site/a.html"], "{report:#}");
    assert_eq!((suppressed(&report), code), (2, 1));
}

/// A config mistake is a usage error naming the file and the line, never what the line holds
/// (the file may be a link to a secret, and CI logs keep stderr).
#[test]
fn config_unknown_key_is_a_usage_error_naming_its_line() {
    let dir = site("config-unknown");
    write(
        &dir.join("capcheck.toml"),
        "fail-on = \"error\"\nexlude = [\"x\"]\n",
    );
    capcheck()
        .current_dir(&dir)
        .args(["check", "site"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("capcheck.toml")
                .and(predicate::str::contains("line 2: unknown field"))
                .and(predicate::str::contains("`exclude`"))
                .and(predicate::str::contains("exlude").not()),
        );
    write(
        &dir.join("capcheck.toml"),
        "[[ignore]]\npath = \"x\"\nrule = [\"caption-stale-date\"]\n",
    );
    capcheck()
        .current_dir(&dir)
        .args(["check", "site"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3: unknown field"));
    write(
        &dir.join("capcheck.toml"),
        "disable = [\"caption-nonsense\"]\n",
    );
    capcheck()
        .current_dir(&dir)
        .args(["check", "site"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("line 1: disable holds a name that is no rule")
                .and(predicate::str::contains("caption-nonsense").not()),
        );
}

/// Rules files and configs that are wrong are reported by file and line, and nothing of what
/// they hold reaches stderr: a token standing where a value, a name or a kind belongs stays
/// unsaid.
#[test]
fn errors_in_rules_files_and_configs_never_quote_them() {
    let dir = scratch("ci-rules-errors-quiet");
    write(&dir.join("site/a.html"), &fixture(QUIET));
    let token = "tok3n-Zq81";
    let cases = [
        (
            "r/scoring.tsv",
            format!("bias -1\nthreshold {token}\n"),
            "scoring.tsv line 2",
        ),
        (
            "r/scoring.tsv",
            format!("# x\n{token} 1\n"),
            "scoring.tsv line 2",
        ),
        (
            "r/scoring.tsv",
            "bias 1e9\n".to_string(),
            "scoring.tsv line 1",
        ),
        (
            "r/scoring.tsv",
            format!("bias 1 {token}\n"),
            "scoring.tsv line 1",
        ),
        (
            "r/places.tsv",
            format!("Ostvik\t{token}\n"),
            "places.tsv line 1",
        ),
        (
            "r/places.tsv",
            format!("# x\nOstvik\tcity\t{token}\n"),
            "places.tsv line 2",
        ),
        (
            "capcheck.toml",
            format!("rules = \"r\"\n{token} = 1\n"),
            "line 2",
        ),
        (
            "capcheck.toml",
            format!("fail-on = \"{token}\"\n"),
            "line 1",
        ),
        (
            "capcheck.toml",
            format!("[[ignore]]\npath = \"[{token}\"\n"),
            "line 2",
        ),
        ("capcheck.toml", format!("max-bytes = {token}\n"), "line 1"),
    ];
    for (file, text, said) in cases {
        let _ = std::fs::remove_dir_all(dir.join("r"));
        write(&dir.join("r/not-names.txt"), "# nothing\n");
        write(&dir.join("capcheck.toml"), "rules = \"r\"\n");
        write(&dir.join(file), &text);
        let (code, out, err) = run_in(&dir, &["site"], "");
        assert_eq!(code, 2, "{file}: {text}: {err}");
        assert!(err.contains(said), "{file}: {text}: {err}");
        assert!(
            !err.contains(token) && !out.contains(token) && !err.contains("1e9"),
            "{file}: {text}: {err}"
        );
    }
}

#[test]
fn config_is_found_in_a_parent_directory_or_named() {
    let dir = site("config-parent");
    write(
        &dir.join("capcheck.toml"),
        "disable = [\"caption-entity-mismatch\"]\n",
    );
    let deep = dir.join("site/old");
    let (report, code) = json_in(&deep, &["b.html"]);
    assert_eq!(
        (findings(&report), suppressed(&report), code),
        (0, 1, 0),
        "found two levels up"
    );
    let (report, code) = json_in(&deep, &["--no-config", "b.html"]);
    assert_eq!((findings(&report), code), (1, 1), "--no-config ignores it");

    let elsewhere = scratch("config-named");
    write(&elsewhere.join("strict.toml"), "fail-on = \"never\"\n");
    let named = elsewhere.join("strict.toml");
    let (report, code) = json_in(
        &deep,
        &["--config", named.to_str().expect("utf-8"), "b.html"],
    );
    assert_eq!(
        (findings(&report), code),
        (1, 0),
        "the named file replaces the found one"
    );
}

#[test]
fn config_rules_dir_is_relative_to_the_config() {
    let dir = site("config-rules");
    write(&dir.join("capcheck.toml"), "rules = \"my-rules\"\n");
    capcheck()
        .current_dir(dir.join("site"))
        .args(["check", "a.html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("my-rules"));
    write(&dir.join("my-rules/not-names.txt"), "# nothing to add\n");
    let (_, code) = json_in(&dir.join("site"), &["a.html"]);
    assert_eq!(
        code, 1,
        "an extra rules dir that adds nothing changes nothing"
    );
}

#[test]
fn baseline_hides_known_findings_and_reports_new_ones() {
    let dir = site("baseline");
    let base = dir.join("baseline.json");
    let base_arg = base.to_str().expect("utf-8").to_string();
    let (first, code) = json_in(&dir, &["--write-baseline", &base_arg, "site"]);
    assert_eq!(
        (findings(&first), code),
        (3, 1),
        "writing a baseline does not hide anything"
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&base).expect("written")).expect("JSON");
    let entries = written["findings"].as_array().expect("findings");
    assert_eq!(entries.len(), 3, "{written:#}");
    assert_eq!(entries[0]["path"], "site/a.html");
    assert_eq!(entries[0]["src"], "lead.jpg");
    assert_eq!(entries[0]["rule"], "caption-entity-mismatch");
    assert!(entries[0]["caption"]
        .as_str()
        .is_some_and(|c| c.starts_with("senator maren oduya (l) speaks")));
    assert!(entries[0]["fingerprint"]
        .as_str()
        .is_some_and(|f| f.len() == 16));

    let (again, code) = json_in(&dir, &["--baseline", &base_arg, "site"]);
    assert_eq!(
        (findings(&again), suppressed(&again), code),
        (0, 3, 0),
        "{again:#}"
    );

    // A new page with the same finding is new: matched by fingerprint, not by counts.
    std::fs::remove_file(dir.join("site/old/b.html")).expect("rm");
    write(&dir.join("site/new.html"), &fixture(MISMATCH));
    let (report, code) = json_in(&dir, &["--baseline", &base_arg, "site"]);
    assert_eq!(findings(&report), 1);
    let new = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["path"] == "site/new.html")
        .expect("the new page");
    assert_eq!(
        new["findings"][0]["rule"], "caption-entity-mismatch",
        "{report:#}"
    );
    assert_eq!(code, 1);

    // Whitespace and case in the caption do not matter; its words do.
    let page = fixture(MISMATCH);
    write(
        &dir.join("site/a.html"),
        &page.replace(
            "Senator Maren Oduya (L) speaks",
            "SENATOR   Maren Oduya (L)\n speaks",
        ),
    );
    let (report, _) = json_in(&dir, &["--baseline", &base_arg, "site/a.html"]);
    assert_eq!(findings(&report), 0, "{report:#}");
    write(
        &dir.join("site/a.html"),
        &page.replace("Mayor Felix Brandt", "Mayor Felix Brandtner"),
    );
    let (report, _) = json_in(&dir, &["--baseline", &base_arg, "site/a.html"]);
    assert_eq!(findings(&report), 1, "a changed caption is a new finding");

    capcheck()
        .current_dir(&dir)
        .args([
            "check",
            "--color",
            "never",
            "--baseline",
            &base_arg,
            "site/drafts",
            "site/quiet.html",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with(
            "(0 errors, 0 warnings), 0 documents unreadable, 1 suppressed\n",
        ));
}

#[test]
fn baseline_is_deterministic_and_not_json_is_an_error() {
    let dir = site("baseline-stable");
    let one = dir.join("one.json");
    let two = dir.join("two.json");
    for (file, jobs) in [(&one, "1"), (&two, "2")] {
        json_in(
            &dir,
            &[
                "-j",
                jobs,
                "--write-baseline",
                file.to_str().expect("utf-8"),
                "site",
            ],
        );
    }
    assert_eq!(
        std::fs::read(&one).expect("one"),
        std::fs::read(&two).expect("two")
    );

    write(&dir.join("bad.json"), "{\"not\": \"a baseline\"}");
    capcheck()
        .current_dir(&dir)
        .args(["check", "--baseline", "bad.json", "site"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json"));
}

#[test]
fn no_progress_line_when_stderr_is_not_a_terminal() {
    let out = capcheck()
        .args([
            "check", "--format", "json", "fixtures", "fixtures", "fixtures",
        ])
        .output()
        .expect("runs");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `capcheck check ARGS…` in `dir` with `stdin`; exit status, stdout and stderr.
fn run_in(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = capcheck()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_scan_of_nothing_fails_unless_allowed() {
    let dir = scratch("ci-nothing");
    std::fs::create_dir_all(dir.join("empty")).expect("mkdir");
    // An empty folder, and a config whose include matches nothing.
    let (code, _, err) = run_in(&dir, &["--no-config", "empty"], "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no document to check in empty"), "{err}");
    let (code, _, _) = run_in(&dir, &["--no-config", "--allow-empty", "empty"], "");
    assert_eq!(code, 0);
    write(&dir.join("site/a.html"), &fixture(QUIET));
    write(&dir.join("capcheck.toml"), "include = [\"pages/**\"]\n");
    let (code, _, err) = run_in(&dir, &["site"], "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("include/exclude"), "{err}");
    // Empty standard input: the command before the pipe failed.
    for input in ["", " \n\t\n"] {
        let (code, _, err) = run_in(&dir, &["--no-config", "--format", "json", "-"], input);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("standard input is empty"), "{err}");
    }
    let (code, _, _) = run_in(&dir, &["--no-config", "--allow-empty", "-"], "");
    assert_eq!(code, 0);
}

#[test]
fn an_unreadable_page_is_said_on_stderr_whatever_the_format() {
    let dir = scratch("ci-unreadable");
    for format in ["json", "jsonl", "sarif", "html", "text"] {
        let (code, _, err) = run_in(
            &dir,
            &[
                "--no-config",
                "--format",
                format,
                "-o",
                "r.out",
                "nope.html",
            ],
            "",
        );
        assert_eq!(code, 2, "{format}");
        assert!(
            err.contains("error: no such file or directory: nope.html\n"),
            "{format}: {err}"
        );
    }
    // Standard input's `-` occurs in the limit's message (`--max-bytes`) without naming it.
    let (code, _, err) = run_in(
        &dir,
        &["--no-config", "--max-bytes", "10", "--format", "json", "-"],
        "<p>more than ten bytes of page</p>",
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("error: -: document is over the 10 bytes limit"),
        "{err}"
    );
}

#[test]
fn the_report_never_overwrites_a_page_nor_is_read_as_one() {
    let dir = scratch("ci-output");
    write(&dir.join("site/a.html"), &fixture(STALE));
    let (code, _, err) = run_in(&dir, &["--no-config", "site", "-o", "site/a.html"], "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a document of this scan"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("site/a.html")).expect("page"),
        fixture(STALE)
    );
    // A report written into the scanned folder is not a page of the next scan.
    let (code, _, _) = run_in(
        &dir,
        &[
            "--no-config",
            "--fail-on",
            "never",
            "site",
            "--format",
            "html",
            "-o",
            "site/report.html",
        ],
        "",
    );
    assert_eq!(code, 0);
    let (report, _) = json_in(&dir, &["--no-config", "--fail-on", "never", "site"]);
    assert_eq!(paths(&report), ["site/a.html"]);
}

/// The same page under another name (a link, a path through `..`) is still the page.
#[cfg(unix)]
#[test]
fn the_report_never_overwrites_a_page_named_another_way() {
    let dir = scratch("ci-output-link");
    write(&dir.join("site/a.html"), &fixture(STALE));
    std::os::unix::fs::symlink(dir.join("site/a.html"), dir.join("link.html")).expect("link");
    for out in ["link.html", "site/../site/a.html"] {
        let (code, _, err) = run_in(&dir, &["--no-config", "site", "-o", out], "");
        assert_eq!(code, 2, "{out}: {err}");
        assert!(err.contains("is a document of this scan"), "{out}: {err}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("site/a.html")).expect("page"),
        fixture(STALE)
    );
}

#[test]
fn absurd_job_counts_are_capped_with_a_warning() {
    let (code, out, err) = run_in(root(), &["--no-config", "-j", "100000", QUIET], "");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: -j 100000 is more than"), "{err}");
    assert!(out.contains("1 document"), "{out}");
}

#[test]
fn terminal_escapes_in_file_names_are_not_printed() {
    let dir = scratch("ci-escapes");
    let name = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}lmth.html";
    write(&dir.join(name), &fixture(STALE));
    let (_, out, err) = run_in(&dir, &["--no-config", "."], "");
    for text in [&out, &err] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{text:?}"
        );
    }
    assert!(out.contains("]0;owned"), "{out:?}");
    let (_, _, err) = run_in(
        &dir,
        &["--no-config", "--format", "json", "missing\u{1b}[2J.html"],
        "",
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn a_baseline_matches_from_any_folder_and_warns_when_nothing_matches() {
    let dir = scratch("ci-baseline-anywhere");
    write(&dir.join("site/a.html"), &fixture(MISMATCH));
    write(&dir.join("site/deep/b.html"), &fixture(STALE));
    let (code, _, err) = run_in(
        &dir,
        &[
            "--no-config",
            "site",
            "--write-baseline",
            "capcheck-baseline.json",
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    let written = std::fs::read_to_string(dir.join("capcheck-baseline.json")).expect("written");
    assert!(written.contains("\"site/deep/b.html\""), "{written}");
    // From a subfolder, and with an absolute path: the same findings are known.
    let abs = dir.join("site");
    let abs = abs.to_str().expect("utf-8 path");
    for (cwd, target, baseline) in [
        (dir.join("site"), ".", "../capcheck-baseline.json"),
        (dir.join("site/deep"), "..", "../../capcheck-baseline.json"),
        (dir.clone(), abs, "capcheck-baseline.json"),
    ] {
        let (report, code) = json_in(&cwd, &["--no-config", target, "--baseline", baseline]);
        assert_eq!(
            (findings(&report), suppressed(&report), code),
            (0, 2, 0),
            "{cwd:?}"
        );
    }
    // A baseline of other pages: every finding is new, and the user is told.
    write(&dir.join("other/c.html"), &fixture(MISMATCH));
    let (code, _, err) = run_in(
        &dir,
        &[
            "--no-config",
            "other",
            "--baseline",
            "capcheck-baseline.json",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("no finding of this scan matched the baseline"),
        "{err}"
    );
}

#[test]
fn a_config_cannot_point_its_rules_outside_its_folder() {
    let dir = scratch("ci-rules-outside");
    write(&dir.join("site/a.html"), &fixture(QUIET));
    write(&dir.join("secret.txt"), "token-abc123\n");
    for rules in ["/etc", "../elsewhere", "r/../../x"] {
        write(
            &dir.join("capcheck.toml"),
            &format!("rules = \"{rules}\"\n"),
        );
        let (code, _, err) = run_in(&dir, &["site"], "");
        assert_eq!(code, 2, "{rules}: {err}");
        assert!(err.contains("inside the config's folder"), "{err}");
    }
    #[cfg(unix)]
    {
        // A rules file that is a link (to a secret, a device) is refused without reading it.
        std::fs::create_dir_all(dir.join("r")).expect("mkdir");
        let _ = std::fs::remove_file(dir.join("r/scoring.tsv"));
        std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("r/scoring.tsv"))
            .expect("symlink");
        write(&dir.join("capcheck.toml"), "rules = \"r\"\n");
        let (code, _, err) = run_in(&dir, &["site"], "");
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("not a regular file") && !err.contains("token-abc123"),
            "{err}"
        );
        // A rules folder that links out of the config's folder is refused too.
        let _ = std::fs::remove_file(dir.join("r/scoring.tsv"));
        std::fs::create_dir_all(dir.join("outside")).expect("mkdir");
        let _ = std::fs::remove_file(dir.join("site/rl"));
        std::os::unix::fs::symlink(dir.join("outside"), dir.join("site/rl")).expect("symlink");
        write(&dir.join("site/capcheck.toml"), "rules = \"rl\"\n");
        let (code, _, err) = run_in(&dir.join("site"), &["a.html"], "");
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("outside the config's folder"), "{err}");
    }
}

#[test]
fn ignore_files_above_the_scan_are_not_read() {
    let dir = scratch("ci-dot-ignore");
    write(&dir.join(".ignore"), "*.html\n");
    write(&dir.join("repo/site/a.html"), &fixture(STALE));
    let (report, _) = json_in(&dir, &["--no-config", "--fail-on", "never", "repo/site"]);
    assert_eq!(paths(&report), ["repo/site/a.html"]);
}

#[test]
fn config_discovery_stops_at_the_repository_root_and_text_names_the_config() {
    let dir = scratch("ci-config-root");
    write(
        &dir.join("capcheck.toml"),
        "disable = [\"caption-stale-date\"]\n",
    );
    write(&dir.join("repo/site/a.html"), &fixture(STALE));
    std::fs::create_dir_all(dir.join("repo/.git")).expect("mkdir");
    // The shared folder's config above the repository does not apply inside it.
    let (report, code) = json_in(&dir.join("repo"), &["site"]);
    assert_eq!((findings(&report), code), (1, 0), "{report:#}");
    // Outside a repository the nearest config applies, and the text report says which.
    let (code, out, _) = run_in(&dir, &["repo/site"], "");
    assert_eq!(code, 0);
    assert!(out.contains("0 findings"), "{out}");
    assert!(out.trim_end().ends_with("capcheck.toml"), "{out}");
    assert!(out.contains("config: "), "{out}");
}

#[test]
fn an_inline_suppression_naming_no_rule_is_said_in_every_report() {
    let dir = scratch("ci-inline-typo");
    let page = fixture(MISMATCH).replacen(
        "<figure",
        "<figure data-capcheck-ignore=\"caption-entity-mismatc\"",
        1,
    );
    write(&dir.join("a.html"), &page);
    let (report, code) = json_in(&dir, &["--no-config", "a.html"]);
    assert_eq!(code, 1, "the typo silences nothing");
    let warnings = report["documents"][0]["warnings"].to_string();
    assert!(
        warnings.contains("names no rule 'caption-entity-mismatc'"),
        "{report:#}"
    );
    let (_, out, _) = run_in(&dir, &["--no-config", "a.html"], "");
    assert!(
        out.contains("note: data-capcheck-ignore names no rule"),
        "{out}"
    );
    let (_, out, _) = run_in(&dir, &["--no-config", "a.html", "--format", "html"], "");
    assert!(out.contains("class=\"page-note\""), "{out}");
}

#[test]
fn a_silenced_photo_says_so_in_every_report() {
    let dir = scratch("ci-silenced-marked");
    let page = fixture(MISMATCH).replacen(
        "<figure",
        "<figure data-capcheck-ignore=\"caption-entity-mismatch\"",
        1,
    );
    write(&dir.join("inline.html"), &page);
    write(&dir.join("config/b.html"), &fixture(MISMATCH));
    write(
        &dir.join("capcheck.toml"),
        "[[ignore]]\npath = \"config/**\"\nrules = [\"caption-entity-mismatch\"]\n",
    );
    let (report, code) = json_in(&dir, &["inline.html", "config"]);
    assert_eq!(
        (code, findings(&report), suppressed(&report)),
        (0, 0, 2),
        "{report:#}"
    );
    for d in report["documents"].as_array().expect("documents") {
        assert_eq!(
            d["images"][0]["silenced"],
            serde_json::json!(["caption-entity-mismatch"]),
            "{d:#}"
        );
        assert_eq!(d["images"][0]["verdict"], "mismatch");
    }
    let (_, out, _) = run_in(&dir, &["inline.html", "config"], "");
    assert_eq!(
        out.matches("silenced here: caption-entity-mismatch")
            .count(),
        2,
        "{out}"
    );
    let (_, out, _) = run_in(&dir, &["inline.html", "--format", "html"], "");
    assert!(out.contains("Silenced here:"), "{out}");
}
