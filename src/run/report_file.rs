//! `--report FILE.json`: where the run report goes, decided and checked before any row is
//! read, and written as part of the run's commit.
//!
//! - Inside the output folder: staged and renamed by the same transaction as the upload files.
//! - Elsewhere: a temporary file in its folder, written and synced before the commit, renamed
//!   by the same journaled transaction as the upload files (undone or completed with them).
//! - `-`, a pipe or a device (`/dev/stdout`): written as a stream inside the commit, after
//!   every rename and before the commit point (a failure rolls the run back), never renamed
//!   over.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::io::journal::{CommitError, OutDirLock, forget_temp, temp_builder, track_temp};
use crate::io::output::{OutputError, Protected};

use super::RunError;
use super::commit::Commit;
use crate::i18n::{Msg, io_error};

/// Where the report goes.
pub enum ReportTarget {
    /// Below the output folder, at this relative path.
    InOut { rel: String, path: PathBuf },
    /// Elsewhere: a temporary file waiting for its rename.
    Outside { path: PathBuf, tmp: tempfile::NamedTempFile },
    /// Standard output, a pipe or a device.
    Stream(PathBuf),
}

impl ReportTarget {
    /// Checks `path` against the run's other files and prepares it.
    pub fn new(
        path: &Path,
        out_dir: &Path,
        protected: &Protected,
        lists: &[String],
        dry_run: bool,
    ) -> Result<ReportTarget, RunError> {
        let refuse = |why: Msg| RunError::Path(Msg::at_path(format!("--report {}", path.display()), why));
        if path.as_os_str() == "-" {
            return Ok(ReportTarget::Stream(path.to_path_buf()));
        }
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_dir() {
                return Err(refuse(Msg::new("report-is-a-folder")));
            }
            if !meta.is_file() {
                return Ok(ReportTarget::Stream(path.to_path_buf()));
            }
        }
        if protected.contains(path) {
            return Err(refuse(Msg::new("report-is-an-input")));
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let Some(name) = path.file_name() else { return Err(refuse(Msg::new("report-names-no-file"))) };
        let dir_canon = dir.canonicalize().map_err(|e| {
            refuse(Msg::new("report-folder-unusable").arg("dir", dir.display()).arg("error", io_error(&e)))
        })?;
        // A dry run has no transaction: the report is written beside, as elsewhere.
        if !dry_run
            && let Ok(out_canon) = out_dir.canonicalize()
            && let Ok(inside) = dir_canon.strip_prefix(&out_canon)
        {
            let rel = inside.join(name);
            let rel = rel.to_string_lossy().replace('\\', "/");
            if lists.contains(&rel) {
                return Err(refuse(Msg::new(if rel == lists[0] {
                    "report-is-reject-file"
                } else {
                    "report-is-row-list"
                })));
            }
            // Inside the output folder, where shop staff pick files to upload, the report
            // must look like one and must not take the place of an upload file a run wrote.
            if !rel.ends_with(".json") {
                return Err(refuse(Msg::new("report-must-be-json")));
            }
            let manifest = super::manifest::Manifest::read_or_empty(out_dir);
            if manifest.profiles.values().flatten().any(|f| f.path == rel) {
                return Err(refuse(Msg::new("report-is-upload-file")));
            }
            return Ok(ReportTarget::InOut { path: out_dir.join(&rel), rel });
        }
        let tmp = temp_builder().tempfile_in(dir).map_err(|e| {
            refuse(Msg::new("report-cannot-create").arg("dir", dir.display()).arg("error", io_error(&e)))
        })?;
        track_temp(tmp.path());
        Ok(ReportTarget::Outside { path: path.to_path_buf(), tmp })
    }

    /// The path under the output folder that no upload file may take.
    pub fn rel(&self) -> Option<&str> {
        match self {
            ReportTarget::InOut { rel, .. } => Some(rel),
            _ => None,
        }
    }

    /// Before the commit, hands the report to it: staged (inside the output folder), its
    /// temporary written, synced and renamed by the same transaction (elsewhere), or streamed
    /// after every rename and before the commit point (a pipe or device). A failure of any of
    /// these rolls the whole run back, and a signal waits for the commit: the upload files and
    /// the report never disagree. Without a lock (a dry run, which commits nothing) the report
    /// is returned, to be written by [`ReportTarget::finish`].
    pub fn prepare(
        self,
        json: &[u8],
        lock: Option<&OutDirLock>,
        commit: &mut Commit,
    ) -> Result<Option<Self>, RunError> {
        match self {
            ReportTarget::InOut { path, .. } => {
                if let Some(lock) = lock {
                    let mut staged = lock.stage(&path).map_err(OutputError::from)?;
                    staged.write_all(json).map_err(|source| io(&path, source))?;
                    commit.replace(vec![staged]);
                }
                Ok(None)
            }
            ReportTarget::Outside { path, mut tmp } => {
                tmp.write_all(json).and_then(|()| tmp.as_file().sync_all()).map_err(|source| io(&path, source))?;
                if lock.is_none() {
                    return Ok(Some(ReportTarget::Outside { path, tmp }));
                }
                // The transaction owns the temporary now: it renames or deletes it.
                let temp = tmp.into_temp_path().keep().map_err(|e| io(&path, e.error))?;
                commit.replace_outside(temp, path);
                Ok(None)
            }
            ReportTarget::Stream(path) if lock.is_some() => {
                let json = json.to_vec();
                commit.before_commit_point(Box::new(move || {
                    write_stream(&path, &json).map_err(|source| CommitError::Io {
                        path: path.display().to_string(),
                        action: "commit-writing-report",
                        source,
                    })
                }));
                Ok(None)
            }
            stream => Ok(Some(stream)),
        }
    }

    /// Writes what [`ReportTarget::prepare`] returned (a dry run's report).
    pub fn finish(self, json: &[u8]) -> Result<(), RunError> {
        match self {
            ReportTarget::InOut { .. } => Ok(()),
            ReportTarget::Outside { path, tmp } => {
                let temp = tmp.path().to_path_buf();
                let persisted = tmp.persist(&path);
                forget_temp(&temp);
                persisted.map_err(|e| io(&path, e.error))?;
                Ok(())
            }
            ReportTarget::Stream(path) => write_stream(&path, json).map_err(|source| io(&path, source)),
        }
    }
}

/// Writes `json` to standard output (`-`) or to a pipe or device, flushed.
fn write_stream(path: &Path, json: &[u8]) -> std::io::Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(json)?;
        return out.flush();
    }
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(json)?;
    f.flush()
}

fn io(path: &Path, source: std::io::Error) -> RunError {
    RunError::Output(OutputError::Io { path: path.display().to_string(), source })
}
