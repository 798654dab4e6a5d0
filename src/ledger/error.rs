//! The ledger's errors: each one a kind and a catalog message (`locales/*/ledger.ftl`), put
//! into the reader's language at the front door.

use crate::i18n::{Lang, Msg};

/// What kind of trouble the ledger is in: callers decide on this, never on a message's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerErrorKind {
    /// A program that does not take turns holds it past the wait.
    Busy,
    /// The file is not a ledger SQLite can read (damaged, or not a database).
    Damaged,
    /// It cannot be written (a read-only file or folder, no permission).
    ReadOnly,
    /// Anything else: the message says what.
    Other,
}

/// Why the ledger could not be used; nothing was recorded.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .msg.render(Lang::En))]
pub struct LedgerError {
    pub kind: LedgerErrorKind,
    pub msg: Msg,
}

impl LedgerError {
    pub fn new(msg: Msg) -> LedgerError {
        LedgerError { kind: LedgerErrorKind::Other, msg }
    }

    /// An SQLite error while doing `action` (a catalog key with `path` and `detail`). A busy
    /// ledger (a program that does not take turns holds it past the wait) and a damaged file
    /// get messages of their own.
    pub fn sqlite(path: &str, action: &'static str, e: rusqlite::Error) -> LedgerError {
        use rusqlite::ErrorCode;
        let (kind, key) = match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => (LedgerErrorKind::Busy, "ledger-busy"),
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => (LedgerErrorKind::Damaged, "ledger-damaged"),
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                (LedgerErrorKind::ReadOnly, "ledger-read-only")
            }
            _ => (LedgerErrorKind::Other, action),
        };
        let secs = super::BUSY_WAIT.as_secs();
        LedgerError { kind, msg: Msg::new(key).arg("path", path).arg("detail", e).arg("seconds", secs) }
    }

    /// A profile without `[ledger] key` run with a ledger.
    pub fn no_key(profile: &str) -> LedgerError {
        LedgerError::new(Msg::new("ledger-no-key").arg("profile", profile))
    }

    /// The ledger's commit failed (or was made to fail by a test's fault injection).
    pub fn commit_failed(path: &str, detail: &str) -> LedgerError {
        LedgerError::new(Msg::new("ledger-commit-failed").arg("path", path).arg("detail", detail))
    }

    /// Whether this is the ledger being busy (a program that does not take turns writing to it).
    pub fn is_busy(&self) -> bool {
        self.kind == LedgerErrorKind::Busy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: std::os::raw::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn a_busy_ledger_is_known_by_its_kind_not_by_a_message_key() {
        let busy = LedgerError::sqlite("h.sqlite", "ledger-cannot-write", sqlite(rusqlite::ffi::SQLITE_BUSY));
        assert!(busy.is_busy());
        assert_eq!(busy.msg.key, "ledger-busy");
        let read_only = LedgerError::sqlite("h.sqlite", "ledger-cannot-write", sqlite(rusqlite::ffi::SQLITE_READONLY));
        assert_eq!((read_only.kind, read_only.is_busy()), (LedgerErrorKind::ReadOnly, false));
        // Words are not a kind: a message that only reads like the busy one is not busy.
        let said = LedgerError::new(Msg::new("ledger-busy").arg("path", "h.sqlite"));
        assert_eq!((said.kind, said.is_busy()), (LedgerErrorKind::Other, false));
    }
}
