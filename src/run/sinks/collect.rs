//! Every decided row kept whole: what a profile test compares, or a front end shows for a
//! small input. Not for large inputs: it keeps everything.

use crate::engine::RuleId;

use super::super::RunError;
use super::super::sink::{DecidedRow, Fate, Needs, Sink};

/// A row's fate, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CollectedFate {
    Written { path: String },
    Excluded { rule: RuleId },
    Rejected { rule: RuleId, message: String },
}

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
        let fate = match row.fate {
            Fate::Written { path } => CollectedFate::Written { path: path.to_string() },
            Fate::Excluded { rule } => CollectedFate::Excluded { rule },
            Fate::Rejected { rule, message } => CollectedFate::Rejected { rule, message: message.to_string() },
        };
        self.rows.push(CollectedRow {
            input: row.input,
            line: row.line,
            fate,
            columns: row.columns.map(<[String]>::to_vec).unwrap_or_default(),
            warnings: row.warnings.to_vec(),
        });
        Ok(())
    }
}
