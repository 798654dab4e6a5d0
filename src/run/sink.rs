//! Where decided rows go. A run is sources → plan → sinks: every row, once decided (and, if
//! written, checked against the duplicate keys already written), is handed to each sink in
//! input order. Upload files, the reject file, the counts and the dry-run preview are sinks;
//! so are the ledger's record of the run and whatever a front end wants to collect (the
//! profile tests, `--sample` coverage). Sinks that change files take part in the run's one
//! all-or-nothing commit through [`Sink::prepare`], and every sink adds what it knows to the
//! run's report through [`Sink::finish`].

use crate::common::values::Values;
use crate::engine::{Outcome, RuleId};
use crate::report::ReportBuilder;

use super::RunError;
use super::commit::Commit;

/// One decided row, as every sink sees it.
#[derive(Debug, Clone, Copy)]
pub struct DecidedRow<'a> {
    /// Index of the source it came from, in the run's order.
    pub input: usize,
    /// The physical line (1-based) the record starts on.
    pub line: u64,
    /// What happened to it: written (to which file), excluded or rejected (by which rule).
    pub outcome: Outcome<&'a str, &'a str>,
    /// The encoded upload line (written rows) or the reject-file line (rejected rows); empty
    /// for excluded rows.
    pub bytes: &'a [u8],
    /// The output column values, when a sink asked for them ([`Needs::columns`]) and the row
    /// was written.
    pub columns: Option<Values<'a>>,
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

/// A file's display name and destination note (`[output] file_label`, `file_note`), as its
/// first row renders them; `None` when the profile has none or it renders empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileText {
    pub label: Option<String>,
    pub note: Option<String>,
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

/// An input about to stream its rows ([`Sink::begin`]).
#[derive(Debug, Clone, Copy)]
pub struct InputStart<'a> {
    /// Its index in the run's order ([`DecidedRow::input`]).
    pub index: usize,
    /// Its name, as messages show it.
    pub display: &'a str,
}

/// What the sinks share while they prepare the commit ([`Sink::prepare`]).
pub struct Prepare<'a> {
    /// The run's one all-or-nothing commit, which each sink adds its changes to.
    pub commit: &'a mut Commit,
    /// Rows rejected in the run (`--strict` writes no upload file if there is one).
    pub rejected: u64,
    /// The lists of rows written beside the upload files (path under the output folder, and
    /// SHA-256 unless a dry run): the lists, which prepare first, add themselves; the upload
    /// files record them in the folder's manifest, so a later run archives them too.
    pub lists: Vec<(String, Option<String>)>,
}

/// What a sink finishes into ([`Sink::finish`]): the run's report, and its commit (the ledger
/// joins it last, once it knows what the other sinks wrote).
pub struct SinkFinish<'a> {
    pub report: &'a mut ReportBuilder,
    pub commit: &'a mut Commit,
}

/// A receiver of decided rows, through a run's whole life: each input begins, its rows
/// come, then every sink prepares its part of the commit, then every sink finishes into the
/// report. A run calls the sinks in one order (the counts, the lists, the upload files, the
/// preview, the ledger, then the caller's own), so a sink that finishes can read in the
/// report what the sinks before it said.
pub trait Sink {
    /// What this sink needs kept for each row.
    fn needs(&self) -> Needs {
        Needs::default()
    }

    /// An input is about to stream its rows.
    fn begin(&mut self, _input: &InputStart<'_>) -> Result<(), RunError> {
        Ok(())
    }

    /// One decided row, in input order. An error stops the run; nothing is committed.
    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError>;

    /// Before a batch's rows: each upload path its rows go to, with the file's display name
    /// and note as the path's first row there renders them.
    fn file_texts(&mut self, _paths: &[String], _texts: &[FileText]) {}

    /// Phase one of the commit, after the last row: write out and sync everything, and add
    /// what must change to the commit — without changing any final file yet, so that a
    /// failure here leaves every file as it was.
    fn prepare(&mut self, _prep: &mut Prepare<'_>) -> Result<(), RunError> {
        Ok(())
    }

    /// After every sink has prepared: what this sink adds to the run's report.
    fn finish(&mut self, _fin: &mut SinkFinish<'_>) -> Result<(), RunError> {
        Ok(())
    }
}
