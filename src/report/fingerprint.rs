//! Stable fingerprints of findings: the same photo, caption and rule give the same fingerprint
//! on every run and platform, so that SARIF consumers (and baselines) can follow a finding
//! across edits elsewhere in the page.

/// The fingerprint of a finding: FNV-1a 64 over the document path, the image source, the rule
/// id and the normalised caption, as 16 lowercase hex digits.
pub fn fingerprint(path: &str, src: Option<&str>, rule: &str, caption: Option<&str>) -> String {
    let caption = normalise_caption(caption.unwrap_or(""));
    // A unit separator between fields, so that ("ab", "c") and ("a", "bc") differ.
    let mut h = Fnv1a64::new();
    for part in [path, src.unwrap_or(""), rule, caption.as_str()] {
        h.write(part.as_bytes());
        h.write(&[0x1f]);
    }
    format!("{:016x}", h.finish())
}

/// A caption as the fingerprint sees it: lowercase, runs of whitespace collapsed to one space,
/// trimmed; re-wrapping or re-casing a caption does not change its fingerprint.
pub fn normalise_caption(caption: &str) -> String {
    caption
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The 64-bit FNV-1a hash: tiny, dependency-free and, unlike std's `DefaultHasher`, specified,
/// so its values never change between Rust releases or platforms.
struct Fnv1a64(u64);

impl Fnv1a64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv1a64(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        let hash = |s: &str| {
            let mut h = Fnv1a64::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn stable_under_case_and_wrapping_but_not_content() {
        let a = fingerprint("a.html", Some("x.jpg"), "r", Some("Ann  Example\n at the Port"));
        let b = fingerprint("a.html", Some("x.jpg"), "r", Some("ann example at the port"));
        assert_eq!(a, b);
        assert_eq!(a.len(), 16);
        assert_ne!(a, fingerprint("a.html", Some("y.jpg"), "r", Some("ann example at the port")));
        assert_ne!(a, fingerprint("a.html", Some("x.jpg"), "s", Some("ann example at the port")));
        assert_ne!(
            fingerprint("ab", None, "c", None),
            fingerprint("a", Some("b"), "c", None)
        );
    }
}
