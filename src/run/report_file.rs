//! `--report FILE.json`: where the run report goes, decided and checked before any row is
//! read, and written as part of the run's commit.
//!
//! - Inside the output folder: staged and renamed by the same transaction as the upload files.
//! - Elsewhere: a temporary file in its folder, written and synced before the commit, renamed
//!   right after it (a failure there is reported; the upload files stand).
//! - `-`, a pipe or a device (`/dev/stdout`): written as a stream after the commit, never
//!   renamed over.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::io::journal::{OutDirLock, forget_temp, temp_builder, track_temp};
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
        let refuse = |why: Msg| RunError::Path(format!("--report {}: {why}", path.display()));
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
            let manifest = super::manifest::Manifest::read(out_dir);
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

    /// Before the commit: stages the report (inside the output folder) or writes its
    /// temporary file (elsewhere).
    pub fn prepare(&mut self, json: &[u8], lock: Option<&OutDirLock>, commit: &mut Commit) -> Result<(), RunError> {
        match self {
            ReportTarget::InOut { path, .. } => {
                if let Some(lock) = lock {
                    let mut staged = lock.stage(path).map_err(OutputError::from)?;
                    staged.write_all(json).map_err(|source| io(path, source))?;
                    commit.replace(vec![staged]);
                }
            }
            ReportTarget::Outside { path, tmp } => {
                tmp.write_all(json).and_then(|()| tmp.as_file().sync_all()).map_err(|source| io(path, source))?;
            }
            ReportTarget::Stream(_) => {}
        }
        Ok(())
    }

    /// After the commit: renames the temporary file, or writes the stream.
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
            ReportTarget::Stream(path) if path.as_os_str() == "-" => {
                std::io::stdout().lock().write_all(json).map_err(|source| io(&path, source))
            }
            ReportTarget::Stream(path) => std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .and_then(|mut f| f.write_all(json))
                .map_err(|source| io(&path, source)),
        }
    }
}

fn io(path: &Path, source: std::io::Error) -> RunError {
    RunError::Output(OutputError::Io { path: path.display().to_string(), source })
}
