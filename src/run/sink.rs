//! Where decided rows go. A run is sources → plan → sinks: every row, once decided (and, if
//! written, checked against the duplicate keys already written), is handed to each sink in
//! input order. Upload files, the reject file, the counts and the dry-run preview are sinks;
//! so is whatever a front end wants to collect (the profile tests, `--sample` coverage), and
//! so will be a history of sent rows. Sinks that change files take part in the run's one
//! all-or-nothing commit through [`Sink::prepare`] and [`Sink::commit`].

use crate::engine::RuleId;

use super::RunError;
use super::commit::Commit;

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate<'a> {
    /// Written to the upload file at `path` (relative to the output folder).
    Written { path: &'a str },
    /// Excluded by a rule (a profile rule, or the built-in duplicate rule).
    Excluded { rule: RuleId },
    /// Rejected by a rule, with the operator's message.
    Rejected { rule: RuleId, message: &'a str },
}

/// One decided row, as every sink sees it.
#[derive(Debug, Clone, Copy)]
pub struct DecidedRow<'a> {
    /// Index of the source it came from, in the run's order.
    pub input: usize,
    /// The physical line (1-based) the record starts on.
    pub line: u64,
    pub fate: Fate<'a>,
    /// The encoded upload line (written rows) or the reject-file line (rejected rows); empty
    /// for excluded rows.
    pub bytes: &'a [u8],
    /// The output column values, when a sink asked for them ([`Needs::columns`]) and the row
    /// was written.
    pub columns: Option<&'a [String]>,
    /// Warnings of a written row: rule and message.
    pub warnings: &'a [(RuleId, String)],
    /// Lookup misses of the row, when a sink asked for them ([`Needs::misses`]).
    pub misses: &'a [Miss],
    /// For a row a profile rule excluded: the values its condition read, joined by ` / `.
    pub values: &'a str,
    /// In the reject file's layout, for an excluded row or a written row with warnings, when a
    /// sink asked for it ([`Needs::warned_lines`], [`Needs::excluded_lines`]); empty otherwise.
    pub list_line: &'a [u8],
    /// The row's ledger key (its `[ledger] key` values joined by U+001F), when a sink asked
    /// for it ([`Needs::keys`]); empty if it could not be computed.
    pub key: &'a str,
    /// How a row to write relates to the ledger's confirmed sends (with a ledger only).
    pub sent: Option<crate::ledger::Class>,
    /// For a row a profile rule excluded: the rule's message, rendered — only the first time
    /// an input meets these values with this rule (empty otherwise).
    pub rule_message: &'a str,
}

/// A value a lookup does not cover, met in a row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Miss {
    /// Index of the lookup in the plan.
    pub lookup: usize,
    /// The field looked up, when the lookup reads a field directly (such lookups are tried on
    /// every row, whatever decided it, so that a value is seen even where an earlier rule
    /// decided its row); `None` for a lookup of a derived value, met by the decision.
    pub field: Option<usize>,
    pub value: String,
}

/// What a sink needs the decider to keep beyond the outcome and the bytes. Keeping nothing
/// extra is the fast path of an ordinary run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// Each written row's output column values.
    pub columns: bool,
    /// Each row's lookup misses.
    pub misses: bool,
    /// A reject-file-style line for each written row that carries a warning.
    pub warned_lines: bool,
    /// A reject-file-style line for each excluded row.
    pub excluded_lines: bool,
    /// Each row's ledger key ([`DecidedRow::key`]).
    pub keys: bool,
}

impl Needs {
    pub fn union(self, other: Needs) -> Needs {
        Needs {
            columns: self.columns || other.columns,
            misses: self.misses || other.misses,
            warned_lines: self.warned_lines || other.warned_lines,
            excluded_lines: self.excluded_lines || other.excluded_lines,
            keys: self.keys || other.keys,
        }
    }
}

/// A receiver of decided rows.
pub trait Sink {
    /// What this sink needs kept for each row.
    fn needs(&self) -> Needs {
        Needs::default()
    }

    /// One decided row, in input order. An error stops the run; nothing is committed.
    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError>;

    /// Phase one of the commit, after the last row: write out and sync everything, and add
    /// what must change to `commit` — without changing any final file yet, so that a failure
    /// here leaves every file as it was. `rejected` is the number of rejected rows.
    fn prepare(&mut self, _commit: &mut Commit, _rejected: u64) -> Result<(), RunError> {
        Ok(())
    }
}
