//! Phase 2 begun early: the ledger's turn and transaction and the output folder's lock, taken
//! on a thread of their own while the caller compiles its profiles. Neither needs a profile,
//! and both wait on the disk and on SQLite (opening the ledger, reading its schema, locking
//! and recovering the folder): about half a millisecond that a small run otherwise spends
//! after its profiles are compiled, on one core while the other is idle.
//!
//! Only what can be taken at once is taken: a ledger that does not exist yet (the run creates
//! it in its turn), whose turn another run holds, or that cannot be opened, and an output
//! folder another run has locked, are left to [`super::phases::Shared::open`], which waits
//! and says why as before. The order is the same as there (the ledger's turn, then the
//! folder's lock), so two runs never hold one each. What is not used (the profiles chose no
//! ledger, or another one; a check of phase 1 failed) is dropped as phase 2 drops it after a
//! failure: the ledger's transaction rolled back, a folder the lock created removed.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

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

/// The thread: the turn if free (only at a ledger that exists), then the lock if free.
fn take(ledger: Option<PathBuf>, out_dir: &Path) -> Taken {
    let session = match &ledger {
        Some(path) if path.is_file() => match Session::open_if_free(path) {
            Ok(session) => Some(session),
            Err(_) => return Taken::default(),
        },
        Some(_) => return Taken::default(),
        None => None,
    };
    let lock = OutDirLock::acquire(out_dir, Duration::ZERO).ok();
    if let Some(lock) = &lock {
        lock.remove_folder_if_unused();
    }
    Taken { session, lock }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::LedgerUse;

    fn opts(out: &Path, ledger: Option<&Path>) -> RunOptions {
        let as_of = jiff::civil::date(2024, 10, 18);
        let ledger = ledger.map(|p| LedgerUse { path: p.to_path_buf(), resend: false, previous: None });
        RunOptions { ledger, ..RunOptions::new(out.to_path_buf(), as_of) }
    }

    /// A ledger that exists, its turn free.
    fn ledger_in(dir: &Path) -> PathBuf {
        let path = dir.join("l.sqlite");
        drop(Session::open(&path, &mut |_| {}).unwrap());
        assert!(path.is_file());
        path
    }

    /// The run gets the turn and the lock taken for it; a run without the ledger gets only the
    /// lock (the turn is given back), a run with another ledger or into another folder nothing (the early folder is
    /// removed as it is let go), a dry run nothing (nothing was taken).
    #[test]
    fn what_was_taken_early_goes_only_to_the_run_it_was_taken_for() {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, out) = (ledger_in(dir.path()), dir.path().join("out"));
        let taken = EarlyStart::begin(Some(&ledger), &out, false).take(&opts(&out, Some(&ledger)));
        assert!(taken.session.is_some() && taken.lock.is_some());
        drop(taken);
        let taken = EarlyStart::begin(Some(&ledger), &out, false).take(&opts(&out, None));
        assert!(taken.session.is_none() && taken.lock.is_some());
        drop(taken);
        assert!(Session::open_if_free(&ledger).is_ok(), "the turn not used was given back");
        let other_ledger = dir.path().join("other.sqlite");
        let taken = EarlyStart::begin(Some(&ledger), &out, false).take(&opts(&out, Some(&other_ledger)));
        assert!(taken.session.is_none() && taken.lock.is_none(), "another ledger: the run takes both in order");
        let elsewhere = dir.path().join("elsewhere");
        let taken = EarlyStart::begin(Some(&ledger), &elsewhere, false).take(&opts(&out, Some(&ledger)));
        assert!(taken.session.is_none() && taken.lock.is_none());
        assert!(!elsewhere.exists(), "the folder the early lock created is removed");
        let dry = dir.path().join("dry");
        let taken =
            EarlyStart::begin(Some(&ledger), &dry, true).take(&RunOptions { dry_run: true, ..opts(&dry, None) });
        assert!(taken.session.is_none() && taken.lock.is_none());
        assert!(!dry.exists());
    }

    /// A turn another run holds is not waited for early, and the folder is then not locked
    /// either: the run takes both itself, in order, saying whom it waits for.
    #[test]
    fn a_turn_held_by_another_run_is_left_to_the_run_and_so_is_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, out) = (ledger_in(dir.path()), dir.path().join("out"));
        let other = Session::open(&ledger, &mut |_| {}).unwrap();
        let started = std::time::Instant::now();
        let taken = EarlyStart::begin(Some(&ledger), &out, false).take(&opts(&out, Some(&ledger)));
        assert!(started.elapsed() < Duration::from_secs(5), "not waited for");
        assert!(taken.session.is_none() && taken.lock.is_none());
        assert!(!out.exists(), "no folder created");
        drop(other);
    }
}
