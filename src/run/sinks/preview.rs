//! The dry-run preview: the first rows of each upload file, as output column values.

use super::super::RunError;
use super::super::sink::{DecidedRow, Fate, Needs, Sink};

pub struct Preview {
    rows_per_file: usize,
    /// Per upload file (path under the output folder), its first rows.
    pub files: Vec<(String, Vec<Vec<String>>)>,
    /// The first rejected rows: input index, row, rule, message.
    pub rejected: Vec<(usize, u64, crate::engine::RuleId, String)>,
}

impl Preview {
    pub fn new(rows_per_file: usize) -> Self {
        Preview { rows_per_file, files: Vec::new(), rejected: Vec::new() }
    }

    /// The previews sorted by path.
    pub fn sorted_files(&mut self) -> Vec<(String, Vec<Vec<String>>)> {
        self.files.sort_by(|a, b| a.0.cmp(&b.0));
        std::mem::take(&mut self.files)
    }
}

impl Sink for Preview {
    fn needs(&self) -> Needs {
        Needs { columns: true, ..Needs::default() }
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        if let Fate::Rejected { rule, message } = row.fate {
            if self.rejected.len() < self.rows_per_file {
                self.rejected.push((row.input, row.line, rule, message.to_string()));
            }
            return Ok(());
        }
        let (Fate::Written { path }, Some(columns)) = (row.fate, row.columns) else { return Ok(()) };
        let i = match self.files.iter().position(|(p, _)| p == path) {
            Some(i) => i,
            None => {
                self.files.push((path.to_string(), Vec::new()));
                self.files.len() - 1
            }
        };
        if self.files[i].1.len() < self.rows_per_file {
            self.files[i].1.push(columns.to_vec());
        }
        Ok(())
    }
}
