//! Lists of rows in the reject file's layout (input, row, rule, reason, original columns),
//! UTF-8 with a BOM for Excel: the reject file, the warned rows beside it, and (with
//! `--list-excluded`) the excluded rows. They are not upload files. A run that lists no row
//! removes the list an earlier run left at the same path, since it would name rows that are
//! now fixed.

use std::path::PathBuf;

use crate::io::journal::OutDirLock;
use crate::io::output::{OutputSet, Protected};

use super::super::commit::Commit;
use super::super::sink::{DecidedRow, Fate, Needs, Sink};

/// Which rows a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Rejected,
    /// Written rows with at least one warning.
    Warned,
    Excluded,
}
use super::super::{RunError, RunOptions};

pub struct RowList {
    kind: ListKind,
    set: Option<OutputSet>,
    /// Path under the output folder.
    pub rel: String,
    out_dir: PathBuf,
    /// Header row with the BOM.
    header: Vec<u8>,
    rows: u64,
}

impl RowList {
    pub fn new(
        kind: ListKind,
        opts: &RunOptions,
        lock: Option<OutDirLock>,
        protected: Protected,
        rel: String,
        header: Vec<u8>,
    ) -> Self {
        RowList {
            kind,
            set: Some(OutputSet::new(&opts.out_dir, lock, protected)),
            rel,
            out_dir: opts.out_dir.clone(),
            header,
            rows: 0,
        }
    }

    /// The list's path under the output folder, if any row was listed.
    pub fn written(&self) -> Option<String> {
        (self.rows > 0).then(|| self.rel.clone())
    }
}

impl Sink for RowList {
    fn needs(&self) -> Needs {
        Needs {
            warned_lines: self.kind == ListKind::Warned,
            excluded_lines: self.kind == ListKind::Excluded,
            ..Needs::default()
        }
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let line = match (self.kind, row.fate) {
            (ListKind::Rejected, Fate::Rejected { .. }) => row.bytes,
            (ListKind::Warned, Fate::Written { .. }) if !row.warnings.is_empty() => row.list_line,
            (ListKind::Excluded, Fate::Excluded { .. }) => row.list_line,
            _ => return Ok(()),
        };
        let Some(set) = &mut self.set else { return Ok(()) };
        if line.is_empty() {
            return Ok(());
        }
        let i = set.open(&self.rel, &self.header)?;
        set.files[i].write(line)?;
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
