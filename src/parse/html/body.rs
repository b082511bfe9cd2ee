//! Finds the article container and reads its text in order, leaving out everything that is
//! not the story: captions, credits, figures, chrome, related lists, hidden text.

use scraper::Node;

use super::index::Attr as _;
use super::index::{
    is_block, normalize, Index, CAPTION, CHROME, CREDIT, FIGURE, HIDDEN, OUTSIDE, SKIP, SR_ONLY,
};
use super::vocab;
use crate::parse::kept_attrs::Name;

/// The story's container: one or more disjoint subtrees, in document order.
#[derive(Debug, Default, Clone)]
pub struct Container {
    /// Root node indices of the container parts.
    pub roots: Vec<usize>,
}

impl Container {
    /// First node of the container (0 when there is none).
    pub fn start(&self) -> Option<usize> {
        self.roots.first().copied()
    }

    /// Whether node `i` is inside the container.
    pub fn contains(&self, index: &Index<'_>, i: usize) -> bool {
        self.roots.iter().any(|&r| index.within(i, r))
    }

    /// Last node of the container.
    pub fn end(&self, index: &Index<'_>) -> Option<usize> {
        self.roots
            .iter()
            .filter_map(|&r| index.nodes.get(r).map(|n| n.end))
            .max()
    }
}

/// Flags whose subtrees never count as story text.
const NOT_TEXT: u32 = SKIP | HIDDEN | CHROME | OUTSIDE | FIGURE | CAPTION | CREDIT | SR_ONLY;

/// Paragraph characters of a subtree that are not inside excluded regions.
fn clean_ptext(index: &Index<'_>, root: usize) -> u32 {
    let Some(info) = index.nodes.get(root) else {
        return 0;
    };
    let mut total = info.ptext;
    let mut j = root + 1;
    while j <= info.end {
        let Some(n) = index.nodes.get(j) else { break };
        if n.own & NOT_TEXT != 0 {
            total = total.saturating_sub(n.ptext);
            j = n.end + 1;
        } else {
            j += 1;
        }
    }
    total
}

/// Picks the container: named article-body elements first, then `<article>`, then `<main>`,
/// checked against the block holding the most direct paragraph text.
pub fn find_container(index: &Index<'_>) -> Container {
    let (score, named) = score_blocks(index);
    let best = score
        .iter()
        .enumerate()
        .max_by_key(|(i, s)| (**s, std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    // Pages that break text with <br> instead of <p> score by their direct text.
    let best_score = best
        .map(|b| clean_ptext(index, b).max(score.get(b).copied().unwrap_or(0) / 2))
        .unwrap_or(0);
    if let Some(i) = best_named(index, &named, best_score) {
        return Container {
            roots: with_siblings(index, i),
        };
    }
    match best {
        Some(b) if best_score >= 150 => Container {
            roots: with_siblings(index, b),
        },
        _ => Container::default(),
    }
}

/// The readability-style score of every node (paragraph text credited to its parent, half to
/// its grandparent), and the elements named as the story's body with their rank (0 best).
fn score_blocks(index: &Index<'_>) -> (Vec<u32>, Vec<(u8, usize)>) {
    let n = index.nodes.len();
    let mut score = vec![0u32; n];
    let mut named: Vec<(u8, usize)> = Vec::new();
    for (i, info) in index.nodes.iter().enumerate() {
        let Some(e) = info.el else { continue };
        if info.inherited & (SKIP | CHROME | OUTSIDE | CAPTION | FIGURE) != 0 {
            continue;
        }
        let direct = if info.own & super::index::PARA == 0 && info.name == "div" {
            direct_text(index, i)
        } else {
            0
        };
        if info.own & super::index::PARA != 0 || direct > 80 {
            let t = if info.own & super::index::PARA != 0 {
                info.ptext
            } else {
                direct
            };
            // Text written straight into a `div` as lines (paragraphs split by `<br><br>`)
            // makes that `div` the story's block, as `p` elements make their parent. (A `div`
            // holding one long text with no line breaks is more often a hidden copy.)
            if direct > info.ptext && breaks_lines(index, i) {
                score[i] += t;
            }
            if info.parent < n {
                score[info.parent] += t;
                let gp = index.nodes[info.parent].parent; // parent < n checked above
                if gp < n {
                    score[gp] += t / 2;
                }
            }
        }
        let rank = body_name_rank(index, i, e);
        if let Some(r) = rank {
            named.push((r, i));
        }
    }
    (score, named)
}

/// How surely element `i` names itself the story's body: `itemprop=articleBody` (0), a body
/// class or id word (1), `<article>` (2), `<main>` (3); `None` when it does not.
fn body_name_rank(index: &Index<'_>, i: usize, e: &scraper::node::Element) -> Option<u8> {
    if e.get_attr(Name::Itemprop).is_some_and(|p| {
        p.split_whitespace()
            .any(|p| p.eq_ignore_ascii_case("articleBody"))
    }) {
        Some(0)
    } else if vocab::is_body_name(index.words(i)) {
        Some(1)
    } else if index.tag(i) == "article" {
        Some(2)
    } else if index.tag(i) == "main" || e.get_attr(Name::Role) == Some("main") {
        Some(3)
    } else {
        None
    }
}

/// The best-ranked named body that holds enough story text (150 characters, and at least half
/// of the best-scored block's), the one with the most text among those of its rank.
fn best_named(index: &Index<'_>, named: &[(u8, usize)], best_score: u32) -> Option<usize> {
    for rank in 0..4u8 {
        let mut pick: Option<(u32, usize)> = None;
        for &(_, i) in named.iter().filter(|(r, _)| *r == rank) {
            // A body written as lines counts its own text, as the readability score does.
            let lines = if breaks_lines(index, i) {
                direct_text(index, i)
            } else {
                0
            };
            let c = clean_ptext(index, i).max(lines);
            if pick.is_none_or(|(pc, _)| c > pc) {
                pick = Some((c, i));
            }
        }
        if let Some((c, i)) = pick {
            if c >= 150 && c * 2 >= best_score {
                return Some(i);
            }
        }
    }
    None
}

/// Characters of text nodes directly inside element `i`.
fn direct_text(index: &Index<'_>, i: usize) -> u32 {
    let Some(info) = index.nodes.get(i) else {
        return 0;
    };
    let mut t = 0;
    let mut j = i + 1;
    while j <= info.end {
        let Some(n) = index.nodes.get(j) else { break };
        if let Node::Text(s) = n.node {
            t += super::index::trim(s).len() as u32;
        }
        j = n.end + 1;
    }
    t
}

/// Whether element `i` breaks its own text into lines with `<br>` children.
fn breaks_lines(index: &Index<'_>, i: usize) -> bool {
    let Some(info) = index.nodes.get(i) else {
        return false;
    };
    let mut j = i + 1;
    while j <= info.end {
        let Some(n) = index.nodes.get(j) else { break };
        if index.tag(j) == "br" {
            return true;
        }
        j = n.end + 1;
    }
    false
}

/// The container plus the other blocks that share its tag and class (stories split into
/// several body blocks around inline figures and ads, newsletters of several items).
fn with_siblings(index: &Index<'_>, root: usize) -> Vec<usize> {
    let mut roots = vec![root];
    let Some(e) = index.element(root) else {
        return roots;
    };
    let class = e.get_attr(Name::Class).unwrap_or("");
    if class.trim().is_empty() {
        return roots;
    }
    let mut j = 0;
    while j < index.nodes.len() {
        let Some(n) = index.nodes.get(j) else { break };
        if j == root {
            j = n.end + 1;
            continue;
        }
        if n.inherited & (OUTSIDE | SKIP) != 0 {
            j = n.end + 1;
            continue;
        }
        if let Some(se) = n.el {
            if n.name == e.name()
                && se.get_attr(Name::Class).unwrap_or("") == class
                && clean_ptext(index, j) >= 100
            {
                roots.push(j);
                j = n.end + 1;
                continue;
            }
        }
        j += 1;
    }
    roots.sort_unstable();
    roots
}

/// The story's paragraphs in reading order.
pub fn paragraphs(index: &Index<'_>, container: &Container) -> Vec<String> {
    let mut out = Vec::new();
    for &root in &container.roots {
        read_blocks(index, root, NOT_TEXT, &mut out);
    }
    let chars = |out: &[String]| out.iter().map(String::len).sum::<usize>();
    if chars(&out) < 80 {
        // No container with real text: every paragraph outside page chrome.
        out.clear();
        for (i, info) in index.nodes.iter().enumerate() {
            if info.own & super::index::PARA != 0 && info.inherited & NOT_TEXT == 0 {
                let t = index.text_of(i, |own, _| own & NOT_TEXT != 0);
                if t.split_whitespace().count() >= 2 {
                    out.push(t);
                }
            }
        }
    }
    if chars(&out) < 80 {
        // No paragraphs either (a short page written without `p`): all the page's text
        // outside chrome, captions and sidebars.
        out.clear();
        read_blocks(index, 0, NOT_TEXT, &mut out);
    }
    out
}

/// Appends the text blocks of subtree `root`, starting a new paragraph at every block element.
fn read_blocks(index: &Index<'_>, root: usize, exclude: u32, out: &mut Vec<String>) {
    let Some(info) = index.nodes.get(root) else {
        return;
    };
    let end = info.end;
    let mut buf = String::new();
    let mut open: Vec<usize> = Vec::new();
    let flush = |buf: &mut String, out: &mut Vec<String>| {
        let t = normalize(buf);
        buf.clear();
        if t.split_whitespace().count() >= 2 {
            out.push(t);
        }
    };
    let mut after_br = false;
    let mut j = root;
    while j <= end {
        while open.last().is_some_and(|&e| j > e) {
            open.pop();
            flush(&mut buf, out);
        }
        let Some(n) = index.nodes.get(j) else { break };
        if j != root && n.own & exclude != 0 {
            j = n.end + 1;
            continue;
        }
        match n.node {
            Node::Text(t) => {
                if !super::index::trim(t).is_empty() {
                    after_br = false;
                }
                buf.push_str(t);
            }
            Node::Element(_) => {
                let tag = n.name;
                if tag == "br" {
                    // Pages that write paragraphs as text separated by `<br><br>`: a blank
                    // line ends a paragraph, a single break stays inside one.
                    if after_br {
                        flush(&mut buf, out);
                    } else {
                        buf.push(' ');
                    }
                    after_br = true;
                } else if is_block(tag) {
                    after_br = false;
                    flush(&mut buf, out);
                    open.push(n.end);
                }
            }
            _ => {}
        }
        j += 1;
    }
    flush(&mut buf, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn paras(html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let index = Index::build(&doc);
        let c = find_container(&index);
        paragraphs(&index, &c)
    }

    const LONG: &str = "The council met on Tuesday evening to discuss the new bridge over the river, which has been delayed for two years by funding problems.";

    #[test]
    fn sidebar_nav_footer_excluded() {
        let html = format!(
            r#"<body><nav><p>Home News Sport Weather</p></nav>
            <div class="article-body"><p>{LONG}</p><h2>What comes next</h2><p>{LONG} Again.</p>
              <figure><img src="a.jpg"><figcaption>A heron stands in the shallows.</figcaption></figure>
              <div class="related-stories"><p>Other town wins flower prize</p></div>
              <ul><li>First list point about tolls</li></ul></div>
            <aside><p>Sidebar story about a dog show winner</p></aside>
            <footer><p>Copyright the example company</p></footer></body>"#
        );
        let p = paras(&html);
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p[0].starts_with("The council"));
        assert_eq!(p[1], "What comes next");
        assert_eq!(p[3], "First list point about tolls");
        assert!(!p.iter().any(|x| x.contains("heron")
            || x.contains("dog show")
            || x.contains("flower")
            || x.contains("Home")));
    }

    #[test]
    fn blank_line_breaks_split_paragraphs() {
        let html = format!(
            r#"<body><div class="article-text">{LONG}<br><br>
            {LONG} Written without p tags.<br />  <br />Third one<br>still the third.</div></body>"#
        );
        let p = paras(&html);
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[2], "Third one still the third.");
    }

    #[test]
    fn a_short_story_written_in_lines_is_read() {
        // Too short for the paragraph threshold of a `p` story, and not in any `p`.
        let html = r#"<body><nav><a href="/">Home</a></nav><div class="story-body">Ana Brill, 64, rowed alone across the lake in nine days.<br><br>She set off from the north shore in May.<br><br>
            <div class="photo"><img src="r.jpg"><p class="photo-caption">Ana Brill lands at the south shore.</p></div></div></body>"#;
        let p = paras(html);
        assert_eq!(
            p,
            vec![
                "Ana Brill, 64, rowed alone across the lake in nine days.",
                "She set off from the north shore in May."
            ]
        );
    }

    #[test]
    fn readability_fallback() {
        let html = format!(
            r#"<body><div id="x"><div><p>{LONG}</p><p>{LONG}</p></div></div><div class="sidebar"><p>Sidebar words here</p></div></body>"#
        );
        let p = paras(&html);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn no_container_uses_all_paragraphs() {
        let p = paras("<body><p>Short one here.</p><footer><p>Foot note text</p></footer></body>");
        assert_eq!(p, vec!["Short one here."]);
    }
}
