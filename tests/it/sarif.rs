//! The SARIF report against the SARIF 2.1.0 JSON schema (OASIS, errata 01, vendored in
//! tests/data/ with its notice), checked by a small draft-04 validator written here so the test
//! needs no network and no new dependency; plus the properties GitHub code scanning relies on.
//! `scripts/validate-sarif.py` does the same check with Python's `jsonschema` when it is there.

use std::collections::HashSet;

use crate::common::{capcheck, root};
use serde_json::{Map, Value};

/// `capcheck check --format sarif ARGS…` parsed, run from the crate root.
fn sarif_of(args: &[&str], stdin: Option<&str>) -> Value {
    let mut cmd = capcheck();
    cmd.args(["check", "--format", "sarif", "--fail-on", "never"])
        .args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_string());
    }
    let out = cmd.output().expect("capcheck runs");
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json"))
        .expect("vendored schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// A JSON Schema draft-04 validator for the keywords the SARIF schema uses: `$ref` (local),
/// `type`, `enum`, `properties`, `required`, `additionalProperties`, `items`, `minItems`,
/// `uniqueItems`, `minimum`, `maximum`, `pattern`, `anyOf`, `oneOf`. `format` is not checked
/// (draft-04 makes it optional). Errors are collected as `path: message`.
struct Validator<'a> {
    root: &'a Value,
}

impl Validator<'_> {
    fn validate(&self, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
        let Some(s) = schema.as_object() else { return };
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            match self.resolve(r) {
                Some(target) => self.validate(target, v, path, errors),
                None => errors.push(format!("{path}: unresolved $ref {r}")),
            }
            return;
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !types.iter().any(|t| type_matches(t, v)) {
                errors.push(format!("{path}: expected {types:?}, got {v}"));
                return;
            }
        }
        if let Some(allowed) = s.get("enum").and_then(Value::as_array) {
            if !allowed.contains(v) {
                errors.push(format!("{path}: {v} not in {allowed:?}"));
            }
        }
        if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
            if v.as_f64().is_some_and(|n| n < min) {
                errors.push(format!("{path}: {v} < minimum {min}"));
            }
        }
        if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
            if v.as_f64().is_some_and(|n| n > max) {
                errors.push(format!("{path}: {v} > maximum {max}"));
            }
        }
        if let (Some(p), Some(text)) = (s.get("pattern").and_then(Value::as_str), v.as_str()) {
            match regex::Regex::new(p) {
                Ok(re) if !re.is_match(text) => {
                    errors.push(format!("{path}: {text:?} does not match {p}"))
                }
                Ok(_) => {}
                Err(e) => errors.push(format!("{path}: bad pattern {p}: {e}")),
            }
        }
        if let Some(obj) = v.as_object() {
            self.validate_object(s, obj, path, errors);
        }
        if let Some(arr) = v.as_array() {
            if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
                if (arr.len() as u64) < min {
                    errors.push(format!("{path}: fewer than {min} items"));
                }
            }
            if s.get("uniqueItems") == Some(&Value::Bool(true)) {
                let distinct: HashSet<String> = arr.iter().map(Value::to_string).collect();
                if distinct.len() != arr.len() {
                    errors.push(format!("{path}: items not unique"));
                }
            }
            if let Some(items) = s.get("items") {
                for (i, item) in arr.iter().enumerate() {
                    self.validate(items, item, &format!("{path}/{i}"), errors);
                }
            }
        }
        if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
            let ok = any.iter().any(|sub| {
                let mut e = Vec::new();
                self.validate(sub, v, path, &mut e);
                e.is_empty()
            });
            if !ok {
                errors.push(format!("{path}: matches none of anyOf"));
            }
        }
        if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
            let matching = one
                .iter()
                .filter(|sub| {
                    let mut e = Vec::new();
                    self.validate(sub, v, path, &mut e);
                    e.is_empty()
                })
                .count();
            if matching != 1 {
                errors.push(format!(
                    "{path}: matches {matching} of oneOf, not exactly 1"
                ));
            }
        }
    }

    fn validate_object(
        &self,
        s: &Map<String, Value>,
        obj: &Map<String, Value>,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        if let Some(req) = s.get("required").and_then(Value::as_array) {
            for k in req.iter().filter_map(Value::as_str) {
                if !obj.contains_key(k) {
                    errors.push(format!("{path}: missing required {k}"));
                }
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        for (k, val) in obj {
            let child = format!("{path}/{k}");
            match props.and_then(|p| p.get(k)) {
                Some(sub) => self.validate(sub, val, &child, errors),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        errors.push(format!("{path}: property {k} not allowed"))
                    }
                    Some(sub @ Value::Object(_)) => self.validate(sub, val, &child, errors),
                    _ => {}
                },
            }
        }
    }

    /// `#/definitions/name` within the schema itself (the only kind SARIF uses).
    fn resolve(&self, r: &str) -> Option<&Value> {
        let pointer = r.strip_prefix('#')?;
        self.root.pointer(pointer)
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        _ => false,
    }
}

fn schema_errors(log: &Value) -> Vec<String> {
    let schema = schema();
    let validator = Validator { root: &schema };
    let mut errors = Vec::new();
    validator.validate(&schema, log, "", &mut errors);
    errors
}

#[test]
fn the_validator_catches_what_the_schema_forbids() {
    // Guards the hand-written validator: a log that breaks the schema must be rejected.
    let mut log = sarif_of(&["fixtures/seed-shape.html"], None);
    assert!(schema_errors(&log).is_empty());
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    log["runs"][0]["tool"]["driver"]["surprise"] = true.into();
    let errors = schema_errors(&log);
    for want in ["level", "startLine", "surprise"] {
        assert!(
            errors.iter().any(|e| e.contains(want)),
            "{want}: {errors:#?}"
        );
    }
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let page = std::fs::read_to_string(root().join("fixtures/seed-shape.html")).expect("fixture");
    let log = sarif_of(
        &["fixtures/", "fixtures/no-such-page.html", "-"],
        Some(&page),
    );
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
}

#[test]
fn results_carry_what_code_scanning_needs() {
    let log = sarif_of(&["fixtures/", "fixtures/no-such-page.html"], None);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "capcheck");
    let rules = driver["rules"].as_array().expect("rules");
    for r in capcheck::types::Rule::ALL {
        let i = rules
            .iter()
            .position(|x| x["id"] == r.id())
            .expect("rule listed");
        let rule = &rules[i];
        assert_eq!(rule["defaultConfiguration"]["level"], r.severity().as_str());
        assert_eq!(rule["help"]["markdown"], r.doc());
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(rule["fullDescription"]["text"].is_string());
    }
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty(), "the fixtures have findings");
    for res in results {
        let rule_id = res["ruleId"].as_str().expect("ruleId");
        let index = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], rule_id);
        assert!(["error", "warning", "note", "none"].contains(&res["level"].as_str().unwrap_or("")));
        assert!(!res["message"]["text"].as_str().unwrap_or("").is_empty());
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(uri.starts_with("fixtures/"), "relative as given: {uri}");
        assert!(
            loc["region"]["startLine"]
                .as_u64()
                .expect("HTML fixtures have lines")
                >= 1
        );
        let fp = res["partialFingerprints"]["capcheck/v1"]
            .as_str()
            .expect("fingerprint");
        assert_eq!(fp.len(), 16);
    }
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("the unreadable page is a notification");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/no-such-page.html"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn stdin_is_named_stdin() {
    let page = std::fs::read_to_string(root().join("fixtures/seed-shape.html")).expect("fixture");
    let log = sarif_of(&["-"], Some(&page));
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "stdin");
}

#[test]
fn fingerprints_are_stable_across_runs_and_thread_counts() {
    let fps = |jobs: &str| -> Vec<String> {
        sarif_of(&["-j", jobs, "fixtures/"], None)["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                r["partialFingerprints"]["capcheck/v1"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    let one = fps("1");
    assert_eq!(one, fps("4"));
    assert_eq!(one, fps("1"));
    let distinct: HashSet<&String> = one.iter().collect();
    assert_eq!(
        distinct.len(),
        one.len(),
        "one fingerprint per finding: {one:?}"
    );
}
