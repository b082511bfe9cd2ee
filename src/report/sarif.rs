//! The SARIF 2.1.0 report, for code-scanning tools (GitHub code scanning and others): the rule
//! catalogue with its docs, one result per finding located at the caption's line and column,
//! and unreadable documents as tool-execution notifications. Hand-written serde structs: SARIF
//! is large, but capcheck needs a small, fixed part of it.

use serde::Serialize;

use crate::post::baseline;
use crate::result::{DocumentReport, Finding, Report, Severity};
use crate::types::{Rule as RuleId, STDIN_ID};

/// The schema the log declares; GitHub code scanning and editors look it up by this address.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";

/// The key of capcheck's entry in `partialFingerprints`; bump `v1` if the recipe ever changes.
pub const FINGERPRINT_KEY: &str = "capcheck/v1";

/// What SARIF's `uri` of a document read from standard input says.
const STDIN_URI: &str = "stdin";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<SarifRun>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun {
    tool: ToolWrapper,
    invocations: Vec<Invocation>,
    /// Our columns count characters (see the parsers), which is what this value means.
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct ToolWrapper {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: String,
    semantic_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "capcheck/v1")]
    v1: String,
}

/// Where a result's document is not a whole file: the WARC record inside the artifact.
#[derive(Serialize)]
struct Properties {
    #[serde(rename = "capcheck/record")]
    record: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
}

/// Renders the report as a SARIF 2.1.0 log (pretty-printed JSON ending with a newline).
pub fn render(report: &Report) -> String {
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for doc in &report.documents {
        if let Some(err) = &doc.error {
            notifications.push(Notification {
                level: "error",
                message: Text { text: err.clone() },
                locations: vec![location(&doc.path, None)],
            });
        }
        results.extend(doc.findings.iter().map(|f| result(doc, f)));
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: SARIF_VERSION,
        runs: vec![SarifRun {
            tool: ToolWrapper {
                driver: Driver {
                    name: "capcheck",
                    version: report.tool.version.clone(),
                    semantic_version: report.tool.version.clone(),
                    information_uri: information_uri(),
                    rules: RuleId::ALL.into_iter().map(rule).collect(),
                },
            },
            // The run itself succeeded: an unreadable page is a problem reported about that
            // page, not a crash of the tool (code scanning would discard a failed run).
            invocations: vec![Invocation {
                execution_successful: true,
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Plain structs of strings and numbers always serialise; the fallback is never taken.
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

/// The project's address from Cargo.toml (`repository`, else `homepage`), if it has one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|u| !u.is_empty())
}

/// One rule of the catalogue as a SARIF reporting descriptor.
fn rule(r: RuleId) -> Rule {
    Rule {
        id: r.id(),
        name: pascal_case(r.id()),
        short_description: Text {
            text: r.summary().to_string(),
        },
        full_description: Text {
            text: section(r.doc(), "What it checks").unwrap_or_else(|| r.summary().to_string()),
        },
        help: Help {
            text: r.doc(),
            markdown: r.doc(),
        },
        default_configuration: Configuration {
            level: level(r.severity()),
        },
    }
}

/// One finding as a SARIF result, located at its photo's caption when the parser knew where.
fn result(doc: &DocumentReport, f: &Finding) -> SarifResult {
    let image = doc.images.iter().find(|i| i.index == f.image);
    let region = image.and_then(|i| {
        i.line.filter(|&l| l >= 1).map(|start_line| Region {
            start_line,
            start_column: i.column.filter(|&c| c >= 1),
        })
    });
    let (_, record) = split_record(&doc.path);
    SarifResult {
        rule_id: f.rule.id().to_string(),
        rule_index: RuleId::ALL.iter().position(|&r| r == f.rule),
        level: level(f.severity),
        message: Text {
            text: format!("{} (photo #{})", f.message, f.image),
        },
        locations: vec![location(&doc.path, region)],
        partial_fingerprints: Fingerprints {
            // The baseline's fingerprint, so that a SARIF consumer and `--baseline` agree on
            // which finding is which.
            v1: baseline::entry(
                &doc.path,
                image.and_then(|i| i.src.as_deref()),
                f.rule.id(),
                image.and_then(|i| i.caption.as_deref()).unwrap_or(""),
            )
            .fingerprint,
        },
        properties: record.map(|r| Properties {
            record: r.to_string(),
        }),
    }
}

/// SARIF's name for a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The location of a document (and a region in it).
fn location(path: &str, region: Option<Region>) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: artifact_uri(path),
            },
            region,
        },
    }
}

/// A document id split into its file and, for a WARC record (`FILE.warc.gz#URI`), the record.
fn split_record(path: &str) -> (&str, Option<&str>) {
    if let Some((file, record)) = path.split_once('#') {
        let lower = file.to_ascii_lowercase();
        if lower.ends_with(".warc") || lower.ends_with(".warc.gz") {
            return (file, Some(record));
        }
    }
    (path, None)
}

/// The artifact URI of a document: a relative path stays relative (code scanning resolves it
/// against the repository root), an absolute one becomes a `file://` URI, stdin is `stdin`,
/// and anything a URI cannot hold as is (spaces, `#`, non-ASCII) is percent-encoded.
pub fn artifact_uri(path: &str) -> String {
    if path == STDIN_ID {
        return STDIN_URI.to_string();
    }
    let (file, _) = split_record(path);
    let slashed = file.replace('\\', "/");
    let drive = slashed.len() >= 2
        && slashed.as_bytes()[0].is_ascii_alphabetic()
        && slashed.as_bytes()[1] == b':';
    if slashed.starts_with('/') {
        format!("file://{}", percent_encode(&slashed, true))
    } else if drive {
        format!("file:///{}", percent_encode(&slashed, true))
    } else {
        // `./a.html` and `a.html` are the same file to a reader, but only the second matches a
        // repository path.
        let rel = slashed.trim_start_matches("./");
        percent_encode(rel, false)
    }
}

/// Percent-encodes every byte outside RFC 3986's unreserved and path characters; `:` is kept
/// only in absolute URIs, since in a relative one it would read as a scheme.
fn percent_encode(s: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@/".contains(&b)
            || (keep_colon && b == b':');
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `caption-entity-mismatch` → `CaptionEntityMismatch`, SARIF's readable rule name.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// The text of a `## heading` section of a rule doc, on one line: its paragraphs, no code.
fn section(doc: &str, heading: &str) -> Option<String> {
    let start = doc.find(&format!("## {heading}\n"))?;
    let body = &doc[start..].lines().skip(1).collect::<Vec<_>>().join("\n");
    let end = body.find("\n## ").unwrap_or(body.len());
    let text = body[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_encoded_or_file() {
        assert_eq!(artifact_uri("fixtures/a.html"), "fixtures/a.html");
        assert_eq!(
            artifact_uri("./site/my page#1.html"),
            "site/my%20page%231.html"
        );
        assert_eq!(artifact_uri("-"), "stdin");
        assert_eq!(artifact_uri("/srv/a b.html"), "file:///srv/a%20b.html");
        assert_eq!(artifact_uri("C:\\pages\\a.html"), "file:///C:/pages/a.html");
        assert_eq!(
            artifact_uri("crawl.warc.gz#https://x.test/a"),
            "crawl.warc.gz"
        );
        assert_eq!(artifact_uri("é.html"), "%C3%A9.html");
    }

    #[test]
    fn rule_names_and_descriptions() {
        assert_eq!(
            pascal_case("caption-entity-mismatch"),
            "CaptionEntityMismatch"
        );
        for r in RuleId::ALL {
            let text = section(r.doc(), "What it checks").expect("section");
            assert!(!text.contains("##"), "{text}");
        }
    }
}
