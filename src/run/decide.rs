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

/// One decided row. Its bytes, path and warnings live in the [`Decided`] batch's flat
/// buffers, so a batch costs a few allocations, not several per row.
#[derive(Debug, Clone, Copy)]
pub struct RowOut {
    pub outcome: Outcome,
    /// Index of the row's upload file in [`Decided::paths`] (`Write` only).
    pub path: usize,
    /// Where the row's bytes (upload line or reject line) end in [`Decided::bytes`].
    pub bytes_end: usize,
    /// Where the row's warnings end in [`Decided::warnings`].
    pub warnings_end: usize,
}

/// A decided batch.
#[derive(Debug)]
pub struct Decided {
    pub len: usize,
    pub rows: Vec<RowOut>,
    /// Every row's encoded upload line or reject-file line, back to back.
    pub bytes: Vec<u8>,
    /// The distinct upload paths of this batch's rows.
    pub paths: Vec<String>,
    /// Every row's warnings, back to back: rule and message.
    pub warnings: Vec<(RuleId, String)>,
    /// Per row, its output columns: only kept when a preview is wanted (`--dry-run`).
    pub columns: Vec<Vec<String>>,
    /// Bytes of the input consumed after this batch (for progress).
    pub position: u64,
}

impl Decided {
    pub fn new(plan: &Plan, preview: bool) -> Self {
        let blank = RowOut { outcome: Outcome::Exclude(0), path: 0, bytes_end: 0, warnings_end: 0 };
        Decided {
            len: 0,
            rows: vec![blank; BATCH_ROWS],
            bytes: Vec::new(),
            paths: Vec::new(),
            warnings: Vec::new(),
            columns: if preview { vec![vec![String::new(); plan.columns.len()]; BATCH_ROWS] } else { Vec::new() },
            position: 0,
        }
    }

    /// Row `i`: its outcome and where its bytes, path and warnings are.
    pub fn row(&self, i: usize) -> DecidedRow<'_> {
        let r = &self.rows[i];
        let (b0, w0) = if i == 0 { (0, 0) } else { (self.rows[i - 1].bytes_end, self.rows[i - 1].warnings_end) };
        DecidedRow {
            outcome: r.outcome,
            path: self.paths.get(r.path).map_or("", String::as_str),
            bytes: &self.bytes[b0..r.bytes_end],
            warnings: &self.warnings[w0..r.warnings_end],
            columns: self.columns.get(i).map(Vec::as_slice),
        }
    }
}

/// A view of one row of a [`Decided`] batch.
pub struct DecidedRow<'a> {
    pub outcome: Outcome,
    pub path: &'a str,
    pub bytes: &'a [u8],
    pub warnings: &'a [(RuleId, String)],
    /// Output columns, when previews are kept.
    pub columns: Option<&'a [String]>,
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
    pub fn decide_batch(&mut self, batch: &Batch, out: &mut Decided) {
        out.len = batch.len;
        out.position = batch.position;
        out.bytes.clear();
        out.paths.clear();
        out.warnings.clear();
        for i in 0..batch.len {
            self.decide_row(batch, i, out);
        }
    }

    fn decide_row(&mut self, batch: &Batch, i: usize, out: &mut Decided) {
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
                for (f, value) in batch.fields(i).enumerate() {
                    row.set_field(f, value);
                }
                plan.decide(row, ctx)
            }
        };
        let mut path = 0;
        let outcome = match decision {
            Decision::Written => {
                let key = (!plan.duplicate_key.is_empty()).then(|| key_hash(plan, row));
                let mut replaced = Vec::new();
                match encode_checked(plan, row, ctx, &mut self.encoder, &mut out.bytes, &mut replaced) {
                    None => {
                        path = crate::engine::intern::intern(&mut out.paths, row.path.as_str());
                        out.warnings.append(&mut row.warnings);
                        if let Some(columns) = out.columns.get_mut(i) {
                            std::mem::swap(columns, &mut row.columns);
                        }
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
        out.rows[i] = RowOut { outcome, path, bytes_end: out.bytes.len(), warnings_end: out.warnings.len() };
    }

    /// Appends the reject-file line of record `i` to `out`.
    fn reject_line(&self, batch: &Batch, i: usize, r: &Reject, out: &mut Vec<u8>) {
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

/// Appends the row's encoded columns to `line` (left as it was if a character cannot be
/// written: then a rejection is returned).
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
    if let Some((rule, message)) = &plan.output.replace_warning {
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
/// duplicate only within one file. Only written rows keep one, so memory grows with 8 bytes
/// per written row, not with the row's text. foldhash's quality variant (fixed seed, so runs
/// are reproducible) mixes as well as SipHash for non-adversarial keys at a fraction of the
/// cost; the collision odds are those of any 64-bit hash.
fn key_hash(plan: &Plan, row: &RowState) -> u64 {
    use std::hash::BuildHasher;
    let mut h = foldhash::quality::FixedState::with_seed(0x6f72_6465_7262_7267).build_hasher();
    h.write(row.path.as_bytes());
    h.write_u8(0x1e);
    for &i in &plan.duplicate_key {
        h.write(row.columns[i].as_bytes());
        h.write_u8(0x1f);
    }
    h.finish()
}
