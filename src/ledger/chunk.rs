//! A run's rows, packed: the ledger stores a run's rows as chunks of up to [`CHUNK_ROWS`]
//! rows, each one SQLite row holding the rows encoded one after the other and compressed
//! (LZ4). One SQLite row per row cost more than the run itself (a B-tree insert, a record
//! built and its pages copied into the WAL, per row; 159 MB per million rows); a chunk is one
//! insert, and the rows take ~21–24 MB per million. What must be found without reading chunks
//! has its own small tables: `keys` (a key's first column, less its last
//! [`GROUP_DROP`] characters → chunks, for `ledger show`: [`key_group`]) and `chunk_files`
//! (file → chunks, for `ledger confirm` and the unconfirmed files).
//!
//! One row, as encoded (integers as LEB128 varints), each against the row before it in the
//! chunk (what a row repeats of its neighbours is what LZ4 would otherwise search for, byte
//! by byte, in a third more data):
//! `flags` (one byte: bits 0–1 the outcome, then one bit each for key, rule, file, values,
//! and one for "read from the same input"), the input (unless the same), the line as a step
//! from the line before (zigzag), then only what the flags say: the key (length, UTF-8), the
//! rule (its number among the chunk's rules, the text after a new number), the file id, the
//! values (count, then each as a token: `0` the same as the row before's at its place, odd
//! `2c + 1` the key's column `c`, even `2(len + 1)` followed by `len` bytes of UTF-8). No
//! hashes: a written row's are computed again from its key and values when a file is
//! confirmed (cheap, and 16 bytes a row that do not compress). Chunks written before version
//! 5 hold each row whole ([`super::unpack`] reads both).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, BuildHasherDefault};

use crate::common::keyset::PassThrough;
use crate::common::values::Values;

/// One decided row, as recorded.
#[derive(Debug, Clone, Copy)]
pub struct RowRecord<'a> {
    /// The ledger key (`None`: its columns could not be computed for this row).
    pub key: Option<&'a str>,
    /// [`super::WRITTEN`], [`super::EXCLUDED`] or [`super::REJECTED`].
    pub outcome: i64,
    /// The rule that excluded or rejected it.
    pub rule: Option<&'a str>,
    /// The upload file it was written to, under the output folder.
    pub file: Option<&'a str>,
    pub input: usize,
    pub line: u64,
    /// The output values sent (written rows).
    pub values: Option<Values<'a>>,
}

/// Separates the columns of a key (the engine joins them with it) and the values stored for
/// a written row.
pub const VALUE_SEPARATOR: char = '\u{1f}';

/// Rows per chunk: large enough that the per-insert cost vanishes and LZ4 finds the
/// repetition between rows, small enough that `ledger show` decodes little for one key.
pub const CHUNK_ROWS: usize = 4096;

pub(super) const KEY: u8 = 1 << 2;
pub(super) const RULE: u8 = 1 << 3;
pub(super) const FILE: u8 = 1 << 4;
pub(super) const VALUES: u8 = 1 << 5;
/// Version 5 on: the row's input is the row before's (none stored).
pub(super) const SAME_INPUT: u8 = 1 << 6;

/// Set in a stored chunk's length: its rows are packed against each other (version 5 on).
/// Chunks written before hold each row whole.
pub(super) const PACKED: u32 = 1 << 31;

/// Rows being packed into one chunk, with what the ledger's side tables need of them.
#[derive(Debug, Default)]
pub struct ChunkBuf {
    /// The encoded rows (not compressed).
    pub data: Vec<u8>,
    /// How many rows `data` holds.
    pub rows: usize,
    /// The run-wide number of the chunk's first row (rows are numbered from 0 in each run).
    pub first: u64,
    /// The upload files the chunk's rows were written to (ids, each once).
    pub files: Vec<i64>,
    /// The key groups of the rows ([`key_group`]) one after the other, for the key index
    /// ([`ChunkBuf::groups`]).
    head_text: String,
    head_ends: Vec<usize>,
    /// Index whole first columns, as version 2 did (the migration that repacks a version-1
    /// ledger writes version 2).
    whole_heads: bool,
    /// The row before's input and line.
    last_input: u64,
    last_line: u64,
    /// The chunk's rules so far, in the order of their numbers.
    rule_text: String,
    rule_ends: Vec<usize>,
    /// Where the values of the last row that had some are in `data` (start, length): a value
    /// is compared where it was written, never copied.
    value_at: Vec<(usize, usize)>,
    /// Where the current row's key columns are in `data`.
    key_columns: Vec<(usize, usize)>,
    /// The groups in `head_text` (start, end), by their hash.
    /// (A group's hash is foldhash's already: the map does not hash it again.)
    seen_groups: HashMap<u64, (usize, usize), BuildHasherDefault<PassThrough>>,
    group_hasher: foldhash::fast::FixedState,
}

impl ChunkBuf {
    /// A chunk whose key index entries are whole first columns (version 2's index).
    pub fn of_whole_heads() -> ChunkBuf {
        ChunkBuf { whole_heads: true, ..ChunkBuf::default() }
    }

    /// Empties the chunk for the rows from `first` on, keeping its memory.
    pub fn reset(&mut self, first: u64) {
        self.data.clear();
        self.rows = 0;
        self.first = first;
        self.files.clear();
        self.head_text.clear();
        self.head_ends.clear();
        self.seen_groups.clear();
        (self.last_input, self.last_line) = (0, 0);
        self.rule_text.clear();
        self.rule_ends.clear();
        self.value_at.clear();
    }

    /// The key groups ([`key_group`]) of the chunk's rows, sorted, each once (rows without a
    /// key left out).
    pub fn groups(&self) -> Vec<&str> {
        let starts = std::iter::once(0).chain(self.head_ends.iter().copied());
        let mut heads: Vec<&str> = starts.zip(&self.head_ends).map(|(a, b)| &self.head_text[a..*b]).collect();
        heads.sort_unstable();
        heads.dedup();
        heads
    }

    /// Appends one row; `file` is the id of the upload file it was written to.
    pub fn push(&mut self, r: &RowRecord<'_>, file: Option<i64>) {
        let input = r.input as u64;
        let flags = (r.outcome as u8 & 3)
            | flag(r.key.is_some(), KEY)
            | flag(r.rule.is_some(), RULE)
            | flag(file.is_some(), FILE)
            | flag(r.values.is_some(), VALUES)
            | flag(input == self.last_input, SAME_INPUT);
        let out = &mut self.data;
        out.push(flags);
        if input != self.last_input {
            varint(out, input);
        }
        varint(out, zigzag(r.line.wrapping_sub(self.last_line)));
        (self.last_input, self.last_line) = (input, r.line);
        let key_at = r.key.map(|k| (text(out, k), k));
        if let Some(k) = r.key {
            let head = key_head(k);
            let group = if self.whole_heads { head } else { key_group(head) };
            // A chunk's rows share a few dozen groups, but seldom with the row before (the
            // order numbers of an export interleave dates): each group is kept once, found
            // by its hash, so the sort before the insert has dozens to order, not thousands.
            // Two groups with one hash are both kept (the sort removes duplicates).
            let hash = self.group_hasher.hash_one(group);
            let start = self.head_text.len();
            match self.seen_groups.entry(hash) {
                Entry::Occupied(e) if &self.head_text[e.get().0..e.get().1] == group => {}
                Entry::Occupied(_) => {
                    self.head_text.push_str(group);
                    self.head_ends.push(self.head_text.len());
                }
                Entry::Vacant(e) => {
                    self.head_text.push_str(group);
                    self.head_ends.push(self.head_text.len());
                    e.insert((start, self.head_text.len()));
                }
            }
        }
        if let Some(rule) = r.rule {
            self.push_rule(rule);
        }
        if let Some(id) = file {
            varint(&mut self.data, id as u64);
            if !self.files.contains(&id) {
                self.files.push(id);
            }
        }
        if let Some(values) = r.values {
            self.push_values(key_at, values);
        }
        self.rows += 1;
    }

    /// A rule as its number among the chunk's rules (a chunk has a few), with its text the
    /// first time.
    fn push_rule(&mut self, rule: &str) {
        let mut start = 0;
        for (n, &end) in self.rule_ends.iter().enumerate() {
            if &self.rule_text[start..end] == rule {
                varint(&mut self.data, n as u64);
                return;
            }
            start = end;
        }
        varint(&mut self.data, self.rule_ends.len() as u64);
        text(&mut self.data, rule);
        self.rule_text.push_str(rule);
        self.rule_ends.push(self.rule_text.len());
    }

    /// The values, each the same as the last row's at its place, a column of the key (`key`:
    /// where its text is in `data`, and the text), or its text.
    fn push_values(&mut self, key: Option<(usize, &str)>, values: Values<'_>) {
        let data = &mut self.data;
        varint(data, values.len() as u64);
        self.key_columns.clear();
        if let Some((at, key)) = key {
            let mut from = 0;
            for end in memchr::memchr_iter(VALUE_SEPARATOR as u8, key.as_bytes()).chain([key.len()]) {
                self.key_columns.push((at + from, end - from));
                from = end + 1;
            }
        }
        for (i, v) in values.iter().enumerate() {
            let v = v.as_bytes();
            let is = |&(at, len): &(usize, usize)| len == v.len() && data[at..at + len] == *v;
            if self.value_at.get(i).is_some_and(is) {
                data.push(0);
                continue;
            }
            let span = match self.key_columns.iter().position(is) {
                Some(c) => {
                    varint(data, 2 * c as u64 + 1);
                    self.key_columns[c]
                }
                None => {
                    varint(data, 2 * (v.len() as u64 + 1));
                    data.extend_from_slice(v);
                    (data.len() - v.len(), v.len())
                }
            };
            match self.value_at.get_mut(i) {
                Some(at) => *at = span,
                None => self.value_at.push(span),
            }
        }
        self.value_at.truncate(values.len());
    }
}

/// A key's first column: what the key index holds. Keys are their columns joined by U+001F
/// (the engine's key separator, [`VALUE_SEPARATOR`]).
pub fn key_head(key: &str) -> &str {
    // A byte search: the separator is ASCII, and `split` costs more on keys this short.
    memchr::memchr(VALUE_SEPARATOR as u8, key.as_bytes()).map_or(key, |end| &key[..end])
}

/// Characters dropped from the end of a key's first column for the key index: consecutive
/// order numbers (…0001, …0002) share one entry, so a run adds an entry per ~100 rows
/// instead of one per row (the inserts were the ledger's largest cost: half its bytes, and
/// pages rewritten over and over). A search reads the chunks of its groups and keeps the rows
/// that match, so a group's extra rows cost reading, never a wrong answer.
pub const GROUP_DROP: usize = 3;

/// What the key index holds for a key's first column `head`: `head` less its last
/// [`GROUP_DROP`] characters (empty for a shorter one). Migration 4 computes the same in SQL
/// (`substr(head, 1, max(length(head) - 3, 0))`: characters, as here).
pub fn key_group(head: &str) -> &str {
    match head.char_indices().rev().nth(GROUP_DROP - 1) {
        Some((at, _)) => &head[..at],
        None => "",
    }
}

fn flag(on: bool, bit: u8) -> u8 {
    if on { bit } else { 0 }
}

/// A signed step as an unsigned number, small either way (`-1` → 1, `1` → 2).
fn zigzag(step: u64) -> u64 {
    let step = step as i64;
    ((step << 1) ^ (step >> 63)) as u64
}

fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Writes `s` with its length; returns where its bytes start.
fn text(out: &mut Vec<u8>, s: &str) -> usize {
    varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
    out.len() - s.len()
}

/// Compresses a chunk's rows for storing into `out` (reused), and returns the stored bytes:
/// the length of the rows with [`PACKED`] set, then the rows compressed. `out` only grows: a
/// buffer cleared and filled with zeros for each chunk cost as much as a tenth of LZ4.
pub fn compress<'o>(data: &[u8], out: &'o mut Vec<u8>) -> &'o [u8] {
    let size = 4 + lz4_flex::block::get_maximum_output_size(data.len());
    if out.len() < size {
        out.resize(size, 0);
    }
    out[..4].copy_from_slice(&(data.len() as u32 | PACKED).to_le_bytes());
    let n = lz4_flex::block::compress_into(data, &mut out[4..size]).expect("the buffer has the maximum size");
    &out[..4 + n]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::values::ValuesBuf;

    fn written<'a>(key: &'a str, values: &'a ValuesBuf, line: u64) -> RowRecord<'a> {
        RowRecord { key: Some(key), outcome: 0, rule: None, file: None, input: 0, line, values: Some(values.values()) }
    }

    /// What a row repeats of the row before (its values, its input, its rule) or of its own
    /// key is stored as a byte each, not again.
    #[test]
    fn a_row_stores_what_it_repeats_in_a_byte() {
        let key = "100234-20241018-0000010000\u{1f}131801892";
        let values: ValuesBuf =
            ["100234-20241018-0000010000", "処理済", "20241018", "753087125884", "131801892", "0", "1002"]
                .into_iter()
                .collect();
        let mut chunk = ChunkBuf::default();
        chunk.push(&written(key, &values, 2), Some(1));
        let first = chunk.data.len();
        chunk.push(&written(key, &values, 3), Some(1));
        let second = chunk.data.len() - first;
        // flags, line step, key (length and text), file, count, a byte per value.
        assert_eq!(second, 1 + 1 + 1 + key.len() + 1 + 1 + values.len());
        // The first row's order number and record number are its key's columns.
        let text: usize = values.values().iter().map(|v| v.len() + 1).sum();
        assert_eq!(first, 1 + 1 + 1 + key.len() + 1 + 1 + text - 26 - 9);
        let excluded = |line| RowRecord { rule: Some("other_store"), values: None, ..written(key, &values, line) };
        chunk.push(&excluded(4), None);
        let third = chunk.data.len();
        chunk.push(&excluded(5), None);
        assert_eq!(chunk.data.len() - third, 1 + 1 + 1 + key.len() + 1, "the rule again: its number");
    }
}
