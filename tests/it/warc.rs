//! Batch inputs: WARC archives (plain and gzip) built here from the fixtures give the same
//! documents and verdicts as the single files; damaged archives become error documents; the
//! directory walk skips saved pages' `_files/` folders; order does not depend on `-j`.

use crate::common;

use std::io::Write;
use std::path::Path;

use crate::common::{capcheck, check_json, essence, scratch};
use predicates::prelude::*;
use serde_json::Value;

const PAGES: &[&str] = &[
    "fixtures/entity-mismatch-fires.html",
    "fixtures/stale-date-quiet.html",
    "fixtures/seed-shape.html",
];

fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-28T10:00:00Z\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut b = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    b.extend_from_slice(body);
    b
}

/// The second page is sent chunked, as crawlers often record it.
fn chunked(body: &[u8]) -> Vec<u8> {
    let mut b = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    for part in body.chunks(100) {
        b.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        b.extend_from_slice(part);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(b"0\r\n\r\n");
    b
}

fn uri(i: usize) -> String {
    format!("https://news.example/story-{i}")
}

/// The records of an archive: an info record, a request and a response per page, an image.
fn records() -> Vec<Vec<u8>> {
    let mut out = vec![record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: capcheck-test\r\n",
    )];
    for (i, page) in PAGES.iter().enumerate() {
        let body = std::fs::read(common::root().join(page)).expect("fixture");
        out.push(record(
            "request",
            &uri(i),
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        let block = if i == 1 {
            chunked(&body)
        } else {
            http("text/html; charset=utf-8", &body)
        };
        out.push(record(
            "response",
            &uri(i),
            "application/http; msgtype=response",
            &block,
        ));
    }
    out.push(record(
        "response",
        "https://news.example/photo.jpg",
        "application/http; msgtype=response",
        &http("image/jpeg", b"\xff\xd8\xff\xe0not really a jpeg"),
    ));
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

/// Writes `crawl.warc` and `crawl.warc.gz` (one gzip member per record, as crawlers write).
fn archives(dir: &Path) -> (String, String) {
    let recs = records();
    let plain = dir.join("crawl.warc");
    std::fs::write(&plain, recs.concat()).expect("write");
    let gz = dir.join("crawl.warc.gz");
    std::fs::write(&gz, recs.iter().flat_map(|r| gzip(r)).collect::<Vec<u8>>()).expect("write");
    (
        plain.to_string_lossy().into_owned(),
        gz.to_string_lossy().into_owned(),
    )
}

#[test]
fn warc_records_match_the_single_file_runs() {
    let dir = scratch("warc-match");
    let (plain, gz) = archives(&dir);
    let singles: Vec<Value> = PAGES
        .iter()
        .map(|p| check_json(&[p]).0["documents"][0].clone())
        .collect();
    for archive in [&plain, &gz] {
        let (report, code) = check_json(&["--fail-on", "never", archive]);
        assert_eq!(code, 0, "{report:#}");
        let docs = report["documents"].as_array().expect("documents");
        let ids: Vec<&str> = docs.iter().filter_map(|d| d["path"].as_str()).collect();
        let want: Vec<String> = (0..PAGES.len())
            .map(|i| format!("{archive}#{}", uri(i)))
            .collect();
        assert_eq!(
            ids, want,
            "{archive}: one document per HTML response, in archive order"
        );
        for (i, (doc, single)) in docs.iter().zip(&singles).enumerate() {
            assert_eq!(essence(doc), essence(single), "{archive}: {}", doc["path"]);
            // The record's target is the page's own address, in the report as `url`.
            assert_eq!(doc["url"], uri(i).as_str(), "{archive}");
        }
        assert_eq!(
            report["summary"]["skipped_records"], 5,
            "warcinfo, 3 requests, the image"
        );
    }
}

#[test]
fn skipped_records_show_in_the_text_summary() {
    let dir = scratch("warc-text");
    let (_, gz) = archives(&dir);
    capcheck()
        .args(["check", "--color", "never", "--fail-on", "never", &gz])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with(
            "0 documents unreadable, 5 archive records skipped\n",
        ));
}

#[test]
fn truncated_archive_keeps_the_records_before_and_reports_the_file() {
    let dir = scratch("warc-truncated");
    let recs = records();
    let members: Vec<Vec<u8>> = recs.iter().map(|r| gzip(r)).collect();
    // Cut the archive inside the third page's response (the second-to-last record).
    let keep: usize = members[..members.len() - 2]
        .iter()
        .map(Vec::len)
        .sum::<usize>()
        + members[members.len() - 2].len() / 2;
    let bytes: Vec<u8> = members.concat()[..keep].to_vec();
    let path = dir.join("cut.warc.gz");
    std::fs::write(&path, bytes).expect("write");
    let arg = path.to_string_lossy().into_owned();
    let (report, code) = check_json(&[&arg]);
    assert_eq!(code, 2, "an unreadable archive is trouble");
    let docs = report["documents"].as_array().expect("documents");
    let ids: Vec<&str> = docs.iter().filter_map(|d| d["path"].as_str()).collect();
    assert_eq!(
        ids,
        [
            format!("{arg}#{}", uri(0)),
            format!("{arg}#{}", uri(1)),
            arg.clone()
        ]
    );
    assert_eq!(docs[0]["error"], Value::Null);
    assert_eq!(docs[1]["error"], Value::Null);
    let err = docs[2]["error"].as_str().expect("error");
    assert!(err.contains("truncated"), "{err}");

    // Garbage, an empty file and an archive with no page are reported too, never dropped.
    std::fs::write(dir.join("junk.warc"), "this is not an archive\n").expect("write");
    std::fs::write(dir.join("empty.warc.gz"), "").expect("write");
    std::fs::write(dir.join("images.warc"), records().last().expect("image")).expect("write");
    for name in ["junk.warc", "empty.warc.gz", "images.warc"] {
        let arg = dir.join(name).to_string_lossy().into_owned();
        let (report, code) = check_json(&[&arg]);
        assert_eq!(code, 2, "{name}");
        assert_eq!(report["documents"][0]["path"], arg.as_str());
        assert!(
            report["documents"][0]["error"].is_string(),
            "{name}: {report:#}"
        );
    }
}

#[test]
fn directories_hold_archives_and_saved_pages() {
    let dir = scratch("walk-batch");
    archives(&dir);
    let page = std::fs::read_to_string(common::root().join(PAGES[0])).expect("fixture");
    std::fs::write(dir.join("saved.html"), &page).expect("write");
    std::fs::create_dir_all(dir.join("saved_files")).expect("mkdir");
    std::fs::write(dir.join("saved_files/frame.html"), &page).expect("write");
    std::fs::write(dir.join("saved_files/style.txt"), "body {}").expect("write");
    // A `_files` folder without its page is an ordinary folder.
    std::fs::create_dir_all(dir.join("case_files")).expect("mkdir");
    std::fs::write(dir.join("case_files/a.html"), &page).expect("write");
    std::fs::create_dir_all(dir.join(".hidden")).expect("mkdir");
    std::fs::write(dir.join(".hidden/b.html"), &page).expect("write");

    let root = dir.to_string_lossy().into_owned();
    let (report, _) = check_json(&["--fail-on", "never", &root]);
    let ids: Vec<String> = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| {
            d["path"]
                .as_str()
                .map(|p| p.strip_prefix(&root).unwrap_or(p).to_string())
        })
        .collect();
    let mut want = vec!["/case_files/a.html".to_string()];
    want.extend((0..3).map(|i| format!("/crawl.warc#{}", uri(i))));
    want.extend((0..3).map(|i| format!("/crawl.warc.gz#{}", uri(i))));
    want.push("/saved.html".to_string());
    assert_eq!(ids, want);
    assert_eq!(report["summary"]["skipped_records"], 10);
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let dir = scratch("warc-jobs");
    archives(&dir);
    let root = dir.to_string_lossy().into_owned();
    let run = |jobs: &str, format: &str| {
        capcheck()
            .args([
                "check", "--format", format, "-j", jobs, &root, "fixtures", "-",
            ])
            .write_stdin(std::fs::read(common::root().join(PAGES[2])).expect("fixture"))
            .output()
            .expect("runs")
    };
    for format in ["json", "text"] {
        let one = run("1", format);
        let two = run("2", format);
        assert_eq!(
            String::from_utf8_lossy(&one.stdout),
            String::from_utf8_lossy(&two.stdout),
            "{format}"
        );
        assert_eq!(one.status.code(), two.status.code());
    }
}

#[test]
fn stdin_matches_the_file() {
    let page = std::fs::read(common::root().join(PAGES[2])).expect("fixture");
    let out = capcheck()
        .args(["check", "--format", "json", "-"])
        .write_stdin(page)
        .output()
        .expect("runs");
    let piped: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let (file, _) = check_json(&[PAGES[2]]);
    assert_eq!(
        essence(&piped["documents"][0]),
        essence(&file["documents"][0])
    );
}

/// An archive compressed whole (`gzip crawl.warc`) is decoded once, not once per record: its
/// thousand pages, each followed by 16 KB of metadata, give the same documents as its
/// per-member twin in about the same time (decoding from the start for each record means
/// decoding 8 GB here, tens of seconds).
#[test]
fn single_stream_archive_matches_its_per_member_twin_in_linear_time() {
    const PAGES_IN_ARCHIVE: usize = 1000;
    let dir = scratch("warc-stream");
    let bodies: Vec<Vec<u8>> = PAGES
        .iter()
        .map(|p| std::fs::read(common::root().join(p)).expect("fixture"))
        .collect();
    let mut recs = records();
    for i in PAGES.len()..PAGES_IN_ARCHIVE {
        recs.push(record(
            "response",
            &uri(i),
            "application/http; msgtype=response",
            &http("text/html", &bodies[i % bodies.len()]),
        ));
        let filler: String = (0..3000).map(|j| format!("{i}:{j} ")).collect();
        recs.push(record(
            "metadata",
            &uri(i),
            "application/warc-fields",
            &filler.as_bytes()[..16 << 10],
        ));
    }
    let fast = |data: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).expect("gzip");
        e.finish().expect("gzip")
    };
    let stream = dir.join("stream.warc.gz");
    std::fs::write(&stream, fast(&recs.concat())).expect("write");
    let members = dir.join("members.warc.gz");
    std::fs::write(
        &members,
        recs.iter().flat_map(|r| fast(r)).collect::<Vec<u8>>(),
    )
    .expect("write");

    let run = |path: &Path| {
        let arg = path.to_string_lossy().into_owned();
        let started = std::time::Instant::now();
        // Reading the archive is timed, not the semantic comparison of its thousand pages.
        let (report, code) = check_json(&["--fail-on", "never", "--no-semantic", &arg]);
        assert_eq!(code, 0, "{arg}");
        let docs: Vec<(String, Value)> = report["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .map(|d| {
                let id = d["path"].as_str().expect("path");
                (id.replacen(&arg, "ARCHIVE", 1), essence(d))
            })
            .collect();
        (
            docs,
            report["summary"]["skipped_records"].clone(),
            started.elapsed(),
        )
    };
    let (twin, twin_skipped, twin_time) = run(&members);
    let (docs, skipped, time) = run(&stream);
    assert_eq!(docs.len(), PAGES_IN_ARCHIVE);
    assert_eq!(
        docs[PAGES_IN_ARCHIVE - 1].0,
        format!("ARCHIVE#{}", uri(PAGES_IN_ARCHIVE - 1))
    );
    assert!(
        docs == twin,
        "the same documents, ids and findings as the per-member archive"
    );
    assert_eq!(skipped, twin_skipped);
    // Generous, for a loaded machine: quadratic reading is many times slower than this.
    assert!(
        time < twin_time * 2 + std::time::Duration::from_secs(2),
        "single stream {time:?}, per member {twin_time:?}"
    );
}
