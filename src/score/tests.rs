//! Verdicts on small articles written for these tests.

use super::*;
use crate::types::{Article, Figure};

fn lex() -> &'static Lexicon {
    static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEX.get_or_init(Lexicon::builtin)
}

/// Scores with the built-in word lists and calibration.
fn score_article(a: &Article, lex: &Lexicon) -> Scored {
    super::score_article(a, lex, &Calibration::builtin())
}

fn article(title: &str, paragraphs: &[&str], captions: &[&str]) -> Article {
    Article {
        title: Some(title.to_string()),
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        figures: captions
            .iter()
            .enumerate()
            .map(|(i, c)| Figure {
                caption: Some(c.to_string()),
                ..Figure::new(i)
            })
            .collect(),
        ..Article::default()
    }
}

fn verdicts(a: &Article) -> Vec<Verdict> {
    score_article(a, lex())
        .photos
        .iter()
        .filter_map(|i| i.verdict)
        .collect()
}

#[test]
fn other_people_are_a_mismatch_even_when_the_country_matches() {
    let a = article(
        "Leaders of Germany and France agree on a new rail link",
        &["French President Emmanuel Macron and German Chancellor Olaf Scholz met in Berlin on Monday."],
        &[
            "U.S. Sen. Tom Arlen talks with Gov. Rita Vance in Berlin in 2019.",
            "Emmanuel Macron (L) and Olaf Scholz at an earlier summit in Paris, France.",
        ],
    );
    let s = score_article(&a, lex());
    assert_eq!(verdicts(&a), vec![Verdict::Mismatch, Verdict::Consistent]);
    assert_eq!(s.findings.len(), 1);
    assert_eq!(
        s.findings[0].message,
        "The article is about Emmanuel Macron and Olaf Scholz in France; the caption names \
         Tom Arlen and Rita Vance in the United States, and the article mentions none of them"
    );
}

#[test]
fn surname_in_article_supports_full_name_in_caption() {
    let a = article(
        "Storm hits coast",
        &["Mayor Grace Okafor said the city was ready. Okafor added more."],
        &["Okafor speaks to reporters."],
    );
    assert_eq!(verdicts(&a), vec![Verdict::Consistent]);
}

#[test]
fn namesakes_do_not_support_each_other() {
    let a = article(
        "Budget passes",
        &["Senator John Marsh voted for the bill."],
        &["Jane Marsh arrives at the hearing."],
    );
    assert_eq!(verdicts(&a), vec![Verdict::Mismatch]);
}

#[test]
fn capitals_support_their_country() {
    let a = article(
        "Talks in North Korea",
        &["The North Korean government hosted the talks after a military parade."],
        &["A military parade in Pyongyang."],
    );
    let scored = score_article(&a, lex());
    assert_eq!(scored.photos[0].verdict, Some(Verdict::Consistent));
    assert!(scored.photos[0]
        .entities
        .iter()
        .any(|e| e.text == "Pyongyang" && e.supported));
}

#[test]
fn a_city_in_a_country_named_in_passing_does_not_back_a_foreign_caption() {
    // Only containment in a country the article names backs this caption, and none of its
    // words are the article's: the model decides, and here it finds a caption from elsewhere.
    let a = article(
        "City council approves new budget",
        &["The council of the United States town voted on the budget for parks and schools."],
        &["Rescuers search the rubble after a gas explosion in Houston."],
    );
    assert_eq!(verdicts(&a), vec![Verdict::Mismatch]);
}

#[test]
fn nothing_to_check_is_unverifiable() {
    let a = article(
        "Talks in North Korea",
        &["The talks went on."],
        &["A view of the river at dusk."],
    );
    assert_eq!(verdicts(&a), vec![Verdict::Unverifiable]);
}

#[test]
fn a_caption_judged_on_its_words_says_so() {
    let a = article(
        "City council approves new budget",
        &["The council voted on the budget for parks, schools and road repairs after a long debate."],
        &["Surfers ride enormous waves during the winter championship off the northern reef."],
    );
    let scored = score_article(&a, lex());
    assert_eq!(
        scored.photos[0].verdict,
        Some(Verdict::Mismatch),
        "{:?}",
        scored.photos[0].evidence
    );
    let message = &scored.findings[0].message;
    assert!(
        message.ends_with(
            "caption reads as another story: it names nothing the article does, and only 0% \
             of its words are the article's"
        ),
        "{message}"
    );
}

#[test]
fn a_lone_capitalised_word_both_texts_use_backs_the_caption() {
    // Neither `Calloway` nor `Brennick` is a known name; both texts writing them is support.
    let a = article(
        "Probe reaches the ice moon",
        &[
            "The probe flew past Calloway on Friday, sending pictures of its cracked ice.",
            "Scientists said Calloway may hide an ocean.",
        ],
        &["The probe's camera caught Calloway rising over the planet's clouds."],
    );
    let s = score_article(&a, lex());
    assert_eq!(verdicts(&a), vec![Verdict::Consistent], "{:?}", s.photos);
    assert!(
        s.photos[0]
            .entities
            .iter()
            .any(|e| e.text == "Calloway" && e.supported),
        "{:?}",
        s.photos
    );
    // A lone word the article never uses is still no claim either way.
    let b = article(
        "Probe reaches the ice moon",
        &["The probe flew past the moon on Friday."],
        &["The camera caught Brennick over the clouds."],
    );
    let s = score_article(&b, lex());
    assert!(s.photos[0].entities.is_empty(), "{:?}", s.photos);
}

#[test]
fn a_possessive_name_is_backed_by_either_of_its_words() {
    let caption = "Balloons for the Pembrill's Parade are filled on the eve of the holiday.";
    let backed = article(
        "Cold wind may ground the Pembrill's Winter Holiday Parade balloons",
        &["Organisers of Pembrill's Winter Holiday Parade said strong gusts could keep the balloons low."],
        &[caption],
    );
    assert_eq!(verdicts(&backed), vec![Verdict::Consistent]);
    let foreign = article(
        "Radio telescope maps hydrogen clouds in a distant galaxy",
        &["Astronomers using the dish measured faint signals from gas clouds billions of years old."],
        &[caption],
    );
    let s = score_article(&foreign, lex());
    let e = &s.photos[0].entities;
    assert!(
        e.iter()
            .any(|e| e.text == "Pembrill's Parade" && !e.supported),
        "{e:?}"
    );
}

#[test]
fn an_acronym_is_backed_by_its_capitals_not_by_the_word_it_spells() {
    let caption = "BRIGHT will chart faint galaxies across the southern sky.";
    let prose = article(
        "Striker scores late penalty as champions hold on",
        &["The striker ran in fast and sent a bright shot low past the keeper in the final minute."],
        &[caption],
    );
    let e = &score_article(&prose, lex()).photos[0].entities;
    assert!(
        e.iter().any(|e| e.text == "BRIGHT" && !e.supported),
        "{e:?}"
    );
    let named = article(
        "New survey telescope sees first light",
        &["Engineers said BRIGHT, the new survey instrument, passed its first tests this week."],
        &[caption],
    );
    let e = &score_article(&named, lex()).photos[0].entities;
    assert!(e.iter().any(|e| e.text == "BRIGHT" && e.supported), "{e:?}");
}

#[test]
fn a_public_figure_the_article_never_names_is_a_mismatch() {
    let caption = "Merkel waves to supporters after the vote.";
    let foreign = article(
        "Local bakery wins regional bread prize",
        &["The family bakery on Mill Lane took first place for its sourdough loaf on Saturday."],
        &[caption],
    );
    assert_eq!(verdicts(&foreign), vec![Verdict::Mismatch]);
    let named = article(
        "Coalition talks resume in Berlin",
        &["Chancellor Merkel met party leaders on Monday as coalition talks resumed in Berlin."],
        &[caption],
    );
    assert_eq!(verdicts(&named), vec![Verdict::Consistent]);
}

#[test]
fn a_one_word_name_keeps_its_title_in_the_message() {
    let a = article(
        "Harbour town opens a new ferry terminal",
        &["The ferry terminal in the harbour town opened on Friday after two years of building work."],
        &["Pope Benedictus blesses pilgrims as Mr. Quillfeather looks on, far from any harbour."],
    );
    let s = score_article(&a, lex());
    assert_eq!(verdicts(&a), vec![Verdict::Mismatch]);
    assert!(
        s.findings[0]
            .message
            .contains("the caption names Pope Benedictus and Mr. Quillfeather, whom"),
        "{}",
        s.findings[0].message
    );
}

#[test]
fn a_town_or_neighbourhood_is_backed_by_the_city_or_state_around_it() {
    let a = article(
        "Ferry service to expand across New York City",
        &["City officials in New York City said on Tuesday that two new ferry routes would open next spring."],
        &["Riders board a ferry at the pier in Astoria, Queens, on Monday."],
    );
    assert_eq!(verdicts(&a), vec![Verdict::Consistent]);
    let a = article(
        "Levee repairs begin along the Louisiana coast",
        &["Crews across Louisiana began repairing levees on Monday after last month's storm."],
        &["Workers pile rocks on a levee near Thibodaux, La., on Monday."],
    );
    assert_eq!(verdicts(&a), vec![Verdict::Consistent]);
    let s = score_article(&a, lex());
    assert!(s.photos[0]
        .entities
        .iter()
        .any(|e| e.text == "Thibodaux, Louisiana" && e.supported));
}

#[test]
fn a_caption_repeated_in_the_text_does_not_make_its_own_date_history() {
    let caption =
        "Governor Tomas Reyne speaks at the port authority in Halden on September 9, 2019.";
    let mut a = article(
        "Governor Reyne announces port expansion",
        &[
            "Governor Tomas Reyne announced a plan to expand the port of Halden.",
            caption,
        ],
        &[caption],
    );
    a.published = PartialDate::new(2024, Some(3), Some(14));
    let rules: Vec<Rule> = score_article(&a, lex())
        .findings
        .iter()
        .map(|f| f.rule)
        .collect();
    assert_eq!(rules, vec![Rule::StaleDate]);
    // The story naming the day in its own words does.
    a.paragraphs[1] = "Reyne first spoke of the plan on 9 September 2019.".to_string();
    assert!(score_article(&a, lex()).findings.is_empty());
}

#[test]
fn a_name_shortened_to_initials_is_backed_by_the_name_spelled_out() {
    let a = article(
        "Mourners gather a year after the attack on a church in Ridgeford",
        &[
            "A gunman opened fire inside Hollow Creek African Methodist Episcopal Church in \
           Ridgeford last June. Relatives of the victims met on Sunday to remember them.",
        ],
        &["Dora Finch, whose brother was wounded at Hollow Creek AME Church, lights a candle."],
    );
    let s = score_article(&a, lex());
    let church = s.photos[0]
        .entities
        .iter()
        .find(|e| e.text.contains("AME"))
        .unwrap_or_else(|| panic!("no church in {:?}", s.photos[0].entities));
    assert!(church.supported, "{:?}", s.photos[0].entities);
    // The church backs the caption: a relative the story does not name is no slip.
    assert_eq!(verdicts(&a), vec![Verdict::Consistent]);
}

#[test]
fn a_place_in_the_country_the_story_is_set_in_accuses_less() {
    let a = article(
        "Car sales fall for a third month as dealers in Houston cut prices",
        &[
            "Dealers in Houston and across Texas said buyers held back in October. Sales of \
           new cars fell 10 percent, and unsold sport-utility vehicles filled the lots.",
        ],
        &["Unsold sport-utility vehicles sit in a row at a dealership in Greeley, Colo."],
    );
    let s = score_article(&a, lex());
    let e = s.photos[0].evidence;
    assert!(e.places_related > 0.0, "{e:?}");
    assert_eq!(e.places_against, 0.0, "{e:?}");
    assert_ne!(s.photos[0].verdict, Some(Verdict::Mismatch), "{e:?}");
    // The same caption from abroad accuses.
    let b = article(
        "Car sales fall for a third month as dealers in Houston cut prices",
        &[
            "Dealers in Houston and across Texas said buyers held back in October. Sales of \
           new cars fell 10 percent, and unsold sport-utility vehicles filled the lots.",
        ],
        &["Unsold sport-utility vehicles sit in a row at a dealership in Lyon, France."],
    );
    let e = score_article(&b, lex()).photos[0].evidence;
    assert!(e.places_against > 0.0, "{e:?}");
}

#[test]
fn a_lone_name_after_a_lowercase_role_accuses_nothing() {
    let a = article(
        "Diggers find a lost hill town of the fifth century BC in the Pindus mountains",
        &[
            "Archaeologists from the university mapped walls, towers and pottery of a town \
           abandoned 2,400 years ago on a peak in the Pindus mountains.",
        ],
        &["A shard of painted pottery of the fifth century BC, probably by the potter Vannor."],
    );
    let s = score_article(&a, lex());
    assert!(
        s.photos[0].entities.iter().all(|e| e.text != "Vannor"),
        "{:?}",
        s.photos[0].entities
    );
    assert_eq!(s.photos[0].evidence.people_against, 0.0);
    // After a formal title the lone name is still a claim.
    let b = article(
        "Diggers find a lost hill town of the fifth century BC in the Pindus mountains",
        &[
            "Archaeologists from the university mapped walls, towers and pottery of a town \
           abandoned 2,400 years ago on a peak in the Pindus mountains.",
        ],
        &["Mr. Vannor, who funds the dig, visits the site."],
    );
    assert!(score_article(&b, lex()).photos[0].evidence.people_against > 0.0);
}

#[test]
fn a_date_s_year_is_written_in_its_text() {
    // `StoryDates::names` reads only the texts holding a year's four digits: every date read
    // writes its year so.
    for text in [
        "On March 08, 2019 and 20th of June, 2019, in 1998, FILE 2011.",
        "Sept. 3 2021, 2019-06-20T10:00Z, 6/20/2019, 20.06.2019 and June of 1875.",
        "MARCH 8 2019, Friday, June 20th, 2019, since 2005 and ca. 1999 (\u{663}\u{660}\u{661}\u{669}).",
    ] {
        let dates = crate::parse::dates::find_dates(text);
        assert!(dates.len() >= 4, "{text}: {dates:?}");
        for d in dates {
            assert!(text.contains(&format!("{:04}", d.value.year)), "{text}: {d:?}");
        }
    }
}

#[test]
fn the_story_names_a_date_as_its_whole_text_does() {
    let mut a = article(
        "Flood of 2019 remembered in JUNE",
        &[
            "The river rose on June 3, 2019 and again in May 2021.",
            "Work began on 4 june 2019; 2019-06-05 was the worst day, 7/6/2019 the last.",
            "On 20.06.2019 and 2019/07/01 the town counted its losses in 2019.",
            "Nothing dated here, nor in JUNE or in 2019.",
        ],
        &["Rescuers on June 3, 2019."],
    );
    a.description = Some("A look back at 2019 and 1998, Sept. 2 1998.".to_string());
    // Every date of every text, as the story was once read for each photo.
    let texts: Vec<&String> = a
        .title
        .iter()
        .chain(&a.description)
        .chain(&a.paragraphs)
        .collect();
    let dates = |t: &str| -> Vec<PartialDate> {
        crate::parse::dates::find_dates(t)
            .into_iter()
            .map(|d| d.value)
            .collect()
    };
    let title_years: Vec<i32> = dates(texts[0]).iter().map(|d| d.year).collect();
    let all: Vec<PartialDate> = texts.iter().flat_map(|t| dates(t)).collect();
    let mut photos = Vec::new();
    for year in [1998, 2019, 2020, 2021, 12345] {
        for month in [5, 6, 7, 9] {
            for day in [None, Some(2), Some(3), Some(5), Some(7), Some(20)] {
                photos.extend(PartialDate::new(year, Some(month), day));
            }
        }
    }
    let story = StoryDates::new(&a);
    // Past `TOLD_FILTERED` questions, every text is read: both ways are checked.
    assert!(photos.len() > 2 * TOLD_FILTERED);
    for p in &photos {
        let same = |d: &PartialDate| {
            d.year == p.year && d.month == p.month && (p.day.is_none() || d.day == p.day)
        };
        let want = title_years.contains(&p.year) || all.iter().any(same);
        assert_eq!(story.names(p, p.month.unwrap_or(0)), want, "{p:?}");
    }
}
