//! The types every stage of the pipeline shares: what a page is reduced to (`Article`,
//! `Figure`), what is known of a named thing (`EntityKind`), the rules and their severities,
//! and the analysis of a document that the stages fill in (`Analysis`) before `result` turns
//! it into the report model once, at the end.

pub mod analysis;
pub mod article;
pub mod date;
pub mod message;
pub mod rule;

pub use analysis::{
    Analysis, CaptionEntity, EmbeddedInfo, FileStatus, Finding, ImageFile, Photo, Thumbnail,
};
pub use article::{Article, Figure, Scope};
pub use date::{DateMention, PartialDate};
pub use message::{DateSource, Message, Names};
pub use rule::{Ignores, Rule, Severity};

use serde::Serialize;

/// How an HTML report of capcheck's begins its generator tag, within its first kilobyte: a
/// directory walk skips such files, so that a report written beside the pages is never
/// checked as a page.
pub const REPORT_MARKER: &str = "<meta name=\"generator\" content=\"capcheck ";

/// The id a document read from standard input carries.
pub const STDIN_ID: &str = "-";

/// Which parser a document needs (not to be confused with `report::Format`, the output).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// An HTML or XHTML page.
    Html,
    /// A page copied as plain text.
    Text,
    /// A Markdown source with optional front matter.
    Markdown,
    /// An MDX source: Markdown with JSX components and ESM `import`/`export` lines.
    Mdx,
}

impl PageKind {
    /// The kind a name in `capcheck.toml`'s `[extensions]` stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "html" => Some(PageKind::Html),
            "text" => Some(PageKind::Text),
            "markdown" => Some(PageKind::Markdown),
            "mdx" => Some(PageKind::Mdx),
            _ => None,
        }
    }
}

/// The kind of a named thing found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A country, region, state or city.
    Place,
    /// A company, party, agency, team or institution.
    Organisation,
    /// A named event (an election, a summit, a war).
    Event,
}

impl EntityKind {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organisation => "organisation",
            EntityKind::Event => "event",
        }
    }
}

/// One of the article's main entities, with its share of the article's attention.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicEntry {
    /// The canonical name.
    pub text: String,
    /// What it is.
    pub kind: EntityKind,
    /// Its share of the position-weighted mentions of the article, in [0, 1].
    pub weight: f64,
}

/// The evidence a verdict rests on: weighed caption entities the article backs ("for") or never
/// names ("against"), by kind, and the caption's word overlap with the article.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Evidence {
    /// People the article names.
    pub people_for: f64,
    /// People the article never names.
    pub people_against: f64,
    /// Of those, people introduced by a title (`Sen.`, `President`): public figures.
    pub public_against: f64,
    /// Organisations, events and names of unknown kind the article names.
    pub names_for: f64,
    /// Organisations, events and names of unknown kind the article never names.
    pub names_against: f64,
    /// Places the article names, or places inside or around them (weighed by how specific).
    pub places_for: f64,
    /// Places the article never names, in no country its places lie in.
    pub places_against: f64,
    /// Places the article never names that lie in a country its own places lie in (`Littleton,
    /// Colo.` on a story set in Houston): a photo of a national story may be taken anywhere in
    /// the country, so they accuse less than places from elsewhere.
    pub places_related: f64,
    /// Of the places backed in full, the countries: one country in common backs nothing.
    pub places_country: f64,
    /// Of the places backed, those backed only by lying in a country the article names: too
    /// loose to vouch for a whole caption on their own.
    pub places_contained: f64,
    /// Share of the caption's topical words (rare words weigh more) that the article also uses.
    pub word_overlap: f64,
    /// The same share with each word counted by how often the article uses it (up to 3 times).
    pub topic_overlap: f64,
    /// How much the caption says: the weight of its topical words.
    pub caption_words: f64,
    /// How many other captions of the page the model would call mismatches on their own.
    pub others_flagged: f64,
    /// Cosine between the meaning of the caption and of the article's headline and lead, from a
    /// sentence-embedding model (`docs/semantic.md`); absent with `--no-semantic`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub semantic: Option<f64>,
}

/// Which captions are compared with their article in meaning (the semantic evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SemanticMode {
    /// None: the model is never read (`--no-semantic`).
    Never,
    /// Those whose verdict or severity the comparison could change; the others are scored at
    /// the mean similarity (the default: the model's cost goes where it decides).
    #[default]
    WhereItDecides,
    /// Every caption (`--semantic-all`), as calibration needs.
    Always,
}

/// True for an absolute `http:` or `https:` address without spaces: what a report may show as
/// a link (a relative canonical, or a `javascript:` one, is no address of the page).
pub fn is_web_address(u: &str) -> bool {
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && u.len() > lower.find("//").map_or(0, |i| i + 2)
        && !u.contains(char::is_whitespace)
}

/// Whether the image stage makes a small picture of each local photo: only the HTML report
/// shows them, so the other formats never pay for the resizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Thumbnails {
    /// None are made (every format but HTML).
    #[default]
    Skip,
    /// One per local photo read, while the document's time budget lasts.
    Make,
}

/// What the HTML report does with photos whose address is on the web (`http:`, `https:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemoteImages {
    /// A placeholder card with the address as a link: opening the report makes no request.
    #[default]
    Placeholder,
    /// The browser loads `https:` images (`--report-images remote`): the report then tells
    /// every image host that it was opened, and says so in its header.
    Load,
}

/// How well a caption fits its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The caption's people/places are the article's.
    Consistent,
    /// The caption names nothing that can be checked.
    Unverifiable,
    /// The caption names people or places the article never does.
    Mismatch,
}

impl Verdict {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Unverifiable => "unverifiable",
            Verdict::Mismatch => "mismatch",
        }
    }
}
