//! Differential fuzzing of our HTML tokenizer: on any text it either gives up or gives the very
//! tree html5ever's own tokenizer gives (both feed the same tree builder), never a panic; and
//! its pruning parse gives html5ever's tree pruned by `prune_tree`, which the fallback path uses.
#![no_main]

use capcheck::parse::tokenizer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    let mut theirs = scraper::Html::parse_document(&page);
    if let Ok(ours) = tokenizer::parse_document(&page) {
        assert_eq!(
            tokenizer::tree_lines(&ours),
            tokenizer::tree_lines(&theirs),
            "page: {page:?}"
        );
    }
    if let Ok(ours) = tokenizer::parse_pruned(&page) {
        tokenizer::prune_tree(&mut theirs);
        assert_eq!(
            tokenizer::tree_lines(&ours),
            tokenizer::tree_lines(&theirs),
            "pruned page: {page:?}"
        );
    }
});
