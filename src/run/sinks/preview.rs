//! The dry-run preview: the first rows of each upload file, as output column values.

use super::super::RunError;
use super::super::sink::{DecidedRow, Needs, Sink, SinkFinish};
use crate::engine::Outcome;

pub struct Preview<'p> {
    plan: &'p crate::engine::Plan,
    rows_per_file: usize,
    /// Per upload file (path under the output folder), its first rows.
    pub files: Vec<(String, Vec<Vec<String>>)>,
    /// The first rejected rows: input index, row, rule, message.
    pub rejected: Vec<(usize, u64, crate::engine::RuleId, String)>,
}

impl<'p> Preview<'p> {
    pub fn new(plan: &'p crate::engine::Plan, rows_per_file: usize) -> Self {
        Preview { plan, rows_per_file, files: Vec::new(), rejected: Vec::new() }
    }
}

impl Sink for Preview<'_> {
    /// The previews into the report's facts: the files sorted by path, the rejected rows
    /// with their input's name and rule's.
    fn finish(&mut self, fin: &mut SinkFinish<'_>) -> Result<(), RunError> {
        self.files.sort_by(|a, b| a.0.cmp(&b.0));
        fin.report.previews = std::mem::take(&mut self.files);
        fin.report.rejected_preview = self
            .rejected
            .iter()
            .map(|(input, row, rule, message)| {
                let name = fin.report.input_name(*input).to_string();
                (name, *row, self.plan.rule_name(*rule).to_string(), message.clone())
            })
            .collect();
        Ok(())
    }

    fn needs(&self) -> Needs {
        Needs { columns: true, ..Needs::default() }
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        if let Outcome::Rejected { rule, message } = row.outcome {
            if self.rejected.len() < self.rows_per_file {
                self.rejected.push((row.input, row.line, rule, message.to_string()));
            }
            return Ok(());
        }
        let (Outcome::Written { path }, Some(columns)) = (row.outcome, row.columns) else { return Ok(()) };
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
