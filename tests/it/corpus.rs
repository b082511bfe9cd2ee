//! The real saved pages beside the repository (`../shared/corpus`), when present: every page
//! is read without an error, and pages whose photos have no caption get no invented caption.

use crate::common;

use crate::common::{check_json, essence};

/// The corpus folder (the tests are ignored, with the reason, where it was absent at build time).
fn corpus() -> std::path::PathBuf {
    common::shared("corpus")
}

#[test]
#[cfg_attr(
    not(capcheck_shared),
    ignore = "needs ../shared beside the repository (absent at build time; touch build.rs once it is there)"
)]
fn every_corpus_page_is_read_without_error() {
    let dir = corpus();
    let pages = dir.join("pages");
    // Reading is the subject, not the semantic comparison (tests/it/semantic.rs), whose debug
    // build can spend a long page's whole time budget on a busy machine.
    let (report, _) = check_json(&[
        "--fail-on",
        "never",
        "--no-semantic",
        &pages.to_string_lossy(),
    ]);
    assert!(
        report["summary"]["documents"].as_u64().unwrap_or(0) >= 100,
        "{}",
        report["summary"]
    );
    let failed: Vec<&str> = report["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| !d["error"].is_null())
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert!(failed.is_empty(), "pages with errors: {failed:?}");
}

#[test]
#[cfg_attr(
    not(capcheck_shared),
    ignore = "needs ../shared beside the repository (absent at build time; touch build.rs once it is there)"
)]
fn no_caption_is_invented_on_pages_without_captions() {
    let dir = corpus();
    let pages = dir.join("nocaption");
    let (report, _) = check_json(&["--fail-on", "never", &pages.to_string_lossy()]);
    let invented: Vec<String> = report["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| {
            let path = d["path"].as_str().unwrap_or("").to_string();
            d["images"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter_map(move |i| {
                    let caption = i["caption"].as_str().unwrap_or("").trim().to_string();
                    (!caption.is_empty()).then(|| format!("{path}: {caption}"))
                })
        })
        .collect();
    assert!(
        invented.is_empty(),
        "captions found on pages without captions: {invented:?}"
    );
}

#[test]
#[cfg_attr(
    not(capcheck_shared),
    ignore = "needs ../shared beside the repository (absent at build time; touch build.rs once it is there)"
)]
fn corpus_pages_in_a_warc_and_on_stdin_match_the_single_file_runs() {
    use std::io::Write;
    let dir = corpus();
    let mut pages: Vec<std::path::PathBuf> = std::fs::read_dir(dir.join("pages"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    pages.truncate(6);
    let mut archive = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let body = std::fs::read(page).unwrap_or_default();
        let mut block = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        block.extend_from_slice(&body);
        let mut record = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://corpus.example/{i}\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        record.extend_from_slice(&block);
        record.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = gz.write_all(&record);
        archive.extend(gz.finish().unwrap_or_default());
    }
    let scratch = common::scratch("corpus-warc");
    let warc = scratch.join("corpus.warc.gz");
    std::fs::write(&warc, archive).expect("the scratch directory is writable");
    // Reading is the subject, not the semantic comparison (tests/it/semantic.rs), whose debug
    // build can spend a long page's whole time budget on a busy machine.
    let no_sem = "--no-semantic";
    let (report, _) = check_json(&["--fail-on", "never", no_sem, &warc.to_string_lossy()]);
    let docs = report["documents"].as_array().cloned().unwrap_or_default();
    assert_eq!(docs.len(), pages.len(), "{}", report["summary"]);
    for (page, doc) in pages.iter().zip(&docs) {
        let (single, _) = check_json(&["--fail-on", "never", no_sem, &page.to_string_lossy()]);
        assert_eq!(
            essence(doc),
            essence(&single["documents"][0]),
            "{}",
            page.display()
        );
        let out = common::capcheck()
            .args([
                "check",
                "--format",
                "json",
                "--fail-on",
                "never",
                no_sem,
                "-",
            ])
            .pipe_stdin(page)
            .expect("the page is readable")
            .output()
            .expect("capcheck runs");
        let stdin: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        assert_eq!(
            essence(&stdin["documents"][0]),
            essence(&single["documents"][0]),
            "stdin {}",
            page.display()
        );
    }
}
