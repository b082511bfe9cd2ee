//! The integration tests: the `capcheck` binary run as a user runs it (CLI, formats, exit
//! codes, snapshots, a real browser for the HTML report), and checks of the library's
//! structure. One test binary with a module per subject, so that a failure in one never hides
//! another (cargo stops at the first failing test binary).

// The test crate links every dependency of the package; each module uses a few of them.
#![allow(unused_crate_dependencies)]

mod architecture;
mod ci;
mod cli;
mod common;
mod corpus;
mod credit_words;
mod fixtures;
mod handwritten;
mod hostile;
mod html_browser;
mod images;
mod jsonl;
mod markdown;
mod properties;
mod prune;
mod readme;
mod reports;
mod rules_data;
mod sarif;
mod seed;
mod semantic;
mod snapshots;
mod tokenizer;
mod warc;
