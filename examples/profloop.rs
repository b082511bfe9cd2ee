//! Profiling loop: `check::check_bytes` over every page of a folder, N times (for `perf`).
use capcheck::{check, entities::Lexicon};
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../shared/corpus/pages".into());
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let mut pages: Vec<_> = std::fs::read_dir(&dir).expect("dir").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    pages.sort();
    let pages: Vec<(String, Vec<u8>)> = pages.into_iter().map(|p| (p.display().to_string(), std::fs::read(&p).expect("read"))).collect();
    let lex = Lexicon::builtin();
    for _ in 0..2 { for (id, b) in &pages { std::hint::black_box(check::check_bytes(id, b, &lex)); } }
    let t = std::time::Instant::now();
    for _ in 0..n {
        for (id, b) in &pages {
            std::hint::black_box(check::check_bytes(id, b, &lex));
        }
    }
    eprintln!("{:?} per pass", t.elapsed() / n as u32);
}
