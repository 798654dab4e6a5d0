//! What a run did: live counts ([`counts`]), the report assembled as the run goes
//! ([`builder`]: its phases and sinks each add what they know), the JSON report automation
//! reads ([`json`]), how a rule is named to an operator ([`labels`]), and the summary a shop operator reads ([`summary`]).

mod builder;
mod counts;
mod json;
mod labels;
mod summary;

pub(crate) use builder::{EXAMPLES, ExcludedValues, ReportBuilder};
pub(crate) use counts::Counts;
pub(crate) use json::{
    DefaultedField, Example, FileReport, InputReport, LedgerReport, PreviousAnswer, Report, RowCounts, SetAside,
    UnconfirmedFile, by_rule,
};
pub(crate) use labels::{RuleText, is_labelled, recorded_rule, rule_about, rule_label, rule_texts, unlabelled_note};
pub(crate) use summary::{SummaryExtras, summary, summary_total};
