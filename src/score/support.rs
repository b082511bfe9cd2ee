//! Whether the article supports one caption entity: the same person (token by token), a
//! place equal to, inside or containing one of the article's, the same organisation.

use crate::entities::{lexicon, names, Lexicon, Mention};
use crate::types::EntityKind;

use super::profile::Profile;

/// How strongly the article backs a caption entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Support {
    /// The article never names it, nor anything it could be.
    None,
    /// Only a neighbour: a place in the same country.
    Related,
    /// Inside a country the article names (Pyongyang in a story about North Korea): supported,
    /// but it says less than a named city.
    Contained,
    /// The article names it.
    Full,
}

/// Judges one caption mention against the article.
pub fn support(m: &Mention, profile: &Profile, lex: &Lexicon) -> Support {
    let full = match m.kind {
        EntityKind::Person => person(m, profile),
        EntityKind::Place => return place(m, profile, lex),
        // `FAST` is backed by the capitals, never by the word `fast` in the article's prose.
        EntityKind::Organisation if m.guessed && lexicon::is_acronym(&m.text) => {
            profile.orgs.contains(&m.key)
                || profile.capitals.contains(&m.text)
                || shortened(m, profile)
        }
        EntityKind::Organisation | EntityKind::Event => {
            profile.orgs.contains(&m.key)
                || profile.says(&m.canonical)
                || profile.says(&m.text)
                || (m.guessed && person(m, profile))
                || (m.compound && either_word(m, profile))
                || shortened(m, profile)
        }
    };
    if full {
        Support::Full
    } else {
        Support::None
    }
}

/// A person is supported by the same full name, or by their surname alone when the article
/// names no other person of that surname.
fn person(m: &Mention, profile: &Profile) -> bool {
    // A caption that wrote the surname alone (`Trump`, named in full from the list of public
    // figures) is backed by the article writing it too, whoever else of that name it names.
    if let [word] = names::name_tokens(&m.text).as_slice() {
        if m.key.contains(' ') && profile.surnames.contains(word) {
            return true;
        }
    }
    let toks = names::name_tokens(&m.canonical);
    if toks.len() < 2 {
        let Some(single) = toks.first() else {
            return false;
        };
        // A caption's lone word is backed by a known name of the article, or by the same
        // capitalised word there (`Europa` in a story about Europa): a word the article never
        // writes is still no claim (weak mentions are filtered before judging).
        return profile.surnames.contains(single)
            || profile.capitalised.contains(single)
            || profile
                .people
                .iter()
                .any(|p| names::single_refers_to(single, p));
    }
    if profile.people.iter().any(|p| names::same_person(&toks, p)) {
        return true;
    }
    // Two names run together without a comma (`Zohar Lahav David Morales`): either half counts.
    if toks.len() == 4 {
        let (a, b) = toks.split_at(2);
        if profile
            .people
            .iter()
            .any(|p| names::same_person(a, p) || names::same_person(b, p))
        {
            return true;
        }
    }
    // Someone else of the same surname (John Smith for Jane Smith) is not this person.
    let Some(last) = toks.last() else {
        return false;
    };
    if has_surname_namesake(&toks, profile) {
        return false;
    }
    profile.surnames.contains(last)
        || profile.capitalised.contains(last)
        || profile.says(&m.canonical)
}

/// True when the caption's name writes as initials words the article spells out (`Emanuel AME
/// Church` for `Emanuel African Methodist Episcopal Church`, `NHS` for `National Health
/// Service`).
fn shortened(m: &Mention, profile: &Profile) -> bool {
    m.text
        .split_whitespace()
        .any(|w| (2..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase()))
        && profile.initialisms.contains(&m.key)
}

/// True when the article writes either word of a possessive name (`Macy's Parade` in a story
/// about `Macy's Thanksgiving Day Parade`, `Rubik's Cube` in one about `the cube`).
fn either_word(m: &Mention, profile: &Profile) -> bool {
    names::name_tokens(&m.canonical)
        .iter()
        .any(|t| profile.surnames.contains(t) || profile.capitalised.contains(t) || profile.says(t))
}

/// True when the article names another person sharing part of this person's name (John Smith
/// for Jane Smith, Nancy Mace for Nancy Pelosi, Kim Yo Jong for Kim Jong Un), and not this person.
pub fn has_namesake(m: &Mention, profile: &Profile) -> bool {
    let toks = names::name_tokens(&m.canonical);
    toks.len() >= 2
        && !profile.people.iter().any(|p| names::same_person(&toks, p))
        && profile.people.iter().any(|p| {
            p.iter()
                .any(|t| toks.iter().any(|c| names::same_token(c, t)))
        })
}

/// True when the article names another person of this person's surname: then the surname
/// alone in the article cannot support this person.
fn has_surname_namesake(toks: &[String], profile: &Profile) -> bool {
    let Some(last) = toks.last() else {
        return false;
    };
    !profile.people.iter().any(|p| names::same_person(toks, p))
        && profile
            .people
            .iter()
            .any(|p| p.last().is_some_and(|l| names::same_token(l, last)))
}

/// A place is supported when the article names it, a place inside it (a story about
/// Pyongyang supports a caption's North Korea), or a city or state containing it (New York City
/// supports Brooklyn). Inside a country the article names, it is supported but says less
/// (Pyongyang in a story about North Korea, Selma in one about the United States); a place
/// that only shares a country with the article's is related, not supported.
fn place(m: &Mention, profile: &Profile, lex: &Lexicon) -> Support {
    use crate::entities::lexicon::PlaceKind;
    if let Some((town, within)) = lex.town_in(&m.key) {
        // A town read in context (`Houma, Louisiana`): backed by its name in the article, or
        // as a city of the hand list is, through the places containing it.
        if profile.says(town) {
            return Support::Full;
        }
        let chain: Vec<usize> = std::iter::once(within)
            .chain(lex.ancestors(within))
            .collect();
        return if chain
            .iter()
            .any(|&a| profile.places.contains(&a) && lex.places[a].kind != PlaceKind::Country)
        {
            Support::Full
        } else if chain.iter().any(|a| profile.places.contains(a)) {
            Support::Contained
        } else if lex
            .country_of(within)
            .is_some_and(|c| profile.countries.contains(&c))
        {
            Support::Related
        } else {
            Support::None
        };
    }
    let ids = lex.places_named(&m.key);
    let mut best = Support::None;
    for &id in ids {
        let inside_named = lex
            .ancestors(id)
            .iter()
            .any(|&a| profile.places.contains(&a) && lex.places[a].kind != PlaceKind::Country);
        if profile.places.contains(&id) || profile.places_closure.contains(&id) || inside_named {
            return Support::Full;
        }
        if lex.ancestors(id).iter().any(|a| profile.places.contains(a)) {
            best = Support::Contained;
        } else if lex
            .country_of(id)
            .is_some_and(|c| profile.countries.contains(&c))
        {
            best = best.max(Support::Related);
        }
    }
    if ids.is_empty() && (profile.says(&m.canonical) || shortened(m, profile)) {
        return Support::Full;
    }
    best
}
