//! What a run did: live counts ([`counts`]), the report assembled as the run goes
//! ([`builder`]: its phases and sinks each add what they know), the JSON report automation
//! reads ([`json`]), and the summary a shop operator reads ([`summary`]).

mod builder;
mod counts;
mod json;
mod summary;

pub use builder::{EXAMPLES, ExcludedValues, ReportBuilder};
pub use counts::Counts;
pub use json::{
    DefaultedField, Example, FileReport, InputReport, LedgerReport, Report, RowCounts, SetAside, UnconfirmedFile,
    by_rule,
};
pub use summary::{SummaryExtras, summary};
