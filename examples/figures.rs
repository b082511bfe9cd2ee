//! Prints the figures `parse_html` finds in each page, as JSON the eval scorer reads.
//!
//! `cargo run --release --example figures -- DIR_OR_FILES... > /tmp/fig.json`; per-page
//! timings go to stderr. With `FIGURES_TEXT=1` the body paragraphs are printed too.

// An example links every dependency of the package and uses a few.
#![allow(unused_crate_dependencies)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use capcheck::types::Scope;
use serde_json::{json, Value};

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in std::env::args().skip(1) {
        let p = PathBuf::from(&arg);
        if p.is_dir() {
            let mut in_dir: Vec<PathBuf> = std::fs::read_dir(&p)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            in_dir.retain(|f| f.extension().is_some_and(|e| e == "html"));
            in_dir.sort();
            files.extend(in_dir);
        } else {
            files.push(p);
        }
    }
    // Rule tables compile on first use; time that once, apart from the pages.
    let t = Instant::now();
    let _ = capcheck::parse::html::parse_html(
        "<figure><img src=a.jpg><figcaption>A cat (AP Photo)</figcaption></figure>",
    );
    eprintln!("warm-up: {:.2} ms", t.elapsed().as_secs_f64() * 1000.0);
    let mut docs: Vec<Value> = Vec::new();
    let mut slowest = (0.0f64, String::new());
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let t = Instant::now();
        let article = capcheck::parse::html::parse_html(&text);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        eprintln!("{ms:8.2} ms {:>8} B  {}", bytes.len(), f.display());
        if ms > slowest.0 {
            slowest = (ms, f.display().to_string());
        }
        docs.push(document(f, &article));
    }
    eprintln!("slowest: {:.2} ms {}", slowest.0, slowest.1);
    println!("{}", json!({ "documents": docs }));
}

fn document(path: &Path, a: &capcheck::types::Article) -> Value {
    let images: Vec<Value> = a
        .figures
        .iter()
        .map(|f| {
            json!({
                "index": f.index,
                "src": f.src,
                "caption": f.caption,
                "credit": f.credit,
                "line": f.line,
                "column": f.column,
                "ignore": format!("{:?}", f.ignore),
                "scope": match f.scope { Scope::Article => "article", Scope::OutsideArticle => "outside-article" },
                "verdict": Value::Null,
            })
        })
        .collect();
    json!({
        "path": path.display().to_string(),
        "title": a.title,
        "published": a.published.map(|d| d.iso()),
        "paragraphs": if std::env::var_os("FIGURES_TEXT").is_some() { json!(a.paragraphs) } else { json!(a.paragraphs.len()) },
        "images": images,
    })
}
