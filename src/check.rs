//! Runs the pipeline over documents: read, parse, score, in parallel over documents.

use rayon::prelude::*;

use crate::entities::Lexicon;
use crate::input::Source;
use crate::result::{DocumentReport, Report};
use crate::{entities, parse, score};

/// Checks one document given its bytes.
pub fn check_bytes(id: &str, bytes: &[u8], lex: &Lexicon) -> DocumentReport {
    let article = match parse::parse(id, bytes) {
        Ok(a) => a,
        Err(e) => return DocumentReport::failed(id.to_string(), e),
    };
    let scored = score::score_article(&article, lex);
    let published = article
        .published
        .as_deref()
        .and_then(entities::dates::parse_published)
        .map(|d| d.iso());
    DocumentReport {
        path: id.to_string(),
        title: article.title.clone(),
        published,
        topic: scored.topic,
        images: scored.images,
        findings: scored.findings,
        error: None,
    }
}

/// Checks one document: reads it, then checks its bytes; a read failure becomes its error.
pub fn check_source(src: &Source, lex: &Lexicon) -> DocumentReport {
    match src.read() {
        Ok(bytes) => check_bytes(&src.id, &bytes, lex),
        Err(e) => DocumentReport::failed(src.id.clone(), e),
    }
}

/// Checks all documents in parallel; the report keeps the order of `sources`.
pub fn check_all(sources: &[Source], lex: &Lexicon) -> Report {
    let docs: Vec<DocumentReport> = sources.par_iter().map(|s| check_source(s, lex)).collect();
    Report::new(docs)
}
