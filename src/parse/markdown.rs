//! Markdown and MDX sources of static-site generators (Hugo, Jekyll, Eleventy, Astro,
//! Docusaurus…): front matter for the metadata ([`front`]), template tags for photos
//! ([`components`]), and the CommonMark body through `pulldown-cmark`, whose byte offsets
//! give every caption its line and column in the file a writer edits.
//!
//! Photos are found by shape, not by generator: a template tag about an image, a Markdown
//! image (its title is a caption), an emphasised line or paragraph right under an image (the
//! caption readers see), and raw HTML `<figure>` blocks, read by the HTML page's own figure
//! discovery. A `<!-- capcheck-ignore … -->` comment silences the figure after it; a
//! `capcheck-ignore` front-matter key silences the whole document.

mod components;
mod front;

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::budget::{BudgetError, Deadline};
use crate::parse::credit::split_credit;
use crate::parse::html::{self, LineIndex};
use crate::types::{Article, Figure, Scope};

/// The CommonMark extensions generators turn on: tables, footnotes, strikethrough, and
/// `{#id}` heading attributes (which must not read as heading text).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses a Markdown (or, with `mdx`, an MDX) document into an `Article`; `id` is its path,
/// whose file name may carry the date (`2024-05-01-title.md`, Jekyll's posts).
pub fn parse_markdown(text: &str, id: &str, mdx: bool) -> Article {
    // Without a deadline nothing can run out of time.
    parse_markdown_within(text, id, mdx, &Deadline::never()).unwrap_or_default()
}

/// What a Markdown document's reading is called when its time runs out.
const STAGE: &str = "reading the Markdown";

/// Markdown events read between two looks at the deadline.
const DEADLINE_EVERY: usize = 256;

/// `parse_markdown` that stops once `deadline` passes: both passes over the document's events
/// look at it every [`DEADLINE_EVERY`] events.
pub fn parse_markdown_within(
    text: &str,
    id: &str,
    mdx: bool,
    deadline: &Deadline,
) -> Result<Article, BudgetError> {
    let (front, body_start) = front::split(text);
    let mut bytes = text.as_bytes().to_vec();
    blank(&mut bytes, 0..body_start);
    let stage = into_string(bytes);
    let code = code_ranges(&stage, deadline)?;
    let tags = components::scan(&stage, &code, mdx);
    let mut bytes = stage.into_bytes();
    for r in &tags.blank {
        blank(&mut bytes, r.clone());
    }
    let src = into_string(bytes);

    let lines = LineIndex::new();
    let mut walk = Walk::new(&src, text, &lines);
    walk.run(deadline)?;
    let Walk {
        mut figures,
        mut comments,
        paragraphs,
        h1,
        ..
    } = walk;

    add_tag_figures(&mut figures, tags.figures);
    // Document order; a stable sort keeps the figures of one HTML block in their order.
    figures.sort_by_key(|f| f.order);
    comments.sort_by_key(|c| c.0);
    for (off, ids) in &comments {
        let next = figures.partition_point(|f| f.order < *off);
        if let Some(f) = figures.get_mut(next) {
            for id in ids {
                f.fig.ignore.add_id(id);
            }
        }
    }
    let front_ignore = front.as_ref().map(|f| f.ignore.as_slice()).unwrap_or(&[]);
    let figures = number_and_place(figures, text, &lines, front_ignore);

    let not_an_article = front.is_none() && !figures.iter().any(|f| f.caption.is_some());
    let front = front.unwrap_or_default();
    let published = front
        .date
        .as_deref()
        .and_then(crate::parse::dates::parse_published)
        .or_else(|| file_name_date(id));
    // A language the front matter declares wins; else the body's text tells.
    let language = front
        .language
        .as_deref()
        .and_then(crate::parse::language::from_tag)
        .or_else(|| {
            let texts: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            crate::parse::language::detect(&texts)
        });
    Ok(Article {
        language,
        title: front.title.or(h1),
        url: None,
        published,
        description: front.description,
        byline: front.byline,
        paragraphs,
        keywords: front.keywords,
        figures,
        not_an_article,
    })
}

/// Adds the photos of template tags (shortcodes, components) as figures, each placed at its
/// caption when it has one, else at the tag.
fn add_tag_figures(figures: &mut Vec<Found>, tags: Vec<components::TagFigure>) {
    for t in tags {
        let mut fig = Figure::new(0);
        fig.src = t.src;
        fig.alt = t.alt;
        let at = t.caption.as_ref().map_or(t.start, |c| c.1);
        set_caption(&mut fig, t.caption.map(|c| c.0));
        if t.credit.is_some() {
            fig.credit = t.credit;
        }
        figures.push(Found {
            order: t.start,
            at: Some(at),
            fig,
        });
    }
}

/// The figures in document order as the model's [`Figure`]s: numbered, with line and column,
/// and the ids the front matter ignores for the whole document.
fn number_and_place(
    figures: Vec<Found>,
    text: &str,
    lines: &LineIndex,
    front_ignore: &[String],
) -> Vec<Figure> {
    figures
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut fig = f.fig;
            fig.index = i;
            if let Some(at) = f.at {
                let (line, column) = lines.position(text, at);
                fig.line = Some(line);
                fig.column = Some(column);
            }
            for id in front_ignore {
                fig.ignore.add_id(id);
            }
            fig
        })
        .collect()
}

/// The date a file name starts with (`2024-05-01-harbour.md`).
fn file_name_date(id: &str) -> Option<crate::types::PartialDate> {
    let name = id.rsplit(['/', '\\']).next()?;
    let head = name.get(..11)?;
    let b = head.as_bytes();
    let shape = b[4] == b'-' && b[7] == b'-' && b[10] == b'-';
    let digits = [0..4, 5..7, 8..10]
        .iter()
        .all(|r| b[r.clone()].iter().all(u8::is_ascii_digit));
    (shape && digits)
        .then(|| crate::parse::dates::parse_published(&head[..10]))
        .flatten()
}

/// Replaces a byte range by spaces, keeping line breaks, so that offsets and lines stay.
fn blank(bytes: &mut [u8], r: Range<usize>) {
    if let Some(part) = bytes.get_mut(r) {
        for b in part {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
}

/// Bytes that were a `str` with whole characters blanked back into a `String`.
fn into_string(bytes: Vec<u8>) -> String {
    // Every blanked range starts and ends on a character boundary (the scanners stop only at
    // ASCII bytes), and a whole character replaced by spaces is valid UTF-8: the lossy branch
    // is never taken, and would only replace bytes, never move a line.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The byte ranges of code blocks and code spans: examples, whose tags are shown, not run.
fn code_ranges(src: &str, deadline: &Deadline) -> Result<Vec<Range<usize>>, BudgetError> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (n, (ev, range)) in Parser::new_ext(src, options())
        .into_offset_iter()
        .enumerate()
    {
        if n % DEADLINE_EVERY == 0 {
            deadline.check(STAGE)?;
        }
        if matches!(ev, Event::Start(Tag::CodeBlock(_)) | Event::Code(_))
            && out.last().is_none_or(|l| l.end <= range.start)
        {
            out.push(range);
        }
    }
    Ok(out)
}

/// Sets a caption, splitting off a credit written into it (`… Photo: Ana Ruiz`).
fn set_caption(fig: &mut Figure, caption: Option<String>) {
    let Some(caption) = caption.filter(|c| !c.trim().is_empty()) else {
        return;
    };
    let (rest, credit) = split_credit(&caption);
    if rest.trim().is_empty() {
        fig.caption = Some(caption);
    } else {
        fig.caption = Some(rest);
        if credit.is_some() {
            fig.credit = credit;
        }
    }
}

/// A figure with its place in the source: `order` for document order, `at` for its line and
/// column (unset when the HTML discovery gave them).
struct Found {
    order: usize,
    at: Option<usize>,
    fig: Figure,
}

/// A piece of a block's inline content.
enum Item {
    /// Text, whether it is emphasised, and where it starts.
    Text(String, bool, usize),
    /// A Markdown image.
    Image(Image),
    /// A line break inside the block.
    Break,
}

/// A Markdown image as read: address, title, alt text, and its source range.
struct Image {
    src: String,
    title: String,
    alt: String,
    range: Range<usize>,
}

/// The walk over the body's events.
struct Walk<'a> {
    /// The body with front matter and template tags blanked.
    src: &'a str,
    /// The file as written (same offsets), for positions.
    text: &'a str,
    lines: &'a LineIndex,
    figures: Vec<Found>,
    /// `capcheck-ignore` comments: where, and the ids.
    comments: Vec<(usize, Vec<String>)>,
    paragraphs: Vec<String>,
    h1: Option<String>,
    /// The inline content of the block being read.
    items: Vec<Item>,
    /// Emphasis and strong nesting.
    emph: usize,
    image: Option<Image>,
    heading: Option<HeadingLevel>,
    in_code: bool,
    /// An HTML block being read: where it starts and its text.
    html: Option<(usize, String)>,
    /// Events starting before this offset were read as part of a raw `<figure>`.
    skip_until: usize,
    /// The figure of an image block with no caption yet: an emphasised paragraph right after
    /// it is its caption.
    awaiting: Option<usize>,
}

impl<'a> Walk<'a> {
    /// A walk over `src` (the body with front matter and template tags blanked) that places
    /// what it finds in `text`.
    fn new(src: &'a str, text: &'a str, lines: &'a LineIndex) -> Self {
        Walk {
            src,
            text,
            lines,
            figures: Vec::new(),
            comments: Vec::new(),
            paragraphs: Vec::new(),
            h1: None,
            items: Vec::new(),
            emph: 0,
            image: None,
            heading: None,
            in_code: false,
            html: None,
            skip_until: 0,
            awaiting: None,
        }
    }
}

impl Walk<'_> {
    /// Reads the body's events in order; events inside a raw `<figure>` read whole are skipped.
    fn run(&mut self, deadline: &Deadline) -> Result<(), BudgetError> {
        let src = self.src;
        for (n, (ev, range)) in Parser::new_ext(src, options())
            .into_offset_iter()
            .enumerate()
        {
            if n % DEADLINE_EVERY == 0 {
                deadline.check(STAGE)?;
            }
            if range.start < self.skip_until {
                continue;
            }
            self.block_event(ev, range);
        }
        self.flush();
        Ok(())
    }

    /// An event that opens or closes a block (heading, code, HTML, paragraph, item…); inline
    /// events go to [`Self::inline_event`].
    fn block_event(&mut self, ev: Event<'_>, range: Range<usize>) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush();
                self.heading = Some(level);
            }
            Event::End(TagEnd::Heading(_)) => {
                self.flush();
                self.heading = None;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Start(Tag::HtmlBlock) => {
                self.flush();
                self.html_start(range.start);
            }
            Event::Html(t) => {
                if let Some((_, chunk)) = self.html.as_mut() {
                    chunk.push_str(&t);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, chunk)) = self.html.take() {
                    self.html_block(start, &chunk);
                }
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::TableRow
                | Tag::TableHead
                | Tag::FootnoteDefinition(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::FootnoteDefinition,
            ) => self.flush(),
            ev => self.inline_event(ev, range),
        }
    }

    /// An event inside a block: text, emphasis, an image, a line break, inline HTML.
    fn inline_event(&mut self, ev: Event<'_>, range: Range<usize>) {
        match ev {
            Event::Start(Tag::Emphasis | Tag::Strong) => self.emph += 1,
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => {
                self.emph = self.emph.saturating_sub(1);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                self.image = Some(Image {
                    src: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    range,
                });
            }
            Event::End(TagEnd::Image) => {
                if let Some(img) = self.image.take() {
                    self.items.push(Item::Image(img));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if self.in_code {
                    return;
                }
                match self.image.as_mut() {
                    Some(img) => img.alt.push_str(&t),
                    None => self
                        .items
                        .push(Item::Text(t.to_string(), self.emph > 0, range.start)),
                }
            }
            Event::SoftBreak | Event::HardBreak => match self.image.as_mut() {
                Some(img) => img.alt.push(' '),
                None => self.items.push(Item::Break),
            },
            Event::InlineHtml(t) => self.comments_in(range.start, &t),
            _ => {}
        }
    }

    /// Records the `capcheck-ignore` comments of an HTML fragment starting at `at`.
    fn comments_in(&mut self, at: usize, html: &str) {
        let mut rest = html;
        while let Some(open) = rest.find("<!--") {
            let after = &rest[open + 4..];
            let Some(close) = after.find("-->") else {
                break;
            };
            if let Some(ids) = super::ignore_comment(&after[..close]) {
                self.comments
                    .push((at, ids.into_iter().map(str::to_string).collect()));
            }
            rest = &after[close + 3..];
        }
    }

    /// An HTML block starts at `start`: a `<figure>` is read whole up to its closing tag (its
    /// blank lines would otherwise end the block halfway); anything else block by block.
    fn html_start(&mut self, start: usize) {
        let rest = &self.src[start..];
        let lead = rest.len() - rest.trim_start().len();
        let is_figure = rest[lead..]
            .get(..7)
            .is_some_and(|h| h.eq_ignore_ascii_case("<figure"));
        if is_figure {
            if let Some(close) = find_ci(rest, "</figure>") {
                let end = close + "</figure>".len();
                let end = rest[end..].find('\n').map_or(rest.len(), |i| end + i + 1);
                self.skip_until = start + end;
                let chunk = &rest[..end];
                self.html_block(start, chunk);
                return;
            }
        }
        self.html = Some((start, String::new()));
    }

    /// A raw HTML block at `start`: its ignore comments, its figures through the HTML page's
    /// discovery (positions moved to the Markdown file), and its text.
    fn html_block(&mut self, start: usize, chunk: &str) {
        self.comments_in(start, chunk);
        let has_photo = ["<img", "<figure", "<picture"]
            .iter()
            .any(|t| find_ci(chunk, t).is_some());
        let bare = chunk.trim();
        if !has_photo && (bare.is_empty() || (bare.starts_with("<!--") && bare.ends_with("-->"))) {
            return;
        }
        let art = html::parse_html(chunk);
        let (line0, col0) = self.lines.position(self.text, start);
        for f in art.figures {
            let mut fig = f;
            // Everything in a Markdown body is the story's own.
            fig.scope = Scope::Article;
            if let (Some(l), Some(c)) = (fig.line, fig.column) {
                fig.line = Some(line0 + l - 1);
                fig.column = Some(if l == 1 { col0 + c - 1 } else { c });
            }
            self.figures.push(Found {
                order: start,
                at: None,
                fig,
            });
        }
        self.paragraphs.extend(art.paragraphs);
        self.awaiting = None;
    }

    /// Ends the block being read: its images become figures, an emphasised line under them
    /// their caption, the rest body text (or the headline).
    fn flush(&mut self) {
        let items = std::mem::take(&mut self.items);
        if items.is_empty() {
            return;
        }
        if !items.iter().any(|i| matches!(i, Item::Image(_))) {
            let (text, emphasised, at) = join(&items);
            if text.is_empty() {
                return;
            }
            if emphasised && self.heading.is_none() {
                if let Some(i) = self.awaiting.take() {
                    self.caption_line(i, text, at);
                    return;
                }
            }
            self.awaiting = None;
            if self.heading == Some(HeadingLevel::H1) && self.h1.is_none() {
                self.h1 = Some(text);
            } else {
                self.paragraphs.push(text);
            }
            return;
        }
        let lines: Vec<&[Item]> = items.split(|i| matches!(i, Item::Break)).collect();
        let last_image_line = lines
            .iter()
            .rposition(|l| l.iter().any(|i| matches!(i, Item::Image(_))))
            .unwrap_or(0);
        let mut body: Vec<&Item> = Vec::new();
        let mut last = None;
        for line in &lines[..=last_image_line] {
            for item in line.iter() {
                match item {
                    Item::Image(img) => last = Some(self.image_figure(img)),
                    other => body.push(other),
                }
            }
            body.push(&Item::Break);
        }
        let tail: Vec<&Item> = lines[last_image_line + 1..]
            .iter()
            .flat_map(|l| l.iter().chain(std::iter::once(&Item::Break)))
            .collect();
        let (tail_text, tail_emphasised, at) = join_refs(&tail);
        self.awaiting = None;
        match last {
            Some(i) if !tail_text.is_empty() && tail_emphasised => {
                self.caption_line(i, tail_text, at);
            }
            _ => {
                body.extend(tail);
                self.awaiting = last.filter(|_| tail_text.is_empty());
            }
        }
        let (text, _, _) = join_refs(&body);
        if !text.is_empty() {
            self.paragraphs.push(text);
        }
    }

    /// A Markdown image becomes a figure; its title, if any, is the caption.
    fn image_figure(&mut self, img: &Image) -> usize {
        let mut fig = Figure::new(0);
        fig.src = (!img.src.trim().is_empty()).then(|| img.src.clone());
        let alt = fold(&img.alt);
        fig.alt = (!alt.is_empty()).then_some(alt);
        let title = fold(&img.title);
        // The title is written last inside the parentheses: find its first words there.
        let probe: String = title.chars().take(12).collect();
        let at = self
            .src
            .get(img.range.clone())
            .and_then(|s| (!probe.is_empty()).then(|| s.rfind(&probe)).flatten())
            .map_or(img.range.start, |i| img.range.start + i);
        set_caption(&mut fig, Some(title));
        self.figures.push(Found {
            order: img.range.start,
            at: Some(at),
            fig,
        });
        self.figures.len() - 1
    }

    /// An emphasised line under an image is the caption readers see: it wins over the title.
    fn caption_line(&mut self, i: usize, text: String, at: Option<usize>) {
        if let Some(f) = self.figures.get_mut(i) {
            f.fig.caption = None;
            set_caption(&mut f.fig, Some(text));
            if let Some(at) = at {
                f.at = Some(at);
            }
        }
    }
}

/// The text of a block's items with spaces folded, whether all of it is emphasised, and where
/// its first words start.
fn join(items: &[Item]) -> (String, bool, Option<usize>) {
    join_refs(&items.iter().collect::<Vec<_>>())
}

/// `join` over borrowed items.
fn join_refs(items: &[&Item]) -> (String, bool, Option<usize>) {
    let mut out = String::new();
    let mut emphasised = true;
    let mut at = None;
    for item in items {
        match item {
            Item::Text(t, emph, off) => {
                if !t.trim().is_empty() {
                    emphasised &= *emph;
                    if at.is_none() {
                        at = Some(off + (t.len() - t.trim_start().len()));
                    }
                }
                out.push_str(t);
            }
            Item::Break => out.push(' '),
            Item::Image(_) => {}
        }
    }
    let text = fold(&out);
    let emphasised = emphasised && !text.is_empty();
    (text, emphasised, at)
}

/// Text with runs of white space made one space, trimmed.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where `needle` (ASCII) first occurs in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    let h = hay.as_bytes();
    let first = n.first()?;
    memchr::memchr_iter(*first, h).find(|&i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Rule;

    #[test]
    fn a_long_document_stops_at_the_deadline_and_reads_whole_without_one() {
        let doc =
            "![A ferry leaves the pier.](ferry.jpg)\n\n*The ferry at dawn. Photo: Ann Lee*\n\n\
                   Text about the harbour.\n\n"
                .repeat(2_000);
        let spent = crate::budget::Budget {
            time: std::time::Duration::ZERO,
            ..Default::default()
        }
        .start();
        assert!(matches!(
            parse_markdown_within(&doc, "post.md", false, &spent),
            Err(BudgetError::TimedOut { stage: STAGE, .. })
        ));
        let read = parse_markdown_within(&doc, "post.md", false, &Deadline::never());
        let captions: Vec<_> = read
            .iter()
            .flat_map(|a| &a.figures)
            .filter_map(|f| f.caption.as_deref())
            .collect();
        assert_eq!(captions.len(), 2_000);
        assert!(
            captions.iter().all(|c| *c == "The ferry at dawn."),
            "{captions:?}"
        );
    }

    fn captions(a: &Article) -> Vec<(Option<&str>, Option<&str>, Option<usize>)> {
        a.figures
            .iter()
            .map(|f| (f.caption.as_deref(), f.credit.as_deref(), f.line))
            .collect()
    }

    #[test]
    fn front_matter_and_every_photo_shape() {
        let md = "---\ntitle: Harbour reopens\ndate: 2024-05-01\ndescription: Ships return.\n---\n\
                  The port of Velmar reopened on Monday.\n\n\
                  ![Cranes](cranes.jpg \"Cranes stand idle in Velmar.\")\n\n\
                  ![Ferry](ferry.jpg)\n*The first ferry docks in Velmar.*\n\n\
                  ![Tug](tug.jpg)\n\n_A tug in the outer harbour._\n\n\
                  {{< figure src=\"pier.jpg\" caption=\"The north pier.\" credit=\"Ana Sol\" >}}\n\n\
                  <figure>\n<img src=\"gate.jpg\">\n\n<figcaption>The harbour gate at dusk.</figcaption>\n</figure>\n\n\
                  More text about Velmar.\n";
        let a = parse_markdown(md, "content/post.md", false);
        assert_eq!(a.title.as_deref(), Some("Harbour reopens"));
        assert_eq!(a.published.map(|d| d.iso()).as_deref(), Some("2024-05-01"));
        assert_eq!(a.description.as_deref(), Some("Ships return."));
        assert_eq!(
            captions(&a),
            vec![
                (Some("Cranes stand idle in Velmar."), None, Some(8)),
                (Some("The first ferry docks in Velmar."), None, Some(11)),
                (Some("A tug in the outer harbour."), None, Some(15)),
                (Some("The north pier."), Some("Ana Sol"), Some(17)),
                (Some("The harbour gate at dusk."), None, Some(22)),
            ]
        );
        assert_eq!(a.figures[1].column, Some(2));
        assert_eq!(
            a.paragraphs,
            [
                "The port of Velmar reopened on Monday.",
                "More text about Velmar."
            ]
        );
        assert!(!a.not_an_article);
    }

    #[test]
    fn ignores_comments_and_front_matter() {
        let md = "+++\ntitle = 'x'\ncapcheck-ignore = ['caption-stale-date']\n+++\n\
                  ![a](a.jpg \"One in Oslo.\")\n\n<!-- capcheck-ignore caption-entity-mismatch -->\n\
                  ![b](b.jpg \"Two in Rome.\")\n";
        let a = parse_markdown(md, "x.md", false);
        assert_eq!(a.figures.len(), 2);
        assert!(a.figures[0].ignore.silences(Rule::StaleDate));
        assert!(!a.figures[0].ignore.silences(Rule::EntityMismatch));
        assert!(a.figures[1].ignore.silences(Rule::EntityMismatch));
    }

    #[test]
    fn readme_is_not_an_article() {
        let md = "# capcheck\n\n![build](https://ci.example/badge.svg)\n\n```md\n{{< figure src=\"a\" caption=\"b\" >}}\n```\n\nUse it.\n";
        let a = parse_markdown(md, "README.md", false);
        assert!(a.not_an_article);
        assert_eq!(a.title.as_deref(), Some("capcheck"));
        assert_eq!(a.figures.len(), 1);
        assert_eq!(a.paragraphs, ["Use it."]);
    }

    #[test]
    fn mdx_components_and_jekyll_dates() {
        let md = "---\ntitle: Dunes\n---\nimport Figure from '../Figure.astro'\n\n\
                  <Figure src=\"/d.jpg\" caption={\"Dunes near Arvo.\"} credit=\"Li Wu\" />\n\nText.\n";
        let a = parse_markdown(md, "src/2021-03-04-dunes.mdx", true);
        assert_eq!(
            captions(&a),
            vec![(Some("Dunes near Arvo."), Some("Li Wu"), Some(6))]
        );
        assert_eq!(a.paragraphs, ["Text."]);
        assert_eq!(a.published.map(|d| d.iso()).as_deref(), Some("2021-03-04"));
    }

    #[test]
    fn odd_input() {
        for s in [
            "",
            "---",
            "---\n",
            "+++\n+++\n",
            "{",
            "![",
            "<figure>",
            "*x*",
            "{{<",
            "<F a={",
        ] {
            let _ = parse_markdown(s, "a.md", true);
        }
        let _ = parse_markdown(&"> ".repeat(5000), "a.md", false);
        // Openers without closers cost one pass, not one look-ahead each.
        for unit in [
            "<Ab x={",
            "<Ab x=\"",
            "{{< a ",
            "{{</ ",
            "{/* ",
            "![a](b \"",
            "*a ",
        ] {
            let t = std::time::Instant::now();
            let _ = parse_markdown(&unit.repeat(40_000), "a.mdx", true);
            assert!(t.elapsed().as_secs() < 5, "{unit}: {:?}", t.elapsed());
        }
    }
}
