//! What a finding says, as typed parts (the article's people and places, the caption's, the
//! dates), rendered once into the one plain English sentence every report format shows.

use std::fmt;

use super::PartialDate;

/// Named things on one side of a comparison, each list in the order it is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// People.
    pub people: Vec<String>,
    /// Places.
    pub places: Vec<String>,
    /// Organisations, events and other named things.
    pub others: Vec<String>,
}

impl Names {
    /// Whether nothing is named.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.places.is_empty() && self.others.is_empty()
    }

    /// `Xi Jinping and Kim Jong-un in Pyongyang`, `Acme Corp`, `Oslo`: the people and other
    /// names, then the places after `in`.
    fn phrase(&self) -> String {
        let who: Vec<&str> = self
            .people
            .iter()
            .chain(&self.others)
            .map(String::as_str)
            .collect();
        let places: Vec<&str> = self.places.iter().map(String::as_str).collect();
        match (who.is_empty(), places.is_empty()) {
            (false, false) => format!("{} in {}", listed(&who), listed(&places)),
            (false, true) => listed(&who),
            (true, _) => listed(&places),
        }
    }
}

/// Where a date that comes after publication was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The page caption.
    Caption,
    /// The image file's own date taken.
    ImageFile,
}

/// The words of one finding.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// The caption names people or places the article never mentions.
    NamesElsewhere {
        /// What the article is about (its heaviest people and place).
        article: Names,
        /// What the caption names that the article never does.
        caption: Names,
    },
    /// The caption names nothing the article does and shares few of its words.
    OtherStory {
        /// What the article is about.
        article: Names,
        /// The share of the caption's topical words the article uses, in percent.
        shared_percent: u32,
    },
    /// A date of the photo after the article's publication.
    AfterPublication {
        /// Where the date was read.
        source: DateSource,
        /// The photo's date.
        photo: PartialDate,
        /// The publication date.
        published: PartialDate,
    },
    /// A photo years older than its story, not marked as a file photo.
    Stale {
        /// The photo's date.
        photo: PartialDate,
        /// Whole years by which it precedes the story (at least one).
        years: i64,
        /// The publication date.
        published: PartialDate,
    },
    /// The image file's own caption names other people than the page caption.
    FileNamesOthers {
        /// The people the file names.
        file: Vec<String>,
        /// The people the page caption names.
        page: Vec<String>,
    },
    /// The caption's date and the file's date taken are days apart.
    DatesApart {
        /// The caption's date of the photo.
        caption: PartialDate,
        /// The file's date taken.
        taken: PartialDate,
        /// Days between them.
        days: i64,
    },
    /// The same picture is captioned with other people on another page.
    CaptionedElsewhere {
        /// The other page.
        path: String,
        /// The photo's index on that page.
        index: usize,
        /// The people named there.
        there: Vec<String>,
        /// The people named here.
        here: Vec<String>,
    },
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::NamesElsewhere { article, caption } => names_elsewhere(f, article, caption),
            Message::OtherStory {
                article,
                shared_percent,
            } => {
                about(f, article)?;
                write!(
                    f,
                    " reads as another story: it names nothing the article does, \
                     and only {shared_percent}% of its words are the article's"
                )
            }
            Message::AfterPublication {
                source,
                photo,
                published,
            } => after_publication(f, *source, photo, published),
            Message::Stale {
                photo,
                years,
                published,
            } => write!(
                f,
                "The photo is dated {}, {} before the article (published {}), and is not \
                 marked as a file photo",
                written(photo),
                years_in_words(*years),
                written(published)
            ),
            Message::FileNamesOthers { file, page } => write!(
                f,
                "The image file's own caption names {}; the page caption names {} instead",
                listed(file),
                listed(page)
            ),
            Message::DatesApart {
                caption,
                taken,
                days,
            } => write!(
                f,
                "The caption dates the photo {}, but the image file says it was taken {}, \
                 {days} days apart",
                written(caption),
                written(taken)
            ),
            Message::CaptionedElsewhere {
                path,
                index,
                there,
                here,
            } => write!(
                f,
                "The same picture is on {path} (photo #{index}), where its caption names {}; \
                 here the caption names {}",
                listed(there),
                listed(here)
            ),
        }
    }
}

/// `The article is about …; the caption names …`, the name's pronoun chosen by what it names.
fn names_elsewhere(f: &mut fmt::Formatter<'_>, article: &Names, caption: &Names) -> fmt::Result {
    about(f, article)?;
    let names = caption.phrase();
    if caption.people.is_empty() {
        write!(f, " names {names}, which the article never mentions")
    } else if caption.places.is_empty() && caption.others.is_empty() {
        write!(f, " names {names}, whom the article never mentions")
    } else {
        write!(f, " names {names}, and the article mentions none of them")
    }
}

/// `The caption dates the photo …, after the article was published (…)`, or the image file
/// says so.
fn after_publication(
    f: &mut fmt::Formatter<'_>,
    source: DateSource,
    photo: &PartialDate,
    published: &PartialDate,
) -> fmt::Result {
    let what = match source {
        DateSource::Caption => "The caption dates the photo",
        DateSource::ImageFile => "The image file says the photo was taken",
    };
    write!(
        f,
        "{what} {}, after the article was published ({})",
        written(photo),
        written(published)
    )
}

/// `The article is about X and Y in Z; the caption`, or `The caption` when the article's
/// topic names nothing: the opening of a sentence about both sides.
fn about(f: &mut fmt::Formatter<'_>, article: &Names) -> fmt::Result {
    if article.is_empty() {
        f.write_str("The caption")
    } else {
        write!(f, "The article is about {}; the caption", article.phrase())
    }
}

/// `A`, `A and B`, `A, B and C`.
fn listed<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// The month names as a reader writes them.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `12 March 2019`, `March 2019` or `2019`, at the date's precision.
pub fn written(d: &PartialDate) -> String {
    let month = d
        .month
        .and_then(|m| MONTHS.get(usize::from(m).wrapping_sub(1)));
    match (month, d.day) {
        (Some(m), Some(day)) => format!("{day} {m} {}", d.year),
        (Some(m), None) => format!("{m} {}", d.year),
        _ => d.year.to_string(),
    }
}

/// `over a year`, `two years`, … `nine years`, then `12 years`.
fn years_in_words(years: i64) -> String {
    const WORDS: [&str; 8] = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    match years {
        ..=1 => "over a year".to_string(),
        // 2..=9 index 0..=7.
        2..=9 => format!("{} years", WORDS[(years - 2) as usize]),
        _ => format!("{years} years"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(people: &[&str], places: &[&str]) -> Names {
        Names {
            people: people.iter().map(|s| s.to_string()).collect(),
            places: places.iter().map(|s| s.to_string()).collect(),
            others: Vec::new(),
        }
    }

    fn day(y: i32, m: u8, d: u8) -> PartialDate {
        PartialDate {
            year: y,
            month: Some(m),
            day: Some(d),
        }
    }

    #[test]
    fn a_mismatch_says_what_each_side_names() {
        let m = Message::NamesElsewhere {
            article: names(&["Xi Jinping", "Kim Jong-un"], &["Pyongyang"]),
            caption: names(&["Ilhan Omar", "Nancy Pelosi"], &[]),
        };
        assert_eq!(
            m.to_string(),
            "The article is about Xi Jinping and Kim Jong-un in Pyongyang; the caption names \
             Ilhan Omar and Nancy Pelosi, whom the article never mentions"
        );
        let m = Message::NamesElsewhere {
            article: Names::default(),
            caption: names(&[], &["Lisbon", "Porto"]),
        };
        assert_eq!(
            m.to_string(),
            "The caption names Lisbon and Porto, which the article never mentions"
        );
        let m = Message::NamesElsewhere {
            article: names(&[], &["Oslo"]),
            caption: names(&["Ann Lee", "Bo Kim", "Cy Ode"], &["Rome"]),
        };
        assert_eq!(
            m.to_string(),
            "The article is about Oslo; the caption names Ann Lee, Bo Kim and Cy Ode in Rome, \
             and the article mentions none of them"
        );
    }

    #[test]
    fn dates_are_written_in_words() {
        let m = Message::Stale {
            photo: day(2019, 3, 12),
            years: 2,
            published: day(2021, 5, 4),
        };
        assert_eq!(
            m.to_string(),
            "The photo is dated 12 March 2019, two years before the article (published \
             4 May 2021), and is not marked as a file photo"
        );
        assert_eq!(years_in_words(1), "over a year");
        assert_eq!(years_in_words(52), "52 years");
        let year = PartialDate {
            year: 2011,
            month: None,
            day: None,
        };
        assert_eq!(written(&year), "2011");
        // A month outside 1–12 cannot be built by `PartialDate::new`; shown as its year.
        let odd = PartialDate {
            year: 2011,
            month: Some(13),
            day: None,
        };
        assert_eq!(written(&odd), "2011");
    }
}
