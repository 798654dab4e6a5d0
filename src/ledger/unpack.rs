//! Reading stored chunks back ([`super::chunk`] writes them): a chunk of version 5 on, whose
//! rows are packed against each other, or one written before, whose rows are whole. Every
//! row borrows its texts from the decompressed chunk.

use super::chunk::{FILE, KEY, PACKED, RULE, SAME_INPUT, VALUE_SEPARATOR, VALUES};

/// A stored chunk that cannot be read back: the ledger file was damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged;

/// No chunk is larger than this once decompressed (a damaged length is not allocated).
const MAX_CHUNK_BYTES: usize = 1 << 30;

/// A decompressed chunk: its rows' bytes and how they are encoded.
pub struct Unpacked {
    data: Vec<u8>,
    packed: bool,
}

/// Decompresses a stored chunk.
pub fn decompress(stored: &[u8]) -> Result<Unpacked, Damaged> {
    let head = u32::from_le_bytes(stored.get(..4).ok_or(Damaged)?.try_into().map_err(|_| Damaged)?);
    let len = (head & !PACKED) as usize;
    if len > MAX_CHUNK_BYTES {
        return Err(Damaged);
    }
    let data = lz4_flex::block::decompress(&stored[4..], len).map_err(|_| Damaged)?;
    Ok(Unpacked { data, packed: head & PACKED != 0 })
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
    packed: bool,
    /// What a packed row refers to: the row before's input and line, the chunk's rules so
    /// far, the last values.
    last_input: u64,
    last_line: u64,
    rules: Vec<&'a str>,
    last_values: Vec<&'a str>,
}

pub fn rows(chunk: &Unpacked) -> Rows<'_> {
    Rows {
        data: &chunk.data,
        at: 0,
        packed: chunk.packed,
        last_input: 0,
        last_line: 0,
        rules: Vec::new(),
        last_values: Vec::new(),
    }
}

/// Bytes of whole rows (chunks written before version 5), for the tests of that format.
#[cfg(test)]
pub fn whole_rows(data: Vec<u8>) -> Unpacked {
    Unpacked { data, packed: false }
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

    fn bytes(&mut self, len: u64) -> Result<&'a str, Damaged> {
        let len = usize::try_from(len).map_err(|_| Damaged)?;
        let end = self.at.checked_add(len).ok_or(Damaged)?;
        let bytes = self.data.get(self.at..end).ok_or(Damaged)?;
        self.at = end;
        std::str::from_utf8(bytes).map_err(|_| Damaged)
    }

    fn text(&mut self) -> Result<&'a str, Damaged> {
        let len = self.varint()?;
        self.bytes(len)
    }

    fn row(&mut self) -> Result<StoredRow<'a>, Damaged> {
        if self.packed {
            return self.packed_row();
        }
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

    /// A row of version 5 on (see [`super::chunk`]).
    fn packed_row(&mut self) -> Result<StoredRow<'a>, Damaged> {
        let flags = self.byte()?;
        let outcome = i64::from(flags & 3);
        let input = if flags & SAME_INPUT != 0 { self.last_input } else { self.varint()? };
        let step = self.varint()?;
        let line = self.last_line.wrapping_add(((step >> 1) as i64 ^ -((step & 1) as i64)) as u64);
        (self.last_input, self.last_line) = (input, line);
        let key = if flags & KEY != 0 { Some(self.text()?) } else { None };
        let rule = if flags & RULE != 0 {
            let n = usize::try_from(self.varint()?).map_err(|_| Damaged)?;
            if n == self.rules.len() {
                let text = self.text()?;
                self.rules.push(text);
            }
            Some(*self.rules.get(n).ok_or(Damaged)?)
        } else {
            None
        };
        let file = if flags & FILE != 0 { Some(self.varint()? as i64) } else { None };
        let values = if flags & VALUES != 0 {
            let n = self.varint()?;
            let mut v = Vec::with_capacity(n.min(1024) as usize);
            for i in 0..n as usize {
                let token = self.varint()?;
                v.push(match token {
                    0 => *self.last_values.get(i).ok_or(Damaged)?,
                    t if t & 1 == 1 => {
                        let column = usize::try_from(t >> 1).map_err(|_| Damaged)?;
                        key.and_then(|k| k.split(VALUE_SEPARATOR).nth(column)).ok_or(Damaged)?
                    }
                    t => self.bytes((t >> 1) - 1)?,
                });
            }
            self.last_values.clone_from(&v);
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

    use super::super::chunk::{ChunkBuf, RowRecord, compress, key_group, key_head};
    use super::*;
    use crate::common::values::ValuesBuf;

    /// key, rule, file, values, outcome, input, line
    type Row = (Option<String>, Option<String>, Option<i64>, Option<Vec<String>>, u8, usize, u64);

    /// Texts that often repeat (few short ones) or rarely (any).
    fn arb_text() -> impl Strategy<Value = String> {
        prop_oneof!["[ab]{0,2}", ".{0,20}"]
    }

    fn arb_row() -> impl Strategy<Value = Row> {
        (
            proptest::option::of(prop_oneof![
                ".{0,30}",
                proptest::collection::vec("[ab]{0,2}", 1..4).prop_map(|c| c.join("\u{1f}"))
            ]),
            proptest::option::of(prop_oneof!["[a-c]{1,2}", "[a-z_]{1,12}"]),
            proptest::option::of(0i64..1 << 40),
            proptest::option::of(proptest::collection::vec(arb_text(), 0..8)),
            0u8..3,
            0usize..3,
            prop_oneof![any::<u64>(), 0u64..50],
        )
    }

    proptest! {
        /// Whatever a run records comes back as it was, row by row.
        #[test]
        fn rows_come_back_as_recorded(rows in proptest::collection::vec(arb_row(), 0..40)) {
            let mut chunk = ChunkBuf::default();
            for (key, rule, file, values, outcome, input, line) in &rows {
                let values: Option<ValuesBuf> = values.as_ref().map(|v| v.iter().collect());
                chunk.push(&RowRecord {
                    key: key.as_deref(),
                    outcome: i64::from(*outcome),
                    rule: rule.as_deref(),
                    file: None,
                    input: *input,
                    line: *line,
                    values: values.as_ref().map(ValuesBuf::values),
                }, *file);
            }
            let mut out = Vec::new();
            let data = decompress(compress(&chunk.data, &mut out)).unwrap();
            let back: Vec<StoredRow<'_>> = super::rows(&data).collect::<Result<_, _>>().unwrap();
            prop_assert_eq!(back.len(), rows.len());
            let mut groups: Vec<&str> =
                rows.iter().filter_map(|r| r.0.as_deref()).map(|k| key_group(key_head(k))).collect();
            groups.sort_unstable();
            groups.dedup();
            prop_assert_eq!(chunk.groups(), groups);
            for (b, (key, rule, file, values, outcome, input, line)) in back.iter().zip(&rows) {
                prop_assert_eq!(b.key, key.as_deref());
                prop_assert_eq!(b.rule, rule.as_deref());
                prop_assert_eq!(b.file, *file);
                prop_assert_eq!(b.outcome, i64::from(*outcome));
                prop_assert_eq!((b.input, b.line), (*input as u64, *line));
                let values: Option<Vec<&str>> = values.as_ref().map(|v| v.iter().map(String::as_str).collect());
                prop_assert_eq!(&b.values, &values);
            }
        }
    }

    /// Chunks written before version 5 hold each row whole, and are read as they were.
    #[test]
    fn a_chunk_of_whole_rows_is_read_as_before() {
        // flags (outcome 0, key, file, values), input 1, line 300, key, file 7, two values;
        // then flags (outcome 1, key, rule), input 0, line 5, key, rule.
        let mut data = vec![4 | 16 | 32, 1, 0xac, 0x02, 3];
        data.extend_from_slice(b"k\x1fa");
        data.extend_from_slice(&[7, 2, 1, b'x', 0, 1 | 4 | 8, 0, 5, 1, b'k', 5]);
        data.extend_from_slice(b"stale");
        let chunk = whole_rows(data);
        let back: Vec<StoredRow<'_>> = rows(&chunk).collect::<Result<_, _>>().unwrap();
        let first = StoredRow {
            outcome: 0,
            input: 1,
            line: 300,
            key: Some("k\u{1f}a"),
            rule: None,
            file: Some(7),
            values: Some(vec!["x", ""]),
        };
        let second =
            StoredRow { outcome: 1, input: 0, line: 5, key: Some("k"), rule: Some("stale"), file: None, values: None };
        assert_eq!(back, [first, second]);
    }

    #[test]
    fn a_damaged_chunk_is_an_error_not_a_panic() {
        let mut chunk = ChunkBuf::default();
        let values: ValuesBuf = ["a", "b"].into_iter().collect();
        let r = RowRecord {
            key: Some("k"),
            outcome: 0,
            rule: None,
            file: None,
            input: 0,
            line: 2,
            values: Some(values.values()),
        };
        chunk.push(&r, Some(7));
        let mut out = Vec::new();
        for cut in 0..chunk.data.len() {
            let data = decompress(compress(&chunk.data[..cut], &mut out)).unwrap();
            let rows: Result<Vec<_>, _> = rows(&data).collect();
            assert!(cut == 0 || rows.is_err(), "{cut} bytes read as whole rows");
        }
        let stored = compress(&chunk.data, &mut out).to_vec();
        assert!(decompress(&stored[..stored.len() - 1]).is_err());
        assert!(decompress(&stored[..3]).is_err());
        // A value that is the row before's, or a column of a key, where there is none.
        for token in [0u8, 1] {
            let bad = vec![VALUES | SAME_INPUT, 0, 1, token];
            let data = decompress(compress(&bad, &mut out)).unwrap();
            assert!(rows(&data).next().unwrap().is_err(), "token {token}");
        }
    }
}
