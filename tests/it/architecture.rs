//! The pipeline's modules depend on each other one way only: a module may use the modules
//! before it in [`ORDER`] (and itself), never one after it. Read from the `crate::` paths in
//! the sources, so a backward `use` fails here with the file and line that added it.

use std::path::Path;

/// The library's top-level modules in pipeline order (see `src/lib.rs`).
const ORDER: &[&str] = &[
    "types", "budget", "progress", "config", "input", "parse", "entities", "semantic", "score",
    "image", "post", "result", "report", "check", "error",
];

/// The top-level module names a line refers to through `crate::`.
fn crate_refs(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c, self}`: the first segment of each item at the top level.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            out.push(item);
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out.iter()
        .map(|s| s.trim().split("::").next().unwrap_or("").trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn pipeline_modules_depend_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let rank = |m: &str| ORDER.iter().position(|o| *o == m);
    let mut backward = Vec::new();
    let mut unknown = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("a component");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" || module == "main" || module == "cli" {
            continue; // the crate root and the binary may use everything
        }
        let Some(from) = rank(&module) else {
            unknown.push(module);
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for target in crate_refs(code) {
                match rank(&target) {
                    Some(to) if to > from => backward.push(format!(
                        "{}:{}: {module} uses {target}, which comes after it",
                        rel.display(),
                        n + 1
                    )),
                    Some(_) => {}
                    None => unknown.push(format!("{}:{}: crate::{target}", rel.display(), n + 1)),
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from ORDER: {unknown:#?}"
    );
    assert!(
        backward.is_empty(),
        "backward dependencies:\n{}",
        backward.join("\n")
    );
}

#[test]
fn references_are_read_from_paths_and_groups() {
    assert_eq!(
        crate_refs("use crate::score::model::Calibration;"),
        ["score"]
    );
    assert_eq!(
        crate_refs("use crate::{entities::{self, Lexicon}, image, parse};"),
        ["entities", "image", "parse"]
    );
    assert_eq!(
        crate_refs("let x = crate::budget::parse_size(s) + crate::types::X;"),
        ["budget", "types"]
    );
    assert!(crate_refs("no paths here").is_empty());
}
