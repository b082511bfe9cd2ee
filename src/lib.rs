//! capcheck finds news photos whose captions do not belong to the story around them.
//!
//! The pipeline, one module each, data flowing one way:
//! `input` (documents) → `parse` (an `Article` with its `Figure`s) → `entities` (names, places,
//! dates) → `score` (a verdict and findings per photo) → `image` (what the photo files say) →
//! `post` (findings across documents, suppression) → `result` (the report model) → `report`
//! (text, JSON, JSONL, SARIF, HTML). `types` holds what the stages share; `check` runs them.

pub mod budget;
pub mod check;
pub mod config;
pub mod entities;
pub mod image;
pub mod input;
pub mod parse;
pub mod post;
pub mod progress;
pub mod report;
pub mod result;
pub mod score;
pub mod types;
