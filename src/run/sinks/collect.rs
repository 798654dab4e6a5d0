//! Every decided row kept whole: what a profile test compares, or a front end shows for a
//! small input. Not for large inputs: it keeps everything.

use crate::engine::RuleId;

use super::super::RunError;
use super::super::sink::{DecidedRow, Needs, Sink};
use crate::engine::Outcome;

/// A row's outcome, owned.
pub type CollectedFate = Outcome<String, String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectedRow {
    pub input: usize,
    pub line: u64,
    pub fate: CollectedFate,
    /// Output column values (written rows).
    pub columns: Vec<String>,
    pub warnings: Vec<(RuleId, String)>,
}

/// Collects every row.
#[derive(Debug, Default)]
pub struct Collector {
    pub rows: Vec<CollectedRow>,
}

impl Sink for Collector {
    fn needs(&self) -> Needs {
        Needs { columns: true, ..Needs::default() }
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let fate = row.outcome.map(str::to_string, str::to_string);
        self.rows.push(CollectedRow {
            input: row.input,
            line: row.line,
            fate,
            columns: row.columns.map(|c| c.to_vec()).unwrap_or_default(),
            warnings: row.warnings.to_vec(),
        });
        Ok(())
    }
}
