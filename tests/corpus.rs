//! The real saved pages beside the repository (`../shared/corpus`), when present: every page
//! is read without an error, and pages whose photos have no caption get no invented caption.

mod common;

use common::{check_json, root};

/// The corpus folder, or `None` (with a message) on a fresh clone that does not have it.
fn corpus() -> Option<std::path::PathBuf> {
    let dir = root().join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared not present");
        None
    }
}

#[test]
fn every_corpus_page_is_read_without_error() {
    let Some(dir) = corpus() else { return };
    let pages = dir.join("pages");
    let (report, _) = check_json(&["--fail-on", "never", &pages.to_string_lossy()]);
    assert!(report["summary"]["documents"].as_u64().unwrap_or(0) >= 100, "{}", report["summary"]);
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
fn no_caption_is_invented_on_pages_without_captions() {
    let Some(dir) = corpus() else { return };
    let pages = dir.join("nocaption");
    let (report, _) = check_json(&["--fail-on", "never", &pages.to_string_lossy()]);
    let invented: Vec<String> = report["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| {
            let path = d["path"].as_str().unwrap_or("").to_string();
            d["images"].as_array().cloned().unwrap_or_default().into_iter().filter_map(move |i| {
                let caption = i["caption"].as_str().unwrap_or("").trim().to_string();
                (!caption.is_empty()).then(|| format!("{path}: {caption}"))
            })
        })
        .collect();
    assert!(invented.is_empty(), "captions found on pages without captions: {invented:?}");
}
