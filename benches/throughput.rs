//! Throughput benchmarks: `cargo bench --bench throughput`.
//!
//! The corpus benchmarks read every page of `../shared/corpus/pages` (next to the repository)
//! once, then time a whole pass over them; they are skipped with a message when the folder is
//! absent. Each corpus benchmark reports pages/s (items) and MB/s (bytes), and
//! `corpus_floor_scraper` is the parse-only floor the other corpus figures are compared with:
//! on a noisy machine only ratios taken in one run mean anything (docs/performance.md).

// A benchmark links every dependency of the package and uses a few.
#![allow(unused_crate_dependencies)]

/// The tool's own allocator (`src/main.rs`), so that figures here are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use capcheck::check::Engine;
use capcheck::report::{self, Format};
use capcheck::result::Report;
use capcheck::{check, entities, parse, score};
use divan::counter::{BytesCount, ItemsCount};
use divan::{black_box, Bencher};

/// Where the shared corpus lives, relative to the crate root.
const CORPUS: &str = "../shared/corpus/pages";

/// A small fixture page for the single-page benchmark (it ships with the repository).
const SMALL_PAGE: &str = "fixtures/seed-shape.html";

fn main() {
    let mut divan = divan::Divan::from_args();
    if corpus().is_empty() {
        eprintln!("skipped: corpus benchmarks ({CORPUS} not present or empty)");
        divan = divan.skip_regex("^corpus_");
    }
    divan.main();
}

/// The corpus pages as (id, bytes), read once; empty when the folder is absent.
fn corpus() -> &'static [(String, Vec<u8>)] {
    static PAGES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        paths
            .into_iter()
            .filter_map(|p| {
                let bytes = std::fs::read(&p).ok()?;
                Some((p.display().to_string(), bytes))
            })
            .collect()
    })
}

/// The word lists and calibration every benchmark shares, built once as the CLI builds them
/// once per run.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::builtin)
}

/// Attaches pages/s and MB/s counters for one pass over the corpus.
fn corpus_counters<'a, 'b>(bencher: Bencher<'a, 'b>) -> Bencher<'a, 'b> {
    let pages = corpus();
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    bencher
        .counter(ItemsCount::new(pages.len()))
        .counter(BytesCount::new(bytes))
}

/// (a) The floor: scraper's parse plus selecting paragraphs and captions, nothing else.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn corpus_floor_scraper(bencher: Bencher) {
    let sel = scraper::Selector::parse("p, figcaption").expect("valid selector");
    corpus_counters(bencher).bench(|| {
        let mut n = 0usize;
        for (_, bytes) in corpus() {
            let html = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
            n += html.select(&sel).count();
        }
        black_box(n)
    });
}

/// (b) capcheck's parse stage: bytes → Article with figures, body and metadata.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn corpus_parse(bencher: Bencher) {
    corpus_counters(bencher).bench(|| {
        for (id, bytes) in corpus() {
            let _ = black_box(parse::parse(id, bytes));
        }
    });
}

/// Entities and scoring alone, on articles parsed beforehand (the cost the pipeline adds).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn corpus_score_only(bencher: Bencher) {
    let engine = engine();
    let articles: Vec<_> = corpus()
        .iter()
        .filter_map(|(id, b)| parse::parse(id, b).ok())
        .collect();
    corpus_counters(bencher).bench(|| {
        for a in &articles {
            black_box(score::score_article(
                a,
                &engine.lexicon,
                &engine.calibration,
            ));
        }
    });
}

/// (c) Full analysis of every page (parse, entities, score), the lexicon built once.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn corpus_full(bencher: Bencher) {
    let engine = engine();
    corpus_counters(bencher).bench(|| {
        for (id, bytes) in corpus() {
            black_box(check::check_bytes(id, bytes, engine));
        }
    });
}

/// Rendering the JSON report of the whole corpus (results computed beforehand).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn corpus_report_json(bencher: Bencher) {
    let engine = engine();
    let docs = corpus()
        .iter()
        .map(|(id, b)| check::check_bytes(id, b, engine))
        .collect();
    let report = Report::new(docs);
    // Pages only: the corpus's byte count would make a meaningless "GB/s" here.
    bencher
        .counter(ItemsCount::new(corpus().len()))
        .bench(|| black_box(report::render(&report, Format::Json, false)));
}

/// (d) Building the lexicon (word lists, automata): paid once per process.
#[divan::bench(sample_count = 20)]
fn lexicon_build() -> Engine {
    Engine::builtin()
}

/// Entity extraction on one paragraph-sized text, for a per-call figure.
#[divan::bench]
fn entities_one_caption(bencher: Bencher) {
    let lex = &engine().lexicon;
    let text = "Sen. Maren Oduya (D-OR) (L) greets Governor Tomas Reyne of the Northern Province \
                outside the city hall in Lyon, France, on May 02, 2021. (AFP photo)";
    bencher.bench(|| black_box(entities::extract(black_box(text), lex)));
}

/// (e) One small fixture page end to end in-process: lexicon build, check, JSON render.
#[divan::bench]
fn small_page_end_to_end(bencher: Bencher) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SMALL_PAGE);
    let bytes = std::fs::read(&path).expect("the fixture ships with the repository");
    bencher.counter(BytesCount::new(bytes.len())).bench(|| {
        let engine = Engine::builtin();
        let doc = check::check_bytes(SMALL_PAGE, &bytes, &engine);
        black_box(report::render(&Report::new(vec![doc]), Format::Json, false))
    });
}
