//! The report model: what a check found, in the shape of the JSON contract (README, "JSON
//! report").
//! Every output format renders these types and nothing else.

use serde::Serialize;

use crate::types::{Analysis, FileStatus, Photo, Thumbnail};
pub use crate::types::{EntityKind, Evidence, Rule, Scope, Severity, TopicEntry, Verdict};

/// The name and version of the tool that wrote a report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tool {
    /// Always `capcheck`.
    pub name: String,
    /// The crate version.
    pub version: String,
    /// The mismatch probability from which a photo is a mismatch (`threshold` of the
    /// calibration in force), for the HTML report's score bars; the JSON contract gives the
    /// score alone, so it is not written there.
    #[serde(skip)]
    pub threshold: Option<f64>,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "capcheck".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            threshold: None,
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
    /// Rules that fired on this photo and were silenced (inline, config or baseline); written
    /// only when there are some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub silenced: Vec<Rule>,
    /// A small copy of the local picture, made only for the HTML report; never written in
    /// JSON (kilobytes of base64 per photo that no tool reads).
    #[serde(skip)]
    pub thumbnail: Option<Thumbnail>,
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

/// A rule that fired on one image.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    /// The rule (its id in reports; see `capcheck rules`).
    pub rule: Rule,
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
    /// The page's own address (its canonical URL, `og:url`, or an archive record's
    /// `WARC-Target-URI`); written only when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The publication date, ISO 8601 when it could be read.
    pub published: Option<String>,
    /// The page's language (ISO 639-1, `en`, `de`): declared by the page, else read from its
    /// text; `null` when neither says. Pages not in English are judged only on what holds
    /// across languages (names and places spelled alike, dates).
    pub language: Option<String>,
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
    /// What the page asks of capcheck that it cannot do (an inline suppression naming no
    /// rule); written only when there is something to say.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl DocumentReport {
    /// A report for a document that could not be read.
    pub fn failed(path: String, error: String) -> Self {
        DocumentReport {
            path,
            title: None,
            url: None,
            published: None,
            language: None,
            topic: Vec::new(),
            images: Vec::new(),
            findings: Vec::new(),
            outside_article: 0,
            suppressed: 0,
            error: Some(error),
            warnings: Vec::new(),
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

impl From<Analysis> for DocumentReport {
    fn from(a: Analysis) -> Self {
        let mut warnings: Vec<String> = Vec::new();
        for p in &a.photos {
            for id in p.ignore.unknown() {
                let w = format!(
                    "data-capcheck-ignore names no rule '{id}', so it silences nothing (known rules: {})",
                    Rule::ids()
                );
                if !warnings.contains(&w) {
                    warnings.push(w);
                }
            }
        }
        DocumentReport {
            path: a.id,
            title: a.title,
            url: a.url,
            published: a.published.map(|d| d.iso()),
            language: a.language,
            topic: a.topic,
            images: a.photos.into_iter().map(ImageReport::from).collect(),
            findings: a
                .findings
                .into_iter()
                .map(|f| Finding {
                    rule: f.rule,
                    severity: f.severity,
                    image: f.image,
                    message: f.message,
                })
                .collect(),
            outside_article: a.outside_article,
            suppressed: a.suppressed,
            error: a.error,
            warnings,
        }
    }
}

impl From<Photo> for ImageReport {
    fn from(mut p: Photo) -> Self {
        ImageReport {
            index: p.index,
            src: p.src,
            caption: p.caption,
            credit: p.credit,
            entities: p
                .entities
                .into_iter()
                .map(|e| EntityReport {
                    text: e.text,
                    kind: e.kind,
                    supported: e.supported,
                    guessed: e.guessed,
                })
                .collect(),
            dates: p
                .dates
                .into_iter()
                .map(|d| DateReport {
                    value: d.value.iso(),
                    text: d.text,
                })
                .collect(),
            score: p.score,
            evidence: p.evidence,
            verdict: p.verdict,
            scope: p.scope,
            line: p.line,
            column: p.column,
            thumbnail: p.file.as_mut().and_then(|f| f.thumbnail.take()),
            file: p.file.map(|f| {
                let (status, path) = match f.status {
                    FileStatus::Found(path) => (
                        "found".to_string(),
                        Some(path.to_string_lossy().into_owned()),
                    ),
                    FileStatus::Refused(why) => (why, None),
                };
                ImageFileReport {
                    status,
                    path,
                    width: f.width,
                    height: f.height,
                    decorative: f.decorative,
                    hash: f.hash.map(|h| h.to_base64()),
                }
            }),
            embedded: p.embedded.map(|e| EmbeddedReport {
                caption: e.caption,
                date: e.date,
                people: e.people,
                credit: e.credit,
            }),
            error: p.error,
            silenced: p.silenced,
        }
    }
}
