//! Syncing finished staged files on a thread of their own while the run goes on.
//!
//! A run's upload files and row lists are finished while its other sinks still work (the
//! ledger records its run, the report is assembled); their syncs, which only wait for the
//! disk, can happen meanwhile instead of at the head of the commit. A staged file whose
//! writing is done is handed over with [`Staged::start_sync`](super::Staged::start_sync); the
//! transaction that takes it waits for its [`Ticket`] where it would otherwise sync it, before
//! its journal is in place, so the promise is the same: every new file is on disk before it
//! can be renamed into place.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use super::platform;

/// Held by a test to keep the sync thread from syncing (it takes it before each sync), to see
/// what waits for the sync.
#[cfg(test)]
pub(super) static HOLD: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// One file to sync, and where to say how it went.
struct Job {
    file: File,
    path: PathBuf,
    done: mpsc::SyncSender<io::Result<()>>,
}

/// A thread that syncs the files it is given, one after another in the order given (one
/// output folder's: a file system that journals its metadata commits for all of them at the
/// first sync). It ends when the lock that owns it is dropped.
pub(super) struct Syncer {
    jobs: mpsc::Sender<Job>,
}

/// The answer to one file's sync, waited for by the transaction that takes the file.
pub(super) struct Ticket(mpsc::Receiver<io::Result<()>>);

impl Syncer {
    pub(super) fn spawn() -> io::Result<Syncer> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new().name("orderbridge-sync".into()).spawn(move || {
            for job in queue {
                #[cfg(test)]
                drop(HOLD.lock().unwrap_or_else(|e| e.into_inner()));
                let synced = platform::sync_file(&job.file, &job.path);
                // Closed before the answer: whoever waits for it may delete the file next
                // (Windows keeps an open file's name).
                drop(job.file);
                let _ = job.done.send(synced);
            }
        })?;
        Ok(Syncer { jobs })
    }

    /// Queues `file` (another handle to the same file, so that the caller keeps its own open)
    /// to be synced; `path` names it in an error.
    pub(super) fn sync(&self, file: &File, path: &Path) -> io::Result<Ticket> {
        let file = file.try_clone()?;
        let (done, answer) = mpsc::sync_channel(1);
        self.jobs
            .send(Job { file, path: path.to_path_buf(), done })
            .map_err(|_| io::Error::other("the sync thread has stopped"))?;
        Ok(Ticket(answer))
    }
}

impl Ticket {
    /// Waits for the sync; its error, if it failed.
    pub(super) fn wait(self) -> io::Result<()> {
        self.0.recv().unwrap_or_else(|_| Err(io::Error::other("the sync thread has stopped")))
    }
}
