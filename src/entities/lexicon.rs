//! The word lists of `rules/` (places, titles, credits, organisations, names), compiled into
//! the binary and extensible with `--rules DIR`.
//!
//! The built-in lists are hash tables `build.rs` makes of the files (`table`), so that a start
//! loads nothing; each list keeps what `--rules` files add in a small run-time layer on top,
//! empty by default, with the precedence loading the files one after another would give.
//!
//! Every list is keyed by [`key`], a folded form (diacritics stripped, lowercase, dots dropped)
//! so that `Sánchez`/`Sanchez` and `U.S.`/`US` meet.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use super::table::{Slot, Table};

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
    pub name: PlaceName,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// The containing place, by index into [`Lexicon::places`].
    pub within: Option<usize>,
}

/// The canonical name of a place: where it lies in the built-in tables' text, or, for a place
/// of `--rules`, its own text.
#[derive(Clone)]
pub struct PlaceName(NameText);

/// Where the text of a [`PlaceName`] is.
#[derive(Clone)]
enum NameText {
    /// Start and length in bytes in [`built::BLOB`].
    Built(u32, u32),
    /// Read at run time.
    Owned(Box<str>),
}

impl PlaceName {
    /// The name at `start`, `len` bytes long, in the built-in tables' text.
    const fn built(start: u32, len: u32) -> Self {
        PlaceName(NameText::Built(start, len))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            NameText::Built(start, len) => built::span(*start, *len),
            NameText::Owned(s) => s,
        }
    }
}

impl std::ops::Deref for PlaceName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for PlaceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for PlaceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for PlaceName {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for PlaceName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for PlaceName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for PlaceName {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

/// The places of the gazetteer: the built-in ones, then those of `--rules`, by index.
#[derive(Debug, Default)]
pub struct Places {
    /// The built-in places (`built::PLACES`).
    built: &'static [Place],
    /// The places of `--rules` files, numbered after the built-in ones.
    added: Vec<Place>,
}

impl Places {
    /// How many places there are.
    pub fn len(&self) -> usize {
        self.built.len() + self.added.len()
    }

    /// True when there is no place.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The place of index `id`.
    pub fn get(&self, id: usize) -> Option<&Place> {
        match id.checked_sub(self.built.len()) {
            None => self.built.get(id),
            Some(i) => self.added.get(i),
        }
    }

    /// Every place, by index.
    pub fn iter(&self) -> impl Iterator<Item = &Place> {
        self.built.iter().chain(&self.added)
    }
}

impl std::ops::Index<usize> for Places {
    type Output = Place;

    /// The place of index `id`; out of range, a panic, as a `Vec` would (an id comes from
    /// this lexicon's own look-ups).
    fn index(&self, id: usize) -> &Place {
        match id.checked_sub(self.built.len()) {
            None => &self.built[id],
            Some(i) => &self.added[i],
        }
    }
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
    pub places: Places,
    place_keys: PlaceKeys,
    orgs: Map,
    /// Keys of aliases written in capitals (`WHO`, `US`): acronyms, matched as such only
    /// where they spell an ordinary word too.
    acronyms: Set,
    events: Map,
    titles: Set,
    formal_titles: Set,
    org_words: Set,
    not_names: Set,
    given_names: Set,
    credits: Set,
    common: Set,
    facility_words: Set,
    place_prefixes: Set,
    place_nouns: Set,
    /// Canonical places a message writes with "the" (`the United States`).
    place_articles: Set,
    /// Ordinary English words (`dictionary.txt`), to tell a capitalised word from a name.
    dictionary: super::wordlist::WordList,
    /// Lone forms of public figures (`putin`) → their full names (`Vladimir Putin`).
    public_figures: Map,
    /// Folded full names of the public figures.
    public_names: Set,
    /// The longest phrase, in words, of any multi-word list: bounds the phrase look-ups.
    pub max_phrase_words: usize,
    /// `gazetteer.tsv`: towns read in place context only, searched where the text lies.
    gazetteer: Gazetteer,
}

/// The tables `build.rs` made of the built-in lists, in the order of [`Lexicon`]'s fields.
struct Lists {
    place_keys: Table,
    orgs: Table,
    acronyms: Table,
    events: Table,
    titles: Table,
    formal_titles: Table,
    org_words: Table,
    not_names: Table,
    given_names: Table,
    credits: Table,
    common: Table,
    facility_words: Table,
    place_prefixes: Table,
    place_nouns: Table,
    place_articles: Table,
    public_figures: Table,
    public_names: Table,
    /// Start and length in [`built::BLOB`] of the canonical names the maps' values index.
    names: &'static [[u32; 2]],
    /// The built-in places.
    places: &'static [Place],
    /// The ids of places each key of `place_keys` names: its value is the start here times
    /// 256 plus the count.
    place_ids: &'static [usize],
    /// The longest phrase of the built-in lists, in words.
    max_phrase_words: usize,
}

/// The built-in lists, as `build.rs` wrote them (`lexicon_tables.rs`).
mod built {
    use super::{Lists, Place, PlaceKind, PlaceName, Slot, Table};
    include!(concat!(env!("OUT_DIR"), "/lexicon_tables.rs"));

    /// The text at `start`, `len` bytes long, of [`BLOB`].
    pub(super) fn span(start: u32, len: u32) -> &'static str {
        let start = start as usize;
        BLOB.get(start..start + len as usize).unwrap_or("")
    }

    /// The canonical name a map's value stands for.
    pub(super) fn name(value: u32) -> &'static str {
        LISTS
            .names
            .get(value as usize)
            .map_or("", |&[start, len]| span(start, len))
    }

    /// The place ids a `place_keys` value stands for.
    pub(super) fn place_ids(value: u32) -> &'static [usize] {
        let start = (value >> 8) as usize;
        let count = (value & 0xff) as usize;
        LISTS.place_ids.get(start..start + count).unwrap_or(&[])
    }
}

/// A set of keys: a built-in table, and the keys `--rules` adds to it.
#[derive(Debug, Default)]
struct Set {
    built: Table,
    added: HashSet<String, Fast>,
}

impl Set {
    /// A set of the built-in keys of `table`.
    fn built(table: Table) -> Self {
        Set {
            built: table,
            added: HashSet::default(),
        }
    }

    /// True when the key is in the set.
    fn contains(&self, k: &str) -> bool {
        self.built.get(built::BLOB, k).is_some()
            || (!self.added.is_empty() && self.added.contains(k))
    }

    /// Adds a key.
    fn insert(&mut self, k: String) {
        if !self.contains(&k) {
            self.added.insert(k);
        }
    }
}

/// A map of keys to canonical names: a built-in table, and the keys `--rules` adds to it.
#[derive(Debug, Default)]
struct Map {
    built: Table,
    added: HashMap<String, String, Fast>,
}

impl Map {
    /// A map of the built-in keys of `table`.
    fn built(table: Table) -> Self {
        Map {
            built: table,
            added: HashMap::default(),
        }
    }

    /// The name a key maps to: one of `--rules` first, then the built-in one.
    fn get(&self, k: &str) -> Option<&str> {
        if !self.added.is_empty() {
            if let Some(v) = self.added.get(k) {
                return Some(v);
            }
        }
        self.built.get(built::BLOB, k).map(built::name)
    }

    /// Maps a key to a name unless it maps to one already.
    fn insert_first(&mut self, k: String, name: &str) {
        if self.get(&k).is_none() {
            self.added.insert(k, name.to_string());
        }
    }

    /// Maps a key to a name, over the name it mapped to.
    fn insert_last(&mut self, k: String, name: &str) {
        self.added.insert(k, name.to_string());
    }
}

/// Keys → the places they name: a built-in table, and the keys `--rules` adds or extends
/// (each with all its places, the built-in ones first).
#[derive(Debug, Default)]
struct PlaceKeys {
    built: Table,
    added: HashMap<String, Vec<usize>, Fast>,
}

impl PlaceKeys {
    /// The places a key names.
    fn get(&self, k: &str) -> &[usize] {
        if !self.added.is_empty() {
            if let Some(ids) = self.added.get(k) {
                return ids;
            }
        }
        self.built.get(built::BLOB, k).map_or(&[], built::place_ids)
    }

    /// Adds a place to those a key names.
    fn insert(&mut self, k: String, id: usize) {
        let base = self
            .built
            .get(built::BLOB, &k)
            .map_or(&[][..], built::place_ids);
        let ids = self.added.entry(k).or_insert_with(|| base.to_vec());
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
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

/// The file names of the word lists, as in `rules/`.
const FILES: &[&str] = &[
    "places.tsv",
    "organisations.tsv",
    "events.txt",
    "titles.txt",
    "org-words.txt",
    "not-names.txt",
    "given-names.txt",
    "credits.txt",
    "common-words.txt",
    "facility-words.txt",
    "place-prefixes.txt",
    "place-nouns.txt",
    "people.tsv",
    "place-articles.txt",
    "dictionary.txt",
    "gazetteer.tsv",
];

pub use super::fold::{is_acronym, key};

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

/// Why one file of a rules directory cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum RulesFileError {
    /// The file system's error.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The file system's error.
        source: std::io::Error,
    },
    /// A link, a directory, a pipe or a device.
    #[error(
        "{}: not a regular file (rules files are read as they are, links are not followed)",
        path.display()
    )]
    NotAFile {
        /// The file.
        path: PathBuf,
    },
    /// Over [`MAX_RULES_FILE_BYTES`].
    #[error(
        "{}: {len} bytes, over the {} MB a rules file may have",
        path.display(),
        MAX_RULES_FILE_BYTES >> 20
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        len: u64,
    },
}

/// Why the word lists of a rules directory (`--rules DIR`) cannot be added.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The directory cannot be listed.
    #[error("cannot read rules directory {}: {source}", dir.display())]
    Dir {
        /// The directory.
        dir: PathBuf,
        /// The file system's error.
        source: std::io::Error,
    },
    /// One of its files cannot be read.
    #[error(transparent)]
    File(#[from] RulesFileError),
    /// A row of a file would be misread.
    #[error("{}: {mistake}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The first such row.
        #[source]
        mistake: ListMistake,
    },
}

/// A row of a word list that would be misread, by its line; never quoting the row (the file
/// may be a link to a secret, and the error goes to CI logs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListMistake {
    /// A gazetteer row's kind is not one of the four.
    #[error(
        "places.tsv line {line}: the kind (2nd column) is none of country, state, city, region"
    )]
    PlaceKind {
        /// Its line.
        line: usize,
    },
    /// A gazetteer row's `within` names no place.
    #[error("places.tsv line {line}: the place it is within (3rd column) is no place")]
    Within {
        /// Its line.
        line: usize,
    },
}

/// Reads one file of a rules directory: a regular file of at most [`MAX_RULES_FILE_BYTES`],
/// never through a symbolic link (a repository's rules folder must not reach files outside
/// it, such as secrets a CI log would then show, nor devices and pipes that never end);
/// `None` when there is no such file.
pub fn read_rules_file(path: &Path) -> Result<Option<String>, RulesFileError> {
    use std::io::Read;
    let cannot = |source| RulesFileError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    };
    if !meta.file_type().is_file() {
        return Err(RulesFileError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_RULES_FILE_BYTES {
        return Err(RulesFileError::TooLarge {
            path: path.to_path_buf(),
            len: meta.len(),
        });
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RULES_FILE_BYTES).read_to_string(&mut text))
        .map_err(cannot)?;
    Ok(Some(text))
}

impl Lexicon {
    /// The lists built into the binary: tables `build.rs` made, and the dictionary and
    /// gazetteer searched in place, so that nothing is loaded at start-up.
    pub fn builtin() -> Self {
        let b = built::LISTS;
        Lexicon {
            places: Places {
                built: b.places,
                added: Vec::new(),
            },
            place_keys: PlaceKeys {
                built: b.place_keys,
                added: HashMap::default(),
            },
            orgs: Map::built(b.orgs),
            acronyms: Set::built(b.acronyms),
            events: Map::built(b.events),
            titles: Set::built(b.titles),
            formal_titles: Set::built(b.formal_titles),
            org_words: Set::built(b.org_words),
            not_names: Set::built(b.not_names),
            given_names: Set::built(b.given_names),
            credits: Set::built(b.credits),
            common: Set::built(b.common),
            facility_words: Set::built(b.facility_words),
            place_prefixes: Set::built(b.place_prefixes),
            place_nouns: Set::built(b.place_nouns),
            place_articles: Set::built(b.place_articles),
            dictionary: super::wordlist::WordList::built_in(include_str!(
                "../../rules/dictionary.txt"
            )),
            public_figures: Map::built(b.public_figures),
            public_names: Set::built(b.public_names),
            max_phrase_words: b.max_phrase_words,
            gazetteer: Gazetteer::new(std::borrow::Cow::Borrowed(include_str!(
                "../../rules/gazetteer.tsv"
            ))),
        }
    }

    /// The file names of the word lists (`places.tsv`, …), as in `rules/`.
    pub fn file_names() -> impl Iterator<Item = &'static str> {
        FILES.iter().copied()
    }

    /// Extends the lists with the files of `dir` that have their names; returns how many
    /// files were read.
    pub fn add_dir(&mut self, dir: &Path) -> Result<usize, LexiconError> {
        let entries = std::fs::read_dir(dir).map_err(|source| LexiconError::Dir {
            dir: dir.to_path_buf(),
            source,
        })?;
        let mut known = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !FILES.contains(&name) {
                continue;
            }
            let Some(text) = read_rules_file(&path)? else {
                continue;
            };
            self.add_file(name, &text)
                .map_err(|mistake| LexiconError::Invalid {
                    path: path.clone(),
                    mistake,
                })?;
            known += 1;
        }
        Ok(known)
    }

    /// Adds the entries of one data file, chosen by its file name; a row that would be misread
    /// (a place of unknown kind, or within no known place) is an error naming its line.
    fn add_file(&mut self, name: &str, text: &str) -> Result<(), ListMistake> {
        let words = &mut self.max_phrase_words;
        match name {
            "places.tsv" => return self.add_places(text),
            "organisations.tsv" => add_aliased(&mut self.orgs, text, words, &mut self.acronyms),
            "events.txt" => add_aliased(&mut self.events, text, words, &mut self.acronyms),
            "titles.txt" => {
                add_set(&mut self.titles, text, words);
                // Titles written capitalised are offices (`President`, `Rep.`); lowercase ones
                // are roles (`painter`), which name a person but not a public figure.
                for line in data_lines(text).filter(|l| l.trim().starts_with(char::is_uppercase)) {
                    self.formal_titles.insert(key(line.trim()));
                }
            }
            "org-words.txt" => add_set(&mut self.org_words, text, words),
            "not-names.txt" => add_set(&mut self.not_names, text, words),
            "given-names.txt" => add_set(&mut self.given_names, text, words),
            "credits.txt" => add_set(&mut self.credits, text, words),
            "common-words.txt" => add_set(&mut self.common, text, &mut 0),
            "facility-words.txt" => add_set(&mut self.facility_words, text, &mut 0),
            "place-prefixes.txt" => add_set(&mut self.place_prefixes, text, &mut 0),
            "place-nouns.txt" => add_set(&mut self.place_nouns, text, &mut 0),
            "place-articles.txt" => add_set(&mut self.place_articles, text, &mut 0),
            "people.tsv" => self.add_people(text),
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
    fn add_places(&mut self, text: &str) -> Result<(), ListMistake> {
        let mut pending: Vec<(usize, String, usize)> = Vec::new();
        let mut first_error: Option<ListMistake> = None;
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
                    // Never the kind itself: the file may be a link to a secret, and the error
                    // goes to CI logs.
                    first_error.get_or_insert(ListMistake::PlaceKind { line: n });
                    PlaceKind::Region
                }
            };
            let within = cols.next().map(str::trim).filter(|w| !w.is_empty());
            let id = self.places.len();
            self.places.added.push(Place {
                name: PlaceName(NameText::Owned(name.into())),
                kind,
                within: None,
            });
            if let Some(w) = within {
                pending.push((id, w.to_string(), n));
            }
            for alias in std::iter::once(name).chain(super::fold::aliases(cols.next())) {
                let k = key(alias);
                if is_acronym(alias) {
                    self.acronyms.insert(k.clone());
                }
                self.max_phrase_words = self.max_phrase_words.max(k.split(' ').count());
                self.place_keys.insert(k, id);
            }
        }
        for (id, within, n) in pending {
            let parent = self
                .place_keys
                .get(&key(&within))
                .iter()
                .copied()
                .find(|&p| p != id && self.places[p].name == within);
            if parent.is_none() {
                first_error.get_or_insert(ListMistake::Within { line: n });
            }
            if let Some(place) = self.places.added.get_mut(id - self.places.built.len()) {
                place.within = parent;
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Adds public figures: their full names (a person, whatever words they are made of) and
    /// the lone forms that name them alone.
    fn add_people(&mut self, text: &str) {
        for line in data_lines(text) {
            let mut cols = line.split('\t');
            let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
                continue;
            };
            self.public_names.insert(key(name));
            for alone in super::fold::aliases(cols.next()) {
                self.public_figures.insert_last(key(alone), name);
            }
        }
    }

    /// The full name of the public figure a lone word names (`Putin` → `Vladimir Putin`).
    pub fn public_figure(&self, k: &str) -> Option<&str> {
        self.public_figures.get(k)
    }

    /// The places a phrase can name (several when ambiguous: Georgia).
    pub fn places_named(&self, k: &str) -> &[usize] {
        self.place_keys.get(k)
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
        self.orgs.get(k)
    }

    /// The canonical event a phrase names.
    pub fn event(&self, k: &str) -> Option<&str> {
        self.events.get(k)
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

    /// True when a message writes the canonical place `name` with "the" (`the United States`).
    pub fn is_written_with_the(&self, name: &str) -> bool {
        self.place_articles.contains(&key(name))
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

/// Adds `canonical<TAB>aliases` rows to a key → canonical map; the first row of a key wins.
fn add_aliased(map: &mut Map, text: &str, max_words: &mut usize, acronyms: &mut Set) {
    for line in data_lines(text) {
        let mut cols = line.split('\t');
        let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        for alias in std::iter::once(name).chain(super::fold::aliases(cols.next())) {
            let k = key(alias);
            *max_words = (*max_words).max(k.split(' ').count());
            if is_acronym(alias) {
                acronyms.insert(k.clone());
            }
            map.insert_first(k, name);
        }
    }
}

/// Adds one-entry-a-line rows to a key set.
fn add_set(set: &mut Set, text: &str, max_words: &mut usize) {
    for line in data_lines(text) {
        let k = key(line.trim());
        if !k.is_empty() {
            *max_words = (*max_words).max(k.split(' ').count());
            set.insert(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn tiny() -> Lexicon {
        let mut lex = Lexicon::default();
        let added = lex.add_file(
            "places.tsv",
            "# c\nPyongyang\tcity\tNorth Korea\t\nNorth Korea\tcountry\t\tDPRK|North Korean\n",
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

    /// The text of a built-in list.
    fn builtin_text(name: &str) -> &'static str {
        match name {
            "places.tsv" => include_str!("../../rules/places.tsv"),
            "organisations.tsv" => include_str!("../../rules/organisations.tsv"),
            "events.txt" => include_str!("../../rules/events.txt"),
            "titles.txt" => include_str!("../../rules/titles.txt"),
            "org-words.txt" => include_str!("../../rules/org-words.txt"),
            "not-names.txt" => include_str!("../../rules/not-names.txt"),
            "given-names.txt" => include_str!("../../rules/given-names.txt"),
            "credits.txt" => include_str!("../../rules/credits.txt"),
            "common-words.txt" => include_str!("../../rules/common-words.txt"),
            "facility-words.txt" => include_str!("../../rules/facility-words.txt"),
            "place-prefixes.txt" => include_str!("../../rules/place-prefixes.txt"),
            "place-nouns.txt" => include_str!("../../rules/place-nouns.txt"),
            "people.tsv" => include_str!("../../rules/people.tsv"),
            "place-articles.txt" => include_str!("../../rules/place-articles.txt"),
            _ => panic!("{name}: no table of it"),
        }
    }

    /// The sets of a lexicon, by name.
    fn sets(l: &Lexicon) -> [(&'static str, &Set); 13] {
        [
            ("acronyms", &l.acronyms),
            ("titles", &l.titles),
            ("formal_titles", &l.formal_titles),
            ("org_words", &l.org_words),
            ("not_names", &l.not_names),
            ("given_names", &l.given_names),
            ("credits", &l.credits),
            ("common", &l.common),
            ("facility_words", &l.facility_words),
            ("place_prefixes", &l.place_prefixes),
            ("place_nouns", &l.place_nouns),
            ("place_articles", &l.place_articles),
            ("public_names", &l.public_names),
        ]
    }

    /// The maps of a lexicon, by name.
    fn maps(l: &Lexicon) -> [(&'static str, &Map); 3] {
        [
            ("orgs", &l.orgs),
            ("events", &l.events),
            ("public_figures", &l.public_figures),
        ]
    }

    /// The tables `build.rs` made hold what loading the built-in files at run time gives:
    /// the same keys, values, places and bound on phrases.
    #[test]
    fn built_in_tables_match_loading_the_files() {
        let built = Lexicon::builtin();
        let mut loaded = Lexicon::default();
        for name in FILES {
            if !matches!(*name, "dictionary.txt" | "gazetteer.tsv") {
                assert_eq!(loaded.add_file(name, builtin_text(name)), Ok(()), "{name}");
            }
        }
        assert_eq!(built.max_phrase_words, loaded.max_phrase_words);
        assert_eq!(built.places.len(), loaded.places.len());
        for (b, l) in built.places.iter().zip(loaded.places.iter()) {
            assert_eq!(
                (&b.name, b.kind, b.within),
                (&l.name, l.kind, l.within),
                "places"
            );
        }
        for ((name, b), (_, l)) in sets(&built).into_iter().zip(sets(&loaded)) {
            assert!(b.added.is_empty() && l.built.slots.is_empty(), "{name}");
            for k in &l.added {
                assert!(b.contains(k), "{name}: `{k}` not found");
                assert!(!b.contains(&format!("{k}~")), "{name}: `{k}~` found");
            }
            let mut b: Vec<&str> = b.built.entries(built::BLOB).map(|(k, _)| k).collect();
            b.sort_unstable();
            let mut l: Vec<&str> = l.added.iter().map(String::as_str).collect();
            l.sort_unstable();
            assert!(!b.is_empty(), "{name}: empty");
            assert_eq!(b, l, "{name}");
        }
        for ((name, b), (_, l)) in maps(&built).into_iter().zip(maps(&loaded)) {
            for (k, v) in &l.added {
                assert_eq!(b.get(k), Some(v.as_str()), "{name}: `{k}`");
            }
            let b: BTreeMap<&str, &str> = b
                .built
                .entries(built::BLOB)
                .map(|(k, v)| (k, built::name(v)))
                .collect();
            let l: BTreeMap<&str, &str> = l
                .added
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            assert!(!b.is_empty(), "{name}: empty");
            assert_eq!(b, l, "{name}");
        }
        let b: BTreeMap<&str, &[usize]> = built
            .place_keys
            .built
            .entries(built::BLOB)
            .map(|(k, v)| (k, built::place_ids(v)))
            .collect();
        let l: BTreeMap<&str, &[usize]> = loaded
            .place_keys
            .added
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect();
        for (k, ids) in &l {
            assert_eq!(built.places_named(k), *ids, "`{k}`");
        }
        assert_eq!(b, l, "place keys");
    }

    /// Files of `--rules` extend the built-in tables as they extend each other: sets gain
    /// keys, the first canonical name of a key stays, a lone form of a public figure takes
    /// the last, and a new place joins the places a key names.
    #[test]
    fn rules_files_extend_the_built_in_tables() {
        let mut lex = Lexicon::builtin();
        let france = lex.places_named("france").to_vec();
        let n = lex.places.len();
        let rows = [
            (
                "places.tsv",
                "France\tcity\tTexas\tFrancetown\nZorbiland\tcountry\t\t\n",
            ),
            ("organisations.tsv", "Unheard Of Union\tUOU\n"),
            ("common-words.txt", "zorbish\n"),
            ("people.tsv", "Quentin Zorb\tZorb\n"),
            ("place-articles.txt", "Zorbiland\n"),
        ];
        for (name, text) in rows {
            assert_eq!(lex.add_file(name, text), Ok(()), "{name}");
        }
        assert_eq!(lex.places.len(), n + 2);
        let mut both = france.clone();
        both.push(n);
        assert_eq!(lex.places_named("france"), both.as_slice());
        assert_eq!(lex.places_named("francetown"), &[n]);
        assert_eq!(lex.places[n].name, "France");
        assert_eq!(lex.places[n].within, lex.place_by_name("Texas"));
        assert_eq!(lex.places[n + 1].name.as_str(), "Zorbiland");
        assert_eq!(lex.organisation("uou"), Some("Unheard Of Union"));
        assert!(lex.is_common_word("zorbish") && lex.is_common_word("the"));
        assert_eq!(lex.public_figure("zorb"), Some("Quentin Zorb"));
        assert!(lex.is_public_figure_name("quentin zorb"));
        assert!(lex.is_written_with_the("Zorbiland"));
        assert!(!lex.is_written_with_the("France"));
        // The first row of an organisation's key keeps it; a lone form goes to the last row.
        let who = lex.organisation("who").map(str::to_string);
        assert!(who.is_some());
        let zorb = "Zorb Health Outfit\tWHO\n";
        assert_eq!(lex.add_file("organisations.tsv", zorb), Ok(()));
        assert_eq!(lex.organisation("who").map(str::to_string), who);
        assert_eq!(lex.add_file("people.tsv", "Ann Zorb\tZorb\n"), Ok(()));
        assert_eq!(lex.public_figure("zorb"), Some("Ann Zorb"));
    }

    #[test]
    fn builtin_lists_load() {
        let lex = Lexicon::builtin();
        assert!(lex.max_phrase_words >= 1);
        assert!(lex.is_written_with_the("United States"));
    }
}
