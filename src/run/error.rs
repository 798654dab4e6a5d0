//! A run's error in the reader's words: the catalog message the front door renders.

use super::RunError;
use crate::i18n::Msg;

impl RunError {
    /// What went wrong, as a catalog message (put into words by the front door).
    pub fn msg(&self) -> Msg {
        match self {
            RunError::Input(e) => e.msg(),
            RunError::Output(e) => e.msg(),
            RunError::DuplicateInput(what) => Msg::at_path(what.clone(), Msg::new("run-input-twice")),
            RunError::NoInput => Msg::new("run-no-input"),
            RunError::Path(m) => m.clone(),
            RunError::Ledger(e) => e.msg.clone(),
            RunError::Cancelled => Msg::new("run-cancelled"),
            RunError::PendingUploads(files) => super::pending::message(files),
            RunError::Profiles(m) => m.clone(),
            RunError::InProfile { profile, error } => {
                Msg::new("run-in-profile").arg("profile", profile).arg("error", error.msg())
            }
        }
    }
}
