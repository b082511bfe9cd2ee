//! Generates tables from `rules/` at build time: the words that gate the built-in credit
//! patterns (`parse::credit_words`), and the folded keys of the built-in word lists
//! (`entities::lexicon`, see [`lexicon_folded`]).
//!
//! Credit patterns are anchored at the end of the caption, so the regex engine searches them
//! backwards with no literal prefilter, and building and determinising the larger ones costs
//! more than checking a small page. For each line of `rules/credit-patterns.txt` this script
//! reads, off the pattern's syntax tree, strings one of which every match holds (in the
//! caption's ASCII-folded form); a caption holding none of them cannot match, so skipping the
//! pattern changes no result. Deriving them here rather than at start-up spares every process
//! parsing the expanded patterns, and rather than by hand keeps them from drifting.
//!
//! Placeholders are replaced by stand-ins before the derivation: `{NAME}`, `{SEP}` and
//! `{TAIL}` by `(?s:.)*` (which matches whatever they match, and more, so whatever it needs the
//! placeholder needs too), and `{AGENCY}` by the private-use character U+E000: a derived string
//! holding it stands for "an entry of the credit list in use", which `parse::credit` tests at
//! run time against the entries actually loaded (`--rules` may add some).

use std::fmt::Write as _;

/// The fold the word lists are keyed by: the same file the library compiles.
#[allow(dead_code, unreachable_pub)]
#[path = "src/entities/fold.rs"]
mod fold;

/// What `{AGENCY}` becomes for the derivation (see the module doc).
const AGENCY_MARK: char = '\u{e000}';
/// What `{NAME}`, `{SEP}` and `{TAIL}` become for the derivation: anything at all.
const ANYTHING: &str = "(?s:.)*";

fn main() {
    optional_test_resources();
    credit_words();
    lexicon_folded();
}

/// The built-in word lists `entities::lexicon` folds at load, by how it reads them.
const LISTS: &[(&str, ListShape)] = &[
    ("places.tsv", ListShape::Places),
    ("organisations.tsv", ListShape::Aliased),
    ("events.txt", ListShape::Aliased),
    ("titles.txt", ListShape::Titles),
    ("org-words.txt", ListShape::Set),
    ("not-names.txt", ListShape::Set),
    ("given-names.txt", ListShape::Set),
    ("credits.txt", ListShape::Set),
    ("common-words.txt", ListShape::Set),
    ("facility-words.txt", ListShape::Set),
    ("place-prefixes.txt", ListShape::Set),
    ("place-nouns.txt", ListShape::Set),
    ("people.tsv", ListShape::People),
];

/// How `entities::lexicon` reads a list, and so which entries it folds, in which order.
#[derive(Clone, Copy)]
enum ListShape {
    /// One entry a line (`add_set`).
    Set,
    /// One entry a line, then again those written capitalised (formal titles).
    Titles,
    /// `canonical<TAB>alias|alias` (`add_aliased`).
    Aliased,
    /// `name<TAB>kind<TAB>within<TAB>aliases`: name and aliases, then every `within` (`add_places`).
    Places,
    /// `name<TAB>lone|forms` (`add_people`).
    People,
}

/// Writes `lexicon_folded.rs`: for each built-in word list, `raw<TAB>key` lines in the order in
/// which `entities::lexicon` folds the file's entries when it loads it, so that loading
/// replays the keys instead of folding them at every start (it checks each raw entry, so a
/// list read in another order is only slower: `builtin_keys_replay_in_step` keeps them in step).
fn lexicon_folded() {
    let mut out = String::from(
        "/// Per built-in word list, `raw\\tkey` lines in the order its loading folds them.\n\
         pub(super) const FOLDED: &[(&str, &str)] = &[\n",
    );
    for (name, shape) in LISTS {
        let path = format!("rules/{name}");
        println!("cargo:rerun-if-changed={path}");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => panic!("build.rs: cannot read {path}: {e}"),
        };
        let mut raws: Vec<String> = Vec::new();
        let lines = || {
            text.lines().map(str::trim_end).filter(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            })
        };
        let aliases = |field: Option<&str>| -> Vec<String> {
            field
                .unwrap_or("")
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect()
        };
        match shape {
            ListShape::Set | ListShape::Titles => {
                raws.extend(lines().map(|l| l.trim().to_string()));
                if matches!(shape, ListShape::Titles) {
                    let formal = lines().filter(|l| l.trim().starts_with(char::is_uppercase));
                    raws.extend(formal.map(|l| l.trim().to_string()));
                }
            }
            ListShape::Aliased | ListShape::People => {
                for line in lines() {
                    let mut cols = line.split('\t');
                    let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
                        continue;
                    };
                    raws.push(name.to_string());
                    raws.extend(aliases(cols.next()));
                }
            }
            ListShape::Places => {
                let mut within = Vec::new();
                for line in lines() {
                    let mut cols = line.split('\t');
                    let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
                        continue;
                    };
                    let _kind = cols.next();
                    if let Some(w) = cols.next().map(str::trim).filter(|w| !w.is_empty()) {
                        within.push(w.to_string());
                    }
                    raws.push(name.to_string());
                    raws.extend(aliases(cols.next()));
                }
                raws.extend(within);
            }
        }
        let mut keys = String::new();
        for raw in &raws {
            let _ = writeln!(keys, "{raw}\t{}", fold::key(raw));
        }
        let _ = writeln!(out, "    ({name:?}, {keys:?}),");
    }
    out.push_str("];\n");
    write_out("lexicon_folded.rs", &out);
}

/// Writes a generated file into `OUT_DIR`.
fn write_out(file: &str, text: &str) {
    let dir = match std::env::var("OUT_DIR") {
        Ok(d) => d,
        Err(e) => panic!("build.rs: OUT_DIR: {e}"),
    };
    let dest = std::path::Path::new(&dir).join(file);
    if let Err(e) = std::fs::write(&dest, text) {
        panic!("build.rs: cannot write {}: {e}", dest.display());
    }
}

/// Writes `credit_words.rs` (see the module doc).
fn credit_words() {
    let path = "rules/credit-patterns.txt";
    println!("cargo:rerun-if-changed={path}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => panic!("build.rs: cannot read {path}: {e}"),
    };
    let mut out = String::from(
        "/// Pattern lines (as written in `rules/credit-patterns.txt`), each with the conditions\n\
         /// every match of the line meets: for each, the lowercase strings one of which the\n\
         /// match holds, and whether an entry of the credit list is such a string too.\n\
         pub const NEEDED: &[(&str, &[Condition])] = &[\n",
    );
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let with = |agency: &str| {
            line.replace("{TAIL}", ANYTHING)
                .replace("{NAME}", ANYTHING)
                .replace("{SEP}", ANYTHING)
                .replace("{AGENCY}", agency)
        };
        // Two conditions, both necessary: what the line needs with the entries standing for
        // themselves, and, when that is an entry, what it needs besides (`/` in "AFP/Jane Doe").
        let mut conditions: Vec<(Vec<String>, bool)> = Vec::new();
        if let Some(words) = required_words(&with(&AGENCY_MARK.to_string())) {
            let agency = words.iter().any(|w| w.contains(AGENCY_MARK));
            let plain = words
                .into_iter()
                .filter(|w| !w.contains(AGENCY_MARK))
                .collect();
            conditions.push((plain, agency));
        }
        if line.contains("{AGENCY}") {
            if let Some(words) = required_words(&with(ANYTHING)) {
                if !conditions.iter().any(|(w, _)| *w == words) {
                    conditions.push((words, false));
                }
            }
        }
        if conditions.is_empty() {
            continue;
        }
        let _ = write!(out, "    ({line:?}, &[");
        for (words, agency) in &conditions {
            let _ = write!(out, "(&{words:?}, {agency}), ");
        }
        let _ = writeln!(out, "]),");
    }
    out.push_str("];\n");
    write_out("credit_words.rs", &out);
}

/// Lowercase strings one of which the ASCII-folded text of every match of `pattern` contains;
/// `None` when no useful set is found (or the pattern does not parse). Read off the pattern's
/// syntax tree: a literal, or a class of a few characters, must appear; a concatenation needs
/// what any of its parts needs (adjacent fixed parts joined into longer strings); an
/// alternation needs one of what each branch needs; a repetition what its body needs when it
/// repeats at least once. Case-insensitive letters are classes of their cases, which fold to
/// one lowercase letter; the only non-ASCII characters that fold onto ASCII letters make
/// `ascii_folded` refuse the text, so the test stays necessary.
fn required_words(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut words = need(&hir)?.words;
    if words.is_empty() || words.len() > MAX_WORDS || words.iter().any(String::is_empty) {
        return None;
    }
    // A word holding another is implied by it.
    let all = words.clone();
    words.retain(|w| !all.iter().any(|o| o != w && w.contains(o.as_str())));
    words.sort();
    words.dedup();
    Some(words)
}

/// Most alternatives a required set may have: more would cost more to test than they save.
const MAX_WORDS: usize = 32;

/// What a node of the syntax tree needs: the set of strings one of which every match holds,
/// whether every match is exactly one of them (so that neighbours can be joined on), and
/// whether every match starts with one of them (so that an exact part before can be).
struct Need {
    words: Vec<String>,
    exact: bool,
    prefix: bool,
}

/// See [`Need`]; `None` when the node needs nothing that can be tested.
fn need(h: &regex_syntax::hir::Hir) -> Option<Need> {
    use regex_syntax::hir::{Class, HirKind};
    let fixed = |words| {
        Some(Need {
            words,
            exact: true,
            prefix: true,
        })
    };
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => fixed(vec![String::new()]),
        HirKind::Literal(lit) => {
            fixed(vec![std::str::from_utf8(&lit.0).ok()?.to_ascii_lowercase()])
        }
        HirKind::Class(Class::Unicode(c)) => {
            let mut chars: Vec<String> = Vec::new();
            for r in c.ranges() {
                // KELVIN SIGN and LONG S (case variants of `k` and `s`): a text holding either
                // is never tested (`ascii_folded`), so strings with them are never needed.
                for ch in (r.start()..=r.end()).filter(|c| !matches!(c, '\u{17f}' | '\u{212a}')) {
                    let s = ch.to_ascii_lowercase().to_string();
                    if !chars.contains(&s) {
                        chars.push(s);
                    }
                    if chars.len() > 4 {
                        return None;
                    }
                }
            }
            if chars.is_empty() {
                return None;
            }
            fixed(chars)
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Capture(c) => need(&c.sub),
        HirKind::Repetition(r) => {
            if r.min == 0 {
                return None;
            }
            let n = need(&r.sub)?;
            Some(Need {
                exact: n.exact && r.min == 1 && r.max == Some(1),
                ..n
            })
        }
        HirKind::Alternation(subs) => {
            let mut out = Need {
                words: Vec::new(),
                exact: true,
                prefix: true,
            };
            for s in subs {
                let n = need(s)?;
                out.exact &= n.exact;
                out.prefix &= n.prefix;
                out.words.extend(n.words);
                if out.words.len() > MAX_WORDS {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Concat(subs) => {
            // Runs of exact parts are joined (every combination), and so is a run with the
            // part after it when every match of that part starts with one of its strings. Any
            // such run or part is a candidate; the longest shortest string wins.
            let join = |a: &[String], b: &[String]| -> Option<Vec<String>> {
                (a.len() * b.len() <= MAX_WORDS).then(|| {
                    a.iter()
                        .flat_map(|x| b.iter().map(move |y| format!("{x}{y}")))
                        .collect()
                })
            };
            let score = |v: &[String]| v.iter().map(String::len).min().unwrap_or(0);
            let mut best: Option<Need> = None;
            let consider = |c: Need, best: &mut Option<Need>| {
                if c.words.len() <= MAX_WORDS
                    && best
                        .as_ref()
                        .is_none_or(|b| score(&c.words) > score(&b.words))
                {
                    *best = Some(c);
                }
            };
            // The current run of exact parts, and whether it started at the first part.
            let mut run: Option<(Vec<String>, bool)> = None;
            let mut all_exact = true;
            for (k, s) in subs.iter().enumerate() {
                let part = need(s);
                match (part, run.take()) {
                    (Some(n), None) if n.exact => run = Some((n.words, k == 0)),
                    (Some(n), Some((prev, first))) if n.exact => match join(&prev, &n.words) {
                        Some(j) => run = Some((j, first)),
                        None => {
                            consider(
                                Need {
                                    words: prev,
                                    exact: false,
                                    prefix: first,
                                },
                                &mut best,
                            );
                            run = Some((n.words, false));
                        }
                    },
                    (part, prev) => {
                        all_exact = false;
                        if let Some((prev, first)) = prev {
                            let joined = part
                                .as_ref()
                                .filter(|n| n.prefix)
                                .and_then(|n| join(&prev, &n.words));
                            consider(
                                Need {
                                    words: joined.unwrap_or(prev),
                                    exact: false,
                                    prefix: first,
                                },
                                &mut best,
                            );
                        }
                        if let Some(n) = part {
                            consider(
                                Need {
                                    exact: false,
                                    prefix: n.prefix && k == 0,
                                    ..n
                                },
                                &mut best,
                            );
                        }
                    }
                }
            }
            if all_exact {
                return run.map(|(words, _)| Need {
                    words,
                    exact: true,
                    prefix: true,
                });
            }
            if let Some((prev, first)) = run {
                consider(
                    Need {
                        words: prev,
                        exact: false,
                        prefix: first,
                    },
                    &mut best,
                );
            }
            best
        }
    }
}

/// Tells the tests which optional resources this machine has, so that a test needing one that
/// is absent shows as `ignored` with the reason instead of passing without running (libtest
/// cannot skip at run time). `capcheck_shared`: the shared corpus and seed beside the
/// repository; `capcheck_chromium`: a Chromium for the report's browser test. A resource
/// present at build time is watched, so removing it re-runs this script; one added later is
/// seen after `touch build.rs` (watching the parent folder would re-scan everything beside the
/// repository on every build).
fn optional_test_resources() {
    println!("cargo:rustc-check-cfg=cfg(capcheck_shared)");
    println!("cargo:rustc-check-cfg=cfg(capcheck_chromium)");
    let manifest = std::path::Path::new("../shared/corpus/MANIFEST.tsv");
    let seed = std::path::Path::new("../shared/seed");
    if manifest.is_file() && seed.is_dir() {
        println!("cargo:rustc-cfg=capcheck_shared");
        println!("cargo:rerun-if-changed={}", manifest.display());
        println!("cargo:rerun-if-changed={}", seed.display());
    }
    println!("cargo:rerun-if-env-changed=PATH");
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
    };
    if CHROMIUM_NAMES.iter().any(|name| on_path(name)) {
        println!("cargo:rustc-cfg=capcheck_chromium");
    }
}

/// The names a Chromium binary goes by (the browser test looks for the same ones).
const CHROMIUM_NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];
