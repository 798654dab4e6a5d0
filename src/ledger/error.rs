//! The ledger's errors: each one a catalog message (`locales/*/ledger.ftl`), so it reads in
//! the front end's language.

use crate::i18n::Msg;

/// Why the ledger could not be used; nothing was recorded.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{msg}")]
pub struct LedgerError {
    pub msg: Msg,
}

impl LedgerError {
    pub fn new(msg: Msg) -> LedgerError {
        LedgerError { msg }
    }

    /// An SQLite error while doing `action` (a catalog key with `path` and `detail`). A busy
    /// ledger (a program that does not take turns holds it past the wait) and a damaged file
    /// get messages of their own.
    pub fn sqlite(path: &str, action: &'static str, e: rusqlite::Error) -> LedgerError {
        use rusqlite::ErrorCode;
        let code = e.sqlite_error_code();
        let key = match code {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => "ledger-busy",
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => "ledger-damaged",
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => "ledger-read-only",
            _ => action,
        };
        let secs = super::BUSY_WAIT.as_secs();
        LedgerError::new(Msg::new(key).arg("path", path).arg("detail", e).arg("seconds", secs))
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
        self.msg.key == "ledger-busy"
    }
}
