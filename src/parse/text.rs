//! Plain-text page copies: headline, captions and body from line heuristics.
//!
//! A page copied as text keeps its lines but loses its markup, so every line is classified
//! on its own words and position: breadcrumbs and menus above the headline, captions (found
//! by their credits and position markers) around it, site furniture anywhere. Captions and
//! furniture never reach `paragraphs`, so a wrong caption cannot support itself.

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::credit::{is_credit_word, is_file_photo, split_credit};
use crate::parse::dates::find_dates;
use crate::types::{Article, Figure};

/// Captions longer than this need a second sign besides a credit (a body paragraph may end
/// with a wire attribution such as `(AFP)`).
const LONG_CAPTION_CHARS: usize = 400;

/// Whole lines that are buttons, menus or labels (compared lowercase, without punctuation).
const FURNITURE_LINES: &[&str] = &[
    "share",
    "share this",
    "share this article",
    "share this story",
    "share article",
    "tweet",
    "email",
    "e-mail",
    "print",
    "advertisement",
    "advertising",
    "ad",
    "sponsored",
    "subscribe",
    "subscribe now",
    "sign up",
    "sign in",
    "log in",
    "login",
    "register",
    "read more",
    "continue reading",
    "show more",
    "load more",
    "skip to content",
    "skip to main content",
    "menu",
    "home",
    "search",
    "close",
    "copy link",
    "link copied",
    "listen",
    "listen to this article",
    "save",
    "save article",
    "comment",
    "comments",
    "follow",
    "follow us",
    "whatsapp",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "telegram",
    "reddit",
    "pinterest",
    "next",
    "previous",
    "back to top",
    "top",
    "more",
    "view comments",
    "show comments",
    "watch",
    "play",
    "video",
    "gallery",
];

/// Line openings that mark furniture whatever follows.
const FURNITURE_PREFIXES: &[&str] = &[
    "share this",
    "share on ",
    "share via",
    "read more",
    "read also",
    "also read",
    "subscribe to",
    "subscribe for",
    "sign up for",
    "sign up to",
    "follow us",
    "click here",
    "copyright",
    "©",
    "(c) ",
    "all rights reserved",
    "advertisement",
    "download our app",
    "download the app",
    "join our",
    "get the latest",
    "we use cookies",
    "this site uses cookies",
    "related:",
    "related topics",
    "tags:",
    "topics:",
    "filed under",
];

/// Phrases that mark furniture anywhere in a short line.
const FURNITURE_PHRASES: &[&str] = &[
    "alternate addresses",
    "alternative addresses",
    "all rights reserved",
    "can also be accessed at",
    "terms of use",
    "privacy policy",
    "cookie policy",
    "newsletter",
    "mirror site",
];

/// Headings after which the rest of the page is other stories or reader comments.
const STOP_LINES: &[&str] = &[
    "related",
    "related articles",
    "related stories",
    "related news",
    "related content",
    "related coverage",
    "more stories",
    "more news",
    "most read",
    "most popular",
    "most viewed",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "recommended stories",
    "read next",
    "trending",
    "trending now",
    "latest news",
    "latest stories",
    "more on this story",
    "top stories",
    "editor's picks",
    "editors picks",
    "popular",
    "what to read next",
];

/// Position markers that only captions carry.
static POSITION_MARK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:l|r|c|l-r|r-l|left|right|centre|center|front|back|top|bottom|foreground|background|2nd l|2nd r|3rd l|3rd r)\)").ok()
});
/// `Published: …`, `Updated on …`, `Posted at …`.
static DATE_LABEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?P<label>first\s+published|published|posted|last\s+updated|updated|last\s+modified|date)\b(?:\s+(?:on|at))?\s*:?\s*(?P<value>.+)$").ok()
});
/// `By Jane Doe`, `By Jane Doe and Tom Reyes, Staff Writer`.
static BYLINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?i:by)\s+(?P<name>[\p{Lu}].*)$").ok());
/// A bare address or domain: `www.example.com`, `https://example.org/x`, `example.co.uk`.
static URL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:https?://\S+|www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?)$")
        .ok()
});
/// Labels that open a caption line (`Photo: …`, `Image: …`).
static CAPTION_LABEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?i:photo|photos|image|picture|caption|pictured|above|top|main image)\s*:").ok()
});

/// A photo written by a text converter as a bracketed marker: `[Image: …]`, `[Photo …]`.
static IMAGE_MARKER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^\[\s*(?i:image|photo|picture|img|figure|caption)\s*[:\-–]?\s*(?P<inner>.+?)\s*\]$",
    )
    .ok()
});

/// What a line is, once classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Story text.
    Body,
    /// A caption (a figure was added for it).
    Caption,
    /// Anything else: furniture, headline, dates, bylines.
    Other,
}

/// Parses a page saved as plain text into an `Article`.
pub fn parse_text(text: &str) -> Article {
    let mut reader = Reader {
        art: Article::default(),
        published_is_first: false,
        published: None,
        prev: Kind::Other,
    };
    let mut prev_blank = true;
    // `<!-- capcheck-ignore … -->` lines: the page's own suppressions, as in an HTML page.
    let mut page_ignores: Vec<String> = Vec::new();

    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            prev_blank = true;
            continue;
        }
        let comment = line
            .strip_prefix("<!--")
            .and_then(|l| l.strip_suffix("-->"))
            .and_then(super::ignore_comment);
        if let Some(ids) = comment {
            page_ignores.extend(ids.into_iter().map(str::to_string));
            continue;
        }
        let Some(kind) = reader.line(&line, i + 1, prev_blank) else {
            break;
        };
        reader.prev = kind;
        prev_blank = false;
    }
    let mut art = reader.art;
    art.published = reader
        .published
        .as_deref()
        .and_then(crate::parse::dates::parse_published);
    for fig in &mut art.figures {
        for id in &page_ignores {
            fig.ignore.add_id(id);
        }
    }
    let texts: Vec<&str> = art.paragraphs.iter().map(String::as_str).collect();
    art.language = super::language::detect(&texts);
    art
}

/// What `parse_text` has read so far of a page.
struct Reader {
    /// The article being built.
    art: Article,
    /// Whether the date came from a `Published` label (an `Updated` one yields to it).
    published_is_first: bool,
    /// The date line as written; read as a date once the page is read.
    published: Option<String>,
    /// What the previous non-blank line was.
    prev: Kind,
}

impl Reader {
    /// Reads one non-blank line (whitespace collapsed) into the article and says what it was;
    /// `None` where the story ends (other stories or comments follow).
    fn line(&mut self, line: &str, lineno: usize, prev_blank: bool) -> Option<Kind> {
        let art = &mut self.art;
        let before_body = art.paragraphs.is_empty();
        let lower = simple_lower(line);
        if !before_body && STOP_LINES.contains(&lower.as_str()) {
            return None;
        }
        let kind = if is_furniture(line, &lower) {
            Kind::Other
        } else if let Some((label, value)) = date_label(line) {
            if self.published.is_none() || (!self.published_is_first && label.contains("publish")) {
                self.published_is_first = label.contains("publish");
                self.published = Some(value);
            }
            Kind::Other
        } else if before_body && is_lone_date(line) {
            if self.published.is_none() {
                self.published = Some(line.to_string());
            }
            Kind::Other
        } else if before_body && art.byline.is_none() && byline(line).is_some() {
            art.byline = byline(line);
            Kind::Other
        } else if art.title.is_none() && before_body && is_breadcrumb(line) {
            Kind::Other
        } else if let Some(title) = art
            .title
            .is_none()
            .then(|| headline_with_source(line))
            .flatten()
        {
            art.title = Some(title);
            Kind::Other
        } else if add_caption(art, line, lineno, self.prev == Kind::Caption && !prev_blank) {
            Kind::Caption
        } else if art.title.is_none() && before_body {
            if reads_like_headline(line) {
                art.title = Some(line.to_string());
                Kind::Other
            } else if line.split(' ').count() <= 3 && !ends_sentence(line) {
                // Menu words and section labels above the headline.
                Kind::Other
            } else {
                art.paragraphs.push(line.to_string());
                Kind::Body
            }
        } else {
            // A hard-wrapped paragraph continues on the next line until a sentence ends.
            match art.paragraphs.last_mut() {
                Some(last) if self.prev == Kind::Body && !prev_blank && !ends_sentence(last) => {
                    last.push(' ');
                    last.push_str(line);
                }
                _ => art.paragraphs.push(line.to_string()),
            }
            Kind::Body
        };
        Some(kind)
    }
}

/// Adds a figure when the line is a caption (or attaches a lone credit line to the caption
/// just above it); returns whether it did.
fn add_caption(art: &mut Article, line: &str, lineno: usize, after_caption: bool) -> bool {
    // Text converters write a photo as a bracketed marker: `[Image: caption]`.
    let bracketed = IMAGE_MARKER
        .as_ref()
        .and_then(|re| re.captures(line))
        .and_then(|c| c.name("inner"));
    let line = bracketed.map_or(line, |m| m.as_str());
    let (rest, credit) = split_credit(line);
    // The label that marks the line as a caption is not part of what the caption says.
    let rest = match CAPTION_LABEL.as_ref().and_then(|re| re.find(&rest)) {
        Some(m) if m.start() == 0 && rest.len() > m.end() => {
            rest[m.end()..].trim_start().to_string()
        }
        _ => rest,
    };
    if rest.is_empty() {
        let Some(credit) = credit else { return false };
        // A credit on its own line belongs to the caption right above it, if that has none.
        if after_caption {
            if let Some(fig) = art.figures.last_mut().filter(|f| f.credit.is_none()) {
                fig.credit = Some(credit);
                return true;
            }
        }
        let mut fig = Figure::new(art.figures.len());
        fig.credit = Some(credit);
        fig.line = Some(lineno);
        fig.column = Some(1);
        art.figures.push(fig);
        return true;
    }
    let marked = bracketed.is_some()
        || POSITION_MARK.as_ref().is_some_and(|re| re.is_match(line))
        || CAPTION_LABEL.as_ref().is_some_and(|re| re.is_match(line))
        || rest.to_ascii_uppercase().starts_with("FILE PHOTO")
        || is_file_photo(line);
    let short = rest.chars().count() <= LONG_CAPTION_CHARS;
    let is_caption = match &credit {
        // A bare "(Reuters)" also closes wire copy, so between paragraphs it takes more
        // than the credit to make a caption: not reported speech.
        Some(c) if !art.paragraphs.is_empty() && is_bare_agency(line, c) => {
            marked || (short && !reads_like_report(&rest))
        }
        Some(_) => short || marked,
        None => marked && short,
    };
    if !is_caption {
        return false;
    }
    let mut fig = Figure::new(art.figures.len());
    fig.caption = Some(rest);
    fig.credit = credit;
    fig.line = Some(lineno);
    fig.column = Some(1);
    art.figures.push(fig);
    true
}

/// Whether the line ends with the credit alone in brackets: `… (Reuters).`
fn is_bare_agency(line: &str, credit: &str) -> bool {
    let end = line.trim_end().trim_end_matches('.').trim_end();
    (end.ends_with(&format!("({credit})")) || end.ends_with(&format!("[{credit}]")))
        && is_credit_word(credit)
}

/// Whether the text reads like reported news (speech, attribution) rather than a caption.
fn reads_like_report(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.contains(['“', '”', '"'])
        || [" said", " says", "according to", " reported", " told "]
            .iter()
            .any(|w| lower.contains(w))
}

/// Lowercase without surrounding punctuation, for comparing with the word lists.
fn simple_lower(line: &str) -> String {
    line.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Whether the line is site furniture: buttons, notices, copyright, bare addresses.
fn is_furniture(line: &str, lower: &str) -> bool {
    let full_lower = line.to_lowercase();
    FURNITURE_LINES.contains(&lower)
        || FURNITURE_PREFIXES.iter().any(|p| full_lower.starts_with(p))
        || (line.chars().count() <= 200 && FURNITURE_PHRASES.iter().any(|p| full_lower.contains(p)))
        || URL.as_ref().is_some_and(|re| re.is_match(line))
}

/// `Site / Section / Subsection`, `Home > World > Asia`: short segments between separators.
fn is_breadcrumb(line: &str) -> bool {
    let segments: Vec<&str> = line
        .split(['/', '>', '›', '»', '|', '\u{2022}'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    segments.len() >= 2
        && line.split(' ').count() <= 16
        && segments
            .iter()
            .all(|s| s.split(' ').count() <= 4 && !ends_sentence(s))
}

/// A headline: a few words to a long sentence, starting like a title, not a label.
fn reads_like_headline(line: &str) -> bool {
    let words = line.split(' ').count();
    let first_ok = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "'\"‘“«".contains(c));
    (3..=30).contains(&words) && line.chars().count() <= 250 && first_ok && !line.ends_with(':')
}

/// A headline carrying its source after a dash (`Talks resume - Reuters`), without the source.
fn headline_with_source(line: &str) -> Option<String> {
    let (rest, credit) = split_credit(line);
    let credit = credit?;
    let dashed = [" - ", " – ", " — ", " | "].iter().any(|d| {
        line.trim_end_matches('.')
            .ends_with(&format!("{d}{credit}"))
    });
    (dashed && !ends_sentence(&rest) && reads_like_headline(&rest) && rest.split(' ').count() <= 20)
        .then_some(rest)
}

/// The label and value of a `Published: …` / `Updated …` line, if it holds a date.
fn date_label(line: &str) -> Option<(String, String)> {
    if line.chars().count() > 120 {
        return None;
    }
    let caps = DATE_LABEL.as_ref()?.captures(line)?;
    let value = caps.name("value")?.as_str().trim().to_string();
    let has_date =
        !find_dates(&value).is_empty() || value.chars().filter(char::is_ascii_digit).count() >= 4;
    has_date.then(|| {
        (
            caps.name("label").map_or("", |m| m.as_str()).to_lowercase(),
            value,
        )
    })
}

/// A line that is only a date (with weekday or time): `Monday, 7 October 2024 10:31 GMT`.
fn is_lone_date(line: &str) -> bool {
    if line.chars().count() > 60 {
        return false;
    }
    let dates = find_dates(line);
    let Some(d) = dates.iter().find(|d| d.value.month.is_some()) else {
        return false;
    };
    let rest: String = line.replacen(&d.text, " ", 1);
    rest.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .count()
        <= 3
}

/// The author named by a `By …` line.
fn byline(line: &str) -> Option<String> {
    if line.chars().count() > 100 || line.split(' ').count() > 14 || ends_sentence(line) {
        return None;
    }
    let caps = BYLINE.as_ref()?.captures(line)?;
    Some(caps.name("name")?.as_str().trim().to_string())
}

/// Whether the text ends like a sentence, so a following line starts a new paragraph.
fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
        .ends_with(['.', '!', '?', ':', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "\
DailyWire   /   World   /   Baltics

Tallinn and Riga agree to link their power grids

Energy minister Mara Voss (L) greets her Latvian counterpart Juris Ozols at a summit in Vilnius on May 4, 2018. (AFP photo)
Workers lay cable near the Narva river, Estonia, on Aug. 2, 2023. (Photo by Baltic News Service)

Estonia and Latvia will connect their electricity networks by 2026, the two governments said on Monday.

Estonian energy minister Mara Voss said the link would \"end our dependence\" on imports.

The project was first proposed in 2011.


Readers can also reach our site at the following alternate addresses:

www.dailywire.example

dailywire.example.org

SHARE THIS ARTICLE";

    #[test]
    fn page_like_the_seed() {
        let a = parse_text(PAGE);
        assert_eq!(
            a.title.as_deref(),
            Some("Tallinn and Riga agree to link their power grids")
        );
        assert_eq!(a.published, None);
        assert_eq!(a.figures.len(), 2);
        let f0 = &a.figures[0];
        assert_eq!(f0.index, 0);
        assert_eq!(f0.src, None);
        assert_eq!(f0.credit.as_deref(), Some("AFP"));
        assert!(f0
            .caption
            .as_deref()
            .is_some_and(|c| c.starts_with("Energy minister") && c.ends_with("2018.")));
        assert_eq!((f0.line, f0.column), (Some(5), Some(1)));
        let f1 = &a.figures[1];
        assert_eq!(f1.index, 1);
        assert_eq!(f1.credit.as_deref(), Some("Baltic News Service"));
        assert_eq!(f1.line, Some(6));
        assert_eq!(a.paragraphs.len(), 3, "{:?}", a.paragraphs);
        assert!(a.paragraphs[0].starts_with("Estonia and Latvia"));
        assert!(a
            .paragraphs
            .iter()
            .all(|p| !p.contains("www.") && !p.contains("alternate")));
    }

    #[test]
    fn bracketed_image_markers_and_caption_labels() {
        let page = "Mill reopens after flood\n\nThe old mill on the Wenning reopened on Monday after a year of repairs.\n\n[Image: The mill wheel turns again on Monday. Photo: Ann Lee]\n\nPhoto: Volunteers clear silt from the mill race.\n\nThe owners thanked the volunteers.\n";
        let a = parse_text(page);
        assert_eq!(a.figures.len(), 2, "{:?}", a.figures);
        assert_eq!(
            a.figures[0].caption.as_deref(),
            Some("The mill wheel turns again on Monday.")
        );
        assert_eq!(a.figures[0].credit.as_deref(), Some("Ann Lee"));
        assert_eq!(
            a.figures[1].caption.as_deref(),
            Some("Volunteers clear silt from the mill race.")
        );
        assert_eq!(a.paragraphs.len(), 2, "{:?}", a.paragraphs);
    }

    #[test]
    fn dates_bylines_and_menus() {
        let page = "Home\nNews\nWorld\n\nRivers rise across the northern plains\nBy Tom Reyes\nPublished: Sept. 3, 2021 10:31 AM\nUpdated: Sept. 4, 2021\n\nFarmers moved livestock to higher ground on Friday.\n";
        let a = parse_text(page);
        assert_eq!(
            a.title.as_deref(),
            Some("Rivers rise across the northern plains")
        );
        assert_eq!(a.byline.as_deref(), Some("Tom Reyes"));
        assert_eq!(a.published.map(|d| d.iso()).as_deref(), Some("2021-09-03"));
        assert_eq!(
            a.paragraphs,
            ["Farmers moved livestock to higher ground on Friday."]
        );
        assert!(a.figures.is_empty());
    }

    #[test]
    fn lone_date_line_and_updated_only() {
        let a = parse_text(
            "Harbour reopens after storm\nMonday, 7 October 2024 10:31 GMT\n\nShips returned.",
        );
        assert_eq!(a.published.map(|d| d.iso()).as_deref(), Some("2024-10-07"));
        let b = parse_text("Harbour reopens after storm\nUpdated 2024-10-08\n\nShips returned.");
        assert_eq!(b.published.map(|d| d.iso()).as_deref(), Some("2024-10-08"));
    }

    #[test]
    fn captions_between_paragraphs_and_credit_lines() {
        let page = "Harbour reopens after the storm\n\nShips returned to the port on Tuesday.\n\nFILE PHOTO: Cranes stand idle at the port in 2019\nJane Doe/Getty Images\n\nDock workers said repairs would take weeks.\n\nA tug in the harbour (R) and a ferry\n";
        let a = parse_text(page);
        assert_eq!(a.figures.len(), 2, "{:?}", a.figures);
        assert_eq!(
            a.figures[0].caption.as_deref(),
            Some("FILE PHOTO: Cranes stand idle at the port in 2019")
        );
        assert_eq!(
            a.figures[0].credit.as_deref(),
            Some("Jane Doe/Getty Images")
        );
        assert_eq!(a.figures[0].line, Some(5));
        assert_eq!(
            a.figures[1].caption.as_deref(),
            Some("A tug in the harbour (R) and a ferry")
        );
        assert_eq!(a.figures[1].credit, None);
        assert_eq!(a.paragraphs.len(), 2);
    }

    #[test]
    fn headline_with_agency_suffix() {
        let a = parse_text("World / Europe\n\nFerry strike ends after talks - Reuters\n\nFerries sailed again on Monday.\n");
        assert_eq!(a.title.as_deref(), Some("Ferry strike ends after talks"));
        assert!(a.figures.is_empty());
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let page = "Storm closes the northern harbour\n\nShips waited outside the port\nfor two days before the wind\ndropped.\nA second paragraph starts here.\n";
        let a = parse_text(page);
        assert_eq!(
            a.paragraphs,
            [
                "Ships waited outside the port for two days before the wind dropped.",
                "A second paragraph starts here."
            ]
        );
    }

    #[test]
    fn furniture_and_related_lists_are_dropped() {
        let page = "Storm closes the northern harbour\n\nShips waited outside the port.\nAdvertisement\nRead more: Ferries cancelled\nhttps://news.example/ferries\nSubscribe to our newsletter\n© 2024 Example Media. All rights reserved.\nThe wind dropped on Friday.\n\nRelated stories\nFloods hit the southern coast as rivers burst their banks\n";
        let a = parse_text(page);
        assert_eq!(
            a.paragraphs,
            [
                "Ships waited outside the port.",
                "The wind dropped on Friday."
            ]
        );
    }

    #[test]
    fn reported_speech_with_agency_is_body() {
        let page = "Talks resume on the border dispute\n\nThe talks began on Monday.\n\nThe minister said the border would reopen, state media reported (Reuters).\n\nMarket traders watch screens in Oslo (Reuters)\n";
        let a = parse_text(page);
        assert_eq!(a.paragraphs.len(), 2, "{:?}", a.paragraphs);
        assert_eq!(a.figures.len(), 1);
        assert_eq!(
            a.figures[0].caption.as_deref(),
            Some("Market traders watch screens in Oslo")
        );
    }

    #[test]
    fn wire_attribution_in_long_paragraph_is_body() {
        let long = format!(
            "{} the ministry said. (AFP)",
            "Officials met again in the capital to discuss the plan. ".repeat(9)
        );
        let a = parse_text(&format!("Talks resume on the border dispute\n\n{long}\n"));
        assert!(a.figures.is_empty());
        assert_eq!(a.paragraphs.len(), 1);
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(parse_text(""), Article::default());
        assert_eq!(parse_text("\n\n \t\n"), Article::default());
        let a = parse_text("\u{feff}Getty Images\n(\n/\n© \nÜ/Ö\n");
        assert!(a.figures.len() <= 1);
        let _ = parse_text(&"x".repeat(100_000));
        let _ = parse_text("Published:\nBy\n(L)\n");
    }

    #[test]
    fn a_capcheck_ignore_comment_line_silences_the_page() {
        let a = parse_text(
            "Harbour pact signed\n\nPremier Ilse Varga signed it in Halden.\n\n\
             <!-- capcheck-ignore caption-stale-date -->\n\n\
             Senator Maren Oduya speaks in Lyon. (AP Photo/Jane Roe)\n\nMore text here.\n",
        );
        assert_eq!(a.figures.len(), 1, "{a:?}");
        assert!(a.figures[0].ignore.silences(crate::types::Rule::StaleDate));
        assert!(!a.figures[0]
            .ignore
            .silences(crate::types::Rule::EntityMismatch));
        assert!(!a.paragraphs.iter().any(|p| p.contains("capcheck")));
    }
}
