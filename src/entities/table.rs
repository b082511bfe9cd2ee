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

/// A built-in table: `2^(64 - shift)` slots.
#[derive(Clone, Copy, Default)]
pub(super) struct Table {
    /// How far a key's hash is shifted right to give its first slot: 64 less the base-2
    /// logarithm of the number of slots.
    pub(super) shift: u32,
    /// The slots; empty for a table with no keys.
    pub(super) slots: &'static [Slot],
}

/// The hash of a key: rustc's `FxHasher` step over eight bytes at a time, the last one to
/// seven read as overlapping words rather than copied, then the length; its high bits pick the
/// slot, since they are the well-mixed ones.
#[inline]
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
    let n = rest.len();
    let u32_at = |i: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&rest[i..i + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    // With the length hashed too, each of these reads covers every byte of the rest.
    let last = match n {
        0 => 0,
        1..=3 => {
            u64::from(rest[0]) | (u64::from(rest[n / 2]) << 8) | (u64::from(rest[n - 1]) << 16)
        }
        _ => u32_at(0) | (u32_at(n - 4) << 32),
    };
    add(add(h, last), key.len() as u64)
}

/// The first slot a key of `hash` is looked for in, of a table of `2^(64 - shift)` slots.
#[inline]
pub(super) fn first_slot(hash: u64, shift: u32) -> usize {
    hash.wrapping_shr(shift) as usize
}

impl std::fmt::Debug for Table {
    /// The size, not the slots: a lexicon's debug form would otherwise print every list.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("slots", &self.slots.len())
            .finish()
    }
}

impl Table {
    /// The value of `key` in the table whose keys lie in `blob`.
    #[inline]
    pub(super) fn get(&self, blob: &str, key: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = first_slot(hash(key.as_bytes()), self.shift) & mask;
        // Every table has an empty slot (it is at most half full), so the probe ends; the
        // bound only guards a table that would break that.
        for _ in 0..self.slots.len() {
            let [start, len, value] = *self.slots.get(i)?;
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
