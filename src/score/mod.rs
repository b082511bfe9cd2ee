//! Per figure: compares the caption's entities and dates with the article's, gives a verdict
//! and raises findings.

pub mod calibration;
pub mod dates;
pub mod overlap;
pub mod profile;
pub mod support;

use std::borrow::Cow;

use crate::budget::{BudgetError, Deadline};
use crate::entities::{self, key, names, Lexicon, Mention};
use crate::parse::credit;
use crate::semantic::Comparison;
use crate::types::{
    Article, CaptionEntity, DateMention, DateSource, EntityKind, Evidence, Figure, Finding,
    Message, Names, PartialDate, Photo, Rule, Scope, SemanticMode, Severity, TopicEntry, Verdict,
};

use calibration::Calibration;
use profile::{round2, Profile};
use support::Support;

/// What scoring one article yields.
#[derive(Debug, Clone, Default)]
pub struct Scored {
    /// The article's main entities by weight.
    pub topic: Vec<TopicEntry>,
    /// The story's photos, each judged.
    pub photos: Vec<Photo>,
    /// The rules that fired.
    pub findings: Vec<Finding>,
    /// Figures outside the story, left out of `images`.
    pub outside_article: usize,
    /// Findings silenced in the page (`data-capcheck-ignore`, `<!-- capcheck-ignore -->`).
    pub suppressed: usize,
}

/// How much a caption entity tells about the picture: people most, then named things, then
/// places by how specific they are (a city says more than a country); the weights are data.
fn weight(m: &Mention, lex: &Lexicon, cal: &Calibration) -> f64 {
    use crate::entities::lexicon::PlaceKind;
    match m.kind {
        EntityKind::Person if m.guessed => cal.weight_person_guessed,
        EntityKind::Person => cal.weight_person,
        EntityKind::Organisation if m.guessed => cal.weight_organisation_guessed,
        EntityKind::Organisation | EntityKind::Event => cal.weight_organisation,
        // A town read in context (`Houma, Louisiana`) is as specific as a city.
        EntityKind::Place => match lex.town_in(&m.key).map(|_| PlaceKind::City).or_else(|| {
            lex.places_named(&m.key)
                .first()
                .map(|&id| lex.places[id].kind)
        }) {
            Some(PlaceKind::City) => cal.weight_city,
            Some(PlaceKind::State) => cal.weight_state,
            Some(PlaceKind::Country) => cal.weight_country,
            _ => cal.weight_local,
        },
    }
}

/// Whether the caption's similarity in meaning, anywhere in the range the calibration expects,
/// could change its verdict or severity: the verdict is monotone in the similarity, so the
/// two ends of the range tell.
fn undecided(a: &Assessment, cal: &Calibration) -> bool {
    let at = |s: f64| {
        let e = Evidence {
            semantic: Some(s),
            ..a.evidence
        };
        let (v, _, sev) = verdict(&a.judged, &e, cal);
        (v, (v == Verdict::Mismatch).then_some(sev))
    };
    a.evidence.semantic.is_none() && at(cal.semantic_low) != at(cal.semantic_high)
}

/// One caption entity with its support.
struct Judged {
    mention: Mention,
    support: Support,
    weight: f64,
}

/// Scores every figure of an article as the command line does by default (the semantic
/// evidence where it decides).
pub fn score_article(article: &Article, lex: &Lexicon, cal: &Calibration) -> Scored {
    // Without a deadline nothing can run out of time.
    score_article_within(
        article,
        lex,
        cal,
        SemanticMode::WhereItDecides,
        &Deadline::never(),
    )
    .unwrap_or_default()
}

/// `score_article` that gives up with an error once `deadline` passes; with `semantic`, each
/// caption's evidence includes its similarity in meaning to the article.
pub fn score_article_within(
    article: &Article,
    lex: &Lexicon,
    cal: &Calibration,
    semantic: SemanticMode,
    deadline: &Deadline,
) -> Result<Scored, BudgetError> {
    let profile = Profile::build(article, lex, deadline)?;
    let published = article.published;
    let english = crate::parse::language::is_english(article.language.as_deref());
    let mut scored = Scored {
        topic: profile.topic.clone(),
        ..Scored::default()
    };
    // Read only when a photo is old enough to ask, and then only where the photo's date may be.
    let story = StoryDates::new(article);
    let looks_back_at = |photo: &PartialDate| looks_back(photo, &profile, &story);
    let mut assessed = Vec::new();
    let mut meaning = Comparison::new(article, semantic != SemanticMode::Never);
    for fig in &article.figures {
        // Teasers and sidebars are not the story's photos: they get no verdict, and are left
        // out of the report so that no consumer mistakes them for judged captions.
        if fig.scope == Scope::OutsideArticle {
            scored.outside_article += 1;
            continue;
        }
        deadline.check("reading the captions")?;
        let mut a = assess(fig, &profile, lex, cal, published, english);
        if semantic == SemanticMode::Always
            || (semantic == SemanticMode::WhereItDecides && undecided(&a, cal))
        {
            if let Some(caption) = fig.caption.as_deref() {
                a.evidence.semantic = meaning.similarity(caption, deadline);
            }
        }
        assessed.push((fig, a));
    }
    let others = others_flagged(&assessed, cal);
    for ((fig, mut a), n) in assessed.into_iter().zip(others) {
        a.evidence.others_flagged = n as f64;
        // The page's other captions moved the evidence: the comparison may decide now.
        if semantic == SemanticMode::WhereItDecides
            && a.evidence.semantic.is_none()
            && undecided(&a, cal)
        {
            if let Some(caption) = fig.caption.as_deref() {
                a.evidence.semantic = meaning.similarity(caption, deadline);
            }
        }
        let (photo, findings) = decide(fig, a, published, &profile, &looks_back_at, lex, cal);
        scored.add(fig, photo, findings);
    }
    Ok(scored)
}

/// For each assessed caption, how many other captions of the page are flagged as mismatches,
/// copies of it not counted. A CMS slip puts one wrong caption on a page; when other captions
/// of the page look just as foreign, the page's captions are about other things on purpose (a
/// gallery, a museum's objects), and each one is less likely a slip.
fn others_flagged(assessed: &[(&Figure, Assessment)], cal: &Calibration) -> Vec<usize> {
    let flagged: Vec<bool> = assessed
        .iter()
        .map(|(_, a)| verdict(&a.judged, &a.evidence, cal).0 == Verdict::Mismatch)
        .collect();
    // Copies of one caption (a responsive duplicate, a lightbox) are one slip, not many. The
    // pairwise test is quadratic, so a page flagging more captions than any real page does
    // (a hostile page of thousands) counts them all as others instead.
    let flagged_at: Vec<usize> = (0..assessed.len()).filter(|&j| flagged[j]).collect();
    let keys: Vec<String> = if flagged_at.len() <= MAX_COPY_CHECKS {
        assessed.iter().map(|(fig, _)| caption_key(fig)).collect()
    } else {
        vec![String::new(); assessed.len()]
    };
    (0..assessed.len())
        .map(|i| {
            flagged_at
                .iter()
                .filter(|&&j| j != i && !copies(&keys[i], &keys[j]))
                .count()
        })
        .collect()
}

impl Scored {
    /// Adds a photo and the findings its figure does not silence; the silenced ones are
    /// counted and noted on the photo, not dropped silently.
    fn add(&mut self, fig: &Figure, mut photo: Photo, mut findings: Vec<Finding>) {
        let raised = findings.len();
        photo.silenced.extend(
            findings
                .iter()
                .map(|f| f.rule)
                .filter(|&r| fig.ignore.silences(r)),
        );
        findings.retain(|f| !fig.ignore.silences(f.rule));
        self.suppressed += raised - findings.len();
        self.photos.push(photo);
        self.findings.extend(findings);
    }
}

/// Flagged captions on one page up to which copies among them are looked for.
const MAX_COPY_CHECKS: usize = 200;

/// A figure's caption as lowercase letters and digits, for telling copies of one caption apart.
fn caption_key(fig: &Figure) -> String {
    fig.caption
        .as_deref()
        .map(crate::parse::caption_key)
        .unwrap_or_default()
}

/// Whether two caption keys are one caption: equal, or one holding the other (a copy with a
/// date or credit added).
fn copies(a: &str, b: &str) -> bool {
    const MIN: usize = 20;
    a.len().min(b.len()) >= MIN && (a.contains(b) || b.contains(a))
}

/// The caption's entities, each once, in the order first met (lone capitalised words
/// included: they count only when the article supports them). A set of the kinds and keys met,
/// not a scan of those kept: a hostile caption may name thousands.
fn caption_entities(all: &[Mention]) -> Vec<Mention> {
    let mut seen: foldhash::HashSet<(EntityKind, &str)> = foldhash::HashSet::default();
    all.iter()
        .filter(|m| seen.insert((m.kind, m.key.as_str())))
        .cloned()
        .collect()
}

/// The mentions of a caption in another language that mean the same there: places and
/// organisations of the lists, and people by a known given name and the capitalised words
/// after it (`Olaf Scholz` in `Bundeskanzler Olaf Scholz`). A capitalised word alone is no
/// name in languages that capitalise nouns, so guessed and lone names are left out.
fn across_languages(mentions: Vec<Mention>, lex: &Lexicon) -> Vec<Mention> {
    let mut out = Vec::new();
    for m in mentions {
        // `La`, `El`, `De` open sentences in other languages: a short alias (`LA`) counts only
        // in capitals.
        let short = m.text.chars().count() <= 3
            && !m
                .text
                .chars()
                .all(|c| !c.is_alphabetic() || c.is_uppercase());
        if short {
            continue;
        }
        let keep = match m.kind {
            EntityKind::Place => {
                !m.guessed
                    && (!lex.places_named(&m.key).is_empty() || lex.town_in(&m.key).is_some())
            }
            EntityKind::Organisation | EntityKind::Event => !m.guessed && !m.weak,
            EntityKind::Person => {
                !m.weak
                    && (lex.is_public_figure_name(&m.key)
                        || (names::name_tokens(&m.canonical).len() >= 2
                            && m.canonical
                                .split(' ')
                                .next()
                                .is_some_and(|w| lex.is_given_name(&key(w)))))
            }
        };
        if keep {
            out.push(m);
        } else if let Some(p) = given_name_within(&m, lex) {
            out.push(p);
        }
    }
    out
}

/// The person inside a longer run of capitalised words: a known given name and the one or two
/// name-shaped words after it (`Bürgermeisterin Ana Ruiz Díaz` → `Ana Ruiz Díaz`).
fn given_name_within(m: &Mention, lex: &Lexicon) -> Option<Mention> {
    let words: Vec<&str> = m.text.split(' ').collect();
    let at = words.iter().position(|w| {
        w.chars().next().is_some_and(char::is_uppercase) && lex.is_given_name(&key(w))
    })?;
    let rest: Vec<&str> = words[at + 1..]
        .iter()
        .take(2)
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .copied()
        .collect();
    if rest.is_empty() {
        return None;
    }
    let text = std::iter::once(words[at])
        .chain(rest)
        .collect::<Vec<_>>()
        .join(" ");
    let offset = m.text.find(&text).unwrap_or(0);
    Some(Mention {
        key: key(&text),
        canonical: text.clone(),
        text,
        kind: EntityKind::Person,
        start: m.start + offset,
        weak: false,
        guessed: false,
        titled: false,
        compound: false,
        title: None,
    })
}

/// The caption with the names of namesakes blanked out: a person the entity check told apart
/// from the article's person of the same surname (Jane Marsh, not John Marsh) must not count
/// as a shared word. Other names stay: a shared name is good evidence of a shared topic.
fn without_namesakes(caption: &str, judged: &[Judged], profile: &Profile) -> String {
    let mut out = caption.to_string();
    let namesakes = judged
        .iter()
        .map(|j| &j.mention)
        .filter(|m| m.kind == EntityKind::Person && !m.weak && support::has_namesake(m, profile));
    for m in namesakes {
        let end = m.start + m.text.len();
        if out.get(m.start..end) == Some(m.text.as_str()) {
            out.replace_range(m.start..end, &" ".repeat(m.text.len()));
        }
    }
    out
}

/// What is known of one caption before the verdict: its judged entities, dates and evidence.
struct Assessment {
    photo: Photo,
    judged: Vec<Judged>,
    dates: Vec<DateMention>,
    evidence: Evidence,
}

/// Gathers the evidence of one figure: its entities' support, its dates, its word overlap.
fn assess(
    fig: &Figure,
    profile: &Profile,
    lex: &Lexicon,
    cal: &Calibration,
    published: Option<PartialDate>,
    english: bool,
) -> Assessment {
    let caption = fig.caption.as_deref().unwrap_or("");
    let mut mentions = entities::extract(&credit::mask_inline_credits(caption), lex);
    if !english {
        mentions = across_languages(mentions, lex);
    }
    let judged = judge(&mentions, profile, lex, cal, english);
    let dates = crate::parse::dates::find_dates_in(caption, published);
    let photo = photo_of(fig, &judged, dates.clone());
    let mut evidence = self::evidence(&judged, lex, cal);
    let ov = overlap::overlap(
        &without_namesakes(caption, &judged, profile),
        &profile.stems,
        lex,
    );
    // Shared words are read with English stems and stop words: on a page in another language
    // they say nothing, and a caption that names nothing the rules can read is unverifiable.
    if english {
        (
            evidence.word_overlap,
            evidence.topic_overlap,
            evidence.caption_words,
        ) = (ov.shared, ov.topical, ov.total);
    }
    Assessment {
        photo,
        judged,
        dates,
        evidence,
    }
}

/// The caption's names, each with how far the article supports it and its weight; a lone
/// word the article does not know is left out.
fn judge(
    mentions: &[Mention],
    profile: &Profile,
    lex: &Lexicon,
    cal: &Calibration,
    english: bool,
) -> Vec<Judged> {
    caption_entities(mentions)
        .into_iter()
        .map(|m| {
            let mut support = support::support(&m, profile, lex);
            // In another language the article's names are found less well (a noun before a
            // name joins it), but a name spelled alike in its text is the same name.
            if !english && (profile.says(&m.text) || profile.says(&m.canonical)) {
                support = Support::Full;
            }
            Judged {
                support,
                weight: weight(&m, lex, cal),
                mention: m,
            }
        })
        // A lone word the article does not know is no claim about the picture.
        .filter(|j| !j.mention.weak || j.support == Support::Full)
        .collect()
}

/// The report's photo for a figure, with its caption's names and dates, not judged yet.
fn photo_of(fig: &Figure, judged: &[Judged], dates: Vec<DateMention>) -> Photo {
    Photo {
        index: fig.index,
        src: fig.src.clone(),
        caption: fig.caption.clone(),
        credit: fig.credit.clone(),
        entities: judged
            .iter()
            .map(|j| CaptionEntity {
                text: j.mention.canonical.clone(),
                kind: j.mention.kind,
                supported: j.support >= Support::Contained,
                guessed: j.mention.guessed,
            })
            .collect(),
        dates,
        // The people are read by `image`, for pages whose photo files are on disk.
        people: Vec::new(),
        score: None,
        evidence: Evidence::default(),
        verdict: None,
        scope: fig.scope,
        line: fig.line,
        column: fig.column,
        ignore: fig.ignore.clone(),
        // Filled in by `image` for pages read from disk; the scorer only reads text.
        file: None,
        embedded: None,
        error: None,
        silenced: Vec::new(),
    }
}

/// What the story itself says of dates, for telling an archival photo of the event it is about
/// from a stale news photo: the dates of its headline, standfirst and paragraphs, without the
/// copies of its captions that some pages repeat in them (a caption's date must not vouch for
/// itself). Read on first need, and each text only when it may name the date asked about.
struct StoryDates<'a> {
    /// The article.
    article: &'a Article,
    /// Its texts, headline first when it has one, with caption copies blanked, each with its
    /// dates once read.
    texts: std::cell::OnceCell<Vec<StoryText<'a>>>,
    /// Dates asked about so far.
    asked: std::cell::Cell<usize>,
}

/// One text of a story with caption copies blanked, and its dates once read.
type StoryText<'a> = (Cow<'a, str>, std::cell::OnceCell<Vec<PartialDate>>);

/// Dates asked about for which only the texts that may name them are read; past that, every
/// text is read once, so that a page of a thousand dated photos reads its story once.
const TOLD_FILTERED: usize = 16;

impl<'a> StoryDates<'a> {
    /// Nothing read yet.
    fn new(article: &'a Article) -> Self {
        StoryDates {
            article,
            texts: std::cell::OnceCell::new(),
            asked: std::cell::Cell::new(0),
        }
    }

    /// True when the photo, dated to a month, is shown as history (see [`looks_back`]): the
    /// headline names its year, or the story names its date to its precision.
    fn names(&self, photo: &PartialDate, month: u8) -> bool {
        let article = self.article;
        let texts = self.texts.get_or_init(|| {
            let copies = profile::CaptionCopies::of(article);
            let strip = copies.stripper();
            article
                .title
                .iter()
                .chain(&article.description)
                .chain(&article.paragraphs)
                .map(|t| (strip(t), std::cell::OnceCell::new()))
                .collect()
        });
        let asked = self.asked.get() + 1;
        self.asked.set(asked);
        // Every date `find_dates` reads takes its year from four ASCII digits of the text (a
        // `\d{4}` group parsed as `i32`, which reads ASCII digits only): a text without the
        // year written on four digits names no date of that year, and is not read
        // (`tests::a_date_s_year_is_written_in_its_text`); nor is one that cannot name the month
        // (`may_name_date_of`). Blanking caption copies puts a space where it cuts, so it joins
        // no digits into a new year either.
        let year = format!("{:04}", photo.year);
        // Past the filtered reads, every text is read once and kept, as the story once was.
        let filtered = asked <= TOLD_FILTERED;
        let dates_of = |i: usize| {
            let (text, dates) = texts.get(i)?;
            let title = i == 0 && article.title.is_some();
            let may = !filtered
                || (year.len() == 4
                    && memchr::memmem::find(text.as_bytes(), year.as_bytes()).is_some()
                    && (title || may_name_date_of(text, &year, month)));
            may.then(|| {
                dates.get_or_init(|| {
                    crate::parse::dates::find_dates(text)
                        .into_iter()
                        .map(|d| d.value)
                        .collect()
                })
            })
        };
        let same = |d: &PartialDate| {
            d.year == photo.year
                && d.month == photo.month
                && (photo.day.is_none() || d.day == photo.day)
        };
        let titled = usize::from(article.title.is_some());
        (0..titled)
            .filter_map(dates_of)
            .flatten()
            .any(|d| d.year == photo.year)
            || (titled..texts.len())
                .filter_map(dates_of)
                .any(|dates| dates.iter().any(same))
    }
}

/// Whether a text holding the year `year` (four digits) may name a date of that year in the
/// month `month`: a date with a month is read either from a month's name, whose first three
/// letters are ASCII and name the month in any case (`month_number` reads them), or from
/// digits with the year next to a separator (`2019-06-20`, `2019/06/20`, `6/20/2019`,
/// `20.06.2019`).
fn may_name_date_of(text: &str, year: &str, month: u8) -> bool {
    const STEMS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let Some(stem) = STEMS.get(usize::from(month).wrapping_sub(1)) else {
        return false;
    };
    let bytes = text.as_bytes();
    let named = memchr::memchr2_iter(stem[0], stem[0].to_ascii_uppercase(), bytes).any(|at| {
        bytes
            .get(at..at + 3)
            .is_some_and(|w| w.eq_ignore_ascii_case(&stem[..]))
    });
    named
        || [
            format!("{year}-"),
            format!("{year}/"),
            format!("/{year}"),
            format!(".{year}"),
        ]
        .iter()
        .any(|n| memchr::memmem::find(bytes, n.as_bytes()).is_some())
}

/// True when the photo is shown as history of what the story is about, not passed off as
/// news: the caption gives only a year that the story speaks of (an obituary, a look back),
/// or a date that the story names too, to its precision, or a year its headline names. A full
/// date (`on September 9, 2019`) the story does not name still dates a news photo from an
/// earlier event.
fn looks_back(photo: &PartialDate, profile: &Profile, story: &StoryDates<'_>) -> bool {
    match photo.month {
        None => profile.says(&photo.year.to_string()),
        Some(month) => story.names(photo, month),
    }
}

/// Gives one assessed figure its verdict, score and findings.
fn decide(
    fig: &Figure,
    a: Assessment,
    published: Option<PartialDate>,
    profile: &Profile,
    looks_back: &dyn Fn(&PartialDate) -> bool,
    lex: &Lexicon,
    cal: &Calibration,
) -> (Photo, Vec<Finding>) {
    let Assessment {
        photo: mut out,
        judged,
        dates: caption_dates,
        evidence: ev,
    } = a;
    let caption = fig.caption.as_deref().unwrap_or("");
    let (verdict, score, severity) = verdict(&judged, &ev, cal);
    out.evidence = round_evidence(ev);
    out.verdict = Some(verdict);
    out.score = Some(round2(score));

    let mut findings = Vec::new();
    if verdict == Verdict::Mismatch {
        findings.push(
            finding(
                fig,
                Rule::EntityMismatch,
                mismatch_message(&judged, &ev, &profile.known_topic, lex),
            )
            .with_severity(severity),
        );
    }
    let marked_file =
        credit::is_file_photo(caption) || fig.credit.as_deref().is_some_and(credit::is_file_photo);
    if let (Some(pubdate), Some(photo)) = (published, dates::photo_date(&caption_dates)) {
        if dates::is_after(&photo.value, &pubdate) {
            let msg = Message::AfterPublication {
                source: DateSource::Caption,
                photo: photo.value,
                published: pubdate,
            };
            findings.push(finding(fig, Rule::DateAfterPublication, msg));
        } else if verdict == Verdict::Consistent && !marked_file {
            let years = dates::years_before(&photo.value, &pubdate);
            if let Some(years) = years.filter(|_| !looks_back(&photo.value)) {
                let msg = Message::Stale {
                    photo: photo.value,
                    years,
                    published: pubdate,
                };
                findings.push(finding(fig, Rule::StaleDate, msg));
            }
        }
    }
    (out, findings)
}

/// Whether a place mention names a country.
fn is_country(m: &Mention, lex: &Lexicon) -> bool {
    use crate::entities::lexicon::PlaceKind;
    lex.town_in(&m.key).is_none()
        && lex
            .places_named(&m.key)
            .first()
            .is_some_and(|&id| lex.places[id].kind == PlaceKind::Country)
}

/// Sums the weighed support of the caption's entities by kind.
fn evidence(judged: &[Judged], lex: &Lexicon, cal: &Calibration) -> Evidence {
    let mut e = Evidence::default();
    for j in judged {
        let full = j.support >= Support::Contained;
        let (yes, no) = match j.mention.kind {
            EntityKind::Person => (&mut e.people_for, &mut e.people_against),
            EntityKind::Place => (&mut e.places_for, &mut e.places_against),
            _ => (&mut e.names_for, &mut e.names_against),
        };
        // A venue known only by its shape (`Backwater Bridge`, `Santa Luzia`) can back a caption
        // but not accuse it: captions name the street or hall where the story never does.
        if !full && j.mention.kind == EntityKind::Place && j.mention.guessed {
            continue;
        }
        // Nor can a phrase of ordinary words that only its capitals make a name.
        if !full && j.mention.kind != EntityKind::Person && j.mention.weak {
            continue;
        }
        // Containment in a named place backs a place at part of its weight.
        let w = if j.support == Support::Contained {
            j.weight * cal.contained_factor
        } else {
            j.weight
        };
        if j.support == Support::Related {
            e.places_related += w;
            continue;
        }
        if j.support == Support::Full
            && j.mention.kind == EntityKind::Place
            && is_country(&j.mention, lex)
        {
            e.places_country += w;
        }
        *(if full { yes } else { no }) += w;
        if j.support == Support::Contained {
            e.places_contained += w;
        }
        if !full && j.mention.titled {
            e.public_against += j.weight;
        }
    }
    e
}

/// True when the caption names something and the article names all of it (a place merely
/// inside a country the article names does not count: Fort Worth in a story about America).
pub fn all_backed(e: &Evidence) -> bool {
    let backed = e.people_for + e.names_for + e.places_for;
    let against = e.people_against + e.names_against + e.places_against + e.places_related;
    backed > 0.0 && against == 0.0 && e.places_contained == 0.0
}

/// Decides the verdict, a score in [0, 1] (one minus the probability of a mismatch) and, for a
/// mismatch, whether the evidence is strong enough for an error, with the calibrated model of
/// `rules/scoring.tsv`. A caption that names nothing and says little is unverifiable.
fn verdict(judged: &[Judged], e: &Evidence, cal: &Calibration) -> (Verdict, f64, Severity) {
    if judged.is_empty() && e.caption_words < cal.min_caption_words {
        return (Verdict::Unverifiable, 0.5, Severity::Warning);
    }
    let mut p = cal.mismatch_probability(e);
    // Everything the caption names is the article's: words alone do not make it a mismatch.
    let backed = all_backed(e);
    if backed {
        p = p.min(cal.threshold);
    }
    if cal.public_figures_elsewhere(e) {
        p = p.max(cal.public_probability);
    }
    let severity = if cal.is_strong(e, p) {
        Severity::Error
    } else {
        Severity::Warning
    };
    let verdict = if p >= cal.threshold && !backed {
        Verdict::Mismatch
    } else if judged.is_empty() && e.word_overlap < cal.unverifiable_max_overlap {
        // Nothing named, and the words neither clearly shared nor clearly foreign.
        Verdict::Unverifiable
    } else {
        Verdict::Consistent
    };
    (verdict, 1.0 - p, severity)
}

/// A place as running text writes it: `the United States`, `Oslo`.
fn place_in_text(name: &str, lex: &Lexicon) -> String {
    if lex.is_written_with_the(name) {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// People of the article named in a message about it.
const ABOUT_PEOPLE: usize = 2;
/// Places of the article named in a message about it.
const ABOUT_PLACES: usize = 1;
/// Names of the caption's that a message lists, of each kind.
const CAPTION_NAMES: usize = 3;
/// Places of the caption's that a message lists (the people say more).
const CAPTION_PLACES: usize = 2;

/// What the article is about, for a message: its heaviest people and place, or its heaviest
/// other names when it has neither.
fn about(topic: &[TopicEntry], lex: &Lexicon) -> Names {
    let of = |kinds: &[EntityKind], n: usize| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in topic.iter().filter(|t| kinds.contains(&t.kind)) {
            // One person spelled two ways (`Daniel S. Johnson`, `Daniel Stephen Johnson`)
            // is named once.
            let surname = |name: &str| names::name_tokens(name).last().cloned();
            let again =
                t.kind == EntityKind::Person && out.iter().any(|o| surname(o) == surname(&t.text));
            if out.len() < n && !again {
                out.push(t.text.clone());
            }
        }
        out
    };
    let mut names = Names {
        people: of(&[EntityKind::Person], ABOUT_PEOPLE),
        places: of(&[EntityKind::Place], ABOUT_PLACES)
            .iter()
            .map(|p| place_in_text(p, lex))
            .collect(),
        others: Vec::new(),
    };
    if names.people.is_empty() && names.places.is_empty() {
        names.others = of(&[EntityKind::Organisation, EntityKind::Event], ABOUT_PEOPLE);
    }
    names
}

/// "The article is about Xi Jinping in Pyongyang; the caption names Ilhan Omar and Nancy
/// Pelosi, whom the article never mentions": the article's topic against the caption's
/// unsupported people (and places and other names).
fn mismatch_message(
    judged: &[Judged],
    e: &Evidence,
    topic: &[TopicEntry],
    lex: &Lexicon,
) -> Message {
    let unsupported = |kinds: &[EntityKind], guessed: bool| -> Vec<String> {
        let most = if kinds == [EntityKind::Place] {
            CAPTION_PLACES
        } else {
            CAPTION_NAMES
        };
        // Sets, not scans of the list: a hostile caption may name thousands.
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut v: Vec<String> = Vec::new();
        for j in judged {
            let name = shown(&j.mention);
            if j.support < Support::Contained
                && kinds.contains(&j.mention.kind)
                && (guessed || !j.mention.guessed)
                && seen.insert(name.clone())
            {
                v.push(name);
            }
        }
        // `Astoria, Queens` says `Queens` already: every tail after a `, ` of a name shown.
        let tails: std::collections::HashSet<&str> = v
            .iter()
            .flat_map(|o| o.match_indices(", ").map(move |(i, _)| &o[i + 2..]))
            .collect();
        v.iter()
            .filter(|n| !tails.contains(n.as_str()))
            .take(most)
            .cloned()
            .collect()
    };
    let mut caption = Names {
        people: unsupported(&[EntityKind::Person], true),
        places: unsupported(&[EntityKind::Place], false),
        others: unsupported(&[EntityKind::Organisation, EntityKind::Event], true),
    };
    // A venue known only by its shape weighs nothing against the caption (see `evidence`):
    // named only when the caption names nothing else.
    if caption.is_empty() {
        caption.places = unsupported(&[EntityKind::Place], true);
    }
    caption.places = caption
        .places
        .iter()
        .map(|p| place_in_text(p, lex))
        .collect();
    let article = about(topic, lex);
    if caption.is_empty() {
        // Judged on its words: say so, rather than name nobody.
        return Message::OtherStory {
            article,
            // A share in [0, 1] as a whole percent: the cast cannot overflow.
            shared_percent: (e.word_overlap * 100.0).clamp(0.0, 100.0).round() as u32,
        };
    }
    Message::NamesElsewhere { article, caption }
}

/// A name as a message shows it: a one-word name keeps its formal title (`Pope Francis`,
/// not `Francis`).
fn shown(m: &Mention) -> String {
    match &m.title {
        Some(t) if m.kind == EntityKind::Person && !m.canonical.contains(' ') => {
            format!("{t} {}", m.canonical)
        }
        _ => m.canonical.clone(),
    }
}

/// The evidence rounded for reports.
fn round_evidence(e: Evidence) -> Evidence {
    Evidence {
        people_for: round2(e.people_for),
        people_against: round2(e.people_against),
        public_against: round2(e.public_against),
        names_for: round2(e.names_for),
        names_against: round2(e.names_against),
        places_for: round2(e.places_for),
        places_against: round2(e.places_against),
        places_related: round2(e.places_related),
        places_country: round2(e.places_country),
        places_contained: round2(e.places_contained),
        word_overlap: round2(e.word_overlap),
        topic_overlap: round2(e.topic_overlap),
        caption_words: round2(e.caption_words),
        others_flagged: e.others_flagged,
        semantic: e.semantic.map(round2),
    }
}

/// A finding of `rule` on the figure.
fn finding(fig: &Figure, rule: Rule, message: Message) -> Finding {
    Finding::new(rule, fig.index, message.to_string())
}

#[cfg(test)]
mod tests;
