//! Differential fuzzing of our HTML tokenizer: on any text it either gives up or gives the very
//! tree html5ever's own tokenizer gives (both feed the same tree builder), never a panic.
#![no_main]

use capcheck::parse::tokenizer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    if let Ok(ours) = tokenizer::parse_document(&page) {
        let theirs = scraper::Html::parse_document(&page);
        assert_eq!(tokenizer::tree_lines(&ours), tokenizer::tree_lines(&theirs), "page: {page:?}");
    }
    let _ = tokenizer::parse_pruned(&page);
});
