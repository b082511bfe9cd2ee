//! The same picture under different captions across a batch scan: photos whose perceptual
//! hashes are a few bits apart are the same picture; when their captions name disjoint people,
//! `duplicate-image-caption-conflict` is reported on each page with a pointer to the other.

use std::collections::{HashMap, HashSet};

use image_hasher::ImageHash;

use super::conflict::{people_in, same};
use crate::entities::Lexicon;
use crate::result::{DocumentReport, Finding, Severity};
use crate::rules::{self, DUPLICATE_CAPTION_CONFLICT};

/// Hashes at most this many bits apart (of 64) are the same picture: re-encoding and resizing
/// move a gradient hash by a few bits, different photos by about half of them.
pub const SAME_PICTURE_MAX_BITS: u32 = 6;

/// One hashed photo of the batch.
struct Entry {
    doc: usize,
    image: usize,
    hash: ImageHash,
    people: Vec<String>,
}

/// Adds `duplicate-image-caption-conflict` findings to the documents of a batch.
pub fn cross_check(docs: &mut [DocumentReport], lex: &Lexicon) {
    let mut entries = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for (i, img) in doc.images.iter().enumerate() {
            let file = img.file.as_ref().filter(|f| !f.no_duplicate_check);
            let Some(hash) = file.and_then(|f| f.hash.as_deref()) else {
                continue;
            };
            let Ok(hash) = ImageHash::from_base64(hash) else {
                continue;
            };
            let people = img
                .caption
                .as_deref()
                .map(|c| people_in(c, lex))
                .unwrap_or_default();
            if !people.is_empty() {
                entries.push(Entry {
                    doc: d,
                    image: i,
                    hash,
                    people,
                });
            }
        }
    }
    // Pigeonhole: 8 bytes and at most 6 differing bits, so a near pair shares at least one
    // byte in place; comparing only within those buckets avoids comparing every pair.
    let mut buckets: HashMap<(usize, u8), Vec<usize>> = HashMap::new();
    for (e, entry) in entries.iter().enumerate() {
        for (pos, &byte) in entry.hash.as_bytes().iter().enumerate() {
            buckets.entry((pos, byte)).or_default().push(e);
        }
    }
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    for members in buckets.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                let (x, y) = (&entries[a], &entries[b]);
                if x.doc != y.doc && x.hash.dist(&y.hash) <= SAME_PICTURE_MAX_BITS {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
        }
    }
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_unstable();
    for (a, b) in pairs {
        let (x, y) = (&entries[a], &entries[b]);
        if x.people.iter().any(|p| y.people.iter().any(|q| same(p, q))) {
            continue;
        }
        let to_x = finding(docs, x, y);
        let to_y = finding(docs, y, x);
        docs[x.doc].findings.push(to_x);
        docs[y.doc].findings.push(to_y);
    }
    for doc in docs.iter_mut() {
        doc.findings.sort_by_key(|f| f.image);
    }
}

/// The finding on `here`, pointing at `there`.
fn finding(docs: &[DocumentReport], here: &Entry, there: &Entry) -> Finding {
    let severity = rules::get(DUPLICATE_CAPTION_CONFLICT).map_or(Severity::Warning, |r| r.severity);
    let index = docs[here.doc].images[here.image].index;
    let other = &docs[there.doc];
    Finding {
        rule: DUPLICATE_CAPTION_CONFLICT.to_string(),
        severity,
        image: index,
        message: format!(
            "the same picture is on {} (photo #{}) captioned as {}; here the caption names {}",
            other.path,
            other.images[there.image].index,
            there.people.join(", "),
            here.people.join(", ")
        ),
    }
}
