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

/// The 64 bits of a photo's hash (read.rs hashes 8×8 gradients); `None` for any other size,
/// which no photo has.
fn bits(hash: &ImageHash) -> Option<u64> {
    let bytes: [u8; 8] = hash.as_bytes().try_into().ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// The hashed photos of one document whose captions name people and that the page does not
/// exempt from this rule: (index, hash, people).
fn photos_of(doc: &Analysis) -> Vec<(usize, u64, Vec<String>)> {
    doc.photos
        .iter()
        .filter(|p| !p.ignore.silences(Rule::DuplicateCaptionConflict) && !p.people.is_empty())
        .filter_map(|p| {
            let hash = bits(p.file.as_ref()?.hash.as_ref()?)?;
            Some((p.index, hash, p.people.clone()))
        })
        .collect()
}

/// Bands the hash is cut into for the index: 4 of 16 bits.
const BANDS: u32 = 4;
/// Bits of one band.
const BAND_BITS: u32 = 64 / BANDS;
/// Two hashes at most [`SAME_PICTURE_MAX_BITS`] apart differ in at most this many bits in one
/// of the bands at least (pigeonhole: were every band further apart, the hashes would be), so
/// looking up each band and its neighbours this many bits away finds every near pair.
const BAND_FLIPS: u32 = SAME_PICTURE_MAX_BITS / BANDS;

// Pigeonhole, checked when compiling: were every band more than BAND_FLIPS bits apart, the
// hashes would differ in more than SAME_PICTURE_MAX_BITS bits.
const _: () = assert!(BANDS * (BAND_FLIPS + 1) > SAME_PICTURE_MAX_BITS);

/// Photos one bucket (a band's value) keeps, at most. Uniform hashes fill a bucket only past
/// millions of photos; a bucket that is full holds one much-repeated picture (a stock photo, a
/// blank image), whose later copies are then looked up through their other bands only. This
/// keeps the work per photo bounded, so a scan is linear in its photos.
const MAX_PER_BUCKET: usize = 128;

/// The band `b` of a hash.
fn band(hash: u64, b: u32) -> u16 {
    // Truncation is the point: the 16 bits of band `b`.
    (hash >> (b * BAND_BITS)) as u16
}

/// Every 16-bit mask with at most `flips` bits set: the neighbours of a band value to look up.
fn flip_masks(flips: u32) -> Vec<u16> {
    // Built up by adding one bit above a mask's highest, rather than by testing all 65,536
    // values: every scan starts with these, most without a photo to compare.
    let mut masks = vec![0u16];
    let mut widest = vec![0u16];
    for _ in 0..flips.min(16) {
        let next: Vec<u16> = widest
            .iter()
            .flat_map(|&m| (16 - m.leading_zeros()..16).map(move |b| m | (1 << b)))
            .collect();
        masks.extend(&next);
        widest = next;
    }
    masks.sort_unstable();
    masks
}

/// Photo hashes indexed by band (multi-index hashing): the earlier photos near a hash are found
/// by looking up `BANDS × (1 + 16)` buckets of bounded size, not by comparing with every
/// earlier photo.
struct NearIndex {
    /// Per band: band value → (hash, photo id), in the order added.
    buckets: Vec<HashMap<u16, Vec<(u64, usize)>>>,
    /// The masks of [`flip_masks`] for [`BAND_FLIPS`].
    masks: Vec<u16>,
    /// Hash comparisons made so far (what a scan's work is counted in).
    compared: usize,
}

impl Default for NearIndex {
    fn default() -> Self {
        NearIndex {
            buckets: (0..BANDS).map(|_| HashMap::new()).collect(),
            masks: flip_masks(BAND_FLIPS),
            compared: 0,
        }
    }
}

impl NearIndex {
    /// Remembers photo `id` under each band of `hash` (but in no bucket already full).
    fn insert(&mut self, hash: u64, id: usize) {
        for (b, buckets) in (0..BANDS).zip(&mut self.buckets) {
            let bucket = buckets.entry(band(hash, b)).or_default();
            if bucket.len() < MAX_PER_BUCKET {
                bucket.push((hash, id));
            }
        }
    }

    /// The ids of the photos within [`SAME_PICTURE_MAX_BITS`] of `hash`, ascending.
    fn near(&mut self, hash: u64) -> Vec<usize> {
        let mut found = Vec::new();
        for (b, buckets) in (0..BANDS).zip(&self.buckets) {
            let value = band(hash, b);
            for &mask in &self.masks {
                let Some(bucket) = buckets.get(&(value ^ mask)) else {
                    continue;
                };
                self.compared += bucket.len();
                found.extend(
                    bucket
                        .iter()
                        .filter(|(h, _)| (h ^ hash).count_ones() <= SAME_PICTURE_MAX_BITS)
                        .map(|&(_, id)| id),
                );
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Earlier pages a photo is said to conflict with, at most: the first few
/// say what is wrong; hundreds would bury the report.
const MAX_POINTERS: usize = 5;

/// Copies of one picture (photos within [`SAME_PICTURE_MAX_BITS`] of each other) kept to
/// compare later pages with.
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
    photos: Vec<Photo>,
    index: NearIndex,
}

impl Seen {
    /// Adds findings to `doc` for its photos that earlier documents showed with other people,
    /// then remembers its photos.
    pub fn check_and_add(&mut self, doc: &mut Analysis) {
        let findings = self.check_and_add_photos(&doc.id, photos_of(doc));
        doc.raise(findings);
    }

    /// The findings on the photos (index, hash, people) of the document `id`, which are then
    /// remembered.
    fn check_and_add_photos(
        &mut self,
        id: &str,
        photos: Vec<(usize, u64, Vec<String>)>,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (index, hash, people) in &photos {
            let here = Photo {
                path: id.to_string(),
                index: *index,
                people: people.clone(),
            };
            let mut raised = 0;
            for e in self.index.near(*hash) {
                let there = &self.photos[e];
                if raised < MAX_POINTERS
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
        for (index, hash, people) in photos {
            // A picture already kept this often (a stock photo of an archive) points at enough
            // pages; keeping every copy would make each later page compare with all of them.
            if self.index.near(hash).len() >= MAX_COPIES_KEPT {
                continue;
            }
            let kept = self.photos.len();
            self.index.insert(hash, kept);
            self.photos.push(Photo {
                path: id.to_string(),
                index,
                people,
            });
        }
        findings
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flip_masks_are_the_masks_with_few_bits() {
        for flips in 0..=3 {
            let all: Vec<u16> = (0..=u16::MAX).filter(|m| m.count_ones() <= flips).collect();
            assert_eq!(flip_masks(flips), all, "{flips}");
        }
    }

    /// A small deterministic generator (splitmix64), so the tests need no crate and repeat.
    fn generator(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
    }

    /// `hash` with `k` distinct bits flipped, chosen by `next`.
    fn flipped(hash: u64, k: u32, next: &mut impl FnMut() -> u64) -> u64 {
        let mut mask = 0u64;
        while mask.count_ones() < k {
            mask |= 1 << (next() % 64);
        }
        hash ^ mask
    }

    #[test]
    fn the_index_finds_exactly_the_pairs_brute_force_finds() {
        let mut next = generator(17);
        // Random pictures, each with a few copies from 0 to 9 bits away: copies within the
        // threshold must be found, those beyond it not, whichever bands the flips fall in.
        let mut hashes = Vec::new();
        for _ in 0..3_000 {
            let base = next();
            hashes.push(base);
            for _ in 0..next() % 3 {
                let k = (next() % 10) as u32;
                hashes.push(flipped(base, k, &mut next));
            }
        }
        // Shuffled, so that copies come before and after their picture.
        for i in (1..hashes.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            hashes.swap(i, j);
        }
        let mut index = NearIndex::default();
        let (mut pairs, mut far) = (0, 0);
        for (id, &h) in hashes.iter().enumerate() {
            let brute: Vec<usize> = hashes[..id]
                .iter()
                .enumerate()
                .filter(|(_, &e)| (e ^ h).count_ones() <= SAME_PICTURE_MAX_BITS)
                .map(|(e, _)| e)
                .collect();
            far += hashes[..id]
                .iter()
                .filter(|&&e| (7..=9).contains(&(e ^ h).count_ones()))
                .count();
            assert_eq!(index.near(h), brute, "hash #{id} {h:016x}");
            pairs += brute.len();
            index.insert(h, id);
        }
        // The test means something only if it met many near pairs and pairs just beyond.
        assert!(
            pairs > 1_000 && far > 300,
            "{pairs} near pairs, {far} just beyond"
        );
    }

    #[test]
    fn one_picture_on_every_page_costs_bounded_work_per_page() {
        let mut next = generator(5);
        let base = next();
        let mut seen = Seen::default();
        let mut compared_at = Vec::new();
        let mut findings = 0;
        for page in 0..20_000 {
            // Re-encodings of one stock photo, a few bits off, each captioned with someone else.
            let hash = flipped(base, (next() % 4) as u32, &mut next);
            let photo = (0, hash, vec![format!("Person {page}")]);
            findings += seen
                .check_and_add_photos(&format!("p{page}.html"), vec![photo])
                .len();
            if page + 1 == 5_000 || page + 1 == 20_000 {
                compared_at.push(seen.index.compared);
            }
        }
        // Every page after the first conflicts, pointing at the first five pages kept.
        assert_eq!(findings, 5 * 20_000 - 15, "{findings}");
        // Every copy is near every other, so comparing with all earlier ones costs n²/2: four
        // times the pages, sixteen times the work. Keeping a few copies keeps the work per page
        // under a constant (about 100 comparisons): four times the pages, four times the work.
        assert!(
            seen.photos.len() <= 2 * MAX_COPIES_KEPT,
            "{}",
            seen.photos.len()
        );
        assert!(compared_at[1] <= 5 * compared_at[0], "{compared_at:?}");
    }

    #[test]
    fn full_buckets_bound_the_work_per_photo() {
        // Different pictures sharing one band: the bucket stops growing, so a photo looking up
        // that band compares with a bounded number of them.
        let mut next = generator(9);
        let mut index = NearIndex::default();
        for id in 0..5_000 {
            index.insert((next() & !0xFFFF) | 0x1234, id);
        }
        let before = index.compared;
        let _ = index.near(0x1234);
        assert!(
            index.compared - before <= MAX_PER_BUCKET * BANDS as usize,
            "{}",
            index.compared
        );
    }

    #[test]
    fn a_band_is_looked_up_with_its_neighbours_one_bit_away() {
        assert_eq!(flip_masks(1).len(), 17);
    }
}
