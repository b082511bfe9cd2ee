//! Renders a `Report` as text for people or JSON for tools. Rendering never changes results.

pub mod json;
pub mod text;
