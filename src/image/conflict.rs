//! The embedded-metadata rules: the file's own caption or people against the page caption's
//! (`embedded-caption-conflict`), and its date taken against the caption's date
//! (`embedded-date-conflict`).

use crate::entities::{self, names, Lexicon};
use crate::parse::credit;
use crate::parse::dates::find_dates;
use crate::types::PartialDate;
use crate::types::{DateSource, EmbeddedInfo, EntityKind, Finding, Message, Photo, Rule};

use super::embedded::Embedded;

/// Days by which the file's date taken and the caption's date may differ (time zones, a
/// caption dated on publication day, an agency filing late).
pub const MAX_DATE_GAP_DAYS: i64 = 3;

/// The people a text names (full names as canonicalised, lone words only when they are known
/// to be people), each once.
pub fn people_in(text: &str, lex: &Lexicon) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in entities::extract(&credit::mask_inline_credits(text), lex) {
        if m.kind == EntityKind::Person && !m.weak && !out.contains(&m.canonical) {
            out.push(m.canonical);
        }
    }
    out
}

/// The people the file says are shown: its PersonInImage list, then the people its own
/// caption names, each once.
pub fn embedded_people(found: &Embedded, lex: &Lexicon) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let from_caption = found
        .caption
        .as_deref()
        .map(|c| people_in(c, lex))
        .unwrap_or_default();
    for name in found.people.iter().cloned().chain(from_caption) {
        if !out.iter().any(|o| same(o, &name)) {
            out.push(name);
        }
    }
    out
}

/// True when two names can be the same person (a lone surname allowed on either side).
pub fn same(a: &str, b: &str) -> bool {
    let (ta, tb) = (names::name_tokens(a), names::name_tokens(b));
    match (ta.as_slice(), tb.as_slice()) {
        ([], _) | (_, []) => false,
        ([one], _) if tb.len() > 1 => names::single_refers_to(one, &tb),
        (_, [one]) if ta.len() > 1 => names::single_refers_to(one, &ta),
        ([x], [y]) => names::same_token(x, y),
        _ => names::same_person(&ta, &tb),
    }
}

/// The embedded-metadata findings for one photo whose `embedded` and `people` are filled in.
pub fn findings(photo: &Photo) -> Vec<Finding> {
    let (Some(file), Some(caption)) = (photo.embedded.as_ref(), photo.caption.as_deref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(message) = caption_conflict(&photo.people, file) {
        out.push(Finding::new(
            Rule::EmbeddedCaptionConflict,
            photo.index,
            message,
        ));
    }
    if let Some(message) = date_conflict(caption, file) {
        out.push(Finding::new(
            Rule::EmbeddedDateConflict,
            photo.index,
            message,
        ));
    }
    out
}

/// `caption-date-after-publication` from the file's own date taken, unless the caption already
/// raised it on this photo (`earlier` are the findings so far).
pub fn taken_after_publication(
    photo: &Photo,
    published: Option<&PartialDate>,
    earlier: &[Finding],
) -> Option<Finding> {
    let published = published?;
    let taken = photo.embedded.as_ref()?.taken?;
    let already = earlier
        .iter()
        .any(|f| f.image == photo.index && f.rule == Rule::DateAfterPublication);
    (!already && crate::score::dates::is_after(&taken, published)).then(|| {
        let msg = Message::AfterPublication {
            source: DateSource::ImageFile,
            photo: taken,
            published: *published,
        };
        Finding::new(Rule::DateAfterPublication, photo.index, msg.to_string())
    })
}

/// A message when the page caption (whose people are `page`) and the file both name people
/// and share none.
fn caption_conflict(page: &[String], file: &EmbeddedInfo) -> Option<String> {
    if page.is_empty() || file.people.is_empty() {
        return None;
    }
    if page.iter().any(|p| file.people.iter().any(|f| same(p, f))) {
        return None;
    }
    let msg = Message::FileNamesOthers {
        file: file.people.clone(),
        page: page.to_vec(),
    };
    Some(msg.to_string())
}

/// A message when the caption's day and the file's day taken are more than a few days apart.
/// Only dates given to the day are compared: a month or year says too little.
fn date_conflict(caption: &str, file: &EmbeddedInfo) -> Option<String> {
    let taken = file.taken?;
    let dates = find_dates(caption);
    let page = crate::score::dates::photo_date(&dates)?;
    if taken.day.is_none() || page.value.day.is_none() {
        return None;
    }
    let gap = (taken.days_since_epoch_lower() - page.value.days_since_epoch_lower()).abs();
    (gap > MAX_DATE_GAP_DAYS).then(|| {
        Message::DatesApart {
            caption: page.value,
            taken,
            days: gap,
        }
        .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_by_full_name_or_surname() {
        assert!(same("Felix Brandt", "Brandt"));
        assert!(same("Mayor Felix Brandt", "Felix Brandt") || same("Felix Brandt", "Felix Brandt"));
        assert!(!same("Felix Brandt", "Maren Oduya"));
        assert!(!same("Felix Brandt", "Fiona Brandt"));
    }

    #[test]
    fn conflict_needs_people_on_both_sides() {
        let lex = Lexicon::builtin();
        let file = |people: &[&str]| EmbeddedInfo {
            caption: None,
            date: None,
            taken: None,
            people: people.iter().map(|s| s.to_string()).collect(),
            credit: None,
        };
        let caption = "Senator Maren Oduya speaks in Lyon on May 2, 2021.";
        let page = people_in(caption, &lex);
        assert!(caption_conflict(&page, &file(&["Felix Brandt"])).is_some());
        assert!(caption_conflict(&page, &file(&["Maren Oduya"])).is_none());
        assert!(caption_conflict(&page, &file(&["Oduya"])).is_none());
        assert!(caption_conflict(&page, &file(&[])).is_none());
        let quiet = people_in("A quiet harbour at dawn.", &lex);
        assert!(caption_conflict(&quiet, &file(&["Felix Brandt"])).is_none());
        let dated = |d: &str| EmbeddedInfo {
            date: Some(d.into()),
            taken: crate::parse::dates::parse_published(d),
            ..file(&[])
        };
        assert!(date_conflict(caption, &dated("2021-05-04")).is_none());
        assert!(date_conflict(caption, &dated("2021-05-09")).is_some());
        assert!(date_conflict(caption, &dated("2021")).is_none());
    }
}
