//! The attributes the HTML extractors read, as the only names they can ask for, so that the
//! parse can leave out every other attribute and no pass can read one that was left out.
//!
//! Attribute values are the bulk of what the tree builder is handed on a news page (SVG paths,
//! analytics `data-*`, event handlers, long links). An attribute nothing asks for changes no
//! node, no flag and no text; it only costs. The passes in `parse::html` read attributes only
//! through `index::Attr`, which takes a [`Name`] (value read) or a [`Present`] (presence only):
//! the keep-list is these two enums by construction, so a new attribute read is a new variant
//! and is kept. The tree builder's own attributes ([`TreeBuilder`]) are kept too.

/// Defines an enum of attribute names (byte strings, so that a look-up is one `match` on bytes:
/// a length switch and a compare) with its table of variants, its names and its look-up.
macro_rules! names {
    ($(#[$doc:meta])* $ty:ident { $($(#[$vdoc:meta])* $v:ident = $s:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $ty {
            $($(#[$vdoc])* $v,)*
        }

        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$v,)*];

            /// The attribute's name as the tokenizer stores it (lowercase).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$v => {
                        // Checked when the crate is compiled, not at run time.
                        const NAME: &str = match std::str::from_utf8($s) {
                            Ok(name) => name,
                            Err(_) => panic!("attribute names are ASCII"),
                        };
                        NAME
                    })*
                }
            }

            /// The variant named `lower` (already lowercase), if any.
            pub(crate) fn from_lowercase(lower: &[u8]) -> Option<$ty> {
                match lower {
                    $($s => Some($ty::$v),)*
                    _ => None,
                }
            }
        }
    };
}

names! {
    /// An attribute whose value some pass reads.
    Name {
        /// Class words (`index`, `vocab`, `body`).
        Class = b"class",
        /// Id words (`index`, `vocab`).
        Id = b"id",
        /// Hidden elements (`index`).
        Hidden = b"hidden",
        /// Hidden elements (`index`).
        AriaHidden = b"aria-hidden",
        /// `display: none` (`index`).
        Style = b"style",
        /// Landmark roles (`index`, `body`, `scope`).
        Role = b"role",
        /// Microdata properties (`index`, `meta`, `body`, the byline).
        Itemprop = b"itemprop",
        /// `rel=author` (the byline).
        Rel = b"rel",
        /// `meta property` (`meta`).
        Property = b"property",
        /// `meta name` (`meta`).
        Name = b"name",
        /// `meta http-equiv` (`meta`).
        HttpEquiv = b"http-equiv",
        /// `meta content` (`meta`, `figures`).
        Content = b"content",
        /// The declared language of `<html lang>` (`meta`).
        Lang = b"lang",
        /// A script's type, for JSON-LD (`meta`, the tokenizer); the tree builder's too.
        Type = b"type",
        /// `time datetime` (`meta`).
        Datetime = b"datetime",
        /// Image address (`figures`).
        Src = b"src",
        /// Image text (`figures`).
        Alt = b"alt",
        /// Image size (`figures`).
        Width = b"width",
        /// Image size (`figures`).
        Height = b"height",
        /// Responsive image addresses (`figures`).
        Srcset = b"srcset",
        /// Lazy-load address (`figures`).
        DataSrc = b"data-src",
        /// Lazy-load address (`figures`).
        DataOriginal = b"data-original",
        /// Lazy-load address (`figures`).
        DataLazySrc = b"data-lazy-src",
        /// Lazy-load address (`figures`).
        DataUrl = b"data-url",
        /// Lazy-load address (`figures`).
        DataHiResSrc = b"data-hi-res-src",
        /// Lazy-load address (`figures`).
        DataFullSrc = b"data-full-src",
        /// Lazy-load addresses (`figures`).
        DataSrcset = b"data-srcset",
        /// Lazy-load addresses (`figures`).
        DataLazySrcset = b"data-lazy-srcset",
        /// Background image address (`figures`).
        DataBg = b"data-bg",
        /// Lazy-load address (`figures`).
        DataImage = b"data-image",
        /// A caption in an attribute (`figures`).
        DataCaption = b"data-caption",
        /// A caption in an attribute (`figures`).
        DataImageCaption = b"data-image-caption",
        /// A photo's description in an attribute, read as its caption (`figures`).
        DataDescription = b"data-description",
        /// A photo's title in an attribute (lightbox links), read as its caption when it reads
        /// as one (`figures`).
        DataTitle = b"data-title",
        /// Suppressions on an element (`figures`).
        DataCapcheckIgnore = b"data-capcheck-ignore",
    }
}

names! {
    /// An attribute whose presence some pass reads, never its value (the value is left out:
    /// `href` is a tenth of an average page's attribute bytes).
    Present {
        /// Whether a teaser links elsewhere (`scope`).
        Href = b"href",
    }
}

/// An attribute whose value is read only on the elements that keep all of theirs
/// ([`keeps_all`]): elsewhere it is dropped or kept by name, so a value would be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whole {
    /// `<link rel=canonical href>`: the page's own address.
    Href,
}

impl Whole {
    /// The attribute's name (lowercase).
    pub const fn as_str(self) -> &'static str {
        match self {
            Whole::Href => "href",
        }
    }
}

names! {
    /// An attribute the tree builder itself looks at, kept though no pass reads it.
    /// (The declarative shadow root attributes of `template`, `shadowroot*`, are kept by their
    /// prefix.)
    TreeBuilder {
        /// `<input type=hidden>` in tables (also `Name::Type`).
        Type = b"type",
        /// `<font color>` leaving foreign content.
        Color = b"color",
        /// `<font face>` leaving foreign content.
        Face = b"face",
        /// `<font size>` leaving foreign content.
        Size = b"size",
        /// `<annotation-xml encoding>` as an integration point.
        Encoding = b"encoding",
    }
}

/// What the parse keeps of one attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Name and value.
    All,
    /// The name only, with an empty value.
    Name,
    /// Nothing.
    Nothing,
}

/// What to keep of the attribute named `name` (as written in the source): compared
/// ASCII-case-insensitively, as the tokenizer lowercases names.
pub fn keep(name: &[u8]) -> Keep {
    // Declarative shadow DOM (`shadowrootmode`, `shadowrootdelegatesfocus`...) steers the
    // tree builder on `template`.
    if name.len() >= 10 && name[..10].eq_ignore_ascii_case(b"shadowroot") {
        return Keep::All;
    }
    // Lowercased into a stack buffer and matched as a whole (a length switch and one compare)
    // rather than compared with each name: this runs for every attribute of a page. No name is
    // longer than the buffer (a test checks).
    let mut buf = [0u8; 24];
    let Some(lower) = buf.get_mut(..name.len()) else {
        return Keep::Nothing;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    let lower = &*lower;
    if Name::from_lowercase(lower).is_some() || TreeBuilder::from_lowercase(lower).is_some() {
        Keep::All
    } else if Present::from_lowercase(lower).is_some() {
        Keep::Name
    } else {
        Keep::Nothing
    }
}

/// Whether the attribute named `name` is kept at all (by name, or by name and value).
pub fn is_kept(name: &[u8]) -> bool {
    keep(name) != Keep::Nothing
}

/// Whether every attribute of the start tag `tag` (lowercase) must stay: the formatting
/// elements, whose attributes the tree builder compares (the "Noah's Ark" clause limits
/// identical open formatting elements to three). `a` is not among them: a new `a` first closes
/// any open one, so two `a` elements are never compared. `link` too, for its `href`.
pub fn keeps_all(tag: &str) -> bool {
    matches!(
        tag,
        // `link` for `rel=canonical href`, the page's own address ([`Whole`]): a page has a
        // few dozen `link` elements, all in its head.
        "link"
            | "b"
            | "big"
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
        assert_eq!(keep(b"CLASS"), Keep::All);
        assert_eq!(keep(b"data-Caption"), Keep::All);
        assert_eq!(keep(b"shadowRootMode"), Keep::All);
        assert_eq!(keep(b"Color"), Keep::All);
        assert_eq!(keep(b"HREF"), Keep::Name);
        assert_eq!(keep(b"onclick"), Keep::Nothing);
        assert_eq!(keep(b"d"), Keep::Nothing);
        assert_eq!(keep(b"classx"), Keep::Nothing);
        assert_eq!(keep("é".as_bytes()), Keep::Nothing);
    }

    #[test]
    fn every_name_a_pass_can_ask_for_is_kept() {
        // `index::Attr` takes only these enums, so this is every attribute a pass can read.
        for n in Name::ALL {
            let s = n.as_str();
            assert!(s.len() <= 24 && s == s.to_ascii_lowercase(), "{s}");
            assert_eq!(keep(s.as_bytes()), Keep::All, "{s}");
            assert_eq!(keep(s.to_ascii_uppercase().as_bytes()), Keep::All, "{s}");
            assert_eq!(keep(format!("{s}x").as_bytes()), Keep::Nothing, "{s}");
        }
        for p in Present::ALL {
            let s = p.as_str();
            assert!(s.len() <= 24 && s == s.to_ascii_lowercase(), "{s}");
            assert_eq!(keep(s.as_bytes()), Keep::Name, "{s}");
            assert!(
                Name::from_lowercase(s.as_bytes()).is_none(),
                "{s} is read for its value too"
            );
        }
        // `link` keeps every attribute, so its `href` is there to read.
        assert!(keeps_all("link"), "{:?}", Whole::Href);
        for t in TreeBuilder::ALL {
            assert_eq!(keep(t.as_str().as_bytes()), Keep::All, "{t:?}");
        }
    }

    #[test]
    fn passes_read_attributes_only_through_the_accessor() {
        // A pass calling scraper's own `attr` or walking `attrs` would read around the
        // keep-list: an attribute it asked for could be left out by the parse and silently
        // never be found. Only `index.rs`, which defines the accessor, touches them.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/parse");
        let mut files = vec![root.join("html.rs")];
        let dir = std::fs::read_dir(root.join("html")).expect("src/parse/html is readable");
        files.extend(dir.flatten().map(|e| e.path()));
        assert!(files.len() > 5);
        for path in files {
            if path.file_name().is_some_and(|n| n == "index.rs") {
                continue;
            }
            let src = std::fs::read_to_string(&path).expect("source is readable");
            for bad in [".attr(", ".attrs", "attrs()"] {
                assert!(
                    !src.contains(bad),
                    "{} reads attributes with `{bad}`: use index::Attr",
                    path.display()
                );
            }
        }
    }
}
