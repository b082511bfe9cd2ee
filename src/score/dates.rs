//! Date reasoning for the date rules: which caption date is the photo's, and comparisons that
//! respect each date's precision (a year-only date is never "after" a day in that year).

use crate::entities::dates::{DateMention, PartialDate};

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days(y: i32, m: u8, d: u8) -> i64 {
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The first and last day a partial date can mean.
fn span(p: &PartialDate) -> (i64, i64) {
    let (m1, m2) = p.month.map_or((1, 12), |m| (m, m));
    let first = days(p.year, m1, p.day.unwrap_or(1));
    let last = match p.day {
        Some(d) => days(p.year, m2, d),
        // The day before the first of the next month.
        None if m2 == 12 => days(p.year + 1, 1, 1) - 1,
        None => days(p.year, m2 + 1, 1) - 1,
    };
    (first, last)
}

/// The date most likely to be when the photo was taken: the most precise, then the latest.
pub fn photo_date(dates: &[DateMention]) -> Option<&DateMention> {
    dates.iter().max_by_key(|d| (u8::from(d.value.month.is_some()) + u8::from(d.value.day.is_some()), span(&d.value).0))
}

/// True when `photo` lies wholly after `published`, with a day's grace for time zones.
pub fn is_after(photo: &PartialDate, published: &PartialDate) -> bool {
    span(photo).0 > span(published).1 + 1
}

/// Whole years between the latest day `photo` can mean and the earliest `published` can mean,
/// when the photo is older; `None` when it is not older at all.
pub fn years_before(photo: &PartialDate, published: &PartialDate) -> Option<i64> {
    let gap = span(published).0 - span(photo).1;
    (gap > 365).then_some(gap / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: Option<u8>, day: Option<u8>) -> PartialDate {
        PartialDate { year, month, day }
    }

    #[test]
    fn civil_days_are_exact() {
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(2000, 3, 1) - days(2000, 2, 28), 2);
    }

    #[test]
    fn precision_is_respected() {
        let published = d(2019, Some(6), Some(20));
        assert!(!is_after(&d(2019, None, None), &published), "a year-only date may be earlier");
        assert!(!is_after(&d(2019, Some(6), Some(21)), &published), "a day's grace");
        assert!(is_after(&d(2019, Some(6), Some(23)), &published));
        assert_eq!(years_before(&d(2019, Some(3), Some(8)), &d(2024, Some(10), Some(6))), Some(5));
        assert_eq!(years_before(&d(2024, Some(3), None), &d(2024, Some(10), Some(6))), None);
    }
}
