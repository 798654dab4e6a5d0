//! The server's own folder, and what servers that are gone left behind. Uploads are shops'
//! customers' names and addresses: a server deletes its folder when it stops, but one killed
//! (a second Ctrl-C that could not finish deleting, a closed terminal on Windows, a power cut)
//! cannot. So every server works in one folder of its own, named with its process id
//! (`orderbridge-serve-<pid>-<random>`), and holds a lock on the folder's `.owner` file for
//! as long as it runs (an exclusive lock of the operating system, released when the process
//! ends in any way). A server starting removes every such folder whose owner's lock it can
//! take: its server is no longer running. A folder whose `.owner` is missing is one whose
//! server died in the instant between making it and locking it, or is being made right now:
//! removed once [`UNCLAIMED_FOR`] old.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The start of every server folder's name.
pub const PREFIX: &str = "orderbridge-serve-";
/// The lock file a running server holds in its folder.
pub const OWNER: &str = ".owner";
/// How old a folder without its `.owner` must be to be taken for a leftover.
const UNCLAIMED_FOR: Duration = Duration::from_secs(60);

/// A server's folder, claimed: deleted (with everything in it) by [`Own::close`].
pub struct Own {
    dir: tempfile::TempDir,
    /// Held while the server runs.
    owner: File,
}

impl Own {
    /// Makes this server's folder under `parent` (readable by this user only) and claims it.
    pub fn make(parent: &Path) -> io::Result<Own> {
        let dir = tempfile::Builder::new().prefix(&format!("{PREFIX}{}-", std::process::id())).tempdir_in(parent)?;
        // Locked under another name, then renamed: an `.owner` that exists is always locked
        // by its server, never briefly free for another server to take for a leftover.
        let claiming = dir.path().join(".owner.claiming");
        let owner = OpenOptions::new().read(true).write(true).create_new(true).open(&claiming)?;
        owner.lock()?;
        std::fs::rename(&claiming, dir.path().join(OWNER))?;
        Ok(Own { dir, owner })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Deletes the folder and everything in it.
    pub fn close(self) -> io::Result<()> {
        // Closed first: a file still open cannot be deleted on Windows.
        drop(self.owner);
        self.dir.close()
    }
}

/// Removes the folders under `parent` of servers no longer running (best effort: a folder
/// that cannot be removed is left for the next server). Returns the folders removed.
pub fn sweep(parent: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_server_folder(&name) {
            continue;
        }
        // `file_type` does not follow links: a link of that name is never followed.
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = entry.path();
        if abandoned(&dir) && std::fs::remove_dir_all(&dir).is_ok() {
            removed.push(dir);
        }
    }
    removed
}

/// `orderbridge-serve-<pid>-<random>`: only the folders of this version's servers (an older
/// server's folder, without a pid, is left alone: it may still be running).
fn is_server_folder(name: &str) -> bool {
    let Some(rest) = name.strip_prefix(PREFIX) else { return false };
    rest.split_once('-')
        .is_some_and(|(pid, random)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && !random.is_empty())
}

/// Whether no running server owns `dir`.
fn abandoned(dir: &Path) -> bool {
    match OpenOptions::new().read(true).write(true).open(dir.join(OWNER)) {
        Ok(owner) => match owner.try_lock() {
            Ok(()) => true,
            Err(TryLockError::WouldBlock) => false,
            Err(TryLockError::Error(_)) => false,
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::symlink_metadata(dir)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age >= UNCLAIMED_FOR)),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_versions_server_folders_are_looked_at() {
        assert!(is_server_folder("orderbridge-serve-4242-aB3xYz"));
        for other in ["orderbridge-serve-aB3xYz", "orderbridge-serve--x", "orderbridge-serve-12-", "orders", ""] {
            assert!(!is_server_folder(other), "{other}");
        }
    }

    #[test]
    fn a_folder_is_removed_once_its_server_holds_it_no_more() {
        let parent = tempfile::tempdir().unwrap();
        let live = Own::make(parent.path()).unwrap();
        let gone = Own::make(parent.path()).unwrap();
        let gone_path = gone.path().to_path_buf();
        std::fs::write(gone_path.join("customers.csv"), "name\n").unwrap();
        // What a killed server leaves: its folder, its lock released.
        std::mem::forget(gone.dir);
        drop(gone.owner);
        assert_eq!(sweep(parent.path()), vec![gone_path.clone()]);
        assert!(!gone_path.exists());
        assert!(live.path().exists(), "a running server's folder stays");
        live.close().unwrap();
    }
}
