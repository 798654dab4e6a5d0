//! The upload files: each written row's bytes appended to its route's file, which is opened
//! (and its header written) on its first row, so a file no row goes to is never created.

use crate::io::journal::OutDirLock;
use crate::io::output::{OutputSet, Protected};
use crate::report::FileReport;

use super::super::commit::Commit;
use super::super::sink::{DecidedRow, Fate, Sink};
use super::super::{RunError, RunOptions};

pub struct UploadFiles {
    set: Option<OutputSet>,
    /// The header row, encoded, written at the top of every file.
    header: Vec<u8>,
    strict: bool,
    /// The files as they were planned (path, rows, bytes), kept when the set is handed to
    /// the commit.
    planned: Vec<FileReport>,
    /// `--strict` and a rejected row: no upload file is written.
    pub blocked: bool,
    /// Paths under the output folder that belong to other files of the run (the reject file,
    /// the report): a route that renders to one of them stops the run.
    reserved: Vec<String>,
}

impl UploadFiles {
    pub fn new(
        opts: &RunOptions,
        lock: Option<OutDirLock>,
        protected: Protected,
        header: Vec<u8>,
        reserved: Vec<String>,
    ) -> Self {
        UploadFiles {
            set: Some(OutputSet::new(&opts.out_dir, lock, protected)),
            header,
            strict: opts.strict,
            planned: Vec::new(),
            blocked: false,
            reserved,
        }
    }

    /// Every file rows went to, sorted by path, whether written or not.
    pub fn planned(&self) -> Vec<FileReport> {
        let mut files = match &self.set {
            Some(set) => {
                set.files.iter().map(|f| FileReport { path: f.rel.clone(), rows: f.rows, bytes: f.bytes }).collect()
            }
            None => self.planned.clone(),
        };
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for UploadFiles {
    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let (Fate::Written { path }, Some(set)) = (row.fate, &mut self.set) else { return Ok(()) };
        if self.reserved.iter().any(|r| r == path) {
            return Err(RunError::Path(format!(
                "the profile's route sends rows to {path}, which is another file of this run (the reject file or the report)"
            )));
        }
        let i = set.open(path, &self.header)?;
        let f = &mut set.files[i];
        f.write(row.bytes)?;
        f.rows += 1;
        Ok(())
    }

    fn prepare(&mut self, commit: &mut Commit, rejected: u64) -> Result<(), RunError> {
        self.planned = self.planned();
        let Some(set) = self.set.take() else { return Ok(()) };
        if self.strict && rejected > 0 {
            // Dropping the set deletes its temporary files.
            self.blocked = true;
            return Ok(());
        }
        commit.replace(set.finish()?);
        Ok(())
    }
}
