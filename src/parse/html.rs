//! HTML pages: headline, publication date, article text and figures, via `scraper`.
//!
//! One parse, one flat index of the tree ([`index`]), then small passes over it: page metadata
//! ([`meta`]), the article container and its text ([`body`]), figures and captions
//! ([`figures`]), and whether each figure belongs to the story ([`scope`]).

pub mod body;
pub mod figures;
pub mod index;
pub mod meta;
pub mod scope;
pub mod vocab;
mod vocabularies;
pub mod word_lists;

use scraper::Node;

use crate::budget::{BudgetError, Deadline};
use crate::parse::decode::leftover_entities;
use crate::parse::kept_attrs::Name;
use crate::parse::tokenizer::Halt;
use crate::parse::{depth, tokenizer};
use crate::types::{Article, Figure, Scope};

use figures::{key, Found};
use index::Attr as _;
use index::{Index, OUTSIDE, SKIP};

/// Parses an HTML page into an `Article`.
pub fn parse_html(html: &str) -> Article {
    // A deadline that never passes cannot stop the reading.
    parse_html_within(html, &Deadline::never()).unwrap_or_default()
}

/// `parse_html` that gives up once `deadline` passes: the tokenizer looks at it as it reads,
/// and each pass over the tree after the one before.
pub fn parse_html_within(html: &str, deadline: &Deadline) -> Result<Article, BudgetError> {
    // The tree leaves out script and style bodies and unread attributes; figure positions are
    // still found in `html` itself, so that their line numbers are the source's.
    // Nearly every page nests far less than `depth::MAX_DEPTH`: the fast path counts nesting as
    // it reads and gives up past the cap, and only then is the page capped and read again
    // (blanking keeps every byte offset, so figure positions are found the same way).
    let capped;
    let (doc, html) = match tokenizer::parse_pruned_within(html, deadline) {
        Ok(doc) => (doc, html),
        Err(Halt::TimedOut(e)) => return Err(e),
        Err(Halt::Unsupported) => {
            capped = depth::cap_depth(html);
            let page: &str = &capped;
            deadline.check(tokenizer::STAGE)?;
            (tokenizer::parse_read_within(page, deadline)?, page)
        }
    };
    let index = Index::build(&doc);
    deadline.check(tokenizer::STAGE)?;
    let meta = meta::extract(&index);
    let container = body::find_container(&index);
    let paragraphs = body::paragraphs(&index, &container);
    let region = scope::region(&index, &container);
    deadline.check(tokenizer::STAGE)?;
    let found = figures::discover(&index);
    deadline.check(tokenizer::STAGE)?;

    let lead_file = meta.lead_image.as_deref().and_then(file_name);
    let mut lead_alt = lead_alt_caption(&meta);
    let mut figures = scoped_figures(&index, &container, &region, found, lead_file, &mut lead_alt);
    // A lone credit line with no photo outside the story is a site copyright notice.
    figures
        .retain(|(f, s)| !(*s == Scope::OutsideArticle && f.caption.is_none() && f.src.is_none()));
    add_json_ld(&mut figures, &meta.ld_images);
    caption_unshown_lead(&mut figures, lead_file, lead_alt);

    let author = meta.byline.clone().or_else(|| byline(&index));
    names_that_are_credits(&mut figures, author.as_deref());

    let page_ignore = page_ignores(&index);
    let figures = place_figures(html, figures, &page_ignore);

    let h1 = headline_text(&index);
    let language = meta.language.clone().or_else(|| {
        let texts: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        crate::parse::language::detect(&texts)
    });
    Ok(Article {
        language,
        title: meta
            .og_title
            .or(h1)
            .or(meta.ld_headline)
            .or(meta.title_tag)
            .map(|t| leftover_entities(&t).into_owned())
            .filter(|t| !t.is_empty()),
        url: meta.url,
        published: meta
            .published
            .as_deref()
            .and_then(crate::parse::dates::parse_published),
        description: meta.description.map(|d| leftover_entities(&d).into_owned()),
        byline: author,
        paragraphs,
        keywords: meta.keywords,
        figures,
        not_an_article: false,
    })
}

/// Each figure with its scope: whether it belongs to the story. The publisher's lead photo
/// (`og:image`) takes the lead description as its caption when it shows none.
fn scoped_figures(
    index: &Index<'_>,
    container: &body::Container,
    region: &scope::Region,
    found: Vec<Found>,
    lead_file: Option<&str>,
    lead_alt: &mut Option<String>,
) -> Vec<(Found, Scope)> {
    found
        .into_iter()
        .map(|mut f| {
            let (mut s, why) = scope::decide(index, container, region, &f);
            // The publisher's chosen lead photo (`og:image`) with a caption is the story's own,
            // even when the page shows it only in a lightbox or above the headline.
            let is_lead = lead_file.is_some_and(|lead| {
                f.src
                    .as_deref()
                    .and_then(file_name)
                    .is_some_and(|file| same_file(file, lead))
            });
            // The page shows no caption for it (or only a credit): its description in the
            // metadata is its caption.
            if is_lead && f.caption.is_none() {
                f.caption = lead_alt.take();
            }
            if is_lead
                && f.caption.is_some()
                && matches!(why, scope::Why::Lightbox | scope::Why::OutsideRegion)
            {
                s = Scope::Article;
            }
            (f, s)
        })
        .collect()
}

/// No figure shows the `og:image` file by name: the lead photo is the story's first photo
/// when all it shows is a credit (a caption slot with the caption left out).
fn caption_unshown_lead(
    figures: &mut [(Found, Scope)],
    lead_file: Option<&str>,
    lead_alt: Option<String>,
) {
    if let Some(alt) = lead_alt {
        let shown = lead_file.is_some_and(|lead| {
            figures.iter().any(|(f, _)| {
                f.src
                    .as_deref()
                    .and_then(file_name)
                    .is_some_and(|file| same_file(file, lead))
            })
        });
        let first = figures
            .iter_mut()
            .find(|(f, s)| *s == Scope::Article && f.src.is_some());
        if let Some((f, _)) = first.filter(|(f, _)| !shown && f.caption.is_none()) {
            if f.credit.is_some() {
                f.caption = Some(alt);
            }
        }
    }
}

/// The figures as the model's [`Figure`]s, each with its line and column in `html` (searched
/// in order, so that each is found after the one before) and the ids it is told to ignore.
fn place_figures(html: &str, figures: Vec<(Found, Scope)>, page_ignore: &[String]) -> Vec<Figure> {
    let lines = LineIndex::new();
    let mut from = 0;
    figures
        .into_iter()
        .enumerate()
        .map(|(i, (f, scope))| {
            let mut fig = Figure::new(i);
            if let Some(off) = f.anchor.as_deref().and_then(|a| locate(html, a, from)) {
                from = off;
                let (line, column) = lines.position(html, off);
                fig.line = Some(line);
                fig.column = Some(column);
            }
            fig.src = f.src;
            fig.alt = f.alt;
            fig.caption = f.caption;
            fig.credit = f.credit;
            fig.scope = scope;
            for id in f.ignore.iter().chain(page_ignore) {
                fig.ignore.add_id(id);
            }
            fig
        })
        .collect()
}

/// Adds JSON-LD image captions: fills a captionless figure showing the same file, or adds a
/// figure when no visible caption says the same thing.
fn add_json_ld(figures: &mut Vec<(Found, Scope)>, images: &[(Option<String>, String)]) {
    let mut front = Vec::new();
    for (url, text) in images {
        let k = key(text);
        if k.len() < 3 {
            continue;
        }
        let seen = figures
            .iter()
            .chain(front.iter())
            .any(|(f, _): &(Found, Scope)| {
                let full = format!(
                    "{} {}",
                    f.caption.as_deref().unwrap_or(""),
                    f.credit.as_deref().unwrap_or("")
                );
                let fk = key(&full);
                let ck = f.caption.as_deref().map(key).unwrap_or_default();
                (!ck.is_empty()
                    && (fk.contains(&k) || k.contains(&ck))
                    && ck.len().min(k.len()) >= 12.min(k.len()))
                    || fk == k
            });
        if seen {
            continue;
        }
        let (caption, credit) = crate::parse::credit::split_credit(text);
        let file = url.as_deref().and_then(file_name);
        if let Some(file) = file {
            if let Some((f, _)) = figures.iter_mut().find(|(f, _)| {
                f.caption.is_none()
                    && f.src
                        .as_deref()
                        .and_then(file_name)
                        .is_some_and(|other| same_file(other, file))
            }) {
                f.caption = Some(caption);
                if f.credit.is_none() {
                    f.credit = credit;
                }
                continue;
            }
        }
        front.push((
            Found {
                unit: 0,
                src: url.clone(),
                caption: Some(caption),
                credit,
                anchor: Some(text.chars().take(40).collect()),
                ..Found::default()
            },
            Scope::Article,
        ));
    }
    if !front.is_empty() {
        front.append(figures);
        *figures = front;
    }
}

/// The last path segment of an image address, without query: how two copies of one file match.
fn file_name(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next()?;
    let name = path.trim_end_matches('/').rsplit('/').next()?;
    (name.len() >= 5).then_some(name)
}

/// A "caption" that is only a name the page gives as a photo credit elsewhere (another
/// photo's credit, or the story's author, who took the photos) is the photographer's name in
/// the caption slot: a credit, not a caption to judge.
fn names_that_are_credits(figures: &mut [(Found, Scope)], author: Option<&str>) {
    let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut add = |text: &str| {
        let text = text.strip_prefix("By ").unwrap_or(text);
        for part in text
            .split(['/', ',', ';', '|', '(', ')'])
            .flat_map(|p| p.split(" via ").flat_map(|p| p.split(" for ")))
            .flat_map(|p| p.split(" and "))
        {
            let k = key(part);
            if k.len() >= 5 {
                names.insert(k);
            }
        }
    };
    for (f, _) in figures.iter() {
        if let Some(c) = &f.credit {
            add(c);
        }
    }
    if let Some(a) = author {
        add(a);
    }
    if names.is_empty() {
        return;
    }
    for (f, _) in figures.iter_mut() {
        let Some(caption) = f.caption.as_deref() else {
            continue;
        };
        let words: Vec<&str> = caption.split_whitespace().collect();
        let bare_name = (2..=4).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || "'’.-".contains(c))
            });
        if bare_name && names.contains(&key(caption)) {
            let name = f.caption.take();
            if f.credit.is_none() {
                f.credit = name;
            }
        }
    }
}

/// Whether two image file names are one photo: the same name, or the same name but for the
/// size a resized copy adds at its end (`orchard-press-1200.jpg`, `orchard-press-800.jpg`,
/// `harbour_640x480.jpg`, `harbour-w1600.jpg`).
fn same_file(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (sa, sb) = (file_stem(a), file_stem(b));
    sa.len() >= 8 && sa == sb
}

/// A file name without its extension and the size tokens at its end, lowercased.
fn file_stem(name: &str) -> String {
    let name = name.to_ascii_lowercase();
    let base = match name.rsplit_once('.') {
        Some((b, ext)) if ext.len() <= 5 => b.to_string(),
        _ => name,
    };
    // A width in pixels: no leading zero (`001` numbers a series), 100 to 4000.
    let pixels =
        |s: &str| !s.starts_with('0') && s.parse::<u32>().is_ok_and(|n| (100..=4000).contains(&n));
    let size = |t: &str| {
        pixels(t)
            || t.split_once('x')
                .is_some_and(|(w, h)| pixels(w) && pixels(h))
            || t.strip_prefix(['w', 'h']).is_some_and(pixels)
    };
    let mut tokens: Vec<&str> = base.split(['-', '_', ',']).collect();
    if tokens.len() > 1 && tokens.last().is_some_and(|t| size(t)) {
        tokens.pop();
    }
    tokens.join("-")
}

/// The `og:image:alt` text when it reads as a caption: a few words, not the headline again.
fn lead_alt_caption(meta: &meta::Meta) -> Option<String> {
    let alt = meta.lead_image_alt.as_deref()?;
    let alt = leftover_entities(alt).into_owned();
    let words = alt.split_whitespace().count();
    let title = meta.og_title.as_deref().or(meta.title_tag.as_deref());
    // A description has lowercase words; a list of names (`News. Jane Roe`) is a label.
    let described = alt
        .split_whitespace()
        .any(|w| w.chars().next().is_some_and(char::is_lowercase));
    (words >= 4 && described && title.is_none_or(|t| key(t) != key(&alt))).then_some(alt)
}

/// Rule ids from `<!-- capcheck-ignore id, id -->` comments; they apply to every figure.
fn page_ignores(index: &Index<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for info in &index.nodes {
        if let Node::Comment(c) = info.node {
            for id in super::ignore_comment(c).unwrap_or_default() {
                if !out.iter().any(|o| o == id) {
                    out.push(id.to_string());
                }
            }
        }
    }
    out
}

/// The headline element's text: the first `h1` outside page furniture.
fn headline_text(index: &Index<'_>) -> Option<String> {
    let h1 = (0..index.nodes.len())
        .find(|&i| index.tag(i) == "h1" && index.flags(i) & (OUTSIDE | SKIP) == 0)?;
    let t = index.text_of(h1, |own, _| own & index::SR_ONLY != 0);
    (!t.is_empty()).then_some(t)
}

/// The author line from `rel=author`, `itemprop=author` or a `byline` class.
fn byline(index: &Index<'_>) -> Option<String> {
    for (i, info) in index.nodes.iter().enumerate() {
        let Some(e) = info.el else { continue };
        if info.inherited & (SKIP | OUTSIDE | index::FIGURE | index::CAPTION) != 0 {
            continue;
        }
        let hit = e.get_attr(Name::Rel) == Some("author")
            || e.get_attr(Name::Itemprop)
                .is_some_and(|p| p.split_whitespace().any(|p| p == "author"))
            || index.words(i).contains(" byline ");
        if hit {
            let t = index.text_of(i, |own, _| own & SKIP != 0);
            if !t.is_empty() && t.len() < 200 {
                return Some(t);
            }
        }
    }
    None
}

/// Finds where a short piece of text occurs in the source, after `from` if possible. Entities
/// in the source are not decoded, so the text is cut before the first character that may have
/// been written as one.
fn locate(html: &str, anchor: &str, from: usize) -> Option<usize> {
    let find = |needle: &str| -> Option<usize> {
        if needle.len() < 4 {
            return None;
        }
        // memmem finds the same first occurrence as `str::find`, vectorised (a page is searched
        // once per figure).
        let find_in = |hay: &str| memchr::memmem::find(hay.as_bytes(), needle.as_bytes());
        html.get(from..)
            .and_then(|rest| find_in(rest).map(|p| p + from))
            .or_else(|| find_in(html))
    };
    find(anchor).or_else(|| {
        // The longest run of characters that are never written as entities.
        let safe = |c: char| {
            c.is_ascii_alphanumeric() || matches!(c, ' ' | ',' | '.' | '-' | ':' | '(' | ')' | '/')
        };
        let best = anchor
            .split(|c: char| !safe(c))
            .map(str::trim)
            .max_by_key(|s| s.len())?;
        if best.len() >= 8 {
            find(best)
        } else {
            None
        }
    })
}

/// Line and column numbers of byte offsets in one text, counted as they are asked for: the
/// figures of a page are mostly located in page order, so each count goes on from the last
/// offset asked for, and a page is read once however many figures it has (a page on one line
/// would otherwise have its characters counted once per figure). An offset before the last
/// costs the distance back: callers ask in page order, and go back only after a search of the
/// page from its start (`locate`'s fallback), which costs as much.
pub(crate) struct LineIndex {
    /// The last offset asked for, with its line, the offset its line starts at, and its column.
    last: std::cell::Cell<Spot>,
}

/// An offset with its 1-based line, the start of that line, and its 1-based column.
#[derive(Clone, Copy)]
struct Spot {
    off: usize,
    line: usize,
    line_start: usize,
    column: usize,
}

impl LineIndex {
    /// An index of a text that `position` is then asked about (nothing is counted yet).
    pub(crate) fn new() -> Self {
        LineIndex {
            last: std::cell::Cell::new(Spot {
                off: 0,
                line: 1,
                line_start: 0,
                column: 1,
            }),
        }
    }

    /// The 1-based line and column of byte offset `off` in `s` (the text given to `new`).
    pub(crate) fn position(&self, s: &str, off: usize) -> (usize, usize) {
        let bytes = s.as_bytes();
        let end = off.min(bytes.len());
        let last = self.last.get();
        let (line, line_start) = if end >= last.off {
            let between = bytes.get(last.off..end).unwrap_or_default();
            let newlines = memchr::memchr_iter(b'\n', between).count();
            let start =
                memchr::memrchr(b'\n', between).map_or(last.line_start, |i| last.off + i + 1);
            (last.line + newlines, start)
        } else {
            let between = bytes.get(end..last.off).unwrap_or_default();
            let newlines = memchr::memchr_iter(b'\n', between).count();
            // On the last offset's line, the line starts where that one's does; otherwise the
            // search back stops at the nearest line end.
            let start = if newlines == 0 {
                last.line_start
            } else {
                let before = bytes.get(..end).unwrap_or_default();
                memchr::memrchr(b'\n', before).map_or(0, |i| i + 1)
            };
            (last.line - newlines, start)
        };
        // Columns are counted from the last offset when it is on the same line, forwards or
        // backwards: on a page written as one line, from the line's start would read the page
        // up to each figure again.
        let same_line = last.line == line && last.off >= line_start;
        let column = match s.get(last.off.min(off)..last.off.max(off)) {
            Some(t) if same_line && off >= last.off => last.column + t.chars().count(),
            Some(t) if same_line => last.column.saturating_sub(t.chars().count()),
            _ => {
                s.get(line_start..off)
                    .map(|t| t.chars().count())
                    .unwrap_or(0)
                    + 1
            }
        };
        self.last.set(Spot {
            off: end,
            line,
            line_start,
            column,
        });
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deadline that has passed by the time it is first looked at.
    fn passed_deadline() -> Deadline {
        let tight = crate::budget::Budget {
            time: std::time::Duration::from_nanos(1),
            ..crate::budget::Budget::default()
        };
        let deadline = tight.start();
        std::thread::sleep(std::time::Duration::from_millis(2));
        deadline
    }

    #[test]
    fn reading_stops_once_the_deadline_passes() {
        let flat = format!(
            "<html><body>{}</body></html>",
            "<p>Some words.</p>".repeat(2_000)
        );
        // Nested past the cap: the page is capped and read again before the passes.
        let deep = format!("{}<p>x</p>", "<div>".repeat(depth::MAX_DEPTH + 10));
        for page in [&flat, &deep] {
            let e = parse_html_within(page, &passed_deadline()).expect_err("out of time");
            assert!(
                matches!(
                    e,
                    BudgetError::TimedOut {
                        stage: tokenizer::STAGE,
                        ..
                    }
                ),
                "{e}"
            );
            assert!(
                e.to_string()
                    .starts_with("gave up while parsing the page: "),
                "{e}"
            );
            assert!(parse_html_within(page, &Deadline::never()).is_ok());
        }
    }

    /// The line and column of `off` counted from the start of `s`.
    fn reference_position(s: &str, off: usize) -> (usize, usize) {
        let before = &s[..off];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[start..].chars().count() + 1)
    }

    #[test]
    fn positions_counted_on_from_the_last_agree_with_counting_from_the_start() {
        for s in ["ab\ncd é\n\nfghé\nx", "one line, é, no end", "\n\n"] {
            positions_agree(s);
        }
    }

    /// Asks `LineIndex` for every offset of `s` in three orders, checking each answer.
    fn positions_agree(s: &str) {
        let offs: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
        // In order, backwards, and jumping about.
        let mut orders = vec![offs.clone(), offs.iter().rev().copied().collect::<Vec<_>>()];
        orders.push(
            offs.iter()
                .step_by(3)
                .chain(offs.iter().step_by(2).rev())
                .copied()
                .collect(),
        );
        for order in orders {
            let lines = LineIndex::new();
            for &off in &order {
                assert_eq!(
                    lines.position(s, off),
                    reference_position(s, off),
                    "offset {off}"
                );
            }
        }
    }

    const LONG: &str = "The council met on Tuesday evening to discuss the new bridge over the river, which has been delayed for two years by funding problems.";

    fn page(body: &str) -> String {
        format!("<html><head><title>Bridge vote delayed again | Example Gazette</title></head><body>{body}</body></html>")
    }

    #[test]
    fn title_from_title_tag_without_suffix() {
        let a = parse_html(&page("<p>x</p>"));
        assert_eq!(a.title.as_deref(), Some("Bridge vote delayed again"));
    }

    #[test]
    fn lead_figure_in_article_teaser_outside() {
        let html = page(&format!(
            r#"<header class="site-header"><img src="/logo.png" class="logo"></header>
            <article><h1>Bridge vote delayed again</h1>
            <figure><img src="/lead.jpg"><figcaption>The river crossing at dusk.</figcaption></figure>
            <div class="article-body"><p>{LONG}</p>
              <figure><img src="/in.jpg"><figcaption>Councillors debate the plan.</figcaption></figure>
              <p>{LONG}</p></div>
            <div class="related-stories"><figure><img src="/t.jpg"><figcaption>Another town's tram line opens.</figcaption></figure></div>
            </article>
            <aside><div class="card"><img src="/s.jpg"><p class="caption">Sidebar photo text.</p></div></aside>"#
        ));
        let a = parse_html(&html);
        let got: Vec<(Option<&str>, Scope)> = a
            .figures
            .iter()
            .map(|f| (f.caption.as_deref(), f.scope))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("The river crossing at dusk."), Scope::Article),
                (Some("Councillors debate the plan."), Scope::Article),
                (
                    Some("Another town's tram line opens."),
                    Scope::OutsideArticle
                ),
                (Some("Sidebar photo text."), Scope::OutsideArticle),
            ]
        );
        assert_eq!(a.figures[1].index, 1);
        assert_eq!(a.paragraphs.len(), 2);
        assert!(!a
            .paragraphs
            .iter()
            .any(|p| p.contains("Councillors") || p.contains("tram")));
    }

    #[test]
    fn json_ld_caption_added_or_matched() {
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","image":[
              {{"@type":"ImageObject","url":"https://x.example/img/lead-photo.jpg?w=800","caption":"Ferry passengers wait in the rain."}},
              {{"@type":"ImageObject","url":"https://x.example/img/other.jpg","caption":"Visible caption of the inline photo."}}]}}</script></head>
            <body><article><figure><img src="/img/lead-photo.jpg"></figure><div class="story-body"><p>{LONG}</p>
            <figure><img src="/img/other.jpg"><figcaption>Visible caption of the inline photo.</figcaption></figure></div></article></body></html>"#
        );
        let a = parse_html(&html);
        assert_eq!(a.figures.len(), 2, "{:?}", a.figures);
        assert_eq!(
            a.figures[0].caption.as_deref(),
            Some("Ferry passengers wait in the rain.")
        );
        let a = parse_html(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","image":{"@type":"ImageObject","url":"/z.jpg","caption":"Only in metadata."}}</script><p>Hi</p>"#,
        );
        assert_eq!(a.figures.len(), 1);
        assert_eq!(a.figures[0].caption.as_deref(), Some("Only in metadata."));
    }

    #[test]
    fn a_name_the_page_credits_elsewhere_is_a_credit() {
        let html = format!(
            r#"<html><head><meta name="author" content="Ann Lee"></head><body><article><h1>Bridge vote delayed again</h1><div class="article-body"><p>{LONG}</p>
            <figure><img src="/a.jpg"><figcaption>The river at dawn. <span class="credit">Tom Hale via AP</span></figcaption></figure>
            <figure><img src="/b.jpg"><figcaption>Tom Hale</figcaption></figure>
            <figure><img src="/c.jpg"><figcaption>Ann Lee</figcaption></figure>
            <figure><img src="/d.jpg"><figcaption>Mayor Rosa Diaz</figcaption></figure><p>{LONG}</p></div></article></body></html>"#
        );
        let figures = parse_html(&html).figures;
        let got: Vec<(Option<&str>, Option<&str>)> = figures
            .iter()
            .map(|f| (f.caption.as_deref(), f.credit.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("The river at dawn."), Some("Tom Hale via AP")),
                (None, Some("Tom Hale")),
                (None, Some("Ann Lee")),
                (Some("Mayor Rosa Diaz"), None)
            ]
        );
    }

    #[test]
    fn resized_copies_are_one_file() {
        assert!(same_file("orchard-press-1200.jpg", "orchard-press-800.jpg"));
        assert!(same_file("harbour-view_640x480.jpg", "harbour-view.jpg"));
        assert!(same_file(
            "harbour-view-w1600.webp",
            "harbour-view-w800.webp"
        ));
        // A series of photos numbers its files: those are different photos.
        assert!(!same_file("harbour-view-001.jpg", "harbour-view-002.jpg"));
        assert!(!same_file("IMG_1234.jpg", "IMG_1235.jpg"));
        assert!(!same_file("a-1200.jpg", "a-800.jpg"));
    }

    #[test]
    fn og_image_alt_captions_a_lead_photo_that_shows_only_a_credit() {
        let html = format!(
            r#"<html><head><meta property="og:image" content="https://x.example/i/ferry-lead-1200.jpg">
            <meta property="og:image:alt" content="Passengers board the ferry at Port Ellin in the rain.">
            </head><body><article><h1>Bridge vote delayed again</h1>
            <figure><img src="https://x.example/i/ferry-lead-640.jpg"><figcaption><span class="credit">Photo: Ann Lee</span></figcaption></figure>
            <div class="article-body"><p>{LONG}</p><p>{LONG}</p></div></article></body></html>"#
        );
        let a = parse_html(&html);
        assert_eq!(a.figures.len(), 1, "{:?}", a.figures);
        assert_eq!(
            a.figures[0].caption.as_deref(),
            Some("Passengers board the ferry at Port Ellin in the rain.")
        );
        assert_eq!(a.figures[0].credit.as_deref(), Some("Photo: Ann Lee"));
        // An alt text that is only names is no caption.
        let html = html.replace(
            "Passengers board the ferry at Port Ellin in the rain.",
            "Example News. Port Ellin Ferry",
        );
        assert_eq!(parse_html(&html).figures[0].caption, None);
    }

    #[test]
    fn positions_and_page_ignores() {
        let html = "<html><body><!-- capcheck-ignore caption-stale-date -->\n<figure><img src=\"/a.jpg\">\n  <figcaption>Lambs in the snow.</figcaption></figure></body></html>";
        let a = parse_html(html);
        let f = &a.figures[0];
        assert_eq!((f.line, f.column), (Some(3), Some(15)));
        assert!(f.ignore.silences(crate::types::Rule::StaleDate));
        assert!(!f.ignore.silences(crate::types::Rule::EntityMismatch));
    }

    #[test]
    fn published_from_meta() {
        let a = parse_html(
            r#"<head><meta itemprop="datePublished" content="2014-04-04"></head><body></body>"#,
        );
        assert_eq!(a.published.map(|d| d.iso()).as_deref(), Some("2014-04-04"));
    }

    fn scopes(a: &Article) -> Vec<(Option<&str>, Scope)> {
        a.figures
            .iter()
            .map(|f| (f.caption.as_deref(), f.scope))
            .collect()
    }

    #[test]
    fn page_state_classes_on_body_are_not_regions() {
        // A feature flag naming captions on <body> must not turn the whole page into a caption.
        let html = format!(
            r#"<html><body class="f_caption_muted_videos_on has-sidebar"><main><h1>Bridge vote delayed again</h1><div><p>{LONG}</p><p>{LONG}</p></div></main></body></html>"#
        );
        let p = parse_html(&html).paragraphs;
        assert_eq!(
            p.iter().filter(|x| x.starts_with("The council")).count(),
            2,
            "{p:?}"
        );
    }

    #[test]
    fn a_teaser_block_without_links_is_the_storys_own() {
        // A CMS names the story's own slideshow `teaser_section`; a teaser of other stories
        // links to them.
        let html = format!(
            r#"<body><h1>Bridge vote delayed again</h1>
            <div id="slideshow_teaser_section_block"><img src="/mayor.jpg"><div class="field-caption">Mayor Lena Ortiz speaks to reporters.</div></div>
            <div class="story-body"><p>{LONG}</p><p>{LONG}</p></div>
            <div class="teaser-list"><a href="/other"><img src="/other.jpg"></a><div class="field-caption">A kite festival on the dunes.</div></div></body>"#
        );
        let figures = parse_html(&html).figures;
        let scope_of = |c: &str| {
            figures
                .iter()
                .find(|f| f.caption.as_deref() == Some(c))
                .map(|f| f.scope)
        };
        assert_eq!(
            scope_of("Mayor Lena Ortiz speaks to reporters."),
            Some(Scope::Article),
            "{figures:?}"
        );
        assert_eq!(
            scope_of("A kite festival on the dunes."),
            Some(Scope::OutsideArticle),
            "{figures:?}"
        );
    }

    #[test]
    fn short_story_in_a_with_sidebar_wrapper() {
        let html = format!(
            r#"<body><div class="page-content with-sidebar"><h1>Bridge vote delayed again</h1><div class="story"><p>{LONG}</p><p>{LONG}</p><p>{LONG}</p><p>{LONG}</p></div>
            <ul class="most-read"><li>Other story</li></ul></div></body>"#
        );
        let p = parse_html(&html).paragraphs;
        assert_eq!(p.len(), 4, "{p:?}");
    }

    #[test]
    fn paywalled_paragraphs_are_story_text() {
        let html = format!(
            r#"<body><article><h1>Bridge vote delayed again</h1><div class="article-body"><p>{LONG}</p><p class="paywall">The second half of the story sits behind the paywall but is still the story.</p></div>
            <div class="paywall-prompt"><p>Subscribe now to keep reading our journalism.</p></div></article></body>"#
        );
        let p = parse_html(&html).paragraphs;
        assert!(p.iter().any(|x| x.contains("second half")), "{p:?}");
        assert!(!p.iter().any(|x| x.contains("Subscribe")), "{p:?}");
    }

    #[test]
    fn component_prefix_adv_is_not_an_advert() {
        let html = page(&format!(
            r#"<article><h1>Bridge vote delayed again</h1><div class="entry-content"><p>{LONG}</p>
            <span class="adv-photo-small"><img src="/mug.jpg"><span class="caption">Jo Bloggs</span></span><p>{LONG}</p>
            <div class="adv"><img src="/buy.jpg"><span class="caption">Buy a sofa today</span></div></div></article>"#
        ));
        assert_eq!(
            scopes(&parse_html(&html)),
            vec![
                (Some("Jo Bloggs"), Scope::Article),
                (Some("Buy a sofa today"), Scope::OutsideArticle)
            ]
        );
    }

    #[test]
    fn image_classes_and_figure_parts_do_not_make_furniture() {
        // An ad-slot word on the image itself, and a player wrapper inside the story's own
        // `figure`, describe the figure; a player in a loose wrapper with a linked title is a
        // clip of other news.
        let html = page(&format!(
            r#"<h1>Bridge vote delayed again</h1><div class="box"><img class="block-image-ads hero-image" src="/lead.jpg"><span class="caption">The river at dusk.</span></div>
            <div class="article-body"><p>{LONG}</p>
            <figure class="media-with-caption"><div class="player-wrapper"><img src="/poster.jpg"></div><figcaption>Engineers inspect the old bridge.</figcaption></figure>
            <p>{LONG}</p><div class="featured-video"><div class="video-player"><img src="/clip.jpg"></div><div class="caption"><a href="/v/1">Celebrity news roundup</a></div></div></div>"#
        ));
        assert_eq!(
            scopes(&parse_html(&html)),
            vec![
                (Some("The river at dusk."), Scope::Article),
                (Some("Engineers inspect the old bridge."), Scope::Article),
                (Some("Celebrity news roundup"), Scope::OutsideArticle),
            ]
        );
    }

    #[test]
    fn inline_asides_hold_photo_and_caption() {
        let html = page(&format!(
            r#"<article><h1>Bridge vote delayed again</h1><section class="body"><aside class="img-left"><img src="/in.jpg" width="300"></aside>
            <aside class="caption-left"><p>Councillors walk the route of the new bridge.</p></aside><p>{LONG}</p><p>{LONG}</p></section>
            <aside class="sidebar"><img src="/s.jpg"><p class="caption">Other town's fair.</p></aside></article>"#
        ));
        assert_eq!(
            scopes(&parse_html(&html)),
            vec![
                (
                    Some("Councillors walk the route of the new bridge."),
                    Scope::Article
                ),
                (Some("Other town's fair."), Scope::OutsideArticle)
            ]
        );
    }

    #[test]
    fn display_headline_above_lead_photo() {
        // Feature layout: display headline, lead photo, then the article with a hidden h1.
        let html = page(&format!(
            r#"<div class="trending"><figure><img src="/t.jpg"><figcaption>Trending elsewhere.</figcaption></figure></div>
            <section class="splash"><h1 class="display">Bridge vote delayed again</h1><figure><img src="/lead.jpg"><figcaption>The river crossing at dawn.</figcaption></figure></section>
            <article><h1 style="display:none">Bridge vote delayed again</h1><div class="article-body"><p>{LONG}</p><p>{LONG}</p></div></article>"#
        ));
        assert_eq!(
            scopes(&parse_html(&html)),
            vec![
                (Some("Trending elsewhere."), Scope::OutsideArticle),
                (Some("The river crossing at dawn."), Scope::Article)
            ]
        );
    }

    #[test]
    fn lead_media_above_or_beside_the_headline_is_the_storys() {
        // A hero figure beside the headline in the page's header block.
        let html = page(&format!(
            r#"<header class="site-header"><nav><a href="/">Home</a></nav></header>
            <div class="hero"><figure><img src="/lead.jpg"><figcaption>The river crossing at dawn.</figcaption></figure><div><h1>Bridge vote delayed again</h1><p>A standfirst.</p></div></div>
            <article><div class="article-body"><p>{LONG}</p><p>{LONG}</p></div></article>"#
        ));
        assert_eq!(
            scopes(&parse_html(&html)),
            vec![(Some("The river crossing at dawn."), Scope::Article)]
        );
        // A photo block right before the article the headline opens.
        let html = page(&format!(
            r#"<div class="strip"><figure><a href="/t"><img src="/t.jpg"></a><figcaption><a href="/t">Another town's tram line opens</a></figcaption></figure></div>
            <div class="lead-media"><figure><img src="/lead.jpg"><figcaption>The river crossing at dawn.</figcaption></figure></div>
            <article><h1>Bridge vote delayed again</h1><div class="article-body"><p>{LONG}</p><p>{LONG}</p></div></article>"#
        ));
        assert_eq!(
            scopes(&parse_html(&html)),
            vec![
                (
                    Some("Another town's tram line opens"),
                    Scope::OutsideArticle
                ),
                (Some("The river crossing at dawn."), Scope::Article)
            ]
        );
        // A teaser strip right before the headline links its headlines: not the story's.
        let html = page(&format!(
            r#"<div class="strip"><figure><a href="/t"><img src="/t.jpg"></a><figcaption><a href="/t">Another town's tram line opens</a></figcaption></figure></div>
            <article><h1>Bridge vote delayed again</h1><div class="article-body"><p>{LONG}</p><p>{LONG}</p></div></article>"#
        ));
        assert_eq!(
            scopes(&parse_html(&html)),
            vec![(
                Some("Another town's tram line opens"),
                Scope::OutsideArticle
            )]
        );
    }

    #[test]
    fn lead_video_figure_between_headline_and_body() {
        let html = page(&format!(
            r#"<article><h1>Bridge vote delayed again</h1><figure><video src="/v.mp4"></video><img src="/poster.jpg"><figcaption>Protesters block the bridge approach – video</figcaption></figure>
            <div class="article-body"><p>{LONG}</p><p>{LONG}</p></div></article>
            <div class="after"><div><video src="/o.mp4"></video><img src="/o.jpg"><p class="caption">Another clip</p></div></div>"#
        ));
        assert_eq!(
            scopes(&parse_html(&html)),
            vec![
                (
                    Some("Protesters block the bridge approach – video"),
                    Scope::Article
                ),
                (Some("Another clip"), Scope::OutsideArticle)
            ]
        );
    }

    #[test]
    fn og_image_in_lightbox_is_the_lead_photo() {
        let html = format!(
            r#"<html><head><meta property="og:image" content="https://x.example/img/LEAD123.jpg"></head><body><article><h1>Bridge vote delayed again</h1>
            <div class="article-body"><p>{LONG}</p><p>{LONG}</p></div></article>
            <dialog><figure><img src="https://x.example/img/LEAD123.jpg?width=640"><figcaption>Fines for the toll dodgers.</figcaption></figure></dialog>
            <dialog><figure><img src="https://x.example/img/other.jpg"><figcaption>News in pictures: a storm.</figcaption></figure></dialog></body></html>"#
        );
        assert_eq!(
            scopes(&parse_html(&html)),
            vec![
                (Some("Fines for the toll dodgers."), Scope::Article),
                (Some("News in pictures: a storm."), Scope::OutsideArticle)
            ]
        );
    }

    #[test]
    fn survives_odd_input() {
        for s in [
            "",
            "<",
            "<<<>>>",
            "<figure><figcaption>",
            "<img data-caption>",
            "\u{0}\u{feff}<p>é</p>",
            "<script type=application/ld+json>{]</script>",
        ] {
            let _ = parse_html(s);
        }
        let deep = "<div>".repeat(5000);
        let _ = parse_html(&deep);
    }

    /// Prints why each figure of `CAPCHECK_EXPLAIN=page.html` got its scope (a debugging aid).
    #[test]
    #[ignore]
    fn explain_file() {
        let Ok(paths) = std::env::var("CAPCHECK_EXPLAIN") else {
            return;
        };
        for path in paths.split(':') {
            let Ok(html) = std::fs::read_to_string(path) else {
                continue;
            };
            eprintln!("=== {path}");
            let doc = scraper::Html::parse_document(&html);
            let index = Index::build(&doc);
            let container = body::find_container(&index);
            let region = scope::region(&index, &container);
            let describe = |i: usize| {
                let e = index.element(i);
                format!(
                    "{}#{}.{}[{:b}]",
                    index.tag(i),
                    e.and_then(|e| e.get_attr(Name::Id)).unwrap_or(""),
                    e.and_then(|e| e.get_attr(Name::Class))
                        .unwrap_or("")
                        .chars()
                        .take(50)
                        .collect::<String>(),
                    index.own(i)
                )
            };
            for &r in &container.roots {
                eprintln!(
                    "container {} {} end={:?}",
                    r,
                    describe(r),
                    index.nodes.get(r).map(|n| n.end)
                );
            }
            eprintln!("region {:?}", region);
            // Where a piece of text sits: its ancestors and their flags (`CAPCHECK_FIND=text`).
            if let Ok(needle) = std::env::var("CAPCHECK_FIND") {
                if let Some(t) = (0..index.nodes.len()).find(|&i| index.flags(i) & SKIP == 0 && matches!(index.nodes[i].node, Node::Text(t) if t.contains(needle.as_str()))) {
                let chain: Vec<String> = index.ancestors(t).map(|a| format!("{a}:{}", describe(a))).collect();
                eprintln!("find: {}", chain.join(" < "));
            }
            }
            for f in figures::discover(&index) {
                let s = scope::decide(&index, &container, &region, &f);
                eprintln!(
                    "{:?} unit={} {:?} | {:?}",
                    s,
                    f.unit,
                    f.caption
                        .as_deref()
                        .map(|c| c.chars().take(60).collect::<String>()),
                    f.credit
                );
                let chain: Vec<String> = std::iter::once(f.unit)
                    .chain(index.ancestors(f.unit))
                    .filter(|&a| index.own(a) != 0 || a == f.unit)
                    .map(describe)
                    .collect();
                eprintln!("    {}", chain.join(" < "));
            }
        }
    }
}
