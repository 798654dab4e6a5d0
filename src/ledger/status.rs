//! A written file's upload status: uploaded (`confirmed_at`), not uploaded (`unsent_at`) or
//! unknown (neither). Marking one clears the other.
//!
//! STAND-IN on this branch (h-history): h-adds owns this file and its two functions (the
//! interface of the #23 work fixes them); the merge takes h-adds's version. This one is the
//! plainest that keeps the interface's promises, so that `ledger confirm` and `ledger unsent`
//! can be built and tested against it: undoing a confirm rebuilds the profile's latest
//! confirmed sends from its confirmed files.

use std::collections::BTreeSet;

use super::{FileEntry, Ledger, LedgerError};

impl Ledger {
    /// Marks the files `ids` as uploaded, in one transaction: their rows become the latest
    /// confirmed sends of their keys. Returns the files as they now stand.
    pub fn set_uploaded(&mut self, ids: &[i64]) -> Result<Vec<FileEntry>, LedgerError> {
        let before = self.files_by_id(ids)?;
        // Confirming updates the latest send of each of the files' keys, all over the `sent`
        // index: a cache that holds it all spares writing the same pages to the WAL again.
        self.conn.pragma_update(None, "cache_size", -262_144).map_err(self.fail("ledger-cannot-write"))?;
        self.in_transaction(|l| {
            let now = super::now();
            let mut newly = Vec::new();
            for f in &before {
                if f.confirmed_at.is_none() {
                    newly.push((f.id, f.profile.clone()));
                }
                l.conn
                    .execute(
                        "UPDATE files SET confirmed_at = coalesce(confirmed_at, ?1), unsent_at = NULL WHERE id = ?2",
                        (&now, f.id),
                    )
                    .map_err(l.fail("ledger-cannot-write"))?;
            }
            l.record_sent(&newly)
        })?;
        self.files_by_id(ids)
    }

    /// Marks the files `ids` as not uploaded, in one transaction; a confirmed one is
    /// unconfirmed, its keys' latest confirmed sends going back to the ones before it.
    pub fn set_not_uploaded(&mut self, ids: &[i64]) -> Result<Vec<FileEntry>, LedgerError> {
        let before = self.files_by_id(ids)?;
        let undone: BTreeSet<String> =
            before.iter().filter(|f| f.confirmed_at.is_some()).map(|f| f.profile.clone()).collect();
        self.in_transaction(|l| {
            let write = l.fail("ledger-cannot-write");
            let now = super::now();
            for f in &before {
                l.conn
                    .execute(
                        "UPDATE files SET unsent_at = coalesce(unsent_at, ?1), confirmed_at = NULL WHERE id = ?2",
                        (&now, f.id),
                    )
                    .map_err(&write)?;
            }
            for profile in &undone {
                l.conn.execute("DELETE FROM sent WHERE profile = ?1", [profile]).map_err(&write)?;
                let mut st = l
                    .conn
                    .prepare("SELECT id FROM files WHERE profile = ?1 AND confirmed_at IS NOT NULL ORDER BY id")
                    .map_err(&write)?;
                let confirmed: Vec<(i64, String)> = st
                    .query_map([profile], |r| Ok((r.get(0)?, profile.clone())))
                    .map_err(&write)?
                    .collect::<Result<_, _>>()
                    .map_err(&write)?;
                l.record_sent(&confirmed)?;
            }
            Ok(())
        })?;
        self.files_by_id(ids)
    }

    fn in_transaction(&mut self, work: impl FnOnce(&Ledger) -> Result<(), LedgerError>) -> Result<(), LedgerError> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(self.fail("ledger-cannot-write"))?;
        let result =
            work(self).and_then(|()| self.conn.execute_batch("COMMIT").map_err(self.fail("ledger-cannot-write")));
        if result.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        result
    }
}
