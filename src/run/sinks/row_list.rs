//! Lists of rows in the reject file's layout (input, row, rule, reason, original columns),
//! UTF-8 with a BOM for Excel: the reject file, the warned rows beside it, and (with
//! `--list-excluded`) the excluded rows. They are not upload files. A run that lists no row
//! writes no list; the list its profile's previous run left (it would name rows that are now
//! fixed) is archived with that run's upload files ([`crate::run::manifest`]), and a list of
//! another profile in the same folder is left alone.

use crate::io::journal::OutDirLock;
use crate::io::output::{OutputSet, Protected};

use super::super::sink::{DecidedRow, Needs, Prepare, Sink, SinkFinish};
use crate::common::digest::hex;
use crate::engine::Outcome;

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
    /// Header row with the BOM.
    header: Vec<u8>,
    rows: u64,
    /// The written list's SHA-256, known after `prepare`.
    sha256: Option<String>,
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
        RowList { kind, set: Some(OutputSet::new(&opts.out_dir, lock, protected)), rel, header, rows: 0, sha256: None }
    }

    /// The list's path under the output folder, if any row was listed.
    pub fn written(&self) -> Option<String> {
        (self.rows > 0).then(|| self.rel.clone())
    }

    /// The list's path under the output folder and its SHA-256 (unless a dry run), if any
    /// row was listed.
    pub fn recorded(&self) -> Option<(String, Option<String>)> {
        Some((self.written()?, self.sha256.clone()))
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
        let line = match (self.kind, row.outcome) {
            (ListKind::Rejected, Outcome::Rejected { .. }) => row.bytes,
            (ListKind::Warned, Outcome::Written { .. }) if !row.warnings.is_empty() => row.list_line,
            (ListKind::Excluded, Outcome::Excluded { .. }) => row.list_line,
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

    fn prepare(&mut self, prep: &mut Prepare<'_>) -> Result<(), RunError> {
        let Some(set) = self.set.take() else { return Ok(()) };
        let staged = set.finish()?;
        for f in &staged {
            self.sha256 = Some(hex(&f.sha256));
        }
        prep.commit.replace(staged.into_iter().map(|f| f.file).collect());
        prep.lists.extend(self.recorded());
        Ok(())
    }

    fn finish(&mut self, fin: &mut SinkFinish<'_>) -> Result<(), RunError> {
        let path = self.written();
        match self.kind {
            ListKind::Rejected => fin.report.rejects_file(path),
            ListKind::Warned => fin.report.warned_file(path),
            ListKind::Excluded => fin.report.excluded_file(path),
        }
        Ok(())
    }
}
