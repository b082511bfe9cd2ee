//! Per figure: compares the caption's entities and dates with the article's, gives a verdict
//! and raises findings.

pub mod calibration;
pub mod dates;
pub mod overlap;
pub mod profile;
pub mod support;

use crate::budget::Deadline;
use crate::entities::{self, Lexicon, Mention};
use crate::parse::credit;
use crate::semantic::Comparison;
use crate::types::{
    Article, CaptionEntity, DateMention, EntityKind, Evidence, Figure, Finding, PartialDate, Photo,
    Rule, Scope, TopicEntry, Verdict,
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
/// places by how specific they are (a city says more than a country).
fn weight(m: &Mention, lex: &Lexicon) -> f64 {
    use crate::entities::lexicon::PlaceKind;
    match m.kind {
        EntityKind::Person if m.guessed => 0.8,
        EntityKind::Person => 1.0,
        EntityKind::Organisation if m.guessed => 0.8,
        EntityKind::Organisation | EntityKind::Event => 0.6,
        EntityKind::Place => match lex
            .places_named(&m.key)
            .first()
            .map(|&id| lex.places[id].kind)
        {
            Some(PlaceKind::City) => 0.5,
            Some(PlaceKind::State) => 0.35,
            Some(PlaceKind::Country) => calibration::COUNTRY_WEIGHT,
            _ => calibration::LOCAL_WEIGHT,
        },
    }
}

/// One caption entity with its support.
struct Judged {
    mention: Mention,
    support: Support,
    weight: f64,
}

/// Scores every figure of an article, without the semantic evidence.
pub fn score_article(article: &Article, lex: &Lexicon, cal: &Calibration) -> Scored {
    // Without a deadline nothing can run out of time.
    score_article_within(article, lex, cal, false, &Deadline::never()).unwrap_or_default()
}

/// `score_article` that gives up with an error once `deadline` passes; with `semantic`, each
/// caption's evidence includes its similarity in meaning to the article.
pub fn score_article_within(
    article: &Article,
    lex: &Lexicon,
    cal: &Calibration,
    semantic: bool,
    deadline: &Deadline,
) -> Result<Scored, String> {
    let profile = Profile::build(article, lex, deadline)?;
    let published = article.published;
    let mut scored = Scored {
        topic: profile.topic.clone(),
        ..Scored::default()
    };
    let mut assessed = Vec::new();
    let mut meaning = Comparison::new(article, semantic);
    for fig in &article.figures {
        // Teasers and sidebars are not the story's photos: they get no verdict, and are left
        // out of the report so that no consumer mistakes them for judged captions.
        if fig.scope == Scope::OutsideArticle {
            scored.outside_article += 1;
            continue;
        }
        deadline.check("reading the captions")?;
        let mut a = assess(fig, &profile, lex, published);
        if let Some(caption) = fig.caption.as_deref() {
            a.evidence.semantic = meaning.similarity(caption, deadline);
        }
        assessed.push((fig, a));
    }
    // A CMS slip puts one wrong caption on a page; when other captions of the page look just as
    // foreign, the page's captions are about other things on purpose (a gallery, a museum's
    // objects), and each one is less likely a slip.
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
    let others: Vec<usize> = (0..assessed.len())
        .map(|i| {
            flagged_at
                .iter()
                .filter(|&&j| j != i && !copies(&keys[i], &keys[j]))
                .count()
        })
        .collect();
    for ((fig, mut a), n) in assessed.into_iter().zip(others) {
        a.evidence.others_flagged = n as f64;
        let (mut photo, mut findings) = decide(fig, a, published, &profile, cal);
        // Findings silenced in the page are counted and noted on the photo, not dropped
        // silently.
        let raised = findings.len();
        photo.silenced.extend(
            findings
                .iter()
                .map(|f| f.rule)
                .filter(|&r| fig.ignore.silences(r)),
        );
        findings.retain(|f| !fig.ignore.silences(f.rule));
        scored.suppressed += raised - findings.len();
        scored.photos.push(photo);
        scored.findings.extend(findings);
    }
    Ok(scored)
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

/// The caption's entities, each once (lone capitalised words included: they count only
/// when the article supports them).
fn caption_entities(all: &[Mention]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for m in all {
        if out.iter().any(|o| o.kind == m.kind && o.key == m.key) {
            continue;
        }
        out.push(m.clone());
    }
    out
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
    published: Option<PartialDate>,
) -> Assessment {
    let caption = fig.caption.as_deref().unwrap_or("");
    let mentions = entities::extract(&credit::mask_inline_credits(caption), lex);
    let judged: Vec<Judged> = caption_entities(&mentions)
        .into_iter()
        .map(|m| Judged {
            support: support::support(&m, profile, lex),
            weight: weight(&m, lex),
            mention: m,
        })
        // A lone word the article does not know is no claim about the picture.
        .filter(|j| !j.mention.weak || j.support == Support::Full)
        .collect();
    let dates = crate::parse::dates::find_dates_in(caption, published);
    let photo = Photo {
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
        dates: dates.clone(),
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
    };
    let mut evidence = self::evidence(&judged);
    let ov = overlap::overlap(
        &without_namesakes(caption, &judged, profile),
        &profile.stems,
        lex,
    );
    (
        evidence.word_overlap,
        evidence.topic_overlap,
        evidence.caption_words,
    ) = (ov.shared, ov.topical, ov.total);
    Assessment {
        photo,
        judged,
        dates,
        evidence,
    }
}

/// True when the caption gives only a year and the story itself speaks of that year (an
/// obituary, a look back): the photo is shown as history, not passed off as news. A full date
/// (`on September 9, 2019`) still dates a news photo from an earlier event.
fn looks_back(photo: &PartialDate, profile: &Profile) -> bool {
    photo.month.is_none() && profile.says(&photo.year.to_string())
}

/// Gives one assessed figure its verdict, score and findings.
fn decide(
    fig: &Figure,
    a: Assessment,
    published: Option<PartialDate>,
    profile: &Profile,
    cal: &Calibration,
) -> (Photo, Vec<Finding>) {
    let Assessment {
        photo: mut out,
        judged,
        dates: caption_dates,
        evidence: ev,
    } = a;
    let caption = fig.caption.as_deref().unwrap_or("");
    let (verdict, score) = verdict(&judged, &ev, cal);
    out.evidence = round_evidence(ev);
    out.verdict = Some(verdict);
    out.score = Some(round2(score));

    let mut findings = Vec::new();
    if verdict == Verdict::Mismatch {
        findings.push(finding(
            fig,
            Rule::EntityMismatch,
            mismatch_message(&judged, &ev),
        ));
    }
    let marked_file =
        credit::is_file_photo(caption) || fig.credit.as_deref().is_some_and(credit::is_file_photo);
    if let (Some(pubdate), Some(photo)) = (published, dates::photo_date(&caption_dates)) {
        if dates::is_after(&photo.value, &pubdate) {
            let msg = format!(
                "caption dates the photo {}, after the article was published ({})",
                photo.text,
                pubdate.iso()
            );
            findings.push(finding(fig, Rule::DateAfterPublication, msg));
        } else if verdict == Verdict::Consistent
            && !marked_file
            && !looks_back(&photo.value, profile)
        {
            if let Some(years) = dates::years_before(&photo.value, &pubdate) {
                let msg = format!(
                    "photo dated {}, {} before the story ({}), and not marked as a file photo",
                    photo.text,
                    if years == 1 {
                        "over a year".to_string()
                    } else {
                        format!("{years} years")
                    },
                    pubdate.iso()
                );
                findings.push(finding(fig, Rule::StaleDate, msg));
            }
        }
    }
    (out, findings)
}

/// Sums the weighed support of the caption's entities by kind.
fn evidence(judged: &[Judged]) -> Evidence {
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
        // Containment in a named country backs a place at half its weight.
        let w = if j.support == Support::Contained {
            j.weight * 0.5
        } else {
            j.weight
        };
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

/// People outweigh everything else: a caption naming public figures (introduced by a formal
/// title) whom the article never names, with none of the article's people, organisations or
/// places finer than a country, and little of its topic, shows someone else's story — even
/// when a country matches.
pub fn public_figures_elsewhere(e: &Evidence) -> bool {
    e.public_against > 0.0
        && e.people_for == 0.0
        && e.names_for == 0.0
        && e.places_for <= PUBLIC_RULE_MAX_PLACES
        && e.topic_overlap < PUBLIC_RULE_MAX_TOPIC
}

/// True when the caption names something and the article names all of it (a place merely
/// inside a country the article names does not count: Fort Worth in a story about America).
pub fn all_backed(e: &Evidence) -> bool {
    let backed = e.people_for + e.names_for + e.places_for;
    let against = e.people_against + e.names_against + e.places_against;
    backed > 0.0 && against == 0.0 && e.places_contained == 0.0
}

/// Place support up to one country's weight leaves the public-figure rule standing.
const PUBLIC_RULE_MAX_PLACES: f64 = calibration::COUNTRY_WEIGHT;
/// Topical overlap above which the public-figure rule yields to the model.
const PUBLIC_RULE_MAX_TOPIC: f64 = 0.3;

/// Decides the verdict and a score in [0, 1] (one minus the probability of a mismatch) from
/// the evidence, with the calibrated model of `rules/scoring.tsv`. A caption that names
/// nothing and says little is unverifiable.
fn verdict(judged: &[Judged], e: &Evidence, cal: &Calibration) -> (Verdict, f64) {
    if judged.is_empty() && e.caption_words < cal.min_caption_words {
        return (Verdict::Unverifiable, 0.5);
    }
    let mut p = cal.mismatch_probability(e);
    // Everything the caption names is the article's: words alone do not make it a mismatch.
    if all_backed(e) {
        p = p.min(cal.threshold * 0.99);
    }
    if public_figures_elsewhere(e) {
        p = p.max(cal.threshold.max(0.5) + (1.0 - cal.threshold.max(0.5)) * 0.5);
    }
    let verdict = if p >= cal.threshold {
        Verdict::Mismatch
    } else if judged.is_empty() && e.word_overlap < 0.5 {
        // Nothing named, and the words neither clearly shared nor clearly foreign.
        Verdict::Unverifiable
    } else {
        Verdict::Consistent
    };
    (verdict, 1.0 - p)
}

/// "caption names Ilhan Omar, Nancy Pelosi; the article never does", naming the unsupported
/// people (or, when it names none, the unsupported places and organisations).
fn mismatch_message(judged: &[Judged], e: &Evidence) -> String {
    let unsupported = |kind: Option<EntityKind>| -> Vec<String> {
        let mut v: Vec<String> = judged
            .iter()
            .filter(|j| j.support < Support::Contained && kind.is_none_or(|k| j.mention.kind == k))
            .map(|j| shown(&j.mention))
            .collect();
        v.sort();
        v
    };
    let mut names = unsupported(Some(EntityKind::Person));
    if names.is_empty() {
        names = unsupported(None);
    }
    if names.is_empty() {
        // Judged on its words: say so, rather than name nobody.
        return format!(
            "caption reads as another story: only {:.0}% of its words are the article's, and nothing it names is",
            (e.word_overlap * 100.0).clamp(0.0, 100.0)
        );
    }
    format!("caption names {}; the article never does", names.join(", "))
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
        places_contained: round2(e.places_contained),
        word_overlap: round2(e.word_overlap),
        topic_overlap: round2(e.topic_overlap),
        caption_words: round2(e.caption_words),
        others_flagged: e.others_flagged,
        semantic: e.semantic.map(round2),
    }
}

/// A finding of `rule` on the figure.
fn finding(fig: &Figure, rule: Rule, message: String) -> Finding {
    Finding::new(rule, fig.index, message)
}

#[cfg(test)]
mod tests;
