//! The decider stage: each row of a batch through the plan, encoded for its file, or
//! formatted for the reject file — everything that needs the row's values, so the writing
//! stage only has to remove duplicates and write bytes in order.

use std::hash::Hasher;

use crate::engine::{Decision, Plan, Reject, RowState, RuleId, RunCtx};
use crate::io::batch::{BATCH_ROWS, Batch, RowRead};
use crate::io::encode::{RowEncoder, Unencodable};
use crate::io::input::Detected;

use super::rejects::{self, RejectColumns};

/// The input a rejected row came from, for the reject file.
pub struct RejectSource {
    pub input: usize,
    pub display: String,
    pub encoding: Detected,
}

/// What the writing stage must do with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Write `bytes` to `path`, unless `key` was already written there.
    Write {
        key: Option<u64>,
    },
    /// A character cannot be written: reject with `bytes` as the reject line — unless `key`
    /// was already written, then it is a duplicate (duplicates are decided first).
    Unencodable {
        key: Option<u64>,
        rule: RuleId,
    },
    Exclude(RuleId),
    /// Reject with `bytes` as the reject line.
    Reject(RuleId),
}

/// One decided row; buffers are reused from batch to batch.
#[derive(Debug)]
pub struct RowOut {
    pub outcome: Outcome,
    pub path: String,
    /// The encoded upload line, or the reject-file line.
    pub bytes: Vec<u8>,
    /// Output columns (for the dry-run preview).
    pub columns: Vec<String>,
    pub warnings: Vec<(RuleId, String)>,
}

/// A decided batch.
#[derive(Debug)]
pub struct Decided {
    pub len: usize,
    pub rows: Vec<RowOut>,
    /// Bytes of the input consumed after this batch (for progress).
    pub position: u64,
}

impl Decided {
    pub fn new(plan: &Plan) -> Self {
        Decided {
            len: 0,
            rows: (0..BATCH_ROWS)
                .map(|_| RowOut {
                    outcome: Outcome::Exclude(0),
                    path: String::new(),
                    bytes: Vec::new(),
                    columns: vec![String::new(); plan.columns.len()],
                    warnings: Vec::new(),
                })
                .collect(),
            position: 0,
        }
    }
}

/// The decider's state: one row state and one encoder, reused for every row.
pub struct Decider<'a> {
    pub plan: &'a Plan,
    pub ctx: &'a RunCtx,
    pub source: &'a RejectSource,
    pub reject_columns: &'a RejectColumns,
    /// Number of fields in the input's header.
    pub width: usize,
    pub row: RowState,
    pub encoder: RowEncoder<'a>,
}

impl Decider<'_> {
    pub fn decide_batch(&mut self, batch: &mut Batch, out: &mut Decided) {
        out.len = batch.len;
        out.position = batch.position;
        for (i, o) in out.rows[..batch.len].iter_mut().enumerate() {
            self.decide_row(batch, i, o);
        }
    }

    fn decide_row(&mut self, batch: &mut Batch, i: usize, out: &mut RowOut) {
        let (plan, ctx) = (self.plan, self.ctx);
        let row = &mut self.row;
        row.begin();
        let decision = match &batch.read[i] {
            RowRead::FieldCount { found } => {
                let (found, expected) = (found.to_string(), self.width.to_string());
                let vars = [("found", found.as_str()), ("expected", expected.as_str())];
                Decision::Rejected(builtin_reject(plan, &plan.builtin.field_count, row, ctx, &vars))
            }
            RowRead::Undecodable { column } => {
                let vars = [("column", column.as_str()), ("expected", self.source.encoding.label())];
                Decision::Rejected(builtin_reject(plan, &plan.builtin.undecodable, row, ctx, &vars))
            }
            RowRead::Ok => {
                // The decoded fields move into the row; the row's old buffers go back to the
                // reader with the batch, to be refilled.
                for (f, value) in batch.fields[i].iter_mut().enumerate() {
                    row.swap_field(f, value);
                }
                plan.decide(row, ctx)
            }
        };
        out.bytes.clear();
        out.outcome = match decision {
            Decision::Written => {
                let key = (!plan.duplicate_key.is_empty()).then(|| key_hash(plan, row));
                let mut replaced = Vec::new();
                match encode_checked(plan, row, ctx, &mut self.encoder, &mut out.bytes, &mut replaced) {
                    None => {
                        std::mem::swap(&mut out.path, &mut row.path);
                        std::mem::swap(&mut out.columns, &mut row.columns);
                        std::mem::swap(&mut out.warnings, &mut row.warnings);
                        Outcome::Write { key }
                    }
                    Some(Decision::Rejected(r)) => {
                        self.reject_line(batch, i, &r, &mut out.bytes);
                        Outcome::Unencodable { key, rule: r.rule }
                    }
                    Some(_) => unreachable!("encoding either succeeds or rejects"),
                }
            }
            Decision::Excluded(rule) => Outcome::Exclude(rule),
            Decision::Rejected(r) => {
                self.reject_line(batch, i, &r, &mut out.bytes);
                Outcome::Reject(r.rule)
            }
        };
    }

    fn reject_line(&self, batch: &Batch, i: usize, r: &Reject, out: &mut Vec<u8>) {
        out.clear();
        let fields = self.reject_columns.row(
            self.source,
            &batch.records[i],
            batch.lines[i],
            self.plan.rule_name(r.rule),
            &r.message,
        );
        rejects::write_csv_record(out, &fields);
    }
}

pub(super) fn builtin_reject(
    plan: &Plan,
    b: &crate::engine::Builtin,
    row: &mut RowState,
    ctx: &RunCtx,
    vars: &[(&str, &str)],
) -> Reject {
    Reject { rule: b.rule, message: plan.render_message(&b.message, row, ctx, vars) }
}

/// Encodes the row's columns into `line`; a rejection if a character cannot be written.
/// Replacements (when the profile allows them) become warnings on the row.
pub fn encode_checked(
    plan: &Plan,
    row: &mut RowState,
    ctx: &RunCtx,
    encoder: &mut RowEncoder<'_>,
    line: &mut Vec<u8>,
    replaced: &mut Vec<Unencodable>,
) -> Option<Decision> {
    let result = encoder.encode_row(&row.columns, line, replaced);
    let describe =
        |u: &Unencodable| (plan.columns[u.column].name.clone(), u.ch.to_string(), format!("U+{:04X}", u.ch as u32));
    if let Err(u) = result {
        let (column, ch, cp) = describe(&u);
        let vars = [("column", column.as_str()), ("char", ch.as_str()), ("codepoint", cp.as_str())];
        return Some(Decision::Rejected(builtin_reject(plan, &plan.builtin.unencodable, row, ctx, &vars)));
    }
    if let Some((_, rule, message)) = &plan.output.replace_with {
        for u in replaced.iter() {
            let (column, ch, cp) = describe(u);
            let vars = [("column", column.as_str()), ("char", ch.as_str()), ("codepoint", cp.as_str())];
            let msg = plan.render_message(message, row, ctx, &vars);
            row.warnings.push((*rule, msg));
        }
    }
    None
}

/// A 64-bit hash of the row's file path and duplicate-key columns (output values): a key is a
/// duplicate only within one file. Only written rows keep
/// one, so memory grows with 8 bytes per written row, not with the row's text.
fn key_hash(plan: &Plan, row: &RowState) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(row.path.as_bytes());
    h.write_u8(0x1e);
    for &i in &plan.duplicate_key {
        h.write(row.columns[i].as_bytes());
        h.write_u8(0x1f);
    }
    h.finish()
}
