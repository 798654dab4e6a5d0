//! Opening a ledger only to read it: `ledger files`, `ledger show`, a dry run and the page's
//! lookup. These need read access only — a ledger on a read-only share, a backup copy set to
//! read-only, or a file another account owns must still answer.
//!
//! Why not simply SQLite's read-only mode: reading a WAL database creates its `-wal` and
//! `-shm` files beside it, and a read-only connection cannot remove them again, so a reader
//! would leave files behind (with the ledger's permissions, which may then stop the writer).
//! So a ledger this process can write, in a folder it can write, is opened as usual (without
//! committing a migration); one it cannot is opened *immutable*: read as the file is, with
//! no lock and no file created. That assumes no one writes a ledger this process cannot
//! write while it reads it — unless a `-wal` file is there (a writer is at work, or left
//! commits not yet in the file), which is then read through SQLite's read-only mode.

use std::path::Path;

use rusqlite::{Connection, MAIN_DB, OpenFlags};

use super::{BUSY_WAIT, Ledger, LedgerError, LedgerErrorKind, schema};
use crate::i18n::Msg;

impl Ledger {
    /// Opens an existing ledger to read it, changing nothing: no migration is committed, no
    /// journal mode is set and no file is created when the ledger or its folder cannot be
    /// written. A ledger of an earlier version is read as this version does when it can be
    /// written (migrated in a transaction never committed); a read-only one must be upgraded
    /// first, by any command that writes it.
    pub fn open_read(path: &Path) -> Result<Ledger, LedgerError> {
        let display = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(LedgerError::new(Msg::new("ledger-is-folder").arg("path", &display))),
            Ok(m) if m.len() == 0 => return empty(path),
            Ok(_) => super::check_header(path)?,
            Err(_) => return Err(LedgerError::new(Msg::new("ledger-missing").arg("path", &display))),
        }
        if let Some(ledger) = writable(path)? {
            return Ok(ledger);
        }
        let wal = sidecar(path, "-wal");
        let busy = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        let uri = format!("{}?{}", file_uri(path), if busy { "mode=ro" } else { "immutable=1" });
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&uri, flags)
            .map_err(|e| LedgerError::sqlite(&display, "ledger-cannot-read", e))?;
        conn.busy_timeout(BUSY_WAIT).map_err(|e| LedgerError::sqlite(&display, "ledger-cannot-read", e))?;
        let ledger = Ledger { conn, path: path.to_path_buf() };
        schema::prepare(&ledger, schema::Keep::ReadOnly)?;
        Ok(ledger)
    }
}

/// The ledger opened for writing, if this process can write it and its folder (where SQLite
/// keeps its `-wal` and `-shm` files); `None` when it cannot.
fn writable(path: &Path) -> Result<Option<Ledger>, LedgerError> {
    let display = path.display().to_string();
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    // Opened without reading: SQLite falls back to reading only when the file cannot be
    // written (permissions, a read-only mount), and says so before touching anything.
    let Ok(conn) = Connection::open_with_flags(path, flags) else { return Ok(None) };
    if conn.is_readonly(MAIN_DB).unwrap_or(true) {
        return Ok(None);
    }
    conn.busy_timeout(BUSY_WAIT).map_err(|e| LedgerError::sqlite(&display, "ledger-cannot-open", e))?;
    let ledger = Ledger { conn, path: path.to_path_buf() };
    match schema::prepare(&ledger, schema::Keep::Uncommitted) {
        Ok(()) => Ok(Some(ledger)),
        // The file can be written but its folder cannot: no `-shm` file can be made there.
        Err(e) if e.kind == LedgerErrorKind::ReadOnly => Ok(None),
        Err(e) => Err(e),
    }
}

/// An empty file is a ledger with nothing in it yet: read as a new ledger made in memory.
fn empty(path: &Path) -> Result<Ledger, LedgerError> {
    let display = path.display().to_string();
    let conn = Connection::open_in_memory().map_err(|e| LedgerError::sqlite(&display, "ledger-cannot-open", e))?;
    let ledger = Ledger { conn, path: path.to_path_buf() };
    schema::prepare(&ledger, schema::Keep::Commit)?;
    Ok(ledger)
}

/// `path` with `suffix` added to its file name (SQLite's `-wal` and `-shm` files).
fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    s.into()
}

/// A `file:` URI for `path`: every byte but the unreserved ones and `/` percent-encoded, so a
/// `?`, `#` or `%` in a folder's name stays part of the path.
fn file_uri(path: &Path) -> String {
    let mut out = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_keep_special_characters_in_the_path() {
        assert_eq!(file_uri(Path::new("/a b/c?d#e%f.sqlite")), "file:/a%20b/c%3Fd%23e%25f.sqlite");
        assert_eq!(file_uri(Path::new("履歴.sqlite")), "file:%E5%B1%A5%E6%AD%B4.sqlite");
    }
}
