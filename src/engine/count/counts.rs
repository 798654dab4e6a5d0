//! The run's counters: per kind of `count_of`, the keys counted so far (shared by every input
//! of the run), and the keys a row met on its way, counted if it is written.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::common::keyset::KeySet;
use crate::engine::SlotId;
use crate::engine::lookup::FastMap;

/// Seed of the key hashes (fixed: runs are reproducible).
pub(in crate::engine) const SEED: u64 = 0x636f_756e_745f_6f66;

/// What one kind of `count_of` counts: the slots forming the key, and the slots whose
/// distinct values are counted per key (empty: rows are counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterPlan {
    pub key: Vec<SlotId>,
    pub distinct: Vec<SlotId>,
}

/// The counts of one [`CounterPlan`] in a run.
#[derive(Debug, Default)]
pub(in crate::engine) struct Counter {
    /// Keys counted exactly once.
    once: KeySet,
    /// Keys counted more than once, with their count (in most exports, few keys repeat).
    more: FastMap<u64, u32>,
    /// With `distinct`: every (key, distinct values) pair counted.
    pairs: KeySet,
}

impl Counter {
    fn count(&self, key: u64) -> u32 {
        match self.more.get(&key) {
            Some(n) => *n,
            None => u32::from(self.once.contains(key)),
        }
    }

    /// Whether a row with `key` (and `pair`) would be beyond the first `over`. A pair already
    /// counted is not a new one: it is never beyond.
    pub(in crate::engine) fn is_over(&self, key: u64, pair: Option<u64>, over: u32) -> bool {
        if pair.is_some_and(|p| self.pairs.contains(p)) {
            return false;
        }
        self.count(key) >= over
    }

    pub(in crate::engine) fn add(&mut self, key: u64, pair: Option<u64>) {
        if let Some(p) = pair
            && !self.pairs.insert(p)
        {
            return;
        }
        if !self.once.insert(key) {
            let n = self.more.entry(key).or_insert(1);
            *n = n.saturating_add(1);
        }
    }
}

/// The counts of a run, one [`Counter`] per [`CounterPlan`]. Rows are decided on one thread
/// at a time; the lock only makes the counts shareable between the inputs' deciders.
#[derive(Debug, Clone)]
pub struct RunCounts(Arc<Mutex<Vec<Counter>>>);

impl RunCounts {
    pub fn new(plans: &[CounterPlan]) -> Self {
        RunCounts(Arc::new(Mutex::new(plans.iter().map(|_| Counter::default()).collect())))
    }

    pub(in crate::engine) fn lock(&self) -> MutexGuard<'_, Vec<Counter>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The keys a row met on its way, counted if it is written: counter, key hash, pair hash.
#[derive(Debug, Default, Clone)]
pub struct Pending(pub(in crate::engine) Vec<(usize, u64, Option<u64>)>);

impl Pending {
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_rows_per_key() {
        let mut c = Counter::default();
        for n in 0..5 {
            assert_eq!(c.count(7), n);
            assert_eq!(c.is_over(7, None, 3), n >= 3);
            c.add(7, None);
        }
        assert_eq!(c.count(8), 0);
        assert_eq!(c.more.len(), 1, "only the repeated key is in the map");
    }

    #[test]
    fn distinct_counts_each_pair_once_and_a_known_pair_is_never_over() {
        let mut c = Counter::default();
        c.add(1, Some(10));
        c.add(1, Some(10));
        assert_eq!(c.count(1), 1);
        c.add(1, Some(11));
        assert_eq!(c.count(1), 2);
        assert!(c.is_over(1, Some(12), 2));
        assert!(!c.is_over(1, Some(11), 2), "a pair already counted is not a new one");
    }
}
