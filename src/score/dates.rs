//! Date reasoning for the date rules: which caption date is the photo's, and the precision-aware
//! comparisons the rules use (a year-only date is never "after" a day in that year).

use crate::types::{DateMention, PartialDate};

/// The date most likely to be when the photo was taken: the most precise, then the latest.
/// A date whose year was only inferred from the publication says nothing about the photo's age,
/// nor does one whose clause speaks of another time (a forecast, a bound, a birth).
pub fn photo_date(dates: &[DateMention]) -> Option<&DateMention> {
    dates
        .iter()
        .filter(|d| !d.year_inferred && !d.other_time)
        .max_by_key(|d| {
            let precision = u8::from(d.value.month.is_some()) + u8::from(d.value.day.is_some());
            (precision, d.value.days_since_epoch_lower())
        })
}

/// True when `photo` lies wholly after `published`, with a day's grace for time zones.
pub fn is_after(photo: &PartialDate, published: &PartialDate) -> bool {
    photo.days_since_epoch_lower() > published.days_since_epoch_upper() + 1
}

/// Whole years by which `photo` certainly precedes `published`, when that is at least one.
pub fn years_before(photo: &PartialDate, published: &PartialDate) -> Option<i64> {
    // Whole years of a gap of at most a few million days: the cast cannot overflow.
    photo
        .years_before(published)
        .map(|y| y.floor() as i64)
        .filter(|&y| y >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: Option<u8>, day: Option<u8>) -> PartialDate {
        PartialDate { year, month, day }
    }

    #[test]
    fn precision_is_respected() {
        let published = d(2019, Some(6), Some(20));
        assert!(
            !is_after(&d(2019, None, None), &published),
            "a year-only date may be earlier"
        );
        assert!(
            !is_after(&d(2019, Some(6), Some(21)), &published),
            "a day's grace"
        );
        assert!(is_after(&d(2019, Some(6), Some(23)), &published));
        assert_eq!(
            years_before(&d(2019, Some(3), Some(8)), &d(2024, Some(10), Some(6))),
            Some(5)
        );
        assert_eq!(
            years_before(&d(2024, Some(3), None), &d(2024, Some(10), Some(6))),
            None
        );
    }
}
