//! The words a built-in credit pattern cannot match without.
//!
//! Credit patterns are anchored at the end of the caption, so the regex engine searches them
//! backwards from the end with no literal prefilter, and the keyword patterns (`Photo: …`,
//! `© …`, `courtesy of …`) would run on nearly every caption. Each line below holds strings
//! one of which every match of that pattern contains, in the caption's ASCII-folded form
//! ([`super::gated::ascii_folded`]): a caption holding none of them cannot match, so skipping
//! the pattern changes no result. They are written out rather than derived from the patterns
//! at start-up (which cost ~7 ms per process); `tests/credit_words.rs` derives them from each
//! pattern's syntax tree and checks that every derived string holds one of them. Patterns from
//! `--rules` that are not one of these lines are not gated.

/// Pattern lines (as written in `rules/credit-patterns.txt`) and the lowercase strings one of
/// which every match of the line holds.
pub const NEEDED: &[(&str, &[&str])] = &[
    (
        r"^(?i:image\s+(?:copyright|source))\s*[,:]?\s+(?P<credit>.{1,80}?)\s+(?i:image\s+caption)\s*[,:]?\s+",
        &["caption"],
    ),
    (
        r"\s*[(\[]\s*(?i:(?:photos?|images?|pictures?)\s+)?(?P<credit>(?i:courtesy)(?:\s+(?i:of))?\s+[^()\[\]]{1,80}?)\s*[)\]]\s*\.?$",
        &["courtesy"],
    ),
    (
        r"\s*[(\[]\s*(?:(?:[\p{Lu}][\p{L}\p{M}'’.&\-]*|(?i:staff|file|submitted|contributed|special))\s+){0,3}(?i:photos?|photographs?|images?|pictures?|pics?|credits?|sources?|illustrations?|photo\s+credit|image\s+credit|photo\s+illustration)\s*(?::|(?:\s+(?i:provided|supplied|submitted|contributed))?\s+(?i:by))\s*(?P<credit>[^()\[\]]{1,100}?)\s*[)\]]\s*\.?$",
        &["photo", "image", "pic", "credit", "source", "illustration"],
    ),
    (
        r"(?P<cut>(?:Credit|CREDIT)(?:\.\.\.|…)\s*(?P<credit>[^:()\[\]]{1,100}?))\s*\.?$",
        &["credit"],
    ),
    (
        r"(?:^|\s)(?P<cut>(?i:photographs?|photos?|pictures?|pics?|images?|credits?|sources?|illustrations?|photography|video|photo\s+credit|image\s+credit|picture\s+credit|image\s+source)(?:\s*:|\s*\.\.\.|\s*…|\s+(?i:by)\b|\s+/)\s*(?P<credit>[^:()\[\]]{1,100}?))\s*\.?$",
        &[
            "photo",
            "pic",
            "image",
            "credit",
            "source",
            "illustration",
            "video",
        ],
    ),
    (
        r"(?:^|\s)(?P<cut>(?i:photographs?|photos?|pictures?|pics?|images?|credits?|sources?|illustrations?|photography|video|photo\s+credit|image\s+credit|picture\s+credit|image\s+source),\s*(?P<credit>[A-ZÀ-ÖØ-Þ][^:()\[\]]{0,99}?))\s*\.?$",
        &[
            "photo",
            "pic",
            "image",
            "credit",
            "source",
            "illustration",
            "video",
        ],
    ),
    (
        r"(?:^|\s)(?P<cut>(?:©|\((?i:c)\)|Copyright|COPYRIGHT|(?i:image\s+copyright))\s*(?:\d{4}\s+)?(?:(?i:provided\s+by)\s+)?(?P<credit>[^©:()\[\]]{1,80}?))\s*\.?$",
        &["©", "(c)", "copyright"],
    ),
    (
        r"(?:^|{SEP})(?P<cut>(?i:(?:photos?|images?|pictures?)\s+)?(?P<credit>(?i:courtesy)(?:\s+(?i:of))?\s+[^:()\[\]]{1,80}?))\s*\.?$",
        &["courtesy"],
    ),
];

/// The strings a pattern line needs, if it is one of [`NEEDED`].
pub fn needed(line: &str) -> Option<&'static [&'static str]> {
    NEEDED.iter().find(|(l, _)| *l == line).map(|(_, w)| *w)
}
