//! Dates in captions and page metadata, with their precision.

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
    /// ISO 8601 at this date's precision: `2019-03-08`, `2019-03` or `2019`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
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
}

/// Finds the dates a text names.
pub fn find_dates(_text: &str) -> Vec<DateMention> {
    Vec::new()
}

/// Reads a page's publication date (ISO 8601, RFC 2822 or a written date).
pub fn parse_published(_s: &str) -> Option<PartialDate> {
    None
}
