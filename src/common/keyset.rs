//! A compact set of 64-bit key hashes, for the duplicate rule: the only thing in a run that
//! grows with the rows written.
//!
//! A hash table spends 9 bytes or more per key plus up to half its capacity empty, and doubles
//! (old and new table alive together) as it grows. This set keeps recent keys in a small hash
//! table and merges them, sorted, into sorted arrays in place from the back. A radix index on
//! the top 16 bits of the (uniformly distributed) hashes finds a key's bucket, so the sorted
//! part stores only the other 48 bits: 6 bytes a key plus fixed-size buffers, and a lookup is
//! a hash probe plus a scan of one bucket of a few keys.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

mod spill;

pub(crate) use spill::{SpillPlan, SpillSet};

/// Keys held in the hash table before they are merged into the sorted part.
const RECENT_MAX: usize = 1 << 14;

/// Keys are already hashes: a table of them uses them as they are (the ledger's key groups
/// too).
#[derive(Debug, Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Bits of a key that pick its bucket in the radix index of the sorted part.
const INDEX_BITS: u32 = 16;
const BUCKETS: usize = 1 << INDEX_BITS;

/// Sorted keys are stored without their top 16 bits (the bucket says them): 6 bytes a key.
#[derive(Default)]
pub struct KeySet {
    /// Bits 47..16 of the sorted keys.
    hi: Vec<u32>,
    /// Bits 15..0 of the sorted keys.
    lo: Vec<u16>,
    /// `index[b]..index[b + 1]` is where keys whose top bits are `b` lie in `hi` / `lo`
    /// (256 KiB, moved up in place at each merge), so a lookup touches one bucket of a few keys.
    index: Vec<u32>,
    recent: HashSet<u64, BuildHasherDefault<PassThrough>>,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet").field("len", &self.len()).finish()
    }
}

fn bucket(key: u64) -> usize {
    (key >> (64 - INDEX_BITS)) as usize
}

impl KeySet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.hi.len() + self.recent.len()
    }

    pub fn contains(&self, key: u64) -> bool {
        if self.recent.contains(&key) {
            return true;
        }
        if self.index.is_empty() {
            return false;
        }
        let b = bucket(key);
        let (start, end) = (self.index[b] as usize, self.index[b + 1] as usize);
        let (hi, lo) = ((key >> 16) as u32, key as u16);
        (start..end).any(|i| self.hi[i] == hi && self.lo[i] == lo)
    }

    /// Adds `key`; returns whether it was new.
    pub fn insert(&mut self, key: u64) -> bool {
        if self.contains(key) {
            return false;
        }
        self.insert_absent(key);
        true
    }

    /// Adds `key`, which the caller knows is not in the set.
    pub fn insert_absent(&mut self, key: u64) {
        self.recent.insert(key);
        if self.recent.len() >= RECENT_MAX {
            self.merge();
        }
    }

    /// Every key, in increasing order.
    pub fn sorted(&mut self) -> impl Iterator<Item = u64> + '_ {
        if !self.recent.is_empty() {
            self.merge();
        }
        let index = &self.index;
        let (hi, lo) = (&self.hi, &self.lo);
        (0..index.len().saturating_sub(1)).flat_map(move |b| {
            (index[b] as usize..index[b + 1] as usize)
                .map(move |i| ((b as u64) << 48) | (u64::from(hi[i]) << 16) | u64::from(lo[i]))
        })
    }

    /// Empties the set, keeping its buffers for the keys to come.
    pub fn clear(&mut self) {
        self.hi.clear();
        self.lo.clear();
        self.index.fill(0);
        self.recent.clear();
    }

    /// Moves the recent keys into the sorted part: a backward merge in place, then the index
    /// moved up in place, so the only extra memory is the sorted copy of the recent keys.
    fn merge(&mut self) {
        let mut new: Vec<u64> = self.recent.drain().collect();
        new.sort_unstable();
        let old_len = self.hi.len();
        let total = old_len + new.len();
        self.hi.reserve_exact(new.len());
        self.lo.reserve_exact(new.len());
        self.hi.resize(total, 0);
        self.lo.resize(total, 0);
        if self.index.is_empty() {
            self.index = vec![0; BUCKETS + 1];
        }
        let index = &mut self.index;
        let (mut i, mut j, mut w) = (old_len, new.len(), total);
        // Bucket of the old key at position i - 1, walking down with i.
        let mut ob = BUCKETS - 1;
        while j > 0 {
            w -= 1;
            let old = if i > 0 {
                while index[ob] as usize > i - 1 {
                    ob -= 1;
                }
                Some(((ob as u64) << 48) | (u64::from(self.hi[i - 1]) << 16) | u64::from(self.lo[i - 1]))
            } else {
                None
            };
            let key = match old {
                Some(k) if k > new[j - 1] => {
                    i -= 1;
                    k
                }
                _ => {
                    j -= 1;
                    new[j]
                }
            };
            self.hi[w] = (key >> 16) as u32;
            self.lo[w] = key as u16;
        }
        // Bucket b now starts after the old keys below it (the old index) and the new ones.
        let mut below = 0;
        for (b, start) in index.iter_mut().enumerate() {
            while below < new.len() && bucket(new[below]) < b {
                below += 1;
            }
            *start += below as u32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn remembers_keys_across_merges() {
        let mut s = KeySet::new();
        let keys: Vec<u64> = (0..(RECENT_MAX as u64 * 3 + 17)).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15)).collect();
        for k in &keys {
            assert!(s.insert(*k));
        }
        assert_eq!(s.len(), keys.len());
        for k in &keys {
            assert!(s.contains(*k));
            assert!(!s.insert(*k));
        }
        assert!(!s.contains(12345));
        assert_eq!(*s.index.last().unwrap() as usize, s.hi.len());
    }

    proptest! {
        #[test]
        fn behaves_like_a_hash_set(keys in proptest::collection::vec(any::<u64>(), 0..2000), probes in proptest::collection::vec(any::<u64>(), 0..200)) {
            let mut s = KeySet::new();
            let mut model = std::collections::HashSet::new();
            for (n, k) in keys.iter().enumerate() {
                prop_assert_eq!(s.insert(*k), model.insert(*k));
                if n % 500 == 0 { s.merge(); }
            }
            for k in keys.iter().chain(&probes) {
                prop_assert_eq!(s.contains(*k), model.contains(k));
            }
        }
    }
}
