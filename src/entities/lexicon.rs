//! The word lists of `rules/` (places, titles, credits, organisations, names), compiled into
//! the binary and extensible with `--rules DIR`.
//!
//! Every list is keyed by [`key`], a folded form (diacritics stripped, lowercase, dots dropped)
//! so that `Sánchez`/`Sanchez` and `U.S.`/`US` meet.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

/// What kind of place a gazetteer row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A sovereign country or territory.
    Country,
    /// A first-level division: US state, province, nation of the UK.
    State,
    /// A city or town.
    City,
    /// A region with no containment (Europe, Middle East).
    Region,
}

/// One place of the gazetteer.
#[derive(Debug, Clone)]
pub struct Place {
    /// The canonical name.
    pub name: String,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// The containing place, by index into [`Lexicon::places`].
    pub within: Option<usize>,
}

/// The hasher of the word lists: their keys are the built-in lists and `--rules` files, not
/// page text, so the flooding that SipHash guards against cannot be steered by a page, and
/// every capitalised word of a page is looked up in several lists.
type Fast = BuildHasherDefault<FxHasher>;

/// The multiply-rotate hash of rustc's `FxHasher`, eight bytes at a time.
#[derive(Default)]
struct FxHasher {
    hash: u64,
}

impl FxHasher {
    /// Mixes one word into the hash.
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// All word lists, loaded once per run.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Every place; the indices are stable for a run.
    pub places: Vec<Place>,
    place_keys: HashMap<Str, Vec<usize>, Fast>,
    orgs: HashMap<Str, String, Fast>,
    /// Keys of aliases written in capitals (`WHO`, `US`): acronyms, matched as such only
    /// where they spell an ordinary word too.
    acronyms: HashSet<Str, Fast>,
    events: HashMap<Str, String, Fast>,
    titles: HashSet<Str, Fast>,
    formal_titles: HashSet<Str, Fast>,
    org_words: HashSet<Str, Fast>,
    not_names: HashSet<Str, Fast>,
    given_names: HashSet<Str, Fast>,
    credits: HashSet<Str, Fast>,
    common: HashSet<Str, Fast>,
    facility_words: HashSet<Str, Fast>,
    place_prefixes: HashSet<Str, Fast>,
    place_nouns: HashSet<Str, Fast>,
    /// Ordinary English words (`dictionary.txt`), to tell a capitalised word from a name.
    dictionary: super::wordlist::WordList,
    /// Lone forms of public figures (`putin`) → their full names (`Vladimir Putin`).
    public_figures: HashMap<Str, String, Fast>,
    /// Folded full names of the public figures.
    public_names: HashSet<Str, Fast>,
    /// The longest phrase, in words, of any multi-word list: bounds the phrase look-ups.
    pub max_phrase_words: usize,
    /// `gazetteer.tsv`: towns read in place context only, searched where the text lies.
    gazetteer: Gazetteer,
}

/// The towns of `gazetteer.tsv`, kept as the sorted text it is: a look-up is a binary search
/// over its lines, so a run pays nothing to load the ~77,000 rows it mostly never reads.
#[derive(Debug)]
struct Gazetteer {
    /// The file's text, from its first data line.
    text: std::borrow::Cow<'static, str>,
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer {
            text: std::borrow::Cow::Borrowed(""),
        }
    }
}

/// One row of the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Town<'a> {
    /// The name as written (`Astoria`, or `La.` for an abbreviation).
    pub name: &'a str,
    /// True for a US state's abbreviation, which names `within` after a town and a comma.
    pub abbreviation: bool,
    /// Canonical name of the `places.tsv` row it lies in (its state or country).
    pub within: &'a str,
    /// Canonical name of the `places.tsv` city it lies in, when it is a borough or
    /// neighbourhood of one.
    pub city: Option<&'a str>,
    /// Inhabitants.
    pub population: u64,
}

impl Gazetteer {
    /// Keeps the text of a sorted gazetteer file from its first data line.
    fn new(text: std::borrow::Cow<'static, str>) -> Self {
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let t = line.trim();
            if !t.is_empty() && !t.starts_with('#') {
                break;
            }
            start += line.len();
        }
        let text = match text {
            std::borrow::Cow::Borrowed(t) => {
                std::borrow::Cow::Borrowed(t.get(start..).unwrap_or(""))
            }
            std::borrow::Cow::Owned(t) => {
                std::borrow::Cow::Owned(t.get(start..).unwrap_or("").to_string())
            }
        };
        Gazetteer { text }
    }

    /// The rows of a folded key, most populous first.
    fn rows<'a>(&'a self, k: &str) -> impl Iterator<Item = Town<'a>> + 'a {
        let text: &'a str = &self.text;
        let bytes = text.as_bytes();
        let line_key = |s: usize| {
            let rest = &bytes[s..];
            let end = memchr::memchr2(b'\t', b'\n', rest).unwrap_or(rest.len());
            &rest[..end]
        };
        // The first line whose key is not below `k`: each step halves [lo, hi), both at line starts.
        let (mut lo, mut hi) = (0usize, text.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let s = memchr::memrchr(b'\n', &bytes[lo..mid]).map_or(lo, |p| lo + p + 1);
            if line_key(s) < k.as_bytes() {
                lo = memchr::memchr(b'\n', &bytes[s..]).map_or(text.len(), |p| s + p + 1);
            } else {
                hi = s;
            }
        }
        let k = k.to_string();
        text.get(lo..)
            .unwrap_or("")
            .lines()
            .map_while(move |line| {
                let mut cols = line.split('\t');
                (cols.next()? == k).then_some(cols)
            })
            .filter_map(|mut cols| {
                let name = cols.next()?;
                let abbreviation = cols.next()? == "abbr";
                let within = cols.next()?;
                let city = cols.next().filter(|c| !c.is_empty());
                let population = cols.next()?.trim().parse().ok()?;
                Some(Town {
                    name,
                    abbreviation,
                    within,
                    city,
                    population,
                })
            })
    }
}

/// The data files compiled into the binary, by file name.
const BUILTIN: &[(&str, &str)] = &[
    ("places.tsv", include_str!("../../rules/places.tsv")),
    (
        "organisations.tsv",
        include_str!("../../rules/organisations.tsv"),
    ),
    ("events.txt", include_str!("../../rules/events.txt")),
    ("titles.txt", include_str!("../../rules/titles.txt")),
    ("org-words.txt", include_str!("../../rules/org-words.txt")),
    ("not-names.txt", include_str!("../../rules/not-names.txt")),
    (
        "given-names.txt",
        include_str!("../../rules/given-names.txt"),
    ),
    ("credits.txt", include_str!("../../rules/credits.txt")),
    (
        "common-words.txt",
        include_str!("../../rules/common-words.txt"),
    ),
    (
        "facility-words.txt",
        include_str!("../../rules/facility-words.txt"),
    ),
    (
        "place-prefixes.txt",
        include_str!("../../rules/place-prefixes.txt"),
    ),
    (
        "place-nouns.txt",
        include_str!("../../rules/place-nouns.txt"),
    ),
    ("people.tsv", include_str!("../../rules/people.tsv")),
    ("dictionary.txt", include_str!("../../rules/dictionary.txt")),
    ("gazetteer.tsv", include_str!("../../rules/gazetteer.tsv")),
];

pub use super::fold::key;

/// A key of the word lists: borrowed from the keys `build.rs` folded for the built-in files,
/// or owned when folded at run time (`--rules`).
type Str = Cow<'static, str>;

/// The keys `build.rs` folded for each built-in file (`FOLDED`): per file, `raw\tkey` lines in
/// the order in which loading the file asks for them.
mod folded {
    include!(concat!(env!("OUT_DIR"), "/lexicon_folded.rs"));
}

/// Folds a file's entries for look-up: with [`key`] at run time, or, for a built-in file, by
/// replaying the keys `build.rs` folded, which spares every start the folding and a `String`
/// per entry. Each replayed key is taken only for the entry it was folded from; once out of
/// step (a loader asking in another order than `build.rs` replays), the rest is folded here,
/// so a mismatch costs time, never a wrong key (`tests::builtin_keys_replay_in_step`).
struct Folder {
    /// The `raw\tkey` lines not replayed yet.
    rest: &'static str,
    /// Entries folded at run time although keys were there to replay.
    missed: usize,
}

impl Folder {
    /// Folds at run time only.
    fn run_time() -> Self {
        Folder {
            rest: "",
            missed: 0,
        }
    }

    /// Replays the keys folded at build time for the built-in file `name`.
    fn built_in(name: &str) -> Self {
        let rest = folded::FOLDED
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, keys)| *keys);
        Folder { rest, missed: 0 }
    }

    /// The key of `raw` (see [`key`]).
    fn fold(&mut self, raw: &str) -> Str {
        if !self.rest.is_empty() {
            let (line, rest) = self.rest.split_once('\n').unwrap_or((self.rest, ""));
            if let Some((r, k)) = line.split_once('\t') {
                if r == raw {
                    self.rest = rest;
                    return Cow::Borrowed(k);
                }
            }
            self.rest = "";
            self.missed += 1;
        }
        Cow::Owned(key(raw))
    }
}

/// The data lines of a file: comments and blank lines dropped, trimmed.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    numbered_data_lines(text).map(|(_, l)| l)
}

/// The data lines of a file, trimmed at the end, with their 1-based line numbers.
fn numbered_data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
}

/// A rules file this large is not a word list: reading it would only cost memory.
pub const MAX_RULES_FILE_BYTES: u64 = 16 << 20;

/// Reads one file of a rules directory: a regular file of at most [`MAX_RULES_FILE_BYTES`],
/// never through a symbolic link (a repository's rules folder must not reach files outside
/// it, such as secrets a CI log would then show, nor devices and pipes that never end);
/// `None` when there is no such file.
pub fn read_rules_file(path: &Path) -> Result<Option<String>, String> {
    use std::io::Read;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    if !meta.file_type().is_file() {
        return Err(format!(
            "{}: not a regular file (rules files are read as they are, links are not followed)",
            path.display()
        ));
    }
    if meta.len() > MAX_RULES_FILE_BYTES {
        return Err(format!(
            "{}: {} bytes, over the {} MB a rules file may have",
            path.display(),
            meta.len(),
            MAX_RULES_FILE_BYTES >> 20
        ));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RULES_FILE_BYTES).read_to_string(&mut text))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Some(text))
}

/// Splits a `|`-separated alias list into trimmed, non-empty entries.
fn aliases(field: Option<&str>) -> impl Iterator<Item = &str> {
    field
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
}

impl Lexicon {
    /// The lists built into the binary.
    pub fn builtin() -> Self {
        let mut lex = Lexicon::default();
        for (name, text) in BUILTIN {
            if *name == "dictionary.txt" {
                lex.dictionary = super::wordlist::WordList::built_in(text);
            } else if *name == "gazetteer.tsv" {
                lex.gazetteer = Gazetteer::new(std::borrow::Cow::Borrowed(text));
            } else {
                // tests/rules_data.rs holds the built-in files to their invariants, so there is
                // no bad row to report; a row it let through is skipped as before.
                let _ = lex.add_file(name, text, &mut Folder::built_in(name));
            }
        }
        lex
    }

    /// The file names of the word lists (`places.tsv`, …), as in `rules/`.
    pub fn file_names() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(n, _)| *n)
    }

    /// Extends the lists with the files of `dir` that have their names; returns how many
    /// files were read.
    pub fn add_dir(&mut self, dir: &Path) -> Result<usize, String> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read rules directory {}: {e}", dir.display()))?;
        let mut known = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !BUILTIN.iter().any(|(b, _)| *b == name) {
                continue;
            }
            let Some(text) = read_rules_file(&path)? else {
                continue;
            };
            self.add_file(name, &text, &mut Folder::run_time())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            known += 1;
        }
        Ok(known)
    }

    /// Adds the entries of one data file, chosen by its file name; a row that would be misread
    /// (a place of unknown kind, or within no known place) is an error naming its line.
    fn add_file(&mut self, name: &str, text: &str, keys: &mut Folder) -> Result<(), String> {
        match name {
            "places.tsv" => return self.add_places(text, keys),
            "organisations.tsv" => add_aliased(
                &mut self.orgs,
                text,
                keys,
                &mut self.max_phrase_words,
                &mut self.acronyms,
            ),
            "events.txt" => add_aliased(
                &mut self.events,
                text,
                keys,
                &mut self.max_phrase_words,
                &mut self.acronyms,
            ),
            "titles.txt" => {
                add_set(&mut self.titles, text, keys, &mut self.max_phrase_words);
                // Titles written capitalised are offices (`President`, `Rep.`); lowercase ones
                // are roles (`painter`), which name a person but not a public figure.
                for line in data_lines(text).filter(|l| l.trim().starts_with(char::is_uppercase)) {
                    self.formal_titles.insert(keys.fold(line.trim()));
                }
            }
            "org-words.txt" => add_set(&mut self.org_words, text, keys, &mut self.max_phrase_words),
            "not-names.txt" => add_set(&mut self.not_names, text, keys, &mut self.max_phrase_words),
            "given-names.txt" => add_set(
                &mut self.given_names,
                text,
                keys,
                &mut self.max_phrase_words,
            ),
            "credits.txt" => add_set(&mut self.credits, text, keys, &mut self.max_phrase_words),
            "common-words.txt" => add_set(&mut self.common, text, keys, &mut 0),
            "facility-words.txt" => add_set(&mut self.facility_words, text, keys, &mut 0),
            "place-prefixes.txt" => add_set(&mut self.place_prefixes, text, keys, &mut 0),
            "place-nouns.txt" => add_set(&mut self.place_nouns, text, keys, &mut 0),
            "people.tsv" => self.add_people(text, keys),
            "dictionary.txt" => self.dictionary.add_owned(text),
            // A gazetteer of `--rules` replaces the built-in one: it must be sorted as a whole.
            "gazetteer.tsv" => {
                self.gazetteer = Gazetteer::new(std::borrow::Cow::Owned(text.to_string()))
            }
            _ => {}
        }
        Ok(())
    }

    /// Adds gazetteer rows; `within` is resolved after all rows are in, so order does not matter.
    /// Every row is added; the first row of an unknown kind (read as a region) or whose
    /// `within` names no place (left uncontained) is then reported by its line.
    fn add_places(&mut self, text: &str, keys: &mut Folder) -> Result<(), String> {
        let mut pending: Vec<(usize, String, usize)> = Vec::new();
        let mut first_error: Option<String> = None;
        for (n, line) in numbered_data_lines(text) {
            let mut cols = line.split('\t');
            let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
                continue;
            };
            let kind = match cols.next().map(str::trim) {
                Some("country") => PlaceKind::Country,
                Some("state") => PlaceKind::State,
                Some("city") => PlaceKind::City,
                Some("region") => PlaceKind::Region,
                _ => {
                    first_error.get_or_insert_with(|| {
                        // Never the kind itself: the file may be a link to a secret, and the
                        // error goes to CI logs.
                        format!(
                            "places.tsv line {n}: the kind (2nd column) is none of country, \
                             state, city, region"
                        )
                    });
                    PlaceKind::Region
                }
            };
            let within = cols.next().map(str::trim).filter(|w| !w.is_empty());
            let id = self.places.len();
            self.places.push(Place {
                name: name.to_string(),
                kind,
                within: None,
            });
            if let Some(w) = within {
                pending.push((id, w.to_string(), n));
            }
            for alias in std::iter::once(name).chain(aliases(cols.next())) {
                let k = keys.fold(alias);
                if is_acronym(alias) {
                    self.acronyms.insert(k.clone());
                }
                self.max_phrase_words = self.max_phrase_words.max(k.split(' ').count());
                let ids = self.place_keys.entry(k).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        for (id, within, n) in pending {
            let parent = self.place_keys.get(&keys.fold(&within)).and_then(|ids| {
                ids.iter()
                    .copied()
                    .find(|&p| p != id && self.places[p].name == within)
            });
            if parent.is_none() {
                first_error.get_or_insert_with(|| {
                    format!("places.tsv line {n}: the place it is within (3rd column) is no place")
                });
            }
            self.places[id].within = parent;
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Adds public figures: their full names (a person, whatever words they are made of) and
    /// the lone forms that name them alone.
    fn add_people(&mut self, text: &str, keys: &mut Folder) {
        for line in data_lines(text) {
            let mut cols = line.split('\t');
            let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
                continue;
            };
            self.public_names.insert(keys.fold(name));
            for alone in aliases(cols.next()) {
                self.public_figures
                    .insert(keys.fold(alone), name.to_string());
            }
        }
    }

    /// The full name of the public figure a lone word names (`Putin` → `Vladimir Putin`).
    pub fn public_figure(&self, k: &str) -> Option<&str> {
        self.public_figures.get(k).map(String::as_str)
    }

    /// The places a phrase can name (several when ambiguous: Georgia).
    pub fn places_named(&self, k: &str) -> &[usize] {
        self.place_keys.get(k).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The towns of the gazetteer a folded name can be, most populous first; read only in
    /// place context (`Houma, La.`).
    pub fn towns<'a>(&'a self, k: &str) -> impl Iterator<Item = Town<'a>> + 'a {
        self.gazetteer.rows(k)
    }

    /// The place of `places.tsv` whose canonical name is `name` exactly.
    pub fn place_by_name(&self, name: &str) -> Option<usize> {
        self.places_named(&key(name))
            .iter()
            .copied()
            .find(|&id| self.places[id].name == name)
    }

    /// A town read in context, written `Town, Place` (`Houma, Louisiana`): its name and the
    /// `places.tsv` place it lies in. `None` for any other key.
    pub fn town_in<'k>(&self, k: &'k str) -> Option<(&'k str, usize)> {
        let (town, within) = k.rsplit_once(", ")?;
        let id = self
            .places_named(within)
            .iter()
            .copied()
            .find(|&id| key(&self.places[id].name) == within)?;
        Some((town, id))
    }

    /// The canonical organisation a phrase names.
    pub fn organisation(&self, k: &str) -> Option<&str> {
        self.orgs.get(k).map(String::as_str)
    }

    /// The canonical event a phrase names.
    pub fn event(&self, k: &str) -> Option<&str> {
        self.events.get(k).map(String::as_str)
    }

    /// True when the phrase is a title that introduces a person (`Rep.`, `Prime Minister`).
    pub fn is_title(&self, k: &str) -> bool {
        self.titles.contains(k)
    }

    /// True when the title is an office written capitalised (`President`, `Rep.`), not a role.
    pub fn is_formal_title(&self, k: &str) -> bool {
        self.formal_titles.contains(k)
    }

    /// True when the word makes a capitalised phrase an organisation (`University`, `Party`).
    pub fn is_org_word(&self, k: &str) -> bool {
        self.org_words.contains(k)
    }

    /// True when the word makes a capitalised phrase a named local place (`Bridge`, `Station`).
    pub fn is_facility_word(&self, k: &str) -> bool {
        self.facility_words.contains(k)
    }

    /// True when the word, opening a name, makes it a place (`Santa`, `Puerto`, `Paseo`).
    pub fn is_place_prefix(&self, k: &str) -> bool {
        self.place_prefixes.contains(k)
    }

    /// True when the lowercase noun makes the name beside it a place (`neighborhood`, `village`).
    pub fn is_place_noun(&self, k: &str) -> bool {
        self.place_nouns.contains(k)
    }

    /// True when the capitalised word is never part of a name (`Monday`, `Photo`, `The`).
    pub fn is_not_name(&self, k: &str) -> bool {
        self.not_names.contains(k)
    }

    /// True when the word is a common given name.
    pub fn is_given_name(&self, k: &str) -> bool {
        self.given_names.contains(k)
    }

    /// True when the phrase is a news agency or credit word, never a story entity.
    pub fn is_credit(&self, k: &str) -> bool {
        self.credits.contains(k)
    }

    /// An acronym that spells an ordinary word too (`WHO`, `US`): it names the organisation or
    /// place only when written in capitals.
    pub fn is_acronym_word(&self, k: &str) -> bool {
        self.acronyms.contains(k) && self.common.contains(k)
    }

    /// True when the lowercase word is among the most common of English: it says little about a topic.
    pub fn is_common_word(&self, k: &str) -> bool {
        self.common.contains(k)
    }

    /// True when the folded word is an ordinary English word (`tricky`, `cotton`), whatever
    /// else it may also be (`bush`, `rice` are surnames too).
    pub fn is_dictionary_word(&self, k: &str) -> bool {
        // Two- and three-letter entries beyond the common words are mostly letters, units and
        // interjections (`xi`, `ma`), names far more often than words in news capitals.
        self.common.contains(k) || (k.len() >= 4 && self.dictionary.contains(k))
    }

    /// True when the phrase is the full name of a listed public figure (`xi jinping`).
    pub fn is_public_figure_name(&self, k: &str) -> bool {
        self.public_names.contains(k)
    }

    /// The chain of places containing `id`, nearest first, without `id` itself.
    pub fn ancestors(&self, id: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.places.get(id).and_then(|p| p.within);
        // The chain is short; the bound guards against a cycle in user-supplied data.
        while let Some(p) = cur {
            if out.contains(&p) || p == id || out.len() > 8 {
                break;
            }
            out.push(p);
            cur = self.places.get(p).and_then(|x| x.within);
        }
        out
    }

    /// The country a place lies in (itself for a country).
    pub fn country_of(&self, id: usize) -> Option<usize> {
        if self.places.get(id)?.kind == PlaceKind::Country {
            return Some(id);
        }
        self.ancestors(id)
            .into_iter()
            .find(|&p| self.places[p].kind == PlaceKind::Country)
    }
}

/// Adds `canonical<TAB>aliases` rows to a key → canonical map.
fn add_aliased(
    map: &mut HashMap<Str, String, Fast>,
    text: &str,
    keys: &mut Folder,
    max_words: &mut usize,
    acronyms: &mut HashSet<Str, Fast>,
) {
    for line in data_lines(text) {
        let mut cols = line.split('\t');
        let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        for alias in std::iter::once(name).chain(aliases(cols.next())) {
            let k = keys.fold(alias);
            *max_words = (*max_words).max(k.split(' ').count());
            if is_acronym(alias) {
                acronyms.insert(k.clone());
            }
            map.entry(k).or_insert_with(|| name.to_string());
        }
    }
}

/// A name written in capitals only (`WHO`, `U.S.`), two letters or more.
pub fn is_acronym(alias: &str) -> bool {
    alias.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && alias.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

/// Adds one-entry-a-line rows to a key set.
fn add_set(set: &mut HashSet<Str, Fast>, text: &str, keys: &mut Folder, max_words: &mut usize) {
    for line in data_lines(text) {
        let k = keys.fold(line.trim());
        if !k.is_empty() {
            *max_words = (*max_words).max(k.split(' ').count());
            set.insert(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Lexicon {
        let mut lex = Lexicon::default();
        let added = lex.add_file(
            "places.tsv",
            "# c\nPyongyang\tcity\tNorth Korea\t\nNorth Korea\tcountry\t\tDPRK|North Korean\n",
            &mut Folder::run_time(),
        );
        assert_eq!(added, Ok(()));
        lex
    }

    #[test]
    fn key_folds_case_diacritics_dots_and_hyphens() {
        assert_eq!(key("Sánchez"), "sanchez");
        assert_eq!(key("U.S."), "us");
        assert_eq!(key("Kim Jong-un"), key("Kim  Jong Un"));
    }

    #[test]
    fn within_resolves_regardless_of_row_order() {
        let lex = tiny();
        let pyong = lex.places_named("pyongyang")[0];
        let nk = lex.places_named("north korean")[0];
        assert_eq!(lex.ancestors(pyong), vec![nk]);
        assert_eq!(lex.country_of(pyong), Some(nk));
    }

    /// Every key `build.rs` folded is replayed for the entry it was folded from, and the
    /// lists are the same as when every entry is folded at run time.
    #[test]
    fn builtin_keys_replay_in_step() {
        let mut replayed = Lexicon::default();
        let mut folded = Lexicon::default();
        for (name, text) in BUILTIN {
            if matches!(*name, "dictionary.txt" | "gazetteer.tsv") {
                continue;
            }
            let mut keys = Folder::built_in(name);
            assert!(
                !keys.rest.is_empty(),
                "{name}: no keys folded at build time"
            );
            assert_eq!(replayed.add_file(name, text, &mut keys), Ok(()));
            assert_eq!((keys.missed, keys.rest), (0, ""), "{name}: out of step");
            assert_eq!(folded.add_file(name, text, &mut Folder::run_time()), Ok(()));
        }
        assert_eq!(format!("{replayed:?}"), format!("{folded:?}"));
    }

    #[test]
    fn builtin_lists_load() {
        let lex = Lexicon::builtin();
        assert!(lex.max_phrase_words >= 1);
    }
}
