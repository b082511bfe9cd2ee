//! The same picture under different captions across a batch scan: photos whose perceptual
//! hashes are a few bits apart are the same picture; when their captions name disjoint people,
//! `duplicate-image-caption-conflict` is reported on each page with a pointer to the other (in
//! a streamed scan, on the later page only: see [`Seen`]).

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

/// The hashed photos of one document whose captions name people: (position in `images`,
/// hash, people).
fn photos_of(doc: &DocumentReport, lex: &Lexicon) -> Vec<(usize, ImageHash, Vec<String>)> {
    let mut out = Vec::new();
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
            out.push((i, hash, people));
        }
    }
    out
}

/// Pigeonhole buckets: 8 bytes and at most 6 differing bits, so a near pair shares at least
/// one byte in place; comparing only within those buckets avoids comparing every pair.
fn bucket_keys(hash: &ImageHash) -> impl Iterator<Item = (usize, u8)> + '_ {
    hash.as_bytes().iter().copied().enumerate()
}

/// Adds `duplicate-image-caption-conflict` findings to the documents of a batch.
pub fn cross_check(docs: &mut [DocumentReport], lex: &Lexicon) {
    let mut entries = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for (image, hash, people) in photos_of(doc, lex) {
            entries.push(Entry {
                doc: d,
                image,
                hash,
                people,
            });
        }
    }
    let mut buckets: HashMap<(usize, u8), Vec<usize>> = HashMap::new();
    for (e, entry) in entries.iter().enumerate() {
        for k in bucket_keys(&entry.hash) {
            buckets.entry(k).or_default().push(e);
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
        let at = |e: &Entry| Photo {
            path: docs[e.doc].path.clone(),
            index: docs[e.doc].images[e.image].index,
            people: e.people.clone(),
        };
        let (px, py) = (at(x), at(y));
        docs[x.doc].findings.push(finding(&px, &py));
        docs[y.doc].findings.push(finding(&py, &px));
    }
    for doc in docs.iter_mut() {
        doc.findings.sort_by_key(|f| f.image);
    }
}

/// Earlier pages a photo of a streamed scan is said to conflict with, at most: the first few
/// say what is wrong; hundreds would bury the report.
const MAX_POINTERS: usize = 5;

/// Copies of one exact picture a streamed scan keeps to compare later pages with.
const MAX_COPIES_KEPT: usize = 16;

/// Where a photo is and whom its caption names.
struct Photo {
    path: String,
    index: usize,
    people: Vec<String>,
}

/// The photos of a streamed scan seen so far (`--format jsonl`), for the duplicate rule: a
/// document already written cannot take a finding any more, so the conflict is reported on the
/// later page only, pointing at the earlier one. Only hashed photos whose captions name people
/// are kept, so a scan of pages without local image files keeps nothing.
#[derive(Default)]
pub struct Seen {
    photos: Vec<(ImageHash, Photo)>,
    buckets: HashMap<(usize, u8), Vec<usize>>,
}

impl Seen {
    /// Adds findings to `doc` for its photos that earlier documents showed with other people,
    /// then remembers its photos.
    pub fn check_and_add(&mut self, doc: &mut DocumentReport, lex: &Lexicon) {
        let photos = photos_of(doc, lex);
        let before = doc.findings.len();
        for (image, hash, people) in &photos {
            let mut near: Vec<usize> = bucket_keys(hash)
                .filter_map(|k| self.buckets.get(&k))
                .flatten()
                .copied()
                .collect();
            near.sort_unstable();
            near.dedup();
            let here = Photo {
                path: doc.path.clone(),
                index: doc.images[*image].index,
                people: people.clone(),
            };
            let mut raised = 0;
            for e in near {
                let (other_hash, there) = &self.photos[e];
                if raised < MAX_POINTERS
                    && other_hash.dist(hash) <= SAME_PICTURE_MAX_BITS
                    && !there
                        .people
                        .iter()
                        .any(|p| people.iter().any(|q| same(p, q)))
                {
                    doc.findings.push(finding(&here, there));
                    raised += 1;
                }
            }
        }
        if doc.findings.len() > before {
            doc.findings.sort_by_key(|f| f.image);
        }
        for (image, hash, people) in photos {
            // A picture already kept this often (a stock photo of an archive) points at enough
            // pages; keeping every copy would make each later page compare with all of them.
            let copies = self
                .buckets
                .get(&(0, hash.as_bytes().first().copied().unwrap_or(0)))
                .map_or(0, |b| {
                    b.iter()
                        .filter(|&&e| self.photos[e].0.dist(&hash) == 0)
                        .take(MAX_COPIES_KEPT)
                        .count()
                });
            if copies >= MAX_COPIES_KEPT {
                continue;
            }
            let id = self.photos.len();
            for k in bucket_keys(&hash) {
                self.buckets.entry(k).or_default().push(id);
            }
            let photo = Photo {
                path: doc.path.clone(),
                index: doc.images[image].index,
                people,
            };
            self.photos.push((hash, photo));
        }
    }
}

/// The finding on `here`, pointing at `there`.
fn finding(here: &Photo, there: &Photo) -> Finding {
    let severity = rules::get(DUPLICATE_CAPTION_CONFLICT).map_or(Severity::Warning, |r| r.severity);
    Finding {
        rule: DUPLICATE_CAPTION_CONFLICT.to_string(),
        severity,
        image: here.index,
        message: format!(
            "the same picture is on {} (photo #{}) captioned as {}; here the caption names {}",
            there.path,
            there.index,
            there.people.join(", "),
            here.people.join(", ")
        ),
    }
}
