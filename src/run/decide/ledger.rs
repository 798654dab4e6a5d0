//! The decider's part of a run with a ledger: each row's ledger key, and the `already_sent`
//! decision. It is a decision like the profile's rules (made on the deciders' threads, against
//! the read-only [`SentView`](crate::ledger::SentView) loaded before the first row), so the
//! row still flows to every sink as excluded, and the counts add up.

use crate::engine::{InputCtx, Plan, RowState};
use crate::ledger::{Class, SentView, key_hash, value_hash};

/// The ledger's steps of deciding a row (free functions: the decider's row is borrowed).
pub(super) struct LedgerStep;

impl LedgerStep {
    /// Appends the row's ledger key to the batch's keys: from its columns if it is written,
    /// else computed as far as it can be (`read`: its fields were read).
    pub(super) fn key(plan: &Plan, row: &mut RowState, ctx: &InputCtx, written: bool, read: bool, keys: &mut String) {
        if written {
            plan.ledger_key_of(&row.columns, keys);
        } else if read {
            plan.ledger_key_unwritten(row, ctx, keys);
        }
    }

    /// Whether the row about to be written is already in a confirmed upload with the same
    /// values (and `--resend` was not given); sets `sent` to what the ledger knew of it.
    pub(super) fn already_sent(
        view: Option<&SentView>,
        columns: &[String],
        key: &str,
        sent: &mut Option<Class>,
    ) -> bool {
        let Some(view) = view else { return false };
        let class = view.classify(key_hash(key), value_hash(columns));
        *sent = Some(class);
        class == Class::Same && !view.resend
    }
}
