//! `count_of` conditions: how many rows with the same key values were already written in
//! this run (or, with `distinct`, how many distinct values of other fields the key has).
//!
//! A row is counted when the plan decides to write it and it met the condition on its way
//! (so a check's `when` says which rows count); a row excluded or rejected by any rule is
//! not. Rows are decided one at a time in input order, and the counts are shared by every
//! input of a run ([`super::InputCtx::for_input`]), so "the 21st row" means the same thing
//! however the rows are split into files.
//!
//! Keys are 64-bit hashes of the key values. Memory grows with the distinct keys only: a key
//! counted once takes 6 bytes (a [`KeySet`](crate::common::keyset::KeySet), as for duplicates), a key counted more than once
//! also an entry in a small hash map (about 32 bytes), and with `distinct` every counted pair
//! of key and distinct values takes 6 bytes more; each set also has fixed buffers of up to
//! 0.6 MB. Two different keys share a count only if their hashes collide: among a million
//! keys, a chance of about 1 in 10^8.
//!
//! The room for `count_of`: [`counts`] holds the run's counters (the key sets shared by every
//! input and a row's pending keys), [`rows`] is where the plan meets them while it decides a
//! row (a condition asks, a written row is counted).

mod counts;
mod rows;

pub(crate) use counts::{CounterPlan, Pending, RunCounts};
