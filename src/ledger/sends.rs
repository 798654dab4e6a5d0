//! The rows each upload file holds, read back from the packed chunks: what `ledger confirm`
//! makes the latest confirmed sends (`sent`), and what a run counts as only in unconfirmed
//! files. Each chunk holding rows of the files is read once, through `chunk_files`; a row's
//! hashes are computed from its stored key and values, as the deciders compute them.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::unpack::{self, Damaged};
use super::{Ledger, LedgerError, key_hash, value_hash};
use crate::i18n::Msg;

/// What [`Ledger::file_rows`] gives for each written row: its file, key, values and row
/// reference.
pub(super) type EachRow<'a> = dyn FnMut(i64, &str, &[&str], i64) -> Result<(), LedgerError> + 'a;

/// A written row of a file, as the ledger stores it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sent {
    pub file: i64,
    pub key_hash: i64,
    pub value_hash: i64,
    /// Orders sends in time: the run's id in the high 32 bits, the row's number in the run below.
    pub row_ref: i64,
}

impl Ledger {
    /// A stored chunk that does not read back, as the error that says so.
    pub(super) fn damaged(&self, _: Damaged) -> LedgerError {
        LedgerError {
            kind: super::LedgerErrorKind::Damaged,
            msg: Msg::new("ledger-damaged")
                .arg("path", self.display())
                .arg("detail", "a chunk of stored rows is unreadable"),
        }
    }

    /// Calls `each` for every written row of `files` (ids), chunk by chunk in the order they
    /// were written.
    pub(super) fn written_rows(
        &self,
        files: &[i64],
        mut each: impl FnMut(Sent) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        self.file_rows(files, &mut |file, key, values, row_ref| {
            each(Sent { file, key_hash: key_hash(key), value_hash: value_hash(values), row_ref })
        })
    }

    /// Calls `each` with the file, key, values and row reference (the run's id in the high 32
    /// bits, the row's number in the run below) of every written row of `files` (ids), chunk
    /// by chunk in the order they were written: each chunk holding rows of the files is read
    /// once, through `chunk_files`.
    pub(super) fn file_rows(&self, files: &[i64], each: &mut EachRow<'_>) -> Result<(), LedgerError> {
        let fail = self.fail("ledger-cannot-read");
        let wanted: HashSet<i64> = files.iter().copied().collect();
        let mut chunks = BTreeSet::new();
        let mut st = self.conn.prepare_cached("SELECT chunk_id FROM chunk_files WHERE file_id = ?1").map_err(&fail)?;
        for f in files {
            for id in st.query_map([f], |r| r.get::<_, i64>(0)).map_err(&fail)? {
                chunks.insert(id.map_err(&fail)?);
            }
        }
        let mut st = self.conn.prepare_cached("SELECT run_id, first, data FROM chunks WHERE id = ?1").map_err(&fail)?;
        for id in chunks {
            let (run, first, stored): (i64, i64, Vec<u8>) =
                st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(&fail)?;
            let data = unpack::decompress(&stored).map_err(|d| self.damaged(d))?;
            for (i, row) in unpack::rows(&data).enumerate() {
                let row = row.map_err(|d| self.damaged(d))?;
                if let (Some(file), Some(values)) = (row.file, &row.values)
                    && wanted.contains(&file)
                {
                    each(file, row.key.unwrap_or_default(), values, (run << 32) | (first + i as i64))?;
                }
            }
        }
        Ok(())
    }

    /// Makes the rows of the confirmed `files` (id, profile) the latest confirmed sends of
    /// their keys in their profiles, unless a later confirmed send of a key is already there
    /// (a file confirmed after a newer one does not undo it). All files in one pass over their
    /// chunks (a run's files share them). Runs inside the caller's transaction.
    pub(super) fn record_sent(&self, files: &[(i64, String)]) -> Result<(), LedgerError> {
        let write = self.fail("ledger-cannot-write");
        let mut upsert = self
            .conn
            .prepare_cached(
                "INSERT INTO sent(profile, key_hash, value_hash, row_ref) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(profile, key_hash) DO UPDATE SET value_hash = excluded.value_hash,
                    row_ref = excluded.row_ref WHERE excluded.row_ref > sent.row_ref",
            )
            .map_err(&write)?;
        let profiles: HashMap<i64, &str> = files.iter().map(|(id, p)| (*id, p.as_str())).collect();
        let ids: Vec<i64> = files.iter().map(|f| f.0).collect();
        self.written_rows(&ids, |s| {
            let profile = profiles.get(&s.file).copied().unwrap_or_default();
            upsert.execute((profile, s.key_hash, s.value_hash, s.row_ref)).map(drop).map_err(&write)
        })
    }
}
