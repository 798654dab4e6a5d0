//! The ledger key of a row (`[ledger] key`): the values of the key's output columns. A written
//! row has them in its columns; a row excluded or rejected before its columns were rendered
//! gets them computed here, as far as they can be, so that `ledger show ORDER` can also say
//! why an order was *not* sent.

use super::Plan;
use super::eval::{InputCtx, RowState};

/// Separates the key's values in the stored key (a control character no export contains, so
/// that a prefix of the first value is a prefix of the key).
pub const KEY_SEPARATOR: char = '\u{1f}';

impl Plan {
    /// Appends the ledger key of a written row (its columns are in `columns`).
    pub fn ledger_key_of(&self, columns: &[String], out: &mut String) {
        for (n, &i) in self.ledger_key.iter().enumerate() {
            if n > 0 {
                out.push(KEY_SEPARATOR);
            }
            out.push_str(&columns[i]);
        }
    }

    /// Appends the ledger key of a row that was not written, computing the key's columns
    /// (folded like upload values). Returns `false`, leaving `out` as it was, when a key
    /// column cannot be computed for this row (its own value rejects it).
    pub fn ledger_key_unwritten(&self, row: &mut RowState, ctx: &InputCtx, out: &mut String) -> bool {
        let start = out.len();
        for (n, &i) in self.ledger_key.iter().enumerate() {
            let slot = self.columns[i].slot;
            if self.ensure(slot, row, ctx).is_err() {
                out.truncate(start);
                return false;
            }
            if n > 0 {
                out.push(KEY_SEPARATOR);
            }
            self.output.fold_onto(row.text(slot), out);
        }
        true
    }
}
