//! Helpers shared by the integration tests: run the binary as a user would, from the crate root.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The crate root, so that fixture paths and ids read `fixtures/…` as in the README.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path inside `../shared` (the real pages beside the repository). Tests that call it carry
/// `#[cfg_attr(not(capcheck_shared), ignore = ...)]`, so where the folder was absent at build
/// time they show as ignored; a folder removed since then fails here rather than passing.
pub(crate) fn shared(rel: &str) -> std::path::PathBuf {
    let path = root().join("../shared").join(rel);
    assert!(
        path.exists(),
        "{} is absent though it was present at build time (touch build.rs to rebuild)",
        path.display()
    );
    path
}

/// The `capcheck` binary, run from the crate root with colour settings neutralised.
pub(crate) fn capcheck() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_capcheck"));
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

/// The standard output of a run that must exit 0 (its stderr in the failure message).
pub(crate) fn stdout_of_success(cmd: &mut Command) -> String {
    let out = cmd.output().expect("capcheck runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("reports are UTF-8")
}

/// Runs `capcheck check --format json ARGS…` and returns the parsed report and the exit status.
pub(crate) fn check_json(args: &[&str]) -> (Value, i32) {
    let out = capcheck()
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("capcheck runs");
    let code = out
        .status
        .code()
        .expect("capcheck exits normally, not by a signal");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, code)
}

/// The single document of a one-file report.
pub(crate) fn only_doc(report: &Value) -> &Value {
    let docs = report["documents"]
        .as_array()
        .expect("documents is an array");
    assert_eq!(docs.len(), 1, "one document expected: {report:#}");
    &docs[0]
}

/// The images of a document that belong to the story (scope `article`, or no scope given).
pub(crate) fn article_images(doc: &Value) -> Vec<&Value> {
    doc["images"]
        .as_array()
        .expect("images is an array")
        .iter()
        .filter(|i| i.get("scope").is_none_or(|s| s == "article"))
        .collect()
}

/// The rule ids of a document's findings about image `index`.
pub(crate) fn rules_for(doc: &Value, index: u64) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .filter(|f| f["image"] == index)
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect()
}

/// The message of the first finding of `rule` about image `index`.
pub(crate) fn message_for(doc: &Value, index: u64, rule: &str) -> Option<String> {
    doc["findings"]
        .as_array()?
        .iter()
        .find(|f| f["image"] == index && f["rule"] == rule)
        .and_then(|f| f["message"].as_str().map(str::to_string))
}

/// The canonical names of image `img`'s entities marked supported.
pub(crate) fn supported(img: &Value) -> Vec<String> {
    img["entities"]
        .as_array()
        .map(|es| {
            es.iter()
                .filter(|e| e["supported"] == true)
                .filter_map(|e| e["text"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Explains a verdict assertion failure with the whole document, so a failure while scoring is
/// unfinished reads as such rather than as a CLI bug.
pub(crate) fn verdict_of(doc: &Value, index: usize) -> String {
    let images = article_images(doc);
    let img = images.get(index).unwrap_or_else(|| {
        panic!(
            "image {index} missing: parsing/scoring found {} article images in {}:\n{doc:#}",
            images.len(),
            doc["path"]
        )
    });
    img["verdict"].as_str().unwrap_or("null").to_string()
}

/// A fresh, empty scratch directory for one test (under cargo's per-test tmp dir).
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// The canonical names of image `img`'s people the article does not support, sorted: the
/// people a mismatch is about, without titles or demonyms (`Justin Trudeau`, not
/// `Canadian Prime Minister Justin Trudeau`).
pub(crate) fn unsupported_people(img: &Value) -> Vec<String> {
    let mut names: Vec<String> = img["entities"]
        .as_array()
        .map(|es| {
            es.iter()
                .filter(|e| e["supported"] == false && e["kind"] == "person")
                .filter_map(|e| e["text"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// What must be equal between a page checked alone and as an archive record.
pub(crate) fn essence(doc: &Value) -> Value {
    let images: Vec<Value> = doc["images"]
        .as_array()
        .expect("images")
        .iter()
        .map(|i| serde_json::json!([i["index"], i["src"], i["caption"], i["verdict"], i["score"]]))
        .collect();
    serde_json::json!({
        "title": doc["title"], "published": doc["published"], "images": images,
        "findings": doc["findings"], "error": doc["error"],
    })
}
