//! `parse::tokenizer` against html5ever's own tokenizer: both feed the same tree builder, so
//! wherever the fast path does not give up, the tree must be the same node for node (same
//! nodes, order, parents, names, attributes in order, text and comments). Inputs are random
//! soups of the pieces that steer the tokenizer and the tree builder, hand-picked corner cases,
//! the repository's fixtures and hand-written pages, and the shared corpus when it is present.

use capcheck::parse::tokenizer;
use proptest::prelude::*;
use scraper::Html;

/// One line per node in document order: its parent's position and its content.
fn lines(doc: &Html) -> Vec<String> {
    tokenizer::tree_lines(doc)
}

/// html5ever's tree of the whole page less what the pruning parse leaves out (unread
/// attributes, `href` values, script and style bodies): `tokenizer::prune_tree`, the fallback
/// path's pruning.
fn pruned_html5ever(page: &str) -> Html {
    let mut doc = Html::parse_document(page);
    tokenizer::prune_tree(&mut doc);
    doc
}

/// Whether a fast path took the page (`false` when it gave up), after checking that its tree
/// and html5ever's give the same `lines` and quirks mode.
fn took(
    page: &str,
    ours: Result<Html, tokenizer::Unsupported>,
    theirs: &Html,
    lines: fn(&Html) -> Vec<String>,
) -> bool {
    let Ok(ours) = ours else { return false };
    assert_eq!(lines(&ours), lines(theirs), "page: {page:?}");
    assert_eq!(ours.quirks_mode, theirs.quirks_mode, "page: {page:?}");
    true
}

/// Whether the pruning fast path took the page, after checking that its tree is html5ever's
/// tree of the whole page pruned by `prune_tree` (which the fallback path uses), node for node.
fn same_pruned_tree(page: &str) -> bool {
    took(
        page,
        tokenizer::parse_pruned(page),
        &pruned_html5ever(page),
        lines,
    )
}

/// Whether the fast path took the page (`false` when it gave up), after checking its tree.
fn same_tree(page: &str) -> bool {
    took(
        page,
        tokenizer::parse_document(page),
        &Html::parse_document(page),
        lines,
    )
}

/// Checks that html5ever's tree of `page` fed `piece` bytes at a time (the fallback path's
/// reading) is its tree of the whole page fed at once.
fn same_tree_in_pieces(page: &str, piece: usize) {
    let never = capcheck::budget::Deadline::never();
    let fed = tokenizer::html5ever_fed(page, piece, &never).expect("no deadline");
    let whole = Html::parse_document(page);
    assert_eq!(lines(&fed), lines(&whole), "piece {piece}, page: {page:?}");
    assert_eq!(
        fed.quirks_mode, whole.quirks_mode,
        "piece {piece}, page: {page:?}"
    );
}

/// Pieces that steer the tokenizer and the tree builder.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "<table>", "</table>", "<tr>", "<td>", "</td>", "<th>", "<tbody>", "<caption>", "<col>", "<b>", "</b>",
        "<i>", "</i>", "<a href=x>", "</a>", "<A HREF='y' Title=\"t\">", "<font color=red>", "</font>", "<p>",
        "</p>", "<div class=c>", "</div>", "<DIV CLASS=D>", "</Div >", "<span>", "</span>", "<li>", "<ul>",
        "<h1>", "</h1>", "<button>", "<form>", "</form>", "<select>", "<option>", "</select>", "<template>",
        "</template>", "<svg>", "</svg>", "<math>", "</math>", "<foreignObject>", "<desc>", "<title>",
        "</title>", "</TITLE>", "<textarea>", "</textarea>", "<script>", "</script>", "<script type=x>",
        "<style>", "</style>", "<noscript>", "</noscript>", "<iframe>", "</iframe>", "<frameset>",
        "<html lang=en>", "<body class=b>", "<head>", "</head>", "</body>", "</html>", "<meta charset=utf-8>",
        "<img src=a.jpg alt=\"x &amp; y\">", "<img src=b.jpg/>", "<br>", "<br/>", "</br>", "<hr>", "<input>",
        "<pre>", "</pre>", "\n", "<plaintext>", "<xmp>", "<!-- c -->", "<!---->", "<!-->", "<!--->", "<!--x--!>",
        "<!--a--->", "<!--", "-->", "--", "<!doctype html>", "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
        "<!DOCTYPE html SYSTEM 'about:legacy-compat'>", "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">",
        "<!x>", "<?pi x?>", "<![CDATA[x]]>", "x", "y z", " ", "\t", "é", "日本", "&amp;", "&amp", "&ampx", "&nbsp;",
        "&notit;", "&notin;", "&copy", "&#65;", "&#x41", "&#x80;", "&#0;", "&#xD800;", "&#99999999;", "&#;", "&#x;",
        "&zz;", "&", "&;", "<", ">", "</", "</>", "</ x>", "<3", "=", "\"", "'", "/", "<a b c=d e = 'f' g=h&amp;i>",
        "<a =x>", "<a x=1 x=2>", "<a x='1'y=2>", "<a x=\"&ampy\" z=&copy=>", "<a / b>", "<a x= >", "\r\n", "\r",
        "\u{feff}", "<ruby>", "<rt>", "<object>", "<menu>", "<figure>", "<figcaption>", "</figure>",
    ])
}

/// A page of random pieces.
fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..48).prop_map(|v| v.concat())
}

// About a third of the soups reach the end without the fast path giving up (unclosed comments,
// titles and scripts are common in them), so many cases are run: it takes well under a second.
proptest! {
    #![proptest_config(ProptestConfig { cases: 20000, ..ProptestConfig::default() })]

    #[test]
    fn soups_give_html5evers_tree(page in soup()) {
        same_tree(&page);
    }

    #[test]
    fn soups_fed_in_pieces_give_html5evers_tree(page in soup(), piece in 1usize..=16) {
        same_tree_in_pieces(&page, piece);
    }

    #[test]
    fn pruned_soups_give_html5evers_tree_less_what_is_unread(page in soup()) {
        same_pruned_tree(&page);
    }
}

#[test]
fn corner_cases_give_html5evers_tree() {
    for page in [
        "",
        "plain text",
        "<p>a &amp b &notit; c &#x26;&#38 &lt;p&gt;</p>",
        "<a title='&copy=1' href=\"?a=1&amp;b=2&copy\">x</a>",
        "<pre>\nfirst line</pre><textarea>\nx &amp; y</textarea>",
        "<title>A <b>not bold</b> &amp; more</title>",
        "<style>p > a { x: '</sty' } </style><p>after",
        "<script type=\"application/ld+json\">{\"a\": \"<b>\"}</script>",
        "<!DOCTYPE html><html><head><meta charset=utf-8></head><body><p>x</p></body></html>",
        "<!doctype html public \"-//W3C//DTD HTML 3.2 Final//EN\"><table><p>quirks</table>",
        "<table><tr><td>a</td></tr>text<b>x</table>",
        "<b><i>1</b>2</i>3",
        "<noscript><img src=a.jpg></noscript>",
        "<p>one\r\ntwo\rthree</p>",
        "<div a=\"1\"b=2 c d=e/>x",
        "<!-- a <!-- b --> c <!--x--!> d <!-- e --->",
        "<script><!--<script>x</script>--></script><p>after",
        "<script>if (a <!-- b) {}</script><p>after",
    ] {
        assert!(same_tree(page), "the fast path gave up on {page:?}");
    }
}

/// Cuts that fall inside what the tokenizer reads as one unit: a CR LF, a character reference,
/// an end tag, a comment's end, a byte-order mark, a multi-byte character.
#[test]
fn html5ever_fed_in_pieces_reads_across_every_cut() {
    for page in [
        "<p>a\r\nb\r\n\r\nc</p>",
        "<p>x &amp; y &notin; z &copy w &#x41; v &#65</p>",
        "<script>if (a</b) {}</script><p>after</p>",
        "<!-- a -- b --><!--x--!><p>t</p>",
        "\u{feff}<!doctype html><title>t</title><p>é 日本 ✓</p>",
        "<p>a\u{feff}b\u{feff}\u{feff}c</p><script>x</script>\u{feff}<p>d</p>",
        "<p>a\0b</p><svg><![CDATA[x]]></svg>",
        "<textarea>\r\nfirst</textarea><pre>\nkept</pre>",
    ] {
        for piece in 1..=12 {
            same_tree_in_pieces(page, piece);
        }
    }
    for path in ["fixtures/hostile-markup.html", "fixtures/seed-shape.html"] {
        let page = raw(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path));
        for piece in [1, 7, 4096, tokenizer::FEED_BYTES] {
            same_tree_in_pieces(&page, piece);
        }
    }
}

/// A page the fast path gives up on is read by html5ever in pieces, and stops at the deadline.
#[test]
fn the_fallback_reading_stops_at_the_deadline() {
    let page = format!("<p>a\0b</p>{}", "<div><p>text</p></div>".repeat(10_000));
    assert!(
        tokenizer::parse_document(&page).is_err(),
        "a NUL goes to html5ever"
    );
    let spent = capcheck::budget::Budget {
        time: std::time::Duration::ZERO,
        ..Default::default()
    }
    .start();
    assert!(matches!(
        tokenizer::parse_read_within(&page, &spent),
        Err(capcheck::budget::BudgetError::TimedOut { .. })
    ));
    assert!(matches!(
        tokenizer::html5ever_fed(&page, tokenizer::FEED_BYTES, &spent),
        Err(capcheck::budget::BudgetError::TimedOut { .. })
    ));
    let read = tokenizer::parse_read_within(&page, &capcheck::budget::Deadline::never())
        .expect("no deadline");
    assert!(lines(&read).len() > 30_000);
}

#[test]
fn what_it_does_not_follow_is_left_to_html5ever() {
    for page in [
        "<p>a\0b</p>",
        "<svg><![CDATA[x]]></svg>",
        "<p>cut <a href=\"x",
        "<!-- never closed",
        "<title>never closed",
        "<!DOCTYPE html PUBLIC>",
    ] {
        assert!(tokenizer::parse_document(page).is_err(), "{page:?}");
    }
}

/// Every `.html` file under a folder.
fn pages_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    out.sort();
    out
}

/// The page as read (lossy UTF-8).
fn raw(path: &std::path::Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).expect("readable page")).into_owned()
}

#[test]
fn repository_pages_give_html5evers_tree() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut taken = 0;
    let mut seen = 0;
    for dir in ["fixtures", "tests/pages"] {
        for path in pages_in(&root.join(dir)) {
            let raw =
                String::from_utf8_lossy(&std::fs::read(&path).expect("readable page")).into_owned();
            same_pruned_tree(&raw);
            taken += usize::from(same_tree(&raw));
            seen += 1;
        }
    }
    assert!(seen > 20);
    assert!(
        taken * 10 >= seen * 9,
        "the fast path took only {taken} of {seen} pages"
    );
}

#[test]
#[cfg_attr(
    not(capcheck_shared),
    ignore = "needs ../shared beside the repository (absent at build time; touch build.rs once it is there)"
)]
fn corpus_pages_give_html5evers_tree() {
    let pages = pages_in(&crate::common::shared("corpus/pages"));
    assert!(!pages.is_empty(), "../shared/corpus/pages holds no page");
    let taken = pages.iter().filter(|p| same_tree(&raw(p))).count();
    eprintln!("fast path took {taken} of {} corpus pages", pages.len());
    assert!(
        taken * 10 >= pages.len() * 9,
        "the fast path took only {taken} of {} pages",
        pages.len()
    );
    let taken = pages.iter().filter(|p| same_pruned_tree(&raw(p))).count();
    eprintln!(
        "pruning fast path took {taken} of {} corpus pages",
        pages.len()
    );
    // The pages the fast path gives up on are read by html5ever in pieces.
    for page in pages.iter().map(|p| raw(p)) {
        if tokenizer::parse_pruned(&page).is_err() {
            same_tree_in_pieces(&page, tokenizer::FEED_BYTES);
            same_tree_in_pieces(&page, 4099);
        }
    }
    assert!(
        taken * 10 >= pages.len() * 9,
        "the pruning fast path took only {taken} of {} pages",
        pages.len()
    );
}
