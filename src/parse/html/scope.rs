//! Decides whether a figure belongs to the story or sits in a teaser, sidebar, player or
//! other page furniture.

use crate::model::Scope;

use super::body::Container;
use super::figures::Found;
use super::index::{Index, CHROME, OUTSIDE, SKIP};

/// Where the story starts and ends in document order, with the furniture already flagged.
pub struct Region {
    /// First node that still belongs to the story (headline, article header, lead photo).
    start: usize,
    /// Last node of the container.
    end: usize,
    /// Whether a container was found at all.
    found: bool,
}

/// The region of the story: from its headline (or its `<article>` start) to the container's end.
pub fn region(index: &Index<'_>, container: &Container) -> Region {
    let (Some(start), Some(end)) = (container.start(), container.end(index)) else {
        return Region { start: 0, end: usize::MAX, found: false };
    };
    // The last headline before the container: the lead photo sits between the two.
    let h1 = (0..start)
        .rev()
        .find(|&i| index.tag(i) == "h1" && index.flags(i) & (OUTSIDE | SKIP) == 0);
    let article = index
        .ancestors(start)
        .take(8)
        .find(|&a| matches!(index.tag(a), "article" | "main"))
        .filter(|&a| index.nodes.get(a).is_some_and(|n| n.end >= end));
    let parent = index.ancestors(start).nth(1).unwrap_or(start);
    let from = match (h1, article) {
        (Some(h), Some(a)) => h.min(a),
        (Some(h), None) => h,
        (None, Some(a)) => a,
        (None, None) => parent,
    }
    .min(start);
    Region { start: from, end, found: true }
}

/// The scope of one figure.
pub fn scope(index: &Index<'_>, container: &Container, region: &Region, f: &Found) -> Scope {
    let nodes = [Some(f.unit), f.caption_node, f.img];
    if nodes.iter().flatten().any(|&n| index.flags(n) & OUTSIDE != 0) {
        return Scope::OutsideArticle;
    }
    if is_player(index, f.unit) {
        return Scope::OutsideArticle;
    }
    if !region.found || container.contains(index, f.unit) {
        return Scope::Article;
    }
    // Outside the container: only the lead photo between headline and body counts, and
    // never one in page chrome such as the site header.
    if f.unit >= region.start && f.unit <= region.end && index.flags(f.unit) & CHROME == 0 {
        return Scope::Article;
    }
    if f.unit >= region.start && f.unit <= region.end {
        // Inside the article's own <header>: still the lead photo.
        let in_site_chrome = index.ancestors(f.unit).any(|a| {
            index.own(a) & CHROME != 0 && !(index.tag(a) == "header" && a >= region.start)
        });
        if !in_site_chrome {
            return Scope::Article;
        }
    }
    Scope::OutsideArticle
}

/// A video player: its poster frame and text describe a clip, not a photo of the story.
fn is_player(index: &Index<'_>, unit: usize) -> bool {
    let Some(n) = index.nodes.get(unit) else { return false };
    (unit..=n.end).any(|j| matches!(index.tag(j), "video" | "audio"))
        || index.text_of(unit, |_, _| false).contains("playback is unsupported")
}
