//! The transaction: operations collected, then committed through the journal.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::TEMP_PREFIX;
use super::disk::{self, BACKUP_SUFFIX, Journal, Op, abs};
use super::syncer::Ticket;
use super::{CommitError, OutDirLock, Staged, gate, invalid, io_err, unregister};
use crate::i18n::Msg;
use crate::io::platform;

/// Test-only fault injection, read from the environment by each [`Transaction::commit`] (the
/// tests of this module and the integration tests of the binary set them; nothing else may):
///
/// - `ORDERBRIDGE_FAULT_RENAME=k`: the k-th rename of the commit (0-based, counting the move of
///   an existing file to its backup and the rename of the new file into place as one each, in
///   operation order) fails with an I/O error instead of renaming.
/// - `ORDERBRIDGE_FAULT_KILL=k`: the process is killed (as by `kill -9`) just before the k-th
///   rename; with k equal to the number of renames, after all renames but before the commit
///   point; with k one more, just after the commit point, before backups are deleted.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Faults {
    pub rename: Option<usize>,
    pub kill: Option<usize>,
}

impl Faults {
    fn from_env() -> Faults {
        let var = |name| std::env::var(name).ok().and_then(|v| v.trim().parse().ok());
        Faults { rename: var("ORDERBRIDGE_FAULT_RENAME"), kill: var("ORDERBRIDGE_FAULT_KILL") }
    }

    fn kill_at(&self, step: usize) {
        if self.kill == Some(step) {
            platform::die_now();
        }
    }

    fn rename(&self, step: usize, from: &Path, to: &Path) -> io::Result<()> {
        self.kill_at(step);
        if self.rename == Some(step) {
            return Err(io::Error::other("fault injected by ORDERBRIDGE_FAULT_RENAME"));
        }
        platform::rename(from, to)
    }
}

/// What must succeed for the commit to pass its commit point, run after every rename (a
/// report streamed to a pipe or device, which no rename can put in place or take back).
pub type BeforePoint = Box<dyn FnOnce() -> Result<(), CommitError>>;

/// Changes to one output folder that [`Transaction::commit`] makes all or none of. Dropped
/// without committing, it deletes the staged files handed to it.
pub struct Transaction {
    lock: OutDirLock,
    /// `(source, target)` relative to the output folder; no source removes the target.
    ops: Vec<(Option<String>, String)>,
    /// Every path an operation reads or writes: no two operations share one.
    claimed: BTreeSet<String>,
    /// Staged temporaries handed over, deleted unless committed.
    temps: Vec<PathBuf>,
    /// The files handed over, open, with their final paths and their syncs if already started
    /// ([`Staged::start_sync`]): synced, or waited for, together at commit
    /// ([`Transaction::sync_taken`]).
    unsynced: Vec<(fs::File, PathBuf, Option<Ticket>)>,
    /// Files of the run outside the output folder: `(temporary, target)`, absolute.
    outside: Vec<(PathBuf, PathBuf)>,
    /// Runs after every rename, before the commit point; its failure rolls everything back.
    before_point: Option<BeforePoint>,
    /// Set by tests; `None` reads the environment at commit.
    pub(super) faults: Option<Faults>,
}

impl Transaction {
    pub(super) fn new(lock: OutDirLock) -> Transaction {
        Transaction {
            lock,
            ops: Vec::new(),
            claimed: BTreeSet::new(),
            temps: Vec::new(),
            unsynced: Vec::new(),
            outside: Vec::new(),
            before_point: None,
            faults: None,
        }
    }

    fn claim(&mut self, rel: &str, path: &Path) -> Result<(), CommitError> {
        if !self.claimed.insert(rel.to_string()) {
            return Err(invalid(path, Msg::new("commit-used-twice")));
        }
        Ok(())
    }

    /// Replaces (or creates) `staged`'s final file with it. Starts writing its last bytes to
    /// the disk now; the commit syncs it (or waits for its sync, [`Staged::start_sync`])
    /// before its journal is in place.
    pub fn replace(&mut self, mut staged: Staged) -> Result<(), CommitError> {
        if !Arc::ptr_eq(&staged.lock.inner, &self.lock.inner) {
            return Err(invalid(&staged.final_path, Msg::new("commit-other-lock")));
        }
        let file = staged.file.take().expect("a staged file is open until a transaction takes it");
        self.temps.push(staged.temp.clone());
        if staged.written > staged.handed_on {
            platform::start_writeback(&file, staged.handed_on, staged.written - staged.handed_on);
        }
        self.unsynced.push((file, staged.final_path.clone(), staged.sync.take()));
        self.claim(&staged.rel, &staged.final_path)?;
        let temp = self.lock.rel(&staged.temp)?;
        self.ops.push((Some(temp), staged.rel.clone()));
        Ok(())
    }

    /// Moves the existing file `from` to `to` (replacing a file there), both below the
    /// output folder, creating `to`'s missing folders now.
    pub fn move_file(&mut self, from: &Path, to: &Path) -> Result<(), CommitError> {
        let (from_rel, to_rel) = (self.lock.target_rel(from)?, self.lock.target_rel(to)?);
        self.claim(&from_rel, from)?;
        self.claim(&to_rel, to)?;
        self.lock.make_dirs(to.parent().unwrap_or(Path::new(".")))?;
        self.ops.push((Some(from_rel), to_rel));
        Ok(())
    }

    /// Removes the file at `path` (below the output folder), if there is one at commit.
    pub fn remove_file(&mut self, path: &Path) -> Result<(), CommitError> {
        let rel = self.lock.target_rel(path)?;
        self.claim(&rel, path)?;
        self.ops.push((None, rel));
        Ok(())
    }

    /// Renames `temp` (a written and synced temporary file of this process) to `target`, both
    /// outside the output folder and in one folder, as part of this transaction: journaled
    /// like the rest (absolute paths), so a failure or a kill before the commit point puts
    /// back the file that was at `target`, and one after it leaves the new one. Dropped
    /// uncommitted, the transaction deletes `temp`.
    pub fn replace_outside(&mut self, temp: &Path, target: &Path) -> Result<(), CommitError> {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // Held first, so that a refusal below still deletes the temporary with the transaction.
        self.outside.push((absolute(temp), absolute(target)));
        for p in [temp, target] {
            if !p.is_absolute() && std::path::absolute(p).is_err() {
                return Err(invalid(p, Msg::new("commit-not-plain")));
            }
            if p.to_str().is_none() {
                return Err(invalid(p, Msg::new("commit-not-utf8")));
            }
        }
        Ok(())
    }

    /// Sets what runs after every rename and before the commit point (see [`BeforePoint`]).
    pub fn before_commit_point(&mut self, f: BeforePoint) {
        self.before_point = Some(f);
    }

    /// Makes every operation, in the order given, or none; see the module documentation.
    /// An error names the path and the system's error, after everything was undone.
    pub fn commit(self) -> Result<(), CommitError> {
        self.commit_then(|| Ok(()))
    }

    /// [`Transaction::commit`] with a last participant: `last` commits a store of its own (the
    /// ledger) after every rename and the commit point, before the backups are deleted. If it
    /// fails, the journal is first marked "roll back" again (a crash during the undo then
    /// still undoes), the renames are undone, and its error is returned. If the process dies
    /// inside `last`, the commit point has passed: the files stand, and `last`'s store, not
    /// committed, has none of it.
    pub fn commit_then(mut self, last: impl FnOnce() -> Result<(), Msg>) -> Result<(), CommitError> {
        let faults = self.faults.take().unwrap_or_else(Faults::from_env);
        // Planned before the gate (it only reads; the folder's lock keeps other runs out), so
        // that both journals can be written beside the files and synced with them: one sync
        // of a file system that journals its metadata then covers them all, instead of one
        // more for each journal (measured: see `sync_taken`).
        let journal = self.plan()?;
        let before_point = self.before_point.take();
        if journal.ops.is_empty() {
            self.sync_taken()?;
            let _gate = gate();
            before_point.map_or(Ok(()), |f| f())?;
            return last().map_err(CommitError::LastParticipant);
        }
        let out = self.lock.out_dir().to_path_buf();
        let done = Journal { committed: true, ..journal.clone() };
        let rollback = disk::write_temp(&out, &journal, disk::JOURNAL_TEMP)?;
        let committed = disk::write_temp(&out, &done, disk::COMMITTED_TEMP)?;
        // Syncing changes nothing on disk: a signal or another commit of the process (the
        // page's runs) need not wait for it behind the gate.
        self.sync_taken()?;
        rollback.sync()?;
        committed.sync()?;
        let _gate = gate();
        if let Err(cause) = rollback.install() {
            // The journal may have landed before the error (a failed folder sync).
            return Err(self.undo(&journal, cause));
        }
        // From here on the journal is on disk: any failure undoes through it.
        let renames = journal.ops.iter().map(|op| op.existed as usize + op.source.is_some() as usize).sum();
        if let Err(cause) = apply(&out, &journal, faults) {
            return Err(self.undo(&journal, cause));
        }
        if let Some(Err(cause)) = before_point.map(|f| f()) {
            return Err(self.undo(&journal, cause));
        }
        faults.kill_at(renames);
        if let Err(cause) = committed.install() {
            return Err(self.undo(&journal, cause));
        }
        if let Err(reason) = last() {
            if let Err(cause) = disk::write(&out, &journal) {
                return Err(self.undo(&journal, cause));
            }
            return Err(self.undo(&journal, CommitError::LastParticipant(reason)));
        }
        // The commit point has passed: the new files stay, whatever happens next.
        faults.kill_at(renames + 1);
        disk::finish(&out, &done);
        self.forget_temps();
        Ok(())
    }

    /// Syncs every file [`Transaction::replace`] took, in the order taken, before the journal
    /// is in place (a file is on disk before it can be renamed into place). Each one's last
    /// bytes were handed to the disk's writeback when it was taken (and the journals' when
    /// written), so that a file system that journals its metadata (ext4 here) can commit for
    /// all of them at the first sync, the others then mostly waiting for the disk to flush.
    /// Measured on the benchmark machine: ten small files in 0.8 ms rather than 1.7 ms synced
    /// one by one as each was taken, and a 250-row run (it syncs ten) 13.6 → 12.2 ms; the
    /// journals' temporaries synced in the same batch rather than each on its own, and the
    /// files finished early synced on their own thread (below), 11.33 → 10.25 ms (medians
    /// of 50). Nothing here relies on it.
    ///
    /// A file whose sync was started early ([`Staged::start_sync`]) is waited for instead.
    /// After a failure the others' syncs are still waited for (none is left with a handle on
    /// a file the transaction's drop deletes) but no more are started.
    fn sync_taken(&mut self) -> Result<(), CommitError> {
        let mut result = Ok(());
        for (file, path, ticket) in std::mem::take(&mut self.unsynced) {
            let synced = match ticket {
                Some(ticket) => ticket.wait(),
                None if result.is_ok() => platform::sync_file(&file, &path),
                None => Ok(()),
            };
            if result.is_ok() {
                result = synced.map_err(io_err(&path, "commit-syncing-file"));
            }
        }
        result
    }

    /// Checks every target and source and names the backups, changing nothing: a folder in
    /// the way or a missing source fails here, before any file is touched.
    fn plan(&self) -> Result<Journal, CommitError> {
        let out = self.lock.out_dir();
        let mut ops = Vec::new();
        for (i, (source, target)) in self.ops.iter().enumerate() {
            let path = abs(out, target);
            let existed = match fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => return Err(invalid(&path, Msg::new("commit-is-a-folder"))),
                Ok(_) => true,
                Err(e) if e.kind() == io::ErrorKind::NotFound => false,
                Err(e) => return Err(io_err(&path, "commit-looking-at-file")(e)),
            };
            match source {
                None if !existed => continue,
                Some(s) if fs::symlink_metadata(abs(out, s)).is_err() => {
                    return Err(invalid(&abs(out, s), Msg::new("commit-gone")));
                }
                _ => {}
            }
            let folder = target.rsplit_once('/').map_or(String::new(), |(d, _)| format!("{d}/"));
            let backup = format!("{folder}{}", backup_name(i));
            ops.push(Op {
                source: source.clone(),
                target: target.clone(),
                backup,
                existed,
                outside: false,
                written: None,
            });
        }
        for (temp, target) in &self.outside {
            let existed = match fs::symlink_metadata(target) {
                Ok(m) if m.is_dir() => return Err(invalid(target, Msg::new("commit-is-a-folder"))),
                Ok(_) => true,
                Err(e) if e.kind() == io::ErrorKind::NotFound => false,
                Err(e) => return Err(io_err(target, "commit-looking-at-file")(e)),
            };
            if fs::symlink_metadata(temp).is_err() {
                return Err(invalid(temp, Msg::new("commit-gone")));
            }
            let backup = target.with_file_name(backup_name(ops.len()));
            let text = |p: &Path| p.to_str().map(String::from).ok_or_else(|| invalid(p, Msg::new("commit-not-utf8")));
            let staged = fs::read(temp).map_err(io_err(temp, "commit-looking-at-file"))?;
            ops.push(Op {
                source: Some(text(temp)?),
                target: text(target)?,
                backup: text(&backup)?,
                existed,
                outside: true,
                written: Some(disk::staged_hash(&staged)),
            });
        }
        let temps = self.temps.iter().map(|t| self.lock.rel(t)).collect::<Result<_, _>>()?;
        Ok(Journal::new(ops, temps, self.lock.created_rel()))
    }

    /// Takes this transaction's temporaries off the list the signal handler deletes.
    fn forget_temps(&mut self) {
        let outside: Vec<PathBuf> = std::mem::take(&mut self.outside).into_iter().map(|(t, _)| t).collect();
        unregister(&outside);
        unregister(&std::mem::take(&mut self.temps));
    }

    /// Rolls back after `cause`; the journal is deleted only if everything was undone.
    fn undo(&mut self, journal: &Journal, cause: CommitError) -> CommitError {
        let out = self.lock.out_dir().to_path_buf();
        let failures = disk::roll_back(&out, journal);
        self.forget_temps();
        let journal_path = out.join(disk::JOURNAL_NAME);
        let failures = if failures.is_empty() {
            match disk::remove(&out) {
                Ok(()) => return cause,
                Err(e) => format!("{}: {e}", journal_path.display()),
            }
        } else {
            // The commit point's rewrite may have landed before failing: the kept journal must
            // say "roll back".
            let _ = disk::write(&out, journal);
            failures.join("; ")
        };
        CommitError::RollbackFailed { cause: Box::new(cause), failures, journal: journal_path.display().to_string() }
    }
}

/// The renames, in order: each existing target to its backup, then the source into place.
fn apply(out: &Path, journal: &Journal, faults: Faults) -> Result<(), CommitError> {
    let mut step = 0;
    let mut touched = BTreeSet::new();
    for op in &journal.ops {
        let target = op.path(out, &op.target);
        if op.existed {
            let backup = op.path(out, &op.backup);
            faults.rename(step, &target, &backup).map_err(io_err(&target, "commit-moving-aside"))?;
            step += 1;
        } else if fs::symlink_metadata(&target).is_ok() {
            return Err(invalid(&target, Msg::new("commit-appeared")));
        }
        if let Some(source) = &op.source {
            let source = op.path(out, source);
            faults.rename(step, &source, &target).map_err(io_err(&target, "commit-renaming"))?;
            step += 1;
            touched.insert(source.parent().map(Path::to_path_buf).unwrap_or_default());
        }
        touched.insert(target.parent().map(Path::to_path_buf).unwrap_or_default());
    }
    for d in &touched {
        platform::sync_dir(d).map_err(io_err(d, "commit-syncing-folder"))?;
    }
    Ok(())
}

/// A fresh backup name: the process, the time and a counter keep it unique, and the sweep
/// recognises it.
fn backup_name(i: usize) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{TEMP_PREFIX}{:x}-{nanos:x}-{n}-{i}{BACKUP_SUFFIX}", std::process::id())
}

impl Drop for Transaction {
    /// An uncommitted (or rolled-back) transaction deletes the staged files handed to it
    /// (closed first: Windows keeps an open file's name until it is closed).
    fn drop(&mut self) {
        for (file, _, ticket) in self.unsynced.drain(..) {
            drop(file);
            let _ = ticket.map(Ticket::wait);
        }
        for t in self.temps.iter().chain(self.outside.iter().map(|(t, _)| t)) {
            let _ = fs::remove_file(t);
        }
        self.forget_temps();
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::time::Duration;

    use super::super::{OutDirLock, disk};
    use super::*;

    /// A commit syncs each file and folder only where its promise needs it: the files it
    /// took and both its journals' temporaries, together before any rename (taking a file
    /// syncs nothing yet, so that they are synced together); the folder once the journal is
    /// in place; every folder a rename touched before the commit point; the folder once the
    /// committed journal is in place (the commit point) — and nothing after the journal is
    /// deleted, which a power cut may undo harmlessly (see [`disk::finish`]).
    #[test]
    fn journal_commit_syncs_only_up_to_its_commit_point_and_the_files_it_took_first() {
        use platform::Synced::{File, Folder};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("a.csv"), "old\n").unwrap();
        let lock = OutDirLock::acquire(out, Duration::ZERO).unwrap();
        let mut tx = lock.transaction();
        tx.faults = Some(Faults::default());
        let before = platform::synced_under(out).len();
        for rel in ["a.csv", "sub/b.csv"] {
            let mut staged = lock.stage(&out.join(rel)).unwrap();
            staged.write_all(b"new\n").unwrap();
            tx.replace(staged).unwrap();
        }
        assert_eq!(platform::synced_under(out)[before..], [], "taking a file syncs nothing yet");
        tx.commit().unwrap();
        let synced = platform::synced_under(out)[before..].to_vec();
        let want = [
            File(out.join("a.csv")),
            File(out.join("sub/b.csv")),
            File(out.join(disk::JOURNAL_TEMP)),
            File(out.join(disk::COMMITTED_TEMP)),
            Folder(out.to_path_buf()),
            Folder(out.to_path_buf()),
            Folder(out.join("sub")),
            Folder(out.to_path_buf()),
        ];
        assert_eq!(synced, want);
        assert!(!out.join(disk::JOURNAL_NAME).exists());
        assert_eq!(std::fs::read_to_string(out.join("sub/b.csv")).unwrap(), "new\n");
    }

    /// A commit waits for a sync started early ([`Staged::start_sync`]): while the sync
    /// thread is held, neither the journal nor the file is in place.
    #[test]
    fn the_commit_waits_for_a_sync_started_early_before_anything_is_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_path_buf();
        let lock = OutDirLock::acquire(&out, Duration::ZERO).unwrap();
        let (ready, holding) = std::sync::mpsc::channel();
        let watched = out.clone();
        let watcher = std::thread::spawn(move || {
            let held = super::super::syncer::HOLD.lock().unwrap_or_else(|e| e.into_inner());
            ready.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(300));
            let nothing = !watched.join("a.csv").exists() && !watched.join(disk::JOURNAL_NAME).exists();
            drop(held);
            nothing
        });
        holding.recv().unwrap();
        let mut staged = lock.stage(&out.join("a.csv")).unwrap();
        staged.write_all(b"new\n").unwrap();
        staged.start_sync();
        let mut tx = lock.transaction();
        tx.faults = Some(Faults::default());
        tx.replace(staged).unwrap();
        tx.commit().unwrap();
        assert!(watcher.join().unwrap(), "nothing was in place while the sync was held");
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "new\n");
    }

    /// A file written to after its sync started is refused: those bytes would not be in the
    /// sync the commit waits for.
    #[test]
    fn a_staged_file_cannot_be_written_after_its_sync_started() {
        let dir = tempfile::tempdir().unwrap();
        let lock = OutDirLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let mut staged = lock.stage(&dir.path().join("a.csv")).unwrap();
        staged.write_all(b"all\n").unwrap();
        staged.start_sync();
        assert!(staged.write_all(b"more\n").is_err());
    }

    /// A staged file said to be finished ([`Staged::start_sync`]) is synced on the sync
    /// thread without waiting for the commit, which then waits for that sync instead of
    /// making its own: still before the journal, and once.
    #[test]
    fn a_file_finished_early_is_synced_before_the_commit_and_not_again() {
        use platform::Synced::{File, Folder};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let lock = OutDirLock::acquire(out, Duration::ZERO).unwrap();
        let before = platform::synced_under(out).len();
        let mut early = lock.stage(&out.join("early.csv")).unwrap();
        early.write_all(b"early\n").unwrap();
        early.start_sync();
        let waited = std::time::Instant::now();
        while platform::synced_under(out)[before..].is_empty() {
            assert!(waited.elapsed() < Duration::from_secs(20), "no sync started before the commit");
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(platform::synced_under(out)[before..], [File(out.join("early.csv"))]);
        let mut late = lock.stage(&out.join("late.csv")).unwrap();
        late.write_all(b"late\n").unwrap();
        let mut tx = lock.transaction();
        tx.faults = Some(Faults::default());
        tx.replace(early).unwrap();
        tx.replace(late).unwrap();
        tx.commit().unwrap();
        let synced = platform::synced_under(out)[before..].to_vec();
        let want = [
            File(out.join("early.csv")),
            File(out.join("late.csv")),
            File(out.join(disk::JOURNAL_TEMP)),
            File(out.join(disk::COMMITTED_TEMP)),
            Folder(out.to_path_buf()),
            Folder(out.to_path_buf()),
            Folder(out.to_path_buf()),
        ];
        assert_eq!(synced, want);
        assert_eq!(std::fs::read_to_string(out.join("early.csv")).unwrap(), "early\n");
    }
}
