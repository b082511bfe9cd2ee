//! Prints the slowest pages of a folder for one check each (lexicon built once, one warm-up pass).

// An example links every dependency of the package and uses a few.
#![allow(unused_crate_dependencies)]
/// The tool's own allocator (`src/main.rs`), so that figures here are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use capcheck::check::{self, Engine};
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/pages".into());
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    pages.sort();
    let engine = Engine::builtin();
    let data: Vec<(String, Vec<u8>)> = pages
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).expect("read")))
        .collect();
    for (id, b) in &data {
        std::hint::black_box(check::check_bytes(id, b, &engine));
    }
    let mut times: Vec<(std::time::Duration, &str, usize)> = data
        .iter()
        .map(|(id, b)| {
            let t = std::time::Instant::now();
            std::hint::black_box(check::check_bytes(id, b, &engine));
            (t.elapsed(), id.as_str(), b.len())
        })
        .collect();
    times.sort();
    for (t, id, n) in times.iter().rev().take(3) {
        println!("{t:?} {n} {id}");
    }
}
