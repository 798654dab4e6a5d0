//! Why a commit did not happen, or was undone: kinds with the catalog's words.

use std::io;
use std::time::Duration;

use crate::i18n::Msg;

/// Why a commit did not happen (or was undone). `failures` are the operating system's words
/// for what could not be put back. The reader's words: [`CommitError::msg`].
#[derive(Debug, thiserror::Error)]
#[error("{}", self.msg().render(crate::i18n::Lang::En))]
pub enum CommitError {
    Locked {
        dir: String,
        lock: String,
        waited: Duration,
    },
    Io {
        path: String,
        action: &'static str,
        source: io::Error,
    },
    Invalid {
        path: String,
        reason: Msg,
    },
    CorruptJournal {
        journal: String,
        reason: Msg,
    },
    RollbackFailed {
        cause: Box<CommitError>,
        failures: String,
        journal: String,
    },
    RecoveryFailed {
        failures: String,
        journal: String,
    },
    /// The last participant of a commit (the ledger) failed: every file was put back.
    LastParticipant(Msg),
}

impl CommitError {
    /// What went wrong, as a catalog message.
    pub fn msg(&self) -> Msg {
        match self {
            CommitError::Locked { dir, lock, waited } => {
                Msg::new("commit-locked").arg("dir", dir).arg("waited", format!("{waited:.1?}")).arg("lock", lock)
            }
            CommitError::Io { path, action, source } => {
                Msg::at_path(path, Msg::new(action).then(": ", crate::i18n::io_error(source)))
            }
            CommitError::Invalid { path, reason } => Msg::at_path(path, reason.clone()),
            CommitError::CorruptJournal { journal, reason } => {
                Msg::at_path(journal, Msg::new("commit-corrupt-journal").arg("reason", reason.clone()))
            }
            CommitError::RollbackFailed { cause, failures, journal } => cause
                .msg()
                .then("; ", Msg::new("commit-rollback-failed").arg("failures", failures).arg("journal", journal)),
            CommitError::RecoveryFailed { failures, journal } => {
                Msg::new("commit-recovery-failed").arg("failures", failures).arg("journal", journal)
            }
            CommitError::LastParticipant(m) => m.clone(),
        }
    }
}
