//! Where rows meet the run's `count_of` counts ([`super::counts`]): a condition asks whether
//! this row's key is over its limit, and a written row is counted.

use std::hash::{BuildHasher, Hasher};

use super::counts::{CounterPlan, SEED};
use crate::engine::Plan;
use crate::engine::{InputCtx, OrReject, RowState};

impl Plan {
    /// `count_of`: whether this row's key already has `over` counted rows (or distinct
    /// values); the key is remembered, to be counted if the row is written.
    pub(in crate::engine) fn count_over(
        &self,
        counter: usize,
        over: u32,
        row: &mut RowState,
        ctx: &InputCtx,
    ) -> OrReject<bool> {
        let spec = &self.counters[counter];
        for &slot in spec.key.iter().chain(&spec.distinct) {
            self.ensure(slot, row, ctx)?;
        }
        let (key, pair) = hashes(spec, row);
        if !row.pending.0.iter().any(|p| p.0 == counter) {
            row.pending.0.push((counter, key, pair));
        }
        Ok(ctx.counts.lock()[counter].is_over(key, pair, over))
    }

    /// Counts the keys a written row met.
    pub(in crate::engine) fn count_written(&self, row: &mut RowState, ctx: &InputCtx) {
        if row.pending.0.is_empty() {
            return;
        }
        let mut counts = ctx.counts.lock();
        for (counter, key, pair) in row.pending.0.drain(..) {
            counts[counter].add(key, pair);
        }
    }
}

/// The hash of the row's key values, and with `distinct` the hash of the key and distinct
/// values together. Each value is prefixed by its length, so no two lists of values share
/// their bytes.
fn hashes(spec: &CounterPlan, row: &RowState) -> (u64, Option<u64>) {
    fn write(h: &mut impl Hasher, text: &str) {
        h.write_usize(text.len());
        h.write(text.as_bytes());
    }
    let mut h = foldhash::quality::FixedState::with_seed(SEED).build_hasher();
    for &slot in &spec.key {
        write(&mut h, row.text(slot));
    }
    let key = h.finish();
    if spec.distinct.is_empty() {
        return (key, None);
    }
    for &slot in &spec.distinct {
        write(&mut h, row.text(slot));
    }
    (key, Some(h.finish()))
}
