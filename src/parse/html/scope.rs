//! Decides whether a figure belongs to the story or sits in a teaser, sidebar, player or
//! other page furniture.

use crate::types::Scope;

use super::body::Container;
use super::figures::Found;
use super::index::Attr as _;
use super::index::{Index, CAPTION, CHROME, FIGURE, HIDDEN, OUTSIDE, SKIP};
use super::vocab;
use crate::parse::kept_attrs::{Name, Present};

/// Where the story starts and ends in document order, with the furniture already flagged.
#[derive(Debug)]
pub struct Region {
    /// First node that still belongs to the story (headline, article header, lead photo).
    start: usize,
    /// Last node of the container.
    end: usize,
    /// Whether a container was found at all.
    found: bool,
    /// The headline element, when one precedes the container.
    h1: Option<usize>,
}

/// The region of the story: from its headline (or its `<article>` start) to the container's end.
pub fn region(index: &Index<'_>, container: &Container) -> Region {
    let (Some(start), Some(end)) = (container.start(), container.end(index)) else {
        return Region {
            start: 0,
            end: usize::MAX,
            found: false,
            h1: None,
        };
    };
    // The headline before the container: the lead photo sits between the two. Feature
    // layouts print a display headline above the lead photo and repeat it (often hidden) in
    // the article header, so the first headline outside page chrome counts; else the last
    // one outside furniture (a headline inside a header element).
    let clean = |i: usize| {
        index.tag(i) == "h1"
            && index.flags(i) & (SKIP | HIDDEN) == 0
            && (index.flags(i) & (OUTSIDE | CHROME) == 0 || unlinked_teaser(index, i))
            && index.nodes.get(i).is_some_and(|n| n.text >= 10)
    };
    let h1 = (0..start).find(|&i| clean(i)).or_else(|| {
        (0..start)
            .rev()
            .find(|&i| index.tag(i) == "h1" && index.flags(i) & (OUTSIDE | SKIP) == 0)
    });
    let article = index
        .ancestors(start)
        .take(8)
        .find(|&a| matches!(index.tag(a), "article" | "main"))
        .filter(|&a| index.nodes.get(a).is_some_and(|n| n.end >= end));
    let parent = index.ancestors(start).nth(1).unwrap_or(start);
    let from = match (h1, article) {
        (Some(h), Some(a)) => h.min(a.min(lead_media(index, h, start))),
        (Some(h), None) => lead_media(index, h, start),
        (None, Some(a)) => a,
        (None, None) => parent,
    }
    .min(start);
    Region {
        start: from,
        end,
        found: true,
        h1,
    }
}

/// Where the story's lead media starts when it stands above or beside the headline: the
/// headline's block (a hero header holding the lead `figure` and the `h1`: little text besides
/// the headline's), and a block right before it that holds only photos and their captions (a
/// lead carousel). Furniture never counts, nor a block holding the story's body (which starts
/// at `body`). Returns `h` when there is neither.
fn lead_media(index: &Index<'_>, h: usize, body: usize) -> usize {
    let Some(head) = index.nodes.get(h) else {
        return h;
    };
    let mut from = h;
    let mut cur = h;
    for _ in 0..4 {
        // A media block right before the headline's block.
        let prev = index.prev_element_sibling(cur);
        if let Some(prev) = prev {
            if media_block(index, prev) {
                from = from.min(prev);
            }
        }
        let Some(parent) = index.nodes.get(cur).map(|n| n.parent) else {
            break;
        };
        let Some(p) = index.nodes.get(parent) else {
            break;
        };
        if index.flags(parent) & (OUTSIDE | SKIP) != 0 {
            break;
        }
        // The headline's block: the headline, a standfirst, a byline, the lead photo's caption.
        if p.text <= head.text + 800 && !index.within(body, parent) {
            if p.imgs > 0 {
                from = from.min(parent);
            }
        } else if prev.is_some() {
            // A larger block (the article) is climbed only while the headline opens it, to
            // look at what stands right before it.
            break;
        }
        cur = parent;
    }
    from
}

/// Whether an element holds photos and little text beyond their captions, and is no
/// furniture: a lead photo or carousel.
fn media_block(index: &Index<'_>, i: usize) -> bool {
    index.nodes.get(i).is_some_and(|n| {
        n.imgs > 0
            && n.text <= 600 * n.imgs.min(30)
            && index.flags(i) & (OUTSIDE | CHROME | SKIP | HIDDEN) == 0
            && (i..=n.end).all(|j| index.own(j) & (OUTSIDE | CHROME) == 0)
            && (i..=n.end).any(|j| index.own(j) & (CAPTION | FIGURE) != 0)
            // Teasers of other stories link their headlines; the story's photos carry no
            // linked text.
            && (i..=n.end).all(|j| index.tag(j) != "a" || index.nodes.get(j).is_some_and(|a| a.text == 0))
    })
}

/// Whether a headline flagged as furniture only by the word `teaser` around it (a display
/// headline with its standfirst: `title-teaser`) is the story's own: a teaser of another story
/// links to it, so a teaser region with no link in it cannot be one.
fn unlinked_teaser(index: &Index<'_>, h: usize) -> bool {
    let Some(region) = index.ancestors(h).find(|&a| index.own(a) & OUTSIDE != 0) else {
        return false;
    };
    only_teaser_without_links(index, region, 1000)
        && (region..=h)
            .all(|a| !index.within(h, a) || a == region || index.own(a) & (OUTSIDE | CHROME) == 0)
        && index
            .ancestors(region)
            .all(|a| index.own(a) & (OUTSIDE | CHROME) == 0)
}

/// Whether a region is furniture only by the word `teaser` in its names and holds no link:
/// a teaser of another story links to it, so this is the story's own display block
/// (`title-teaser`, a CMS's `teaser_section` slideshow of the story's photos).
fn only_teaser_without_links(index: &Index<'_>, region: usize, max_text: u32) -> bool {
    let Some(node) = index.nodes.get(region) else {
        return false;
    };
    let words = index.words(region);
    vocab::is_teaser(words)
        && !vocab::is_outside(&vocab::without_teaser(words))
        && !matches!(
            index.tag(region),
            "nav" | "footer" | "aside" | "header" | "menu" | "form"
        )
        && index
            .element(region)
            .is_none_or(|e| e.get_attr(Name::Role).is_none())
        && node.text < max_text
        && !(region..=node.end).any(|j| {
            index.tag(j) == "a" && index.element(j).is_some_and(|e| e.has_attr(Present::Href))
        })
}

/// The scope of one figure.
pub fn scope(index: &Index<'_>, container: &Container, region: &Region, f: &Found) -> Scope {
    decide(index, container, region, f).0
}

/// Why a figure got its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Inside page furniture: related lists, sidebars, promos, bios.
    Furniture,
    /// Inside a lightbox, modal or dialog shown on demand.
    Lightbox,
    /// Inside the article container (or no container was found).
    InContainer,
    /// A video player outside the container.
    Player,
    /// Between the headline and the end of the story: the lead photo.
    Lead,
    /// In the site's own header.
    SiteHeader,
    /// Before the headline or after the story.
    OutsideRegion,
}

/// The scope of one figure and the reason for it.
pub fn decide(
    index: &Index<'_>,
    container: &Container,
    region: &Region,
    f: &Found,
) -> (Scope, Why) {
    let inside = region.found && container.contains(index, f.unit);
    let nodes = [Some(f.unit), f.caption_node, f.img];
    if nodes
        .iter()
        .flatten()
        .any(|&n| in_furniture(index, container, inside, f, n))
    {
        return (Scope::OutsideArticle, Why::Furniture);
    }
    // Shown only on demand (a lightbox of other news); the story's own lightbox copies were
    // merged into their visible figure before this point.
    if nodes.iter().flatten().any(|&n| in_lightbox(index, n)) {
        return (Scope::OutsideArticle, Why::Lightbox);
    }
    if !region.found || inside {
        return (Scope::Article, Why::InContainer);
    }
    // A video between the headline and the body, marked up as the story's `figure`, is its
    // lead media; players elsewhere outside the body show other clips.
    let lead_figure = index.own(f.unit) & FIGURE != 0
        && region.h1.is_some_and(|h| h < f.unit)
        && container.start().is_some_and(|s| f.unit < s);
    if !lead_figure && is_player(index, f.unit) {
        return (Scope::OutsideArticle, Why::Player);
    }
    // Outside the container: only the lead photo between headline and body counts, and
    // never one in the site's own header.
    if f.unit >= region.start && f.unit <= region.end {
        let in_site_header = std::iter::once(f.unit)
            .chain(index.ancestors(f.unit))
            .any(|a| {
                let own = index.own(a);
                own & CHROME != 0
                    && own & FIGURE == 0
                    && !only_teaser_without_links(index, a, 5000)
                    && !(index.tag(a) == "header"
                        && (a >= region.start || region.h1.is_some_and(|h| index.within(h, a))))
            });
        if !in_site_header {
            return (Scope::Article, Why::Lead);
        }
        return (Scope::OutsideArticle, Why::SiteHeader);
    }
    (Scope::OutsideArticle, Why::OutsideRegion)
}

/// Whether node `n` sits in page furniture. Furniture names inside a `figure` element (a
/// player wrapper around the story's video) describe a part of the figure, not a region
/// around it; a looser unit (a header with share buttons and a byline list) gets no such
/// benefit. An `aside` inside the story that only holds a photo or its caption is an inline
/// figure, not a sidebar.
fn in_furniture(
    index: &Index<'_>,
    container: &Container,
    inside: bool,
    f: &Found,
    n: usize,
) -> bool {
    if index.flags(n) & OUTSIDE == 0 {
        return false;
    }
    let unit_end = index.nodes.get(f.unit).map_or(f.unit, |u| u.end);
    let is_figure = index.own(f.unit) & FIGURE != 0;
    let part_of_figure = |a: usize| is_figure && a > f.unit && a <= unit_end;
    std::iter::once(n)
        .chain(index.ancestors(n))
        .filter(|&a| index.own(a) & OUTSIDE != 0)
        .any(|a| {
            if only_teaser_without_links(index, a, 5000) {
                return false;
            }
            let inline_aside = inside
                && index.tag(a) == "aside"
                && container.contains(index, a)
                && index.nodes.get(a).is_some_and(|x| {
                    (x.imgs > 0 || f.caption_node.is_some_and(|c| index.within(c, a)))
                        && x.text < 600
                })
                && index.element(a).is_some()
                && !vocab::is_outside(index.words(a));
            !inline_aside && !part_of_figure(a)
        })
}

/// Whether node `n` sits in a lightbox, modal or dialog. Copies of the story's photos there
/// were merged into their visible figure before scoping; what is left is shown only on demand
/// (galleries of other news).
fn in_lightbox(index: &Index<'_>, n: usize) -> bool {
    std::iter::once(n).chain(index.ancestors(n)).any(|a| {
        matches!(index.tag(a), "dialog" | "amp-lightbox")
            || index.flags(a) & HIDDEN != 0
                && index.element(a).is_some()
                && vocab::is_lightbox(index.words(a))
    })
}

/// A video player: its poster frame and text describe a clip, not a photo of the story.
fn is_player(index: &Index<'_>, unit: usize) -> bool {
    let Some(n) = index.nodes.get(unit) else {
        return false;
    };
    (unit..=n.end).any(|j| matches!(index.tag(j), "video" | "audio"))
        || index
            .text_of(unit, |_, _| false)
            .contains("playback is unsupported")
}
