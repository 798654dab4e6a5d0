//! The engine's own rules ([`crate::engine::BuiltinRule`]) where a run applies them, in one
//! place: a record of the wrong width or with undecodable bytes (known once it is read), a
//! character the output encoding cannot write (known once the row is encoded), a row already
//! in a confirmed upload (known from the ledger), and a row whose duplicate key was already
//! written to its file (known only in input order, so the writing stage asks). Each turns the
//! row's outcome into its own, worded by the profile; `bad_path` is the plan's, as it routes.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::common::keyset::{SpillPlan, SpillSet};
use crate::engine::{Builtin, BuiltinRule, Decision, InputCtx, Outcome, Plan, Reject, RowState, RuleId};
use crate::io::encode::{RowEncoder, Unencodable};
use crate::io::journal::{TEMP_PREFIX, TEMP_SUFFIX};
use crate::io::output::OutputError;
use crate::ledger::{Class, SentView, key_hash as ledger_key_hash, value_hash};
use crate::run::rejects::{RejectColumns, RejectSource, write_csv_record};

use super::held::Held;

/// `field_count`: the record has `found` fields where the header has `expected`.
pub(super) fn field_count(plan: &Plan, row: &mut RowState, ctx: &InputCtx, found: usize, expected: usize) -> Decision {
    let (found, expected) = (found.to_string(), expected.to_string());
    let vars = [("found", found.as_str()), ("expected", expected.as_str())];
    rejected(reject(plan, BuiltinRule::FieldCount, row, ctx, &vars))
}

/// `undecodable`: `column` has bytes that are not valid in the input's encoding `expected`.
pub(super) fn undecodable(plan: &Plan, row: &mut RowState, ctx: &InputCtx, column: &str, expected: &str) -> Decision {
    let vars = [("column", column), ("expected", expected)];
    rejected(reject(plan, BuiltinRule::Undecodable, row, ctx, &vars))
}

fn rejected(r: Reject) -> Decision {
    Decision::Rejected { rule: r.rule, message: r.message }
}

/// The rejection by one of the engine's rules, worded by the profile.
fn reject(plan: &Plan, which: BuiltinRule, row: &mut RowState, ctx: &InputCtx, vars: &[(&str, &str)]) -> Reject {
    let b: &Builtin = plan.builtin.get(which);
    Reject { rule: b.rule, message: plan.render_message(&b.message, row, ctx, vars) }
}

/// `unencodable`: appends the row's encoded columns to `line` (left as it was if a character
/// cannot be written: then the rejection is returned). Replacements (when the profile allows
/// them) become warnings on the row.
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
        return Some(reject(plan, BuiltinRule::Unencodable, row, ctx, &vars));
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

/// `already_sent`: whether the row about to be written is already in a confirmed upload with
/// the same values (and `--resend` was not given); sets `sent` to what the ledger knew of it.
pub(super) fn already_sent(view: Option<&SentView>, columns: &[String], key: &str, sent: &mut Option<Class>) -> bool {
    let Some(view) = view else { return false };
    let class = view.classify(ledger_key_hash(key), value_hash(columns));
    *sent = Some(class);
    view.holds_back(class)
}

/// `changed_since_send`: whether the row about to be written, already classified by
/// [`already_sent`], changed since its confirmed send of an upload that adds.
pub(super) fn changed_since_send(view: Option<&SentView>, sent: Option<Class>) -> bool {
    matches!((view, sent), (Some(view), Some(class)) if view.holds_changed(class))
}

/// What the list of excluded rows needs to give a row its line: the columns, the input, the
/// record and its line.
pub(super) type ListLine<'a> = (&'a RejectColumns, &'a RejectSource, &'a csv::ByteRecord, u64);

/// `changed_after_send`, as far as one row can tell: for an upload that adds (without
/// `--resend`), a new row whose key without the correction columns was sent in a confirmed
/// upload with other values there. Returns, per such send, what the writing stage needs to
/// exclude the row if the input no longer has that send's key ([`super::held`]).
pub(super) fn changed_after_send(
    plan: &Plan,
    view: &SentView,
    class: Class,
    key: &str,
    row: &mut RowState,
    ctx: &InputCtx,
    list: Option<ListLine<'_>>,
) -> Option<Held> {
    if view.resend || !view.options.adds || !matches!(class, Class::New | Class::Answered { same: false, .. }) {
        return None;
    }
    let (sends, new) = view.corrections.of(key);
    let earlier: Vec<_> = sends
        .iter()
        .filter(|s| s.key != ledger_key_hash(key))
        .map(|s| {
            let sent_at = crate::ledger::local_time(&s.confirmed_at, s.time_zone.as_deref());
            let vars = [("old", s.old.as_str()), ("new", new.as_str()), ("sent_at", sent_at.as_str())];
            let message = plan.render_message(&plan.builtin.changed_after_send.message, row, ctx, &vars);
            let line = list.map_or_else(Vec::new, |(columns, source, record, line)| {
                let rule = plan.rule_name(plan.builtin.changed_after_send.rule);
                let mut out = Vec::new();
                write_csv_record(&mut out, &columns.row(source, record, line, rule, &message));
                out
            });
            (s.key, format!("{} → {new}", s.old), message, line)
        })
        .collect();
    (!earlier.is_empty()).then_some(Held { earlier })
}

/// A 64-bit hash of the row's file path and duplicate-key columns (output values): a key is a
/// duplicate only within one file. Only written rows keep one, so memory grows with 8 bytes
/// per written row, not with the row's text. foldhash's quality variant (fixed seed, so runs
/// are reproducible) mixes as well as SipHash for non-adversarial keys at a fraction of the
/// cost; the collision odds are those of any 64-bit hash.
pub(super) fn duplicate_key(plan: &Plan, row: &RowState) -> Option<u64> {
    use std::hash::BuildHasher;
    if plan.duplicate_key.is_empty() {
        return None;
    }
    let mut h = foldhash::quality::FixedState::with_seed(0x6f72_6465_7262_7267).build_hasher();
    h.write(row.path.as_bytes());
    h.write_u8(0x1e);
    for &i in &plan.duplicate_key {
        h.write(row.columns[i].as_bytes());
        h.write_u8(0x1f);
    }
    Some(h.finish())
}

/// Keys of written rows the `duplicate` rule holds in memory (6 bytes each) before it moves
/// them to temporary files in the output folder: about 0.75 MiB, reached by a run writing
/// ~130,000 rows. Beyond it memory stays flat however large the input.
const KEYS_IN_MEMORY: usize = 1 << 17;
/// The filter that answers for the keys in files without reading them (1 MiB): a key not
/// written before reads no file unless the filter errs, about 1 time in 1,000 with a million
/// keys in files and 1 in 10 with two million.
const FILTER_BYTES: usize = 1 << 20;

#[cfg(test)]
thread_local! {
    /// A test's [`KEYS_IN_MEMORY`] (for runs on its thread), and the files made so far.
    pub(crate) static TEST_SPILL: std::cell::Cell<(Option<usize>, usize)> = const { std::cell::Cell::new((None, 0)) };
}

/// A temporary file in the output folder, removed from it at once: the file lives as long as
/// its handle, whatever way the run ends (a kill in between leaves a `.partial` that the next
/// run's recovery deletes).
fn spill_file(dir: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(test)]
    TEST_SPILL.set((TEST_SPILL.get().0, TEST_SPILL.get().1 + 1));
    Ok(tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX).tempfile_in(dir)?.into_file())
}

/// `duplicate`: the keys of the rows written so far, checked in input order by the writing
/// stage (the deciders run ahead, on batches of their own).
pub struct Duplicates {
    keys: SpillSet,
    rule: RuleId,
    /// Where the keys beyond the memory's budget go (for its errors).
    dir: PathBuf,
}

impl Duplicates {
    /// Keys kept in memory only (a dry run, which has no output folder of its own).
    pub fn new(plan: &Plan) -> Self {
        Duplicates { keys: SpillSet::new(), rule: plan.builtin.duplicate.rule, dir: PathBuf::new() }
    }

    /// Keys beyond the memory's budget kept in temporary files in `dir` (the output folder,
    /// locked by the run).
    pub fn spilling_in(plan: &Plan, dir: &Path) -> Self {
        #[cfg(not(test))]
        let keys_in_memory = KEYS_IN_MEMORY;
        #[cfg(test)]
        let keys_in_memory = TEST_SPILL.get().0.unwrap_or(KEYS_IN_MEMORY);
        let spill = SpillPlan { dir: dir.to_path_buf(), make: spill_file, keys_in_memory, filter_bytes: FILTER_BYTES };
        Duplicates { keys: SpillSet::spilling(spill), rule: plan.builtin.duplicate.rule, dir: dir.to_path_buf() }
    }

    /// The row's outcome once its duplicate `key` is checked: a row to write, or one the
    /// output encoding could not hold, whose key was already written is a duplicate
    /// (duplicates are decided first); a row written keeps its key. Fails only if a
    /// temporary file of keys cannot be written or read.
    pub fn check<P, M>(&mut self, outcome: Outcome<P, M>, key: Option<u64>) -> Result<Outcome<P, M>, OutputError> {
        let Some(key) = key else { return Ok(outcome) };
        let io = |source| OutputError::Io { path: self.dir.display().to_string(), source };
        if self.keys.contains(key).map_err(io)? {
            return Ok(Outcome::Excluded { rule: self.rule });
        }
        if outcome.is_written() {
            self.keys.insert_absent(key).map_err(io)?;
        }
        Ok(outcome)
    }
}
