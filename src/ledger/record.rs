//! Recording one run: a write transaction opened before the first row (`BEGIN IMMEDIATE`, so
//! a second run on the same ledger waits for it or stops before writing any file), the rows
//! inserted as they are decided with one prepared statement, and committed last
//! ([`Prepared::commit`]), after the run's files are in place.

use std::collections::HashMap;

use super::{Ledger, LedgerError};

/// What is recorded about the run itself.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub profile: String,
    pub as_of: String,
    /// The run's parameters as JSON (options that change what is written).
    pub params: String,
    pub out_dir: String,
}

/// One decided row, as recorded.
#[derive(Debug, Clone, Copy)]
pub struct RowRecord<'a> {
    /// The ledger key (`None`: its columns could not be computed for this row).
    pub key: Option<&'a str>,
    pub key_hash: Option<i64>,
    pub value_hash: Option<i64>,
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

/// An upload file as the run leaves it: `sha256` is `None` if it was not written.
#[derive(Debug, Clone)]
pub struct FileWritten {
    pub path: String,
    pub sha256: Option<String>,
    pub rows: u64,
}

/// A run being recorded: its transaction is open.
pub struct Recording {
    ledger: Ledger,
    run_id: i64,
    profile: String,
    /// Upload files met so far, by path: their id.
    files: HashMap<String, i64>,
    /// Each row's output values joined, reused.
    values: Vec<String>,
}

const INSERT_ROW: &str =
    "INSERT INTO rows(run_id, key, key_hash, value_hash, outcome, rule, file_id, input, line, vals)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

impl Recording {
    /// Opens the run's write transaction and records the run. Waits up to
    /// [`super::BUSY_WAIT`] for another run holding the ledger.
    pub fn begin(ledger: Ledger, info: &RunInfo) -> Result<Recording, LedgerError> {
        let write = ledger.fail("ledger-cannot-write");
        ledger.conn.execute_batch("BEGIN IMMEDIATE").map_err(&write)?;
        ledger
            .conn
            .execute(
                "INSERT INTO runs(started, profile, as_of, params, out_dir) VALUES (?1, ?2, ?3, ?4, ?5)",
                (super::now(), &info.profile, &info.as_of, &info.params, &info.out_dir),
            )
            .map_err(&write)?;
        let run_id = ledger.conn.last_insert_rowid();
        drop(write);
        Ok(Recording { ledger, run_id, profile: info.profile.clone(), files: HashMap::new(), values: Vec::new() })
    }

    /// The id of the upload file at `path`, recorded on first sight.
    fn file_id(&mut self, path: Option<&str>) -> Result<Option<i64>, LedgerError> {
        let Some(path) = path else { return Ok(None) };
        if let Some(id) = self.files.get(path) {
            return Ok(Some(*id));
        }
        self.ledger
            .conn
            .execute("INSERT INTO files(run_id, profile, path) VALUES (?1, ?2, ?3)", (self.run_id, &self.profile, path))
            .map_err(self.ledger.fail("ledger-cannot-write"))?;
        let id = self.ledger.conn.last_insert_rowid();
        self.files.insert(path.to_string(), id);
        Ok(Some(id))
    }

    /// Records one row.
    pub fn row(&mut self, r: &RowRecord<'_>) -> Result<(), LedgerError> {
        self.rows(std::slice::from_ref(r))
    }

    /// Records rows, one execution of a prepared statement each. (Multi-row `INSERT`s were
    /// measured no faster on a 1M-row run: the statement journal they need costs what they
    /// save.)
    pub fn rows(&mut self, rows: &[RowRecord<'_>]) -> Result<(), LedgerError> {
        let mut file_ids = Vec::with_capacity(rows.len());
        for r in rows {
            file_ids.push(self.file_id(r.file)?);
        }
        if self.values.len() < rows.len() {
            self.values.resize(rows.len(), String::new());
        }
        for (r, out) in rows.iter().zip(&mut self.values) {
            out.clear();
            for (i, c) in r.values.unwrap_or_default().iter().enumerate() {
                if i > 0 {
                    out.push(crate::ledger::query::VALUE_SEPARATOR);
                }
                out.push_str(c);
            }
        }
        let numbers: Vec<[i64; 2]> = rows.iter().map(|r| [r.input as i64, r.line as i64]).collect();
        let values: Vec<Option<&str>> =
            rows.iter().zip(&self.values).map(|(r, v)| r.values.map(|_| v.as_str())).collect();
        let write = self.ledger.fail("ledger-cannot-write");
        let mut st = self.ledger.conn.prepare_cached(INSERT_ROW).map_err(&write)?;
        for (i, r) in rows.iter().enumerate() {
            st.execute((
                self.run_id,
                r.key,
                r.key_hash,
                r.value_hash,
                r.outcome,
                r.rule,
                file_ids[i],
                numbers[i][0],
                numbers[i][1],
                values[i],
            ))
            .map_err(&write)?;
        }
        Ok(())
    }

    /// Records the run's inputs (name and SHA-256; `None`: standard input, not hashed), the
    /// files as written and the run's counts (read, written, excluded, rejected); the
    /// transaction stays open until [`Prepared::commit`].
    pub fn finish(
        self,
        inputs: &[(String, Option<String>)],
        files: &[FileWritten],
        counts: [u64; 4],
    ) -> Result<Prepared, LedgerError> {
        let write = self.ledger.fail("ledger-cannot-write");
        for (i, (name, sha)) in inputs.iter().enumerate() {
            self.ledger
                .conn
                .execute(
                    "INSERT INTO inputs(run_id, idx, name, sha256) VALUES (?1, ?2, ?3, ?4)",
                    (self.run_id, i as i64, name, sha),
                )
                .map_err(&write)?;
        }
        for f in files {
            if let Some(id) = self.files.get(&f.path) {
                self.ledger
                    .conn
                    .execute("UPDATE files SET sha256 = ?1, rows = ?2 WHERE id = ?3", (&f.sha256, f.rows as i64, id))
                    .map_err(&write)?;
            }
        }
        let [read, written, excluded, rejected] = counts.map(|n| n as i64);
        self.ledger
            .conn
            .execute(
                "UPDATE runs SET read = ?1, written = ?2, excluded = ?3, rejected = ?4 WHERE id = ?5",
                (read, written, excluded, rejected, self.run_id),
            )
            .map_err(&write)?;
        drop(write);
        Ok(Prepared { ledger: Some(self.ledger), run_id: self.run_id })
    }
}

/// A recorded run whose transaction is ready to commit. Dropped uncommitted, it rolls back.
pub struct Prepared {
    ledger: Option<Ledger>,
    pub run_id: i64,
}

impl Prepared {
    /// Commits the run's records: the last step of the run's commit.
    pub fn commit(mut self) -> Result<(), LedgerError> {
        let ledger = self.ledger.take().expect("a prepared run is committed once");
        ledger.conn.execute_batch("COMMIT").map_err(ledger.fail("ledger-commit-failed"))
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if let Some(l) = &self.ledger {
            let _ = l.conn.execute_batch("ROLLBACK");
        }
    }
}
