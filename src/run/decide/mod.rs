//! Deciding a row, everything that needs its values: the plan's rules, then the engine's own
//! rules ([`builtin`]: field count, undecodable, unencodable, already sent, and the duplicate
//! check the writing stage makes in input order), the row encoded for its file or formatted
//! for the reject file — so the writing stage only has to remove duplicates and hand bytes to
//! the sinks in order. [`decided`] is the batch the decider hands on; [`ledger`] the decider's
//! part of a run with a ledger.

pub(crate) mod builtin;
mod decided;
pub(crate) mod held;
mod ledger;

use crate::engine::lookup::Found;
use crate::engine::{Decision, InputCtx, Outcome, Plan, Reject, RowState, RuleId};
use crate::io::batch::{Batch, RowRead};
use crate::io::encode::RowEncoder;

use crate::run::rejects::{RejectColumns, RejectSource};
use crate::run::sink::{FileText, Miss, Needs};
use ledger::LedgerStep;

pub(crate) use decided::{Decided, NO_MESSAGE, RowOut};

/// The display name and note of the file a row to write opens (rendered once per file and
/// batch, not per row). Values they compute decide nothing: a lookup they miss is not one of
/// the row's misses.
fn file_text(plan: &Plan, row: &mut RowState, ctx: &InputCtx) -> FileText {
    let misses = row.misses.len();
    let mut render = |t: &Option<crate::engine::template::Template>| {
        t.as_ref().map(|t| plan.render_message(t, row, ctx, &[])).filter(|s| !s.trim().is_empty())
    };
    let text = FileText { label: render(&plan.file_label), note: render(&plan.file_note) };
    row.misses.truncate(misses);
    text
}

/// Distinct (rule, values) pairs per input whose message is rendered for the summary.
const EXPLAINED_MAX: usize = 4096;

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
    /// Reused for each field of a list line.
    pub scratch: String,
}

impl Decider<'_> {
    pub fn decide_batch(&mut self, batch: &Batch, out: &mut Decided) {
        out.reserve_rows(batch.len);
        out.len = batch.len;
        out.position = batch.position;
        out.bytes.clear();
        out.paths.clear();
        out.file_texts.clear();
        out.warnings.clear();
        out.messages.clear();
        out.misses.clear();
        out.values.clear();
        out.list_bytes.clear();
        out.keys.clear();
        out.columns.clear();
        out.held.clear();
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
            RowRead::FieldCount { found } => builtin::field_count(plan, row, ctx, *found, self.header_len),
            RowRead::Undecodable { column } => {
                builtin::undecodable(plan, row, ctx, column, self.source.encoding.label())
            }
            RowRead::Ok => {
                for (f, value) in batch.fields(i).enumerate() {
                    row.set_field(f, value);
                }
                plan.decide(row, ctx)
            }
        };
        if self.needs.keys {
            LedgerStep::key(plan, row, ctx, decision.is_written(), batch.read[i] == RowRead::Ok, &mut out.keys);
        }
        let mut done = RowOut { line: batch.lines[i], ..RowOut::BLANK };
        done.outcome = match decision {
            Decision::Written { .. } => self.written(batch, i, out, &mut done),
            Decision::Excluded { rule } => {
                done.message = self.explain_exclusion(rule, out);
                Outcome::Excluded { rule }
            }
            Decision::Rejected { rule, message } => {
                done.message = self.reject_line(batch, i, Reject { rule, message }, out);
                Outcome::Rejected { rule, message: () }
            }
        };
        self.list_line_for(batch, i, done.outcome, done.duplicate_key, out);
        if self.needs.misses && batch.read[i] == RowRead::Ok {
            self.collect_misses(&mut out.misses);
        }
        out.rows[i] = RowOut {
            bytes_end: out.bytes.len(),
            warnings_end: out.warnings.len(),
            misses_end: out.misses.len(),
            values_end: out.values.len(),
            list_end: out.list_bytes.len(),
            keys_end: out.keys.len(),
            columns_end: out.columns.len(),
            ..done
        };
    }

    /// A row the plan writes, through the engine's rules that come after the plan's: it may
    /// be already sent (excluded), or hold a character the output cannot (rejected); else it
    /// is encoded for its file. Its duplicate key is left for the writing stage to check.
    fn written(&mut self, batch: &Batch, i: usize, out: &mut Decided, done: &mut RowOut) -> Outcome<(), ()> {
        let (plan, ctx, row) = (self.plan, self.ctx, &mut self.row);
        let key = builtin::duplicate_key(plan, row);
        let mut replaced = Vec::new();
        match builtin::encode_checked(plan, row, ctx, &mut self.encoder, &mut out.bytes, &mut replaced) {
            None if builtin::already_sent(
                self.ledger,
                &row.columns,
                &out.keys[out.rows_keys_start()..],
                &mut done.sent,
            ) || builtin::changed_since_send(self.ledger, done.sent) =>
            {
                // Not written: its bytes are not this row's.
                let start = out.rows.get(i.wrapping_sub(1)).filter(|_| i > 0).map_or(0, |p| p.bytes_end);
                out.bytes.truncate(start);
                row.warnings.clear();
                let b = &plan.builtin;
                let changed = builtin::changed_since_send(self.ledger, done.sent);
                let rule = if changed { b.changed_since_send.rule } else { b.already_sent.rule };
                done.message = self.explain_exclusion(rule, out);
                Outcome::Excluded { rule }
            }
            None => {
                if let (Some(view), Some(class)) = (self.ledger, done.sent) {
                    let key = &out.keys[out.rows_keys_start()..];
                    if let Some(held) = builtin::changed_after_send(
                        plan,
                        view,
                        class,
                        key,
                        &mut self.row,
                        ctx,
                        self.needs.excluded_lines.then_some((
                            self.reject_columns,
                            self.source,
                            &batch.records[i],
                            batch.lines[i],
                        )),
                    ) {
                        out.held.push(held);
                        done.held = Some(out.held.len() - 1);
                    }
                }
                let row = &mut self.row;
                done.path = crate::engine::intern::intern(&mut out.paths, row.path.as_str());
                if out.file_texts.len() < out.paths.len() {
                    out.file_texts.push(file_text(plan, row, ctx));
                }
                out.warnings.append(&mut row.warnings);
                out.keep_columns(&row.columns);
                done.duplicate_key = key;
                Outcome::Written { path: () }
            }
            Some(r) => {
                let rule = r.rule;
                done.message = self.reject_line(batch, i, r, out);
                done.duplicate_key = key;
                Outcome::Rejected { rule, message: () }
            }
        }
    }

    /// Appends the row's line for the lists of warned or excluded rows, when a sink asked for
    /// them: a warned row with its warnings; an excluded row with its rule's message; a row to
    /// write that has a duplicate key, in case the writing stage finds it a duplicate.
    fn list_line_for(
        &mut self,
        batch: &Batch,
        i: usize,
        outcome: Outcome<(), ()>,
        duplicate_key: Option<u64>,
        out: &mut Decided,
    ) {
        let (plan, needs) = (self.plan, self.needs);
        let (rule, message) = match outcome {
            Outcome::Written { .. } => {
                let first = out.rows.get(i.wrapping_sub(1)).filter(|_| i > 0).map_or(0, |p| p.warnings_end);
                let warnings = &out.warnings[first..];
                if needs.warned_lines && !warnings.is_empty() {
                    let rules: Vec<&str> = warnings.iter().map(|(r, _)| plan.rule_name(*r)).collect();
                    let messages: Vec<&str> = warnings.iter().map(|(_, m)| m.as_str()).collect();
                    (rules.join(" / "), messages.join(" / "))
                } else if needs.excluded_lines && duplicate_key.is_some() {
                    let dup = &plan.builtin.duplicate;
                    (
                        plan.rule_name(dup.rule).to_string(),
                        plan.render_message(&dup.message, &mut self.row, self.ctx, &[]),
                    )
                } else {
                    return;
                }
            }
            Outcome::Excluded { rule } if needs.excluded_lines => {
                let b = &plan.builtin;
                let message =
                    if let Some(own) = [&b.already_sent, &b.changed_since_send].into_iter().find(|o| o.rule == rule) {
                        plan.render_message(&own.message, &mut self.row, self.ctx, &[])
                    } else {
                        plan.rule_message(rule, &mut self.row, self.ctx).unwrap_or_default()
                    };
                (plan.rule_name(rule).to_string(), message)
            }
            _ => return,
        };
        let (rec, line) = (&batch.records[i], batch.lines[i]);
        self.reject_columns.write_row(&mut out.list_bytes, &mut self.scratch, self.source, rec, line, &rule, &message);
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
    fn reject_line(&mut self, batch: &Batch, i: usize, r: Reject, out: &mut Decided) -> usize {
        let (rec, line, rule) = (&batch.records[i], batch.lines[i], self.plan.rule_name(r.rule));
        self.reject_columns.write_row(&mut out.bytes, &mut self.scratch, self.source, rec, line, rule, &r.message);
        out.messages.push(r.message);
        out.messages.len() - 1
    }
}
