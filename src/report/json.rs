//! The run report (`--report FILE.json`): what automation reads. Its keys are a contract and do
//! not change with the language of the summary.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::engine::Plan;

/// The run report (`--report FILE.json`); its keys are a contract with automation.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Report {
    pub profile: String,
    pub as_of: String,
    /// The value of every profile parameter used (its default, or `run --set`).
    pub params: BTreeMap<String, crate::engine::ParamValue>,
    pub inputs: Vec<InputReport>,
    pub rows: RowCounts,
    pub excluded_by_rule: BTreeMap<String, u64>,
    pub rejected_by_rule: BTreeMap<String, u64>,
    pub warnings_by_rule: BTreeMap<String, u64>,
    /// The words of every rule that counted anything in this run, by its id: what a front
    /// end shows instead of the id alone.
    pub rules: BTreeMap<String, super::RuleText>,
    pub files: Vec<FileReport>,
    pub rejects_file: Option<String>,
    /// The list of written rows that carry a warning (not an upload file).
    pub warned_file: Option<String>,
    /// The list of excluded rows (`--list-excluded`; not an upload file).
    pub excluded_file: Option<String>,
    /// Per exclusion rule, the most frequent values that decided its rows, with the rule's
    /// message from the profile.
    pub excluded_examples: BTreeMap<String, Vec<Example>>,
    /// Per warning rule, its first distinct messages.
    pub warning_examples: BTreeMap<String, Vec<Example>>,
    /// Upload files of the profile's previous run into this folder that this run did not
    /// write: moved into `.orderbridge.archive/` (so none is left to be uploaded again).
    pub archived: Vec<String>,
    /// Files in the output folder this run neither wrote nor moved (written by hand, by
    /// another tool, or changed since the run that wrote them).
    pub not_from_this_run: Vec<String>,
    /// Optional fields whose column an input lacks: every row of that input got the default.
    pub defaulted_fields: Vec<DefaultedField>,
    /// What the ledger said and recorded (runs with `--ledger` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerReport>,
    /// The output folder's manifest was not obeyed (only when that happened).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest_set_aside: Option<SetAside>,
}

/// A manifest the run did not obey: why (`not_a_file`, `unreadable`, `outside`, `link`,
/// `malformed`) and where its bytes were kept (none for a link or a folder, left as it was
/// found only if not in the way).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SetAside {
    pub problem: String,
    pub kept_as: Option<String>,
}

/// A run's dealings with its ledger. Excluded rows already sent are counted under the
/// `already_sent` rule with the other exclusions.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct LedgerReport {
    /// The ledger file.
    pub path: String,
    /// The run was recorded (not with `--dry-run`, nor when the run failed, nor when
    /// `--strict` wrote no upload file).
    pub recorded: bool,
    /// `--strict` stopped every upload file: nothing was sent, so nothing was recorded.
    pub strict_blocked: bool,
    /// The name the profile gives the `already_sent` rule (its count is with the exclusions).
    pub rule: String,
    /// The run's number in the ledger.
    pub run: Option<i64>,
    /// Written rows the ledger had never seen sent nor written.
    pub new: u64,
    /// Written rows sent in a confirmed upload with other values.
    pub changed: u64,
    /// Written rows that are only in upload files not yet confirmed: written again.
    pub unconfirmed: u64,
    /// Written rows already sent with the same values, written anyway (`--resend`).
    pub resent: u64,
    /// The unconfirmed files those rows were in: path under its run's output folder and when
    /// it was written.
    pub unconfirmed_files: Vec<UnconfirmedFile>,
    /// The run's answer about earlier files whose upload was not known (`--previous`:
    /// `uploaded` or `not-uploaded`), when it answered for any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousAnswer>,
    /// The files it answered for (recorded with the run).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answered_files: Vec<UnconfirmedFile>,
}

/// The run's answer about earlier files of unknown upload (`--previous`), as the report
/// writes it (`uploaded`, `not-uploaded`: the flag's own words).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum PreviousAnswer {
    Uploaded,
    NotUploaded,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnconfirmedFile {
    pub path: String,
    pub written_at: String,
}

/// A value (or message) and how many rows had it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Example {
    pub value: String,
    pub rows: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// A field read from no column of an input: its default stood for every row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DefaultedField {
    pub input: String,
    pub field: String,
    pub default: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputReport {
    pub path: String,
    pub encoding: String,
    pub rows: u64,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct RowCounts {
    pub read: u64,
    pub written: u64,
    pub excluded: u64,
    pub rejected: u64,
    pub warnings: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileReport {
    pub path: String,
    pub rows: u64,
    pub bytes: u64,
    /// What the operator calls the file (`[output] file_label`, e.g. the store's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where it is to be uploaded (`[output] file_note`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Rule name → count, for the rules that counted anything.
pub fn by_rule(plan: &Plan, counts: &[u64]) -> BTreeMap<String, u64> {
    counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| (plan.rule_name(i).to_string(), *n)).collect()
}
