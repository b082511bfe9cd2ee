//! Bytes → `Article`: HTML pages through our tokenizer and html5ever's tree builder (the
//! `html` module), plain-text page copies through line heuristics (`text`), Markdown and MDX
//! sources through a CommonMark parser (`markdown`); credits and dates in text (`credit`,
//! `dates`).

pub mod credit;
pub mod credit_words;
pub mod dates;
pub mod decode;
pub mod depth;
pub mod gated;
pub mod html;
pub mod kept_attrs;
pub mod language;
pub mod markdown;
pub mod pattern;
pub mod text;
pub mod tokenizer;

use crate::budget::BudgetError;
use crate::types::Article;

/// Why a document's bytes are not a page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Over `--max-bytes`, or out of time while the page was read.
    #[error(transparent)]
    Budget(#[from] BudgetError),
    /// NUL or control bytes where a page has text.
    #[error("binary data, not a web page or text")]
    Binary,
}

impl ParseError {
    /// True when the page's reading ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, ParseError::Budget(e) if e.is_timeout())
    }
}

/// The rule ids of a `capcheck-ignore` comment's text (what stands between `<!--` and `-->`):
/// `*` when it names none, `None` when it is another comment.
pub(crate) fn ignore_comment(comment: &str) -> Option<Vec<&str>> {
    let rest = comment.trim().strip_prefix("capcheck-ignore")?;
    if !rest.is_empty() && !rest.starts_with([' ', ',', ':', '\t', '\n']) {
        return None;
    }
    let ids: Vec<&str> = rest
        .split([',', ' ', ':', '\t', '\n'])
        .filter(|s| !s.is_empty())
        .collect();
    Some(if ids.is_empty() { vec!["*"] } else { ids })
}

/// A caption as lowercase letters and digits, for telling copies of one caption apart.
pub fn caption_key(caption: &str) -> String {
    html::figures::key(caption)
}

/// Pages larger than this are refused rather than parsed (unless a budget says otherwise).
pub const MAX_DOCUMENT_BYTES: usize = crate::budget::DEFAULT_MAX_BYTES as usize;

pub use crate::types::PageKind;

/// Picks the parser from the file name, falling back on a look at the first bytes.
pub fn detect_kind(id: &str, bytes: &[u8]) -> PageKind {
    let lower = id.to_ascii_lowercase();
    if lower.ends_with(".txt") {
        return PageKind::Text;
    }
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        return PageKind::Html;
    }
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return PageKind::Markdown;
    }
    if lower.ends_with(".mdx") {
        return PageKind::Mdx;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    // Front matter opens a Markdown source (`cat post.md | capcheck check -`).
    let body = head.trim_start_matches('\u{feff}');
    if ["---\n", "---\r\n", "+++\n", "+++\r\n"]
        .iter()
        .any(|f| body.starts_with(f))
    {
        return PageKind::Markdown;
    }
    if head.contains("<html")
        || head.contains("<!doctype")
        || head.contains("<head")
        || head.contains("<body")
    {
        PageKind::Html
    } else {
        PageKind::Text
    }
}

/// Parses one document; errors say why the bytes are not a page (binary, too large).
pub fn parse(id: &str, bytes: &[u8]) -> Result<Article, ParseError> {
    parse_within(id, bytes, &crate::budget::Budget::default())
}

/// `parse` under a budget's size limit.
pub fn parse_within(
    id: &str,
    bytes: &[u8],
    budget: &crate::budget::Budget,
) -> Result<Article, ParseError> {
    parse_as(id, bytes, budget, None, &crate::budget::Deadline::never())
}

/// `parse_within` with the parser chosen by the caller (`capcheck.toml`'s `[extensions]`),
/// or from the file name and first bytes when `kind` is `None`; an HTML or Markdown page stops
/// being read once `deadline` passes.
pub fn parse_as(
    id: &str,
    bytes: &[u8],
    budget: &crate::budget::Budget,
    kind: Option<PageKind>,
    deadline: &crate::budget::Deadline,
) -> Result<Article, ParseError> {
    if bytes.len() as u64 > budget.max_bytes {
        return Err(budget.too_large(bytes.len() as u64).into());
    }
    // A byte-order mark is checked before the binary test: UTF-16 text is half NUL bytes.
    let (text, format) = match decode::from_bom(bytes) {
        Some(text) => {
            // The binary test then runs on the decoded text: a binary file that merely starts
            // with FF FE decodes to control characters.
            if looks_binary(text.as_bytes()) {
                return Err(ParseError::Binary);
            }
            let format = kind.unwrap_or_else(|| detect_kind(id, text.as_bytes()));
            (std::borrow::Cow::Owned(text), format)
        }
        None => {
            if looks_binary(bytes) {
                return Err(ParseError::Binary);
            }
            let format = kind.unwrap_or_else(|| detect_kind(id, bytes));
            (decode::decode(bytes), format)
        }
    };
    Ok(match format {
        PageKind::Html => html::parse_html_within(&text, deadline)?,
        PageKind::Text => text::parse_text(&text),
        PageKind::Markdown => markdown::parse_markdown_within(&text, id, false, deadline)?,
        PageKind::Mdx => markdown::parse_markdown_within(&text, id, true, deadline)?,
    })
}

/// True when the first bytes hold NULs or many control bytes, as images and archives do.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.is_empty() {
        return false;
    }
    let control = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    head.contains(&0) && !head.starts_with(&[0xff, 0xfe]) && !head.starts_with(&[0xfe, 0xff])
        || control * 10 > head.len()
}
