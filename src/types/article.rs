//! What `parse` reduces a page to: the story's own text and its `Figure`s.

use serde::Serialize;

use super::Ignores;
use super::PartialDate;

/// Where a figure sits relative to the story: only the article's own figures get a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// A photo of the story itself (lead image, inline figure).
    Article,
    /// A teaser, related-story card, gallery of other news, player or bio: not judged.
    OutsideArticle,
}

/// One photo found on a page, with the caption text that goes with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Position among the page's figures, from 0, in document order.
    pub index: usize,
    /// The image address as written in the page (`src`, first `srcset` entry, or lazy-load attribute).
    pub src: Option<String>,
    /// The image's alt text.
    pub alt: Option<String>,
    /// The caption without its credit.
    pub caption: Option<String>,
    /// The photo credit (agency, photographer) split off the caption.
    pub credit: Option<String>,
    /// 1-based line of the caption (or image) in the source, for annotations.
    pub line: Option<usize>,
    /// 1-based column of the caption (or image) in the source.
    pub column: Option<usize>,
    /// Whether the figure belongs to the story.
    pub scope: Scope,
    /// The rules the page silences on this figure (`data-capcheck-ignore`).
    pub ignore: Ignores,
}

impl Figure {
    /// A figure with only its index set, for parsers to fill in.
    pub fn new(index: usize) -> Self {
        Figure {
            index,
            src: None,
            alt: None,
            caption: None,
            credit: None,
            line: None,
            column: None,
            scope: Scope::Article,
            ignore: Ignores::default(),
        }
    }
}

/// A page reduced to what the checks need: the story's own text and its figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The headline, without the site name.
    pub title: Option<String>,
    /// The page's own address as it declares it (`<link rel=canonical>`, else `og:url`), when
    /// it is an `http(s)` URL.
    pub url: Option<String>,
    /// The publication date, when the page gives one that can be read.
    pub published: Option<PartialDate>,
    /// The standfirst / summary (`og:description`, `meta description`), read as part of the lead.
    pub description: Option<String>,
    /// The author line, if found; never used as evidence.
    pub byline: Option<String>,
    /// Body paragraphs in reading order, with captions, credits, navigation and sidebars removed.
    pub paragraphs: Vec<String>,
    /// Keywords / tags declared by the page (`meta keywords`, `article:tag`).
    pub keywords: Vec<String>,
    /// The photos with their captions, in document order.
    pub figures: Vec<Figure>,
    /// A Markdown file with no front matter and no captioned photo (a README, a changelog):
    /// nothing to check, so a directory walk leaves it out of the report.
    pub not_an_article: bool,
    /// The page's language, ISO 639-1 (`en`, `de`): declared by the page, else read from its
    /// text; `None` when neither says.
    pub language: Option<String>,
}
