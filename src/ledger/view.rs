//! What the ledger knows before a run, for the `already_sent` decision: per key of the
//! profile, the values of its latest confirmed send, and the keys written to files not yet
//! confirmed. Loaded once before the first row and only read while the run decides (the
//! deciders on their threads share it).
//!
//! Memory is bounded by the ledger's distinct keys of the profile, not by the input: two maps
//! of 64-bit hashes, about 20–40 bytes a key (1M keys: ~30 MB), loaded with one indexed scan
//! of `sent` and a read of the chunks holding rows of unconfirmed files.

use std::collections::HashMap;

use super::{Ledger, LedgerError};

/// A written row's relation to what the ledger knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Never sent in a confirmed file, nor written to an unconfirmed one.
    New,
    /// Sent in a confirmed file with other values: written, counted as changed.
    Changed,
    /// Only in files not yet confirmed (this file id, the latest): written again.
    Unconfirmed(i64),
    /// Already in a confirmed file with the same values: `already_sent`.
    Same,
}

#[derive(Debug, Default)]
pub struct SentView {
    confirmed: HashMap<i64, i64, foldhash::fast::FixedState>,
    unconfirmed: HashMap<i64, i64, foldhash::fast::FixedState>,
    /// Unconfirmed files by id: path and the time of the run that wrote them.
    files: HashMap<i64, (String, String)>,
    /// `--resend`: a row already sent is written anyway.
    pub resend: bool,
}

impl SentView {
    /// A view of an empty ledger (a dry run before the first recorded run).
    pub fn empty(resend: bool) -> SentView {
        SentView { resend, ..SentView::default() }
    }

    /// Reads the confirmed sends and the unconfirmed files of `profile`.
    pub fn load(ledger: &Ledger, profile: &str, resend: bool) -> Result<SentView, LedgerError> {
        let fail = ledger.fail("ledger-cannot-read");
        let conn = &ledger.conn;
        let mut view = SentView { resend, ..SentView::default() };
        let mut st = conn.prepare("SELECT key_hash, value_hash FROM sent WHERE profile = ?1").map_err(&fail)?;
        let mut rows = st.query([profile]).map_err(&fail)?;
        while let Some(r) = rows.next().map_err(&fail)? {
            view.confirmed.insert(r.get(0).map_err(&fail)?, r.get(1).map_err(&fail)?);
        }
        let mut st = conn
            .prepare(
                "SELECT f.id, f.path, ru.started FROM files f JOIN runs ru ON ru.id = f.run_id
                 WHERE f.profile = ?1 AND f.confirmed_at IS NULL AND f.unsent_at IS NULL AND f.sha256 IS NOT NULL",
            )
            .map_err(&fail)?;
        let mut rows = st.query([profile]).map_err(&fail)?;
        while let Some(r) = rows.next().map_err(&fail)? {
            view.files.insert(r.get(0).map_err(&fail)?, (r.get(1).map_err(&fail)?, r.get(2).map_err(&fail)?));
        }
        let mut ids: Vec<i64> = view.files.keys().copied().collect();
        ids.sort_unstable();
        let unconfirmed = &mut view.unconfirmed;
        ledger.written_rows(&ids, |row| {
            // The latest file a key went to wins.
            let latest = unconfirmed.entry(row.key_hash).or_insert(row.file);
            *latest = (*latest).max(row.file);
            Ok(())
        })?;
        Ok(view)
    }

    /// How a row with these hashes relates to the ledger.
    pub fn classify(&self, key: i64, values: i64) -> Class {
        match self.confirmed.get(&key) {
            Some(v) if *v == values => Class::Same,
            Some(_) => Class::Changed,
            None => self.unconfirmed.get(&key).map_or(Class::New, |f| Class::Unconfirmed(*f)),
        }
    }

    /// An unconfirmed file's path and the time of the run that wrote it.
    pub fn unconfirmed_file(&self, id: i64) -> Option<&(String, String)> {
        self.files.get(&id)
    }
}
