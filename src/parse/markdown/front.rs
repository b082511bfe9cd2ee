//! Front matter: the metadata block a static-site generator reads before a Markdown body,
//! as YAML between `---` lines, TOML between `+++` lines, or a JSON object. All three are read
//! into one generic value and the article's fields are picked from it by key.

use serde_json::{Map, Value};

/// Nesting deeper than this in front matter is cut off: metadata is flat in practice, and a
/// hostile file must not recurse without end.
const MAX_DEPTH: usize = 32;

/// What the article takes from a document's front matter.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct FrontMatter {
    /// `title`.
    pub(super) title: Option<String>,
    /// The publication date as written (`date`, `published`, `publishDate`, `pubDate`, and
    /// `lastmod` only when none of those is given).
    pub(super) date: Option<String>,
    /// `description`, `summary` or `excerpt`.
    pub(super) description: Option<String>,
    /// `author` (a name, or an object with a `name`), or the first of `authors`.
    pub(super) byline: Option<String>,
    /// `tags` and `keywords`.
    pub(super) keywords: Vec<String>,
    /// `capcheck-ignore`: rule ids silenced for the whole document (`*` for all).
    pub(super) ignore: Vec<String>,
}

/// The front matter at the start of `text`, if any, and the byte offset where the body
/// starts. A block that opens but never closes is body text; one that closes but does not
/// parse is still metadata (its lines are never article text) with no fields read.
pub(super) fn split(text: &str) -> (Option<FrontMatter>, usize) {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    if let Some(first) = first_line(rest) {
        let fence = first.trim_end();
        if fence == "---" || fence == "+++" {
            let from = start + first.len();
            if let Some((inner_end, body)) = closing(text, from, fence) {
                let inner = &text[from..inner_end];
                let value = if fence == "---" {
                    yaml(inner)
                } else {
                    toml_value(inner)
                };
                return (Some(value.map(|v| pick(&v)).unwrap_or_default()), body);
            }
            return (None, 0);
        }
    }
    if rest.starts_with('{') {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        if let Some(Ok(v @ Value::Object(_))) = stream.next() {
            return (Some(pick(&v)), start + stream.byte_offset());
        }
    }
    (None, 0)
}

/// The first line of `s` with its line ending.
fn first_line(s: &str) -> Option<&str> {
    let end = memchr::memchr(b'\n', s.as_bytes())?;
    Some(&s[..=end])
}

/// Where the closing fence line starts, and where the body after it starts.
fn closing(text: &str, from: usize, fence: &str) -> Option<(usize, usize)> {
    let mut at = from;
    while at < text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1);
        let line = text[at..end].trim_end();
        // YAML documents may also end with `...`.
        if line == fence || (fence == "---" && line == "...") {
            return Some((at, end));
        }
        at = end;
    }
    None
}

/// YAML front matter as a generic value; aliases are left unexpanded (no alias bomb).
fn yaml(inner: &str) -> Option<Value> {
    let docs = yaml_rust2::YamlLoader::load_from_str(inner).ok()?;
    docs.first().map(|d| from_yaml(d, 0))
}

/// One YAML node as a JSON value (keys as strings, scalars as they read).
fn from_yaml(y: &yaml_rust2::Yaml, depth: usize) -> Value {
    use yaml_rust2::Yaml;
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match y {
        Yaml::String(s) | Yaml::Real(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(|i| from_yaml(i, depth + 1)).collect()),
        Yaml::Hash(h) => {
            let mut map = Map::new();
            for (k, v) in h {
                let key = match k {
                    Yaml::String(s) | Yaml::Real(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    _ => continue,
                };
                map.insert(key, from_yaml(v, depth + 1));
            }
            Value::Object(map)
        }
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

/// TOML front matter as a generic value; dates become their text (`2024-05-01`).
fn toml_value(inner: &str) -> Option<Value> {
    let table: toml::Table = toml::from_str(inner).ok()?;
    Some(from_toml(&toml::Value::Table(table), 0))
}

/// One TOML value as a JSON value.
fn from_toml(t: &toml::Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match t {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::String(f.to_string()),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(|v| from_toml(v, depth + 1)).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), from_toml(v, depth + 1)))
                .collect(),
        ),
    }
}

/// The value of the first of `keys` present (compared case-insensitively, `_` and `-` alike).
fn get<'a>(map: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    let norm = |k: &str| k.to_ascii_lowercase().replace(['_', '-'], "");
    keys.iter().find_map(|want| {
        map.iter()
            .find(|(k, v)| norm(k) == norm(want) && !v.is_null())
            .map(|(_, v)| v)
    })
}

/// A scalar as text (a string, or a number written as a date such as a year).
fn text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Strings of a list, or of a single string.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().filter_map(text).collect(),
        Some(v) => text(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The article's fields from the generic front matter.
fn pick(v: &Value) -> FrontMatter {
    let Value::Object(map) = v else {
        return FrontMatter::default();
    };
    let date = get(map, &["date", "published", "publishDate", "pubDate"])
        .or_else(|| get(map, &["lastmod", "updated", "modified"]))
        .and_then(text);
    let person = |v: &Value| match v {
        Value::Object(o) => get(o, &["name"]).and_then(text),
        v => text(v),
    };
    let byline = get(map, &["author"])
        .and_then(person)
        .or_else(|| match get(map, &["authors"]) {
            Some(Value::Array(a)) => a.iter().find_map(person),
            Some(v) => person(v),
            None => None,
        });
    let mut keywords = strings(get(map, &["tags"]));
    keywords.extend(strings(get(map, &["keywords"])));
    let ignore = match get(map, &["capcheck-ignore"]) {
        Some(Value::Bool(true)) => vec!["*".to_string()],
        Some(Value::String(s)) => super::super::ignore_comment(&format!("capcheck-ignore {s}"))
            .unwrap_or_default()
            .into_iter()
            .map(str::to_string)
            .collect(),
        Some(Value::Array(items)) if items.is_empty() => vec!["*".to_string()],
        other => strings(other),
    };
    FrontMatter {
        title: get(map, &["title"]).and_then(text),
        date,
        description: get(map, &["description", "summary", "excerpt"]).and_then(text),
        byline,
        keywords,
        ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_toml_and_json() {
        let text = "---\ntitle: \"Harbour reopens\"\ndate: 2024-05-01\ntags: [port, storm]\ncapcheck-ignore: [caption-stale-date]\n---\nBody.\n";
        let (f, body) = split(text);
        let f = f.expect("front matter");
        assert_eq!(f.title.as_deref(), Some("Harbour reopens"));
        assert_eq!(f.date.as_deref(), Some("2024-05-01"));
        assert_eq!(f.keywords, ["port", "storm"]);
        assert_eq!(f.ignore, ["caption-stale-date"]);
        assert_eq!(&text[body..], "Body.\n");
        let (f, _) = split("+++\ntitle = 'Ferry strike'\ndate = 2023-02-03T10:00:00Z\n[author]\nname = 'Ana Ruiz'\n+++\nx");
        let f = f.expect("front matter");
        assert_eq!(f.title.as_deref(), Some("Ferry strike"));
        assert_eq!(f.date.as_deref(), Some("2023-02-03T10:00:00Z"));
        assert_eq!(f.byline.as_deref(), Some("Ana Ruiz"));
        let text = "{\"title\": \"Mill\", \"publishDate\": \"2022-01-01\"}\nBody";
        let (f, body) = split(text);
        assert_eq!(f.and_then(|f| f.date).as_deref(), Some("2022-01-01"));
        assert_eq!(&text[body..], "\nBody");
    }

    #[test]
    fn unclosed_or_broken_blocks() {
        assert_eq!(split("---\ntitle: x\nno end\n"), (None, 0));
        let text = "---\n: : [\n---\nBody";
        let (f, body) = split(text);
        assert_eq!(f, Some(FrontMatter::default()));
        assert_eq!(&text[body..], "Body");
        assert_eq!(split("# Title\n\ntext"), (None, 0));
        assert_eq!(split("{not json"), (None, 0));
        let (f, _) = split("---\na: &x [1]\nb: *x\nlastmod: 2020-02-02\n---\n");
        assert_eq!(f.and_then(|f| f.date).as_deref(), Some("2020-02-02"));
    }
}
