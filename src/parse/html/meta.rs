//! Page-level facts from `<meta>`, `<title>` and JSON-LD: headline, date, summary, keywords,
//! author, and the captions JSON-LD declares for the article's images.

use serde_json::Value;

use super::index::{normalize, Attr as _, Index};
use crate::parse::kept_attrs::{Name, Whole};

/// What the page says about itself outside the body markup.
#[derive(Debug, Default)]
pub struct Meta {
    /// `og:title` or `twitter:title`, site suffix removed.
    pub og_title: Option<String>,
    /// `<title>`, site suffix removed.
    pub title_tag: Option<String>,
    /// JSON-LD `headline`.
    pub ld_headline: Option<String>,
    /// The publication date, raw.
    pub published: Option<String>,
    /// `og:description` / `meta description`.
    pub description: Option<String>,
    /// Keywords and tags.
    pub keywords: Vec<String>,
    /// The author.
    pub byline: Option<String>,
    /// `og:image` or `twitter:image`: the photo the publisher chose to stand for the story.
    pub lead_image: Option<String>,
    /// `og:image:alt` or `twitter:image:alt`: the lead photo described in words, read as its
    /// caption when the page shows none.
    pub lead_image_alt: Option<String>,
    /// `(image url, caption)` pairs declared by JSON-LD for the article's images.
    pub ld_images: Vec<(Option<String>, String)>,
    /// The declared language (`<html lang>`, `Content-Language`, `og:locale`), ISO 639-1.
    pub language: Option<String>,
    /// The page's own address: `<link rel=canonical>`, else `og:url` (absolute `http(s)` only).
    pub url: Option<String>,
}

/// `meta` names/properties holding the publication date, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "article:published",
    "published_time",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "og:pubdate",
    "pub_date",
    "displaydate",
    "dc.date.created",
];

/// Reads the head metadata and JSON-LD in one pass over the indexed nodes.
pub fn extract(index: &Index<'_>) -> Meta {
    let mut found = Candidates::default();
    for (i, info) in index.nodes.iter().enumerate() {
        let Some(e) = info.el else { continue };
        match info.name {
            "html" if found.meta.language.is_none() => {
                found.meta.language = e
                    .get_attr(Name::Lang)
                    .and_then(crate::parse::language::from_tag);
            }
            "meta" => found.read_meta(e),
            "link" if found.canonical.is_none() => {
                let rel = e.get_attr(Name::Rel).unwrap_or("");
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    found.canonical = e.get_whole_attr(Whole::Href).map(normalize);
                }
            }
            "title" if found.meta.title_tag.is_none() => {
                let t = normalize(&index.child_text(i));
                if !t.is_empty() {
                    found.meta.title_tag = Some(strip_site(&t));
                }
            }
            "script" => {
                let ty = e.get_attr(Name::Type).unwrap_or("").to_ascii_lowercase();
                if ty.contains("ld+json") {
                    let Candidates {
                        meta,
                        dates,
                        author,
                        ..
                    } = &mut found;
                    read_json_ld(&index.child_text(i), meta, dates, author);
                }
            }
            "time" if found.dates.is_empty() => {
                if let Some(dt) = e
                    .get_attr(Name::Datetime)
                    .map(normalize)
                    .filter(|d| !d.is_empty())
                {
                    // A <time> outside chrome is usually the dateline; rank it after metas.
                    if index.flags(i) & super::index::OUTSIDE == 0 {
                        found.dates.push((DATE_KEYS.len() + 1, dt));
                    }
                }
            }
            _ => {
                if let Some(prop) = e.get_attr(Name::Itemprop) {
                    if prop.eq_ignore_ascii_case("datePublished") {
                        if let Some(v) = e
                            .get_attr(Name::Content)
                            .or_else(|| e.get_attr(Name::Datetime))
                        {
                            found.dates.push((DATE_KEYS.len(), normalize(v)));
                        }
                    }
                }
            }
        }
    }
    found.finish()
}

/// What the page offers for each fact while it is read, several sources each; [`finish`]
/// picks the best of each.
///
/// [`finish`]: Candidates::finish
#[derive(Default)]
struct Candidates {
    /// The facts that take the first source that gives them.
    meta: Meta,
    /// Publication dates with their rank (lower is better).
    dates: Vec<(usize, String)>,
    og_title: Option<String>,
    tw_title: Option<String>,
    og_desc: Option<String>,
    desc: Option<String>,
    tw_desc: Option<String>,
    author: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
}

impl Candidates {
    /// A `<meta>` element: its key (property, name, itemprop or http-equiv) says which fact
    /// its content offers.
    fn read_meta(&mut self, e: &scraper::node::Element) {
        let key = e
            .get_attr(Name::Property)
            .or_else(|| e.get_attr(Name::Name))
            .or_else(|| e.get_attr(Name::Itemprop))
            .or_else(|| e.get_attr(Name::HttpEquiv))
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let Some(content) = e
            .get_attr(Name::Content)
            .map(normalize)
            .filter(|c| !c.is_empty())
        else {
            return;
        };
        if let Some(rank) = DATE_KEYS.iter().position(|k| *k == key) {
            self.dates.push((rank, content));
            return;
        }
        match key.as_str() {
            "og:image"
            | "og:image:url"
            | "og:image:secure_url"
            | "twitter:image"
            | "twitter:image:src" => set(&mut self.meta.lead_image, content),
            // `<html lang>` comes first in the page and wins; these fill in for it.
            "content-language" | "og:locale" | "language" | "dc.language"
                if self.meta.language.is_none() =>
            {
                self.meta.language = crate::parse::language::from_tag(&content);
            }
            "og:image:alt" | "twitter:image:alt" => set(&mut self.meta.lead_image_alt, content),
            "og:title" => set(&mut self.og_title, content),
            "og:url" => set(&mut self.og_url, content),
            "twitter:title" => set(&mut self.tw_title, content),
            "og:description" => set(&mut self.og_desc, content),
            "description" => set(&mut self.desc, content),
            "twitter:description" => set(&mut self.tw_desc, content),
            "keywords" | "news_keywords" | "article:tag" | "parsely-tags" | "sailthru.tags" => {
                push_keywords(&mut self.meta.keywords, &content)
            }
            "author" | "article:author" | "parsely-author" | "sailthru.author" | "byl"
                if !content.starts_with("http") =>
            {
                set(&mut self.author, content)
            }
            _ => {}
        }
    }

    /// The page's facts: the best-ranked readable date, titles and descriptions by source
    /// order, the first web address among canonical and `og:url`.
    fn finish(self) -> Meta {
        let Candidates {
            mut meta,
            mut dates,
            ..
        } = self;
        dates.sort_by_key(|(rank, _)| *rank);
        // The best-ranked date that reads as one: a site's own short form (`14-12-29`) must not
        // hide the ISO date its structured data gives.
        let readable = dates
            .iter()
            .find(|(_, d)| crate::parse::dates::parse_published(d).is_some());
        meta.published = readable
            .or_else(|| dates.iter().find(|(_, d)| !d.is_empty()))
            .map(|(_, d)| d.clone());
        meta.og_title = self.og_title.or(self.tw_title).map(|t| strip_site(&t));
        meta.description = self.og_desc.or(self.desc).or(self.tw_desc);
        meta.url = [self.canonical, self.og_url]
            .into_iter()
            .flatten()
            .find(|u| crate::types::is_web_address(u));
        if meta.byline.is_none() {
            meta.byline = self.author;
        }
        meta
    }
}

fn set(slot: &mut Option<String>, v: String) {
    if slot.is_none() {
        *slot = Some(v);
    }
}

fn push_keywords(out: &mut Vec<String>, s: &str) {
    for k in s.split([',', ';']) {
        let k = k.trim();
        if !k.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(k)) {
            out.push(k.to_string());
        }
    }
}

/// Removes a trailing site name (`" | Site"`, `" - Site"`, `" — Site"`) when the tail is short
/// and the rest still reads as a headline.
pub fn strip_site(title: &str) -> String {
    let mut t = title.trim().to_string();
    for _ in 0..2 {
        let cut = [" | ", " - ", " — ", " – ", " :: ", " · ", " // "]
            .iter()
            .filter_map(|sep| t.rfind(sep).map(|p| (p, sep.len())))
            .max_by_key(|(p, _)| *p);
        let Some((p, len)) = cut else { break };
        let (head, tail) = (t.get(..p).unwrap_or(""), t.get(p + len..).unwrap_or(""));
        if tail.split_whitespace().count() <= 5 && head.split_whitespace().count() >= 3 {
            t = head.trim().to_string();
        } else {
            break;
        }
    }
    t
}

/// Types whose fields describe the page's own story.
fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        let s = s.rsplit('/').next().unwrap_or(s);
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting" | "LiveBlogPosting" | "Report" | "WebPage" | "ItemPage"
            )
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(check),
        _ => false,
    }
}

fn type_is(v: &Value, name: &str) -> bool {
    match v.get("@type") {
        Some(Value::String(s)) => s == name,
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(|s| s == name),
        _ => false,
    }
}

/// Parses one JSON-LD block leniently (comments, CDATA wrappers, trailing junk).
fn read_json_ld(
    raw: &str,
    meta: &mut Meta,
    dates: &mut Vec<(usize, String)>,
    author: &mut Option<String>,
) {
    let mut s = raw.trim();
    for prefix in ["<!--", "//<![CDATA[", "<![CDATA["] {
        s = s.strip_prefix(prefix).unwrap_or(s).trim();
    }
    for suffix in ["-->", "//]]>", "]]>"] {
        s = s.strip_suffix(suffix).unwrap_or(s).trim();
    }
    let value: Value = match serde_json::from_str(s) {
        Ok(v) => v,
        Err(_) => {
            // Some pages put a trailing semicolon or two objects back to back.
            let mut stream = serde_json::Deserializer::from_str(s).into_iter::<Value>();
            match stream.next() {
                Some(Ok(v)) => v,
                _ => return,
            }
        }
    };
    walk_ld(&value, 0, meta, dates, author);
}

fn walk_ld(
    v: &Value,
    depth: usize,
    meta: &mut Meta,
    dates: &mut Vec<(usize, String)>,
    author: &mut Option<String>,
) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => a
            .iter()
            .for_each(|x| walk_ld(x, depth + 1, meta, dates, author)),
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                walk_ld(g, depth + 1, meta, dates, author);
            }
            if is_article_type(v) {
                let article = !type_is(v, "WebPage") && !type_is(v, "ItemPage");
                if let Some(d) = o.get("datePublished").and_then(Value::as_str) {
                    // An article's own date outranks a WebPage's.
                    dates.push((if article { 0 } else { 1 }, normalize(d)));
                }
                if article {
                    if let Some(h) = o.get("headline").and_then(Value::as_str) {
                        set(&mut meta.ld_headline, normalize(h));
                    }
                    if let Some(k) = o.get("keywords") {
                        match k {
                            Value::String(s) => push_keywords(&mut meta.keywords, s),
                            Value::Array(a) => a
                                .iter()
                                .filter_map(Value::as_str)
                                .for_each(|s| push_keywords(&mut meta.keywords, s)),
                            _ => {}
                        }
                    }
                    if author.is_none() {
                        *author = ld_name(o.get("author"));
                    }
                }
                if let Some(img) = o.get("image") {
                    ld_images(img, 0, &mut meta.ld_images);
                }
                if let Some(img) = o.get("associatedMedia") {
                    ld_images(img, 0, &mut meta.ld_images);
                }
            } else if type_is(v, "ImageObject") && depth <= 1 {
                ld_images(v, 0, &mut meta.ld_images);
            }
            if let Some(main) = o.get("mainEntity").or_else(|| o.get("mainEntityOfPage")) {
                if main.is_object() {
                    walk_ld(main, depth + 1, meta, dates, author);
                }
            }
        }
        _ => {}
    }
}

fn ld_name(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(normalize(s)),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(normalize),
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(|x| ld_name(Some(x))).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn ld_images(v: &Value, depth: usize, out: &mut Vec<(Option<String>, String)>) {
    if depth > 3 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| ld_images(x, depth + 1, out)),
        Value::Object(o) => {
            // An image's `description` is its caption when it has no `caption`.
            let text = |key: &str| {
                o.get(key)
                    .and_then(|c| match c {
                        Value::String(s) => Some(s.as_str()),
                        Value::Object(co) => co.get("text").and_then(Value::as_str),
                        _ => None,
                    })
                    .map(|c| normalize(&super::figures::strip_tags(c)))
                    .filter(|c| !c.is_empty())
            };
            let caption = text("caption").or_else(|| text("description"));
            if let Some(caption) = caption {
                let url = o
                    .get("url")
                    .or_else(|| o.get("contentUrl"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                out.push((url, caption));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn meta(html: &str) -> Meta {
        let doc = Html::parse_document(html);
        let index = Index::build(&doc);
        extract(&index)
    }

    #[test]
    fn the_pages_own_address_is_its_canonical_link_else_og_url() {
        // Through the whole parse, whose tokenizer drops the attributes no pass reads.
        let url = |html: &str| crate::parse::parse("p.html", html.as_bytes()).unwrap().url;
        assert_eq!(
            url(
                r#"<head><meta property="og:url" content="https://news.example/b">
            <link rel="Canonical" href=" https://news.example/a "></head><p>x</p>"#
            )
            .as_deref(),
            Some("https://news.example/a")
        );
        assert_eq!(
            url(r#"<head><link rel=canonical href="/a"><meta property="og:url" content="http://news.example/b"></head>"#)
            .as_deref(),
            Some("http://news.example/b")
        );
        assert_eq!(
            url(r#"<link rel=canonical href="javascript:alert(1)">"#),
            None
        );
        assert_eq!(
            url(r#"<a rel=canonical href="https://x.example/">x</a>"#),
            None
        );
    }

    #[test]
    fn title_suffix_removed() {
        assert_eq!(
            strip_site("Mayor opens the new river bridge | The Daily Example"),
            "Mayor opens the new river bridge"
        );
        assert_eq!(
            strip_site("Mayor opens the new river bridge - Example News"),
            "Mayor opens the new river bridge"
        );
        assert_eq!(strip_site("Mayor opens bridge"), "Mayor opens bridge");
    }

    #[test]
    fn og_title_and_title_tag() {
        let m = meta(
            r#"<html><head><title>Town fair draws record crowds — Example Post</title>
            <meta property="og:title" content="Town fair draws record crowds"></head><body></body></html>"#,
        );
        assert_eq!(m.og_title.as_deref(), Some("Town fair draws record crowds"));
        assert_eq!(
            m.title_tag.as_deref(),
            Some("Town fair draws record crowds")
        );
    }

    #[test]
    fn published_sources() {
        let m =
            meta(r#"<head><meta name="sailthru.date" content="2021-02-03"></head><body></body>"#);
        assert_eq!(m.published.as_deref(), Some("2021-02-03"));
        let m = meta(
            r#"<head><meta property="article:published_time" content="2020-01-02T10:00:00Z">
            <meta name="date" content="2019-01-01"></head>"#,
        );
        assert_eq!(m.published.as_deref(), Some("2020-01-02T10:00:00Z"));
        let m = meta(
            r#"<head><script type="application/ld+json">{"@graph":[{"@type":"WebSite"},
            {"@type":["NewsArticle"],"datePublished":"2018-05-06","headline":"A headline here",
             "image":{"@type":"ImageObject","url":"/a.jpg","caption":"A goat on a roof."}}]}</script></head>"#,
        );
        assert_eq!(m.published.as_deref(), Some("2018-05-06"));
        assert_eq!(
            m.ld_images,
            vec![(Some("/a.jpg".to_string()), "A goat on a roof.".to_string())]
        );
        let m = meta(
            r#"<body><article><time datetime="2017-07-07T07:00">July 7</time><p>x</p></article></body>"#,
        );
        assert_eq!(m.published.as_deref(), Some("2017-07-07T07:00"));
        let m = meta(r#"<head><meta name="DC.date.issued" content="2016-06-06"></head>"#);
        assert_eq!(m.published.as_deref(), Some("2016-06-06"));
        let m = meta(r#"<head><meta name="parsely-pub-date" content="2015-05-05"></head>"#);
        assert_eq!(m.published.as_deref(), Some("2015-05-05"));
    }

    #[test]
    fn keywords_and_description() {
        let m = meta(
            r#"<head><meta name="keywords" content="bridges, river; mayor">
            <meta property="article:tag" content="Mayor"><meta property="article:tag" content="Fair">
            <meta name="description" content="A short summary."></head>"#,
        );
        assert_eq!(m.keywords, vec!["bridges", "river", "mayor", "Fair"]);
        assert_eq!(m.description.as_deref(), Some("A short summary."));
    }
}
