//! How close a caption's meaning is to its article's: both are embedded by a sentence-embedding
//! model (all-MiniLM-L6-v2, int8, built into the binary from `rules/semantic/`) and compared by
//! cosine. The article's side is its headline and the start of its body, embedded once per
//! article and only when a caption first asks for it.
//!
//! The model is read once per process, on first use; a run with `--no-semantic` never reads it.

mod model;
pub mod wordpiece;

use std::sync::OnceLock;

use crate::budget::Deadline;
use crate::types::Article;

use model::Weights;

/// Why a model file or its vocabulary does not read (the built-in pair always reads: a test
/// loads it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The file ends inside a tensor.
    #[error("the model file is truncated")]
    Truncated,
    /// The file does not start with the model's magic bytes.
    #[error("not a capcheck semantic model file")]
    NotAModel,
    /// The header does not state the shapes this code reads.
    #[error("the model file does not state `{0}`")]
    Shapes(&'static str),
    /// Bytes after the last tensor: the file is not of this shape.
    #[error("the model file has bytes after its last tensor")]
    TrailingBytes,
    /// More tokens than ids hold.
    #[error("vocabulary too large")]
    VocabularyTooLarge,
    /// A special token (`[UNK]`, `[CLS]`, `[SEP]`) is missing.
    #[error("vocabulary lacks {0}")]
    VocabularyLacks(&'static str),
}
use wordpiece::WordPiece;

/// Width of an embedding.
pub const DIM: usize = 384;
/// Tokens of a caption read (with `[CLS]` and `[SEP]`): a caption is rarely longer.
pub const CAPTION_TOKENS: usize = 64;
/// Tokens of the article read: its headline and lead (see `docs/semantic.md` for 64/128/256).
pub const ARTICLE_TOKENS: usize = 128;
/// The most tokens any text is cut to: the model has no positions past it.
pub const MAX_TOKENS: usize = model::POSITIONS;

/// The model file and vocabulary, built into the binary so that an installed binary needs no
/// files beside it.
static MODEL_BYTES: &[u8] = include_bytes!("../../rules/semantic/minilm-l6-int8.bin");
/// The WordPiece vocabulary, one token a line.
static VOCAB: &str = include_str!("../../rules/semantic/vocab.txt");

/// A text's meaning as a unit vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedding(pub [f32; DIM]);

/// The cosine of two embeddings (their dot product: both are unit vectors), in [-1, 1].
pub fn cosine(a: &Embedding, b: &Embedding) -> f32 {
    a.0.iter()
        .zip(&b.0)
        .map(|(x, y)| x * y)
        .sum::<f32>()
        .clamp(-1.0, 1.0)
}

/// The sentence-embedding model: tokenizer and transformer.
pub struct Model {
    vocab: WordPiece,
    weights: Weights,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("vocab", &self.vocab.len())
            .finish_non_exhaustive()
    }
}

impl Model {
    /// The model built into the binary, read on first call: a run whose captions never need
    /// it never pays for it (42 MB of weights and the time to dequantise them).
    ///
    /// Reading it is the process's work, not the page's that first asks for it: the time is
    /// excused from every document's time budget ([`crate::budget::excuse`]).
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            let start = std::time::Instant::now();
            // The bytes are the binary's own, fixed at build time, and `tests::builtin_loads`
            // reads them: this cannot fail in a built binary.
            let model =
                Model::from_static(MODEL_BYTES, VOCAB).expect("the built-in semantic model reads");
            crate::budget::excuse(start.elapsed());
            model
        })
    }

    /// Reads a model file and its vocabulary.
    pub fn from_static(bytes: &'static [u8], vocab: &str) -> Result<Model, ModelError> {
        let vocab = WordPiece::from_vocab(vocab)?;
        let weights = Weights::read(bytes, vocab.len())?;
        Ok(Model { vocab, weights })
    }

    /// The model file's header: source, licence, as-of date and shapes.
    pub fn header(&self) -> &str {
        &self.weights.header
    }

    /// The token ids of `text`, with `[CLS]` and `[SEP]`, at most `max_tokens` of them (at
    /// least 2, at most [`MAX_TOKENS`]).
    pub fn tokenize(&self, text: &str, max_tokens: usize) -> Vec<u32> {
        self.vocab.encode(text, max_tokens.clamp(2, MAX_TOKENS))
    }

    /// The embedding of `text`, read up to `max_tokens` tokens.
    pub fn embed(&self, text: &str, max_tokens: usize) -> Embedding {
        self.embed_many(&[text], max_tokens)
            .pop()
            .unwrap_or(Embedding([0.0; DIM]))
    }

    /// The embeddings of several texts, computed in one batch (cheaper than one by one).
    pub fn embed_many(&self, texts: &[&str], max_tokens: usize) -> Vec<Embedding> {
        let seqs: Vec<Vec<u32>> = texts.iter().map(|t| self.tokenize(t, max_tokens)).collect();
        self.weights
            .forward(&seqs)
            .into_iter()
            .map(|mut v| {
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
                v.iter_mut().for_each(|x| *x /= norm);
                Embedding(v)
            })
            .collect()
    }
}

/// Captions of one article compared at most: a page of thousands of figures (a hostile page,
/// an archive dump) costs no more than a long real one.
pub const MAX_CAPTIONS: usize = 64;

/// Characters of each paragraph read for the article's text: more than its tokens can use,
/// so that a very long body is never copied whole.
const CHARS_PER_TOKEN: usize = 12;

/// The headline and the start of the body, as the text the captions are compared with.
pub fn article_text(article: &Article, max_tokens: usize) -> String {
    let limit = max_tokens.saturating_mul(CHARS_PER_TOKEN);
    let mut out = String::new();
    let parts = article.title.iter().chain(&article.paragraphs);
    for p in parts {
        if out.len() >= limit {
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let room = limit - out.len().min(limit);
        let cut = p.char_indices().nth(room).map_or(p.len(), |(i, _)| i);
        out.push_str(&p[..cut]);
    }
    out
}

/// One article's side of the comparison: embedded on first need, then kept.
#[derive(Debug)]
pub struct Comparison<'a> {
    article: &'a Article,
    enabled: bool,
    embedding: Option<Option<Embedding>>,
    /// Captions embedded so far.
    compared: usize,
}

impl<'a> Comparison<'a> {
    /// Compares captions with `article`; when not `enabled`, never reads the model.
    pub fn new(article: &'a Article, enabled: bool) -> Self {
        Comparison {
            article,
            enabled,
            embedding: None,
            compared: 0,
        }
    }

    /// The cosine between `caption` and the article's text, or None when disabled, when
    /// either says nothing, past [`MAX_CAPTIONS`], or when the deadline has passed.
    pub fn similarity(&mut self, caption: &str, deadline: &Deadline) -> Option<f64> {
        if !self.enabled
            || caption.trim().is_empty()
            || self.compared >= MAX_CAPTIONS
            || deadline.check("semantic").is_err()
        {
            return None;
        }
        self.compared += 1;
        let model = Model::builtin();
        let article = self
            .embedding
            .get_or_insert_with(|| {
                let text = article_text(self.article, ARTICLE_TOKENS);
                (!text.trim().is_empty()).then(|| model.embed(&text, ARTICLE_TOKENS))
            })
            .as_ref()?;
        let caption = model.embed(caption, CAPTION_TOKENS);
        Some(f64::from(cosine(&caption, article)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads() {
        let m = Model::builtin();
        assert!(m.header().contains("Apache-2.0"));
        let a = m.embed("Firefighters put out a fire", CAPTION_TOKENS);
        let b = m.embed("Crews battle a blaze", CAPTION_TOKENS);
        let c = m.embed("Interest rates rise again", CAPTION_TOKENS);
        assert!(cosine(&a, &b) > cosine(&a, &c));
        let norm: f32 = a.0.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4);
    }

    #[test]
    fn article_text_is_bounded() {
        let a = Article {
            title: Some("Title".into()),
            paragraphs: vec!["word ".repeat(10_000)],
            ..Article::default()
        };
        let t = article_text(&a, 64);
        assert!(t.starts_with("Title\nword"));
        assert!(t.len() <= 64 * CHARS_PER_TOKEN);
    }
}
