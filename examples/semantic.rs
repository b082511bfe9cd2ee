//! The semantic model's cost per call: `cargo run --release --example semantic [N [TOKENS]]`.
//!
//! Times the model's load, then N embeddings (default 200) of a 32-token caption and of
//! 64-, 128- and 256-token article texts, one at a time, and a page's worth of captions in one
//! batch; prints milliseconds per call (docs/semantic.md).
//!
//! `... --example semantic dump OUT DIR...` instead writes, for every page under the DIRs, each
//! story caption's cosine with the article's first 64, 128 and 256 tokens, as reports
//! `OUT-64.json` ... with only `evidence.semantic` (for `scripts/semantic-auc.py`).

// An example links every dependency of the package and uses a few.
#![allow(unused_crate_dependencies)]

/// The tool's own allocator (`src/main.rs`), so that figures here are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

use capcheck::semantic::Model;

/// Sentences written for this benchmark, repeated into texts of any length.
const WORDS: &str = "Volunteers from the harbour district stack sandbags along the river wall on \
    Thursday morning as forecasters warn that the storm could push water levels higher than \
    at any time since the floods that damaged hundreds of homes in the old town, while the \
    council opens two schools as shelters and asks residents of the lowest streets to leave ";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("dump") {
        dump(&args[2..]);
        return;
    }
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let t = Instant::now();
    let model = Model::builtin();
    println!("load: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    // A second argument times that one length only (for `perf stat`'s CPU time).
    let only: Option<usize> = args.get(2).and_then(|a| a.parse().ok());
    let long = WORDS.repeat(20);
    for tokens in [32, 64, 128, 256] {
        if only.is_some_and(|o| o != tokens) {
            continue;
        }
        let got = model.tokenize(&long, tokens).len();
        // Warm the caches and the allocator once.
        let _ = model.embed(&long, tokens);
        let t = Instant::now();
        let mut sum = 0.0;
        for _ in 0..n {
            sum += model.embed(&long, tokens).0[0];
        }
        let ms = t.elapsed().as_secs_f64() * 1e3 / n as f64;
        println!("{got} tokens: {ms:.2} ms per call ({sum:.1})");
    }
    if only.is_some() {
        return;
    }
    let captions: Vec<&str> = vec![&WORDS[..160]; 4];
    let t = Instant::now();
    for _ in 0..n {
        let _ = model.embed_many(&captions, 32);
    }
    let ms = t.elapsed().as_secs_f64() * 1e3 / n as f64;
    println!("4 captions of 32 tokens in one batch: {ms:.2} ms per batch");
}

/// Writes the cosines of every story caption under the directories with its article, one
/// report per article length (`OUT-64.json` ...).
fn dump(args: &[String]) {
    use capcheck::semantic::{article_text, cosine, CAPTION_TOKENS};
    const LENGTHS: [usize; 3] = [64, 128, 256];
    let Some(out) = args.first() else {
        eprintln!("usage: semantic dump OUT DIR...");
        return;
    };
    let model = Model::builtin();
    let mut docs: Vec<Vec<serde_json::Value>> = vec![Vec::new(); LENGTHS.len()];
    for dir in &args[1..] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
        {
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            let id = path.display().to_string();
            let Ok(article) = capcheck::parse::parse(&id, &bytes) else {
                continue;
            };
            let captions: Vec<_> = article
                .figures
                .iter()
                .filter(|f| f.scope == capcheck::types::Scope::Article)
                .filter_map(|f| {
                    let c = f.caption.as_deref().filter(|c| !c.trim().is_empty())?;
                    Some((c, f.credit.clone(), model.embed(c, CAPTION_TOKENS)))
                })
                .collect();
            for (i, &tokens) in LENGTHS.iter().enumerate() {
                let art = model.embed(&article_text(&article, tokens), tokens);
                let images: Vec<serde_json::Value> = captions
                    .iter()
                    .map(|(c, credit, e)| {
                        serde_json::json!({"caption": c, "credit": credit,
                            "evidence": {"semantic": cosine(e, &art)}})
                    })
                    .collect();
                docs[i].push(serde_json::json!({"path": id, "images": images}));
            }
        }
    }
    for (docs, tokens) in docs.into_iter().zip(LENGTHS) {
        let report = serde_json::json!({ "documents": docs });
        let file = format!("{out}-{tokens}.json");
        if let Err(e) = std::fs::write(&file, report.to_string()) {
            eprintln!("cannot write {file}: {e}");
        }
    }
}
