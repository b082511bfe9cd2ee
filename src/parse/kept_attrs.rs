//! Which attributes of a start tag the HTML extractors read, so that `prune` can drop the rest
//! before html5ever tokenizes them.
//!
//! Attribute values are the bulk of what html5ever reads on a pruned news page (SVG paths,
//! analytics `data-*`, event handlers, long links), and the tokenizer copies them character by
//! character. An attribute nothing asks for changes no node, no flag and no text; it only
//! costs. Every name the passes in `parse::html` ask for is listed here, and so is every name
//! the tree builder itself looks at (`type` of `input`, `color`/`face`/`size` of `font`,
//! `encoding` of `annotation-xml`, the declarative shadow root attributes of `template`).
//! `index::Attr::get_attr` checks in debug builds that a name it is asked for is listed.

/// Attribute names kept on every element, lowercase (the tokenizer lowercases ASCII names).
pub const KEPT: &[&str] = &[
    // index: flags and class words.
    "class",
    "id",
    "hidden",
    "aria-hidden",
    "style",
    "role",
    "itemprop",
    // meta: page metadata.
    "rel",
    "property",
    "name",
    "http-equiv",
    "content",
    "type",
    "datetime",
    "charset",
    // figures: image addresses, sizes, captions, suppressions.
    "src",
    "alt",
    "width",
    "height",
    "srcset",
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-srcset",
    "data-lazy-srcset",
    "data-bg",
    "data-image",
    "data-caption",
    "data-image-caption",
    "data-capcheck-ignore",
    // scope: whether a teaser links elsewhere (presence only, see `PRESENCE_ONLY`).
    "href",
    // The tree builder's own: `<input type=hidden>` in tables, `<font color|face|size>` leaving
    // foreign content, `<annotation-xml encoding>` as an integration point.
    "color",
    "face",
    "size",
    "encoding",
];

/// Kept attributes whose value no pass reads, only whether they are there: the value is
/// dropped and the name kept (`href` is a tenth of an average page's attribute bytes).
pub const PRESENCE_ONLY: &[&str] = &["href"];

/// Whether the attribute named `name` (as written in the source) is read by some pass or by
/// the tree builder: compared ASCII-case-insensitively, as the tokenizer lowercases names.
pub fn is_kept(name: &[u8]) -> bool {
    // Declarative shadow DOM (`shadowrootmode`, `shadowrootdelegatesfocus`...) steers the
    // tree builder on `template`.
    if name.len() >= 10 && name[..10].eq_ignore_ascii_case(b"shadowroot") {
        return true;
    }
    // Lowercased into a stack buffer and matched as a whole (a length switch and one compare)
    // rather than compared with each listed name: this runs for every attribute of a page.
    // No listed name is longer than the buffer.
    let mut buf = [0u8; 24];
    let Some(lower) = buf.get_mut(..name.len()) else {
        return false;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"class"
            | b"id"
            | b"hidden"
            | b"aria-hidden"
            | b"style"
            | b"role"
            | b"itemprop"
            | b"rel"
            | b"property"
            | b"name"
            | b"http-equiv"
            | b"content"
            | b"type"
            | b"datetime"
            | b"charset"
            | b"src"
            | b"alt"
            | b"width"
            | b"height"
            | b"srcset"
            | b"data-src"
            | b"data-original"
            | b"data-lazy-src"
            | b"data-url"
            | b"data-hi-res-src"
            | b"data-full-src"
            | b"data-srcset"
            | b"data-lazy-srcset"
            | b"data-bg"
            | b"data-image"
            | b"data-caption"
            | b"data-image-caption"
            | b"data-capcheck-ignore"
            | b"href"
            | b"color"
            | b"face"
            | b"size"
            | b"encoding"
    )
}

/// Whether only the presence of the attribute `name` matters, not its value.
pub fn presence_only(name: &[u8]) -> bool {
    PRESENCE_ONLY
        .iter()
        .any(|k| k.as_bytes().eq_ignore_ascii_case(name))
}

/// Whether every attribute of the start tag `tag` (lowercase) must stay: the formatting
/// elements, whose attributes the tree builder compares (the "Noah's Ark" clause limits
/// identical open formatting elements to three). `a` is not among them: a new `a` first closes
/// any open one, so two `a` elements are never compared.
pub fn keeps_all(tag: &str) -> bool {
    matches!(
        tag,
        "b" | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_ascii_case_insensitively() {
        assert!(is_kept(b"CLASS"));
        assert!(is_kept(b"data-Caption"));
        assert!(is_kept(b"shadowRootMode"));
        assert!(!is_kept(b"onclick"));
        assert!(!is_kept(b"d"));
        assert!(!is_kept(b"classx"));
        assert!(presence_only(b"HREF"));
        assert!(!presence_only(b"src"));
    }

    #[test]
    fn the_match_is_the_list() {
        // `is_kept` spells the list out as a match: every listed name, in any case, and
        // nothing one byte off.
        for k in KEPT {
            assert!(
                is_kept(k.as_bytes()) && is_kept(k.to_ascii_uppercase().as_bytes()),
                "{k}"
            );
            assert!(
                !is_kept(format!("{k}x").as_bytes()) && !is_kept(&k.as_bytes()[1..]),
                "{k}"
            );
        }
        assert!(KEPT.iter().all(|k| k.len() <= 24));
    }

    #[test]
    fn kept_names_are_lowercase() {
        for k in KEPT.iter().chain(PRESENCE_ONLY) {
            assert_eq!(*k, k.to_ascii_lowercase());
        }
        assert!(PRESENCE_ONLY.iter().all(|p| KEPT.contains(p)));
    }
}
