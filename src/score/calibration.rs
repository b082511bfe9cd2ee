//! The calibrated decision: a logistic model over the evidence, its weights and threshold read
//! from `rules/scoring.tsv` (fitted on the development set by `scripts/calibrate.py`), or from
//! a `scoring.tsv` in the `--rules` directory.

use std::path::Path;

use crate::types::Evidence;

/// Evidence sums are capped so that one caption crowded with names cannot dominate.
const CAP: f64 = 3.0;
/// Other captions that look foreign are counted further: a gallery or a museum page where
/// most captions describe things the text never names differs from one stray caption by how
/// many there are (chosen by 5-fold cross-validation: caps of 1, 3 and 6 gave held-out recall
/// 0.877, 0.877 and 0.885 at false alarms 0.034, 0.024 and 0.020).
const OTHERS_CAP: f64 = 6.0;

/// The weights of the logistic model and the mismatch threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Intercept.
    pub bias: f64,
    /// Weight of the word overlap.
    pub word_overlap: f64,
    /// Weight of the topical (frequency-weighted) word overlap.
    pub topic_overlap: f64,
    /// Weight of the people the article names.
    pub people_for: f64,
    /// Weight of the people the article never names.
    pub people_against: f64,
    /// Extra weight of the titled people (public figures) the article never names.
    pub public_against: f64,
    /// Weight of the named things the article names.
    pub names_for: f64,
    /// Weight of the named things the article never names.
    pub names_against: f64,
    /// Weight of the places the article backs.
    pub places_for: f64,
    /// Weight of the places the article never names.
    pub places_against: f64,
    /// Weight of the other captions of the page that look foreign too.
    pub others_flagged: f64,
    /// Weight of "the caption names things, and the article backs none of them".
    pub nothing_for: f64,
    /// A caption is a mismatch when its probability of being one reaches this.
    pub threshold: f64,
    /// A caption with no entities saying less than this (weight of topical words) is unverifiable.
    pub min_caption_words: f64,
}

impl Default for Calibration {
    /// Hand-set fallbacks with the signs the model learns: used only for keys the file lacks.
    fn default() -> Self {
        Calibration {
            bias: -1.0,
            word_overlap: -3.0,
            topic_overlap: -1.0,
            people_for: -3.0,
            people_against: 2.0,
            public_against: 1.0,
            names_for: -1.0,
            names_against: 0.5,
            places_for: -0.5,
            places_against: 0.5,
            nothing_for: 1.0,
            others_flagged: 0.0,
            threshold: 0.5,
            min_caption_words: 2.0,
        }
    }
}

/// The largest weight a calibration may give: a logistic model's weights are a few units, and
/// far larger ones (1e308) overflow the sum into infinities whose difference is no number,
/// which reports showed as `"score": null` and `NaN%`.
const MAX_MAGNITUDE: f64 = 1000.0;

/// The calibration compiled into the binary.
const BUILTIN: &str = include_str!("../../rules/scoring.tsv");

impl Calibration {
    /// The calibration built into the binary.
    pub fn builtin() -> Self {
        // tests/it/rules_data.rs and a unit test below parse the built-in file, so an error
        // here is a build mistake; the defaults stand in.
        Calibration::parse(BUILTIN, &Calibration::default()).unwrap_or_default()
    }

    /// Replaces the weights `dir/scoring.tsv` gives, when it has one; returns whether it did.
    pub fn add_dir(&mut self, dir: &Path) -> Result<bool, String> {
        let path = dir.join("scoring.tsv");
        let Some(text) = crate::entities::lexicon::read_rules_file(&path)? else {
            return Ok(false);
        };
        *self = Calibration::parse(&text, self).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(true)
    }

    /// Reads `name<TAB>value` lines over the defaults; unknown names and bad values are errors.
    pub fn parse(text: &str, base: &Calibration) -> Result<Calibration, String> {
        let mut c = base.clone();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split_whitespace();
            let (Some(name), Some(value)) = (cols.next(), cols.next()) else {
                return Err(format!("scoring.tsv line {}: expected `name value`", n + 1));
            };
            let v: f64 = value
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| format!("scoring.tsv line {}: `{value}` is not a number", n + 1))?;
            if v.abs() > MAX_MAGNITUDE {
                return Err(format!(
                    "scoring.tsv line {}: {value} is outside [-{MAX_MAGNITUDE}, {MAX_MAGNITUDE}]",
                    n + 1
                ));
            }
            let slot = match name {
                "bias" => &mut c.bias,
                "word_overlap" => &mut c.word_overlap,
                "topic_overlap" => &mut c.topic_overlap,
                "people_for" => &mut c.people_for,
                "people_against" => &mut c.people_against,
                "public_against" => &mut c.public_against,
                "names_for" => &mut c.names_for,
                "names_against" => &mut c.names_against,
                "places_for" => &mut c.places_for,
                "places_against" => &mut c.places_against,
                "nothing_for" => &mut c.nothing_for,
                "others_flagged" => &mut c.others_flagged,
                "threshold" => &mut c.threshold,
                "min_caption_words" => &mut c.min_caption_words,
                other => {
                    return Err(format!(
                        "scoring.tsv line {}: unknown name `{other}`",
                        n + 1
                    ))
                }
            };
            *slot = v;
        }
        Ok(c)
    }

    /// The probability that a caption with this evidence does not belong to its article.
    pub fn mismatch_probability(&self, e: &Evidence) -> f64 {
        let z = self.bias
            + self.word_overlap * e.word_overlap
            + self.topic_overlap * e.topic_overlap
            + self.people_for * e.people_for.min(CAP)
            + self.people_against * e.people_against.min(CAP)
            + self.public_against * e.public_against.min(CAP)
            + self.names_for * e.names_for.min(CAP)
            + self.names_against * e.names_against.min(CAP)
            + self.places_for * e.places_for.min(CAP)
            + self.places_against * e.places_against.min(CAP)
            + self.others_flagged * e.others_flagged.min(OTHERS_CAP)
            + self.nothing_for * nothing_for(e);
        1.0 / (1.0 + (-z).exp())
    }
}

/// 1 when the caption names something and the article backs none of it, else 0: the signal of
/// a caption from another story is everything failing at once, which a sum of parts misses.
/// One country in common (`black Americans`, a city inside a country the story names) backs
/// nothing: most stories share a country with many others. Nor, beside a place the article
/// names, does one local place it never names (`the Cuerda del Pozo reservoir near Soria,
/// Spain`) accuse anything: captions name the spot where a photo was taken, stories seldom do.
pub fn nothing_for(e: &Evidence) -> f64 {
    let places = if e.places_for > COUNTRY_WEIGHT {
        e.places_for
    } else {
        0.0
    };
    let for_ = e.people_for + e.names_for + places;
    let spot_only = e.places_against <= LOCAL_WEIGHT && e.places_for > 0.0;
    let places_against = if spot_only { 0.0 } else { e.places_against };
    let against = e.people_against + e.names_against + places_against;
    if for_ == 0.0 && against > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// The weight of a country a caption names (`score::weight`); a city merely inside a country
/// the article names weighs the same.
pub const COUNTRY_WEIGHT: f64 = 0.25;

/// The weight of a place known only by its shape (a facility, a name beside `reservoir` or
/// `village`): the lightest evidence a caption gives (`score::weight`).
pub const LOCAL_WEIGHT: f64 = 0.15;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_weights_are_refused() {
        let base = Calibration::default();
        let e = Calibration::parse("people_against 1e308\n", &base).expect_err("too large");
        assert!(e.contains("outside [-1000, 1000]"), "{e}");
        assert!(Calibration::parse("people_against -999.5\n", &base).is_ok());
    }

    #[test]
    fn the_builtin_file_parses() {
        assert!(Calibration::parse(BUILTIN, &Calibration::default()).is_ok());
    }

    #[test]
    fn parses_over_defaults_and_rejects_unknown_names() {
        let base = Calibration::default();
        let c = Calibration::parse("# c\nbias\t-2.5\nthreshold 0.7\n", &base).unwrap_or_default();
        assert_eq!(c.bias, -2.5);
        assert_eq!(c.threshold, 0.7);
        assert_eq!(c.people_for, base.people_for);
        assert!(Calibration::parse("bogus 1", &base).is_err());
        assert!(Calibration::parse("bias x", &base).is_err());
    }

    #[test]
    fn unnamed_people_raise_the_probability() {
        let c = Calibration::default();
        let named = Evidence {
            people_for: 1.0,
            word_overlap: 0.5,
            ..Evidence::default()
        };
        let other = Evidence {
            people_against: 2.0,
            ..Evidence::default()
        };
        assert!(c.mismatch_probability(&other) > c.threshold);
        assert!(c.mismatch_probability(&named) < c.threshold);
    }

    #[test]
    fn one_country_in_common_backs_nothing() {
        let against = Evidence {
            names_against: 0.6,
            ..Evidence::default()
        };
        assert_eq!(
            nothing_for(&Evidence {
                places_for: 0.25,
                ..against
            }),
            1.0
        );
        assert_eq!(
            nothing_for(&Evidence {
                places_for: 0.5,
                ..against
            }),
            0.0
        );
        assert_eq!(
            nothing_for(&Evidence {
                people_for: 1.0,
                places_for: 0.25,
                ..against
            }),
            0.0
        );
        assert_eq!(
            nothing_for(&Evidence {
                places_for: 0.25,
                ..Evidence::default()
            }),
            0.0
        );
    }

    #[test]
    fn one_unnamed_spot_beside_a_named_place_accuses_nothing() {
        let spot = Evidence {
            places_against: LOCAL_WEIGHT,
            ..Evidence::default()
        };
        assert_eq!(
            nothing_for(&Evidence {
                places_for: COUNTRY_WEIGHT,
                ..spot
            }),
            0.0
        );
        // Alone, or beside a person the article never names, it still counts.
        assert_eq!(nothing_for(&spot), 1.0);
        assert_eq!(
            nothing_for(&Evidence {
                places_for: COUNTRY_WEIGHT,
                people_against: 1.0,
                ..spot
            }),
            1.0
        );
        assert_eq!(
            nothing_for(&Evidence {
                places_for: COUNTRY_WEIGHT,
                places_against: 0.5,
                ..spot
            }),
            1.0
        );
    }
}
