//! The article's side of the comparison: every entity it names, weighted by where it names
//! it (headline and lead weigh more than the tail), and the indexes that support look-ups.

use std::borrow::Cow;
// Tables keyed by page text hash with foldhash, seeded at random per table: a fraction of
// SipHash's cost per word, and a page cannot aim collisions at a seed it never sees.
use foldhash::{HashMap, HashMapExt, HashSet};

use crate::budget::{BudgetError, Deadline};
use crate::entities::{self, names, Lexicon, Mention};
use crate::types::Article;
use crate::types::{EntityKind, TopicEntry};

/// Weight of a mention in the headline.
const W_TITLE: f64 = 3.0;
/// Weight of a mention in the standfirst or the first paragraphs.
const W_LEAD: f64 = 2.0;
/// Weight of a mention further down.
const W_BODY: f64 = 1.0;
/// Paragraphs that count as the lead.
const LEAD_PARAGRAPHS: usize = 3;
/// Entities listed in a document's `topic`.
const TOPIC_SIZE: usize = 8;

/// What the article names, ready for support look-ups.
#[derive(Debug, Default)]
pub struct Profile {
    /// Full person names (two words or more), folded into tokens.
    pub people: Vec<Vec<String>>,
    /// Words known to be part of a person's name (surnames, titled single names), folded.
    pub surnames: HashSet<String>,
    /// Lone capitalised words not known to be names, folded: weaker evidence.
    pub capitalised: HashSet<String>,
    /// Every place named, and every place containing one of them.
    pub places_closure: HashSet<usize>,
    /// Every place named.
    pub places: HashSet<usize>,
    /// Countries of the places named.
    pub countries: HashSet<usize>,
    /// Folded names of organisations and events.
    pub orgs: HashSet<String>,
    /// Words the article writes in capitals (`FAST`, `NATO`), as written: an acronym is backed
    /// by the same capitals, not by the ordinary word it may spell.
    pub capitals: HashSet<String>,
    /// The article's names of two or more words with a run of their words written as initials
    /// (`emanuel ame church` for `Emanuel African Methodist Episcopal Church`), folded: a
    /// caption may shorten a name the article spells out.
    pub initialisms: HashSet<String>,
    /// The whole article text: its sections joined by ` \n `.
    pub text: String,
    /// The whole article text folded to lowercase words between single spaces, padded with
    /// spaces: folded on first need, as most articles never ask what they say.
    pub folded_text: std::cell::OnceCell<String>,
    /// Weighted entities, heaviest first.
    pub topic: Vec<TopicEntry>,
    /// The weighted entities whose kind is known rather than guessed from a name's shape,
    /// heaviest first: what a finding's message says the article is about.
    pub known_topic: Vec<TopicEntry>,
    /// How often the article uses each word stem, for word overlap.
    pub stems: HashMap<String, u32>,
}

/// Folds text to lowercase ASCII words separated by single spaces, padded with a space on each side.
pub fn fold_words(text: &str) -> String {
    // What folding `key(text)` gives, in one pass without the intermediate string. `key` runs
    // `deunicode`, which keeps the text up to its first character from U+007F on as it is, and
    // from there transliterates each character on its own (dropping a transliteration's
    // trailing space only before another space or the end, where runs of spaces collapse
    // anyway); printable ASCII transliterates to itself (`tests::ascii_transliterates_to_itself`).
    // `key` then drops `.`, `'` and `` ` ``, and lowercases.
    // Bytes, not a `String`: only ASCII letters, digits and spaces are ever put.
    let mut out: Vec<u8> = Vec::with_capacity(text.len() + 2);
    out.push(b' ');
    let mut space = true;
    let mut put = |b: u8| {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_lowercase());
            space = false;
        } else if !space && !matches!(b, b'.' | b'\'' | b'`') {
            out.push(b' ');
            space = true;
        }
    };
    // Bytes below U+007F are read as they are, without decoding; the rest character by character.
    let bytes = text.as_bytes();
    let mut verbatim = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x7f && (verbatim || b >= 0x20) {
            put(b);
            i += 1;
            continue;
        }
        verbatim = false;
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        deunicode::deunicode_char(c)
            .unwrap_or("[?]")
            .bytes()
            .for_each(&mut put);
        i += c.len_utf8();
    }
    if !space {
        out.push(b' ');
    }
    // Every byte put is ASCII, so this is UTF-8 and the fallback is never taken.
    String::from_utf8(out).unwrap_or_default()
}

/// Captions long enough that a verbatim copy of one in the text is that caption repeated
/// (summaries generated from the page's first text, text dumps that include captions), not
/// the story's own words. Such a copy must not vouch for the caption it repeats.
const COPY_MIN_CHARS: usize = 60;
/// Captions looked for: a page with thousands of figures is not searched for all of them.
const COPY_MAX_CAPTIONS: usize = 64;

/// The page's long captions, to be cut out of the text that is compared with them (a caption
/// repeated in the story must not vouch for itself), each with its searcher, built once per
/// article rather than per paragraph.
pub(super) struct CaptionCopies {
    /// The captions, whitespace collapsed, sorted and deduplicated.
    captions: Vec<String>,
}

impl CaptionCopies {
    /// The long captions of the article's figures (at most [`COPY_MAX_CAPTIONS`]).
    pub(super) fn of(article: &Article) -> Self {
        let mut captions: Vec<String> = article
            .figures
            .iter()
            .filter_map(|f| f.caption.as_deref())
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|c| c.len() >= COPY_MIN_CHARS)
            .take(COPY_MAX_CAPTIONS)
            .collect();
        captions.sort();
        captions.dedup();
        CaptionCopies { captions }
    }

    /// A function that blanks every copy of the captions in a text; it borrows the text when
    /// it holds none, as nearly every paragraph does.
    pub(super) fn stripper(&self) -> impl Fn(&str) -> Cow<'_, str> + '_ {
        let finders: Vec<(&str, memchr::memmem::Finder<'_>)> = self
            .captions
            .iter()
            .map(|c| (c.as_str(), memchr::memmem::Finder::new(c.as_bytes())))
            .collect();
        move |text| {
            let mut out = Cow::Borrowed(text);
            for (c, finder) in &finders {
                if finder.find(out.as_bytes()).is_some() {
                    out = Cow::Owned(out.replace(c, " "));
                }
            }
            out
        }
    }
}

impl Profile {
    /// Builds the profile of an article from its headline, standfirst, body and keywords.
    /// Gives up with an error once `deadline` passes (checked per section).
    pub fn build(
        article: &Article,
        lex: &Lexicon,
        deadline: &Deadline,
    ) -> Result<Self, BudgetError> {
        let copies = CaptionCopies::of(article);
        let strip = copies.stripper();
        let description = article.description.as_deref().map(&strip);
        let paragraphs: Vec<Cow<'_, str>> = article.paragraphs.iter().map(|p| strip(p)).collect();
        let mut sections: Vec<(&str, f64)> = Vec::new();
        if let Some(t) = &article.title {
            sections.push((t, W_TITLE));
        }
        if let Some(d) = &description {
            sections.push((d, W_LEAD));
        }
        for (i, p) in paragraphs.iter().enumerate() {
            sections.push((p, if i < LEAD_PARAGRAPHS { W_LEAD } else { W_BODY }));
        }
        for k in &article.keywords {
            sections.push((k, W_BODY));
        }
        let mut profile = Profile::default();
        let mut all_text = String::with_capacity(sections.iter().map(|(t, _)| t.len() + 3).sum());
        // The mentions, and the weight of the section each comes from.
        let mut only: Vec<Mention> = Vec::new();
        let mut weight_of: Vec<f64> = Vec::new();
        for (text, w) in sections {
            deadline.check("reading the article")?;
            all_text.push_str(text);
            all_text.push_str(" \n ");
            let found = entities::extract_part(text, lex);
            weight_of.extend(std::iter::repeat_n(w, found.len()));
            only.extend(found);
        }
        // A headline's `Xi` is the body's `Xi Jinping`: resolve surnames across the whole article.
        entities::resolve_singles(&mut only);
        entities::resolve_public(&mut only, lex);
        // Per entity: its name, its weight, and whether its kind was ever known.
        let mut weights: HashMap<(EntityKind, String), (String, f64, bool)> = HashMap::new();
        for (m, w) in only.iter().zip(&weight_of) {
            profile.add(m, lex);
            if !m.weak {
                let kind = if m.guessed {
                    EntityKind::Person
                } else {
                    m.kind
                };
                let e = weights.entry((kind, m.key.clone())).or_insert((
                    m.canonical.clone(),
                    0.0,
                    false,
                ));
                e.1 += w;
                e.2 |= kind_known(m, lex);
            }
        }
        (profile.stems, profile.capitals) = super::overlap::stems_and_capitals(&all_text);
        profile.text = all_text;
        profile.set_topic(weights);
        Ok(profile)
    }

    /// The topic from each entity's summed weight: the heaviest entities, their weights as
    /// shares of the whole, and apart those of a kind the lexicon knows.
    fn set_topic(&mut self, weights: HashMap<(EntityKind, String), (String, f64, bool)>) {
        let total: f64 = weights.values().map(|v| v.1).sum();
        let mut topic: Vec<(TopicEntry, bool)> = weights
            .into_iter()
            .map(|((kind, _), (text, w, known))| {
                let entry = TopicEntry {
                    text,
                    kind,
                    weight: round2(w / total.max(1e-9)),
                };
                (entry, known)
            })
            .collect();
        topic.sort_by(|(a, _), (b, _)| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.text.cmp(&b.text))
        });
        self.known_topic = topic
            .iter()
            .filter(|(_, known)| *known)
            .take(TOPIC_SIZE)
            .map(|(t, _)| t.clone())
            .collect();
        topic.truncate(TOPIC_SIZE);
        self.topic = topic.into_iter().map(|(t, _)| t).collect();
    }

    /// Records one mention in the indexes.
    fn add(&mut self, m: &Mention, lex: &Lexicon) {
        if !m.weak && m.kind != EntityKind::Person {
            self.initialisms.extend(initialisms(&m.canonical));
        }
        match m.kind {
            EntityKind::Person => {
                if m.weak {
                    insert_new(&mut self.capitalised, &m.key);
                    return;
                }
                let toks = names::name_tokens(&m.canonical);
                if toks.len() >= 2 {
                    self.surnames.extend(toks.last().cloned());
                    self.people.push(toks);
                } else {
                    insert_new(&mut self.surnames, &m.key);
                }
                // The surface word too: `Kowalski` resolved to `Anna Kowalski` is still a surname seen.
                if let Some(t) = names::last_name_token(&m.text) {
                    self.surnames.insert(t);
                }
            }
            EntityKind::Place => {
                // A town read in context names its state or country too (`Houma, La.`).
                if let Some((_, within)) = lex.town_in(&m.key) {
                    self.places_closure.insert(within);
                    self.places_closure.extend(lex.ancestors(within));
                    self.countries.extend(lex.country_of(within));
                }
                for &id in lex.places_named(&m.key) {
                    self.places.insert(id);
                    self.places_closure.insert(id);
                    self.places_closure.extend(lex.ancestors(id));
                    self.countries.extend(lex.country_of(id));
                }
            }
            EntityKind::Organisation | EntityKind::Event => {
                insert_new(&mut self.orgs, &m.key);
                // A name of unknown kind may be a person the recogniser did not know.
                if m.guessed {
                    let toks = names::name_tokens(&m.canonical);
                    if (2..=3).contains(&toks.len()) {
                        self.surnames.extend(toks.last().cloned());
                        self.people.push(toks);
                    }
                }
            }
        }
    }

    /// True when the folded article text holds the folded phrase as whole words.
    pub fn says(&self, phrase: &str) -> bool {
        let p = fold_words(phrase);
        p.len() > 2
            && self
                .folded_text
                .get_or_init(|| fold_words(&self.text))
                .contains(&p)
    }
}

/// Whether a mention's kind is known rather than guessed from its shape: a person written in
/// full and read as one, or by a title, a known given name or the list of public figures (a
/// lone surname resolved to a guessed name, `Soup` to `Mezcal Soup`, stays a guess), anything
/// else by a list.
fn kind_known(m: &Mention, lex: &Lexicon) -> bool {
    if m.guessed {
        return false;
    }
    m.kind != EntityKind::Person
        || m.titled
        || names::name_token_count(&m.text) >= 2
        || lex.is_public_figure_name(&m.key)
        || m.canonical
            .split(' ')
            .next()
            .is_some_and(|w| entities::with_key(w, |k| lex.is_given_name(k)))
}

/// Adds a word to a set, copied only when the set lacks it: articles repeat their names.
fn insert_new(set: &mut HashSet<String>, word: &str) {
    if !set.contains(word) {
        set.insert(word.to_string());
    }
}

/// Words of a name beyond which no initials are formed: names are short, and this bounds the
/// variants of a long run of capitals at a few dozen.
const INITIALS_MAX_WORDS: usize = 8;

/// The folded forms of a name with one run of two to six of its capitalised words written as
/// their initials (`African Methodist Episcopal` → `AME`); lowercase connectors (`of`, `the`)
/// are skipped, as initials skip them.
fn initialisms(name: &str) -> Vec<String> {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .take(INITIALS_MAX_WORDS)
        .collect();
    let mut out = Vec::new();
    for i in 0..words.len() {
        for j in (i + 2)..=words.len().min(i + 6) {
            let initials: String = words[i..j]
                .iter()
                .filter_map(|w| w.chars().next())
                .collect();
            let variant: Vec<&str> = words[..i]
                .iter()
                .copied()
                .chain(std::iter::once(initials.as_str()))
                .chain(words[j..].iter().copied())
                .collect();
            out.push(entities::key(&variant.join(" ")));
        }
    }
    out
}

/// Rounds to two decimals for reports.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::key;

    #[test]
    fn initials_stand_for_a_run_of_words() {
        let v = initialisms("Emanuel African Methodist Episcopal Church");
        assert!(v.contains(&"emanuel ame church".to_string()), "{v:?}");
        assert!(v.contains(&"eamec".to_string()), "{v:?}");
        let v = initialisms("Bank of the North");
        assert!(v.contains(&"bn".to_string()), "{v:?}");
        assert!(initialisms("Oslo").is_empty());
    }

    #[test]
    fn ascii_transliterates_to_itself() {
        let odd: Vec<u8> = (0x20u8..0x7f)
            .filter(|&b| {
                deunicode::deunicode_char(char::from(b)) != Some(char::from(b).to_string().as_str())
            })
            .collect();
        assert_eq!(odd, Vec::<u8>::new());
    }

    #[test]
    fn fold_words_is_folded_key() {
        // The one-pass fold against its definition: `key`, then words between single spaces.
        let reference = |text: &str| {
            let k = key(text);
            let mut out = String::from(" ");
            for w in k
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                out.push_str(w);
                out.push(' ');
            }
            out
        };
        for t in [
            "",
            " ",
            "U.S. talks",
            "Kim Jong-un's visit",
            "北京 Beijing",
            "Café — «Zürich» 2019",
            "a\u{7f}b",
            "x\u{ad}y \u{200b}",
            "ǅemal 😀 end.",
            "北京",
            "京 .x",
            "it`s",
            "a\0b",
            "\0",
            "é\0b",
            "é\n\tb\r",
            "x\u{7f}\ny",
            "\u{1}\u{7f}\u{1}",
        ] {
            assert_eq!(fold_words(t), reference(t), "{t:?}");
        }
    }
}
