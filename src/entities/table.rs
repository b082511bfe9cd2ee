//! The hash tables `build.rs` writes for the built-in word lists, and their look-up. `build.rs`
//! includes this file too, so that the tables are laid out with the very hash that searches
//! them.
//!
//! A table is open addressing with linear probing, at most half full, so that a miss ends at an
//! empty slot after a probe or two: each slot holds where its key lies in the one text blob of
//! all keys, and a number whose meaning is the list's. The slots are plain integers, which the
//! loader need not relocate, and a look-up costs what a `HashMap` look-up does.

/// One slot: the key's start in the blob (`EMPTY` for none), its length in bytes, its value.
pub(super) type Slot = [u32; 3];

/// The start of an empty slot.
pub(super) const EMPTY: u32 = u32::MAX;

/// A built-in table: `2^bits` slots.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Table {
    /// The base-2 logarithm of the number of slots.
    pub(super) bits: u32,
    /// The slots; empty for a table with no keys.
    pub(super) slots: &'static [Slot],
}

/// The hash of a key: rustc's `FxHasher` step over eight bytes at a time, then the length;
/// its high bits pick the slot, since they are the well-mixed ones.
pub(super) fn hash(key: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let add = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let mut h = 0u64;
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = add(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    let mut w = [0u8; 8];
    w[..rest.len()].copy_from_slice(rest);
    add(add(h, u64::from_le_bytes(w)), key.len() as u64)
}

/// The first slot a key of `hash` is looked for in, of a table of `2^bits` slots.
pub(super) fn first_slot(hash: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (hash >> (64 - bits)) as usize
    }
}

impl Table {
    /// The value of `key` in the table whose keys lie in `blob`.
    pub(super) fn get(&self, blob: &str, key: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = first_slot(hash(key.as_bytes()), self.bits) & mask;
        // Every table has an empty slot (it is at most half full), so the probe ends; the
        // bound only guards a table that would break that.
        for _ in 0..self.slots.len() {
            let [start, len, value] = self.slots[i];
            if start == EMPTY {
                return None;
            }
            if len as usize == key.len() {
                let start = start as usize;
                if blob.as_bytes().get(start..start + key.len()) == Some(key.as_bytes()) {
                    return Some(value);
                }
            }
            i = (i + 1) & mask;
        }
        None
    }

    /// The keys and values of the table, in slot order.
    #[cfg(test)]
    pub(super) fn entries(&self, blob: &'static str) -> impl Iterator<Item = (&'static str, u32)> {
        self.slots
            .iter()
            .filter(|s| s[0] != EMPTY)
            .map(move |&[start, len, value]| {
                let (start, len) = (start as usize, len as usize);
                (blob.get(start..start + len).unwrap_or(""), value)
            })
    }
}
