//! Property test of pruning: the tree the passes read (`tokenizer::parse_read`: the pruning
//! fast path, or html5ever's tree pruned where the fast path gives up) is html5ever's tree of
//! the page itself (same elements with the same attributes, same text and comments), script and
//! style bodies and unread attributes aside. Inputs are random soups of the pieces that steer the
//! tokenizer: raw text elements, script escapes, comments, quotes, foreign content, CDATA (which
//! sends a page to the fallback path).

use capcheck::parse::kept_attrs::{self, Keep};
use capcheck::parse::tokenizer::parse_read;
use proptest::prelude::*;
use scraper::{Html, Node};

/// Pieces that change how the tokenizer reads what follows.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "<script>",
        "</script>",
        "</SCRIPT >",
        "</script/",
        "<script type=application/ld+json>",
        "<style>",
        "</style>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<noscript>",
        "</noscript>",
        "<iframe>",
        "</iframe>",
        "<xmp>",
        "</xmp>",
        "<!--",
        "-->",
        "--!>",
        "<!-->",
        "<!--->",
        "-",
        "<!",
        "<!doctype html>",
        "<?x",
        "</",
        "</ ",
        "<",
        ">",
        "/",
        "/>",
        "\"",
        "'",
        "=",
        " ",
        "\n",
        "<div a=\"",
        "<div a='",
        "<div ",
        "</div>",
        "<p>",
        "</p>",
        "x",
        "é",
        "<svg>",
        "</svg>",
        "<svg/>",
        "<math>",
        "</math>",
        "<g>",
        "</g>",
        "<path d=x/>",
        "<desc>",
        "<foreignObject>",
        "</foreignObject>",
        "<![CDATA[",
        "]]>",
        "<select>",
        "</select>",
        "<plaintext>",
        "<table>",
        "<td>",
        "<template>",
        "</template>",
        "<b>",
        "script",
        "<scrip",
        "<frameset>",
        "<head>",
        "<body>",
        // Attributes, kept and dropped, in every shape the tokenizer reads.
        " a=1",
        " a",
        " onclick=\"x>y\"",
        " class=c",
        " CLASS='k'",
        " href=h",
        " HREF=\"u v\"",
        " data-caption=\"d\"",
        " style=s",
        "b=2",
        " id=i/",
        "<a href=/x data-y=1>",
        "<a ",
        "<b data-x=1>",
        "<i a=1 class=x>",
        "<div/a>",
        "<div a/b>",
        "<img src=a.jpg srcset='b 1x' data-z=c>",
        "<input type=hidden data-x=1>",
        "<p a=1 a=2 class=3 class=4>",
        "<div hidden onclick>",
        "<font color=red x=1>",
        "<svg viewBox=\"0 0 1 1\" class=s>",
        "<path d=\"M0\" fill=x/>",
    ])
}

/// A page of random pieces.
fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..48).prop_map(|v| v.concat())
}

/// The tree in document order: elements (namespace, name, sorted attributes), text and
/// comments; text inside `script` and `style` is left out, being what pruning removes, and so
/// are the attributes it removes (`kept_attrs`: all but the kept ones, except on formatting
/// elements; the values of those kept for their presence).
fn shape(doc: &Html) -> Vec<String> {
    let mut out = Vec::new();
    for n in doc.tree.root().descendants() {
        match n.value() {
            Node::Element(e) => {
                let all = kept_attrs::keeps_all(e.name());
                let mut attrs: Vec<String> = e
                    .attrs()
                    .filter_map(|(k, v)| match (all, kept_attrs::keep(k.as_bytes())) {
                        (true, _) | (false, Keep::All) => Some(format!("{k}={v}")),
                        (false, Keep::Name) => Some(k.to_string()),
                        (false, Keep::Nothing) => None,
                    })
                    .collect();
                attrs.sort();
                out.push(format!("<{} {} {}>", e.name.ns, e.name(), attrs.join(" ")));
            }
            Node::Text(t) => {
                let raw = n
                    .parent()
                    .and_then(|p| {
                        p.value()
                            .as_element()
                            .map(|e| matches!(e.name(), "script" | "style"))
                    })
                    .unwrap_or(false);
                if !raw {
                    out.push(format!("text {:?}", &**t));
                }
            }
            Node::Comment(c) => out.push(format!("comment {:?}", &**c)),
            _ => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn pruned_pages_parse_to_the_same_tree(page in soup()) {
        let theirs = Html::parse_document(&page);
        prop_assert_eq!(shape(&parse_read(&page)), shape(&theirs));
    }

    #[test]
    fn json_ld_bodies_are_kept(page in soup()) {
        // Whatever comes before it, the text of a script that the tree holds as JSON-LD is
        // never removed.
        let page = format!("{page}<script type=\"application/ld+json\">{{\"a\":1}}</script>");
        prop_assert_eq!(json_ld(&parse_read(&page)), json_ld(&Html::parse_document(&page)));
    }
}

#[test]
fn unread_bodies_and_attributes_go_on_both_paths() {
    let page = concat!(
        "<script type=application/ld&#43;json>{}</script><script>var x = 1 < 2;</script>",
        "<style>p{a:b}</style><div onclick=\"a>b\" CLASS=x><a href=\"/x\" rel=author>t</a>",
        "<b data-x=1>b</b></div>"
    );
    // A NUL sends the page to html5ever; the tree must be the same.
    for page in [page.to_string(), format!("{page}\0")] {
        let doc = parse_read(&page);
        let html = doc.html();
        assert!(
            html.contains("<script type=\"application/ld+json\">{}</script><script></script>"),
            "{html}"
        );
        assert!(html.contains("<style></style>"), "{html}");
        assert!(
            html.contains(r#"<div class="x"><a href="" rel="author">t</a><b data-x="1">"#),
            "{html}"
        );
    }
}

/// The texts of the tree's `script` elements typed as JSON-LD.
fn json_ld(doc: &Html) -> Vec<String> {
    let mut out = Vec::new();
    for n in doc.tree.root().descendants() {
        let Some(t) = n.value().as_text() else {
            continue;
        };
        let ld = n.parent().and_then(|p| {
            p.value().as_element().map(|e| {
                e.name() == "script"
                    && e.attr("type")
                        .is_some_and(|ty| ty.to_ascii_lowercase().contains("ld+json"))
            })
        });
        if ld == Some(true) {
            out.push(t.to_string());
        }
    }
    out
}
