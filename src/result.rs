//! The result model: what a check found, in the shape of the JSON contract of DESIGN.md.
//! Every output format renders these types and nothing else.

use serde::Serialize;

use crate::model::Scope;

/// The name and version of the tool that wrote a report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tool {
    /// Always `capcheck`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "capcheck".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// Counts over a whole run.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    /// Documents read (including those that failed).
    pub documents: usize,
    /// Images reported across all documents.
    pub images: usize,
    /// Findings reported across all documents.
    pub findings: usize,
    /// Documents that could not be read or parsed.
    pub errors: usize,
    /// Findings silenced (inline in the page, by the config, or by a baseline): not in
    /// `findings`, not in the exit status. Written only when not zero.
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    /// WARC records skipped because they are not HTML pages. Written only when not zero.
    #[serde(skip_serializing_if = "is_zero")]
    pub skipped_records: usize,
}

/// Lets additive counts stay out of reports where they are zero, so older outputs still match.
fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    /// Counts one more document. The one place counts are made, so that a streamed report
    /// (JSONL), which never holds all documents, sums exactly as `Report::new` does.
    pub fn add(&mut self, doc: &DocumentReport) {
        self.documents += 1;
        self.images += doc.images.len();
        self.findings += doc.findings.len();
        self.errors += usize::from(doc.error.is_some());
        self.suppressed += doc.suppressed;
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

/// A named thing in a caption and whether the article supports it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityReport {
    /// The canonical name.
    pub text: String,
    /// What it is.
    pub kind: EntityKind,
    /// True when the article names the same entity (or, for a place, one containing or inside it).
    pub supported: bool,
    /// True when the kind was guessed from the name's shape (no title, no known given name).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub guessed: bool,
}

/// A date named in a caption.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateReport {
    /// The date as written.
    pub text: String,
    /// ISO 8601 at the precision given: `2019-03-08`, `2019-03` or `2019`.
    pub value: String,
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
    /// Places the article never names.
    pub places_against: f64,
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

/// One photo of a document as reported.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageReport {
    /// Position among the page's figures, from 0.
    pub index: usize,
    /// The image address as written in the page.
    pub src: Option<String>,
    /// The caption without its credit.
    pub caption: Option<String>,
    /// The photo credit.
    pub credit: Option<String>,
    /// The caption's people, places and organisations, each marked supported or not.
    pub entities: Vec<EntityReport>,
    /// The dates the caption names.
    pub dates: Vec<DateReport>,
    /// Consistency in [0, 1], higher is more consistent; absent for figures outside the article.
    pub score: Option<f64>,
    /// The weighed evidence behind the score and verdict.
    pub evidence: Evidence,
    /// The judgement; absent for figures outside the article.
    pub verdict: Option<Verdict>,
    /// Whether the figure belongs to the story.
    pub scope: Scope,
    /// 1-based line of the caption in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column of the caption in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The local image file: where it was found and its size, or why it was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<ImageFileReport>,
    /// What the image file itself says (IPTC/XMP/EXIF caption, date, people, credit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedded: Option<EmbeddedReport>,
    /// A problem with this image's file (truncated, too large, not an image); the scan goes on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Where a figure's image file was found, or why it was not read.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageFileReport {
    /// `found`, or `refused: …` (outside the scan root, a `file:` URL, an absolute path).
    pub status: String,
    /// The file read, as a path joined to the scan root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Width in pixels, from the file's header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels, from the file's header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// True for images too small to be photos (icons, spacers, tracking pixels): not judged.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub decorative: bool,
    /// The picture's perceptual hash (64-bit gradient hash, base64): equal or near for the same
    /// photo re-encoded or resized.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// The figure silences `duplicate-image-caption-conflict`: the picture is left out of the
    /// cross-page comparison. Not part of the report.
    #[serde(skip)]
    pub no_duplicate_check: bool,
}

impl ImageFileReport {
    /// A report with only a status.
    pub fn status(status: String) -> Self {
        ImageFileReport {
            status,
            path: None,
            width: None,
            height: None,
            decorative: false,
            hash: None,
            no_duplicate_check: false,
        }
    }
}

/// What an image file says about itself.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EmbeddedReport {
    /// The file's own caption (IPTC 2:120, XMP dc:description or EXIF ImageDescription).
    pub caption: Option<String>,
    /// The date taken, ISO 8601 when it could be read.
    pub date: Option<String>,
    /// The people the file says are shown (PersonInImage, and those its caption names).
    pub people: Vec<String>,
    /// The credit or by-line.
    pub credit: Option<String>,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Warning,
    /// Almost certainly wrong.
    Error,
}

impl Severity {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A rule that fired on one image.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    /// The rule id (see `capcheck rules`).
    pub rule: String,
    /// The rule's severity.
    pub severity: Severity,
    /// The index of the image it concerns.
    pub image: usize,
    /// What is wrong, in words a reader understands.
    pub message: String,
}

/// Everything found in one document (or why it could not be read).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentReport {
    /// The document's id: its path as given, or `FILE#uri` for an archive record, `-` for stdin.
    pub path: String,
    /// The headline.
    pub title: Option<String>,
    /// The publication date, ISO 8601 when it could be read.
    pub published: Option<String>,
    /// The article's main entities by weight.
    pub topic: Vec<TopicEntry>,
    /// The photos, in document order.
    pub images: Vec<ImageReport>,
    /// The rules that fired.
    pub findings: Vec<Finding>,
    /// Photos found outside the story (teasers, sidebars, players): counted, not judged or listed.
    pub outside_article: usize,
    /// Findings silenced here (inline, config or baseline), left out of `findings`; written
    /// only when not zero.
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    /// Why the document could not be read or parsed; `null` when it was.
    pub error: Option<String>,
}

impl DocumentReport {
    /// A report for a document that could not be read.
    pub fn failed(path: String, error: String) -> Self {
        DocumentReport {
            path,
            title: None,
            published: None,
            topic: Vec::new(),
            images: Vec::new(),
            findings: Vec::new(),
            outside_article: 0,
            suppressed: 0,
            error: Some(error),
        }
    }
}

/// A whole run's result.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Report {
    /// Which tool wrote it.
    pub tool: Tool,
    /// Counts over all documents.
    pub summary: Summary,
    /// One entry per document, in a stable order.
    pub documents: Vec<DocumentReport>,
}

impl Report {
    /// Builds a report and its summary from the documents' results.
    pub fn new(documents: Vec<DocumentReport>) -> Self {
        let mut summary = Summary::default();
        for d in &documents {
            summary.add(d);
        }
        Report {
            tool: Tool::default(),
            summary,
            documents,
        }
    }
}
