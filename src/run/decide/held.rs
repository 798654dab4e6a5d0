//! `changed_after_send`, where a run applies it. For an upload that adds, a row whose whole
//! key was never sent, but whose key without the correction column (the order and its
//! destination) was sent in a confirmed upload with another value (another tracking number),
//! is a correction — unless the input still has that other value for it (a second parcel).
//! Only the whole input can tell, so the decider marks such a row ([`Held`], with the
//! message for each earlier value), the writing stage keeps it aside ([`Holding`]) while it
//! notes which confirmed keys the input still has, and after the last input hands it on:
//! excluded by `changed_after_send` when an earlier value is gone, else written as decided.
//! Few rows are ever held (only rows of such orders), so keeping them costs little, and the
//! keys noted are only confirmed ones (bounded by the ledger's keys of the profile).

use std::collections::HashSet;

use crate::common::values::ValuesBuf;
use crate::engine::{Outcome, Plan, RuleId};
use crate::ledger::{SentView, key_hash};
use crate::run::sink::{DecidedRow, Miss};

/// What the decider found about a row that may be a correction: per earlier value, the
/// hash of that confirmed key, the values that decided it (`old / new`), the message, and the
/// row's line for the list of excluded rows (when asked for).
#[derive(Debug, Clone, Default)]
pub struct Held {
    pub earlier: Vec<(i64, String, String, Vec<u8>)>,
}

/// Hands a row on to the sinks, with its duplicate key still to check.
pub type HandOn<'a> = dyn FnMut(&DecidedRow<'_>, Option<u64>) -> Result<(), crate::run::RunError> + 'a;

/// A row kept aside by the writing stage, owned.
#[derive(Debug)]
struct HeldRow {
    input: usize,
    line: u64,
    path: String,
    bytes: Vec<u8>,
    columns: Option<ValuesBuf>,
    warnings: Vec<(RuleId, String)>,
    misses: Vec<Miss>,
    list_line: Vec<u8>,
    key: String,
    sent: Option<crate::ledger::Class>,
    duplicate_key: Option<u64>,
    held: Held,
}

/// The writing stage's part: the rows kept aside and the confirmed keys the input has.
#[derive(Debug, Default)]
pub struct Holding {
    /// Whether any row can be held (an upload that adds with confirmed sends to correct).
    active: bool,
    rows: Vec<HeldRow>,
    seen: HashSet<i64>,
}

impl Holding {
    pub fn new(view: Option<&SentView>) -> Holding {
        let active = view.is_some_and(|v| !v.resend && v.options.adds && !v.corrections.is_empty());
        Holding { active, ..Holding::default() }
    }

    /// Notes the row's key if it is a confirmed one (the input still has it).
    pub fn see(&mut self, view: Option<&SentView>, key: &str) {
        if let Some(view) = view.filter(|_| self.active && !key.is_empty()) {
            let hash = key_hash(key);
            if view.is_confirmed(hash) {
                self.seen.insert(hash);
            }
        }
    }

    /// Keeps `row` aside until the whole input is read.
    pub fn hold(&mut self, row: &DecidedRow<'_>, duplicate_key: Option<u64>, held: &Held) {
        let path = match row.outcome {
            Outcome::Written { path } => path.to_string(),
            _ => String::new(),
        };
        self.rows.push(HeldRow {
            input: row.input,
            line: row.line,
            path,
            bytes: row.bytes.to_vec(),
            columns: row.columns.map(|c| c.to_buf()),
            warnings: row.warnings.to_vec(),
            misses: row.misses.to_vec(),
            list_line: row.list_line.to_vec(),
            key: row.key.to_string(),
            sent: row.sent,
            duplicate_key,
            held: held.clone(),
        });
    }

    /// Hands every row kept aside to `each`, in input order, as finally decided (with its
    /// duplicate key still to check when written).
    pub fn release(&mut self, plan: &Plan, each: &mut HandOn<'_>) -> Result<(), crate::run::RunError> {
        let rule = plan.builtin.changed_after_send.rule;
        for r in std::mem::take(&mut self.rows) {
            let gone = r.held.earlier.iter().find(|(key, ..)| !self.seen.contains(key));
            let row = match gone {
                Some((_, values, message, line)) => DecidedRow {
                    input: r.input,
                    line: r.line,
                    outcome: Outcome::Excluded { rule },
                    bytes: &[],
                    columns: None,
                    warnings: &[],
                    misses: &r.misses,
                    values,
                    list_line: line,
                    key: &r.key,
                    sent: r.sent,
                    rule_message: message,
                },
                None => DecidedRow {
                    input: r.input,
                    line: r.line,
                    outcome: Outcome::Written { path: &r.path },
                    bytes: &r.bytes,
                    columns: r.columns.as_ref().map(ValuesBuf::values),
                    warnings: &r.warnings,
                    misses: &r.misses,
                    values: "",
                    list_line: &r.list_line,
                    key: &r.key,
                    sent: r.sent,
                    rule_message: "",
                },
            };
            each(&row, if gone.is_some() { None } else { r.duplicate_key })?;
        }
        Ok(())
    }
}
