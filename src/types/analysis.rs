//! What the pipeline finds out about one document, as the stages fill it in: `score` gives each
//! photo its entities, dates, evidence and verdict; `image` adds what the photo's file says; the
//! cross-document stage adds duplicate-picture findings and takes out silenced ones. `result`
//! turns it into the report model once, at the end.

use std::path::PathBuf;

use image_hasher::ImageHash;

use super::{DateMention, PartialDate};
use super::{EntityKind, Evidence, Ignores, Rule, Scope, Severity, TopicEntry, Verdict};

/// A rule that fired on one photo.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// How serious it is: the rule's, or lower where the evidence is weak.
    pub severity: Severity,
    /// The index of the photo it concerns.
    pub image: usize,
    /// What is wrong, in words a reader understands.
    pub message: String,
}

impl Finding {
    /// A finding of `rule` on photo `image`, at the rule's severity.
    pub fn new(rule: Rule, image: usize, message: String) -> Self {
        Finding {
            rule,
            severity: rule.severity(),
            image,
            message,
        }
    }

    /// The finding at `severity` instead of the rule's.
    pub fn with_severity(self, severity: Severity) -> Self {
        Finding { severity, ..self }
    }
}

/// A named thing in a caption and whether the article supports it.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptionEntity {
    /// The canonical name.
    pub text: String,
    /// What it is.
    pub kind: EntityKind,
    /// True when the article names the same entity (or, for a place, one containing or inside it).
    pub supported: bool,
    /// True when the kind was guessed from the name's shape (no title, no known given name).
    pub guessed: bool,
}

/// Where a photo's local file was found, or why it was not read.
#[derive(Debug, Clone, PartialEq)]
pub enum FileStatus {
    /// Read from this path (joined to the scan root).
    Found(PathBuf),
    /// Not opened, and why (`refused: absolute path`, `refused: outside the scan root`).
    Refused(String),
}

/// A photo's local image file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageFile {
    /// Found, or refused and why.
    pub status: FileStatus,
    /// Width in pixels, from the file's header.
    pub width: Option<u32>,
    /// Height in pixels, from the file's header.
    pub height: Option<u32>,
    /// Too small to be a photo (an icon, a spacer, a tracking pixel): not judged.
    pub decorative: bool,
    /// The picture's perceptual hash: equal or a few bits apart for the same photo re-encoded
    /// or resized.
    pub hash: Option<ImageHash>,
    /// A small copy of the picture for the HTML report (made only with `Thumbnails::Make`).
    pub thumbnail: Option<Thumbnail>,
}

/// A small copy of a photo, encoded, for a report to embed.
#[derive(Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// The media type of `bytes` (`image/jpeg`).
    pub mime: &'static str,
    /// The encoded picture.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl std::fmt::Debug for Thumbnail {
    /// The size, not the bytes: a debug print of a document stays readable.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Thumbnail({} {}×{}, {} bytes)",
            self.mime,
            self.width,
            self.height,
            self.bytes.len()
        )
    }
}

impl ImageFile {
    /// A file with only a status.
    pub fn with_status(status: FileStatus) -> Self {
        ImageFile {
            status,
            width: None,
            height: None,
            decorative: false,
            hash: None,
            thumbnail: None,
        }
    }
}

/// What an image file says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedInfo {
    /// The file's own caption (IPTC 2:120, XMP dc:description or EXIF ImageDescription).
    pub caption: Option<String>,
    /// The date taken as the file gives it (ISO 8601 when it could be read).
    pub date: Option<String>,
    /// The date taken, when it reads as a date.
    pub taken: Option<PartialDate>,
    /// The people the file says are shown (PersonInImage, and those its caption names).
    pub people: Vec<String>,
    /// The credit or by-line.
    pub credit: Option<String>,
}

/// One photo of the story with what is known about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// Position among the page's figures, from 0.
    pub index: usize,
    /// The image address as written in the page.
    pub src: Option<String>,
    /// The caption without its credit.
    pub caption: Option<String>,
    /// The photo credit.
    pub credit: Option<String>,
    /// The caption's named things, each judged against the article.
    pub entities: Vec<CaptionEntity>,
    /// The dates the caption names.
    pub dates: Vec<DateMention>,
    /// The people the caption names (full names, lone words only when known to be people).
    pub people: Vec<String>,
    /// Consistency in [0, 1], higher is more consistent.
    pub score: Option<f64>,
    /// The weighed evidence behind the score and verdict.
    pub evidence: Evidence,
    /// The judgement.
    pub verdict: Option<Verdict>,
    /// Whether the figure belongs to the story.
    pub scope: Scope,
    /// 1-based line of the caption in the source.
    pub line: Option<usize>,
    /// 1-based column of the caption in the source.
    pub column: Option<usize>,
    /// The rules the page silences on this photo.
    pub ignore: Ignores,
    /// The local image file, when the page's image is one.
    pub file: Option<ImageFile>,
    /// What the image file says about itself.
    pub embedded: Option<EmbeddedInfo>,
    /// A problem with the image file (truncated, too large, not an image); the scan goes on.
    pub error: Option<String>,
    /// The rules that fired on this photo and were silenced (in the page, by the config or by
    /// a baseline), so that a report can say why a mismatch has no finding.
    pub silenced: Vec<Rule>,
}

/// Everything found out about one document, or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The document's id: its path as given, `FILE#uri` for an archive record, `-` for stdin.
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// The page's own address: its canonical URL, `og:url`, or an archive record's target URI.
    pub url: Option<String>,
    /// The publication date.
    pub published: Option<PartialDate>,
    /// The page's language, ISO 639-1, when declared or detected.
    pub language: Option<String>,
    /// The article's main entities by weight.
    pub topic: Vec<TopicEntry>,
    /// The story's photos, in document order.
    pub photos: Vec<Photo>,
    /// The rules that fired and were not silenced, in photo order.
    pub findings: Vec<Finding>,
    /// Photos found outside the story: counted, not judged.
    pub outside_article: usize,
    /// Findings silenced (in the page, by the config or by a baseline).
    pub suppressed: usize,
    /// Why the document could not be read or checked.
    pub error: Option<String>,
    /// A Markdown file found by a walk that holds no article (a README): left out of the report.
    pub not_an_article: bool,
}

impl Analysis {
    /// An empty analysis of a document.
    pub fn new(id: String) -> Self {
        Analysis {
            id,
            title: None,
            url: None,
            published: None,
            language: None,
            topic: Vec::new(),
            photos: Vec::new(),
            findings: Vec::new(),
            outside_article: 0,
            suppressed: 0,
            error: None,
            not_an_article: false,
        }
    }

    /// The analysis of a document that could not be read or checked.
    pub fn failed(id: String, error: String) -> Self {
        Analysis {
            error: Some(error),
            ..Analysis::new(id)
        }
    }

    /// Adds findings unless the page silences them on their photo (then they are counted),
    /// keeping findings in photo order.
    pub fn raise(&mut self, findings: impl IntoIterator<Item = Finding>) {
        let before = self.findings.len();
        for f in findings {
            let silenced = self
                .photos
                .iter()
                .find(|p| p.index == f.image)
                .is_some_and(|p| p.ignore.silences(f.rule));
            if silenced {
                self.suppressed += 1;
                if let Some(p) = self.photos.iter_mut().find(|p| p.index == f.image) {
                    p.silenced.push(f.rule);
                }
            } else {
                self.findings.push(f);
            }
        }
        if self.findings.len() > before {
            // A stable sort: findings on one photo keep the order they were raised in.
            self.findings.sort_by_key(|f| f.image);
        }
    }

    /// Removes the findings `silenced` says no to, counting them as suppressed.
    pub fn suppress(&mut self, mut silenced: impl FnMut(&Analysis, &Finding) -> bool) {
        let findings = std::mem::take(&mut self.findings);
        let mut kept = Vec::with_capacity(findings.len());
        let mut gone = Vec::new();
        for f in findings {
            if silenced(self, &f) {
                gone.push(f);
            } else {
                kept.push(f);
            }
        }
        self.suppressed += gone.len();
        for f in gone {
            if let Some(p) = self.photos.iter_mut().find(|p| p.index == f.image) {
                p.silenced.push(f.rule);
            }
        }
        self.findings = kept;
    }

    /// The photo with this index.
    pub fn photo(&self, index: usize) -> Option<&Photo> {
        self.photos.iter().find(|p| p.index == index)
    }
}
