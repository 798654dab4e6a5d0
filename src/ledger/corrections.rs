//! For an upload that adds, with a correction column (`[ledger] correction`, the tracking
//! number): per confirmed key without that column (the order and its destination), the value
//! of the column it was sent with, and when that send was confirmed. A row whose whole key was
//! never sent, but whose key without the correction column was, carries a corrected value:
//! sending it would add a second report rather than correct the first (`changed_after_send`).
//!
//! Loaded only for such profiles, from the rows of the latest confirmed sends (`sent` points at
//! them): only the chunks holding those rows are read. Memory is bounded by the profile's
//! confirmed keys (a hash, the old value and a time each).

use std::collections::{BTreeMap, HashMap};

use super::chunk::VALUE_SEPARATOR;
use super::unpack;
use super::{Ledger, LedgerError, key_hash};

/// A confirmed send of the same key without its correction column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectedSend {
    /// The hash of its whole key.
    pub key: i64,
    /// The correction column's value(s) it was sent with (joined by " / ").
    pub old: String,
    /// When its file was confirmed as uploaded (UTC, RFC 3339).
    pub confirmed_at: String,
    /// The time zone of the run that wrote it, for showing that time.
    pub time_zone: Option<String>,
}

#[derive(Debug, Default)]
pub struct Corrections {
    /// Positions in the key of the correction columns.
    positions: Vec<usize>,
    by_base: HashMap<i64, Vec<CorrectedSend>, foldhash::fast::FixedState>,
}

impl Corrections {
    /// Reads the rows of the confirmed sends `refs` (key hash → row reference) of `profile`.
    pub(super) fn load(
        ledger: &Ledger,
        profile: &str,
        refs: &HashMap<i64, i64, foldhash::fast::FixedState>,
        positions: &[usize],
    ) -> Result<Corrections, LedgerError> {
        let fail = ledger.fail("ledger-cannot-read");
        let mut out = Corrections { positions: positions.to_vec(), ..Corrections::default() };
        // The rows wanted, per run.
        let mut runs: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for r in refs.values() {
            runs.entry(r >> 32).or_default().push(r & 0xffff_ffff);
        }
        let mut files: HashMap<i64, Option<(String, Option<String>)>> = HashMap::new();
        let mut chunks_of = ledger
            .conn
            .prepare_cached("SELECT first, rows, data FROM chunks WHERE run_id = ?1 ORDER BY first")
            .map_err(&fail)?;
        let mut file_of = ledger
            .conn
            .prepare_cached(
                "SELECT f.confirmed_at, ru.time_zone FROM files f JOIN runs ru ON ru.id = f.run_id
                 WHERE f.id = ?1 AND f.profile = ?2",
            )
            .map_err(&fail)?;
        for (run, mut wanted) in runs {
            wanted.sort_unstable();
            let mut rows = chunks_of.query([run]).map_err(&fail)?;
            while let Some(r) = rows.next().map_err(&fail)? {
                let (first, n): (i64, i64) = (r.get(0).map_err(&fail)?, r.get(1).map_err(&fail)?);
                let lo = wanted.partition_point(|w| *w < first);
                let hi = wanted.partition_point(|w| *w < first + n);
                if lo == hi {
                    continue;
                }
                let stored: Vec<u8> = r.get(2).map_err(&fail)?;
                let data = unpack::decompress(&stored).map_err(|d| ledger.damaged(d))?;
                let mut at = wanted[lo..hi].iter().map(|w| (w - first) as usize).peekable();
                for (i, row) in unpack::rows(&data).enumerate() {
                    if at.peek() != Some(&i) {
                        continue;
                    }
                    at.next();
                    let row = row.map_err(|d| ledger.damaged(d))?;
                    let (Some(key), Some(file)) = (row.key, row.file) else { continue };
                    let info = match files.get(&file) {
                        Some(i) => i.clone(),
                        None => {
                            let i = file_of
                                .query_row((file, profile), |r| Ok((r.get::<_, Option<String>>(0)?, r.get(1)?)))
                                .ok()
                                .and_then(|(c, tz)| c.map(|c| (c, tz)));
                            files.insert(file, i.clone());
                            i
                        }
                    };
                    let Some((confirmed_at, time_zone)) = info else { continue };
                    let Some((base, old)) = out.split(key) else { continue };
                    let send = CorrectedSend { key: key_hash(key), old, confirmed_at, time_zone };
                    out.by_base.entry(key_hash(&base)).or_default().push(send);
                }
            }
        }
        Ok(out)
    }

    /// A key's text without its correction columns, and their values (`None`: the key has
    /// fewer columns than the profile says, as one recorded under another profile version).
    fn split(&self, key: &str) -> Option<(String, String)> {
        let parts: Vec<&str> = key.split(VALUE_SEPARATOR).collect();
        if self.positions.iter().any(|p| *p >= parts.len()) {
            return None;
        }
        let (mut old, mut kept) = (Vec::new(), Vec::new());
        for (i, p) in parts.into_iter().enumerate() {
            if self.positions.contains(&i) { old.push(p) } else { kept.push(p) }
        }
        Some((kept.join(&VALUE_SEPARATOR.to_string()), old.join(" / ")))
    }

    /// The confirmed sends of the same key without its correction columns (empty: none).
    pub fn of(&self, key: &str) -> (&[CorrectedSend], String) {
        if self.by_base.is_empty() {
            return (&[], String::new());
        }
        match self.split(key) {
            Some((base, new)) => (self.by_base.get(&key_hash(&base)).map_or(&[], Vec::as_slice), new),
            None => (&[], String::new()),
        }
    }

    /// Whether any confirmed send is known (else nothing can be a correction).
    pub fn is_empty(&self) -> bool {
        self.by_base.is_empty()
    }
}
