//! The pipeline's modules depend on each other one way only: a module may use the modules
//! before it in [`ORDER`] (and itself), never one after it. Read from the `crate::` paths in
//! the sources, so a backward `use` fails here with the file and line that added it.
//!
//! And no function outside tests runs over [`MAX_FN_LINES`] lines: a long one is split into
//! named steps, or allowed by name in [`LONG_FNS`] with the reason. Measured on the sources
//! with comments and literals blanked, braces matched, `#[cfg(test)]` items skipped.

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

/// The `src` directory and its `.rs` files, sorted.
fn src_files() -> (std::path::PathBuf, Vec<std::path::PathBuf>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    (src, files)
}

#[test]
fn pipeline_modules_depend_one_way() {
    let (src, files) = src_files();
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

/// The longest a non-test function in `src/` may be, in lines from `fn` to its closing brace.
const MAX_FN_LINES: usize = 80;

/// Functions allowed past [`MAX_FN_LINES`]: `(file under src/, name, why)`. An entry whose
/// function is no longer long fails the test, so that the list only names what needs it.
const LONG_FNS: &[(&str, &str, &str)] = &[
    (
        "parse/tokenizer.rs",
        "tag",
        "the tokenizer's tag state machine; split, the corpus took +5.6 M instructions",
    ),
    (
        "parse/tokenizer.rs",
        "attr_step",
        "the tokenizer's attribute state machine; split with `tag`, same cost",
    ),
    (
        "score/overlap.rs",
        "stems_and_capitals",
        "one hot byte loop; split, its hash look-ups stop being inlined (+2.8 M instructions)",
    ),
];

/// `text` with comments, string and char literals blanked (newlines kept), so that braces and
/// `fn` are only ever read from code.
fn code_only(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let prev_ident = i > 0 && ident(b[i - 1]);
        if b[i..].starts_with(b"//") {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |n| i + n);
            blank(&mut out, i, end);
            i = end;
        } else if b[i..].starts_with(b"/*") {
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if !prev_ident && (b[i] == b'r' || b[i..].starts_with(b"br")) && {
            let k = i + if b[i] == b'b' { 2 } else { 1 };
            let hashes = b[k..].iter().take_while(|&&c| c == b'#').count();
            b.get(k + hashes) == Some(&b'"')
        } {
            // A raw string: ends at a quote followed by as many `#` as it opened with.
            let k = i + if b[i] == b'b' { 2 } else { 1 };
            let hashes = b[k..].iter().take_while(|&&c| c == b'#').count();
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let body = k + hashes + 1;
            let end = b[body..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(b.len(), |n| body + n + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(b.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'\'' {
            // A char literal (`'x'`, `'\n'`, `'\u{..}'`) or a lifetime (`'a`), which stays.
            let end = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map(|n| i + 2 + n + 1)
            } else {
                let len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 2 + len)
            };
            match end {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The index of the `}` that closes the `{` at `open`.
fn closing_brace(code: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, &c) in code.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// Where the item starting at `from` opens its body: the first `{` outside brackets, or `None`
/// when a `;` ends it first (a declaration without a body).
fn body_start(code: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, &c) in code.iter().enumerate().skip(from) {
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b'{' if depth == 0 => return Some(i),
            b';' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Every function with a body in `text` outside `#[cfg(test)]` items: `(name, first line,
/// lines from `fn` to its closing brace)`.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let code = code_only(text);
    let line_of = |at: usize| code[..at].iter().filter(|&&c| c == b'\n').count() + 1;
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        if code[i..].starts_with(b"#[cfg(test)]") {
            // Skip the test item whole: its body, or up to its `;`.
            i = match body_start(&code, i + "#[cfg(test)]".len()) {
                Some(open) => closing_brace(&code, open) + 1,
                None => i + 1,
            };
            continue;
        }
        let word_start = i == 0 || !ident(code[i - 1]);
        if word_start
            && code[i..].starts_with(b"fn")
            && code.get(i + 2).is_some_and(|c| c.is_ascii_whitespace())
        {
            let name_at = i
                + 2
                + code[i + 2..]
                    .iter()
                    .take_while(|c| c.is_ascii_whitespace())
                    .count();
            let name: String = code[name_at..]
                .iter()
                .take_while(|&&c| ident(c))
                .map(|&c| c as char)
                .collect();
            if let (false, Some(open)) = (name.is_empty(), body_start(&code, name_at)) {
                let close = closing_brace(&code, open);
                let (first, last) = (line_of(i), line_of(close.min(code.len() - 1)));
                out.push((name, first, last - first + 1));
            }
        }
        i += 1;
    }
    out
}

#[test]
fn no_long_functions() {
    let (src, files) = src_files();
    let mut long = Vec::new();
    let mut allowed_long = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(file).expect("readable");
        for (name, line, lines) in functions(&text) {
            if lines <= MAX_FN_LINES {
                continue;
            }
            if LONG_FNS.iter().any(|(f, n, _)| *f == rel && *n == name) {
                allowed_long.push((rel.clone(), name));
            } else {
                long.push(format!("src/{rel}:{line}: {name} has {lines} lines"));
            }
        }
    }
    let stale: Vec<String> = LONG_FNS
        .iter()
        .filter(|(f, n, _)| !allowed_long.iter().any(|(af, an)| af == f && an == n))
        .map(|(f, n, _)| format!("src/{f}: {n}"))
        .collect();
    assert!(
        stale.is_empty(),
        "LONG_FNS names functions that are no longer over {MAX_FN_LINES} lines (or gone); \
         remove them:\n{}",
        stale.join("\n")
    );
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines (split them into named steps, or allow one by name \
         in LONG_FNS with the reason):\n{}",
        long.join("\n")
    );
}

#[test]
fn functions_are_measured_in_code_only() {
    let text = r##"
fn short() -> [u8; 2] {
    let s = "}{ fn fake() {";
    let c = '}';
    let r = r#"" } "#;
    // fn commented() {
    [0, 1]
}
fn declared(x: u8);
fn with_lifetime<'a>(x: &'a str) -> &'a str {
    x
}
#[cfg(test)]
mod tests {
    fn hidden() {}
}
"##;
    let found: Vec<(String, usize, usize)> = functions(text);
    assert_eq!(
        found,
        [
            ("short".to_string(), 2, 7),
            ("with_lifetime".to_string(), 10, 3)
        ]
    );
}
