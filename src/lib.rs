//! capcheck finds news photos whose captions do not belong to the story around them.
//!
//! The pipeline, one module each, data flowing one way:
//! `input` (documents) → `parse` (an `Article` with its `Figure`s) → `entities` (names, places,
//! dates) → `semantic` (caption ↔ article similarity in meaning) → `score` (a verdict and
//! findings per photo) → `image` (what the photo files say) →
//! `post` (findings across documents, suppression) → `result` (the report model) → `report`
//! (text, JSON, JSONL, SARIF, HTML). `types` holds what the stages share; `check` runs them.
//! Each stage has its own error type; `error::Error` wraps them all for callers that run
//! several.

// The unit tests link the dev-dependencies, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

// Dependencies of the binary (`src/main.rs`, `src/cli.rs`) only. The library is the crate in
// which `unused_crate_dependencies` finds a dependency nothing uses; the binary links them all.
use clap as _;
use mimalloc as _;

pub mod budget;
pub mod check;
pub mod config;
pub mod entities;
pub mod error;
pub mod image;
pub mod input;
pub mod parse;
pub mod post;
pub mod progress;
pub mod report;
pub mod result;
pub mod score;
pub mod semantic;
pub mod types;

pub use error::Error;
