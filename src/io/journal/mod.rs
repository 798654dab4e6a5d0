//! All-or-nothing changes to one output folder: a run's upload files, reject file and archive
//! moves appear together or not at all, even if a rename fails part way, the process is
//! killed, or the power goes.
//!
//! The model is SQLite's rollback journal:
//!
//! 1. [`OutDirLock::acquire`] takes an exclusive lock on `out/.orderbridge.lock`, so two runs
//!    never interleave, and recovers what an interrupted run left (below).
//! 2. [`OutDirLock::stage`] creates each new file as a temporary `.orderbridge-*.partial` in its
//!    final folder (a rename never crosses a file system). Staging hangs off the lock, not the
//!    transaction, so a run's upload and reject sets can each stage while streaming and hand
//!    their files to one transaction at the end; a staged file keeps the lock held.
//! 3. A [`Transaction`] collects operations — replace a file with a staged one, move a file,
//!    remove a file — and [`Transaction::commit`] writes both its journals to temporaries
//!    (`out/.orderbridge-journal` naming every operation and the backup name of every file it
//!    displaces, and the same marked `committed`) and syncs them with the staged files it took;
//!    then renames the first journal into place and syncs the folder; then, op by op, moves
//!    the existing target to its `.orderbridge-*.backup` name and renames the new file into
//!    place; syncs the folders; renames the committed journal over the journal and syncs the
//!    folder — **the commit point** — and only then deletes backups and journal.
//!
//! What each sync keeps (a power cut can lose whatever was not synced): every new file the
//! transaction took and both journals' temporaries, synced before the first rename (a file's
//! bytes are on disk before it can be renamed into place; each one's writeback is started
//! first, and a file handed over finished ([`Staged::start_sync`]) is synced on a thread of
//! its own while the run goes on, so that the syncs mostly share one commit of the file
//! system); the folder once the journal is in place, before the first rename (a rollback after
//! a power cut finds it); every folder a rename touched before the commit point (no rename is
//! lost once the journal says committed); the folder once the committed journal is in place
//! (the commit point itself, before the ledger commits after it). Deleting backups and the
//! journal after the commit point is not synced: a committed journal brought back by a power
//! cut is completed again by the next run, which changes nothing.
//!
//! A large staged file is handed to the disk's writeback as it is written (a block of
//! [`WRITEBACK_EVERY`] at a time, not waited for): an early start, so that its sync has little
//! left to wait for; it promises nothing the sync does not.
//!
//! A file of the run outside the folder (the report elsewhere) joins the same journal with
//! absolute paths ([`Transaction::replace_outside`]), and what cannot be renamed (a report
//! streamed to a pipe) is written after every rename and before the commit point
//! ([`Transaction::before_commit_point`]): either way it is undone or kept with the rest.
//!
//! **Recovery rule:** a journal not marked `committed` is rolled back (backups restored, new
//! files moved back to their temporary or original names, temporaries deleted); a `committed`
//! one is completed (its backups deleted). Rolling back anything short of the commit point
//! means a run that never reported success never leaves its files for upload; it is always
//! possible, since no backup is deleted before the commit point. After resolving the journal,
//! recovery deletes every leftover `.orderbridge-*.partial` and `.orderbridge-*.backup` in the
//! folder and its subfolders (a few levels deep): under the lock no other run has any.
//!
//! Only the tool's own files start with `.orderbridge`. The lock file stays, except in a
//! folder a failed run created and left empty, which it removes with the lock file while still
//! holding it; a run that locked a removed lock file notices (it is not the folder's) and
//! starts over, so the lock held is always the folder's.
//!
//! ```text
//! let lock = OutDirLock::acquire(out, Duration::from_secs(10))?;   // lock + recover
//! let mut f = lock.stage(&out.join("amazon/upload.csv"))?;          // write into `f`
//! let mut tx = lock.transaction();
//! tx.replace(f)?;                                                   // synced at commit
//! tx.move_file(&out.join("old.csv"), &out.join("archive/old.csv"))?;
//! tx.commit()?;                                                     // all or nothing
//! ```
//!
//! Not covered: folders created for staging are left (empty) if the process is killed before
//! its commit starts; a kill during the commit removes them through the journal.

mod commit;
mod disk;
mod error;
mod signals;
mod syncer;
#[cfg(test)]
mod tests;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub(crate) use commit::{BeforePoint, Transaction};
pub(crate) use error::CommitError;
pub(crate) use signals::{forget_temp, install_signal_cleanup, track_temp};
use signals::{gate, live, unregister};

use super::platform;
use crate::i18n::Msg;

/// Prefix of temporary files; a leftover from a killed run is recognisable and never looks
/// like an upload file.
pub const TEMP_PREFIX: &str = ".orderbridge-";
pub const TEMP_SUFFIX: &str = ".partial";

/// A temporary-file builder for output files: the recognisable prefix and suffix, and (on
/// Unix) mode 0666 less the umask — what any file the shop's user creates gets — instead of a
/// temporary file's 0600, so an uploader account or a shared folder can read the result.
pub fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

/// The lock file in the output folder; never deleted.
pub const LOCK_NAME: &str = ".orderbridge.lock";

/// How often a waiting [`OutDirLock::acquire`] tries again.
const POLL: Duration = Duration::from_millis(50);

fn io_err<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(io::Error) -> CommitError + 'a {
    move |source| CommitError::Io { path: path.display().to_string(), action, source }
}

fn invalid(path: &Path, reason: Msg) -> CommitError {
    CommitError::Invalid { path: path.display().to_string(), reason }
}

/// An exclusive lock on one output folder, taken by [`OutDirLock::acquire`]. A cheap handle:
/// clones, [`Staged`] files and [`Transaction`]s share it, and the lock is released when the
/// last of them is dropped (or the process ends, however it ends).
#[derive(Clone)]
pub struct OutDirLock {
    inner: Arc<LockInner>,
}

struct LockInner {
    out_dir: PathBuf,
    /// Folders created for staged files and moves, outermost first.
    created: Mutex<Vec<PathBuf>>,
    /// The output folder did not exist before this lock.
    created_out_dir: bool,
    /// See [`OutDirLock::remove_folder_if_unused`].
    remove_if_unused: std::sync::atomic::AtomicBool,
    /// The thread that syncs finished staged files ([`Staged::start_sync`]), started with
    /// the first; `None` inside if it could not be started (they are synced at commit).
    syncer: std::sync::OnceLock<Option<syncer::Syncer>>,
    /// Held open for the lock; closed (unlocking) after `Drop::drop` below.
    _file: File,
}

impl Drop for LockInner {
    /// Removes the folders this lock created that are still empty: those of a run that failed.
    fn drop(&mut self) {
        let created = std::mem::take(&mut *self.created.lock().unwrap_or_else(|e| e.into_inner()));
        for d in created.iter().rev() {
            let _ = fs::remove_dir(d);
        }
        unregister(&created);
        // Only where a waiting run can tell a removed lock file from the folder's (Unix): on
        // other systems the folder and its lock file stay.
        if cfg!(unix) && self.created_out_dir && self.remove_if_unused.load(std::sync::atomic::Ordering::Relaxed) {
            let lock = self.out_dir.join(LOCK_NAME);
            let only_lock = fs::read_dir(&self.out_dir).is_ok_and(|entries| {
                entries.map(|e| e.map(|e| e.path())).collect::<Result<Vec<_>, _>>().is_ok_and(|p| p == [lock.clone()])
            });
            // Still locked (the file closes after this): a run waiting on this lock file
            // finds it gone once it gets the lock, and starts over.
            if only_lock && platform::is_file_at(&self._file, &lock) && fs::remove_file(&lock).is_ok() {
                let _ = fs::remove_dir(&self.out_dir);
            }
        }
    }
}

impl OutDirLock {
    /// Creates `out_dir` if missing, locks it — waiting up to `wait` for another run to finish
    /// — and recovers from an interrupted run (see the module documentation).
    ///
    /// The lock held is always on the lock file that is in the folder: a run that created the
    /// folder and failed removes the folder with its lock file (under its lock, see
    /// [`OutDirLock::remove_folder_if_unused`]), and a run that was waiting on that file would
    /// otherwise hold a lock no later run sees. So after locking, the file locked is compared
    /// with the one the folder holds now; if they differ, or the folder is gone, it starts over.
    pub fn acquire(out_dir: &Path, wait: Duration) -> Result<OutDirLock, CommitError> {
        let start = Instant::now();
        let lock_path = out_dir.join(LOCK_NAME);
        let locked_out = |waited| CommitError::Locked {
            dir: out_dir.display().to_string(),
            lock: lock_path.display().to_string(),
            waited,
        };
        loop {
            let created = fs::symlink_metadata(out_dir).is_err();
            fs::create_dir_all(out_dir).map_err(io_err(out_dir, "commit-creating-output-folder"))?;
            // The tool's own file: never one a link leads to.
            if fs::symlink_metadata(&lock_path).is_ok_and(|m| !m.is_file()) {
                return Err(invalid(&lock_path, Msg::new("commit-own-file-not-plain")));
            }
            let file = match OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&lock_path) {
                Ok(f) => f,
                // The folder was removed between its creation and the open: again.
                Err(e) if e.kind() == io::ErrorKind::NotFound && start.elapsed() < wait.max(POLL) => continue,
                Err(e) => return Err(io_err(&lock_path, "commit-opening-lock")(e)),
            };
            while !platform::try_lock(&file).map_err(io_err(&lock_path, "commit-locking"))? {
                let waited = start.elapsed();
                if waited >= wait {
                    return Err(locked_out(waited));
                }
                std::thread::sleep(POLL.min(wait - waited));
            }
            if !platform::is_file_at(&file, &lock_path) {
                // Locked a lock file that is no longer the folder's.
                drop(file);
                if start.elapsed() >= wait.max(POLL) {
                    return Err(locked_out(start.elapsed()));
                }
                continue;
            }
            let lock = OutDirLock {
                inner: Arc::new(LockInner {
                    out_dir: out_dir.to_path_buf(),
                    created: Mutex::new(Vec::new()),
                    created_out_dir: created,
                    remove_if_unused: std::sync::atomic::AtomicBool::new(false),
                    syncer: std::sync::OnceLock::new(),
                    _file: file,
                }),
            };
            {
                let _gate = gate();
                disk::recover(out_dir)?;
            }
            return Ok(lock);
        }
    }

    /// [`OutDirLock::acquire`] without waiting, and only where taking the lock creates and
    /// changes nothing a run would not: a folder that a run has locked before (its lock file is
    /// there) holding no journal to recover. (Leftover temporaries of a killed run are still
    /// swept, as every lock does.) `None` otherwise.
    pub fn acquire_if_settled(out_dir: &Path) -> Option<OutDirLock> {
        let settled = fs::symlink_metadata(out_dir.join(LOCK_NAME)).is_ok_and(|m| m.is_file())
            && fs::symlink_metadata(out_dir.join(disk::JOURNAL_NAME)).is_err();
        settled.then(|| OutDirLock::acquire(out_dir, Duration::ZERO).ok()).flatten()
    }

    /// When the last handle is dropped, removes the output folder if this lock created it and
    /// it holds nothing but the lock file (a run that failed leaves no folder behind). Done
    /// while the lock is still held, so no other run can be using the lock file removed.
    pub fn remove_folder_if_unused(&self) {
        self.inner.remove_if_unused.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn out_dir(&self) -> &Path {
        &self.inner.out_dir
    }

    /// A new, empty transaction on this folder.
    pub fn transaction(&self) -> Transaction {
        Transaction::new(self.clone())
    }

    /// Creates the temporary file that will become `final_path` (which must lie below the
    /// output folder), creating missing folders. Dropped without being handed to
    /// [`Transaction::replace`], it deletes itself.
    pub fn stage(&self, final_path: &Path) -> Result<Staged, CommitError> {
        let rel = self.target_rel(final_path)?;
        let dir = final_path.parent().unwrap_or(Path::new("."));
        self.make_dirs(dir)?;
        let tmp = temp_builder().tempfile_in(dir).map_err(io_err(dir, "commit-creating-temp"))?;
        let (file, temp) = tmp.keep().map_err(|e| io_err(dir, "commit-creating-temp")(e.error))?;
        live().push(temp.clone());
        Ok(Staged {
            lock: self.clone(),
            file: Some(file),
            temp,
            final_path: final_path.to_path_buf(),
            rel,
            written: 0,
            handed_on: 0,
            sync: None,
        })
    }

    /// `path` relative to the output folder with `/` separators, refusing paths outside it,
    /// non-UTF-8 names (the journal is JSON) and the tool's own names.
    fn target_rel(&self, path: &Path) -> Result<String, CommitError> {
        let rel = self.rel(path)?;
        let name = rel.rsplit('/').next().unwrap_or("");
        if name.starts_with(TEMP_PREFIX) || name == LOCK_NAME {
            return Err(invalid(path, Msg::new("commit-own-name")));
        }
        // Every folder on the way is a real one: a link there would take the file (an upload
        // file, the archive) out of the output folder.
        if let Some(link) = disk::link_on_the_way(self.out_dir(), &rel) {
            return Err(invalid(path, Msg::new("commit-through-link").arg("link", link.display())));
        }
        Ok(rel)
    }

    fn rel(&self, path: &Path) -> Result<String, CommitError> {
        let out = self.out_dir();
        // Temporary files have absolute paths whatever folder they were made in; the output
        // folder may be given relative (`--out out`): compare both absolute.
        let (abs_out, abs_path) = (std::path::absolute(out), std::path::absolute(path));
        let (out, path) = match (&abs_out, &abs_path) {
            (Ok(o), Ok(p)) => (o.as_path(), p.as_path()),
            _ => (out, path),
        };
        let inside = path
            .strip_prefix(out)
            .map_err(|_| invalid(path, Msg::new("commit-not-inside").arg("dir", out.display())))?;
        let mut parts = Vec::new();
        for c in inside.components() {
            match c {
                Component::Normal(s) => {
                    parts.push(s.to_str().ok_or_else(|| invalid(path, Msg::new("commit-not-utf8")))?)
                }
                _ => return Err(invalid(path, Msg::new("commit-not-plain"))),
            }
        }
        if parts.is_empty() {
            return Err(invalid(path, Msg::new("commit-is-out-dir")));
        }
        Ok(parts.join("/"))
    }

    /// Creates `dir` and its missing parents, remembering them (for the journal and for
    /// removal if the run fails and leaves them empty).
    fn make_dirs(&self, dir: &Path) -> Result<(), CommitError> {
        let mut missing = Vec::new();
        let mut d = dir;
        while !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err() {
            missing.push(d.to_path_buf());
            match d.parent() {
                Some(p) => d = p,
                None => break,
            }
        }
        let mut created = self.inner.created.lock().unwrap_or_else(|e| e.into_inner());
        for m in missing.into_iter().rev() {
            fs::create_dir(&m).map_err(io_err(&m, "commit-creating-folder"))?;
            live().push(m.clone());
            created.push(m);
        }
        Ok(())
    }

    /// The created folders, relative to the output folder, outermost first.
    fn created_rel(&self) -> Vec<String> {
        let created = self.inner.created.lock().unwrap_or_else(|e| e.into_inner());
        created.iter().filter_map(|d| self.rel(d).ok()).collect()
    }
}

/// A new file being written under a temporary name, until [`Transaction::replace`] takes it.
pub struct Staged {
    lock: OutDirLock,
    /// `None` once taken by a transaction.
    file: Option<File>,
    temp: PathBuf,
    final_path: PathBuf,
    rel: String,
    /// Bytes written so far.
    written: u64,
    /// Bytes already handed to the disk's writeback ([`WRITEBACK_EVERY`]).
    handed_on: u64,
    /// Its sync on the lock's sync thread, once its writing is done ([`Staged::start_sync`]).
    sync: Option<syncer::Ticket>,
}

/// A large staged file's bytes are handed to the disk as they are written, a block of this
/// size at a time, without waiting: its sync at commit then has only the last block to wait
/// for, instead of the whole file written out at that moment (a 1M-row run's upload files,
/// ~110 MB, took ~40 ms there). The sync at commit is still what keeps the promise.
const WRITEBACK_EVERY: u64 = 8 << 20;

impl Staged {
    pub fn final_path(&self) -> &Path {
        &self.final_path
    }

    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("a staged file is open until a transaction takes it")
    }

    /// Says the file is written: its last bytes are handed to the disk's writeback and its
    /// sync starts on the lock's sync thread, so that the transaction that takes it has only
    /// to wait for the sync (often done by then) instead of making it. Nothing may be written
    /// to it after. Where the thread cannot be started, the commit syncs it as usual.
    pub fn start_sync(&mut self) {
        let Some(file) = &self.file else { return };
        if self.sync.is_some() {
            return;
        }
        if self.written > self.handed_on {
            platform::start_writeback(file, self.handed_on, self.written - self.handed_on);
            self.handed_on = self.written;
        }
        let syncer = self.lock.inner.syncer.get_or_init(|| syncer::Syncer::spawn().ok());
        self.sync = syncer.as_ref().and_then(|s| s.sync(file, &self.final_path).ok());
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Bytes after its sync started would not be in the sync the commit waits for.
        if self.sync.is_some() {
            return Err(io::Error::other("written to after its sync started"));
        }
        let n = self.file().write(buf)?;
        self.written += n as u64;
        if self.written - self.handed_on >= WRITEBACK_EVERY {
            let (from, to) = (self.handed_on, self.written);
            platform::start_writeback(self.file(), from, to - from);
            self.handed_on = to;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            // The sync thread's handle closed first (Windows keeps an open file's name).
            let _ = self.sync.take().map(syncer::Ticket::wait);
            let _ = fs::remove_file(&self.temp);
            unregister(std::slice::from_ref(&self.temp));
        }
    }
}
