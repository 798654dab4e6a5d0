//! The reject file: every rejected row's line (input, line, rule, reason, original columns).
//! A run that rejects nothing removes the reject file an earlier run left at the same path,
//! since it would list rows that are now fixed.

use std::path::PathBuf;

use crate::io::journal::OutDirLock;
use crate::io::output::{OutputSet, Protected};

use super::super::commit::Commit;
use super::super::sink::{DecidedRow, Fate, Sink};
use super::super::{RunError, RunOptions};

pub struct RejectFile {
    set: Option<OutputSet>,
    /// Path under the output folder.
    pub rel: String,
    out_dir: PathBuf,
    /// Header row with the BOM.
    header: Vec<u8>,
    rows: u64,
}

impl RejectFile {
    pub fn new(
        opts: &RunOptions,
        lock: Option<OutDirLock>,
        protected: Protected,
        rel: String,
        header: Vec<u8>,
    ) -> Self {
        RejectFile {
            set: Some(OutputSet::new(&opts.out_dir, lock, protected)),
            rel,
            out_dir: opts.out_dir.clone(),
            header,
            rows: 0,
        }
    }

    /// The reject file's path under the output folder, if any row was rejected.
    pub fn written(&self) -> Option<String> {
        (self.rows > 0).then(|| self.rel.clone())
    }
}

impl Sink for RejectFile {
    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let (Fate::Rejected { .. }, Some(set)) = (row.fate, &mut self.set) else { return Ok(()) };
        let i = set.open(&self.rel, &self.header)?;
        set.files[i].write(row.bytes)?;
        set.files[i].rows += 1;
        self.rows += 1;
        Ok(())
    }

    fn prepare(&mut self, commit: &mut Commit, _rejected: u64) -> Result<(), RunError> {
        let Some(set) = self.set.take() else { return Ok(()) };
        if self.rows == 0 {
            commit.remove(self.out_dir.join(&self.rel));
        }
        commit.replace(set.finish()?.into_iter().map(|(_, f)| f).collect());
        Ok(())
    }
}
