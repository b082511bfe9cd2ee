//! The language a page is written in: what it declares (`<html lang>`, `Content-Language`,
//! `og:locale`), else what its text reads as (`whatlang`'s trigram model). Rules that hold only
//! for English (a capitalised word is a name, titles, the dictionary) read only English pages.

/// How many characters of the story the text detector reads: enough for a reliable guess,
/// little enough to cost nothing on a long page.
const SAMPLE_CHARS: usize = 2_000;

/// The ISO 639-1 code of a declared language tag (`en-US`, `de_DE`, `es`), or `None` when the
/// tag names no language (`x-default`, `und`, empty).
pub fn from_tag(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split(['-', '_', ' ', ',', ';'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return Some(primary);
    }
    // Three-letter tags (`eng`, `deu`) of the languages the detector knows.
    ISO_639_3
        .iter()
        .find(|(three, _)| *three == primary)
        .map(|(_, two)| (*two).to_string())
}

/// The ISO 639-1 code of the language the text reads as, when the detector is sure; the
/// ISO 639-3 code for a language without a two-letter one.
pub fn detect(texts: &[&str]) -> Option<String> {
    let mut sample = String::with_capacity(SAMPLE_CHARS + 64);
    for t in texts {
        if sample.len() >= SAMPLE_CHARS {
            break;
        }
        let room = SAMPLE_CHARS - sample.len();
        let cut = t
            .char_indices()
            .map(|(i, _)| i)
            .take_while(|&i| i <= room)
            .last()
            .unwrap_or(0);
        let piece = if t.len() <= room { t } else { &t[..cut] };
        sample.push_str(piece);
        sample.push('\n');
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    let three = info.lang().code();
    Some(
        ISO_639_3
            .iter()
            .find(|(t, _)| *t == three)
            .map_or(three, |(_, two)| two)
            .to_string(),
    )
}

/// True when rules written for English apply: the page is English, or its language is unknown
/// (most pages the tool reads are English, and the English rules are its only ones).
pub fn is_english(language: Option<&str>) -> bool {
    language.is_none_or(|l| l == "en")
}

/// ISO 639-3 codes of the languages `whatlang` detects and their ISO 639-1 codes (the
/// standards' own correspondence; Mandarin is `zh`, Iranian Persian `fa`).
const ISO_639_3: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_tags_fold_to_two_letters() {
        assert_eq!(from_tag("en-US").as_deref(), Some("en"));
        assert_eq!(from_tag("de_DE").as_deref(), Some("de"));
        assert_eq!(from_tag(" ES ").as_deref(), Some("es"));
        assert_eq!(from_tag("deu").as_deref(), Some("de"));
        assert_eq!(from_tag("x-default"), None);
        assert_eq!(from_tag(""), None);
    }

    #[test]
    fn text_reads_as_its_language() {
        let de = "Die Feuerwehr löschte am Montag einen Brand in einer Lagerhalle am Stadtrand. \
                  Verletzt wurde nach Angaben der Polizei niemand, der Schaden ist aber groß.";
        let es = "Los bomberos apagaron el lunes un incendio en un almacén de las afueras de la \
                  ciudad. Según la policía, nadie resultó herido, pero los daños son grandes.";
        let en = "Firefighters put out a blaze at a warehouse on the edge of town on Monday. \
                  Nobody was hurt, police said, but the damage is extensive.";
        assert_eq!(detect(&[de]).as_deref(), Some("de"));
        assert_eq!(detect(&[es]).as_deref(), Some("es"));
        assert_eq!(detect(&[en]).as_deref(), Some("en"));
        assert_eq!(detect(&[""]), None);
        assert!(is_english(None) && is_english(Some("en")) && !is_english(Some("de")));
    }
}
