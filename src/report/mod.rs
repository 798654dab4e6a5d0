//! What a run did: live counts ([`counts`]), the report assembled as the run goes
//! ([`builder`]: its phases and sinks each add what they know), the JSON report automation
//! reads ([`json`]), and the summary a shop operator reads ([`summary`]).

mod builder;
mod counts;
mod json;
mod summary;

pub(crate) use builder::{EXAMPLES, ExcludedValues, ReportBuilder};
pub(crate) use counts::Counts;
pub(crate) use json::{
    DefaultedField, Example, FileReport, InputReport, LedgerReport, PreviousAnswer, Report, RowCounts, SetAside,
    UnconfirmedFile, by_rule,
};
pub(crate) use summary::{SummaryExtras, summary, summary_total};
