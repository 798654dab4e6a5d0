//! One invocation's hold on the ledger: a run of several profiles takes its turn once, opens
//! one write transaction and records each profile's run in it in turn, so that all of them
//! are committed together or none is (SQLite has one writer: a transaction per profile would
//! make the second wait for the first, which waits for the end of the invocation). Each run
//! sits in a savepoint of its own: a run that writes no upload file (`--strict`) is taken
//! back alone.

use std::path::Path;

use super::record::{Prepared, Recording, RunInfo};
use super::{Gate, Ledger, LedgerError};
use crate::i18n::Msg;

/// The ledger between two runs of the invocation.
enum Held {
    /// No run kept yet.
    Open(Ledger, Gate),
    /// The last run kept, ready to commit with the others before it.
    Kept(Prepared),
}

/// The name of the savepoint each run of the invocation is recorded in.
const SAVEPOINT: &str = "orderbridge_run";

/// The invocation's turn and transaction, between its runs.
pub struct Session {
    /// What holds the ledger and the turn between runs: `None` while a run records itself.
    held: Option<Held>,
    /// The first run of the invocation kept in the ledger: the later ones' `batch`.
    first_run: Option<i64>,
    /// The ledger's path, as messages name it.
    display: String,
}

impl Session {
    /// Takes the invocation's turn at the ledger at `path` (created if missing), waiting as
    /// [`Ledger::open_queued`] does, and opens its one write transaction.
    pub fn open(path: &Path, waiting: &mut dyn FnMut(&Msg)) -> Result<Session, LedgerError> {
        let (ledger, gate) = Ledger::open_queued(path, waiting)?;
        ledger.conn.execute_batch("BEGIN IMMEDIATE").map_err(ledger.fail("ledger-cannot-write"))?;
        let display = ledger.display();
        Ok(Session { held: Some(Held::Open(ledger, gate)), first_run: None, display })
    }

    /// [`Session::open`] only where that changes nothing in the ledger and waits for nothing:
    /// a ledger that exists as this version writes it (no migration), whose turn and SQLite's
    /// write lock are free now. `None` otherwise: the run then opens it as usual.
    pub fn open_if_free(path: &Path) -> Option<Session> {
        if !path.is_file() || !Ledger::is_current(path) {
            return None;
        }
        let (ledger, gate) = Ledger::open_queued_with(path, super::gate::Patience::NONE, &mut |_| {}).ok()?;
        ledger.conn.busy_timeout(std::time::Duration::ZERO).ok()?;
        let began = ledger.conn.execute_batch("BEGIN IMMEDIATE");
        ledger.conn.busy_timeout(super::BUSY_WAIT).ok()?;
        began.ok()?;
        let display = ledger.display();
        Some(Session { held: Some(Held::Open(ledger, gate)), first_run: None, display })
    }

    /// Begins recording the next run of the invocation (its `batch` is the first run's id).
    pub fn begin(&mut self, info: &RunInfo) -> Result<Recording, LedgerError> {
        let (ledger, gate) = match self.held.take() {
            Some(Held::Open(ledger, gate)) => (ledger, gate),
            Some(Held::Kept(prepared)) => prepared.into_parts(),
            None => return Err(self.stopped()),
        };
        ledger.conn.execute_batch(&format!("SAVEPOINT {SAVEPOINT}")).map_err(ledger.fail("ledger-cannot-write"))?;
        Recording::begin(ledger, gate, &RunInfo { batch: self.batch(), ..info.clone() })
    }

    /// The batch of the invocation's next run: the id of its first run kept (`None` before).
    pub fn batch(&self) -> Option<i64> {
        self.first_run
    }

    /// Keeps a recorded run: it is committed with the invocation's transaction.
    pub fn keep(&mut self, prepared: Prepared) -> Result<(), LedgerError> {
        prepared.release(SAVEPOINT)?;
        self.first_run.get_or_insert(prepared.run_id);
        self.held = Some(Held::Kept(prepared));
        Ok(())
    }

    /// Takes a run back (it wrote no upload file): the invocation's other runs stay.
    pub fn take_back(&mut self, recording: Recording) -> Result<(), LedgerError> {
        let (ledger, gate) = recording.into_parts();
        let sql = format!("ROLLBACK TO {SAVEPOINT}; RELEASE {SAVEPOINT}");
        ledger.conn.execute_batch(&sql).map_err(ledger.fail("ledger-cannot-write"))?;
        self.held = Some(Held::Open(ledger, gate));
        Ok(())
    }

    /// Commits every run kept: the last step of the invocation's commit. The turn ends then.
    pub fn commit(mut self) -> Result<(), LedgerError> {
        match self.held.take() {
            Some(Held::Kept(prepared)) => prepared.commit(),
            // No run kept (each wrote no upload file): nothing to record.
            Some(Held::Open(..)) => Ok(()),
            None => Err(self.stopped()),
        }
    }

    /// The ledger as messages name it.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// A run of the invocation failed while it held the ledger: nothing more is recorded.
    fn stopped(&self) -> LedgerError {
        LedgerError::new(Msg::new("ledger-session-stopped").arg("path", &self.display))
    }
}

impl Drop for Session {
    /// Not committed: nothing of the invocation is recorded. A kept run rolls back as it is
    /// dropped; an open ledger is rolled back here rather than when its connection closes.
    fn drop(&mut self) {
        if let Some(Held::Open(ledger, _)) = &self.held {
            let _ = ledger.conn.execute_batch("ROLLBACK");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{FileWritten, Writer};

    /// Records a run of `profile` writing nothing, and hands it back prepared.
    fn record(session: &mut Session, profile: &str) -> Prepared {
        let info = RunInfo { profile: profile.into(), ..RunInfo::default() };
        let writer = Writer::spawn(session.begin(&info).unwrap(), || {}).unwrap();
        let files: [FileWritten; 0] = [];
        writer.finish().unwrap().finish(&[], &files, [0; 4]).unwrap()
    }

    #[test]
    fn the_runs_of_one_invocation_share_the_first_kept_runs_id_and_one_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.sqlite");
        let mut session = Session::open(&path, &mut |_| {}).unwrap();
        assert_eq!(session.batch(), None);
        // A run taken back (--strict) is no batch's first.
        let info = RunInfo { profile: "a".into(), ..RunInfo::default() };
        let recording = Writer::spawn(session.begin(&info).unwrap(), || {}).unwrap().finish().unwrap();
        session.take_back(recording).unwrap();
        assert_eq!(session.batch(), None);
        let first = record(&mut session, "b");
        let first_id = first.run_id;
        session.keep(first).unwrap();
        assert_eq!(session.batch(), Some(first_id));
        let second = record(&mut session, "c");
        session.keep(second).unwrap();
        assert_eq!(session.batch(), Some(first_id), "still the first's");
        session.commit().unwrap();
        let ledger = Ledger::open(&path, false).unwrap();
        let profiles: Vec<String> = ledger
            .conn
            .prepare("SELECT profile FROM runs ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(profiles, ["b", "c"], "the taken-back run is not recorded; both kept runs are");
    }
}
