//! A small IPTC IIM reader: Photoshop IRB (`8BIM` resources) → resource 0x0404 → IIM datasets.
//! Written here because the `iptc` crate panics on truncated input; every read is bounds-checked.

/// The IPTC fields capcheck uses (record 2).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Iptc {
    /// 2:120 Caption-Abstract.
    pub caption: Option<String>,
    /// 2:55 Date Created, `CCYYMMDD` as stored.
    pub date: Option<String>,
    /// 2:80 By-line (the photographer), each occurrence.
    pub bylines: Vec<String>,
    /// 2:110 Credit (the provider).
    pub credit: Option<String>,
}

/// The IRB resource id that holds IPTC IIM data.
const IPTC_RESOURCE: u16 = 0x0404;

/// Reads IPTC fields from what `image` hands out as IPTC metadata: a Photoshop IRB (possibly
/// still behind its `Photoshop 3.0\0` header) or bare IIM datasets. Malformed input gives
/// whatever was read before the damage.
pub fn parse(data: &[u8]) -> Iptc {
    if data.first() == Some(&0x1C) {
        return parse_iim(data);
    }
    // The header before the first resource varies with the writer; look for it near the start.
    let Some(start) = data.windows(4).take(64).position(|w| w == b"8BIM") else {
        return Iptc::default();
    };
    let mut out = Iptc::default();
    for block in irb_resources(&data[start..], IPTC_RESOURCE) {
        merge(&mut out, parse_iim(block));
    }
    out
}

/// The data of every IRB resource with this id.
fn irb_resources(data: &[u8], want: u16) -> Vec<&[u8]> {
    let mut found = Vec::new();
    let mut pos = 0usize;
    while let Some(sig) = data.get(pos..pos + 4) {
        if sig != b"8BIM" {
            break;
        }
        let Some(id) = be16(data, pos + 4) else { break };
        // A Pascal string name, padded so that length byte + name is even.
        let Some(&name_len) = data.get(pos + 6) else {
            break;
        };
        let name_total = (1 + name_len as usize + 1) & !1;
        let size_at = pos + 6 + name_total;
        let Some(size) = be32(data, size_at) else {
            break;
        };
        let body = size_at + 4;
        let Some(end) = body.checked_add(size as usize) else {
            break;
        };
        let Some(block) = data.get(body..end) else {
            break;
        };
        if id == want {
            found.push(block);
        }
        // Resource data is padded to an even length.
        pos = end + (size as usize & 1);
    }
    found
}

/// Reads IIM datasets (`0x1C record dataset length data`) and keeps record 2's fields.
fn parse_iim(data: &[u8]) -> Iptc {
    let mut out = Iptc::default();
    let mut pos = 0usize;
    while data.get(pos) == Some(&0x1C) {
        let (Some(&record), Some(&dataset), Some(len)) =
            (data.get(pos + 1), data.get(pos + 2), be16(data, pos + 3))
        else {
            break;
        };
        let mut body = pos + 5;
        let len = if len & 0x8000 != 0 {
            // Extended dataset: the low bits give how many bytes hold the real length.
            let n = (len & 0x7FFF) as usize;
            if n == 0 || n > 4 {
                break;
            }
            let Some(bytes) = data.get(body..body + n) else {
                break;
            };
            body += n;
            bytes.iter().fold(0usize, |acc, &b| (acc << 8) | b as usize)
        } else {
            len as usize
        };
        let Some(end) = body.checked_add(len) else {
            break;
        };
        let Some(value) = data.get(body..end) else {
            break;
        };
        if record == 2 {
            let text = text(value);
            match dataset {
                120 => out.caption = out.caption.or(text),
                55 => out.date = out.date.or(text),
                80 => out.bylines.extend(text),
                110 => out.credit = out.credit.or(text),
                _ => {}
            }
        }
        pos = end;
    }
    out
}

/// Adds fields not yet known from a later IPTC block.
fn merge(into: &mut Iptc, more: Iptc) {
    into.caption = into.caption.take().or(more.caption);
    into.date = into.date.take().or(more.date);
    into.credit = into.credit.take().or(more.credit);
    into.bylines.extend(more.bylines);
}

/// A dataset's text: UTF-8 when it is valid (what modern writers use), else Latin-1; trimmed,
/// `None` when empty.
fn text(bytes: &[u8]) -> Option<String> {
    let s = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    };
    let s = s
        .trim_matches(|c: char| c.is_whitespace() || c == '\0')
        .to_string();
    (!s.is_empty()).then_some(s)
}

/// A big-endian u16 at `at`, if the bytes are there.
fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        d.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// A big-endian u32 at `at`, if the bytes are there.
fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        d.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// Builds an IIM dataset (record 2); for tests and fixtures.
pub fn dataset(number: u8, value: &str) -> Vec<u8> {
    let mut v = vec![0x1C, 2, number];
    v.extend_from_slice(&(value.len().min(0x7FFF) as u16).to_be_bytes());
    v.extend_from_slice(&value.as_bytes()[..value.len().min(0x7FFF)]);
    v
}

/// Wraps IIM datasets in a Photoshop IRB resource 0x0404, with the `Photoshop 3.0` header an
/// APP13 segment carries; for tests and fixtures.
pub fn photoshop_irb(iim: &[u8]) -> Vec<u8> {
    let mut v = b"Photoshop 3.0\0".to_vec();
    v.extend_from_slice(b"8BIM");
    v.extend_from_slice(&IPTC_RESOURCE.to_be_bytes());
    v.extend_from_slice(&[0, 0]); // empty name, padded to even
    v.extend_from_slice(&(iim.len() as u32).to_be_bytes());
    v.extend_from_slice(iim);
    if iim.len() % 2 == 1 {
        v.push(0);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut iim = dataset(120, "Mayor Felix Brandt opens the bridge");
        iim.extend(dataset(55, "20190620"));
        iim.extend(dataset(80, "Ada Quill"));
        iim.extend(dataset(110, "Northwire"));
        photoshop_irb(&iim)
    }

    #[test]
    fn reads_the_four_fields() {
        let got = parse(&sample());
        assert_eq!(
            got.caption.as_deref(),
            Some("Mayor Felix Brandt opens the bridge")
        );
        assert_eq!(got.date.as_deref(), Some("20190620"));
        assert_eq!(got.bylines, vec!["Ada Quill".to_string()]);
        assert_eq!(got.credit.as_deref(), Some("Northwire"));
    }

    #[test]
    fn every_truncation_and_corruption_is_survived() {
        let s = sample();
        for cut in 0..=s.len() {
            let _ = parse(&s[..cut]);
        }
        for i in 0..s.len() {
            for b in [0x00, 0x1C, 0x80, 0xFF] {
                let mut t = s.clone();
                t[i] = b;
                let _ = parse(&t);
            }
        }
        // An extended length claiming far more than there is.
        let _ = parse(&[0x1C, 2, 120, 0x80, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, b'a']);
        // Latin-1 text.
        assert_eq!(
            parse(&[0x1C, 2, 120, 0, 3, b'J', 0xE9, b'r'])
                .caption
                .as_deref(),
            Some("Jér")
        );
    }
}
