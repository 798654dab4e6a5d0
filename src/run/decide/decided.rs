//! A decided batch: what the decider stage hands to the writing stage — each row's outcome,
//! and its bytes, path, warnings, message, values and ledger key in flat buffers shared by the
//! batch (a batch costs a few allocations, not several per row).

use crate::common::values::{Values, ValuesBuf};
use crate::engine::{Outcome, RuleId};

use crate::run::sink::{FileText, Miss, Needs};

/// One decided row. Its bytes, path, warnings and message live in the [`Decided`] batch's
/// flat buffers, so a batch costs a few allocations, not several per row.
#[derive(Debug, Clone, Copy)]
pub struct RowOut {
    /// The row's outcome as far as the decider knows it (its path and message are in the
    /// batch's buffers, at [`RowOut::path`] and [`RowOut::message`]).
    pub outcome: Outcome<(), ()>,
    /// The row's duplicate key, when the writing stage has still to check it (in input order,
    /// [`super::builtin::Duplicates`]): a row to write, or one the output encoding could not
    /// hold (duplicates are decided first).
    pub duplicate_key: Option<u64>,
    /// The physical line the record starts on.
    pub line: u64,
    /// Index of the row's upload file in [`Decided::paths`] (written rows only).
    pub path: usize,
    /// Where the row's bytes (upload line or reject line) end in [`Decided::bytes`].
    pub bytes_end: usize,
    /// Where the row's warnings end in [`Decided::warnings`].
    pub warnings_end: usize,
    /// Where the row's lookup misses end in [`Decided::misses`].
    pub misses_end: usize,
    /// Index of the message in [`Decided::messages`]: the reject message of a rejected row;
    /// for an excluded row, its rule's message the first time the decider sees the values that
    /// decided it; [`NO_MESSAGE`] otherwise.
    pub message: usize,
    /// Where the values that decided an exclusion end in [`Decided::values`].
    pub values_end: usize,
    /// Where the row's list line ends in [`Decided::list_bytes`].
    pub list_end: usize,
    /// Where the row's ledger key ends in [`Decided::keys`].
    pub keys_end: usize,
    /// Where the row's output columns end among [`Decided::columns`]' values (a row not
    /// written has none).
    pub columns_end: usize,
    /// What the ledger knew of a row to write.
    pub sent: Option<crate::ledger::Class>,
    /// Index in [`Decided::held`] of a row to write that may be a correction of a
    /// confirmed send (`changed_after_send`): the writing stage keeps it aside.
    pub held: Option<usize>,
}

impl RowOut {
    /// A row before it is decided.
    pub const BLANK: RowOut = RowOut {
        outcome: Outcome::Excluded { rule: 0 },
        duplicate_key: None,
        line: 0,
        path: 0,
        bytes_end: 0,
        warnings_end: 0,
        misses_end: 0,
        message: NO_MESSAGE,
        values_end: 0,
        list_end: 0,
        keys_end: 0,
        columns_end: 0,
        sent: None,
        held: None,
    };
}

/// [`RowOut::message`] of a row without one.
pub const NO_MESSAGE: usize = usize::MAX;

/// A decided batch.
#[derive(Debug)]
pub struct Decided {
    pub len: usize,
    pub rows: Vec<RowOut>,
    /// Every row's encoded upload line or reject-file line, back to back.
    pub bytes: Vec<u8>,
    /// The distinct upload paths of this batch's rows.
    pub paths: Vec<String>,
    /// Per path of `paths`, its file's display name and note, from its first row here.
    pub file_texts: Vec<FileText>,
    /// Every row's warnings, back to back: rule and message.
    pub warnings: Vec<(RuleId, String)>,
    /// The rejected rows' messages.
    pub messages: Vec<String>,
    /// Every written row's output columns, back to back: only kept when a sink needs them.
    pub columns: ValuesBuf,
    /// Every row's lookup misses, back to back: only kept when a sink needs them.
    pub misses: Vec<Miss>,
    /// The values that decided each excluded row, back to back.
    pub values: String,
    /// Reject-file-style lines of excluded and warned rows, when a sink needs them.
    pub list_bytes: Vec<u8>,
    /// Every row's ledger key, back to back, when a sink needs them.
    pub keys: String,
    /// The rows that may be corrections ([`RowOut::held`]).
    pub held: Vec<super::held::Held>,
    /// Bytes of the input consumed after this batch (for progress).
    pub position: u64,
    /// Whether output columns are kept.
    columns_kept: bool,
    /// The row being decided.
    pub(super) current: usize,
}

impl Decided {
    pub fn new(needs: Needs) -> Self {
        Decided {
            len: 0,
            // Grown to the largest batch seen (then kept), like the batch itself.
            rows: Vec::new(),
            bytes: Vec::new(),
            paths: Vec::new(),
            file_texts: Vec::new(),
            warnings: Vec::new(),
            messages: Vec::new(),
            columns: ValuesBuf::default(),
            misses: Vec::new(),
            values: String::new(),
            list_bytes: Vec::new(),
            keys: String::new(),
            held: Vec::new(),
            position: 0,
            current: 0,
            columns_kept: needs.columns,
        }
    }

    /// Makes room for `len` rows.
    pub(super) fn reserve_rows(&mut self, len: usize) {
        if self.rows.len() < len {
            self.rows.resize(len, RowOut::BLANK);
        }
    }

    /// Keeps the output columns of the row being decided, if a sink needs them.
    pub(super) fn keep_columns(&mut self, columns: &[String]) {
        if self.columns_kept {
            for c in columns {
                self.columns.push(c);
            }
        }
    }

    /// Where the key of the row being decided starts in [`Decided::keys`].
    pub(super) fn rows_keys_start(&self) -> usize {
        self.current.checked_sub(1).map_or(0, |p| self.rows[p].keys_end)
    }

    /// Row `i`: where its bytes, path, warnings and misses are.
    pub fn row(&self, i: usize) -> DecidedParts<'_> {
        let r = &self.rows[i];
        let prev = if i == 0 { None } else { Some(&self.rows[i - 1]) };
        let (b0, w0, m0) = prev.map_or((0, 0, 0), |p| (p.bytes_end, p.warnings_end, p.misses_end));
        let v0 = prev.map_or(0, |p| p.values_end);
        let l0 = prev.map_or(0, |p| p.list_end);
        let k0 = prev.map_or(0, |p| p.keys_end);
        let c0 = prev.map_or(0, |p| p.columns_end);
        let path = self.paths.get(r.path).map_or("", String::as_str);
        let message = self.messages.get(r.message).map_or("", String::as_str);
        DecidedParts {
            out: *r,
            outcome: r.outcome.map(|()| path, |()| message),
            bytes: &self.bytes[b0..r.bytes_end],
            warnings: &self.warnings[w0..r.warnings_end],
            misses: &self.misses[m0..r.misses_end],
            message,
            values: &self.values[v0..r.values_end],
            list_line: &self.list_bytes[l0..r.list_end],
            key: &self.keys[k0..r.keys_end],
            columns: (c0 < r.columns_end).then(|| self.columns.row(c0..r.columns_end)),
        }
    }
}

/// A view of one row of a [`Decided`] batch.
pub struct DecidedParts<'a> {
    pub out: RowOut,
    /// The row's outcome, its path and message in place.
    pub outcome: Outcome<&'a str, &'a str>,
    pub bytes: &'a [u8],
    pub warnings: &'a [(RuleId, String)],
    pub misses: &'a [Miss],
    pub message: &'a str,
    /// The values that decided an exclusion.
    pub values: &'a str,
    /// The row's line for a list of excluded or warned rows.
    pub list_line: &'a [u8],
    /// The row's ledger key.
    pub key: &'a str,
    pub columns: Option<Values<'a>>,
}
