//! What the ledger knows before a run, for the `already_sent` decision: per key of the
//! profile, the values of its latest confirmed send, and the keys written to files whose
//! upload is not known (neither confirmed nor marked not uploaded). Loaded once before the
//! first row and only read while the run decides (the deciders on their threads share it).
//!
//! Memory is bounded by the ledger's distinct keys of the profile, not by the input: maps of
//! 64-bit hashes, about 20–40 bytes a key (1M keys: ~30 MB), loaded with one indexed scan of
//! `sent` and a read of the chunks holding rows of unknown files. An upload that adds, or a run
//! answering `--previous`, also keeps each such key's unknown values; an upload that adds with
//! a correction column also keeps, per confirmed key without that column, the value sent
//! ([`super::corrections`]). A profile that sets a state without `--previous` (the large
//! legacy runs) loads only what it always did, and only the unknown files no later run has
//! superseded ([`super::supersede`]).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::corrections::Corrections;
use super::query::{FILE_COLUMNS, FileEntry, file_entry};
use super::supersede::{KeySet, Supersession};
use super::{Ledger, LedgerError};

type Map<V> = HashMap<i64, V, foldhash::fast::FixedState>;

/// A written row's relation to what the ledger knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Never sent in a confirmed file, nor written to an unknown one.
    New,
    /// Sent in a confirmed file with other values: written, counted as changed.
    Changed,
    /// Its latest send is in a file whose upload is not known (this file id, the latest):
    /// written again; for an upload that adds, the run stops instead (unless `--resend`).
    Unconfirmed(i64),
    /// Already in a confirmed file with the same values: `already_sent`.
    Same,
    /// Its latest send is in a file whose upload is not known (this id), answered by the run
    /// (`--previous`): `same` when, so answered, the row is already sent with these values.
    Answered { file: i64, same: bool },
}

/// The run's answer about the files whose upload is not known (`--previous`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Uploaded,
    NotUploaded,
}

/// What the run asks of the view.
#[derive(Debug, Clone, Default)]
pub struct ViewOptions {
    /// `--resend`: a row already sent is written anyway.
    pub resend: bool,
    /// The profile's upload adds (`[ledger] upload = "adds"`).
    pub adds: bool,
    /// `--previous`: the answer for the unknown files holding rows of this run.
    pub previous: Option<Answer>,
    /// Positions in the ledger key of the columns a correction changes (adding uploads).
    pub correction: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct SentView {
    confirmed: Map<i64>,
    unconfirmed: Map<i64>,
    /// Adding uploads and `--previous` only: per key whose latest send is in an unknown file,
    /// that file and the values sent.
    unknown: Map<(i64, i64)>,
    /// The files whose upload is not known, by id.
    files: HashMap<i64, FileEntry>,
    /// Adding uploads with a correction column: the confirmed sends by key without it.
    pub corrections: Corrections,
    /// An upload that sets a state (without `--previous`): per unknown file, its keys not yet
    /// written again by the run, to tell which files the run supersedes.
    pub supersession: Supersession,
    /// `--resend`: a row already sent is written anyway.
    pub resend: bool,
    /// How the run uses the view.
    pub options: ViewOptions,
}

impl SentView {
    /// A view of an empty ledger (a dry run before the first recorded run).
    pub fn empty(resend: bool) -> SentView {
        SentView { resend, ..SentView::default() }
    }

    /// Reads the confirmed sends and the unconfirmed files of `profile`.
    #[cfg(test)]
    pub fn load(ledger: &Ledger, profile: &str, resend: bool) -> Result<SentView, LedgerError> {
        SentView::load_with(ledger, profile, &ViewOptions { resend, ..ViewOptions::default() })
    }

    /// Reads what the run needs of `profile`'s history, as `options` say.
    pub fn load_with(ledger: &Ledger, profile: &str, options: &ViewOptions) -> Result<SentView, LedgerError> {
        let fail = ledger.fail("ledger-cannot-read");
        let conn = &ledger.conn;
        let resend = options.resend;
        let mut view = SentView { resend, options: options.clone(), ..SentView::default() };
        let detailed = options.adds || options.previous.is_some();
        // The latest confirmed send's row, only while loading (to tell which send is later).
        let mut refs: Map<i64> = Map::default();
        let mut st =
            conn.prepare("SELECT key_hash, value_hash, row_ref FROM sent WHERE profile = ?1").map_err(&fail)?;
        let mut rows = st.query([profile]).map_err(&fail)?;
        while let Some(r) = rows.next().map_err(&fail)? {
            let key = r.get(0).map_err(&fail)?;
            view.confirmed.insert(key, r.get(1).map_err(&fail)?);
            if detailed {
                refs.insert(key, r.get(2).map_err(&fail)?);
            }
        }
        let sql = format!(
            "SELECT {FILE_COLUMNS} WHERE f.profile = ?1 AND f.confirmed_at IS NULL AND f.unsent_at IS NULL
             AND f.sha256 IS NOT NULL AND f.superseded_by IS NULL"
        );
        let mut st = conn.prepare(&sql).map_err(&fail)?;
        for f in st.query_map([profile], file_entry).map_err(&fail)? {
            let f = f.map_err(&fail)?;
            view.files.insert(f.id, f);
        }
        let mut ids: Vec<i64> = view.files.keys().copied().collect();
        ids.sort_unstable();
        if detailed {
            // Per key, its latest send in an unknown file, kept when later than its latest
            // confirmed send.
            let mut latest: Map<(i64, i64, i64)> = Map::default();
            ledger.written_rows(&ids, |row| {
                let e = latest.entry(row.key_hash).or_insert((row.file, row.value_hash, row.row_ref));
                if row.row_ref > e.2 {
                    *e = (row.file, row.value_hash, row.row_ref);
                }
                Ok(())
            })?;
            view.unknown = latest
                .into_iter()
                .filter(|(k, (_, _, r))| refs.get(k).is_none_or(|c| r > c))
                .map(|(k, (f, v, _))| (k, (f, v)))
                .collect();
        } else {
            let unconfirmed = &mut view.unconfirmed;
            // Keys sent more than once (to two files of a run, or by two runs).
            let mut repeated: KeySet = KeySet::default();
            let mut last_ref = i64::MIN;
            ledger.written_rows(&ids, |row| {
                // The file of a key's latest row wins, as above: rows come in the order they
                // were written, so the last one seen (a key a run wrote to two files has its
                // latest in the file of its later row, whichever file was opened first).
                debug_assert!(row.row_ref > last_ref, "rows in the order they were written");
                last_ref = row.row_ref;
                match unconfirmed.entry(row.key_hash) {
                    Entry::Occupied(mut e) => {
                        repeated.insert(row.key_hash);
                        *e.get_mut() = row.file;
                    }
                    Entry::Vacant(e) => {
                        e.insert(row.file);
                    }
                }
                Ok(())
            })?;
            view.supersession = Supersession::of_latest(view.unconfirmed.iter(), repeated, &ids);
        }
        if options.adds && !options.correction.is_empty() {
            view.corrections = Corrections::load(ledger, profile, &refs, &options.correction)?;
        }
        Ok(view)
    }

    /// How a row with these hashes relates to the ledger.
    pub fn classify(&self, key: i64, values: i64) -> Class {
        if let Some(&(file, sent)) = self.unknown.get(&key) {
            return match self.options.previous {
                None => Class::Unconfirmed(file),
                Some(Answer::Uploaded) => Class::Answered { file, same: sent == values },
                Some(Answer::NotUploaded) => {
                    Class::Answered { file, same: self.confirmed.get(&key).is_some_and(|v| *v == values) }
                }
            };
        }
        match self.confirmed.get(&key) {
            Some(v) if *v == values => Class::Same,
            Some(_) => Class::Changed,
            None => self.unconfirmed.get(&key).map_or(Class::New, |f| Class::Unconfirmed(*f)),
        }
    }

    /// Whether `key` has a confirmed send.
    pub fn is_confirmed(&self, key: i64) -> bool {
        self.confirmed.contains_key(&key)
    }

    /// Whether a row of this class is not written: already sent (`--resend` writes it).
    pub fn holds_back(&self, class: Class) -> bool {
        !self.resend && matches!(class, Class::Same | Class::Answered { same: true, .. })
    }

    /// Whether a row of this class must not be written because it changed since its confirmed
    /// send, for an upload that adds (`changed_since_send`): sent again, the same report would
    /// be added a second time rather than replace the first (without `--resend`).
    pub fn holds_changed(&self, class: Class) -> bool {
        !self.resend && self.options.adds && matches!(class, Class::Changed)
    }

    /// A file whose upload is not known, as recorded.
    pub fn unconfirmed_file(&self, id: i64) -> Option<&FileEntry> {
        self.files.get(&id)
    }
}
