//! The calibrated decision: a logistic model over the evidence, its weights, thresholds and the
//! weights of the evidence itself read from `rules/scoring.tsv` (written by
//! `scripts/calibrate.py`), or from a `scoring.tsv` in the `--rules` directory.

use std::path::Path;

use crate::entities::lexicon::RulesFileError;
use crate::types::Evidence;

/// Why the `scoring.tsv` of a rules directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CalibrationError {
    /// The file cannot be read.
    #[error(transparent)]
    File(#[from] RulesFileError),
    /// A line of it is wrong.
    #[error("{}: {mistake}", path.display())]
    Invalid {
        /// The file.
        path: std::path::PathBuf,
        /// The first wrong line.
        #[source]
        mistake: ScoringMistake,
    },
}

/// A wrong line of `scoring.tsv`, by its line; names are quoted only once they are known ones,
/// and values never (the file may be a link to a secret, and the error goes to CI logs).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoringMistake {
    /// A file that must set every name leaves some unset.
    #[error("scoring.tsv sets no {}", .0.join(", "))]
    Missing(Vec<&'static str>),
    /// Not two columns.
    #[error("scoring.tsv line {line}: expected `name value`")]
    Shape {
        /// Its line.
        line: usize,
    },
    /// The value is not a finite number.
    #[error("scoring.tsv line {line}: the value is not a number")]
    NotANumber {
        /// Its line.
        line: usize,
    },
    /// The name is none of the calibration's.
    #[error("scoring.tsv line {line}: not a name scoring.tsv knows")]
    UnknownName {
        /// Its line.
        line: usize,
    },
    /// The value is outside the name's range.
    #[error("scoring.tsv line {line}: {name} is outside [{lo}, {hi}]")]
    OutOfRange {
        /// Its line.
        line: usize,
        /// The name.
        name: String,
        /// The lowest value allowed.
        lo: f64,
        /// The highest value allowed.
        hi: f64,
    },
    /// The name was set on an earlier line.
    #[error("scoring.tsv line {line}: `{name}` is set twice")]
    Twice {
        /// Its line.
        line: usize,
        /// The name.
        name: String,
    },
}

/// Declares the named numbers of `scoring.tsv` once: the struct fields, their names in the file
/// and the ranges the file's values must lie in.
macro_rules! calibration {
    ($($(#[doc = $doc:literal])+ $field:ident in [$lo:expr, $hi:expr],)*) => {
        /// Every number the verdict uses, read from `rules/scoring.tsv` (fitted on the
        /// development set by `scripts/calibrate.py`) or a `scoring.tsv` in the `--rules` folder.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Calibration {
            $($(#[doc = $doc])+ pub $field: f64,)*
        }

        /// The names `scoring.tsv` may set, each with the closed range its value must lie in.
        pub const KEYS: &[(&str, f64, f64)] = &[$((stringify!($field), $lo, $hi),)*];

        impl Calibration {
            /// Every number unset (NaN), for a file that must set them all.
            fn unset() -> Self {
                Calibration { $($field: f64::NAN,)* }
            }

            /// The number `name` names in the file, with its range.
            fn slot(&mut self, name: &str) -> Option<(&mut f64, f64, f64)> {
                match name {
                    $(stringify!($field) => Some((&mut self.$field, $lo, $hi)),)*
                    _ => None,
                }
            }

            /// The names left unset.
            fn missing(&self) -> Vec<&'static str> {
                let mut out = Vec::new();
                $(if self.$field.is_nan() { out.push(stringify!($field)); })*
                out
            }
        }
    };
}

calibration! {
    /// How much a person the caption names weighs.
    weight_person in [0.0, 10.0],
    /// How much a person read only from the shape of a name weighs.
    weight_person_guessed in [0.0, 10.0],
    /// How much a known organisation or event weighs.
    weight_organisation in [0.0, 10.0],
    /// How much an organisation read only from the shape of its name weighs.
    weight_organisation_guessed in [0.0, 10.0],
    /// How much a city weighs.
    weight_city in [0.0, 10.0],
    /// How much a state, province or other first-level division weighs.
    weight_state in [0.0, 10.0],
    /// How much a country weighs; one country in common backs nothing on its own.
    weight_country in [0.0, 10.0],
    /// How much a place known only by its shape (a facility, a name beside `reservoir`) weighs.
    weight_local in [0.0, 10.0],
    /// The share of its weight a place keeps when the article names only a place around it.
    contained_factor in [0.0, 1.0],
    /// Evidence sums are capped here, so that one caption crowded with names cannot dominate.
    cap_entities in [0.0, 100.0],
    /// The count of other foreign-looking captions of the page is capped here.
    cap_others in [0.0, 1000.0],
    /// Intercept of the logistic model.
    bias in [-10.0, 10.0],
    /// Weight of the word overlap.
    word_overlap in [-10.0, 0.0],
    /// Weight of the topical (frequency-weighted) word overlap.
    topic_overlap in [-10.0, 0.0],
    /// Weight of the people the article names.
    people_for in [-10.0, 0.0],
    /// Weight of the people the article never names.
    people_against in [0.0, 10.0],
    /// Extra weight of the titled people (public figures) the article never names.
    public_against in [0.0, 10.0],
    /// Weight of the named things the article names.
    names_for in [-10.0, 0.0],
    /// Weight of the named things the article never names.
    names_against in [0.0, 10.0],
    /// Weight of the places the article backs.
    places_for in [-10.0, 0.0],
    /// Weight of the places the article never names.
    places_against in [0.0, 10.0],
    /// Weight of the places the article never names that lie in a country its places lie in.
    places_related in [0.0, 10.0],
    /// Weight of the other captions of the page that look foreign too.
    others_flagged in [-10.0, 0.0],
    /// Weight of "the caption names things, and the article backs none of them".
    nothing_for in [0.0, 10.0],
    /// Weight of the caption's similarity in meaning to the article (cosine).
    semantic in [-10.0, 0.0],
    /// The lowest similarity the cascade expects (the 0.5th percentile when fitted).
    semantic_low in [-1.0, 1.0],
    /// The highest similarity the cascade expects (the 99.5th percentile when fitted).
    semantic_high in [-1.0, 1.0],
    /// The mean similarity: a caption the model was not asked about is scored at it.
    semantic_mean in [-1.0, 1.0],
    /// A caption is a mismatch when its probability of being one reaches this.
    threshold in [0.0, 1.0],
    /// A mismatch is an error, not a warning, from this probability on, when the caption names
    /// people the article never does and nothing of the article's.
    error_threshold in [0.0, 1.0],
    /// The probability of a caption naming public figures the article never names, with
    /// nothing of the article's: the share of such captions that were mismatches when fitted.
    public_probability in [0.0, 1.0],
    /// Topical overlap from which the public-figure rule yields to the model.
    public_max_topic in [0.0, 1.0],
    /// A caption naming nothing, with a word overlap under this, is unverifiable.
    unverifiable_max_overlap in [0.0, 1.0],
    /// A caption with no entities saying less than this (weight of topical words) is unverifiable.
    min_caption_words in [0.0, 20.0],
}

/// The calibration compiled into the binary.
const BUILTIN: &str = include_str!("../../rules/scoring.tsv");

impl Calibration {
    /// The calibration built into the binary.
    pub fn builtin() -> Self {
        // The built-in file is a constant of the build, and the unit test
        // `the_builtin_file_sets_every_key` parses it: it cannot fail here.
        #[allow(clippy::expect_used)]
        Calibration::parse_complete(BUILTIN).expect("rules/scoring.tsv parses and sets every key")
    }

    /// Replaces the numbers `dir/scoring.tsv` gives, when it has one; returns whether it did.
    pub fn add_dir(&mut self, dir: &Path) -> Result<bool, CalibrationError> {
        let path = dir.join("scoring.tsv");
        let Some(text) = crate::entities::lexicon::read_rules_file(&path)? else {
            return Ok(false);
        };
        *self = Calibration::parse(&text, self)
            .map_err(|mistake| CalibrationError::Invalid { path, mistake })?;
        Ok(true)
    }

    /// Reads a file that sets every key.
    pub fn parse_complete(text: &str) -> Result<Calibration, ScoringMistake> {
        let c = Calibration::parse(text, &Calibration::unset())?;
        match c.missing().as_slice() {
            [] => Ok(c),
            missing => Err(ScoringMistake::Missing(missing.to_vec())),
        }
    }

    /// Reads `name<TAB>value` lines over `base`; unknown names, repeated names and values
    /// outside their range are errors.
    pub fn parse(text: &str, base: &Calibration) -> Result<Calibration, ScoringMistake> {
        let mut c = base.clone();
        let mut seen: Vec<&str> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split_whitespace();
            let (Some(name), Some(value), None) = (cols.next(), cols.next(), cols.next()) else {
                return Err(ScoringMistake::Shape { line: n + 1 });
            };
            let v: f64 = value
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or(ScoringMistake::NotANumber { line: n + 1 })?;
            // Errors quote names only once they are known ones, and never a value: the file may
            // be a link to a secret, and the error goes to CI logs.
            let Some((slot, lo, hi)) = c.slot(name) else {
                return Err(ScoringMistake::UnknownName { line: n + 1 });
            };
            if !(lo..=hi).contains(&v) {
                return Err(ScoringMistake::OutOfRange {
                    line: n + 1,
                    name: name.to_string(),
                    lo,
                    hi,
                });
            }
            *slot = v;
            if seen.contains(&name) {
                return Err(ScoringMistake::Twice {
                    line: n + 1,
                    name: name.to_string(),
                });
            }
            seen.push(name);
        }
        Ok(c)
    }

    /// The probability that a caption with this evidence does not belong to its article.
    pub fn mismatch_probability(&self, e: &Evidence) -> f64 {
        let cap = self.cap_entities;
        let z = self.bias
            + self.word_overlap * e.word_overlap
            + self.topic_overlap * e.topic_overlap
            + self.people_for * e.people_for.min(cap)
            + self.people_against * e.people_against.min(cap)
            + self.public_against * e.public_against.min(cap)
            + self.names_for * e.names_for.min(cap)
            + self.names_against * e.names_against.min(cap)
            + self.places_for * e.places_for.min(cap)
            + self.places_against * e.places_against.min(cap)
            + self.places_related * e.places_related.min(cap)
            + self.others_flagged * e.others_flagged.min(self.cap_others)
            + self.nothing_for * self.nothing_for(e)
            + self.semantic * e.semantic.unwrap_or(self.semantic_mean);
        1.0 / (1.0 + (-z).exp())
    }

    /// 1 when the caption names something and the article backs none of it, else 0: the signal
    /// of a caption from another story is everything failing at once, which a sum of parts
    /// misses. Only places the article itself names, finer than a country, back a caption here:
    /// one country in common (`black Americans`) and places merely inside a country the story
    /// names or is set in back nothing, since most stories share a country with many others.
    /// For the same reason such places accuse nothing here either; nor, beside a place the
    /// article names, does one local place it never names (`the Cuerda del Pozo reservoir near
    /// Soria, Spain`): captions name the spot where a photo was taken, stories seldom do.
    pub fn nothing_for(&self, e: &Evidence) -> f64 {
        let specific = e.places_for - e.places_contained - e.places_country;
        let places = if specific > 1e-9 { specific } else { 0.0 };
        let for_ = e.people_for + e.names_for + places;
        let spot_only = e.places_against <= self.weight_local && e.places_for > 0.0;
        let places_against = if spot_only { 0.0 } else { e.places_against };
        let against = e.people_against + e.names_against + places_against;
        if for_ == 0.0 && against > 0.0 {
            1.0
        } else {
            0.0
        }
    }

    /// People outweigh everything else: a caption naming public figures (introduced by a formal
    /// title) whom the article never names, with none of the article's people, organisations
    /// or places finer than a country, and little of its topic, shows someone else's story —
    /// even when a country matches.
    pub fn public_figures_elsewhere(&self, e: &Evidence) -> bool {
        e.public_against > 0.0
            && e.people_for == 0.0
            && e.names_for == 0.0
            && e.places_for <= self.weight_country
            && e.topic_overlap < self.public_max_topic
    }

    /// Whether a mismatch with this evidence and probability is strong enough to be an error:
    /// public figures the article never names, or people it never names with a probability
    /// past `error_threshold` and nothing of the article's but a country (or places inside
    /// one it names).
    pub fn is_strong(&self, e: &Evidence, p: f64) -> bool {
        let backs_only_a_country = e.people_for == 0.0
            && e.names_for == 0.0
            && e.places_for - e.places_contained <= self.weight_country;
        let public = e.public_against > 0.0 && e.topic_overlap < self.public_max_topic;
        backs_only_a_country && (public || (p >= self.error_threshold && e.people_against > 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Calibration {
        Calibration::builtin()
    }

    #[test]
    fn the_builtin_file_sets_every_key() {
        let c = Calibration::parse_complete(BUILTIN);
        assert!(c.is_ok(), "{c:?}");
    }

    #[test]
    fn values_outside_their_range_are_refused() {
        let base = builtin();
        let e = Calibration::parse("people_against 1e308\n", &base).expect_err("too large");
        assert_eq!(
            e.to_string(),
            "scoring.tsv line 1: people_against is outside [0, 10]"
        );
        let e = Calibration::parse("people_for 0.5\n", &base).expect_err("wrong sign");
        assert!(
            matches!(
                e,
                ScoringMistake::OutOfRange {
                    line: 1,
                    lo: -10.0,
                    hi: 0.0,
                    ..
                }
            ),
            "{e}"
        );
        assert!(Calibration::parse("people_against 9.5\n", &base).is_ok());
    }

    #[test]
    fn parses_over_a_base_and_rejects_unknown_or_repeated_names() {
        let base = builtin();
        let c = Calibration::parse("# c\nbias\t-2.5\nthreshold 0.7\n", &base);
        let c = c.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.bias, -2.5);
        assert_eq!(c.threshold, 0.7);
        assert_eq!(c.people_for, base.people_for);
        assert!(Calibration::parse("bogus 1", &base).is_err());
        assert!(Calibration::parse("bias x", &base).is_err());
        assert!(Calibration::parse("bias 1 2", &base).is_err());
        assert!(Calibration::parse("bias 1\nbias 2", &base).is_err());
    }

    #[test]
    fn a_file_missing_a_key_is_incomplete() {
        let e = Calibration::parse_complete("bias 1\n").expect_err("incomplete");
        assert!(
            matches!(&e, ScoringMistake::Missing(names) if names.contains(&"threshold")),
            "{e}"
        );
    }

    #[test]
    fn unnamed_people_raise_the_probability() {
        let c = builtin();
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
    fn strong_evidence_is_unnamed_people_and_nothing_of_the_article() {
        let c = builtin();
        let people = Evidence {
            people_against: 2.0,
            ..Evidence::default()
        };
        assert!(c.is_strong(&people, c.error_threshold));
        assert!(!c.is_strong(&people, c.error_threshold * 0.99));
        let with_a_city = Evidence {
            places_for: c.weight_city,
            ..people
        };
        assert!(!c.is_strong(&with_a_city, 1.0));
        let with_a_country_and_a_city_in_it = Evidence {
            places_for: c.weight_country + c.weight_city * c.contained_factor,
            places_contained: c.weight_city * c.contained_factor,
            ..people
        };
        assert!(c.is_strong(&with_a_country_and_a_city_in_it, 1.0));
        let only_a_name = Evidence {
            names_against: 2.0,
            ..Evidence::default()
        };
        assert!(!c.is_strong(&only_a_name, 1.0));
        let public = Evidence {
            people_against: 1.0,
            public_against: 1.0,
            ..Evidence::default()
        };
        assert!(c.is_strong(&public, 0.0));
    }

    #[test]
    fn one_country_in_common_backs_nothing() {
        let c = builtin();
        let against = Evidence {
            names_against: 0.6,
            ..Evidence::default()
        };
        let with = |e: Evidence| c.nothing_for(&e);
        let country = Evidence {
            places_for: c.weight_country,
            places_country: c.weight_country,
            ..against
        };
        assert_eq!(with(country), 1.0);
        assert_eq!(
            with(Evidence {
                places_for: c.weight_city,
                ..against
            }),
            0.0
        );
        assert_eq!(
            with(Evidence {
                people_for: 1.0,
                ..country
            }),
            0.0
        );
        assert_eq!(
            with(Evidence {
                names_against: 0.0,
                ..country
            }),
            0.0
        );
    }

    #[test]
    fn places_merely_inside_the_stories_country_back_nothing() {
        let c = builtin();
        // A country the article names, and a city and a state inside it: nothing of its own.
        let inside = c.weight_city * c.contained_factor + c.weight_state * c.contained_factor;
        let e = Evidence {
            names_against: 0.6,
            places_for: c.weight_country + inside,
            places_country: c.weight_country,
            places_contained: inside,
            ..Evidence::default()
        };
        assert_eq!(c.nothing_for(&e), 1.0);
        // A local spot the article names itself does back it, however small its weight.
        let spot = Evidence {
            places_for: c.weight_local,
            ..e
        };
        assert_eq!(
            c.nothing_for(&Evidence {
                places_contained: 0.0,
                places_country: 0.0,
                ..spot
            }),
            0.0
        );
    }

    #[test]
    fn places_in_the_stories_country_accuse_less_and_not_at_all_alone() {
        let c = builtin();
        let related = Evidence {
            places_related: c.weight_city + c.weight_state,
            word_overlap: 0.1,
            ..Evidence::default()
        };
        let elsewhere = Evidence {
            places_against: c.weight_city + c.weight_state,
            word_overlap: 0.1,
            ..Evidence::default()
        };
        assert_eq!(c.nothing_for(&related), 0.0);
        assert_eq!(c.nothing_for(&elsewhere), 1.0);
        assert!(c.mismatch_probability(&related) < c.mismatch_probability(&elsewhere));
    }

    #[test]
    fn one_unnamed_spot_beside_a_named_place_accuses_nothing() {
        let c = builtin();
        let spot = Evidence {
            places_against: c.weight_local,
            ..Evidence::default()
        };
        let with = |e: Evidence| c.nothing_for(&e);
        assert_eq!(
            with(Evidence {
                places_for: c.weight_country,
                places_country: c.weight_country,
                ..spot
            }),
            0.0
        );
        // Alone, or beside a person the article never names, it still counts.
        assert_eq!(with(spot), 1.0);
        assert_eq!(
            with(Evidence {
                places_for: c.weight_country,
                places_country: c.weight_country,
                people_against: 1.0,
                ..spot
            }),
            1.0
        );
        assert_eq!(
            with(Evidence {
                places_for: c.weight_country,
                places_country: c.weight_country,
                places_against: 0.5,
                ..spot
            }),
            1.0
        );
    }
}
