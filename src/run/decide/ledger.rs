//! The decider's part of a run with a ledger: each row's ledger key (the `already_sent` rule
//! that reads it is one of the engine's rules, in [`super::builtin`]).

use crate::engine::{InputCtx, Plan, RowState};

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
}
