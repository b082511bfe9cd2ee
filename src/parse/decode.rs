//! Bytes → text: a byte-order mark wins, then a `<meta charset>` (or `http-equiv`
//! `Content-Type`) in the first 1024 bytes, then UTF-8.
//!
//! This is the order the HTML standard's encoding sniffing uses, minus the HTTP header (a saved
//! page has none) and minus statistical guessing (wrong guesses would garble valid pages).
//! One deliberate difference from a browser: bytes that are valid UTF-8 are read as UTF-8 even
//! when a `<meta>` names a legacy encoding, because saving tools and crawlers often re-encode a
//! page to UTF-8 and leave its old declaration in place; text in a legacy single- or
//! double-byte encoding that contains any non-ASCII byte is almost never valid UTF-8 by chance.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How many leading bytes are searched for a `<meta>` declaration (as the HTML standard's
/// prescan does), so that sniffing costs the same whatever the page's size.
pub const PRESCAN_BYTES: usize = 1024;

/// The text of a page whose bytes start with a byte-order mark (UTF-8, UTF-16LE or UTF-16BE),
/// without the mark; `None` when there is no mark.
pub fn from_bom(bytes: &[u8]) -> Option<String> {
    let (enc, bom_len) = Encoding::for_bom(bytes)?;
    // Malformed sequences become U+FFFD: a damaged page is still checked, as with UTF-8.
    let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
    Some(text.into_owned())
}

/// The text of a page without a byte-order mark: UTF-8 when the bytes are valid UTF-8, else the
/// encoding its `<meta>` declares, else UTF-8 with malformed bytes replaced by U+FFFD.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    match declared_encoding(bytes) {
        Some(enc) if enc != UTF_8 => {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            Cow::Owned(text.into_owned())
        }
        _ => String::from_utf8_lossy(bytes),
    }
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…;
/// charset=…">` in the first `PRESCAN_BYTES` names, if it is one the Encoding Standard knows.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let mut rest = head;
    while let Some(start) = find_ci(rest, b"<meta") {
        let tag = &rest[start + 5..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        if let Some(label) = charset_in(&tag[..end]) {
            if let Some(enc) = Encoding::for_label(label) {
                // The standard's rule for a `<meta>`: a UTF-16 label cannot be true of bytes that
                // were readable as ASCII up to here, and x-user-defined means windows-1252.
                return Some(if enc == UTF_16LE || enc == UTF_16BE {
                    UTF_8
                } else if enc.name() == "x-user-defined" {
                    WINDOWS_1252
                } else {
                    enc
                });
            }
        }
        rest = &tag[end..];
    }
    None
}

/// The value after `charset` `=` inside one tag's attributes (bare, quoted, or within a
/// `content="text/html; charset=…"` value).
fn charset_in(attrs: &[u8]) -> Option<&[u8]> {
    let mut rest = attrs;
    while let Some(at) = find_ci(rest, b"charset") {
        let mut after = &rest[at + 7..];
        after = trim_start(after);
        if let Some(v) = after.strip_prefix(b"=") {
            let v = trim_start(v);
            let v = v
                .strip_prefix(b"\"")
                .or_else(|| v.strip_prefix(b"'"))
                .unwrap_or(v);
            let len = v
                .iter()
                .position(|&b| {
                    matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
                })
                .unwrap_or(v.len());
            if len > 0 {
                return Some(&v[..len]);
            }
        }
        rest = after;
    }
    None
}

/// `s` without its leading ASCII whitespace.
fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

/// The offset of the first ASCII-case-insensitive occurrence of `needle` (lower case) in `hay`.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_and_is_removed() {
        let mut utf16 = vec![0xff, 0xfe];
        for u in "<p>Zoë</p>".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(from_bom(&utf16).as_deref(), Some("<p>Zoë</p>"));
        let mut be = vec![0xfe, 0xff];
        for u in "Zoë".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(from_bom(&be).as_deref(), Some("Zoë"));
        assert_eq!(from_bom(b"\xef\xbb\xbfabc").as_deref(), Some("abc"));
        assert_eq!(from_bom(b"abc"), None);
    }

    #[test]
    fn meta_declarations_are_found() {
        let cases: &[(&[u8], &str)] = &[
            (b"<meta charset=\"windows-1252\">", "windows-1252"),
            (b"<META CHARSET=iso-8859-1>", "windows-1252"),
            (
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">",
                "Shift_JIS",
            ),
            (b"<meta charset='euc-kr'/>", "EUC-KR"),
            (b"<meta charset=\"utf-16\">", "UTF-8"),
            (b"<meta charset=\"x-user-defined\">", "windows-1252"),
        ];
        for (html, want) in cases {
            let got = declared_encoding(html).map(|e| e.name());
            assert_eq!(got, Some(*want), "{}", String::from_utf8_lossy(html));
        }
        assert!(declared_encoding(b"<meta name=\"charset\">").is_none());
        assert!(declared_encoding(b"<meta charset=\"klingon\">").is_none());
        assert!(declared_encoding(b"<p>no meta</p>").is_none());
    }

    #[test]
    fn only_the_first_kilobyte_is_searched() {
        let mut page = vec![b' '; PRESCAN_BYTES];
        page.extend_from_slice(b"<meta charset=\"windows-1252\">");
        assert!(declared_encoding(&page).is_none());
    }

    #[test]
    fn legacy_bytes_follow_the_declaration() {
        let mut page = b"<meta charset=\"windows-1252\"><p>Caf".to_vec();
        page.extend_from_slice(&[0xe9, 0x20, 0x93, b'h', b'i', 0x94]);
        assert_eq!(
            decode(&page),
            "<meta charset=\"windows-1252\"><p>Café \u{201c}hi\u{201d}"
        );
        // Shift_JIS 東京 (Tokyo).
        let mut sjis = b"<meta charset=\"shift_jis\"><p>".to_vec();
        sjis.extend_from_slice(&[0x93, 0x8c, 0x8b, 0x9e]);
        assert!(decode(&sjis).ends_with("<p>東京"));
    }

    #[test]
    fn valid_utf8_is_kept_whatever_the_declaration() {
        let page = "<meta charset=\"windows-1252\"><p>Café</p>";
        assert_eq!(decode(page.as_bytes()), page);
        assert!(matches!(decode(page.as_bytes()), Cow::Borrowed(_)));
    }

    #[test]
    fn undeclared_invalid_utf8_is_replaced() {
        assert_eq!(decode(b"a\xffb"), "a\u{fffd}b");
    }
}

/// Entities left in text after the HTML parser decoded it once: pages that escape their
/// metadata twice (`&amp;#039;` in `og:title`) would otherwise show `&#039;` to readers and
/// leave `&amp` stuck to a name.
pub fn leftover_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    const ENTITIES: [(&str, &str); 9] = [
        ("&#039;", "'"),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&apos;", "'"),
        ("&quot;", "\""),
        ("&#034;", "\""),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", " "),
    ];
    // One level at a time, `&amp;` last in each: `&amp;amp;#039;` (escaped three times) takes
    // two rounds, and a literal `&amp;lt;` in a story about HTML loses only what was doubled.
    let mut out = s.to_string();
    for _ in 0..3 {
        let before = out.len();
        for (from, to) in ENTITIES {
            if out.contains(from) {
                out = out.replace(from, to);
            }
        }
        out = out.replace("&amp;", "&");
        if out.len() == before {
            break;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod leftover_tests {
    use super::leftover_entities;

    #[test]
    fn twice_escaped_metadata_reads_cleanly() {
        assert_eq!(
            leftover_entities("Ana Reyes &#039;wins&#039; the vote"),
            "Ana Reyes 'wins' the vote"
        );
        assert_eq!(leftover_entities("Salt &amp; pepper"), "Salt & pepper");
        assert_eq!(
            leftover_entities("Penn &amp;#039;proposes&amp;#039;"),
            "Penn 'proposes'"
        );
        assert_eq!(leftover_entities("No entities here"), "No entities here");
    }
}
