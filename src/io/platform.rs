//! Everything that differs between operating systems, for [`super::journal`]: renames, syncing
//! a folder, the output folder's lock, termination signals, a file's early writeback and the
//! test-only self-kill; and for the run, a background thread's priority. The `cfg(unix)` /
//! `cfg(windows)` branches live here and nowhere else, so the journal reads the same on a
//! Linux server and on a shop's Windows PC.

use std::fs::{File, TryLockError};
use std::io;
use std::path::Path;

/// Renames `from` to `to`, replacing `to` if it is a file.
///
/// `std::fs::rename` replaces an existing file on Unix (`rename(2)`) and on Windows (it asks for
/// replace-existing semantics). On Windows a rename fails while another program has `from` or
/// `to` open without sharing delete access — a spreadsheet showing last run's upload file, a
/// virus scanner. The journal never relies on replacing: it first moves an existing target to
/// a backup name, so such a failure happens before anything of that file changed, and the
/// commit rolls back.
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::rename(from, to)
}

/// Makes the renames, creations and deletions of entries in `dir` durable.
///
/// On Unix a rename is only on disk once its folder is synced (`fsync` on the folder). Windows
/// (NTFS journals its metadata) cannot open a folder as a file without special flags, and
/// other systems may not support it: there this does nothing.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(test)]
    record(Synced::Folder(dir.to_path_buf()));
    #[cfg(unix)]
    {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Makes `file`'s bytes and size durable (`fsync`); `path` names it for the tests' record.
pub fn sync_file(file: &File, path: &Path) -> io::Result<()> {
    #[cfg(test)]
    record(Synced::File(path.to_path_buf()));
    #[cfg(not(test))]
    let _ = path;
    file.sync_all()
}

/// One sync, as the tests record it.
#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Synced {
    File(std::path::PathBuf),
    Folder(std::path::PathBuf),
}

#[cfg(test)]
impl Synced {
    fn path(&self) -> &Path {
        match self {
            Synced::File(p) | Synced::Folder(p) => p,
        }
    }
}

/// The files ([`sync_file`]) and folders ([`sync_dir`]) synced by the test process, on any
/// thread (a staged file may be synced on the sync thread), in order; each test reads those
/// below its own folder ([`synced_under`]), since tests run side by side.
#[cfg(test)]
static SYNCS: std::sync::Mutex<Vec<Synced>> = std::sync::Mutex::new(Vec::new());

#[cfg(test)]
fn record(synced: Synced) {
    SYNCS.lock().unwrap_or_else(|e| e.into_inner()).push(synced);
}

/// The syncs so far of files and folders in `dir` or below it, in order (tests only).
#[cfg(test)]
pub fn synced_under(dir: &Path) -> Vec<Synced> {
    let all = SYNCS.lock().unwrap_or_else(|e| e.into_inner());
    all.iter().filter(|s| s.path().starts_with(dir)).cloned().collect()
}

/// Tries to take an exclusive lock on `file` without waiting: `Ok(true)` when taken,
/// `Ok(false)` when someone else holds it.
///
/// The standard library's `File::try_lock` is `flock(2)` on Unix and `LockFileEx` on Windows:
/// advisory, held per open file (so two threads of one process exclude each other too), and
/// released by the system when the process ends in any way — a killed run never leaves a stale
/// lock behind.
pub fn try_lock(file: &File) -> io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(TryLockError::WouldBlock) => Ok(false),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Whether `file` (open) is the file named `path` now, not a removed or replaced one, nor one
/// a link at `path` leads to. Unix compares device and inode; elsewhere a file open without
/// delete sharing cannot be removed, and this is taken as true.
pub fn is_file_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => b.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Runs `handler(signal)` on a dedicated thread when SIGINT, SIGTERM or SIGHUP arrives; the
/// handler is expected to end the process. A second signal while the handler still runs (a
/// commit on a slow disk it waits for) ends the process at once with 128+signal, as the
/// default action would: the journal lets the next run recover from that.
///
/// Does nothing where these signals do not exist (Windows: Ctrl+C and closing the console end
/// the process as before; the next run's lock recovery cleans up).
pub fn on_termination(handler: fn(i32)) -> io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};

        let armed = Arc::new(AtomicBool::new(false));
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // Registered before the iterator's own handler, so it sees the flag as it was
            // before this signal: the first signal only arms it.
            signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&armed))?;
        }
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::Builder::new().name("orderbridge-signals".into()).spawn(move || {
            if let Some(sig) = signals.forever().next() {
                armed.store(true, Ordering::SeqCst);
                handler(sig);
            }
        })?;
        Ok(())
    }
    #[cfg(not(unix))]
    {
        let _ = handler;
        Ok(())
    }
}

/// Asks the system to start writing `len` bytes of `file` from `offset` to the disk, without
/// waiting for them (Linux with glibc: `sync_file_range`, `SYNC_FILE_RANGE_WRITE`); elsewhere
/// nothing. Only an early start: it promises nothing, a sync still does (a failure here is
/// the sync's to report).
pub fn start_writeback(file: &File, offset: u64, len: u64) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::fd::AsRawFd;
        let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len)) else { return };
        // SAFETY: the descriptor is the open file's own, borrowed for the call; the call reads
        // and writes no memory of ours.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = (file, offset, len);
}

/// Lowers the calling thread's scheduling priority to `nice` (never raises it), for a thread
/// that works beside the ones that bound a run — the input's SHA-256, the history's writer:
/// on a machine with fewer cores than the run has busy threads, it then takes more of what
/// the reader and the decider leave and less of their time. Linux with glibc gives each
/// thread its own nice value; elsewhere this does nothing.
pub fn background_thread(nice: i32) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: getpriority and setpriority read and change a scheduling setting of the calling
    // thread (`who` 0 is the caller; on Linux the nice value is per thread), no memory.
    unsafe {
        // Never raised: a run started nicer stays as nice.
        if libc::getpriority(libc::PRIO_PROCESS, 0) < nice {
            libc::setpriority(libc::PRIO_PROCESS, 0, nice);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = nice;
}

/// Ends the process at once, as a power cut or `kill -9` would: no destructors, no cleanup.
/// Only the test-only fault injection of the journal calls it.
pub fn die_now() -> ! {
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGKILL);
    }
    // Windows, or SIGKILL somehow not delivered.
    std::process::abort()
}

/// Sends SIGTERM to this process, for the signal test; `false` where there is no SIGTERM.
#[cfg(test)]
pub fn raise_sigterm() -> bool {
    #[cfg(unix)]
    {
        signal_hook::low_level::raise(signal_hook::consts::SIGTERM).is_ok()
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Whether [`raise_sigterm`] can work here.
#[cfg(test)]
pub const HAS_SIGTERM: bool = cfg!(unix);

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    fn nice() -> i32 {
        // SAFETY: getpriority reads a scheduling setting of the calling thread.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
    }

    #[test]
    fn a_background_thread_runs_at_its_nice_value_and_leaves_the_others_alone() {
        let before = nice();
        let inside = std::thread::spawn(|| {
            super::background_thread(10);
            nice()
        })
        .join()
        .unwrap();
        // A process started nicer than 10 stays as nice: never raised.
        assert_eq!(inside, before.max(10));
        assert_eq!(nice(), before, "only the calling thread");
    }
}
