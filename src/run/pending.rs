//! An upload that adds is never sent twice silently: when rows of a run are in an earlier
//! file whose upload is not known (written, neither confirmed nor marked not uploaded), the
//! run stops before writing anything ([`super::RunError::PendingUploads`]) and names each
//! such file and the ways on — unless the run itself answers for them ([`Previous`]) or
//! `--resend` sends them anyway.
//!
//! The answer of `--previous` is recorded with the run, in its own ledger transaction: a
//! run that fails records nothing (the promise of exit 2 stays whole), the answer is in the
//! command the shop runs again, and the files it applies to are known only once the rows are
//! read, when the run already holds the ledger.

use std::path::{Path, PathBuf};

use crate::i18n::Msg;
use crate::ledger::Answer;

/// The run's answer about the earlier files whose upload is not known (`--previous`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Previous {
    /// They were uploaded: their rows are `already_sent` (as `ledger confirm` would).
    Uploaded,
    /// They were not: their rows go out again (as `ledger unsent` would).
    NotUploaded,
}

impl Previous {
    pub(crate) fn answer(self) -> Answer {
        match self {
            Previous::Uploaded => Answer::Uploaded,
            Previous::NotUploaded => Answer::NotUploaded,
        }
    }
}

/// An earlier upload file whose upload is not known, holding rows of this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingFile {
    /// Its id in the ledger.
    pub id: i64,
    /// The profile that runs into it (its name).
    pub profile: String,
    /// Its path now: the output folder it was written to joined with its path there, or
    /// where a later run archived it.
    pub path: String,
    /// When the run that wrote it started (RFC 3339, UTC).
    pub written_at: String,
    /// The time zone of the profile that wrote it, for showing that time.
    pub time_zone: Option<String>,
    /// Rows of this run in it.
    pub rows: u64,
    /// The ledger that records it (the commands that answer for it must name it).
    pub ledger: PathBuf,
}

/// The message of [`super::RunError::PendingUploads`]: the files, then the ways on as
/// commands that work as printed.
pub(super) fn message(files: &[PendingFile]) -> Msg {
    let ledger = files.first().map(|f| f.ledger.as_path());
    let rows: u64 = files.iter().map(|f| f.rows).sum();
    let profile = files.first().map(|f| f.profile.clone()).unwrap_or_default();
    let flag = ledger.map(crate::ledger::ledger_flag).unwrap_or_default();
    let paths: Vec<String> = files.iter().map(|f| crate::ledger::shell_quoted(&f.path)).collect();
    let mut lines = vec![Msg::new("run-pending-uploads").arg("profile", &profile).arg("rows", rows)];
    lines.extend(files.iter().map(|f| {
        Msg::new("run-pending-file")
            .arg("path", &f.path)
            .arg("at", crate::ledger::local_time(&f.written_at, f.time_zone.as_deref()))
            .arg("rows", f.rows)
    }));
    lines.push(Msg::new("run-pending-ways"));
    lines.push(
        Msg::new("run-pending-uploaded")
            .arg("command", format!("orderbridge ledger{flag} confirm {}", paths.join(" "))),
    );
    lines.push(
        Msg::new("run-pending-not-uploaded")
            .arg("command", format!("orderbridge ledger{flag} unsent {}", paths.join(" "))),
    );
    lines.push(Msg::new("run-pending-on-the-run"));
    Msg::lines(lines)
}

/// Where a file written to `out_dir/path` is now: there, or in the output folder's archive
/// (a later run moved it), the latest archive first; else where it was written.
pub(crate) fn path_now(out_dir: &str, path: &str, sha256: Option<&str>) -> String {
    let at = Path::new(out_dir).join(path);
    let same = |p: &Path| sha256.is_none_or(|s| crate::common::digest::sha256_file(p).is_ok_and(|h| h == s));
    if at.is_file() && same(&at) {
        return at.display().to_string();
    }
    let archive = Path::new(out_dir).join(super::manifest::ARCHIVE_DIR);
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(&archive).into_iter().flatten().flatten().map(|e| e.path()).collect();
    dirs.sort();
    for d in dirs.iter().rev() {
        let p = d.join(path);
        if p.is_file() && same(&p) {
            return p.display().to_string();
        }
    }
    at.display().to_string()
}
