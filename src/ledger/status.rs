//! A written file's upload status: *uploaded* (`confirmed_at`), *not uploaded* (`unsent_at`)
//! or *unknown* (neither). Marking one clears the other, so a shop can undo a confirm.
//!
//! Uploaded: the file's rows become the latest confirmed sends of their keys (`sent`), unless
//! a later confirmed send is already there. Not uploaded, after having been uploaded: each of
//! the file's keys whose latest confirmed send was this file's goes back to its previous
//! confirmed send, or has none — found through the key index (only the chunks holding those
//! keys' groups are read, whatever the ledger's size).

use std::collections::{BTreeSet, HashMap, HashSet};

use super::chunk;
use super::query::{FILE_COLUMNS, FileEntry, file_entry};
use super::{Ledger, LedgerError, key_hash, value_hash};
use crate::i18n::Msg;

impl Ledger {
    /// Marks the files `ids` as uploaded, in one transaction: their rows become the latest
    /// confirmed sends of their keys. A file already uploaded is left as it was. Returns the
    /// files as they are now.
    pub fn set_uploaded(&mut self, ids: &[i64]) -> Result<Vec<FileEntry>, LedgerError> {
        self.in_transaction(|l| l.mark_uploaded(ids))?;
        self.file_entries(ids)
    }

    /// Marks the files `ids` as not uploaded, in one transaction; a file that was confirmed is
    /// no longer (each of its keys' latest send goes back to the one before, or is removed).
    /// Returns the files as they are now.
    pub fn set_not_uploaded(&mut self, ids: &[i64]) -> Result<Vec<FileEntry>, LedgerError> {
        self.in_transaction(|l| l.mark_not_uploaded(ids))?;
        self.file_entries(ids)
    }

    /// The recorded upload files `ids`, in that order; an id the ledger does not know is an
    /// error.
    pub(crate) fn file_entries(&self, ids: &[i64]) -> Result<Vec<FileEntry>, LedgerError> {
        let fail = self.fail("ledger-cannot-read");
        let sql = format!("SELECT {FILE_COLUMNS} WHERE f.id = ?1");
        let mut st = self.conn.prepare_cached(&sql).map_err(&fail)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match st.query_row([id], file_entry) {
                Ok(f) => out.push(f),
                Err(rusqlite::Error::QueryReturnedNoRows) => {
                    return Err(LedgerError::new(
                        Msg::new("ledger-file-id-unknown").arg("path", self.display()).arg("id", *id),
                    ));
                }
                Err(e) => return Err(fail(e)),
            }
        }
        Ok(out)
    }

    fn in_transaction(&mut self, work: impl FnOnce(&Ledger) -> Result<(), LedgerError>) -> Result<(), LedgerError> {
        let write = self.fail("ledger-cannot-write");
        // Updating the latest sends writes all over the `sent` index (keys are hashes): a
        // cache that holds it spares writing the same pages to the WAL again and again.
        self.conn.pragma_update(None, "cache_size", -262_144).map_err(&write)?;
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(&write)?;
        drop(write);
        let result =
            work(self).and_then(|()| self.conn.execute_batch("COMMIT").map_err(self.fail("ledger-cannot-write")));
        if result.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        result
    }

    /// [`Ledger::set_uploaded`] inside the caller's transaction (a run answering
    /// `--previous uploaded` does it in its own).
    pub(crate) fn mark_uploaded(&self, ids: &[i64]) -> Result<(), LedgerError> {
        let write = self.fail("ledger-cannot-write");
        let now = super::now();
        let mut newly = Vec::new();
        for f in self.file_entries(ids)? {
            if f.confirmed_at.is_none() {
                self.conn
                    .execute("UPDATE files SET confirmed_at = ?1, unsent_at = NULL WHERE id = ?2", (&now, f.id))
                    .map_err(&write)?;
                newly.push((f.id, f.profile));
            }
        }
        self.record_sent(&newly)
    }

    /// [`Ledger::set_not_uploaded`] inside the caller's transaction.
    pub(crate) fn mark_not_uploaded(&self, ids: &[i64]) -> Result<(), LedgerError> {
        let write = self.fail("ledger-cannot-write");
        let now = super::now();
        let mut undone = Vec::new();
        for f in self.file_entries(ids)? {
            if f.confirmed_at.is_some() {
                undone.push((f.id, f.profile.clone()));
            }
            if f.unsent_at.is_none() {
                self.conn
                    .execute("UPDATE files SET unsent_at = ?1, confirmed_at = NULL WHERE id = ?2", (&now, f.id))
                    .map_err(&write)?;
            }
        }
        for (id, profile) in undone {
            self.undo_sent(id, &profile)?;
        }
        // The files' keys' earlier unknown sends may be the latest again.
        let profiles: BTreeSet<String> = self.file_entries(ids)?.into_iter().map(|f| f.profile).collect();
        for p in profiles {
            self.unsupersede(&p)?;
        }
        Ok(())
    }

    /// The file `id` (of `profile`) is no longer confirmed: each key whose latest confirmed
    /// send was one of its rows gets the latest send of the confirmed files left, or none.
    fn undo_sent(&self, id: i64, profile: &str) -> Result<(), LedgerError> {
        let write = self.fail("ledger-cannot-write");
        let read = self.fail("ledger-cannot-read");
        // The file's rows: the keys whose latest send was one of them lose it.
        let mut heads: BTreeSet<String> = BTreeSet::new();
        let mut lost: HashSet<i64> = HashSet::new();
        {
            let mut delete = self
                .conn
                .prepare_cached("DELETE FROM sent WHERE profile = ?1 AND key_hash = ?2 AND row_ref = ?3")
                .map_err(&write)?;
            self.file_rows(&[id], &mut |_, key, _, row_ref| {
                let hash = key_hash(key);
                if delete.execute((profile, hash, row_ref)).map_err(&write)? > 0 {
                    lost.insert(hash);
                    heads.insert(chunk::key_group(chunk::key_head(key)).to_string());
                }
                Ok(())
            })?;
        }
        if lost.is_empty() {
            return Ok(());
        }
        // The confirmed files of the profile that may hold an earlier send of those keys: the
        // files of the chunks holding their key groups (and more keys, filtered below).
        let mut chunks = BTreeSet::new();
        let mut st = self.conn.prepare_cached("SELECT chunk_id FROM keys WHERE head = ?1").map_err(&read)?;
        for h in &heads {
            for c in st.query_map([h], |r| r.get::<_, i64>(0)).map_err(&read)? {
                chunks.insert(c.map_err(&read)?);
            }
        }
        let mut files = BTreeSet::new();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT cf.file_id FROM chunk_files cf JOIN files f ON f.id = cf.file_id
                 WHERE cf.chunk_id = ?1 AND f.profile = ?2 AND f.confirmed_at IS NOT NULL",
            )
            .map_err(&read)?;
        for c in &chunks {
            for f in st.query_map((c, profile), |r| r.get::<_, i64>(0)).map_err(&read)? {
                files.insert(f.map_err(&read)?);
            }
        }
        let files: Vec<i64> = files.into_iter().collect();
        let mut latest: HashMap<i64, (i64, i64)> = HashMap::new();
        self.file_rows(&files, &mut |_, key, values, row_ref| {
            let hash = key_hash(key);
            if lost.contains(&hash) {
                let e = latest.entry(hash).or_insert((value_hash(values), row_ref));
                if row_ref > e.1 {
                    *e = (value_hash(values), row_ref);
                }
            }
            Ok(())
        })?;
        let mut insert = self
            .conn
            .prepare_cached("INSERT INTO sent(profile, key_hash, value_hash, row_ref) VALUES (?1, ?2, ?3, ?4)")
            .map_err(&write)?;
        for (hash, (values, row_ref)) in latest {
            insert.execute((profile, hash, values, row_ref)).map_err(&write)?;
        }
        Ok(())
    }
}
