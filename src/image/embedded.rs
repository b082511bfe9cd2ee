//! The image file's own words about itself: EXIF, XMP and IPTC fields merged into one
//! caption, date, people and credit.

use super::iptc;

/// Metadata blocks as `image` hands them out (each optional).
#[derive(Debug, Clone, Default)]
pub struct Blocks {
    /// Raw EXIF (TIFF) bytes.
    pub exif: Option<Vec<u8>>,
    /// The XMP packet.
    pub xmp: Option<Vec<u8>>,
    /// The IPTC block (Photoshop IRB or bare IIM).
    pub iptc: Option<Vec<u8>>,
}

/// What the file says about the picture.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embedded {
    /// The caption (IPTC 2:120, else XMP dc:description, else EXIF ImageDescription).
    pub caption: Option<String>,
    /// The date taken, ISO 8601 (`2019-06-20`) when it could be read, else as stored.
    pub date: Option<String>,
    /// People the file says are shown (XMP Iptc4xmpExt:PersonInImage).
    pub people: Vec<String>,
    /// The credit (IPTC 2:110 Credit, else photoshop:Credit, else the by-line or creator).
    pub credit: Option<String>,
}

impl Embedded {
    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.caption.is_none()
            && self.date.is_none()
            && self.people.is_empty()
            && self.credit.is_none()
    }
}

/// Reads and merges the three blocks; unreadable blocks are skipped (a damaged EXIF must not
/// hide a good IPTC caption).
pub fn read(blocks: &Blocks) -> Embedded {
    let ip = blocks.iptc.as_deref().map(iptc::parse).unwrap_or_default();
    let xm = blocks.xmp.as_deref().map(read_xmp).unwrap_or_default();
    let ex = blocks.exif.as_deref().map(read_exif).unwrap_or_default();
    let date = ip.date.or(xm.date).or(ex.date).map(|d| iso_date(&d));
    Embedded {
        caption: ip.caption.or(xm.caption).or(ex.caption),
        date,
        people: xm.people,
        credit: ip
            .credit
            .or(xm.credit)
            .or_else(|| ip.bylines.first().cloned())
            .or_else(|| xm.creators.first().cloned())
            .or(ex.artist),
    }
}

/// The date part of an IPTC `20190620`, EXIF `2019:06:20 10:00:00` or XMP `2019-06-20T…`
/// date as `2019-06-20` (or `2019-06`, `2019`); anything else is kept as stored.
pub fn iso_date(raw: &str) -> String {
    let digits: String = raw
        .chars()
        .take_while(|c| !matches!(c, 'T' | ' '))
        .filter(char::is_ascii_digit)
        .collect();
    match digits.len() {
        8 => format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]),
        6 => format!("{}-{}", &digits[..4], &digits[4..]),
        4 => digits,
        _ => raw.to_string(),
    }
}

/// EXIF fields capcheck reads.
#[derive(Debug, Default)]
struct ExifFields {
    caption: Option<String>,
    date: Option<String>,
    artist: Option<String>,
}

/// Reads ImageDescription, DateTimeOriginal and Artist from raw EXIF.
fn read_exif(raw: &[u8]) -> ExifFields {
    let Ok(exif) = exif::Reader::new().read_raw(raw.to_vec()) else {
        return ExifFields::default();
    };
    let text = |tag| {
        let f = exif.get_field(tag, exif::In::PRIMARY)?;
        match &f.value {
            exif::Value::Ascii(parts) => {
                let s = parts
                    .iter()
                    .map(|p| String::from_utf8_lossy(p).trim().to_string())
                    .collect::<Vec<_>>()
                    .join(" ");
                let s = s.trim().to_string();
                (!s.is_empty()).then_some(s)
            }
            _ => None,
        }
    };
    ExifFields {
        caption: text(exif::Tag::ImageDescription),
        date: text(exif::Tag::DateTimeOriginal),
        artist: text(exif::Tag::Artist),
    }
}

/// XMP fields capcheck reads.
#[derive(Debug, Default)]
struct XmpFields {
    caption: Option<String>,
    date: Option<String>,
    people: Vec<String>,
    credit: Option<String>,
    creators: Vec<String>,
}

/// Namespaces of the XMP properties read.
const DC: &str = "http://purl.org/dc/elements/1.1/";
/// Photoshop's XMP namespace (DateCreated, Credit).
const PHOTOSHOP: &str = "http://ns.adobe.com/photoshop/1.0/";
/// The IPTC Extension namespace (PersonInImage).
const IPTC_EXT: &str = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
/// The RDF namespace (list items).
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// Reads dc:description, photoshop:DateCreated, Iptc4xmpExt:PersonInImage, photoshop:Credit
/// and dc:creator; a packet that is not XML gives nothing.
fn read_xmp(raw: &[u8]) -> XmpFields {
    let text = String::from_utf8_lossy(raw);
    // Writers pad packets with whitespace and may leave a NUL or a BOM around them.
    let text = text.trim_matches(|c: char| c == '\0' || c == '\u{feff}' || c.is_whitespace());
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return XmpFields::default();
    };
    let first = |ns, name| values(&doc, ns, name).into_iter().next();
    XmpFields {
        caption: first(DC, "description"),
        date: first(PHOTOSHOP, "DateCreated"),
        people: values(&doc, IPTC_EXT, "PersonInImage"),
        credit: first(PHOTOSHOP, "Credit"),
        creators: values(&doc, DC, "creator"),
    }
}

/// The values of an XMP property, written either as an attribute of `rdf:Description` or as an
/// element holding text or an `rdf:Alt`/`rdf:Bag`/`rdf:Seq` of `rdf:li` items.
fn values(doc: &roxmltree::Document, ns: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        if let Some(v) = node.attribute((ns, name)) {
            push_text(&mut out, v);
        }
        let tag = node.tag_name();
        if tag.namespace() == Some(ns) && tag.name() == name {
            let items: Vec<_> = node
                .descendants()
                .filter(|n| {
                    n.is_element()
                        && n.tag_name().namespace() == Some(RDF)
                        && n.tag_name().name() == "li"
                })
                .collect();
            if items.is_empty() {
                push_text(&mut out, &node_text(node));
            }
            for li in items {
                push_text(&mut out, &node_text(li));
            }
        }
    }
    out
}

/// All text inside a node.
fn node_text(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// Adds a trimmed, non-empty value.
fn push_text(out: &mut Vec<String>, v: &str) {
    let v = v.trim();
    if !v.is_empty() {
        out.push(v.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_alt_bag_and_attributes() {
        let xmp = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" photoshop:DateCreated="2021-05-02T10:00:00">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Mayor Felix Brandt at the quay</rdf:li></rdf:Alt></dc:description>
<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Felix Brandt</rdf:li><rdf:li>Ona Virtanen</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
<dc:creator><rdf:Seq><rdf:li>Ada Quill</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;
        let e = read(&Blocks {
            xmp: Some(xmp.as_bytes().to_vec()),
            ..Blocks::default()
        });
        assert_eq!(e.caption.as_deref(), Some("Mayor Felix Brandt at the quay"));
        assert_eq!(e.date.as_deref(), Some("2021-05-02"));
        assert_eq!(
            e.people,
            vec!["Felix Brandt".to_string(), "Ona Virtanen".to_string()]
        );
        assert_eq!(e.credit.as_deref(), Some("Ada Quill"));
        // Not XML: nothing, no panic.
        assert!(read(&Blocks {
            xmp: Some(b"<x:xmpmeta".to_vec()),
            ..Blocks::default()
        })
        .is_empty());
    }

    #[test]
    fn dates_become_iso() {
        assert_eq!(iso_date("20190620"), "2019-06-20");
        assert_eq!(iso_date("2019:06:20 10:00:00"), "2019-06-20");
        assert_eq!(iso_date("2019-06"), "2019-06");
        assert_eq!(iso_date("sometime"), "sometime");
    }
}
