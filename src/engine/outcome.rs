//! What happened to a row: one type from the plan's decision to every sink, whoever decided
//! it — a rule of the profile or one of the engine's own ([`super::BuiltinRule`]).
//!
//! The type is the same at every stage; only how it holds the upload path and the reject
//! message changes: the plan leaves the path in the row state ([`Decision`]), a decided batch
//! holds indices into its shared buffers, a sink borrows both, a collector owns them.

use super::RuleId;

/// What happened to a row. `P` holds the path of the upload file a written row goes to
/// (relative to the output folder), `M` the message a rejected row is listed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<P, M> {
    /// Written to the upload file at `path`.
    Written { path: P },
    /// Excluded by a rule (the profile's, or the engine's `duplicate` or `already_sent`).
    Excluded { rule: RuleId },
    /// Rejected by a rule, with the operator's message.
    Rejected { rule: RuleId, message: M },
}

/// The plan's outcome for a row ([`super::Plan::decide`]): a written row's columns, path and
/// warnings are in the [`super::RowState`]; a rejected row's message is rendered.
pub type Decision = Outcome<(), String>;

impl<P, M> Outcome<P, M> {
    /// The rule that excluded or rejected the row.
    pub fn rule(&self) -> Option<RuleId> {
        match self {
            Outcome::Written { .. } => None,
            Outcome::Excluded { rule } | Outcome::Rejected { rule, .. } => Some(*rule),
        }
    }

    pub fn is_written(&self) -> bool {
        matches!(self, Outcome::Written { .. })
    }

    pub fn is_excluded(&self) -> bool {
        matches!(self, Outcome::Excluded { .. })
    }

    /// The same outcome with its path and message held another way.
    pub fn map<P2, M2>(self, path: impl FnOnce(P) -> P2, message: impl FnOnce(M) -> M2) -> Outcome<P2, M2> {
        match self {
            Outcome::Written { path: p } => Outcome::Written { path: path(p) },
            Outcome::Excluded { rule } => Outcome::Excluded { rule },
            Outcome::Rejected { rule, message: m } => Outcome::Rejected { rule, message: message(m) },
        }
    }
}
