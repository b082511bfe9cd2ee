//! Text → mentions of people, places, organisations and events; rule-based,
//! driven by the data files in `rules/`.
//!
//! A name is a run of capitalised words (with connectors such as `of`, `de`, `bin` inside).
//! Each run is cut into known phrases (titles, places, organisations, events) and what is
//! left; what is left becomes a person when a title or a given name says so, or when it has
//! the shape of a name.

mod fold;
pub mod lexicon;
pub mod names;
mod table;
pub mod tokens;
pub mod wordlist;

pub use lexicon::{key, Lexicon};

use std::borrow::Cow;

use crate::types::EntityKind;
use tokens::Token;

/// A named thing found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The words as written.
    pub text: String,
    /// The canonical form (`North Korea` for `North Korean`, the full name for `Kim`).
    pub canonical: String,
    /// The folded canonical form, for look-ups and comparison.
    pub key: String,
    /// What it is.
    pub kind: EntityKind,
    /// Byte offset in the text.
    pub start: usize,
    /// A lone capitalised word not known to be a name, or a phrase of ordinary capitalised
    /// words (`Modern Human`): evidence for support, never a claim.
    pub weak: bool,
    /// A proper name of unknown kind (no title, no known given name), reported as an
    /// organisation but compared like a person too.
    pub guessed: bool,
    /// A person introduced by a formal title (`Rep.`, `President`, `Sheikh`): a public figure.
    /// Lowercase roles (`painter`, `leader`) make a person, not a public figure.
    pub titled: bool,
    /// A thing named after its owner (`Rubik's Cube`, `Macy's Parade`): the article backs it
    /// by either word, since it may say `Macy's Thanksgiving Day Parade` or just `the Cube`.
    pub compound: bool,
    /// The formal title written before a one-word name (`Pope` of `Pope Francis`), so that
    /// messages name the person as the caption does.
    pub title: Option<String>,
}

/// Lowercase words that may sit inside a capitalised name (`Bank of England`, `Ahmed bin Ali`).
const CONNECTORS: &[&str] = &[
    "of", "the", "de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den",
    "la", "le", "du", "bin", "ibn", "al", "el", "y", "for",
];

#[cfg(test)]
#[test]
fn connectors_are_short() {
    assert!(CONNECTORS.iter().all(|c| c.len() <= 5));
}

/// Dotted words that do not end a sentence, beyond titles and place abbreviations.
const ABBREVIATIONS: &[&str] = &[
    "jr", "sr", "st", "no", "vs", "inc", "corp", "co", "ltd", "mt", "ft",
];

/// Longest word [`with_key`] folds on the stack; a longer one is folded by [`key`].
const STACK_KEY: usize = 48;

/// Appends `key(w)` to `out`, folding text below U+007F byte by byte: `key` keeps such text as
/// it is through `deunicode` (which transliterates from the first character from U+007F on),
/// then drops `.`, `'` and `` ` ``, writes runs of whitespace and `-` as one space between
/// words, and lowercases ASCII; this does the same (`tests::keys_folded_here_are_keys`).
/// Returns false, appending nothing, for other text.
fn fold_ascii_key(w: &str, mut put: impl FnMut(u8)) -> bool {
    if !w.bytes().all(|b| b < 0x7f) {
        return false;
    }
    let (mut any, mut space) = (false, false);
    for b in w.bytes() {
        if matches!(b, b'.' | b'\'' | b'`') {
            continue;
        }
        if char::from(b).is_whitespace() || b == b'-' {
            space = any;
            continue;
        }
        if space {
            put(b' ');
            space = false;
        }
        put(b.to_ascii_lowercase());
        any = true;
    }
    true
}

/// Appends `key(w)` to `out`.
fn key_into(w: &str, out: &mut String) {
    if !fold_ascii_key(w, |b| out.push(char::from(b))) {
        out.push_str(&key(w));
    }
}

/// Calls `f` with `key(w)`, folded on the stack when `w` is short and below U+007F: most
/// words are looked up once and never kept.
pub fn with_key<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; STACK_KEY];
    let mut n = 0;
    // The key of such text is never longer than the text (each space it writes stands for at
    // least one character dropped), so every byte put has its slot.
    let folded = w.len() <= STACK_KEY
        && fold_ascii_key(w, |b| {
            if let Some(slot) = buf.get_mut(n) {
                *slot = b;
                n += 1;
            }
        });
    if !folded {
        return f(&key(w));
    }
    // Every byte put is ASCII, so this is UTF-8 and the fallback is never taken.
    f(std::str::from_utf8(buf.get(..n).unwrap_or_default()).unwrap_or_default())
}

/// Finds the people, places, organisations and events a text names.
pub fn extract(text: &str, lex: &Lexicon) -> Vec<Mention> {
    let mut out = extract_part(text, lex);
    resolve_public(&mut out, lex);
    out
}

/// `extract` for one part of a longer text: lone surnames of public figures stay lone, so that
/// the whole text can resolve them (`Ivanka Trump` in one paragraph, `Trump` in the next).
pub fn extract_part(text: &str, lex: &Lexicon) -> Vec<Mention> {
    let is_abbrev = |w: &str| {
        with_key(w, |k| {
            k.len() <= 6
                && (lex.is_title(k)
                    || ABBREVIATIONS.contains(&k)
                    || !lex.places_named(k).is_empty())
        })
    };
    let toks = tokens::tokenize(text, &is_abbrev);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !starts_name(&toks[i]) || month_of_date(&toks, i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < toks.len() && !toks[j].broken {
            if starts_name(&toks[j]) && !month_of_date(&toks, j) {
                j += 1;
            } else if is_connector(toks[j].text) {
                // Connectors may chain (`Speaker of the House`) but must lead to a capital.
                let mut k = j;
                while k < toks.len() && !toks[k].broken && is_connector(toks[k].text) && k - j < 3 {
                    k += 1;
                }
                if toks.get(k).is_some_and(|n| !n.broken && starts_name(n)) {
                    j = k + 1;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let titled = title_before(&toks, i, lex);
        let owner = j - 1;
        let keys = Keys::new(&toks[i..j]);
        if possessive_compound(&toks, owner, lex)
            && toks[i..owner].iter().all(|t| names_nothing(t, lex))
        {
            // `Rubik's Cube`: one name of a thing, compared whole, not a lone word and a noun.
            let mut run = NameRun {
                lex,
                text,
                out: &mut out,
                formal: false,
                title: None,
                keys,
            };
            run.cut(&toks[i..owner], titled);
            run.push(&toks[owner..owner + 2], EntityKind::Organisation, None);
            if let Some(m) = out.last_mut() {
                m.guessed = true;
                m.compound = true;
            }
            i = owner + 2;
            continue;
        }
        let before = out.len();
        NameRun {
            lex,
            text,
            out: &mut out,
            formal: false,
            title: None,
            keys,
        }
        .cut(&toks[i..j], titled);
        place_by_noun(&mut out[before..], &toks, i, j, lex);
        i = j;
    }
    towns_in_context(&mut out, text, lex);
    resolve_singles(&mut out);
    out
}

/// `Houma, La.`, `Astoria, Queens`, `Paris, Texas`: a name, a comma, then a place of the hand
/// list (or a US state's abbreviation) is a town of that place when the gazetteer has one of
/// that name there; it becomes the place `Town, Place`, inside that place (or inside the city
/// it is a neighbourhood of). Only this context reads the gazetteer: on its own a small
/// town's name is more often a surname or a word.
fn towns_in_context(out: &mut [Mention], text: &str, lex: &Lexicon) {
    for b in 1..out.len() {
        let (head, tail) = out.split_at_mut(b);
        let (Some(town), Some(place)) = (head.last_mut(), tail.first_mut()) else {
            continue;
        };
        let town_end = town.start + town.text.len();
        if text.get(town.start..town_end) != Some(town.text.as_str())
            || text.get(town_end..place.start).map(str::trim) != Some(",")
        {
            continue;
        }
        let open = match town.kind {
            EntityKind::Person => (town.weak || town.guessed) && !town.titled,
            EntityKind::Organisation => town.guessed && !town.compound,
            EntityKind::Place => true,
            EntityKind::Event => false,
        };
        if !open {
            continue;
        }
        let town_key = key(&town.text);
        // The place after the comma: a state's abbreviation first (`La.` is Louisiana there,
        // Los Angeles elsewhere), then what the hand list reads.
        let place_key = key(&place.text);
        let abbreviated = lex
            .towns(&place_key)
            .filter(|t| t.abbreviation)
            .filter_map(|t| lex.place_by_name(t.within));
        let listed = if place.kind == EntityKind::Place {
            lex.places_named(&place.key)
        } else {
            &[]
        };
        let Some((found, context)) = abbreviated
            .chain(listed.iter().copied())
            .find_map(|c| town_within(&town_key, c, lex).map(|t| (t, c)))
        else {
            continue;
        };
        // A place of the hand list already inside the context is read as it is.
        if town.kind == EntityKind::Place
            && lex
                .places_named(&town.key)
                .iter()
                .any(|&id| id == context || lex.ancestors(id).contains(&context))
        {
            continue;
        }
        if place.kind != EntityKind::Place || lex.places[context].name != place.canonical {
            place.kind = EntityKind::Place;
            place.canonical = lex.places[context].name.to_string();
            place.key = key(&place.canonical);
            place.weak = false;
            place.guessed = false;
        }
        // `Astoria, N.Y.`: the neighbourhood of New York City says more than the state.
        let within = found
            .city
            .and_then(|c| lex.place_by_name(c))
            .filter(|&c| lex.ancestors(c).contains(&context))
            .unwrap_or(context);
        town.kind = EntityKind::Place;
        town.canonical = format!("{}, {}", found.name, lex.places[within].name);
        town.key = key(&town.canonical);
        town.weak = false;
        town.guessed = false;
        town.titled = false;
        town.title = None;
    }
}

/// The name of the gazetteer's most populous town of key `k` inside the place `context`:
/// its state or country is `context` or contains it (`Astoria`, in New York, for `Queens`).
fn town_within<'a>(k: &str, context: usize, lex: &'a Lexicon) -> Option<lexicon::Town<'a>> {
    let chain: Vec<usize> = std::iter::once(context)
        .chain(lex.ancestors(context))
        .collect();
    lex.towns(k).filter(|t| !t.abbreviation).find(|t| {
        lex.place_by_name(t.within)
            .is_some_and(|w| chain.contains(&w))
    })
}

/// `the Chelsea neighborhood`, `the village of Brixworth`: a name nobody listed, read beside a
/// lowercase noun of places, is a local place, not a lone surname or a guessed organisation.
/// `new` holds the mentions found in the run `toks[i..j]`.
fn place_by_noun(new: &mut [Mention], toks: &[Token], i: usize, j: usize, lex: &Lexicon) {
    // A lowercase ASCII word folds to itself: no key to build for the word after every run.
    let is_noun = |t: &Token| {
        if t.text.bytes().all(|b| b.is_ascii_lowercase()) {
            lex.is_place_noun(t.text)
        } else {
            !t.is_capitalised() && with_key(t.text, |k| lex.is_place_noun(k))
        }
    };
    let after = toks.get(j).is_some_and(|n| !n.broken && is_noun(n));
    let of_before = i >= 2
        && !toks[i].broken
        && !toks[i - 1].broken
        && toks[i - 1].text == "of"
        && is_noun(&toks[i - 2]);
    let last_word = toks[j - 1].text;
    let target = if after {
        new.last_mut().filter(|m| m.text.ends_with(last_word))
    } else if of_before {
        new.first_mut().filter(|m| m.start == toks[i].start)
    } else {
        None
    };
    let Some(m) = target else { return };
    let unsure = match m.kind {
        EntityKind::Person => (m.weak || m.guessed) && !m.titled,
        EntityKind::Organisation => m.guessed && !m.compound,
        _ => false,
    };
    if unsure {
        m.kind = EntityKind::Place;
        m.guessed = false;
        m.weak = false;
    }
}

/// True when the lone word at `i` and the capitalised word after its possessive are one name
/// (`Rubik's Cube`, `Halley's Comet`): the owner is a word no list knows, and the next word,
/// ending the run, is no known name, given name, title or head word of its own (`Xi's China`,
/// `Smith's Senate office` stay apart).
fn possessive_compound(toks: &[Token], i: usize, lex: &Lexicon) -> bool {
    let (Some(owner), Some(thing)) = (toks.get(i), toks.get(i + 1)) else {
        return false;
    };
    let ends_run = toks
        .get(i + 2)
        .is_none_or(|n| n.broken || !(starts_name(n) || is_connector(n.text)));
    if !owner.possessive || thing.sentence_start || !thing.is_capitalised() || !ends_run {
        return false;
    }
    if owner.is_all_caps() || thing.is_all_caps() || owner.is_initial() {
        return false;
    }
    let unknown = |k: &str| {
        !lex.is_given_name(k)
            && !lex.is_not_name(k)
            && lex.places_named(k).is_empty()
            && lex.organisation(k).is_none()
            && lex.event(k).is_none()
            && !lex.is_title(k)
            && !lex.is_org_word(k)
            && !lex.is_facility_word(k)
            && !lex.is_credit(k)
            && !is_calendar_word(k)
    };
    // The thing is an ordinary noun written capitalised as part of the name: a rare word after
    // a possessive (`Jupiter's Ganymede`) is a name of its own.
    let (k1, k2) = (key(owner.text), key(thing.text));
    unknown(&k1) && !lex.is_common_word(&k1) && unknown(&k2)
}

/// True for a word of a run that cannot be part of a name: a connector (`for the`), a word
/// listed as no name (`The`), or a sentence's first word that no list knows as a name or place
/// (`Balloons for the …`).
fn names_nothing(t: &Token, lex: &Lexicon) -> bool {
    is_connector(t.text)
        || with_key(t.text, |k| {
            lex.is_not_name(k)
                || (t.sentence_start && !lex.is_given_name(k) && lex.places_named(k).is_empty())
        })
}

/// True for a word that can open or continue a name: capitalised, or a short lowercase
/// particle glued to a capitalised name (`al-Sisi`, `el-Baradei`, `d'Alema`).
#[inline]
fn starts_name(t: &Token) -> bool {
    let bytes = t.text.as_bytes();
    match bytes.first() {
        Some(b) if b.is_ascii_uppercase() => return true,
        // An ASCII first letter that is not a capital is no uppercase letter.
        Some(b) if b.is_ascii() => {}
        _ if t.is_capitalised() => return true,
        _ => {}
    }
    // The glue must lie within the first four characters: when they are ASCII, those are the
    // first four bytes, and `’` is none of them.
    let head = bytes.get(..4).unwrap_or(bytes);
    let mut ascii_without_glue = true;
    for &b in head {
        if !b.is_ascii() || b == b'-' || b == b'\'' {
            ascii_without_glue = false;
            break;
        }
    }
    if ascii_without_glue {
        return false;
    }
    // Only a particle of three characters or fewer counts: the glue is looked for among the
    // first four characters, not through the whole of every lowercase word.
    let Some(cut) = t
        .text
        .char_indices()
        .take(4)
        .find(|&(_, c)| matches!(c, '-' | '\'' | '’'))
        .map(|(at, _)| at)
    else {
        return false;
    };
    let (prefix, rest) = t.text.split_at(cut);
    let rest = rest.trim_start_matches(['-', '\'', '’']);
    prefix.chars().count() <= 3
        && prefix.chars().all(|c| c.is_lowercase())
        && rest.chars().next().is_some_and(char::is_uppercase)
}

/// True for a lowercase word allowed inside a name.
fn is_connector(w: &str) -> bool {
    // No connector is longer than five bytes: most words need no comparison.
    w.len() <= 5 && CONNECTORS.contains(&w)
}

/// True when lowercase words just before the run form a title (`leader Kim`, `actor Tom Hanks`).
fn title_before(toks: &[Token], i: usize, lex: &Lexicon) -> bool {
    if i == 0 || toks[i].broken {
        return false;
    }
    let mut phrase = String::new();
    let mut word = String::new();
    for back in 1..=3.min(i) {
        let t = &toks[i - back];
        word.clear();
        key_into(t.text, &mut word);
        // `key(t.text)`, then `format!("{} {}", key(t.text), phrase)`, built in place.
        if !phrase.is_empty() {
            phrase.insert(0, ' ');
        }
        phrase.insert_str(0, &word);
        if lex.is_title(&phrase) {
            return true;
        }
        if t.broken {
            break;
        }
    }
    false
}

/// A phrase found in one of the lists.
enum Phrase {
    /// A title that introduces a person.
    Title,
    /// An organisation, by canonical name.
    Organisation(String),
    /// An event, by canonical name.
    Event(String),
    /// A place, by canonical name.
    Place(String),
}

/// Cuts one run of capitalised words into mentions.
struct NameRun<'a, 'o> {
    lex: &'a Lexicon,
    text: &'a str,
    out: &'o mut Vec<Mention>,
    /// The pending title is a formal one (written capitalised in `titles.txt`).
    formal: bool,
    /// The pending title's byte span in the text (its dot included), written out only when it
    /// is attached to a one-word name: titles are frequent in article text.
    title: Option<(usize, usize)>,
    /// The folded words of the run.
    keys: Keys,
}

/// The folded form (`key`) of each word of one run, worked out once: the run's phrases are
/// looked up at every start and length, and their keys are slices of one string.
struct Keys {
    /// Byte offset of each word, in order.
    starts: Vec<usize>,
    /// The words' non-empty keys, joined by single spaces.
    joined: String,
    /// Where each word's key lies in `joined` (an empty span for an empty key).
    spans: Vec<(usize, usize)>,
}

impl Keys {
    /// The keys of the words of a run.
    fn new(run: &[Token]) -> Self {
        let mut joined = String::with_capacity(run.iter().map(|t| t.text.len() + 1).sum());
        let mut spans = Vec::with_capacity(run.len());
        for t in run {
            let before = joined.len();
            if before > 0 {
                joined.push(' ');
            }
            let start = joined.len();
            key_into(t.text, &mut joined);
            if joined.len() == start {
                joined.truncate(before);
                spans.push((before, before));
            } else {
                spans.push((start, joined.len()));
            }
        }
        Keys {
            starts: run.iter().map(|t| t.start).collect(),
            joined,
            spans,
        }
    }

    /// The index of a word of the run.
    fn index(&self, t: &Token) -> Option<usize> {
        self.starts.binary_search(&t.start).ok()
    }

    /// `key(t.text)`, looked up for a word of the run (worked out for any other).
    fn of(&self, t: &Token) -> Cow<'_, str> {
        match self
            .index(t)
            .and_then(|i| self.spans.get(i))
            .and_then(|&(a, b)| self.joined.get(a..b))
        {
            Some(k) => Cow::Borrowed(k),
            None => Cow::Owned(key(t.text)),
        }
    }

    /// `phrase_key(words)` from the words' keys: `key` folds each character on its own and
    /// collapses spaces, so the key of words joined by spaces is their non-empty keys joined
    /// by single spaces (`tests::run_keys_join_like_phrase_key`); for consecutive words of the
    /// run, that is a slice of `joined`.
    fn phrase(&self, words: &[Token]) -> Cow<'_, str> {
        let span = match (words.first(), words.last()) {
            (None, _) | (_, None) => return Cow::Borrowed(""),
            (Some(a), Some(b)) => self.index(a).zip(self.index(b)),
        };
        if let Some((a, b)) = span.filter(|&(a, b)| b >= a && b - a + 1 == words.len()) {
            let mut non_empty = self
                .spans
                .get(a..=b)
                .unwrap_or_default()
                .iter()
                .filter(|(s, e)| s < e);
            let first = non_empty.next();
            let slice = match (first, non_empty.next_back().or(first)) {
                (Some(&(s, _)), Some(&(_, e))) => self.joined.get(s..e),
                _ => Some(""),
            };
            if let Some(k) = slice {
                return Cow::Borrowed(k);
            }
        }
        let mut out = String::new();
        for t in words {
            let k = self.of(t);
            if k.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&k);
        }
        Cow::Owned(out)
    }
}

impl NameRun<'_, '_> {
    fn cut(&mut self, run: &[Token], mut titled: bool) {
        let lex = self.lex;
        if self.unknown_proper_noun(run, titled) {
            self.push(run, EntityKind::Organisation, None);
            if let Some(m) = self.out.last_mut() {
                m.guessed = true;
            }
            return;
        }
        let mut pending: Vec<Token> = Vec::new();
        let mut i = 0;
        while i < run.len() {
            let t = &run[i];
            if self.starts_no_name(run, i) {
                self.flush(&mut pending, &mut titled);
                i += 1;
                continue;
            }
            let known = self.best_phrase(run, i);
            let head = if pending.is_empty() {
                head_span(run, i, lex, &self.keys)
            } else {
                None
            };
            // The longer reading wins: `Los Angeles Police Department` over `Los Angeles`,
            // `Justice Department` over the title `Justice`.
            if let Some((end, kind)) =
                head.filter(|(end, _)| known.as_ref().is_none_or(|(len, _)| *end > i + len))
            {
                self.push(&run[i..end], kind, None);
                // A facility is a local place known only by its shape: compared, weighed lightly.
                if kind == EntityKind::Place {
                    if let Some(m) = self.out.last_mut() {
                        m.guessed = true;
                    }
                }
                i = end;
                continue;
            }
            let Some((len, phrase)) = known else {
                pending.push(*t);
                i += 1;
                continue;
            };
            if let Phrase::Place(_) = phrase {
                if self.place_starts_name(run, i, len, &pending, titled) {
                    pending.push(*t);
                    i += 1;
                    continue;
                }
            }
            // `Chief Medical Officer`: ordinary words between two titles are one longer title
            // nobody listed, not a person called `Medical`.
            if matches!(phrase, Phrase::Title) && titled && self.all_ordinary(&pending) {
                pending.clear();
            }
            self.flush(&mut pending, &mut titled);
            self.take_phrase(&run[i..i + len], phrase, &mut titled);
            i += len;
        }
        self.flush(&mut pending, &mut titled);
    }

    /// Whether the word at `i` of `run` cannot start a name: a word that is never one (or a
    /// phrase opening with a common word), a common word opening a sentence, or a descriptor
    /// before a name.
    fn starts_no_name(&self, run: &[Token], i: usize) -> bool {
        let lex = self.lex;
        let t = &run[i];
        let k = self.keys.of(t);
        let common_prefix = k.contains(' ')
            && k.split(' ')
                .next()
                .is_some_and(|p| lex.is_not_name(p) || lex.is_common_word(p));
        lex.is_not_name(&k)
            || common_prefix
            || (t.sentence_start && i == 0 && looks_like_common_word(t.text, lex))
            || (i == 0 && self.descriptor_before_name(run))
    }

    /// Whether every word of `pending` is an ordinary dictionary word, none a given name.
    fn all_ordinary(&self, pending: &[Token]) -> bool {
        !pending.is_empty()
            && pending.iter().all(|t| {
                let k = self.keys.of(t);
                self.lex.is_dictionary_word(&k) && !self.lex.is_given_name(&k)
            })
    }

    /// Takes a known phrase: a title (remembered for the name after it, with whether it is
    /// formal) or a named organisation, event or place.
    fn take_phrase(&mut self, words: &[Token], phrase: Phrase, titled: &mut bool) {
        match phrase {
            Phrase::Title => {
                *titled = true;
                self.formal = self.lex.is_formal_title(&self.keys.phrase(words));
                // `Mr.` keeps its dot, which the word's token leaves out.
                self.title = words
                    .first()
                    .zip(words.last())
                    .map(|(a, b)| (a.start, b.end + usize::from(b.dot)));
            }
            Phrase::Organisation(c) => self.push(words, EntityKind::Organisation, Some(c)),
            Phrase::Event(c) => self.push(words, EntityKind::Event, Some(c)),
            Phrase::Place(c) => self.push(words, EntityKind::Place, Some(c)),
        }
    }

    /// `Standing Rock`, `Silent Sam`: an ordinary word written capitalised mid-sentence and
    /// followed by one more capitalised word is the start of a proper noun nobody listed, not
    /// a word to drop before a lone person's name.
    fn unknown_proper_noun(&self, run: &[Token], titled: bool) -> bool {
        let lex = self.lex;
        let [first, second] = run else { return false };
        let (k1, k2) = (self.keys.of(first), self.keys.of(second));
        !titled
            && !first.sentence_start
            && !first.is_all_caps()
            && !second.is_all_caps()
            && lex.is_not_name(&k1)
            && !is_calendar_word(&k1)
            && lex.is_common_word(&k1)
            && !lex.is_not_name(&k2)
            && !lex.is_given_name(&k2)
            && self.best_phrase(run, 1).is_none()
    }

    /// `Saxophonist Ruth Delaney`, `Striker Tomas Varga`: an ordinary word for a person
    /// (`-ist`, `-er`, `-ian`...) opening the sentence before a given name and a surname
    /// describes the person (a role nobody put on the titles list); it is not part of the name.
    fn descriptor_before_name(&self, run: &[Token]) -> bool {
        const AGENT_ENDINGS: [&str; 8] = ["ist", "er", "or", "ian", "ant", "ent", "ess", "ee"];
        let lex = self.lex;
        let [first, given, _, ..] = run else {
            return false;
        };
        let k = self.keys.of(first);
        first.sentence_start
            && !first.is_all_caps()
            && AGENT_ENDINGS.iter().any(|e| k.ends_with(e))
            && lex.is_dictionary_word(&k)
            && !lex.is_given_name(&k)
            && lex.places_named(&k).is_empty()
            && lex.is_given_name(&self.keys.of(given))
            && self.best_phrase(run, 0).is_none()
    }

    /// The longest known phrase starting at `i`, of any list; on equal length an organisation
    /// or event beats a place, and any of them beats a title.
    fn best_phrase(&self, run: &[Token], i: usize) -> Option<(usize, Phrase)> {
        let lex = self.lex;
        let max = lex.max_phrase_words.max(1).min(run.len() - i);
        for len in (1..=max).rev() {
            // The phrase's key is a slice of the run's keys, built once for the run.
            let Some(words) = run.get(i..i + len) else {
                continue;
            };
            let k = self.keys.phrase(words);
            let k = k.as_ref();
            if len == 1 && !run[i].is_all_caps() && lex.is_acronym_word(k) {
                continue;
            }
            if let Some(c) = lex.organisation(k) {
                return Some((len, Phrase::Organisation(c.to_string())));
            }
            if let Some(c) = lex.event(k) {
                return Some((len, Phrase::Event(c.to_string())));
            }
            if let Some(&id) = lex.places_named(k).first() {
                return Some((len, Phrase::Place(lex.places[id].name.to_string())));
            }
            if lex.is_title(k) {
                return Some((len, Phrase::Title));
            }
        }
        None
    }

    /// True when a one-word place is really part of a person's name: `Michael Jordan` (after a
    /// given name), or `Paris Hilton` (a place word followed by one rare capitalised word that
    /// ends the name).
    fn place_starts_name(
        &self,
        run: &[Token],
        i: usize,
        len: usize,
        pending: &[Token],
        titled: bool,
    ) -> bool {
        if len != 1 {
            return false;
        }
        let lex = self.lex;
        if pending
            .first()
            .is_some_and(|p| lex.is_given_name(&self.keys.of(p)))
        {
            return true;
        }
        if !pending.is_empty() || i + 2 != run.len() {
            return false;
        }
        let next = self.keys.of(&run[i + 1]);
        let next_is_known = lex.is_not_name(&next)
            || lex.is_common_word(&next)
            || lex.is_org_word(&next)
            || lex.is_facility_word(&next)
            || self.best_phrase(run, i + 1).is_some();
        !next_is_known && (titled || !run[i + 1].is_all_caps())
    }

    /// Turns the words left over between known phrases into a person (or organisation).
    fn flush(&mut self, pending: &mut Vec<Token>, titled: &mut bool) {
        let trim_to = pending
            .iter()
            .rposition(|t| !is_connector(t.text))
            .map_or(0, |last| last + 1);
        pending.truncate(trim_to);
        let lead = pending.iter().take_while(|t| is_connector(t.text)).count();
        pending.drain(..lead);
        let mut words = std::mem::take(pending);
        self.end_capitals_name(&mut words);
        let had_title = std::mem::replace(titled, false);
        let formal = had_title && std::mem::replace(&mut self.formal, false);
        let title = self.title.take().filter(|_| formal);
        // Agencies and credit words (`Reuters`, `Getty Images`) are never the story's entities.
        if self.lex.is_credit(&self.keys.phrase(&words)) {
            return;
        }
        match words.len() {
            0 => {}
            1 => self.flush_word(&words, had_title, formal, title),
            n if n <= 4 && self.lex.is_place_prefix(&self.keys.of(&words[0])) && !had_title => {
                // `Santa Luzia`, `Paseo del Norte`: a local place known only by its shape.
                self.push(&words, EntityKind::Place, None);
                if let Some(m) = self.out.last_mut() {
                    m.guessed = true;
                }
            }
            n if n <= 4
                || (n <= 6 && (had_title || self.lex.is_given_name(&self.keys.of(&words[0])))) =>
            {
                self.flush_phrase(&words, had_title, formal);
            }
            _ => self.push(&words, EntityKind::Organisation, None),
        }
    }

    /// In a caption written in capitals the run goes on past the name into the sentence
    /// (`TOM BRADY THROWS`): ordinary words after a two-word name are not part of it. A name
    /// does not end on a given name (`MARY ANNE GREEN WAVES` keeps `GREEN`) unless it is a
    /// listed public figure's (`TOM BRADY`).
    fn end_capitals_name(&mut self, words: &mut Vec<Token>) {
        if words.len() < 3 || !words.iter().all(|t| t.is_all_caps()) {
            return;
        }
        while words.len() > 2
            && words.last().is_some_and(|t| {
                let k = self.keys.of(t);
                self.lex.is_dictionary_word(&k) && !self.lex.is_given_name(&k)
            })
            && (!self
                .lex
                .is_given_name(&self.keys.of(&words[words.len() - 2]))
                || self
                    .lex
                    .is_public_figure_name(&self.keys.phrase(&words[..words.len() - 1])))
        {
            words.pop();
        }
    }

    /// A run of one capitalised word: a public figure's surname, an acronym, an ordinary word
    /// opening a sentence, or a name.
    fn flush_word(
        &mut self,
        words: &[Token],
        had_title: bool,
        formal: bool,
        title: Option<(usize, usize)>,
    ) {
        let t = &words[0];
        // Lone initials and unknown acronyms say nothing about who is pictured.
        if t.is_initial()
            || t.text.chars().count() < 2
            || t.text.chars().all(|c| c.is_ascii_digit())
        {
            return;
        }
        // `Putin`, `PUTIN`: a public figure known by the surname alone is a person (named
        // in full by `resolve_public` unless the text names another of that surname).
        if with_key(t.text, |k| self.lex.public_figure(k).is_some()) {
            self.push_name(words, false);
            if let Some(m) = self.out.last_mut() {
                m.titled = true;
            }
            return;
        }
        if t.is_all_caps() && !had_title {
            if self.acronym_name(t) {
                self.push(words, EntityKind::Organisation, None);
                if let Some(m) = self.out.last_mut() {
                    m.guessed = true;
                }
            }
            return;
        }
        // A sentence that opens with an ordinary word (`Media`, `Officials`) names nobody.
        if t.sentence_start && !had_title && self.lex.is_common_word(&self.keys.of(t)) {
            return;
        }
        // A lone word is a claim about who is pictured only after a formal title (`Mr.
        // Rahami`); after a lowercase role (`painter Paseas`) it is most often a historical
        // or stage name that backs a caption but accuses nothing.
        self.push_name(words, !formal);
        if let Some(m) = self.out.last_mut() {
            m.titled = formal;
            m.title = title
                .and_then(|(a, b)| self.text.get(a..b))
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    /// A run of two to six capitalised words: a person (after a title or a given name, or
    /// shaped like a name), or a thing named by ordinary words.
    fn flush_phrase(&mut self, words: &[Token], had_title: bool, formal: bool) {
        let n = words.len();
        let first = &words[0];
        let first_key = self.keys.of(first);
        let named = had_title
            || self.lex.is_given_name(&first_key)
            || self.lex.is_public_figure_name(&self.keys.phrase(words))
            || first_key
                .split(' ')
                .all(|part| self.lex.is_given_name(part))
            || (first.is_initial() && first.dot);
        // `King Cotton Bales`: after a title, ordinary words and no given name are a
        // heading's capitals, not a person.
        let plain = words
            .iter()
            .all(|t| self.lex.is_dictionary_word(&self.keys.of(t)));
        if had_title && plain && n >= 2 && !self.lex.is_given_name(&first_key) {
            self.push(words, EntityKind::Organisation, None);
            if let Some(m) = self.out.last_mut() {
                m.guessed = true;
                m.weak = true;
            }
        } else if named {
            self.push_name(words, false);
            if let Some(m) = self.out.last_mut() {
                m.titled = formal;
            }
        } else if n <= 3 && words.iter().all(|t| self.name_shaped(t)) {
            // `Hori Parata`, `Noelia Páez`: rare words shaped like names are most likely
            // a person the given-name list does not know.
            self.push_name(words, false);
            if let Some(m) = self.out.last_mut() {
                m.guessed = true;
            }
        } else {
            // `Modern Human`, `Tricky Dick`: ordinary words capitalised for a heading,
            // emphasis or a nickname may name nothing at all.
            self.push(words, EntityKind::Organisation, None);
            if let Some(m) = self.out.last_mut() {
                m.guessed = true;
                m.weak = plain;
            }
        }
    }

    /// `FAST will measure …`: a word in capitals inside ordinary prose, read on by a lowercase
    /// word, is the name of a thing (a telescope, a programme) even when it spells a common
    /// word. Capitals that open a label (`FILE -`, `WATCH:`), run on in capitals (`NEW YORK`),
    /// stress an ordinary word mid-sentence (`a LOT of`) or count (`III`) say nothing.
    fn acronym_name(&self, t: &Token) -> bool {
        let n = t.text.len();
        if !(3..=6).contains(&n) || !t.text.bytes().all(|b| b.is_ascii_uppercase()) {
            return false;
        }
        if t.text.bytes().all(|b| b"IVXLCDM".contains(&b)) || t.dot || t.possessive {
            return false;
        }
        let after = self.text.get(t.end..).unwrap_or("");
        let rest = after.trim_start_matches(' ');
        let read_on =
            rest.len() < after.len() && rest.chars().next().is_some_and(char::is_lowercase);
        let before = self.text.get(..t.start).unwrap_or("").trim_end();
        let in_capitals = before.chars().next_back().is_some_and(char::is_uppercase);
        // Mid-sentence, an ordinary word in capitals is emphasis (`a LOT of`, `did NOT`).
        with_key(t.text, |k| {
            let emphasis = !t.sentence_start && self.lex.is_common_word(k);
            read_on && !in_capitals && !emphasis && !self.lex.is_credit(k)
        })
    }

    /// True for a word shaped like part of a person's name: capitalised, letters only, not a
    /// common or dictionary English word nor a word that heads organisations or facilities.
    fn name_shaped(&self, t: &Token) -> bool {
        let k = self.keys.of(t);
        !t.is_all_caps()
            && t.text
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
            && !k.split(' ').any(|part| self.lex.is_dictionary_word(part))
            && !self.lex.is_org_word(&k)
            && !self.lex.is_facility_word(&k)
    }

    /// Records a person name, title-casing names written in capitals (`DONNA ABOOD`).
    fn push_name(&mut self, words: &[Token], weak: bool) {
        let canonical = words
            .iter()
            .map(|t| {
                let w = if t.is_all_caps() {
                    title_case(t.text)
                } else {
                    t.text.to_string()
                };
                if t.dot && t.is_initial() {
                    format!("{w}.")
                } else {
                    w
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let Some(first) = words.first() else { return };
        self.out.push(Mention {
            text: self.surface(words),
            key: key(&canonical),
            canonical,
            kind: EntityKind::Person,
            start: first.start,
            weak,
            guessed: false,
            titled: false,
            compound: false,
            title: None,
        });
    }

    /// Records a known phrase under its canonical name (or as written when it has none).
    fn push(&mut self, words: &[Token], kind: EntityKind, canonical: Option<String>) {
        let Some(first) = words.first() else { return };
        let text = self.surface(words);
        let canonical = canonical.unwrap_or_else(|| text.clone());
        self.out.push(Mention {
            key: key(&canonical),
            text,
            canonical,
            kind,
            start: first.start,
            weak: false,
            guessed: false,
            titled: false,
            compound: false,
            title: None,
        });
    }

    /// The source text covering the words.
    fn surface(&self, words: &[Token]) -> String {
        match (words.first(), words.last()) {
            (Some(a), Some(b)) => self
                .text
                .get(a.start..b.end)
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        }
    }
}

/// Day and month names, which open runs of capitalised words (`Monday Jones said`) without
/// being part of a name.
fn is_calendar_word(k: &str) -> bool {
    matches!(
        k,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "today"
            | "yesterday"
            | "tonight"
    )
}

/// Lowercase words after which a month name is a time, not a person (`in May`, `since June`).
const TIME_WORDS: &[&str] = &[
    "in", "on", "since", "until", "till", "from", "through", "during", "last", "next", "early",
    "late", "mid", "this", "before", "after", "of",
];

/// True when the capitalised word at `i` is a month in a date or a time phrase: followed by a
/// day or a year (`May 3`, `Jan. 2021`), or after a time word (`in May`, `early June`). Such a
/// word never opens nor continues a person's name, whatever the name lists say.
fn month_of_date(toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    if t.text.len() > 9 || !t.is_capitalised() || t.is_all_caps() {
        return false;
    }
    // A month's key starts with one of these letters; an ASCII first letter is the key's first.
    if t.text.as_bytes().first().is_some_and(|b| {
        b.is_ascii()
            && !matches!(
                b.to_ascii_lowercase(),
                b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
            )
    }) {
        return false;
    }
    // Whether the word is a month, and a short one other than `may` (`Jan.`, `Sept.`).
    let Some(short) = with_key(t.text, |k| {
        crate::parse::dates::is_month_name(k).then(|| k.len() <= 4 && k != "may")
    }) else {
        return false;
    };
    let number_after = toks.get(i + 1).is_some_and(|n| {
        !n.possessive
            && (1..=4).contains(&n.text.len())
            && n.text.bytes().all(|b| b.is_ascii_digit())
            // `Jan. 5`: the abbreviation's dot reads as a sentence end to the tokenizer.
            && (!n.sentence_start || (t.dot && short))
    });
    let time_before = i > 0
        && !t.broken
        && TIME_WORDS.contains(&toks[i - 1].text)
        // `of May` only after a day (`the 3rd of May`), not in `the mayor of May`.
        && (toks[i - 1].text != "of"
            || (i >= 2 && toks[i - 2].text.bytes().next().is_some_and(|b| b.is_ascii_digit())));
    number_after || time_before
}

/// The folded phrase of some words (what `Keys::phrase` gives, and is checked against).
#[cfg(test)]
fn phrase_key(words: &[Token]) -> String {
    key(&words.iter().map(|t| t.text).collect::<Vec<_>>().join(" "))
}

/// The end and kind of a name starting at `i` that its head word classifies: up to its last
/// organisation word (`Los Angeles Police Department`) or facility word (`Union Station`), or
/// to the run's end for `University of …`.
fn head_span(run: &[Token], i: usize, lex: &Lexicon, keys: &Keys) -> Option<(usize, EntityKind)> {
    let (last, kind) = (i..run.len()).rev().find_map(|j| {
        let k = keys.of(&run[j]);
        if lex.is_org_word(&k) {
            Some((j, EntityKind::Organisation))
        } else if lex.is_facility_word(&k) {
            Some((j, EntityKind::Place))
        } else {
            None
        }
    })?;
    let ends_with_of = run
        .get(last + 1)
        .is_some_and(|t| matches!(t.text, "of" | "for"));
    let end = if ends_with_of { run.len() } else { last + 1 };
    // A lone head word (`Party`, `Bridge`) is not a name.
    (end - i >= 2).then_some((end, kind))
}

/// True for a sentence-opening capitalised word that is most likely an ordinary word
/// (`Visiting`, `Earlier`, `Wearing`), not the start of a name.
fn looks_like_common_word(w: &str, lex: &Lexicon) -> bool {
    with_key(w, |k| {
        if lex.is_given_name(k) || !lex.places_named(k).is_empty() {
            return false;
        }
        k.len() > 4 && (k.ends_with("ing") || k.ends_with("ed") || k.ends_with("ly"))
    })
}

/// `ABOOD` → `Abood`, `JONG-UN` → `Jong-un`.
fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut first = true;
    for c in w.chars() {
        if first {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        first = c == ' ' || c == '\'';
    }
    out
}

/// Names in full the lone surnames of public figures (`Putin` → `Vladimir Putin`) that
/// `resolve_singles` left alone: the text named no one else of that surname.
pub fn resolve_public(out: &mut [Mention], lex: &Lexicon) {
    for m in out
        .iter_mut()
        .filter(|m| m.kind == EntityKind::Person && !m.key.contains(' '))
    {
        if let Some(full) = lex.public_figure(&m.key) {
            m.canonical = full.to_string();
            m.key = key(full);
            m.weak = false;
        }
    }
}

/// Resolves a lone surname (`Pelosi`, `Mr. Rahami`) to the one full name among the mentions
/// that carries it; left as it is when none or several do.
pub fn resolve_singles(out: &mut [Mention]) {
    // Each distinct full name once, and each distinct lone word resolved once: a long page
    // repeats its names thousands of times, and comparing every mention with every other
    // would grow with the square of the page. The tables are only looked up, never walked, so
    // their order is no part of the result.
    let full: Vec<(String, Vec<String>)> = {
        let mut seen = foldhash::HashSet::default();
        out.iter()
            .filter(|m| (m.kind == EntityKind::Person || m.guessed) && m.key.contains(' '))
            .filter(|m| seen.insert(m.key.as_str()))
            .map(|m| (m.canonical.clone(), names::name_tokens(&m.canonical)))
            .collect()
    };
    // The key of each full name, folded on first use.
    let mut full_keys: Vec<Option<String>> = vec![None; full.len()];
    let mut key_of = |i: usize| -> String {
        match full_keys.get_mut(i) {
            Some(slot) => slot.get_or_insert_with(|| key(&full[i].0)).clone(),
            None => key(&full[i].0),
        }
    };
    // The first full name of two words or more ending in each word.
    let mut by_last: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for (i, f) in full.iter().enumerate() {
        if let (true, Some(last)) = (f.1.len() >= 2, f.1.last()) {
            by_last.entry(last.as_str()).or_insert(i);
        }
    }
    let mut resolved: foldhash::HashMap<String, Option<usize>> = foldhash::HashMap::default();
    // A lone word read as a place may be the surname of a person just named (`Lincoln` after
    // `Abraham Lincoln`): the person is the likelier reading.
    for m in out
        .iter_mut()
        .filter(|m| m.kind == EntityKind::Place && !m.key.contains(' '))
    {
        if let Some(&i) = by_last.get(m.key.as_str()) {
            m.kind = EntityKind::Person;
            m.canonical = full[i].0.clone();
            m.key = key_of(i);
            m.guessed = false;
        }
    }
    for m in out
        .iter_mut()
        .filter(|m| m.kind == EntityKind::Person && !m.key.contains(' '))
    {
        let choice = match resolved.get(m.key.as_str()) {
            Some(&choice) => choice,
            None => {
                let choice = refers_to(&m.key, &full);
                resolved.insert(m.key.clone(), choice);
                choice
            }
        };
        if let Some(i) = choice.filter(|&i| i < full.len()) {
            m.canonical = full[i].0.clone();
            m.key = key_of(i);
            m.weak = false;
            m.guessed = false;
        }
    }
}

/// The one full name a lone word can refer to: the first that it can, when every other it
/// can is the same person.
fn refers_to(single: &str, full: &[(String, Vec<String>)]) -> Option<usize> {
    let mut found: Option<usize> = None;
    for (i, f) in full.iter().enumerate() {
        if names::single_refers_to(single, &f.1) {
            match found {
                Some(prev) if !names::same_person(&full[prev].1, &f.1) => return None,
                Some(_) => {}
                None => found = Some(i),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests;
