//! The decider stage: each row of a batch through the plan, encoded for its file, or
//! formatted for the reject file — everything that needs the row's values, so the writing
//! stage only has to remove duplicates and hand bytes to the sinks in order.

use std::hash::Hasher;

use crate::engine::lookup::Found;
use crate::engine::{Builtin, Decision, InputCtx, Plan, Reject, RowState, RuleId};
use crate::io::batch::{Batch, RowRead};
use crate::io::encode::{RowEncoder, Unencodable};

use super::decide_ledger::LedgerStep;
use super::rejects::{RejectColumns, RejectSource, write_csv_record};
use super::sink::{LedgerMark, Miss, Needs};

/// A row as the decider leaves it: the plan's decision, with what the duplicate check (done
/// in input order by the writing stage) needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Write the row's bytes to its path, unless `key` was already written there.
    Write {
        key: Option<u64>,
    },
    /// A character cannot be written: reject with the row's bytes as the reject line —
    /// unless `key` was already written, then it is a duplicate (duplicates are decided first).
    Unencodable {
        key: Option<u64>,
        rule: RuleId,
    },
    Exclude(RuleId),
    /// Reject with the row's bytes as the reject line.
    Reject(RuleId),
}

/// One decided row. Its bytes, path, warnings and message live in the [`Decided`] batch's
/// flat buffers, so a batch costs a few allocations, not several per row.
#[derive(Debug, Clone, Copy)]
pub struct RowOut {
    pub verdict: Verdict,
    /// The physical line the record starts on.
    pub line: u64,
    /// Index of the row's upload file in [`Decided::paths`] (`Write` only).
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
    /// What the ledger knew of a row to write.
    pub sent: Option<LedgerMark>,
}

/// [`RowOut::message`] of a row without one.
pub const NO_MESSAGE: usize = usize::MAX;

/// Distinct (rule, values) pairs per input whose message is rendered for the summary.
const EXPLAINED_MAX: usize = 4096;

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
    /// The rejected rows' messages.
    pub messages: Vec<String>,
    /// Per row, its output columns: only kept when a sink needs them.
    pub columns: Vec<Vec<String>>,
    /// Every row's lookup misses, back to back: only kept when a sink needs them.
    pub misses: Vec<Miss>,
    /// The values that decided each excluded row, back to back.
    pub values: String,
    /// Reject-file-style lines of excluded and warned rows, when a sink needs them.
    pub list_bytes: Vec<u8>,
    /// Every row's ledger key, back to back, when a sink needs them.
    pub keys: String,
    /// Bytes of the input consumed after this batch (for progress).
    pub position: u64,
    /// Output columns per row, when they are kept.
    column_count: Option<usize>,
    /// The row being decided.
    current: usize,
}

impl Decided {
    pub fn new(needs: Needs, columns: usize) -> Self {
        Decided {
            len: 0,
            // Grown to the largest batch seen (then kept), like the batch itself.
            rows: Vec::new(),
            bytes: Vec::new(),
            paths: Vec::new(),
            warnings: Vec::new(),
            messages: Vec::new(),
            columns: Vec::new(),
            misses: Vec::new(),
            values: String::new(),
            list_bytes: Vec::new(),
            keys: String::new(),
            position: 0,
            current: 0,
            column_count: if needs.columns { Some(columns) } else { None },
        }
    }

    /// Makes room for `len` rows.
    fn reserve_rows(&mut self, len: usize) {
        const BLANK: RowOut = RowOut {
            verdict: Verdict::Exclude(0),
            line: 0,
            path: 0,
            bytes_end: 0,
            warnings_end: 0,
            misses_end: 0,
            message: NO_MESSAGE,
            values_end: 0,
            list_end: 0,
            keys_end: 0,
            sent: None,
        };
        if self.rows.len() < len {
            self.rows.resize(len, BLANK);
            if let Some(n) = self.column_count {
                self.columns.resize(len, vec![String::new(); n]);
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
        DecidedParts {
            out: *r,
            path: self.paths.get(r.path).map_or("", String::as_str),
            bytes: &self.bytes[b0..r.bytes_end],
            warnings: &self.warnings[w0..r.warnings_end],
            misses: &self.misses[m0..r.misses_end],
            message: self.messages.get(r.message).map_or("", String::as_str),
            values: &self.values[v0..r.values_end],
            list_line: &self.list_bytes[l0..r.list_end],
            key: &self.keys[k0..r.keys_end],
            columns: self.columns.get(i).map(Vec::as_slice),
        }
    }
}

/// A view of one row of a [`Decided`] batch.
pub struct DecidedParts<'a> {
    pub out: RowOut,
    pub path: &'a str,
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
    pub columns: Option<&'a [String]>,
}

/// The decider's state: one row state and one encoder, reused for every row.
pub struct Decider<'a> {
    pub plan: &'a Plan,
    pub ctx: &'a InputCtx,
    pub source: &'a RejectSource,
    pub reject_columns: &'a RejectColumns,
    /// Number of fields in the input's header.
    pub header_len: usize,
    pub row: RowState,
    pub encoder: RowEncoder<'a>,
    pub needs: Needs,
    /// `(field, lookup)` pairs of lookups that read a field directly (for misses).
    pub field_lookups: Vec<(usize, usize)>,
    /// Per rule, the deciding values whose message was already rendered (looked up without
    /// allocating: most excluded rows repeat values).
    pub explained: foldhash::HashMap<RuleId, foldhash::HashSet<String>>,
    /// Entries in `explained`.
    pub explained_count: usize,
    /// The ledger's confirmed sends, with `--ledger`: a row already sent is excluded.
    pub ledger: Option<&'a crate::ledger::SentView>,
}

impl Decider<'_> {
    pub fn decide_batch(&mut self, batch: &Batch, out: &mut Decided) {
        out.reserve_rows(batch.len);
        out.len = batch.len;
        out.position = batch.position;
        out.bytes.clear();
        out.paths.clear();
        out.warnings.clear();
        out.messages.clear();
        out.misses.clear();
        out.values.clear();
        out.list_bytes.clear();
        out.keys.clear();
        for i in 0..batch.len {
            out.current = i;
            self.decide_row(batch, i, out);
        }
    }

    fn decide_row(&mut self, batch: &Batch, i: usize, out: &mut Decided) {
        let (plan, ctx) = (self.plan, self.ctx);
        let row = &mut self.row;
        row.begin();
        let decision = match &batch.read[i] {
            RowRead::FieldCount { found } => {
                let (found, expected) = (found.to_string(), self.header_len.to_string());
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
        let mut message = NO_MESSAGE;
        let mut sent = None;
        let written = decision == Decision::Written;
        if self.needs.keys {
            LedgerStep::key(plan, row, ctx, written, batch.read[i] == RowRead::Ok, &mut out.keys);
        }
        let verdict = match decision {
            Decision::Written => {
                let key = (!plan.duplicate_key.is_empty()).then(|| key_hash(plan, row));
                let mut replaced = Vec::new();
                match encode_checked(plan, row, ctx, &mut self.encoder, &mut out.bytes, &mut replaced) {
                    None if LedgerStep::already_sent(
                        self.ledger,
                        &row.columns,
                        &out.keys[out.rows_keys_start()..],
                        &mut sent,
                    ) =>
                    {
                        // Not written: its bytes are not this row's.
                        let start = out.rows.get(i.wrapping_sub(1)).filter(|_| i > 0).map_or(0, |p| p.bytes_end);
                        out.bytes.truncate(start);
                        row.warnings.clear();
                        Verdict::Exclude(plan.builtin.already_sent.rule)
                    }
                    None => {
                        path = crate::engine::intern::intern(&mut out.paths, row.path.as_str());
                        out.warnings.append(&mut row.warnings);
                        if let Some(columns) = out.columns.get_mut(i) {
                            std::mem::swap(columns, &mut row.columns);
                        }
                        Verdict::Write { key }
                    }
                    Some(r) => {
                        message = self.reject_line(batch, i, r, out);
                        Verdict::Unencodable { key, rule: plan.builtin.unencodable.rule }
                    }
                }
            }
            Decision::Excluded(rule) => {
                message = self.explain_exclusion(rule, out);
                Verdict::Exclude(rule)
            }
            Decision::Rejected(r) => {
                let rule = r.rule;
                message = self.reject_line(batch, i, r, out);
                Verdict::Reject(rule)
            }
        };
        self.list_line_for(batch, i, verdict, out);
        if self.needs.misses && batch.read[i] == RowRead::Ok {
            self.collect_misses(&mut out.misses);
        }
        out.rows[i] = RowOut {
            verdict,
            line: batch.lines[i],
            path,
            bytes_end: out.bytes.len(),
            warnings_end: out.warnings.len(),
            misses_end: out.misses.len(),
            message,
            values_end: out.values.len(),
            list_end: out.list_bytes.len(),
            keys_end: out.keys.len(),
            sent,
        };
    }

    /// Appends the row's line for the lists of warned or excluded rows, when a sink asked for
    /// them: a warned row with its warnings; an excluded row with its rule's message; a row to
    /// write that has a duplicate key, in case the writing stage finds it a duplicate.
    fn list_line_for(&mut self, batch: &Batch, i: usize, verdict: Verdict, out: &mut Decided) {
        let (plan, needs) = (self.plan, self.needs);
        let (rule, message) = match verdict {
            Verdict::Write { key } => {
                let first = out.rows.get(i.wrapping_sub(1)).filter(|_| i > 0).map_or(0, |p| p.warnings_end);
                let warnings = &out.warnings[first..];
                if needs.warned_lines && !warnings.is_empty() {
                    let rules: Vec<&str> = warnings.iter().map(|(r, _)| plan.rule_name(*r)).collect();
                    let messages: Vec<&str> = warnings.iter().map(|(_, m)| m.as_str()).collect();
                    (rules.join(" / "), messages.join(" / "))
                } else if needs.excluded_lines && key.is_some() {
                    let dup = &plan.builtin.duplicate;
                    (
                        plan.rule_name(dup.rule).to_string(),
                        plan.render_message(&dup.message, &mut self.row, self.ctx, &[]),
                    )
                } else {
                    return;
                }
            }
            Verdict::Exclude(rule) if needs.excluded_lines => {
                let message = if rule == plan.builtin.already_sent.rule {
                    plan.render_message(&plan.builtin.already_sent.message, &mut self.row, self.ctx, &[])
                } else {
                    plan.rule_message(rule, &mut self.row, self.ctx).unwrap_or_default()
                };
                (plan.rule_name(rule).to_string(), message)
            }
            _ => return,
        };
        let fields = self.reject_columns.row(self.source, &batch.records[i], batch.lines[i], &rule, &message);
        write_csv_record(&mut out.list_bytes, &fields);
    }

    /// Appends the values that decided an exclusion to the batch; the first time this
    /// decider meets a rule with these values, renders the rule's message (returns its index).
    fn explain_exclusion(&mut self, rule: RuleId, out: &mut Decided) -> usize {
        let start = out.values.len();
        self.plan.deciding_values(rule, &self.row, &mut out.values);
        let values = &out.values[start..];
        let seen = self.explained.entry(rule).or_default();
        if self.explained_count >= EXPLAINED_MAX || seen.contains(values) {
            return NO_MESSAGE;
        }
        seen.insert(values.to_string());
        self.explained_count += 1;
        match self.plan.rule_message(rule, &mut self.row, self.ctx) {
            Some(m) => {
                out.messages.push(m);
                out.messages.len() - 1
            }
            None => NO_MESSAGE,
        }
    }

    /// The row's lookup misses: every lookup that reads a field directly, tried on the field
    /// whatever decided the row, then the misses the decision met in lookups of derived
    /// values.
    fn collect_misses(&mut self, out: &mut Vec<Miss>) {
        let (plan, row) = (self.plan, &mut self.row);
        for &(field, lookup) in &self.field_lookups {
            let value = row.text(field);
            if matches!(plan.lookups()[lookup].find(value), Found::Miss(_)) {
                out.push(Miss { lookup, field: Some(field), value: value.to_string() });
            }
        }
        let direct = &self.field_lookups;
        out.extend(
            row.misses.drain(..).filter(|(l, _)| !direct.iter().any(|(_, d)| d == l)).map(|(lookup, value)| Miss {
                lookup,
                field: None,
                value,
            }),
        );
    }

    /// Appends the reject-file line of record `i` to the batch's bytes and keeps its message;
    /// returns the message's index.
    fn reject_line(&self, batch: &Batch, i: usize, r: Reject, out: &mut Decided) -> usize {
        let fields = self.reject_columns.row(
            self.source,
            &batch.records[i],
            batch.lines[i],
            self.plan.rule_name(r.rule),
            &r.message,
        );
        write_csv_record(&mut out.bytes, &fields);
        out.messages.push(r.message);
        out.messages.len() - 1
    }
}

/// The rejection by one of the engine's own rules, worded by the profile.
fn builtin_reject(plan: &Plan, b: &Builtin, row: &mut RowState, ctx: &InputCtx, vars: &[(&str, &str)]) -> Reject {
    Reject { rule: b.rule, message: plan.render_message(&b.message, row, ctx, vars) }
}

/// Appends the row's encoded columns to `line` (left as it was if a character cannot be
/// written: then the rejection is returned). Replacements (when the profile allows them)
/// become warnings on the row.
pub fn encode_checked(
    plan: &Plan,
    row: &mut RowState,
    ctx: &InputCtx,
    encoder: &mut RowEncoder<'_>,
    line: &mut Vec<u8>,
    replaced: &mut Vec<Unencodable>,
) -> Option<Reject> {
    let result = encoder.encode_row(&row.columns, line, replaced);
    let describe =
        |u: &Unencodable| (plan.columns[u.column].name.clone(), u.ch.to_string(), format!("U+{:04X}", u.ch as u32));
    if let Err(u) = result {
        let (column, ch, cp) = describe(&u);
        let vars = [("column", column.as_str()), ("char", ch.as_str()), ("codepoint", cp.as_str())];
        return Some(builtin_reject(plan, &plan.builtin.unencodable, row, ctx, &vars));
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
