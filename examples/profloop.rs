//! Profiling loop: `check::check_bytes` (or, with a third argument `parse`, only
//! `parse::parse`) over every page of a folder, N times after two warm-up passes, for `perf`.
//! Prints the fastest and the median pass: on a shared machine the fastest is the steadiest.

// An example links every dependency of the package and uses a few.
#![allow(unused_crate_dependencies)]
/// The tool's own allocator (`src/main.rs`), so that figures here are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use capcheck::check::{self, Engine};
use capcheck::parse;
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/pages".into());
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let parse_only = std::env::args().nth(3).is_some_and(|m| m == "parse");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    pages.sort();
    let pages: Vec<(String, Vec<u8>)> = pages
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("read")))
        .collect();
    let engine = Engine::builtin();
    let pass = || {
        for (id, b) in &pages {
            if parse_only {
                let _ = std::hint::black_box(parse::parse(id, b));
            } else {
                std::hint::black_box(check::check_bytes(id, b, &engine));
            }
        }
    };
    for _ in 0..2 {
        pass();
    }
    let mut times: Vec<std::time::Duration> = (0..n.max(1))
        .map(|_| {
            let t = std::time::Instant::now();
            pass();
            t.elapsed()
        })
        .collect();
    times.sort();
    eprintln!(
        "fastest {:?}, median {:?} per pass",
        times[0],
        times[times.len() / 2]
    );
}
