//! What a run did: live counts ([`counts`]), the JSON report automation reads ([`json`]), and
//! the summary a shop operator reads ([`summary`]).

mod counts;
mod json;
mod summary;

pub use counts::Counts;
pub use json::{
    DefaultedField, Example, FileReport, InputReport, LedgerReport, Report, RowCounts, SetAside, UnconfirmedFile,
    by_rule,
};
pub use summary::{SummaryExtras, summary};
