//! A compact set of 64-bit key hashes, for the duplicate rule: the only thing in a run that
//! grows with the rows written.
//!
//! A hash table spends 9 bytes or more per key plus up to half its capacity empty, and doubles
//! (old and new table alive together) as it grows. This set keeps recent keys in a small hash
//! table and merges them, sorted, into one sorted `Vec` in place from the back — so memory is
//! 8 bytes per key plus a fixed-size buffer, and a lookup is a hash probe plus a search in
//! uniformly distributed hashes.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys held in the hash table before they are merged into the sorted part.
const RECENT_MAX: usize = 1 << 14;

/// Keys are already hashes: the table uses them as they are.
#[derive(Default)]
struct PassThrough(u64);

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

#[derive(Default)]
pub struct KeySet {
    sorted: Vec<u64>,
    recent: HashSet<u64, BuildHasherDefault<PassThrough>>,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet").field("len", &self.len()).finish()
    }
}

impl KeySet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.sorted.len() + self.recent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, key: u64) -> bool {
        self.recent.contains(&key) || search(&self.sorted, key)
    }

    /// Adds `key`; returns whether it was new.
    pub fn insert(&mut self, key: u64) -> bool {
        if self.contains(key) {
            return false;
        }
        self.recent.insert(key);
        if self.recent.len() >= RECENT_MAX {
            self.merge();
        }
        true
    }

    /// Moves the recent keys into the sorted part: a backward merge in place, so the only
    /// extra memory is the sorted copy of the recent keys.
    fn merge(&mut self) {
        let mut new: Vec<u64> = self.recent.drain().collect();
        new.sort_unstable();
        let old_len = self.sorted.len();
        self.sorted.reserve_exact(new.len());
        self.sorted.resize(old_len + new.len(), 0);
        let (mut i, mut j, mut w) = (old_len, new.len(), old_len + new.len());
        while j > 0 {
            w -= 1;
            if i > 0 && self.sorted[i - 1] > new[j - 1] {
                self.sorted[w] = self.sorted[i - 1];
                i -= 1;
            } else {
                self.sorted[w] = new[j - 1];
                j -= 1;
            }
        }
    }
}

/// Interpolation search: the keys are hashes, spread evenly over `u64`, so guessing the
/// position from the value takes a few probes; a plain binary search finishes small ranges.
fn search(v: &[u64], key: u64) -> bool {
    let (mut lo, mut hi) = (0usize, v.len());
    let mut guesses = 0;
    while hi - lo > 32 && guesses < 8 {
        let (a, b) = (v[lo], v[hi - 1]);
        if key < a || key > b {
            return false;
        }
        let span = u128::from(b - a).max(1);
        let pos = lo + ((u128::from(key - a) * (hi - 1 - lo) as u128) / span) as usize;
        match v[pos].cmp(&key) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = pos + 1,
            std::cmp::Ordering::Greater => hi = pos,
        }
        guesses += 1;
    }
    v[lo..hi].binary_search(&key).is_ok()
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
        assert!(s.sorted.windows(2).all(|w| w[0] < w[1]));
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
