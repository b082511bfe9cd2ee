//! Fuzzes one document's whole pipeline without the panic guard that a scan has, so that any
//! panic on any bytes is seen as a crash: parse (sniffed, HTML and text), entities, scoring.
#![no_main]

use std::sync::OnceLock;

use capcheck::entities::Lexicon;
use libfuzzer_sys::fuzz_target;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::builtin)
}

fuzz_target!(|data: &[u8]| {
    for id in ["page.html", "page.txt", "page"] {
        if let Ok(article) = capcheck::parse::parse(id, data) {
            let _ = capcheck::score::score_article(&article, lexicon());
        }
    }
});
