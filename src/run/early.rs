//! Phase 2 begun early: the ledger's turn and transaction and the output folder's lock, taken
//! on a thread of their own while the caller compiles its profiles. Neither needs a profile,
//! and both wait on the disk and on SQLite (opening the ledger, reading its schema, locking
//! the folder): about half a millisecond that a small run otherwise spends after its
//! profiles are compiled, on one core while the other is idle.
//!
//! Only what can be taken at once, and without changing anything a run that then fails must
//! leave as it was, is taken: a ledger as this version writes it (no migration), outside the
//! output folder, whose turn is free; a folder a run has locked before, holding no journal to
//! recover. Anything else — a ledger to create or migrate, a turn another run holds, a new
//! folder, an interrupted run to recover — is left to [`super::phases::Shared::open`], which
//! waits, says why and changes things as before, once phase 1 has passed. The order is the
//! same as there (the ledger's turn, then the folder's lock), so two runs never hold one
//! each. What the run does not use (its profiles chose no ledger, or another; a check of
//! phase 1 failed) is let go: the ledger's transaction rolled back, the turn and lock given
//! back.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crate::io::journal::OutDirLock;
use crate::ledger::Session;

use super::RunOptions;

/// What was taken early, to be handed to [`super::run_many_begun`].
pub struct EarlyStart {
    thread: Option<JoinHandle<Taken>>,
    ledger: Option<PathBuf>,
    out_dir: PathBuf,
}

/// The turn (when a ledger was asked for and it was free) and the lock.
#[derive(Default)]
pub(super) struct Taken {
    pub session: Option<Session>,
    pub lock: Option<OutDirLock>,
}

impl EarlyStart {
    /// Starts taking the turn at `ledger` (the ledger the run will most likely use: the one
    /// named, else the default; `None` for `--no-ledger`) and the lock on `out_dir`. For a
    /// dry run, which takes neither, nothing is started.
    pub fn begin(ledger: Option<&Path>, out_dir: &Path, dry_run: bool) -> EarlyStart {
        let (ledger, out_dir) = (ledger.map(Path::to_path_buf), out_dir.to_path_buf());
        let thread = (!dry_run)
            .then(|| {
                let (ledger, out_dir) = (ledger.clone(), out_dir.clone());
                std::thread::Builder::new().name("orderbridge-early".into()).spawn(move || take(ledger, &out_dir))
            })
            .and_then(Result::ok);
        EarlyStart { thread, ledger, out_dir }
    }

    /// What the run can use: the turn if the run records into the same ledger, the lock if it
    /// writes into the same folder; nothing for a dry run. Without the turn it needs, the run
    /// gets no lock either: it takes both itself, in order.
    pub(super) fn take(mut self, opts: &RunOptions) -> Taken {
        let Some(taken) = self.thread.take().and_then(|t| t.join().ok()) else { return Taken::default() };
        if opts.dry_run || opts.out_dir != self.out_dir {
            return Taken::default();
        }
        match &opts.ledger {
            Some(choice) if Some(&choice.path) == self.ledger.as_ref() && taken.session.is_some() => taken,
            Some(_) => Taken::default(),
            None => Taken { session: None, lock: taken.lock },
        }
    }
}

impl Drop for EarlyStart {
    /// Not used: waits for the thread, so that what it took is let go before the process
    /// goes on (or ends).
    fn drop(&mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The thread: the turn if free (only at a ledger that exists as this version writes it, and
/// not in the output folder, whose paths phase 1 checks first), then the lock if free (only
/// on a folder already settled: [`OutDirLock::acquire_if_settled`]).
fn take(ledger: Option<PathBuf>, out_dir: &Path) -> Taken {
    let session = match &ledger {
        Some(path) if !super::ledger_place::lies_in(path, out_dir) => match Session::open_if_free(path) {
            Some(session) => Some(session),
            None => return Taken::default(),
        },
        Some(_) => return Taken::default(),
        None => None,
    };
    Taken { session, lock: OutDirLock::acquire_if_settled(out_dir) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::LedgerUse;
    use std::time::Duration;

    fn opts(out: &Path, ledger: Option<&Path>) -> RunOptions {
        let as_of = jiff::civil::date(2024, 10, 18);
        let ledger = ledger.map(|p| LedgerUse { path: p.to_path_buf(), resend: false, previous: None });
        RunOptions { ledger, ..RunOptions::new(out.to_path_buf(), as_of) }
    }

    /// A ledger that exists, its turn free, and an output folder a run has locked before.
    fn settled(dir: &Path) -> (PathBuf, PathBuf) {
        let (ledger, out) = (dir.join("l.sqlite"), dir.join("out"));
        drop(Session::open(&ledger, &mut |_| {}).unwrap());
        drop(OutDirLock::acquire(&out, Duration::ZERO).unwrap());
        (ledger, out)
    }

    /// The run gets the turn and the lock taken for it; a run without the ledger gets only the
    /// lock (the turn is given back), a run with another ledger or into another folder
    /// nothing, a dry run nothing (nothing was taken).
    #[test]
    fn what_was_taken_early_goes_only_to_the_run_it_was_taken_for() {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, out) = settled(dir.path());
        let taken = EarlyStart::begin(Some(&ledger), &out, false).take(&opts(&out, Some(&ledger)));
        assert!(taken.session.is_some() && taken.lock.is_some());
        drop(taken);
        let taken = EarlyStart::begin(Some(&ledger), &out, false).take(&opts(&out, None));
        assert!(taken.session.is_none() && taken.lock.is_some());
        drop(taken);
        assert!(Session::open_if_free(&ledger).is_some(), "the turn not used was given back");
        let other_ledger = dir.path().join("other.sqlite");
        let taken = EarlyStart::begin(Some(&ledger), &out, false).take(&opts(&out, Some(&other_ledger)));
        assert!(taken.session.is_none() && taken.lock.is_none(), "another ledger: the run takes both in order");
        let elsewhere = dir.path().join("elsewhere");
        let taken = EarlyStart::begin(Some(&ledger), &out, false).take(&opts(&elsewhere, Some(&ledger)));
        assert!(taken.session.is_none() && taken.lock.is_none());
        let taken =
            EarlyStart::begin(Some(&ledger), &out, true).take(&RunOptions { dry_run: true, ..opts(&out, None) });
        assert!(taken.session.is_none() && taken.lock.is_none());
    }

    /// Nothing a failed run must leave as it was is touched early: a new output folder is not
    /// created, a ledger that needs migrating is not opened (nor migrated), a ledger in the
    /// output folder (or reached there through a link) is left to phase 1's checks.
    #[test]
    fn nothing_is_created_or_migrated_early() {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, out) = settled(dir.path());
        let new_out = dir.path().join("new-out");
        let taken = EarlyStart::begin(None, &new_out, false).take(&opts(&new_out, None));
        assert!(taken.lock.is_none());
        assert!(!new_out.exists(), "no folder created");
        let old = dir.path().join("old.sqlite");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger/v4/ledger.sqlite"), &old).unwrap();
        let version = |p: &Path| -> i64 {
            rusqlite::Connection::open(p).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
        };
        assert_eq!(version(&old), 4);
        let taken = EarlyStart::begin(Some(&old), &out, false).take(&opts(&out, Some(&old)));
        assert!(taken.session.is_none() && taken.lock.is_none());
        assert_eq!(version(&old), 4, "not migrated early");
        let inside = out.join("l.sqlite");
        std::fs::copy(&ledger, &inside).unwrap();
        let taken = EarlyStart::begin(Some(&inside), &out, false).take(&opts(&out, Some(&inside)));
        assert!(taken.session.is_none() && taken.lock.is_none(), "a ledger in the output folder");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.sqlite");
            std::os::unix::fs::symlink(&inside, &link).unwrap();
            let taken = EarlyStart::begin(Some(&link), &out, false).take(&opts(&out, Some(&link)));
            assert!(taken.session.is_none() && taken.lock.is_none(), "a link to a ledger in the output folder");
        }
    }

    /// A turn another run holds is not waited for early, and the folder is then not locked
    /// either: the run takes both itself, in order, saying whom it waits for.
    #[test]
    fn a_turn_held_by_another_run_is_left_to_the_run_and_so_is_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, out) = settled(dir.path());
        let other = Session::open(&ledger, &mut |_| {}).unwrap();
        let started = std::time::Instant::now();
        let taken = EarlyStart::begin(Some(&ledger), &out, false).take(&opts(&out, Some(&ledger)));
        assert!(started.elapsed() < Duration::from_secs(4), "not waited for");
        assert!(taken.session.is_none() && taken.lock.is_none());
        drop(other);
    }
}
