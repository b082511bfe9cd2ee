//! The same picture under different captions across a scan: photos whose perceptual hashes
//! are a few bits apart are the same picture; when their captions name disjoint people,
//! `duplicate-image-caption-conflict` is reported on the later page, pointing at the earlier
//! ones (see [`Seen`]). Every output format runs the same check in the same document order.

use std::collections::HashMap;

use image_hasher::ImageHash;

use super::conflict::same;
use crate::types::{Analysis, Finding, Message, Rule};

/// Hashes at most this many bits apart (of 64) are the same picture: re-encoding and resizing
/// move a gradient hash by a few bits, different photos by about half of them.
pub const SAME_PICTURE_MAX_BITS: u32 = 6;

/// The hashed photos of one document whose captions name people and that the page does not
/// exempt from this rule: (index, hash, people).
fn photos_of(doc: &Analysis) -> Vec<(usize, &ImageHash, &[String])> {
    doc.photos
        .iter()
        .filter(|p| !p.ignore.silences(Rule::DuplicateCaptionConflict) && !p.people.is_empty())
        .filter_map(|p| {
            let hash = p.file.as_ref()?.hash.as_ref()?;
            Some((p.index, hash, p.people.as_slice()))
        })
        .collect()
}

/// Pigeonhole buckets: 8 bytes and at most 6 differing bits, so a near pair shares at least
/// one byte in place; comparing only within those buckets avoids comparing every pair.
fn bucket_keys(hash: &ImageHash) -> impl Iterator<Item = (usize, u8)> + '_ {
    hash.as_bytes().iter().copied().enumerate()
}

/// Earlier pages a photo is said to conflict with, at most: the first few
/// say what is wrong; hundreds would bury the report.
const MAX_POINTERS: usize = 5;

/// Copies of one exact picture kept to compare later pages with.
const MAX_COPIES_KEPT: usize = 16;

/// Where a photo is and whom its caption names.
struct Photo {
    path: String,
    index: usize,
    people: Vec<String>,
}

/// The photos of a scan seen so far, for the duplicate rule. Documents are handed over in the
/// scan's order and a document already written (JSONL streams) cannot take a finding any more,
/// so the conflict is reported on the later page only, pointing at up to [`MAX_POINTERS`]
/// earlier ones: a photo shared by N pages gives at most 5·N findings, not N². Only hashed
/// photos whose captions name people are kept, so a scan of pages without local image files
/// keeps nothing.
#[derive(Default)]
pub struct Seen {
    photos: Vec<(ImageHash, Photo)>,
    buckets: HashMap<(usize, u8), Vec<usize>>,
}

impl Seen {
    /// Adds findings to `doc` for its photos that earlier documents showed with other people,
    /// then remembers its photos.
    pub fn check_and_add(&mut self, doc: &mut Analysis) {
        let mut findings = Vec::new();
        let photos = photos_of(doc);
        for &(index, hash, people) in &photos {
            let mut near: Vec<usize> = bucket_keys(hash)
                .filter_map(|k| self.buckets.get(&k))
                .flatten()
                .copied()
                .collect();
            near.sort_unstable();
            near.dedup();
            let here = Photo {
                path: doc.id.clone(),
                index,
                people: people.to_vec(),
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
                    findings.push(finding(&here, there));
                    raised += 1;
                }
            }
        }
        let kept: Vec<(ImageHash, Photo)> = photos
            .into_iter()
            .map(|(index, hash, people)| {
                let photo = Photo {
                    path: doc.id.clone(),
                    index,
                    people: people.to_vec(),
                };
                (hash.clone(), photo)
            })
            .collect();
        doc.raise(findings);
        for (hash, photo) in kept {
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
            self.photos.push((hash, photo));
        }
    }
}

/// The finding on `here`, pointing at `there`.
fn finding(here: &Photo, there: &Photo) -> Finding {
    Finding::new(
        Rule::DuplicateCaptionConflict,
        here.index,
        Message::CaptionedElsewhere {
            path: there.path.clone(),
            index: there.index,
            there: there.people.clone(),
            here: here.people.clone(),
        }
        .to_string(),
    )
}
