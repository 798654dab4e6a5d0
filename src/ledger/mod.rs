//! The sync history: an embedded SQLite database that remembers every run, every upload file
//! it wrote and what happened to every row, so that a shop sends only what changed since the
//! last upload it confirmed, and can look any order up. On by default: one ledger in the
//! user's data folder ([`default_path`]), unless `--ledger FILE` or `$ORDERBRIDGE_LEDGER`
//! names another (or `--no-ledger` runs without).
//!
//! A leaf below [`crate::run`]: it stores and answers, and knows nothing of plans, sinks or
//! the command line. The run consults a `SentView` loaded before the first row (the
//! `already_sent` decision), streams its rows into a `Recording` (one write transaction,
//! opened before the first row), and commits it as the last participant of its all-or-nothing
//! commit (`Prepared::commit`): after the upload files are renamed into place, before the
//! output folder's journal is finished. If that commit fails, the run puts its files back. If
//! the process dies between the two, the files stand and the rows are unrecorded: they are
//! sent again next time, which is harmless — a row is never recorded as sent but unsent.
//!
//! Why SQLite and these settings: one file a shop can copy, transactions, and readers that
//! never block the single writer (WAL). `synchronous = NORMAL` may lose the last commit on a
//! power cut (never on a crash), which again only means "sent again".

mod chunk;
mod corrections;
mod error;
mod gate;
mod hash;
mod query;
mod read_only;
mod record;
mod repack;
mod schema;
mod sends;
mod session;
mod status;
mod supersede;
#[cfg(test)]
mod tests;
mod time;
mod unpack;
mod view;
mod writer;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub(crate) use error::{LedgerError, LedgerErrorKind};
pub(crate) use hash::{key_hash, value_hash};
pub(crate) use query::{FileEntry, ShowEntry};
#[cfg(test)]
pub(crate) use record::Recording;
pub(crate) use record::{FileWritten, RowRecord, RunInfo};
pub(crate) use session::Session;
pub(crate) use supersede::Supersession;
pub(crate) use view::{Answer, Class, SentView, ViewOptions};
pub(crate) use writer::Writer;

// The history's public face, for the tests of its file and of its migrations: the gate that
// takes turns on it and the facts of its schema.
pub use gate::Gate;
pub use query::SHOW_LIMIT;
pub use schema::{LATEST_VERSION, MIGRATIONS, Migration};
pub use time::{local_rfc3339, local_time};

use crate::i18n::Msg;

/// The environment variable naming the ledger when `--ledger` is not given.
pub const ENV: &str = "ORDERBRIDGE_LEDGER";

/// How long SQLite waits for a program writing to the ledger without taking turns (runs of
/// this orderbridge take turns first: [`Gate`], and wait for each other as long as needed).
pub const BUSY_WAIT: Duration = Duration::from_secs(5);

/// `PRAGMA application_id` of a ledger ("OBLG"): tells a ledger from another SQLite database.
pub const APPLICATION_ID: i32 = 0x4f42_4c47;

/// A row's outcome as the ledger stores it (in its chunks): written to an upload file, the
/// only outcome whose values become the key's latest send once the file is confirmed.
pub const WRITTEN: i64 = 0;
/// Stored outcome: excluded by a rule (kept, with the rule, so `ledger show` can say why).
pub const EXCLUDED: i64 = 1;
/// Stored outcome: rejected by a rule or check (the row is in the reject file).
pub const REJECTED: i64 = 2;

/// An open ledger.
pub struct Ledger {
    pub(crate) conn: Connection,
    /// The SQLite file it was opened from.
    pub path: PathBuf,
}

/// The ledger chosen on the command line, else by [`ENV`], else the default one
/// ([`default_path`]); `None` only when the system has no data folder for the user.
pub fn chosen(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| std::env::var_os(ENV).filter(|v| !v.is_empty()).map(PathBuf::from)).or_else(default_path)
}

/// The default ledger: `orderbridge/ledger.sqlite` in the user's local data folder (Linux
/// `$XDG_DATA_HOME` or `~/.local/share`, Windows `%LOCALAPPDATA%`, macOS
/// `~/Library/Application Support`), so that history is kept without the shop having to
/// know about it. `None` when the system names no such folder (no home).
pub fn default_path() -> Option<PathBuf> {
    dirs::data_local_dir().map(|d| d.join("orderbridge").join("ledger.sqlite"))
}

/// Whether `path` is the default ledger: hints name any other with `--ledger`, so that the
/// command they print works as printed.
pub fn is_default(path: &Path) -> bool {
    let Some(default) = default_path() else { return false };
    if default == path {
        return true;
    }
    match (std::path::absolute(path), std::path::absolute(&default)) {
        (Ok(a), Ok(b)) if a == b => true,
        _ => matches!((std::fs::canonicalize(path), std::fs::canonicalize(&default)), (Ok(a), Ok(b)) if a == b),
    }
}

/// `--ledger FILE` as a command names `path`: nothing for the default ledger, else the flag
/// with the path, quoted when the shell would split or change it — hints are pasted as printed.
pub fn ledger_flag(path: &Path) -> String {
    if is_default(path) { String::new() } else { format!(" --ledger {}", shell_quoted(&path.display().to_string())) }
}

/// `s` as one word of a command line: as it is when it is plain, else quoted (single quotes on
/// Unix shells, double quotes on Windows).
pub fn shell_quoted(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || "_-./:@+=,".contains(c) || (cfg!(windows) && c == '\\'));
    if plain {
        s.to_string()
    } else if cfg!(windows) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Makes the default ledger's folder when a command is about to create the ledger in it: the
/// user's data folder may not have it yet. Another ledger's folder is the user's to make (a
/// missing one is more likely a typo).
fn make_default_folder(path: &Path) -> Result<(), LedgerError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() && is_default(path) => std::fs::create_dir_all(dir)
            .map_err(|e| LedgerError::new(Msg::new("ledger-cannot-open").arg("path", path.display()).arg("detail", e))),
        _ => Ok(()),
    }
}

impl Ledger {
    /// Opens the ledger at `path`, creating it if there is no file yet (`create`), and brings
    /// its schema up to date. A file that is not a ledger, a ledger of a newer orderbridge, or
    /// one that cannot be opened for writing is an error here — before any run writes a file.
    pub fn open(path: &Path, create: bool) -> Result<Ledger, LedgerError> {
        Ledger::open_keeping(path, create, schema::Keep::Commit)
    }

    fn open_keeping(path: &Path, create: bool, keep: schema::Keep) -> Result<Ledger, LedgerError> {
        let display = path.display().to_string();
        let err = |key: &'static str| LedgerError::new(Msg::new(key).arg("path", &display));
        if create {
            make_default_folder(path)?;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(err("ledger-is-folder")),
            Ok(_) => check_header(path)?,
            Err(_) if !create => return Err(err("ledger-missing")),
            Err(_) => {}
        }
        let flags = if create {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        };
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| LedgerError::sqlite(&display, "ledger-cannot-open", e))?;
        conn.busy_timeout(BUSY_WAIT).map_err(|e| LedgerError::sqlite(&display, "ledger-cannot-open", e))?;
        let ledger = Ledger { conn, path: path.to_path_buf() };
        schema::prepare(&ledger, keep)?;
        Ok(ledger)
    }

    /// Whether the file at `path` is a ledger as this version writes it (its application id
    /// and the latest schema version), read without writing: opening it for a run changes
    /// nothing in it. Any doubt answers no.
    pub(crate) fn is_current(path: &Path) -> bool {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let Ok(conn) = Connection::open_with_flags(path, flags) else { return false };
        let sql =
            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version)";
        let found = conn.query_row(sql, [], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, i64>(1)?)));
        found.is_ok_and(|(app, version)| app == APPLICATION_ID && version == LATEST_VERSION)
    }

    pub(crate) fn display(&self) -> String {
        self.path.display().to_string()
    }

    /// An SQLite error in `action` (a catalog key), as a ledger error naming the file.
    pub(crate) fn fail(&self, action: &'static str) -> impl Fn(rusqlite::Error) -> LedgerError + '_ {
        move |e| LedgerError::sqlite(&self.display(), action, e)
    }
}

/// A file that exists must be empty or start like an SQLite database: a CSV or any other file
/// given as the ledger by mistake is refused, and never overwritten.
fn check_header(path: &Path) -> Result<(), LedgerError> {
    let display = path.display().to_string();
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| {
            let mut n = 0;
            while n < head.len() {
                match f.read(&mut head[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            Ok(n)
        })
        .map_err(|e| LedgerError::new(Msg::new("ledger-cannot-read").arg("path", &display).arg("detail", e)))?;
    if n == 0 || head == *b"SQLite format 3\0" {
        Ok(())
    } else {
        Err(LedgerError::new(Msg::new("ledger-not-sqlite").arg("path", &display)))
    }
}

/// Now, as stored in the ledger (UTC, RFC 3339, to the second).
pub(crate) fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}
