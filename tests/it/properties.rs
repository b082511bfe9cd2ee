//! Property tests: the parsers and entity extraction never panic on any input, and the JSON
//! report of any input is valid JSON. Inputs are random bytes, random text, and random mixes of
//! the markup and caption pieces real pages are made of (which reach deeper code than noise).

use capcheck::check::{self, Engine};
use capcheck::entities::{self, Lexicon};
use capcheck::parse;
use capcheck::report::{self, Format};
use capcheck::result::Report;
use proptest::prelude::*;
use std::sync::OnceLock;

/// The word lists and calibration, built once for all cases.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::builtin)
}

/// The word lists.
fn lex() -> &'static Lexicon {
    &engine().lexicon
}

/// Pieces of pages: markup that steers the HTML parser's passes, caption and credit shapes,
/// dates, names, and hostile bytes.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<figure><img src=\"a.jpg\" alt=\"x\">".to_string()),
        Just("<figcaption>".to_string()),
        Just("</figcaption></figure>".to_string()),
        Just("<article><h1>".to_string()),
        Just("</h1><p>".to_string()),
        Just("</p></article>".to_string()),
        Just("<meta property=\"article:published_time\" content=\"2024-05-28\">".to_string()),
        Just("<meta charset=\"windows-1252\">".to_string()),
        Just(
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"image\":["
                .to_string()
        ),
        Just("<div class=\"caption\">".to_string()),
        Just("<nav><ul><li><a href=/>".to_string()),
        Just(" (AFP photo) ".to_string()),
        Just("Photo: Reuters/Jane Doe".to_string()),
        Just("FILE PHOTO: ".to_string()),
        Just("on March 08, 2019. ".to_string()),
        Just("Sept. 31, 20".to_string()),
        Just("US Rep. Ilhan Omar (D-MN) (L) talks with Speaker Nancy Pelosi ".to_string()),
        Just("Kim Jong-un and Xi Jinping in Pyongyang, North Korea. ".to_string()),
        Just("Mr. ".to_string()),
        Just("\u{fffd}\u{200b}\u{301}ß Ł ".to_string()),
        Just("\n\n".to_string()),
        "[A-Za-z .,()'-]{0,24}".prop_map(|s| s),
        any::<String>(),
    ]
}

/// A page made of up to 40 pieces.
fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

/// Markdown sources made of the pieces the Markdown parser reads, in any order.
fn markdown() -> impl Strategy<Value = String> {
    let pieces = vec![
        "---\n",
        "+++\n",
        "title: Mill\n",
        "{\"title\": 1}\n",
        "\n",
        "\n\n",
        "  ",
        "é",
        "{{< figure src=\"a.jpg\" caption=\"Ann Lee in Oslo.\" attr=\"AP\" >}}",
        "{{% img ",
        "{{</* x */>}}",
        "{% include figure.html image=\"b\" caption='c' %}",
        "<Figure caption={\"x\"} />",
        "<Photo src={a}>kids</Photo>",
        "<",
        "{",
        "\"",
        "'",
        "`",
        "```\n",
        "![alt](b.png \"Ann in Rome\")",
        "*A caption.*",
        "_",
        "<figure>",
        "</figure>",
        "<figcaption>Boats.</figcaption>",
        "<img src=x>",
        "<!-- capcheck-ignore caption-stale-date -->",
        "import X from 'y'\n",
        "{/* c */}",
        "# H\n",
        "> ",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..48).prop_map(|v| v.concat())
}

/// The JSON report of one document, parsed back.
fn json_of(id: &str, bytes: &[u8]) -> serde_json::Value {
    let doc = check::check_bytes(id, bytes, engine());
    let text = report::render(&Report::new(vec![doc]), Format::Json, false);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON ({e}): {text}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        for id in ["a.html", "a.txt", "a", "a.md", "a.mdx"] {
            let _ = parse::parse(id, &bytes);
        }
    }

    #[test]
    fn parse_never_panics_on_pages(text in page()) {
        for id in ["a.html", "a.txt"] {
            let _ = parse::parse(id, text.as_bytes());
        }
    }

    #[test]
    fn markdown_never_panics(text in markdown()) {
        for id in ["a.md", "a.mdx"] {
            let article = parse::parse(id, text.as_bytes()).expect("text parses");
            for f in &article.figures {
                // A position is a line of the file.
                let lines = text.lines().count().max(1);
                prop_assert!(f.line.is_none_or(|l| (1..=lines + 1).contains(&l)), "{f:?}");
            }
        }
    }

    #[test]
    fn extract_never_panics(text in page()) {
        let _ = entities::extract(&text, lex());
    }

    #[test]
    fn json_report_is_valid_json(text in page(), noise in prop::collection::vec(any::<u8>(), 0..64)) {
        let json = json_of("page.html", text.as_bytes());
        prop_assert!(json["documents"].is_array());
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(&noise);
        let json = json_of("page \"quoted\"\n.txt", &bytes);
        prop_assert_eq!(json["summary"]["documents"].as_u64(), Some(1));
    }
}
