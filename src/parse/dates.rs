//! The date grammar: dates in captions and page metadata, with their precision. It lives in
//! `parse` because reading a page already needs it (the publication date, a text page's date
//! line); captions are read with it later.
//!
//! Only dates with a year are reported: a caption's `Sept. 3` cannot be compared with a
//! publication date without guessing the year, and a wrong guess would raise false findings.

use std::sync::LazyLock;

use super::pattern::{Groups, Lazy};

#[cfg(test)]
use crate::types::date::days_from_civil;
use crate::types::{DateMention, PartialDate};

/// Month names and abbreviations (AP style included), one word each, as the date patterns
/// read them before any trailing full stop.
const MONTH_NAMES: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "febr",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
];

/// The alternation of [`MONTH_NAMES`] the date patterns embed, derived so the two cannot drift.
fn month_pattern() -> String {
    format!("(?:{})", MONTH_NAMES.join("|"))
}

/// Whether a lowercase word is a month name or abbreviation as the date patterns read them.
pub fn is_month_name(word: &str) -> bool {
    MONTH_NAMES.contains(&word)
}

/// A word every one of [`MONTH_NAMES`] starts with: a text (ASCII-folded) holding none of
/// them cannot match a month pattern, which is then neither compiled nor run.
const MONTH_STEMS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Whether a text may hold a month name, for the month patterns (see [`MONTH_STEMS`]).
fn may_name_month(text: &str) -> bool {
    crate::parse::gated::may_contain(
        crate::parse::gated::ascii_folded(text).as_deref(),
        MONTH_STEMS,
    )
}

/// Words after which a lone four-digit number is a year.
const YEAR_CUES: &str = r"(?:in|of|since|from|during|until|till|before|after|by|circa|ca\.|c\.|file|taken|dated|early|late|mid|mid-|summer|winter|spring|autumn|fall|year|around)";

/// Words after a number that make it a count or measure, not a year.
const COUNT_WORDS: &[&str] = &[
    "people",
    "persons",
    "men",
    "women",
    "children",
    "votes",
    "voters",
    "troops",
    "soldiers",
    "cases",
    "deaths",
    "dead",
    "residents",
    "students",
    "workers",
    "jobs",
    "homes",
    "houses",
    "cars",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "m",
    "feet",
    "ft",
    "kg",
    "tonnes",
    "tons",
    "dollars",
    "euros",
    "pounds",
    "yuan",
    "won",
    "yen",
    "rupees",
    "points",
    "units",
    "pages",
    "words",
    "copies",
    "participants",
    "delegates",
    "members",
    "seats",
    "hours",
    "minutes",
    "calories",
    "hectares",
    "acres",
    "barrels",
    "square",
];

/// `March 08, 2019`, `Oct. 6, 1949`, `MARCH 8 2019`, `Friday, June 20th, 2019`.
static MDY: LazyLock<Lazy> = LazyLock::new(|| {
    let month = month_pattern();
    Lazy::with_lazy_dfa(format!(
        r"(?i)\b(?P<m>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b,?\s+(?P<y>\d{{4}})\b"
    ))
});
/// `20 June 2019`, `20th of June, 2019`, `08 Mar 2019` (RFC 2822).
static DMY: LazyLock<Lazy> = LazyLock::new(|| {
    let month = month_pattern();
    Lazy::with_lazy_dfa(format!(
        r"(?i)\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{month})\b\.?,?\s+(?P<y>\d{{4}})\b"
    ))
});
/// `June 2019`, `March of 2019`.
static MY: LazyLock<Lazy> = LazyLock::new(|| {
    let month = month_pattern();
    Lazy::with_lazy_dfa(format!(
        r"(?i)\b(?P<m>{month})\b\.?,?\s+(?:of\s+)?(?P<y>\d{{4}})\b"
    ))
});
/// `2019-06-20`, `2019/06/20`, also inside timestamps (`2019-06-20T10:00Z`).
static YMD: Lazy = Lazy::static_with_lazy_dfa(
    r"\b(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P<sep2>[-/])(?P<d>\d{1,2})(?:\b|T)",
);
/// `6/20/2019` (US order; read day-first only when the first number cannot be a month)
/// and `20.06.2019` (European order).
static NUMERIC: Lazy = Lazy::static_with_lazy_dfa(
    r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P<sep2>[/.])(?P<y>\d{4})\b",
);
/// `in 2019`, `since 1998`, `FILE 2011`: a year with a cue word before it.
static CUED_YEAR: LazyLock<Lazy> = LazyLock::new(|| {
    Lazy::with_lazy_dfa(format!(
        r"(?i)\b{YEAR_CUES}\s*(?P<y>(?:19|20)\d\d)\b(?P<after>\s*\S*)"
    ))
});

/// A date read from a match: its byte span in the text and its value.
type Reading = Option<(usize, usize, PartialDate)>;

/// Finds the dates a text names.
pub fn find_dates(text: &str) -> Vec<DateMention> {
    let mut found: Vec<DateMention> = Vec::new();
    // Every pattern needs a digit (`\d` is a Unicode decimal digit, which `is_numeric`
    // includes); without one, none is compiled or run.
    if !text.chars().any(char::is_numeric) {
        return found;
    }
    let months = may_name_month(text);
    let mut add = |re: &Lazy, read: &dyn Fn(&Groups) -> Reading| {
        let Some(re) = re.to_search(text) else { return };
        for caps in re.captures_iter(text) {
            if let Some((s, e, value)) = read(&caps) {
                if let Some(t) = text.get(s..e) {
                    found.push(DateMention {
                        text: t.to_string(),
                        value,
                        start: s,
                        year_inferred: false,
                        other_time: false,
                    });
                }
            }
        }
    };
    if months {
        add(&MDY, &|c| written(c, true));
        add(&DMY, &|c| written(c, true));
        add(&MY, &|c| written(c, false));
    }
    let shapes = Shapes::of(text);
    if shapes.ymd {
        add(&YMD, &iso_date);
    }
    if shapes.numeric {
        add(&NUMERIC, &numeric_date);
    }
    if shapes.year {
        add(&CUED_YEAR, &cued_year);
    }
    most_precise(text, found)
}

/// What the numeric patterns need, found in one pass over a text: a digit, a separator and a
/// digit in a row (`-` or `/` for [`YMD`], `/` or `.` for [`NUMERIC`]), and a year from 1900
/// to 2099 ([`CUED_YEAR`]). A text holding none of a pattern's shape is spared its search (and
/// a small page its compilation). Only a narrow text is read so (its `\d` is an ASCII digit):
/// another may hold digits of other scripts, and is searched whatever it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shapes {
    ymd: bool,
    numeric: bool,
    year: bool,
}

impl Shapes {
    fn of(text: &str) -> Shapes {
        if !crate::parse::pattern::is_narrow(text) {
            return Shapes {
                ymd: true,
                numeric: true,
                year: true,
            };
        }
        let b = text.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let mut s = Shapes {
            ymd: false,
            numeric: false,
            year: false,
        };
        for (i, &c) in b.iter().enumerate() {
            if !c.is_ascii_digit() {
                continue;
            }
            let next = b.get(i + 1).copied();
            if matches!(next, Some(b'-' | b'/' | b'.')) && digit(i + 2) {
                s.ymd |= next != Some(b'.');
                s.numeric |= next != Some(b'-');
            }
            s.year |= matches!((c, next), (b'1', Some(b'9')) | (b'2', Some(b'0')))
                && digit(i + 2)
                && digit(i + 3);
        }
        s
    }
}

/// `2024-05-01`: a year-first date with one separator throughout.
fn iso_date(c: &Groups) -> Reading {
    let same_sep = c.name("sep")?.as_str() == c.name("sep2")?.as_str();
    let v = PartialDate::new(num(c, "y")?, Some(num(c, "m")?), Some(num(c, "d")?))?;
    let whole = c.get(0)?;
    let end = c.name("d")?.end();
    (same_sep && plausible_year(v.year)).then_some((whole.start(), end, v))
}

/// `05/01/2024` (US, month first) or `01.05.2024` (European, day first).
fn numeric_date(c: &Groups) -> Reading {
    let sep = c.name("sep")?.as_str();
    if sep != c.name("sep2")?.as_str() {
        return None;
    }
    let (a, b, y): (u8, u8, i32) = (num(c, "a")?, num(c, "b")?, num(c, "y")?);
    // Slashes are US month-first; dots are European day-first.
    let (m, d) = match sep {
        "/" if a <= 12 => (a, b),
        "/" => (b, a),
        _ => (b, a),
    };
    let v = PartialDate::new(y, Some(m), Some(d))?;
    let whole = c.get(0)?;
    plausible_year(y).then_some((whole.start(), whole.end(), v))
}

/// `in 2019`: the year after a cue word, unless the words around it make it a count
/// (`by 2019 votes`, `a crowd of 2019 people`, `2019%`).
fn cued_year(c: &Groups) -> Reading {
    let y = c.name("y")?;
    let after = c.name("after").map_or("", |m| m.as_str()).trim();
    let next = after
        .trim_end_matches(|ch: char| !ch.is_alphanumeric())
        .to_lowercase();
    let whole = c.get(0)?;
    // y lies inside the whole match, so the offset difference is in range.
    let cue = whole
        .as_str()
        .get(..y.start() - whole.start())
        .unwrap_or("")
        .trim()
        .to_lowercase();
    // "in 2019 people voted" is a year; "by 2019 votes" or "around 2019 people" a count.
    let strong = matches!(
        cue.as_str(),
        "in" | "since" | "during" | "file" | "taken" | "dated"
    );
    if after.starts_with('%') || (!strong && COUNT_WORDS.contains(&next.as_str())) {
        return None;
    }
    // "a crowd of 2019 people": after `of`, a lowercase word means a count.
    if cue == "of" && after.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let v = PartialDate::new(y.as_str().parse().ok()?, None, None)?;
    Some((y.start(), y.end(), v))
}

/// The readings that do not overlap a more precise one (longest first, then leftmost), in text
/// order, each marked when its clause puts it at another time.
fn most_precise(text: &str, mut found: Vec<DateMention>) -> Vec<DateMention> {
    found.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.start.cmp(&b.start)));
    let mut kept: Vec<DateMention> = Vec::new();
    for m in found {
        let end = m.start + m.text.len();
        if kept
            .iter()
            .all(|k| end <= k.start || m.start >= k.start + k.text.len())
        {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.start);
    for m in &mut kept {
        m.other_time = CONTEXT.other_time(text, m.start, m.start + m.text.len());
    }
    kept
}

/// The words of `rules/date-context.tsv`, by kind.
#[derive(Debug, Default)]
struct DateContext {
    /// Words (or phrases, as word lists) of a clause that make its date a forecast or plan.
    forecast: Vec<Vec<String>>,
    /// Words of a clause that make its date the time of something else (a birth).
    other: Vec<Vec<String>>,
    /// Words right before a date that make it a limit or a start.
    bound: Vec<String>,
    /// Words that may stand between a bound and its date.
    between: Vec<String>,
}

/// The date-context word lists, compiled into the binary.
pub const DATE_CONTEXT: &str = include_str!("../../rules/date-context.tsv");

static CONTEXT: LazyLock<DateContext> = LazyLock::new(|| DateContext::parse(DATE_CONTEXT));

/// Bytes of a clause read on each side of a date: a caption's clause is far shorter, and the
/// bound keeps a run of text with thousands of dates and no punctuation linear to read.
const CLAUSE_MAX_BYTES: usize = 400;

/// Whether a character ends a clause: sentence and clause punctuation, dashes, brackets, quotes.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '—' | '–' | '"' | '“' | '”'
    ) || c == '\n'
}

/// The words of a text as written (letters, digits and apostrophes, a curly one read as
/// straight).
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'"))
        .collect()
}

/// The last `n` bytes of a text or a little fewer, cut at a character boundary.
fn tail(text: &str, n: usize) -> &str {
    let mut from = text.len().saturating_sub(n);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}

/// The first `n` bytes of a text or a little fewer, cut at a character boundary.
fn head(text: &str, n: usize) -> &str {
    let mut to = n.min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[..to]
}

/// Whether `phrase` occurs in `words` as consecutive words.
fn has_phrase(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

impl DateContext {
    /// Reads the `kind<TAB>words` lines; unknown kinds and malformed lines are left out (the
    /// data tests reject them).
    fn parse(text: &str) -> Self {
        let mut out = DateContext::default();
        for line in text.lines() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((kind, words)) = line.split_once('\t') else {
                continue;
            };
            let phrase: Vec<String> = words.split_whitespace().map(str::to_string).collect();
            match kind.trim() {
                "forecast" => out.forecast.push(phrase),
                "other" => out.other.push(phrase),
                "bound" => out.bound.extend(phrase),
                "between" => out.between.extend(phrase),
                _ => {}
            }
        }
        out
    }

    /// Whether the date at `start..end` of `text` is another time than the photo's: its
    /// clause forecasts or plans (`could surpass … in 2023`), or tells of something else
    /// (`born in 1950`), or a bound stands right before it (`until 2031`).
    fn other_time(&self, text: &str, start: usize, end: usize) -> bool {
        let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
            return false;
        };
        let before = tail(before, CLAUSE_MAX_BYTES);
        let before = before.rfind(ends_clause).map_or(before, |i| &before[i..]);
        let after = head(after, CLAUSE_MAX_BYTES);
        let after = after.find(ends_clause).map_or(after, |i| &after[..i]);
        let (wb, wa) = (words_of(before), words_of(after));
        let said = |lists: &[Vec<String>]| {
            lists
                .iter()
                .any(|p| has_phrase(&wb, p) || has_phrase(&wa, p))
        };
        if said(&self.forecast) || said(&self.other) {
            return true;
        }
        wb.iter()
            .rev()
            .find(|w| !self.between.contains(w))
            .is_some_and(|w| self.bound.contains(w))
    }
}

/// `Sept. 3`, `November 26`: a month and day with no year after them.
static MD: LazyLock<Lazy> = LazyLock::new(|| {
    let month = month_pattern();
    Lazy::with_lazy_dfa(format!(
        r"(?i)\b(?P<m>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
    ))
});

/// Days after publication up to which a year-less date still means the publication's year
/// (later ones mean the year before: "Dec. 28" in a story of January 3).
const YEARLESS_GRACE_DAYS: i64 = 7;

/// Finds the dates a text names, also month-and-day dates without a year (`Sept. 3`), whose
/// year news style leaves to the publication date.
pub fn find_dates_in(text: &str, published: Option<PartialDate>) -> Vec<DateMention> {
    let mut found = find_dates(text);
    // MD needs a digit and a month name, as find_dates's patterns do.
    if !text.chars().any(char::is_numeric) || !may_name_month(text) {
        return found;
    }
    let (Some(pubdate), Some(re)) = (published.filter(|p| p.day.is_some()), MD.to_search(text))
    else {
        return found;
    };
    let mut extra = Vec::new();
    for c in re.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        let taken = found
            .iter()
            .any(|f| whole.start() < f.start + f.text.len() && f.start < whole.end());
        let mw = c.name("m").map_or("", |m| m.as_str());
        // "may" and "mar" in lower case are words, not months.
        if taken || mw == "may" || mw == "mar" {
            continue;
        }
        let (Some(month), Some(day)) = (month_number(mw), num::<u8>(&c, "d")) else {
            continue;
        };
        // Agency datelines repeat the day in full later on ("MARCH 14: ... on March 14, 2019"):
        // that date's year is this one's.
        if let Some(same) = found
            .iter()
            .find(|f| f.value.month == Some(month) && f.value.day == Some(day))
        {
            let value = same.value;
            extra.push(DateMention {
                text: whole.as_str().to_string(),
                value,
                start: whole.start(),
                year_inferred: false,
                other_time: CONTEXT.other_time(text, whole.start(), whole.end()),
            });
            continue;
        }
        let Some(mut value) = PartialDate::new(pubdate.year, Some(month), Some(day)) else {
            continue;
        };
        if value.days_since_epoch_lower() > pubdate.days_since_epoch_upper() + YEARLESS_GRACE_DAYS {
            let Some(earlier) = PartialDate::new(pubdate.year - 1, Some(month), Some(day)) else {
                continue;
            };
            value = earlier;
        }
        extra.push(DateMention {
            text: whole.as_str().to_string(),
            value,
            start: whole.start(),
            year_inferred: true,
            other_time: CONTEXT.other_time(text, whole.start(), whole.end()),
        });
    }
    found.extend(extra);
    found.sort_by_key(|m| m.start);
    found
}

/// Reads a page's publication date (ISO 8601, RFC 2822 or a written date).
pub fn parse_published(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if let Some(d) = iso_like(s) {
        return Some(d);
    }
    // Epoch seconds or milliseconds, as some pages put in their metadata.
    if s.bytes().all(|b| b.is_ascii_digit()) && (s.len() == 10 || s.len() == 13) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() == 13 { n / 1000 } else { n };
        let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
        return PartialDate::new(y, Some(m), Some(d));
    }
    let dates = find_dates(s);
    // A page's date line names one date; take the most precise, the first among equals.
    dates
        .iter()
        .max_by_key(|m| {
            (
                m.value.month.is_some(),
                m.value.day.is_some(),
                std::cmp::Reverse(m.start),
            )
        })
        .map(|m| m.value)
}

/// ISO 8601 / RFC 3339 (`2019-03-08`, `2019-03-08T14:00:00+05:30`), `2019-03`, `2019` and
/// the compact `20190308`. The date is kept as written: the page's own calendar day is its
/// publication date, so the offset is not applied.
fn iso_like(s: &str) -> Option<PartialDate> {
    static ISO: Lazy = Lazy::from_static(
        r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?)?)?$",
    );
    static COMPACT: Lazy = Lazy::from_static(
        r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T\d{2}(?:\d{2}(?:\d{2})?)?(?:Z|[+-]\d{4})?)?$",
    );
    for re in [&ISO, &COMPACT] {
        let Some(c) = re.to_search(s).and_then(|re| re.captures(s)) else {
            continue;
        };
        let y: i32 = num(&c, "y")?;
        let m: Option<u8> = c.name("m").and_then(|m| m.as_str().parse().ok());
        let d: Option<u8> = c.name("d").and_then(|d| d.as_str().parse().ok());
        if !plausible_year(y) {
            return None;
        }
        return PartialDate::new(y, m, d);
    }
    None
}

/// Reads a written date match (month name, day if `with_day`, year).
fn written(c: &Groups, with_day: bool) -> Reading {
    let mw = c.name("m")?.as_str();
    // "may" in lower case is the verb; the month is written "May" or "MAY".
    if mw == "may" || mw == "mar" {
        return None;
    }
    let month = month_number(mw)?;
    let year: i32 = num(c, "y")?;
    if !plausible_year(year) {
        return None;
    }
    let day = if with_day { Some(num(c, "d")?) } else { None };
    let v = PartialDate::new(year, Some(month), day)?;
    let whole = c.get(0)?;
    Some((whole.start(), whole.end(), v))
}

/// The month number of a name or abbreviation, any case.
fn month_number(word: &str) -> Option<u8> {
    let w = word.to_ascii_lowercase();
    let prefix = w.get(..3)?;
    let n = match prefix {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

/// A named capture parsed as a number.
fn num<T: std::str::FromStr>(c: &Groups, name: &str) -> Option<T> {
    c.name(name)?.as_str().parse().ok()
}

/// Years a news photo or page can carry; other four-digit numbers are codes or counts.
fn plausible_year(y: i32) -> bool {
    (1800..=2199).contains(&y)
}

/// The civil date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // d is 1..=31 and m 1..=12 by construction; the year is clamped for absurd inputs.
    let y = i32::try_from(y).unwrap_or(if y < 0 { i32::MIN } else { i32::MAX });
    (
        y,
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod context_tests {
    use super::*;

    /// The values of the dates that may date a photo.
    fn photo_time(text: &str) -> Vec<String> {
        find_dates(text)
            .iter()
            .filter(|d| !d.other_time)
            .map(|d| d.value.iso())
            .collect()
    }

    #[test]
    fn forecasts_plans_and_bounds_are_another_time() {
        for t in [
            "Interest payments could surpass the defence budget in 2023.",
            "The hull is expected to be finished by 2030.",
            "Officials say the line will open in March 2026.",
            "Tolls stay frozen until 2031.",
            "Ferries will run until the end of 2031.",
            "The mayor, in office since 1998, speaks.",
            "The writer, who was born in 1950, signs books.",
            "The governor plans to open the quay in 2025.",
        ] {
            assert_eq!(photo_time(t), Vec::<String>::new(), "{t:?}");
        }
    }

    #[test]
    fn the_photo_s_own_time_is_kept_beside_them() {
        assert_eq!(
            photo_time("A ferry docks on June 3, 2019; the line will close in 2030."),
            ["2019-06-03"]
        );
        assert_eq!(
            photo_time("The mayor, in office since 1998, speaks in Oslo in May 2019."),
            ["2019-05"]
        );
        // `May` the month is no `may` the verb.
        assert_eq!(photo_time("Crowds gather in May 2019."), ["2019-05"]);
        assert_eq!(photo_time("Fans wait in 2019 near the stadium."), ["2019"]);
    }

    #[test]
    fn the_word_lists_are_read() {
        assert!(!CONTEXT.forecast.is_empty() && !CONTEXT.other.is_empty());
        assert!(CONTEXT.bound.iter().any(|w| w == "until"));
        assert!(CONTEXT.between.iter().any(|w| w == "end"));
        // A clause longer than the bound is read only near the date: no panic on any cut.
        let long = format!("{} will {}in 2019", "é".repeat(500), "ü ".repeat(300));
        assert_eq!(photo_time(&long), ["2019"]);
    }
}

#[cfg(test)]
mod yearless_tests {
    use super::*;

    #[test]
    fn month_and_day_take_the_year_of_the_same_day_written_in_full() {
        let published = PartialDate::new(2025, Some(8), Some(2));
        let found = find_dates_in(
            "WASHINGTON, DC - MARCH 14: A senator speaks on March 14, 2019 in Washington.",
            published,
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .all(|d| Some(d.value) == PartialDate::new(2019, Some(3), Some(14))),
            "{found:?}"
        );
    }

    #[test]
    fn month_and_day_take_the_publication_year() {
        let published = PartialDate::new(2024, Some(9), Some(5));
        let found = find_dates_in("Crews work on Sept. 3 and on Dec. 28.", published);
        let values: Vec<String> = found.iter().map(|d| d.value.iso()).collect();
        assert_eq!(values, ["2024-09-03", "2023-12-28"]);
        assert!(found.iter().all(|d| d.year_inferred));
        assert!(find_dates_in("on Sept. 3", None).is_empty());
        let dated = find_dates_in("on March 8, 2019", published);
        assert_eq!(dated.len(), 1);
        assert!(!dated[0].year_inferred);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_without_a_shape_match_none_of_its_patterns() {
        let texts = [
            "",
            "1",
            "in 2019",
            "on 2019-06-20",
            "2019/6/2",
            "20.06.2019",
            "6/20/2019",
            "3.5 m",
            "1-2 win",
            "about 1850 people",
            "since 2101",
            "2 0 1 9",
            "19 20",
            "1920s",
            "x-1",
            "1-",
            "a 12/ 3",
            "Mosc\u{f6}w 2019-1-1",
            "\u{661}\u{662}-\u{663}",
            "in \u{662}\u{660}\u{661}\u{669}",
        ];
        for t in texts {
            let s = Shapes::of(t);
            let finds = |re: &Lazy| re.get().is_some_and(|p| p.find(t).is_some());
            assert!(s.ymd || !finds(&YMD), "{t:?}");
            assert!(s.numeric || !finds(&NUMERIC), "{t:?}");
            assert!(s.year || !finds(&CUED_YEAR), "{t:?}");
        }
        assert_eq!(
            Shapes::of("on 2019-06-20"),
            Shapes {
                ymd: true,
                numeric: false,
                year: true
            }
        );
        assert_eq!(
            Shapes::of("a 3.5 m wall"),
            Shapes {
                ymd: false,
                numeric: true,
                year: false
            }
        );
    }

    fn ymd(y: i32, m: u8, d: u8) -> PartialDate {
        PartialDate {
            year: y,
            month: Some(m),
            day: Some(d),
        }
    }

    fn ym(y: i32, m: u8) -> PartialDate {
        PartialDate {
            year: y,
            month: Some(m),
            day: None,
        }
    }

    fn year(y: i32) -> PartialDate {
        PartialDate {
            year: y,
            month: None,
            day: None,
        }
    }

    fn one(text: &str) -> (String, PartialDate) {
        let found = find_dates(text);
        assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
        let m = &found[0];
        assert_eq!(
            text.get(m.start..m.start + m.text.len()),
            Some(m.text.as_str())
        );
        (m.text.clone(), m.value)
    }

    #[test]
    fn month_day_year() {
        assert_eq!(
            one("on March 08, 2019 in Oslo"),
            ("March 08, 2019".into(), ymd(2019, 3, 8))
        );
        assert_eq!(one("March 8 2019").1, ymd(2019, 3, 8));
        assert_eq!(one("ties on Oct. 6, 1949, their").1, ymd(1949, 10, 6));
        assert_eq!(one("Sept. 3, 2001").1, ymd(2001, 9, 3));
        assert_eq!(one("Sep 3, 2001").1, ymd(2001, 9, 3));
        assert_eq!(one("Aug. 12, 2020").1, ymd(2020, 8, 12));
        assert_eq!(one("MARCH 8, 2019").1, ymd(2019, 3, 8));
        assert_eq!(one("Friday, June 21st, 2019").1, ymd(2019, 6, 21));
        assert_eq!(one("Feb. 29, 2020").1, ymd(2020, 2, 29));
        assert_eq!(one("May 1, 2018").1, ymd(2018, 5, 1));
    }

    #[test]
    fn day_month_year_and_month_year() {
        assert_eq!(one("20 June 2019").1, ymd(2019, 6, 20));
        assert_eq!(one("the 4th of July, 1976").1, ymd(1976, 7, 4));
        assert_eq!(one("Fri, 08 Mar 2019 14:00:00 GMT").1, ymd(2019, 3, 8));
        assert_eq!(one("taken in June 2019").1, ym(2019, 6));
        assert_eq!(one("in March of 2019").1, ym(2019, 3));
        assert_eq!(one("DECEMBER 1999").1, ym(1999, 12));
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(one("2019-06-20").1, ymd(2019, 6, 20));
        assert_eq!(one("at 2019-06-20T10:00:00Z").1, ymd(2019, 6, 20));
        assert_eq!(one("6/20/2019").1, ymd(2019, 6, 20));
        assert_eq!(one("20/6/2019").1, ymd(2019, 6, 20));
        assert_eq!(one("20.06.2019").1, ymd(2019, 6, 20));
    }

    #[test]
    fn cued_years() {
        assert_eq!(one("elected in 2019").1, year(2019));
        assert_eq!(one("in power since 1998,").1, year(1998));
        assert_eq!(one("during 1950 the city grew").1, year(1950));
        assert_eq!(one("the floods of 2011").1, year(2011));
        assert_eq!(one("In 2019 people voted").1, year(2019));
        assert_eq!(one("mid-2020").1, year(2020));
    }

    #[test]
    fn several_dates_in_order() {
        let found = find_dates("Seen on June 20, 2019 and again in 2021, first met Oct. 6, 1949.");
        let values: Vec<String> = found.iter().map(|m| m.value.iso()).collect();
        assert_eq!(values, ["2019-06-20", "2021", "1949-10-06"]);
    }

    #[test]
    fn not_dates() {
        for t in [
            "Sept. 3",
            "on March 8",
            "2019 people marched",
            "a crowd of 2019 people",
            "won by 2019 votes",
            "around 2019 people came",
            "up 2019%",
            "February 30, 2019",
            "April 31 2019",
            "Feb. 29, 2019",
            "13/13/2019",
            "2019-13-01",
            "2019-02-30",
            "room 2019",
            "call 555-2019",
            "they may 2019",
            "Flight 1949 landed",
            "the 1990s",
            "in 3000",
            "in 1750",
            "Marching 2019",
            "",
            "in",
            "June",
            "31 12 2019",
            "Ünïcödé 日本 2019年",
        ] {
            assert!(find_dates(t).is_empty(), "{t:?} gave {:?}", find_dates(t));
        }
    }

    #[test]
    fn published_formats() {
        assert_eq!(
            parse_published("2019-03-08T14:00:00Z"),
            Some(ymd(2019, 3, 8))
        );
        assert_eq!(
            parse_published("2019-03-08T14:00:00+05:30"),
            Some(ymd(2019, 3, 8))
        );
        assert_eq!(
            parse_published("2019-03-08T23:30:00.123-05:00"),
            Some(ymd(2019, 3, 8))
        );
        assert_eq!(parse_published("2019-03-08 14:00"), Some(ymd(2019, 3, 8)));
        assert_eq!(parse_published(" 2019-03-08 "), Some(ymd(2019, 3, 8)));
        assert_eq!(parse_published("2019-03"), Some(ym(2019, 3)));
        assert_eq!(parse_published("2019"), Some(year(2019)));
        assert_eq!(
            parse_published("Fri, 08 Mar 2019 14:00:00 GMT"),
            Some(ymd(2019, 3, 8))
        );
        assert_eq!(parse_published("20190308"), Some(ymd(2019, 3, 8)));
        assert_eq!(parse_published("20190308T140000Z"), Some(ymd(2019, 3, 8)));
        assert_eq!(
            parse_published("Published: Sept. 3, 2019 10:31 AM"),
            Some(ymd(2019, 9, 3))
        );
        assert_eq!(
            parse_published("Updated 7 October 2024"),
            Some(ymd(2024, 10, 7))
        );
        assert_eq!(parse_published("1552053600"), Some(ymd(2019, 3, 8)));
        assert_eq!(parse_published("1552053600000"), Some(ymd(2019, 3, 8)));
    }

    #[test]
    fn published_rejects() {
        for t in [
            "",
            "yesterday",
            "2 hours ago",
            "Sept. 3",
            "2019-02-30",
            "20191340",
            "99999999",
            "abc2019",
        ] {
            assert_eq!(parse_published(t), None, "{t:?}");
        }
    }

    #[test]
    fn comparisons_respect_precision() {
        let pub_day = ymd(2019, 3, 8);
        assert_eq!(ymd(2019, 3, 9).is_after(&pub_day), Some(true));
        assert_eq!(ymd(2019, 3, 8).is_after(&pub_day), Some(false));
        assert_eq!(ym(2019, 3).is_after(&pub_day), None);
        assert_eq!(year(2019).is_after(&pub_day), None);
        assert_eq!(year(2020).is_after(&pub_day), Some(true));
        assert_eq!(ym(2019, 2).is_after(&pub_day), Some(false));

        let story = ymd(2024, 10, 6);
        let years = ymd(2019, 6, 20).years_before(&story).unwrap_or(0.0);
        assert!((years - 5.3).abs() < 0.05, "{years}");
        assert!(year(2023).years_before(&story).is_some_and(|y| y < 1.0));
        assert_eq!(year(2024).years_before(&story), None);
        assert_eq!(ymd(2024, 10, 6).years_before(&story), Some(0.0));
    }

    #[test]
    fn epoch_days_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(ymd(2000, 3, 1).days_since_epoch_lower(), 11_017);
        for z in [-1_000_000, -1, 0, 1, 11_017, 17_963, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(
            ym(2020, 2).days_since_epoch_upper() - ym(2020, 2).days_since_epoch_lower(),
            28
        );
    }

    #[test]
    fn validation() {
        assert!(PartialDate::new(2019, Some(2), Some(29)).is_none());
        assert!(PartialDate::new(2000, Some(2), Some(29)).is_some());
        assert!(PartialDate::new(1900, Some(2), Some(29)).is_none());
        assert!(PartialDate::new(2019, None, Some(3)).is_none());
        assert!(PartialDate::new(2019, Some(0), None).is_none());
        assert_eq!(ymd(2019, 3, 8).iso(), "2019-03-08");
    }
}
