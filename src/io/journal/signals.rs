//! What a termination signal does to a run: waits for a commit in progress (the gate), then
//! deletes the temporary files and folders this process made (the live list) and exits.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

use crate::io::platform;

/// Held by a commit, by recovery and by the signal thread: a termination signal arriving
/// during a commit waits until it has completed or rolled back.
static GATE: Mutex<()> = Mutex::new(());

/// Temporary files and created folders of this process, deleted on a termination signal.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

pub(super) fn gate() -> MutexGuard<'static, ()> {
    GATE.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn unregister(paths: &[PathBuf]) {
    live().retain(|p| !paths.contains(p));
}

/// A temporary file of this process outside the output folder (the report's): deleted on a
/// termination signal like the staged files, until [`forget_temp`] (once it is renamed).
pub fn track_temp(path: &Path) {
    live().push(path.to_path_buf());
}

pub fn forget_temp(path: &Path) {
    unregister(&[path.to_path_buf()]);
}

/// Installs SIGINT/SIGTERM/SIGHUP handling; the binary calls it once at start (later calls do
/// nothing). On such a signal a commit in progress first completes or rolls back, then every
/// temporary file of the process is deleted, with every folder it created that is left empty,
/// and the process exits with 128+signal. A second signal exits at once (the next run recovers
/// from the journal). Does nothing on systems without these signals.
pub fn install_signal_cleanup() -> io::Result<()> {
    static ONCE: Once = Once::new();
    let mut result = Ok(());
    ONCE.call_once(|| result = platform::on_termination(on_signal));
    result
}

fn on_signal(sig: i32) {
    let _gate = gate();
    let paths = std::mem::take(&mut *live());
    // Folders were registered before the files in them: undo in reverse.
    for p in paths.iter().rev() {
        if fs::remove_file(p).is_err() {
            let _ = fs::remove_dir(p);
        }
    }
    std::process::exit(128 + sig);
}
