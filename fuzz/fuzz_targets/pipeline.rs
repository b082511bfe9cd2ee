//! Fuzzes one document's whole pipeline without the panic guard that a scan has, so that any
//! panic on any bytes is seen as a crash: parse (sniffed, HTML, text, Markdown and MDX), entities, scoring.
#![no_main]

use std::sync::OnceLock;

use capcheck::check::Engine;
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::builtin)
}

fuzz_target!(|data: &[u8]| {
    for id in ["page.html", "page.txt", "page", "page.md", "page.mdx"] {
        if let Ok(article) = capcheck::parse::parse(id, data) {
            let e = engine();
            let _ = capcheck::score::score_article(&article, &e.lexicon, &e.calibration);
        }
    }
});
