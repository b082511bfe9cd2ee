//! Generates tables from `rules/` at build time: the words that gate the built-in credit
//! patterns (`parse::credit_words`), the built-in word lists as ready hash tables
//! (`entities::lexicon`, see [`lexicon_tables`]), and the class-word vocabularies as one DFA
//! (`parse::html::vocab`, see [`vocabulary_dfa`]).
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

use std::collections::HashMap;
use std::fmt::Write as _;

/// The fold the word lists are keyed by: the same file the library compiles.
#[allow(dead_code, unreachable_pub)]
#[path = "src/entities/fold.rs"]
mod fold;

/// The layout and hash of the word lists' tables: the same file the library searches them with.
#[allow(dead_code, unreachable_pub)]
#[path = "src/entities/table.rs"]
mod table;

/// The class-word vocabularies: the same file the library reads them from.
#[allow(dead_code, unreachable_pub)]
#[path = "src/parse/html/vocabularies.rs"]
mod vocabularies;

/// What `{AGENCY}` becomes for the derivation (see the module doc).
const AGENCY_MARK: char = '\u{e000}';
/// What `{NAME}`, `{SEP}` and `{TAIL}` become for the derivation: anything at all.
const ANYTHING: &str = "(?s:.)*";

fn main() {
    optional_test_resources();
    credit_words();
    lexicon_tables();
    vocabulary_dfa();
}

/// Determinises the vocabularies `vocab::hits` asks of every class list into one dense DFA
/// reporting every pattern that matches (`MatchKind::All`), minimised, and writes it for
/// `include_bytes!` in the target's byte order (`OUT_DIR/vocabularies.dfa`). The table is about
/// 0.7 MB; matching a list walks it once, where the regex set it replaces built its automata at
/// every start and determinised states as pages met them.
fn vocabulary_dfa() {
    use regex_automata::dfa::dense;
    use regex_automata::MatchKind;

    println!("cargo:rerun-if-changed=src/parse/html/vocabularies.rs");
    let patterns: Vec<String> = vocabularies::HITS
        .iter()
        .map(|p| format!("(?-u){p}"))
        .collect();
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .minimize(true),
        )
        .build_many(&patterns)
        .unwrap_or_else(|e| panic!("build.rs: the class-word vocabularies build no DFA: {e}"));
    let big = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let (bytes, pad) = if big {
        dfa.to_bytes_big_endian()
    } else {
        dfa.to_bytes_little_endian()
    };
    write_out_bytes("vocabularies.dfa", bytes.get(pad..).unwrap_or_default());
}

/// The folded keys of a built-in list, with their values, as `entities::lexicon` loads them.
#[derive(Default)]
struct Keyed {
    /// Key → value, in the order the keys were first added.
    entries: Vec<(String, u32)>,
    /// Key → index into `entries`.
    index: HashMap<String, usize>,
}

impl Keyed {
    /// Adds a key with a value unless it is there already (the first value stays).
    fn insert_first(&mut self, k: String, value: u32) {
        if !self.index.contains_key(&k) {
            self.index.insert(k.clone(), self.entries.len());
            self.entries.push((k, value));
        }
    }

    /// Adds a key with a value, replacing the value it had (the last value stays).
    fn insert_last(&mut self, k: String, value: u32) {
        match self.index.get(&k) {
            Some(&i) => self.entries[i].1 = value,
            None => self.insert_first(k, value),
        }
    }
}

/// The data lines of a rules file, trimmed at the end (as `entities::lexicon` reads them).
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim_end).filter(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    })
}

/// Reads a built-in rules file, and has the build re-run when it changes.
fn read_rules(name: &str) -> String {
    let path = format!("rules/{name}");
    println!("cargo:rerun-if-changed={path}");
    match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => panic!("build.rs: cannot read {path}: {e}"),
    }
}

/// Writes `lexicon_tables.rs`: every built-in word list of `entities::lexicon` loaded as the
/// lexicon loads it, as hash tables (`src/entities/table.rs`) over one blob of text, so that a
/// start pays nothing to load them. `lexicon::tests::built_in_tables_match_loading_the_files`
/// holds the tables to what loading the files at run time gives.
fn lexicon_tables() {
    let mut max_words = 0usize;
    let words = |k: &str| k.split(' ').count();
    // Canonical names (of organisations, events, public figures), by index.
    let mut names: Vec<String> = Vec::new();
    let mut name_ids: HashMap<String, u32> = HashMap::new();
    let mut name_id = |n: &str| -> u32 {
        *name_ids.entry(n.to_string()).or_insert_with(|| {
            names.push(n.to_string());
            (names.len() - 1) as u32
        })
    };
    let mut acronyms = Keyed::default();

    // places.tsv: places, their keys (the ids each names) and what each lies within.
    let text = read_rules("places.tsv");
    let mut places: Vec<(String, &str, Option<usize>)> = Vec::new();
    let mut place_keys: Vec<(String, Vec<usize>)> = Vec::new();
    let mut place_index: HashMap<String, usize> = HashMap::new();
    let mut pending: Vec<(usize, String)> = Vec::new();
    for line in data_lines(&text) {
        let mut cols = line.split('\t');
        let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        let kind = match cols.next().map(str::trim) {
            Some("country") => "Country",
            Some("state") => "State",
            Some("city") => "City",
            _ => "Region",
        };
        let id = places.len();
        places.push((name.to_string(), kind, None));
        if let Some(w) = cols.next().map(str::trim).filter(|w| !w.is_empty()) {
            pending.push((id, w.to_string()));
        }
        for alias in std::iter::once(name).chain(fold::aliases(cols.next())) {
            let k = fold::key(alias);
            if fold::is_acronym(alias) {
                acronyms.insert_first(k.clone(), 0);
            }
            max_words = max_words.max(words(&k));
            let i = *place_index.entry(k.clone()).or_insert_with(|| {
                place_keys.push((k, Vec::new()));
                place_keys.len() - 1
            });
            if !place_keys[i].1.contains(&id) {
                place_keys[i].1.push(id);
            }
        }
    }
    for (id, within) in pending {
        let parent = place_index.get(&fold::key(&within)).and_then(|&i| {
            place_keys[i]
                .1
                .iter()
                .copied()
                .find(|&p| p != id && places[p].0 == within)
        });
        places[id].2 = parent;
    }
    let mut place_ids: Vec<usize> = Vec::new();
    let mut place_table = Keyed::default();
    for (k, ids) in place_keys {
        assert!(ids.len() < 256, "build.rs: `{k}` names 256 places or more");
        place_table.insert_first(k, ((place_ids.len() as u32) << 8) | ids.len() as u32);
        place_ids.extend(ids);
    }

    // organisations.tsv, events.txt: key → canonical name, the first row of a key winning.
    let mut aliased = |file: &str, acronyms: &mut Keyed, max_words: &mut usize| -> Keyed {
        let text = read_rules(file);
        let mut map = Keyed::default();
        for line in data_lines(&text) {
            let mut cols = line.split('\t');
            let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
                continue;
            };
            let id = name_id(name);
            for alias in std::iter::once(name).chain(fold::aliases(cols.next())) {
                let k = fold::key(alias);
                *max_words = (*max_words).max(words(&k));
                if fold::is_acronym(alias) {
                    acronyms.insert_first(k.clone(), 0);
                }
                map.insert_first(k, id);
            }
        }
        map
    };
    let orgs = aliased("organisations.tsv", &mut acronyms, &mut max_words);
    let events = aliased("events.txt", &mut acronyms, &mut max_words);

    // One entry a line; `phrases` when the list's phrases bound the phrase look-ups.
    let set = |file: &str, phrases: bool, max_words: &mut usize| -> Keyed {
        let mut set = Keyed::default();
        for line in data_lines(&read_rules(file)) {
            let k = fold::key(line.trim());
            if !k.is_empty() {
                if phrases {
                    *max_words = (*max_words).max(words(&k));
                }
                set.insert_first(k, 0);
            }
        }
        set
    };
    let titles = set("titles.txt", true, &mut max_words);
    // Titles written capitalised are offices (see `Lexicon::is_formal_title`).
    let mut formal_titles = Keyed::default();
    for line in data_lines(&read_rules("titles.txt")) {
        if line.trim().starts_with(char::is_uppercase) {
            formal_titles.insert_first(fold::key(line.trim()), 0);
        }
    }
    let org_words = set("org-words.txt", true, &mut max_words);
    let not_names = set("not-names.txt", true, &mut max_words);
    let given_names = set("given-names.txt", true, &mut max_words);
    let credits = set("credits.txt", true, &mut max_words);
    let common = set("common-words.txt", false, &mut max_words);
    let facility_words = set("facility-words.txt", false, &mut max_words);
    let place_prefixes = set("place-prefixes.txt", false, &mut max_words);
    let place_nouns = set("place-nouns.txt", false, &mut max_words);
    let place_articles = set("place-articles.txt", false, &mut max_words);

    // people.tsv: full names, and lone forms → full name, the last row of a form winning.
    let mut public_names = Keyed::default();
    let mut public_figures = Keyed::default();
    for line in data_lines(&read_rules("people.tsv")) {
        let mut cols = line.split('\t');
        let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        public_names.insert_first(fold::key(name), 0);
        let id = name_id(name);
        for alone in fold::aliases(cols.next()) {
            public_figures.insert_last(fold::key(alone), id);
        }
    }

    let mut blob = String::new();
    let mut spans: HashMap<String, (u32, u32)> = HashMap::new();
    let mut span = |s: &str| -> (u32, u32) {
        *spans.entry(s.to_string()).or_insert_with(|| {
            blob.push_str(s);
            ((blob.len() - s.len()) as u32, s.len() as u32)
        })
    };
    let mut out = String::from(
        "// Generated by build.rs from rules/: the built-in word lists as hash tables.\n",
    );
    let mut lists = String::from(
        "/// The built-in lists (see `build.rs`, `lexicon_tables`).\n\
         pub(super) const LISTS: Lists = Lists {\n",
    );
    let tables: [(&str, &Keyed); 17] = [
        ("place_keys", &place_table),
        ("orgs", &orgs),
        ("acronyms", &acronyms),
        ("events", &events),
        ("titles", &titles),
        ("formal_titles", &formal_titles),
        ("org_words", &org_words),
        ("not_names", &not_names),
        ("given_names", &given_names),
        ("credits", &credits),
        ("common", &common),
        ("facility_words", &facility_words),
        ("place_prefixes", &place_prefixes),
        ("place_nouns", &place_nouns),
        ("place_articles", &place_articles),
        ("public_figures", &public_figures),
        ("public_names", &public_names),
    ];
    for (field, keyed) in tables {
        // At most half full, so that a miss ends soon.
        let mut bits = 1;
        while (1usize << bits) < 2 * keyed.entries.len() {
            bits += 1;
        }
        let mut slots = vec![[table::EMPTY, 0, 0]; 1 << bits];
        let mask = (1usize << bits) - 1;
        for (k, value) in &keyed.entries {
            let (start, len) = span(k);
            let mut i = table::first_slot(table::hash(k.as_bytes()), 64 - bits) & mask;
            while slots[i][0] != table::EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = [start, len, *value];
        }
        let upper = field.to_uppercase();
        let _ = writeln!(
            lists,
            "    {field}: Table {{ shift: {}, slots: &{upper} }},",
            64 - bits
        );
        let _ = write!(out, "static {upper}: [Slot; {}] = [", slots.len());
        for [a, b, c] in slots {
            let _ = write!(out, "[{a},{b},{c}],");
        }
        out.push_str("];\n");
    }
    let _ = writeln!(out, "static NAME_SPANS: [[u32; 2]; {}] = [", names.len());
    for n in &names {
        let (s, l) = span(n);
        let _ = write!(out, "[{s},{l}],");
    }
    out.push_str("];\n");
    let _ = write!(out, "static PLACES: [Place; {}] = [", places.len());
    for (name, kind, within) in &places {
        let (s, l) = span(name);
        let _ = write!(
            out,
            "Place {{ name: PlaceName::built({s}, {l}), kind: PlaceKind::{kind}, within: {within:?} }},"
        );
    }
    out.push_str("];\n");
    let _ = write!(out, "static PLACE_IDS: [usize; {}] = [", place_ids.len());
    for id in &place_ids {
        let _ = write!(out, "{id},");
    }
    out.push_str("];\n");
    let _ = writeln!(
        lists,
        "    names: &NAME_SPANS,\n    places: &PLACES,\n    place_ids: &PLACE_IDS,\n    \
         max_phrase_words: {max_words},\n}};"
    );
    out.push_str(&lists);
    let _ = writeln!(
        out,
        "/// The keys and names of every table, one after another.\n\
         pub(super) static BLOB: &str = {blob:?};"
    );
    write_out("lexicon_tables.rs", &out);
}

/// Writes a generated file into `OUT_DIR`.
fn write_out(file: &str, text: &str) {
    write_out_bytes(file, text.as_bytes());
}

/// Writes generated bytes into `OUT_DIR`.
fn write_out_bytes(file: &str, text: &[u8]) {
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
