//! Dates as the pipeline knows them: to the year, the month or the day, and where a text
//! names one. The grammar that finds them in text is `parse::dates`.

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month, 1–12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A validated date: month 1–12, a day that exists in that month, no day without a month.
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        match (month, day) {
            (None, Some(_)) => return None,
            (Some(m), _) if !(1..=12).contains(&m) => return None,
            (Some(m), Some(d)) if d < 1 || d > days_in_month(year, m) => return None,
            _ => {}
        }
        Some(PartialDate { year, month, day })
    }

    /// ISO 8601 at this date's precision: `2019-03-08`, `2019-03` or `2019`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// Days since 1970-01-01 of the first day this date may be (1 January for a bare year).
    pub fn days_since_epoch_lower(&self) -> i64 {
        let m = self.month.unwrap_or(1);
        let d = self.day.unwrap_or(1);
        days_from_civil(self.year, m, d)
    }

    /// Days since 1970-01-01 of the last day this date may be (31 December for a bare year).
    pub fn days_since_epoch_upper(&self) -> i64 {
        let m = self.month.unwrap_or(12);
        let d = self.day.unwrap_or_else(|| days_in_month(self.year, m));
        days_from_civil(self.year, m, d)
    }

    /// Whether `self` is certainly later than `other` (`Some(true)`), certainly not
    /// (`Some(false)`), or `None` when the precisions overlap (`2019` vs `2019-03-08`).
    pub fn is_after(&self, other: &PartialDate) -> Option<bool> {
        if self.days_since_epoch_lower() > other.days_since_epoch_upper() {
            Some(true)
        } else if self.days_since_epoch_upper() <= other.days_since_epoch_lower() {
            Some(false)
        } else {
            None
        }
    }

    /// The least number of years by which `self` precedes `other` given both precisions;
    /// `None` when `self` may be the later one.
    pub fn years_before(&self, other: &PartialDate) -> Option<f64> {
        let gap = other.days_since_epoch_lower() - self.days_since_epoch_upper();
        // gap is a few million at most, exact in f64.
        (gap >= 0).then(|| gap as f64 / 365.2425)
    }
}

/// A date found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// The words as written (`March 08, 2019`).
    pub text: String,
    /// What they mean.
    pub value: PartialDate,
    /// Byte offset in the text.
    pub start: usize,
    /// The text gave no year (`Sept. 3`): it was taken from the publication date, so the date
    /// can be shown but proves nothing about when the photo was taken.
    pub year_inferred: bool,
    /// The date's clause speaks of another time than the photo's: a forecast or plan
    /// (`could surpass … in 2023`), a bound (`until 2031`), something else's time (`born in
    /// 1950`). Shown, but it does not date the photo.
    pub other_time: bool,
}

/// Whether the year has 29 February.
pub(crate) fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// The number of days in a month (0 for a month outside 1–12).
pub(crate) fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`), exact for any i32 year.
pub(crate) fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let (m, d) = (i64::from(m.clamp(1, 12)), i64::from(d));
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
