//! Behaviour of the entity rules on sentences written for these tests.

use super::*;
use crate::types::EntityKind::*;

fn lex() -> &'static Lexicon {
    static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEX.get_or_init(Lexicon::builtin)
}

fn found(text: &str) -> Vec<(String, EntityKind)> {
    extract(text, lex())
        .into_iter()
        .filter(|m| !m.weak)
        .map(|m| (m.canonical, m.kind))
        .collect()
}

fn has(text: &str, name: &str, kind: EntityKind) -> bool {
    found(text).iter().any(|(n, k)| n == name && *k == kind)
}

#[test]
fn titles_introduce_people_and_demonyms_become_countries() {
    let t = "Visiting Chinese President Xi Jinping and North Korean leader Kim Jong-un wave in Pyongyang.";
    assert!(has(t, "Xi Jinping", Person), "{:?}", found(t));
    assert!(has(t, "Kim Jong-un", Person), "{:?}", found(t));
    assert!(has(t, "China", Place), "{:?}", found(t));
    assert!(has(t, "North Korea", Place), "{:?}", found(t));
    assert!(has(t, "Pyongyang", Place), "{:?}", found(t));
    assert!(!found(t).iter().any(|(n, _)| n.contains("Visiting")));
}

#[test]
fn long_titles_and_party_tags() {
    let t = "US Rep. Jane Roe (D-MN) (L) talks with Speaker of the House Mary Doe (D-CA) in Washington, DC.";
    assert!(has(t, "Jane Roe", Person), "{:?}", found(t));
    assert!(has(t, "Mary Doe", Person), "{:?}", found(t));
    assert!(has(t, "United States", Place), "{:?}", found(t));
    assert!(
        !found(t)
            .iter()
            .any(|(n, _)| n == "L" || n.starts_with("D-")),
        "{:?}",
        found(t)
    );
}

#[test]
fn surnames_resolve_to_the_full_name_in_the_same_text() {
    let m = extract(
        "Anna Kowalski arrived. Later Kowalski spoke to Mr. Brandt.",
        lex(),
    );
    let kow: Vec<_> = m.iter().filter(|m| m.text == "Kowalski").collect();
    assert_eq!(kow.len(), 1);
    assert_eq!(kow[0].canonical, "Anna Kowalski");
    assert!(!kow[0].weak);
    assert!(
        m.iter()
            .any(|m| m.canonical == "Brandt" && m.kind == Person && !m.weak),
        "{m:?}"
    );
}

#[test]
fn possessives_caps_and_ages() {
    assert!(has(
        "The mayor's aide, DONNA ABOOD, left.",
        "Donna Abood",
        Person
    ));
    assert!(has(
        "Nadia Mohamed, 27, waits outside.",
        "Nadia Mohamed",
        Person
    ));
    assert!(has("Sen. Tom Walker's office", "Tom Walker", Person));
}

#[test]
fn organisations_by_list_and_by_head_word() {
    assert!(
        has(
            "officials of the United Nations said",
            "United Nations",
            Organisation
        ),
        "{:?}",
        found("officials of the United Nations said")
    );
    let t = "according to the Korean Central News Agency today";
    assert!(
        has(t, "Korean Central News Agency", Organisation),
        "{:?}",
        found(t)
    );
}

#[test]
fn credits_and_months_are_not_entities() {
    let f = found("A crowd gathers on March 08, 2019. (Photo by Reuters)");
    assert!(
        f.iter().all(|(n, _)| n != "March" && n != "Reuters"),
        "{f:?}"
    );
}

#[test]
fn capitals_and_states_are_places() {
    assert!(
        has(
            "Protesters march in Sacramento, Calif.",
            "California",
            Place
        ),
        "{:?}",
        found("Protesters march in Sacramento, Calif.")
    );
}

#[test]
fn particles_glued_to_names_stay_in_the_name() {
    assert!(has(
        "Egyptian President Abdel Fattah al-Sisi attends",
        "Abdel Fattah al-Sisi",
        Person
    ));
}

#[test]
fn a_place_word_that_is_a_just_named_persons_surname_is_the_person() {
    let m = extract(
        "Abraham Lincoln's inkwell. Lincoln may have used it.",
        lex(),
    );
    assert!(
        m.iter()
            .filter(|m| m.text == "Lincoln")
            .all(|m| m.kind == Person),
        "{m:?}"
    );
}

#[test]
fn formal_titles_make_public_figures_roles_do_not() {
    let m = extract("Sen. Tom Walker and painter Ada Blom", lex());
    let walker = m.iter().find(|m| m.canonical == "Tom Walker");
    let blom = m.iter().find(|m| m.canonical == "Ada Blom");
    assert!(walker.is_some_and(|m| m.titled), "{m:?}");
    assert!(blom.is_some_and(|m| !m.titled), "{m:?}");
}

#[test]
fn a_thing_named_after_its_owner_is_one_name() {
    let t = "A robot arm turns a Zarnowski's Puzzle faster than any person in the lab.";
    let f = found(t);
    assert!(
        f.iter()
            .any(|(n, k)| n == "Zarnowski's Puzzle" && *k == Organisation),
        "{f:?}"
    );
    assert!(
        !f.iter().any(|(n, _)| n == "Puzzle" || n == "Zarnowski"),
        "{f:?}"
    );
    // A known place or person after the possessive stays apart.
    let t = "The envoy praised Beijing's Xi Jinping and Ortmann's France.";
    assert!(has(t, "Xi Jinping", Person), "{:?}", found(t));
    assert!(has(t, "France", Place), "{:?}", found(t));
}

#[test]
fn a_word_in_capitals_read_on_in_prose_names_a_thing() {
    let t = "QUOLL will scan the southern sky for faint radio bursts.";
    assert!(has(t, "QUOLL", Organisation), "{:?}", found(t));
    let t = "BRIGHT will chart the sky.";
    assert!(has(t, "BRIGHT", Organisation), "{:?}", found(t));
    for t in [
        "That is a LOT of cake.",
        "FILE - A crowd waits outside.",
        "WATCH: the crowd waits.",
        "Henry VIII sat here.",
    ] {
        assert!(
            !found(t)
                .iter()
                .any(|(n, k)| *k == Organisation && n.chars().all(|c| c.is_ascii_uppercase())),
            "{t}: {:?}",
            found(t)
        );
    }
}

#[test]
fn a_public_figure_named_by_surname_alone_is_that_person() {
    assert!(has(
        "Merkel waves to supporters after the vote.",
        "Angela Merkel",
        Person
    ));
    assert!(has(
        "Crowds greet MACRON in the square.",
        "Emmanuel Macron",
        Person
    ));
    // A full name of that surname in the same text wins over the list.
    let t = "Analyst Rosa Merkel spoke first. Merkel said rates would hold.";
    let f = found(t);
    assert!(f.iter().all(|(n, _)| n != "Angela Merkel"), "{f:?}");
}

#[test]
fn ordinary_words_in_capitals_are_no_person() {
    // After a title: a heading's capitals, not `President Velvet Lanterns` the person.
    let t = "President Velvet Lanterns have been hung along the hall of the museum.";
    assert!(
        !found(t).iter().any(|(_, k)| *k == Person),
        "{:?}",
        found(t)
    );
    // A nickname made of ordinary words claims nobody.
    let t = "Letting Grumpy Badger off the hook, said the headline.";
    assert!(found(t).is_empty(), "{:?}", found(t));
    // Real names stay people, listed public figures whatever their words.
    assert!(has("President Xi Jinping spoke.", "Xi Jinping", Person));
    assert!(has("Xi Jinping spoke.", "Xi Jinping", Person));
    assert!(has(
        "Whale expert Hori Parata spoke.",
        "Hori Parata",
        Person
    ));
}

#[test]
fn ordinary_words_between_two_titles_are_part_of_the_title() {
    let t = "Chief Medical Officer Ruth Callan and Chief Operating Officer Tom Ash spoke.";
    assert_eq!(
        found(t),
        vec![
            ("Ruth Callan".to_string(), Person),
            ("Tom Ash".to_string(), Person)
        ],
        "{:?}",
        found(t)
    );
}

#[test]
fn a_name_beside_a_noun_of_places_is_a_place() {
    let t = "Smoke rose over the Brackley neighborhood, and later over the village of Tenterby.";
    assert!(has(t, "Brackley", Place), "{:?}", found(t));
    assert!(has(t, "Tenterby", Place), "{:?}", found(t));
    // Names that are surely people stay people, and a noun elsewhere changes nothing.
    let t = "Mayor Anna Brackley visited the district. She met the family of Tom Tenterby.";
    assert!(has(t, "Anna Brackley", Person), "{:?}", found(t));
    assert!(has(t, "Tom Tenterby", Person), "{:?}", found(t));
    assert!(!found(t).iter().any(|(_, k)| *k == Place), "{:?}", found(t));
}

#[test]
fn run_keys_join_like_phrase_key() {
    for text in [
        "Kim Jong-un met O'Brien in the U.S. today",
        "北京 Café Zürich ǅemal Ørsted",
        "Ⅻ ⅩⅣ Bob",
        "AT&T Inc. Jr. Smith",
    ] {
        let toks = tokens::tokenize(text, &|_| false);
        let keys = Keys::new(&toks);
        for a in 0..toks.len() {
            for b in a + 1..=toks.len() {
                assert_eq!(
                    keys.phrase(&toks[a..b]),
                    phrase_key(&toks[a..b]),
                    "{text:?} {a}..{b}"
                );
            }
        }
    }
}

#[test]
fn a_role_opening_the_sentence_is_not_part_of_the_name() {
    let t = "Saxophonist Ruth Delaney plays on the main stage.";
    assert_eq!(found(t), vec![("Ruth Delaney".to_string(), Person)]);
    assert!(has(
        "Harpist Jane Brookes tunes up.",
        "Jane Brookes",
        Person
    ));
    // A given name that opens the sentence stays, and so do names that are no role.
    assert!(
        has("Hunter Maple spoke first.", "Hunter Maple", Person),
        "{:?}",
        found("Hunter Maple spoke first.")
    );
    assert!(!found("Grand Ole Opry reopens.")
        .iter()
        .any(|(n, _)| n == "Ole Opry"));
}

#[test]
fn a_city_of_a_nation_of_the_united_kingdom_lies_in_that_nation() {
    let lex = lex();
    let cardiff = lex.places_named("cardiff")[0];
    let wales = lex.places_named("wales")[0];
    let uk = lex.places_named("united kingdom")[0];
    assert_eq!(lex.ancestors(cardiff), vec![wales, uk]);
}

#[test]
fn a_name_in_capitals_ends_before_the_sentence_goes_on() {
    let t = "NURSE PRIYA DESAI GIVES A FLU JAB TO A PATIENT.";
    assert!(has(t, "Priya Desai", Person), "{:?}", found(t));
    // A dictionary word after two given names is the surname.
    let t = "MARY ANNE GREEN WAVES TO THE CROWD.";
    assert!(has(t, "Mary Anne Green", Person), "{:?}", found(t));
}

#[test]
fn months_in_dates_are_never_people() {
    for t in [
        "Volunteers plant trees along the river on May 14, 2022.",
        "Ferry workers rest between shifts in May.",
        "Ruth Okafor waves to supporters in Lagos May 3.",
        "The market reopened in early May after the repairs.",
        "Crews clear snow on Jan. 9 in Duluth.",
    ] {
        assert!(
            !found(t)
                .iter()
                .any(|(n, _)| n.contains("May") || n.contains("Jan")),
            "{t}: {:?}",
            found(t)
        );
    }
    assert!(has(
        "Ruth Okafor waves to supporters in Lagos May 3.",
        "Ruth Okafor",
        Person
    ));
    // The name stays a name where no date or time phrase surrounds it.
    let t = "Former prime minister Theresa May speaks at a dinner in London.";
    assert!(has(t, "Theresa May", Person), "{:?}", found(t));
}

#[test]
fn towns_are_read_from_the_gazetteer_after_a_comma_and_a_place() {
    let t = "Volunteers stack sandbags outside a school in Thibodaux, La., on Sunday.";
    assert!(has(t, "Thibodaux, Louisiana", Place), "{:?}", found(t));
    assert!(has(t, "Louisiana", Place), "{:?}", found(t));
    assert!(!has(t, "Los Angeles", Place), "{:?}", found(t));
    let t = "A bakery owner sweeps the sidewalk in Astoria, Queens.";
    assert!(has(t, "Astoria, Queens", Place), "{:?}", found(t));
    // A hand-listed city elsewhere gives way to the town of that name in the state named.
    let t = "Fans gather at the courthouse in Paris, Texas.";
    assert!(has(t, "Paris, Texas", Place), "{:?}", found(t));
    assert!(!has(t, "Paris", Place), "{:?}", found(t));
    // Without the context a small town's name stays what it was.
    let t = "Coach Dana Thibodaux watches practice.";
    assert!(
        !found(t).iter().any(|(n, _)| n.contains(", ")),
        "{:?}",
        found(t)
    );
    // A person named before a comma and a place is not a town.
    let t = "Gov. Lena Marsh, Texas, speaks to reporters.";
    assert!(has(t, "Lena Marsh", Person), "{:?}", found(t));
}

#[test]
fn boroughs_lie_within_their_city() {
    let l = lex();
    let queens = l.places_named("queens")[0];
    let nyc = l.place_by_name("New York City").unwrap_or(usize::MAX);
    assert!(l.ancestors(queens).contains(&nyc));
    // The gazetteer is searched in place: first, last and absent keys.
    let astoria: Vec<_> = l.towns("astoria").collect();
    assert_eq!(astoria[0].within, "New York");
    assert_eq!(astoria[0].city, Some("New York City"));
    assert!(astoria
        .windows(2)
        .all(|w| w[0].population >= w[1].population));
    assert_eq!(l.towns("zzzz no such town").count(), 0);
    assert_eq!(l.towns("").count(), 0);
    assert!(l
        .towns("la")
        .any(|t| t.abbreviation && t.within == "Louisiana"));
}

#[test]
fn keys_folded_here_are_keys() {
    let long = "Long-Word.Of'Many`Parts ".repeat(4);
    for w in [
        "",
        "Kim",
        "Jong-un",
        "O'Brien",
        "U.S",
        "AT&T",
        "--a--b--",
        " a \t b\u{b}c\u{c}d\re\n",
        "x\u{1c}y\u{1f}z",
        "a\u{7f}b",
        "Zürich",
        "北京",
        "...",
        "`'.",
        "Mid.-Point",
        long.as_str(),
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw",
    ] {
        assert_eq!(with_key(w, str::to_string), key(w), "{w:?}");
        let mut out = String::from("x");
        key_into(w, &mut out);
        assert_eq!(out, format!("x{}", key(w)), "{w:?}");
    }
}

#[test]
fn phrase_keys_of_words_apart_are_built() {
    let text = "Anna of the Ørsted Bank";
    let toks = tokens::tokenize(text, &|_| false);
    let keys = Keys::new(&toks);
    let apart = [toks[0], toks[3], toks[4]];
    assert_eq!(keys.phrase(&apart), "anna orsted bank");
    assert_eq!(keys.phrase(&[]), "");
}
