//! The word lists and weights of `rules/` as a dataset: every file states its source, licence
//! and as-of date, and keeps the invariants its header promises (columns, kinds, containment,
//! no duplicate keys, order, value ranges). Each problem is reported as `rules/FILE:LINE: what`,
//! all of them at once, so that one run shows everything an edit broke.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use capcheck::check::Engine;
use capcheck::entities::key;
use capcheck::entities::lexicon::{Lexicon, PlaceKind};
use capcheck::parse::credit::CreditRules;
use capcheck::score::calibration::{Calibration, KEYS};

/// The `rules/` directory of the crate.
fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// One data file of `rules/`, read from disk.
struct RulesFile {
    /// The file name (`places.tsv`).
    name: String,
    /// The whole text.
    text: String,
}

impl RulesFile {
    /// Reads `rules/NAME`.
    fn read(name: &str) -> RulesFile {
        let path = rules_dir().join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        RulesFile {
            name: name.to_string(),
            text,
        }
    }

    /// The data lines with their 1-based numbers: trimmed at the end, comments and blank lines
    /// dropped, as the loaders read them.
    fn rows(&self) -> Vec<(usize, &str)> {
        self.text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end()))
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .collect()
    }

    /// A problem at a line, named as `rules/FILE:LINE: what`.
    fn at(&self, line: usize, what: impl std::fmt::Display) -> String {
        format!("rules/{}:{line}: {what}", self.name)
    }
}

/// Every data file of `rules/` (the rule docs in `rules/docs/` are prose, not data).
fn all_files() -> Vec<RulesFile> {
    let mut names: Vec<String> = std::fs::read_dir(rules_dir())
        .expect("rules/ is readable")
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".txt") || n.ends_with(".tsv"))
        .collect();
    names.sort();
    names.iter().map(|n| RulesFile::read(n)).collect()
}

/// Fails with every problem found, one a line.
fn assert_none(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s) in rules/:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Today's date as days since 1970-01-01 (UTC).
fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    (secs / 86_400) as i64
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, if it is a real date.
fn days_of(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (
        date[0..4].parse().ok()?,
        date[5..7].parse().ok()?,
        date[8..10].parse().ok()?,
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[test]
fn the_date_arithmetic_is_right() {
    assert_eq!(days_of("1970-01-01"), Some(0));
    assert_eq!(days_of("2000-03-01"), Some(11_017));
    assert_eq!(days_of("2024-02-29"), Some(19_782));
    for bad in [
        "2023-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-1-1",
        "26-11-28x",
        "",
    ] {
        assert_eq!(days_of(bad), None, "{bad}");
    }
    assert!(today() > days_of("2026-01-01").unwrap_or(i64::MAX));
}

/// The header fields of a file: `# field: value` lines of the comments before its first data
/// line, with the line each is on.
fn header_fields(file: &RulesFile) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (i, line) in file.text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some(comment) = t.strip_prefix('#') else {
            break;
        };
        if let Some((field, value)) = comment.trim_start().split_once(':') {
            if !field.is_empty() && field.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                out.push((i + 1, field.to_string(), value.trim().to_string()));
            }
        }
    }
    out
}

#[test]
fn every_file_states_source_licence_and_as_of_date() {
    let files = all_files();
    assert!(files.len() >= 16, "rules/ holds {} data files", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let fields = header_fields(file);
        for wanted in ["source", "licence", "as-of"] {
            let found: Vec<_> = fields.iter().filter(|(_, f, _)| f == wanted).collect();
            match found.as_slice() {
                [] => problems.push(file.at(1, format!("the header has no `# {wanted}:` line"))),
                [(_, _, v)] if v.is_empty() => {
                    problems.push(file.at(1, format!("`# {wanted}:` is empty")))
                }
                [_] => {}
                [_, (line, _, _), ..] => {
                    problems.push(file.at(*line, format!("a second `# {wanted}:` line")))
                }
            }
        }
        for (line, _, value) in fields.iter().filter(|(_, f, _)| f == "as-of") {
            let date = value.split_whitespace().next().unwrap_or("");
            match days_of(date) {
                None => {
                    problems.push(file.at(*line, format!("as-of `{date}` is no YYYY-MM-DD date")))
                }
                Some(d) if d > today() => {
                    problems.push(file.at(*line, format!("as-of {date} is in the future")))
                }
                Some(_) => {}
            }
        }
        if file.text.contains('\r') {
            problems.push(file.at(1, "carriage returns: the loaders expect LF line ends"));
        }
        if !file.text.ends_with('\n') {
            problems.push(file.at(file.text.lines().count(), "no newline at the end"));
        }
    }
    assert_none(problems);
}

/// How a one-entry-a-line list is written.
#[derive(Clone, Copy)]
enum Shape {
    /// One word of lowercase letters (apostrophes and hyphens allowed).
    LowerWord,
    /// One word, capitalised.
    CapitalWord,
    /// Free text: phrases, any case.
    Phrase,
}

/// The one-entry-a-line lists, how each entry is written, and whether a key folds as
/// [`key`] (the entity recogniser) or only by case and spacing (the credit patterns, which
/// need `Agence France-Presse` and `Agence France Presse` both).
const SETS: &[(&str, Shape, bool)] = &[
    ("common-words.txt", Shape::LowerWord, true),
    ("place-nouns.txt", Shape::LowerWord, true),
    ("facility-words.txt", Shape::CapitalWord, true),
    ("place-prefixes.txt", Shape::CapitalWord, true),
    ("not-names.txt", Shape::CapitalWord, true),
    ("given-names.txt", Shape::Phrase, true),
    ("titles.txt", Shape::Phrase, true),
    ("org-words.txt", Shape::Phrase, true),
    ("credits.txt", Shape::Phrase, false),
];

#[test]
fn lists_hold_each_key_once_in_the_promised_shape() {
    let mut problems = Vec::new();
    for &(name, shape, folded) in SETS {
        let file = RulesFile::read(name);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (n, line) in file.rows() {
            let entry = line.trim();
            if entry.contains('\t') {
                problems.push(file.at(n, "a TAB in a one-entry-a-line list"));
            }
            let one_word = !entry.contains(char::is_whitespace);
            let ok = match shape {
                Shape::LowerWord => {
                    one_word
                        && entry
                            .chars()
                            .all(|c| c.is_lowercase() || c == '\'' || c == '-')
                }
                Shape::CapitalWord => one_word && entry.starts_with(char::is_uppercase),
                Shape::Phrase => true,
            };
            if !ok {
                let want = match shape {
                    Shape::LowerWord => "one lowercase word",
                    _ => "one capitalised word",
                };
                problems.push(file.at(n, format!("`{entry}` is not {want}")));
            }
            let k = if folded {
                key(entry)
            } else {
                entry
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            };
            if k.is_empty() {
                problems.push(file.at(n, format!("`{entry}` folds to nothing")));
            } else if let Some(first) = seen.insert(k.clone(), n) {
                problems.push(file.at(
                    n,
                    format!("`{entry}` repeats the key `{k}` of line {first}"),
                ));
            }
        }
    }
    assert_none(problems);
}

/// The folded name and aliases of each row of a `canonical<TAB>aliases…` file, with the row's
/// line; `alias_col` is the column of the `|`-separated aliases.
fn keyed_rows(file: &RulesFile, alias_col: usize) -> Vec<(usize, String, Vec<String>)> {
    file.rows()
        .into_iter()
        .map(|(n, line)| {
            let cols: Vec<&str> = line.split('\t').collect();
            let aliases = cols
                .get(alias_col)
                .map(|a| {
                    a.split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            (n, cols[0].trim().to_string(), aliases)
        })
        .collect()
}

/// Column counts outside `min..=max` (trailing empty columns are trimmed, as the loader trims them).
fn column_problems(file: &RulesFile, min: usize, max: usize, out: &mut Vec<String>) {
    for (n, line) in file.rows() {
        let cols = line.split('\t').count();
        if cols < min || cols > max {
            out.push(file.at(n, format!("{cols} columns, want {min} to {max}")));
        }
        if line.split('\t').next().is_some_and(|c| c.trim().is_empty()) {
            out.push(file.at(n, "the first column is empty"));
        }
    }
}

#[test]
fn organisations_and_events_give_each_key_to_one_row() {
    let mut problems = Vec::new();
    for name in ["organisations.tsv", "events.txt"] {
        let file = RulesFile::read(name);
        column_problems(&file, 1, 2, &mut problems);
        // The loader keeps the first row of a key, so a later row claiming it is silently
        // overruled; a row may spell its own key twice (UN, U.N.) for readers.
        let mut owner: HashMap<String, (usize, String)> = HashMap::new();
        for (n, canonical, aliases) in keyed_rows(&file, 1) {
            for alias in std::iter::once(&canonical).chain(&aliases) {
                let k = key(alias);
                match owner.get(&k) {
                    Some((first, c)) if *first != n => problems.push(file.at(
                        n,
                        format!("`{alias}` is already a name of `{c}` (line {first})"),
                    )),
                    Some(_) => {}
                    None => {
                        owner.insert(k, (n, canonical.clone()));
                    }
                }
            }
        }
    }
    assert_none(problems);
}

/// The place rows: canonical name, kind, `within`, line.
struct PlaceRow {
    line: usize,
    name: String,
    kind: String,
    within: String,
}

fn place_rows(file: &RulesFile) -> Vec<PlaceRow> {
    file.rows()
        .into_iter()
        .map(|(line, l)| {
            let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
            PlaceRow {
                line,
                name: cols[0].to_string(),
                kind: cols.get(1).unwrap_or(&"").to_string(),
                within: cols.get(2).unwrap_or(&"").to_string(),
            }
        })
        .collect()
}

#[test]
fn places_have_valid_kinds_and_every_within_resolves() {
    let file = RulesFile::read("places.tsv");
    let mut problems = Vec::new();
    column_problems(&file, 2, 4, &mut problems);
    let rows = place_rows(&file);
    let mut by_name: HashMap<&str, &PlaceRow> = HashMap::new();
    let mut by_key: HashMap<String, &PlaceRow> = HashMap::new();
    for row in &rows {
        if !["country", "state", "city", "region"].contains(&row.kind.as_str()) {
            problems.push(file.at(
                row.line,
                format!(
                    "kind `{}` is none of country, state, city, region",
                    row.kind
                ),
            ));
        }
        if let Some(first) = by_name.insert(&row.name, row) {
            problems.push(file.at(
                row.line,
                format!("`{}` repeats line {}", row.name, first.line),
            ));
        } else if let Some(first) = by_key.insert(key(&row.name), row) {
            problems.push(file.at(
                row.line,
                format!(
                    "`{}` folds like `{}` (line {}): qualify the less usual one",
                    row.name, first.name, first.line
                ),
            ));
        }
    }
    for row in &rows {
        let parent = by_name.get(row.within.as_str());
        match (row.kind.as_str(), row.within.is_empty(), parent) {
            ("country" | "region", false, _) => problems.push(file.at(
                row.line,
                format!("a {} lies within nothing, not `{}`", row.kind, row.within),
            )),
            ("state" | "city", true, _) => {
                problems.push(file.at(row.line, format!("a {} needs a `within`", row.kind)))
            }
            (_, false, None) => problems.push(file.at(
                row.line,
                format!("within `{}` is the canonical name of no row", row.within),
            )),
            (_, false, Some(p)) if p.line == row.line => {
                problems.push(file.at(row.line, "the place lies within itself"))
            }
            ("state", false, Some(p)) if p.kind != "country" => problems.push(file.at(
                row.line,
                format!("a state within `{}`, a {}, not a country", p.name, p.kind),
            )),
            // A borough or neighbourhood lies within its city (Queens in New York City).
            ("city", false, Some(p))
                if !["state", "country", "city"].contains(&p.kind.as_str()) =>
            {
                problems.push(file.at(
                    row.line,
                    format!("a city within `{}`, a {}", p.name, p.kind),
                ))
            }
            _ => {}
        }
        // Every chain of containment ends at a country, without a cycle.
        if row.kind == "state" || row.kind == "city" {
            let mut cur: &PlaceRow = row;
            let mut steps = 0;
            while cur.kind != "country" {
                match by_name.get(cur.within.as_str()) {
                    Some(&p) if steps < 8 => cur = p,
                    _ => {
                        problems
                            .push(file.at(row.line, "its chain of `within` reaches no country"));
                        break;
                    }
                }
                steps += 1;
            }
        }
    }
    assert_none(problems);
}

#[test]
fn the_towns_are_sorted_folded_and_lie_in_places_of_the_hand_list() {
    let file = RulesFile::read("gazetteer.tsv");
    let places: HashSet<String> = place_rows(&RulesFile::read("places.tsv"))
        .into_iter()
        .map(|r| r.name)
        .collect();
    let mut problems = Vec::new();
    column_problems(&file, 6, 6, &mut problems);
    let rows = file.rows();
    assert!(rows.len() > 50_000, "{} towns", rows.len());
    let mut prev: Option<(&str, u64)> = None;
    for (line, l) in &rows {
        let cols: Vec<&str> = l.split('\t').collect();
        let [k, name, kind, within, city, pop] = cols.as_slice() else {
            continue;
        };
        if key(name) != *k {
            problems.push(file.at(*line, format!("key `{k}` is not the folded `{name}`")));
        }
        if !["town", "abbr"].contains(kind) {
            problems.push(file.at(*line, format!("kind `{kind}` is neither town nor abbr")));
        }
        for p in [within, city] {
            if !p.is_empty() && !places.contains(*p) {
                problems.push(file.at(*line, format!("`{p}` is no place of places.tsv")));
            }
        }
        if within.is_empty() {
            problems.push(file.at(*line, "lies within nothing"));
        }
        let Ok(pop) = pop.parse::<u64>() else {
            problems.push(file.at(*line, format!("population `{pop}` is no number")));
            continue;
        };
        // The binary search needs bytewise order; the most populous first among equal keys.
        if let Some((pk, pp)) = prev {
            if pk.as_bytes() > k.as_bytes() || (pk == *k && pp < pop) {
                problems.push(file.at(*line, format!("`{k}` out of order after `{pk}`")));
            }
        }
        prev = Some((k, pop));
    }
    assert_none(problems);
}

#[test]
fn the_loader_resolves_every_within_of_the_built_in_gazetteer() {
    let file = RulesFile::read("places.tsv");
    let rows = place_rows(&file);
    let lex = Lexicon::builtin();
    assert_eq!(lex.places.len(), rows.len(), "every row is one place");
    let mut problems = Vec::new();
    for (place, row) in lex.places.iter().zip(&rows) {
        let kind = match place.kind {
            PlaceKind::Country => "country",
            PlaceKind::State => "state",
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
        };
        if place.name != row.name || kind != row.kind {
            problems.push(file.at(row.line, format!("loaded as {kind} `{}`", place.name)));
        }
        let loaded = place.within.map(|p| lex.places[p].name.as_str());
        if loaded != Some(row.within.as_str()).filter(|w| !w.is_empty()) {
            problems.push(file.at(
                row.line,
                format!("within `{}` loads as {loaded:?}", row.within),
            ));
        }
    }
    assert_none(problems);
}

/// Lists of office-holders and public figures go stale: each must have been reviewed within a
/// year of today (by the system clock), so that a build a year on fails until someone re-reads
/// them and moves the as-of date.
#[test]
fn lists_of_public_figures_are_reviewed_within_a_year() {
    let mut problems = Vec::new();
    for name in ["people.tsv", "organisations.tsv"] {
        let file = RulesFile::read(name);
        for (line, _, value) in header_fields(&file).iter().filter(|(_, f, _)| f == "as-of") {
            let date = value.split_whitespace().next().unwrap_or("");
            match days_of(date) {
                Some(d) if today() - d > 366 => problems.push(file.at(
                    *line,
                    format!("as-of {date} is over a year old: review the list and move the date"),
                )),
                Some(_) => {}
                None => problems.push(file.at(*line, format!("as-of `{date}` is no date"))),
            }
        }
    }
    assert_none(problems);
}

#[test]
fn people_have_one_row_each_and_unambiguous_lone_forms() {
    let file = RulesFile::read("people.tsv");
    let mut problems = Vec::new();
    column_problems(&file, 1, 2, &mut problems);
    let places: HashSet<String> = keyed_rows(&RulesFile::read("places.tsv"), 3)
        .into_iter()
        .flat_map(|(_, c, a)| std::iter::once(c).chain(a))
        .map(|a| key(&a))
        .collect();
    let common: HashSet<String> = RulesFile::read("common-words.txt")
        .rows()
        .into_iter()
        .map(|(_, w)| key(w))
        .collect();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut lone: HashMap<String, usize> = HashMap::new();
    for (n, name, forms) in keyed_rows(&file, 1) {
        if let Some(first) = names.insert(key(&name), n) {
            problems.push(file.at(n, format!("`{name}` repeats line {first}")));
        }
        for form in forms {
            let k = key(&form);
            // A row may spell its own lone form twice (Mélenchon, Melenchon), for readers.
            match lone.insert(k.clone(), n) {
                Some(first) if first != n => {
                    problems.push(file.at(n, format!("lone form `{form}` repeats line {first}")))
                }
                _ => {}
            }
            if places.contains(&k) {
                problems.push(file.at(n, format!("lone form `{form}` is a place name")));
            }
            if common.contains(&k) {
                problems.push(file.at(n, format!("lone form `{form}` is a common word")));
            }
        }
    }
    assert_none(problems);
}

/// Every folded name and alias of the places, organisations, events and titles.
fn listed_names() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (name, col) in [
        ("places.tsv", 3),
        ("organisations.tsv", 1),
        ("events.txt", 1),
        ("titles.txt", 1),
    ] {
        for (_, c, aliases) in keyed_rows(&RulesFile::read(name), col) {
            for a in std::iter::once(c).chain(aliases) {
                out.push((name, key(&a)));
            }
        }
    }
    out
}

#[test]
fn not_names_and_given_names_stay_out_of_the_other_lists() {
    let names = listed_names();
    let mut problems = Vec::new();
    // not-names.txt is checked first, so a word of it that opens a listed name hides that
    // name; these and the month names the date patterns read are the exceptions its header
    // gives, with the reason there.
    const KEPT: &[&str] = &["the", "five", "workers", "male", "i", "all"];
    let file = RulesFile::read("not-names.txt");
    for (n, word) in file.rows() {
        let k = key(word.trim());
        if KEPT.contains(&k.as_str()) || capcheck::parse::dates::is_month_name(&k) {
            continue;
        }
        for (list, name) in &names {
            if name.split(' ').next() == Some(k.as_str()) {
                problems.push(file.at(n, format!("`{word}` opens `{name}` of {list}")));
            }
        }
    }
    let given = RulesFile::read("given-names.txt");
    let not_names: HashSet<String> = file.rows().iter().map(|(_, w)| key(w)).collect();
    let listed: HashMap<&String, &str> = names.iter().map(|(l, n)| (n, *l)).collect();
    for (n, name) in given.rows() {
        let k = key(name.trim());
        if let Some(list) = listed.get(&k) {
            problems.push(given.at(n, format!("`{name}` is a name of {list}")));
        }
        if not_names.contains(&k) {
            problems.push(given.at(n, format!("`{name}` is in not-names.txt")));
        }
    }
    assert_none(problems);
}

#[test]
fn the_dictionary_is_folded_sorted_and_unique() {
    let file = RulesFile::read("dictionary.txt");
    // The loader binary-searches the text after the leading comment lines, so the header must
    // be one unbroken run of comments and the words must follow it directly.
    let header = file.text.lines().take_while(|l| l.starts_with('#')).count();
    let mut problems = Vec::new();
    let mut prev: Option<&str> = None;
    for (i, word) in file.text.lines().enumerate().skip(header) {
        let n = i + 1;
        if word.len() < 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            problems.push(file.at(
                n,
                format!("`{word}` is not a word of two or more a-z letters"),
            ));
        }
        if let Some(p) = prev {
            if p >= word {
                problems.push(file.at(n, format!("`{word}` is not after `{p}` (bytewise)")));
            }
        }
        prev = Some(word);
    }
    // A file that lost its order entirely would list every line: the first fifty tell enough.
    problems.truncate(50);
    assert_none(problems);
}

#[test]
fn scoring_sets_every_key_once_finite_and_in_its_range() {
    let file = RulesFile::read("scoring.tsv");
    let mut problems = Vec::new();
    let header: String = header_fields(&file)
        .iter()
        .map(|(_, f, v)| format!("{f}: {v} "))
        .collect();
    if !header.contains("ranges: ") {
        problems.push(file.at(1, "the header states no `# ranges:`"));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (n, line) in file.rows() {
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, value] = cols.as_slice() else {
            problems.push(file.at(n, "want `name<TAB>value`"));
            continue;
        };
        let Some(&(name, lo, hi)) = KEYS.iter().find(|(k, _, _)| k == name) else {
            problems.push(file.at(n, format!("unknown name `{name}`")));
            continue;
        };
        if let Some(first) = seen.insert(name, n) {
            problems.push(file.at(n, format!("`{name}` repeats line {first}")));
        }
        match value.trim().parse::<f64>() {
            Ok(v) if !v.is_finite() => problems.push(file.at(n, format!("{name} is {v}"))),
            // Probabilities lie strictly between 0 and 1; the rest are closed ranges.
            Ok(v) if name.ends_with("threshold") && (v <= lo || v >= hi) => {
                problems.push(file.at(n, format!("{name} {v} is not in ({lo}, {hi})")))
            }
            Ok(v) if v < lo || v > hi => {
                problems.push(file.at(n, format!("{name} {v} is not in [{lo}, {hi}]")))
            }
            Ok(_) => {}
            Err(_) => problems.push(file.at(n, format!("`{value}` is not a number"))),
        }
    }
    for (name, _, _) in KEYS {
        if !seen.contains_key(name) {
            problems.push(file.at(1, format!("no value for `{name}`")));
        }
    }
    assert_none(problems);
}

#[test]
fn an_error_needs_more_than_a_mismatch() {
    let file = RulesFile::read("scoring.tsv");
    let c = Calibration::parse_complete(&file.text).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        c.error_threshold > c.threshold,
        "error_threshold {} is not above threshold {}",
        c.error_threshold,
        c.threshold
    );
}

#[test]
fn credit_patterns_compile_and_anchor() {
    let file = RulesFile::read("credit-patterns.txt");
    let credits = RulesFile::read("credits.txt");
    let mut problems = Vec::new();
    let (_, errors) = CreditRules::from_texts_lenient(&file.text, &credits.text);
    for e in errors {
        problems.push(file.at(e.line, e.problem));
    }
    for (n, line) in file.rows() {
        let p = line.trim();
        let anchored = p.starts_with('^') || (p.ends_with('$') && !p.ends_with("\\$"));
        if !anchored {
            problems.push(file.at(n, "the pattern anchors at neither `^` nor `$`"));
        }
    }
    assert_none(problems);
}

#[test]
fn no_file_repeats_a_data_line() {
    let mut problems = Vec::new();
    for file in all_files() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (n, line) in file.rows() {
            let norm = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(first) = seen.insert(norm, n) {
                problems.push(file.at(n, format!("repeats line {first}")));
            }
        }
    }
    assert_none(problems);
}

/// A fresh directory under the target directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The header every rules file carries, as a `--rules DIR` file would copy it.
const HEADER: &str = "# test places\n# source: written for this test\n# licence: MIT OR Apache-2.0\n# as-of: 2026-12-01\n";

#[test]
fn an_extra_rules_dir_reads_the_same_header_format() {
    let dir = scratch("rules-extra-ok");
    std::fs::write(
        dir.join("places.tsv"),
        format!("{HEADER}\n# a section\nTestville\tcity\tFrance\tTestvillian\n"),
    )
    .expect("write");
    std::fs::write(
        dir.join("scoring.tsv"),
        format!("{HEADER}# ranges: as rules/scoring.tsv\nthreshold\t0.5\n"),
    )
    .expect("write");
    let engine = Engine::with_dir(&dir).expect("a header'd rules dir loads");
    let lex = &engine.lexicon;
    let id = lex.places_named("testville")[0];
    let france = lex.places_named("france")[0];
    assert_eq!(lex.country_of(id), Some(france));
    assert_eq!(lex.places_named("testvillian"), &[id]);
    assert_eq!(engine.calibration.threshold, 0.5);
}

#[test]
fn an_extra_rules_file_with_a_bad_row_is_an_error_naming_file_and_line() {
    for (file, body, line, what) in [
        (
            "places.tsv",
            "Testville\tcty\tFrance\n",
            6,
            "the kind (2nd column) is none of",
        ),
        (
            "places.tsv",
            "Testville\tcity\tFrnace\n",
            6,
            "the place it is within (3rd column) is no place",
        ),
        (
            "scoring.tsv",
            "threshold\thalf\n",
            6,
            "the value is not a number",
        ),
        (
            "scoring.tsv",
            "thresold\t0.5\n",
            6,
            "not a name scoring.tsv knows",
        ),
    ] {
        let dir = scratch("rules-extra-bad");
        std::fs::write(dir.join(file), format!("{HEADER}\n{body}")).expect("write");
        let err = Engine::with_dir(&dir).expect_err(body).to_string();
        let path = dir.join(file);
        assert!(
            err.starts_with(&format!("{}: {file} line {line}: ", path.display()))
                && err.contains(what)
                // A rules file may be a link to anything: its contents never reach the message.
                && !["cty", "Frnace", "half", "thresold"].iter().any(|v| err.contains(v)),
            "{err}"
        );
    }
}

#[test]
fn date_context_words_have_a_known_kind_and_one_kind_each() {
    let file = RulesFile::read("date-context.tsv");
    let mut problems = Vec::new();
    column_problems(&file, 2, 2, &mut problems);
    let mut kind_of: HashMap<String, (usize, String)> = HashMap::new();
    let mut kinds_seen: HashSet<String> = HashSet::new();
    for (n, line) in file.rows() {
        let Some((kind, words)) = line.split_once('\t') else {
            continue;
        };
        if !["forecast", "other", "bound", "between"].contains(&kind) {
            problems.push(file.at(n, format!("unknown kind `{kind}`")));
        }
        kinds_seen.insert(kind.to_string());
        let spaced = words.split(' ').all(|w| !w.is_empty());
        let lower = words
            .chars()
            .all(|c| c.is_lowercase() || c == ' ' || c == '\'');
        if !spaced || !lower {
            problems.push(file.at(
                n,
                format!("`{words}` is not lowercase words between single spaces"),
            ));
        }
        if matches!(kind, "bound" | "between") && words.contains(' ') {
            problems.push(file.at(n, format!("a {kind} is one word, not `{words}`")));
        }
        if let Some((first, other)) = kind_of.insert(words.to_string(), (n, kind.to_string())) {
            problems.push(file.at(n, format!("`{words}` is already a {other} on line {first}")));
        }
    }
    for kind in ["forecast", "other", "bound", "between"] {
        if !kinds_seen.contains(kind) {
            problems.push(file.at(1, format!("no `{kind}` words")));
        }
    }
    assert_none(problems);
}

#[test]
fn places_written_with_the_are_places_of_the_gazetteer() {
    let file = RulesFile::read("place-articles.txt");
    let places = RulesFile::read("places.tsv");
    let canonical: HashSet<&str> = places
        .rows()
        .into_iter()
        .filter_map(|(_, l)| l.split('\t').next())
        .collect();
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (n, line) in file.rows() {
        let name = line.trim();
        if !canonical.contains(name) {
            problems.push(file.at(n, format!("`{name}` is no canonical name of places.tsv")));
        }
        if let Some(first) = seen.insert(name, n) {
            problems.push(file.at(n, format!("`{name}` repeats line {first}")));
        }
    }
    assert_none(problems);
}
