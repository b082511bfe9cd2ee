//! capcheck finds news photos whose captions do not belong to the story around them.
//!
//! The pipeline, one module each, data flowing one way:
//! `input` (documents) → `parse` (Article + Figures) → `entities` (mentions, dates) →
//! `score` (verdicts, findings) → `report` (text, JSON).

pub mod baseline;
pub mod budget;
pub mod check;
pub mod config;
pub mod entities;
pub mod image;
pub mod input;
pub mod model;
pub mod parse;
pub mod progress;
pub mod report;
pub mod result;
pub mod rules;
pub mod score;
pub mod suppress;
