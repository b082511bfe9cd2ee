//! The whole-process floor: `cargo run --release --example floor -- DIR`.
//!
//! Reads the page files under DIR (recursively, the extensions `capcheck check` reads), parses
//! each with scraper and selects `p, figcaption`, as the in-process floor of
//! `benches/throughput.rs` does, on rayon's pool and with the tool's allocator: a separate
//! process to time beside `capcheck check DIR` in one hyperfine run (docs/performance.md).
//! Prints the number of selected elements, so that the work cannot be optimised away.

// An example links every dependency of the package and uses a few.
#![allow(unused_crate_dependencies)]

/// The tool's own allocator (`src/main.rs`), so that figures here are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    let mut paths = Vec::new();
    for d in &dirs {
        collect(Path::new(d), &mut paths);
    }
    paths.sort();
    let sel = match scraper::Selector::parse("p, figcaption") {
        Ok(sel) => sel,
        Err(e) => {
            eprintln!("floor: selector: {e}");
            std::process::exit(2);
        }
    };
    let n: usize = paths
        .par_iter()
        .map(|p| match std::fs::read(p) {
            Ok(bytes) => {
                let html = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
                html.select(&sel).count()
            }
            Err(_) => 0,
        })
        .sum();
    println!("{} pages, {n} elements", paths.len());
}

/// The page files under `dir` (or `dir` itself when it is a file), depth first.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if capcheck::input::has_page_extension(&p) {
            out.push(p);
        }
    }
}
