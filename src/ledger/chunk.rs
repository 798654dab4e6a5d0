//! A run's rows, packed: the ledger stores a run's rows as chunks of up to [`CHUNK_ROWS`]
//! rows, each one SQLite row holding the rows encoded one after the other and compressed
//! (LZ4). One SQLite row per row cost more than the run itself (a B-tree insert, a record
//! built and its pages copied into the WAL, per row; 159 MB per million rows); a chunk is one
//! insert, and the rows take ~33 MB per million. What must be found without reading chunks
//! has its own small tables: `keys` (a key's first column, less its last
//! [`GROUP_DROP`] characters → chunks, for `ledger show`: [`key_group`]) and `chunk_files`
//! (file → chunks, for `ledger confirm` and the unconfirmed files).
//!
//! One row, as encoded (integers as LEB128 varints):
//! `flags` (one byte: bits 0–1 the outcome, then one bit each for key, rule, file, values),
//! `input`, `line`, then only what the flags say: the key (length, UTF-8), the rule (length,
//! UTF-8), the file id, the values (count, then length and UTF-8 of each). No hashes: a written
//! row's are computed again from its key and values when a file is confirmed (cheap, and 16
//! bytes a row that do not compress).

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
    pub values: Option<&'a [String]>,
}

/// Separates the columns of a key (the engine joins them with it) and the values stored for
/// a written row.
pub const VALUE_SEPARATOR: char = '\u{1f}';

/// Rows per chunk: large enough that the per-insert cost vanishes and LZ4 finds the
/// repetition between rows, small enough that `ledger show` decodes little for one key.
pub const CHUNK_ROWS: usize = 4096;

const KEY: u8 = 1 << 2;
const RULE: u8 = 1 << 3;
const FILE: u8 = 1 << 4;
const VALUES: u8 = 1 << 5;

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
        let out = &mut self.data;
        let flags = (r.outcome as u8 & 3)
            | flag(r.key.is_some(), KEY)
            | flag(r.rule.is_some(), RULE)
            | flag(file.is_some(), FILE)
            | flag(r.values.is_some(), VALUES);
        out.push(flags);
        varint(out, r.input as u64);
        varint(out, r.line);
        if let Some(k) = r.key {
            text(out, k);
            let head = key_head(k);
            let group = if self.whole_heads { head } else { key_group(head) };
            // Neighbouring rows mostly share their group (an order's lines, consecutive
            // numbers): stored once, the sort before the insert has a few hundred to order.
            let last = self.head_ends.len().checked_sub(2).map_or(0, |i| self.head_ends[i]);
            if self.head_ends.last().is_none_or(|&end| &self.head_text[last..end] != group) {
                self.head_text.push_str(group);
                self.head_ends.push(self.head_text.len());
            }
        }
        if let Some(rule) = r.rule {
            text(out, rule);
        }
        if let Some(id) = file {
            varint(out, id as u64);
            if !self.files.contains(&id) {
                self.files.push(id);
            }
        }
        if let Some(values) = r.values {
            varint(out, values.len() as u64);
            for v in values {
                text(out, v);
            }
        }
        self.rows += 1;
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

fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn text(out: &mut Vec<u8>, s: &str) {
    varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Compresses a chunk's rows for storing, into `out` (reused).
pub fn compress(data: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.resize(4 + lz4_flex::block::get_maximum_output_size(data.len()), 0);
    out[..4].copy_from_slice(&(data.len() as u32).to_le_bytes());
    let n = lz4_flex::block::compress_into(data, &mut out[4..]).expect("the buffer has the maximum size");
    out.truncate(4 + n);
}

/// A stored chunk that cannot be read back: the ledger file was damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged;

/// No chunk is larger than this once decompressed (a damaged length is not allocated).
const MAX_CHUNK_BYTES: usize = 1 << 30;

/// Decompresses a stored chunk.
pub fn decompress(stored: &[u8]) -> Result<Vec<u8>, Damaged> {
    let len = u32::from_le_bytes(stored.get(..4).ok_or(Damaged)?.try_into().map_err(|_| Damaged)?);
    if len as usize > MAX_CHUNK_BYTES {
        return Err(Damaged);
    }
    lz4_flex::block::decompress(&stored[4..], len as usize).map_err(|_| Damaged)
}

/// One stored row, borrowed from its decompressed chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow<'a> {
    pub outcome: i64,
    pub input: u64,
    pub line: u64,
    pub key: Option<&'a str>,
    pub rule: Option<&'a str>,
    pub file: Option<i64>,
    /// The values written (written rows).
    pub values: Option<Vec<&'a str>>,
}

/// The rows of a decompressed chunk, in order.
pub struct Rows<'a> {
    data: &'a [u8],
    at: usize,
}

pub fn rows(data: &[u8]) -> Rows<'_> {
    Rows { data, at: 0 }
}

impl<'a> Rows<'a> {
    fn byte(&mut self) -> Result<u8, Damaged> {
        let b = *self.data.get(self.at).ok_or(Damaged)?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, Damaged> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        Err(Damaged)
    }

    fn text(&mut self) -> Result<&'a str, Damaged> {
        let len = usize::try_from(self.varint()?).map_err(|_| Damaged)?;
        let end = self.at.checked_add(len).ok_or(Damaged)?;
        let bytes = self.data.get(self.at..end).ok_or(Damaged)?;
        self.at = end;
        std::str::from_utf8(bytes).map_err(|_| Damaged)
    }

    fn row(&mut self) -> Result<StoredRow<'a>, Damaged> {
        let flags = self.byte()?;
        let outcome = i64::from(flags & 3);
        let (input, line) = (self.varint()?, self.varint()?);
        let key = if flags & KEY != 0 { Some(self.text()?) } else { None };
        let rule = if flags & RULE != 0 { Some(self.text()?) } else { None };
        let file = if flags & FILE != 0 { Some(self.varint()? as i64) } else { None };
        let values = if flags & VALUES != 0 {
            let n = self.varint()?;
            let mut v = Vec::with_capacity(n.min(1024) as usize);
            for _ in 0..n {
                v.push(self.text()?);
            }
            Some(v)
        } else {
            None
        };
        Ok(StoredRow { outcome, input, line, key, rule, file, values })
    }
}

impl<'a> Iterator for Rows<'a> {
    type Item = Result<StoredRow<'a>, Damaged>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.data.len() {
            return None;
        }
        let row = self.row();
        if row.is_err() {
            self.at = self.data.len();
        }
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// key, rule, file, values, outcome, line
    type Row = (Option<String>, Option<String>, Option<i64>, Option<Vec<String>>, u8, u64);

    fn arb_row() -> impl Strategy<Value = Row> {
        (
            proptest::option::of(".{0,30}"),
            proptest::option::of("[a-z_]{1,12}"),
            proptest::option::of(0i64..1 << 40),
            proptest::option::of(proptest::collection::vec(".{0,20}", 0..8)),
            0u8..3,
            any::<u64>(),
        )
    }

    proptest! {
        /// Whatever a run records comes back as it was, row by row.
        #[test]
        fn rows_come_back_as_recorded(rows in proptest::collection::vec(arb_row(), 0..40)) {
            let mut chunk = ChunkBuf::default();
            for (i, (key, rule, file, values, outcome, line)) in rows.iter().enumerate() {
                chunk.push(&RowRecord {
                    key: key.as_deref(),
                    outcome: i64::from(*outcome),
                    rule: rule.as_deref(),
                    file: None,
                    input: i,
                    line: *line,
                    values: values.as_deref(),
                }, *file);
            }
            let mut stored = Vec::new();
            compress(&chunk.data, &mut stored);
            let data = decompress(&stored).unwrap();
            let back: Vec<StoredRow<'_>> = super::rows(&data).collect::<Result<_, _>>().unwrap();
            prop_assert_eq!(back.len(), rows.len());
            let mut groups: Vec<&str> =
                rows.iter().filter_map(|r| r.0.as_deref()).map(|k| key_group(key_head(k))).collect();
            groups.sort_unstable();
            groups.dedup();
            prop_assert_eq!(chunk.groups(), groups);
            for (i, (b, (key, rule, file, values, outcome, line))) in back.iter().zip(&rows).enumerate() {
                prop_assert_eq!(b.key, key.as_deref());
                prop_assert_eq!(b.rule, rule.as_deref());
                prop_assert_eq!(b.file, *file);
                prop_assert_eq!(b.outcome, i64::from(*outcome));
                prop_assert_eq!((b.input, b.line), (i as u64, *line));
                let values: Option<Vec<&str>> = values.as_ref().map(|v| v.iter().map(String::as_str).collect());
                prop_assert_eq!(&b.values, &values);
            }
        }
    }

    #[test]
    fn a_damaged_chunk_is_an_error_not_a_panic() {
        let mut chunk = ChunkBuf::default();
        let values = vec!["a".to_string(), "b".to_string()];
        let r =
            RowRecord { key: Some("k"), outcome: 0, rule: None, file: None, input: 0, line: 2, values: Some(&values) };
        chunk.push(&r, Some(7));
        for cut in 0..chunk.data.len() {
            let rows: Result<Vec<_>, _> = rows(&chunk.data[..cut]).collect();
            assert!(cut == 0 || rows.is_err(), "{cut} bytes read as whole rows");
        }
        let mut stored = Vec::new();
        compress(&chunk.data, &mut stored);
        assert_eq!(decompress(&stored[..stored.len() - 1]), Err(Damaged));
        assert_eq!(decompress(&stored[..3]), Err(Damaged));
    }
}
