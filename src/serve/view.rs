//! The page's JSON answers, as types: field for field what the page's scripts
//! (`assets/*.js`) read. A change of shape is a change of these types, seen by the compiler
//! at every place that fills them, rather than a `json!` value edited by index somewhere.
//! Who fills them: `result` (a run's result or failure), `check` (the profile list and the
//! check screen), `api` (a run's status, refusals), `ledger` (the ledger's answers).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ledger::ShowEntry;
use crate::report::{LedgerReport, Report, RowCounts};

/// A refused request: `{"error": {…}}` with its HTTP status.
#[derive(Debug, Serialize)]
pub struct Refused<'a> {
    pub error: Refusal<'a>,
}

#[derive(Debug, Serialize)]
pub struct Refusal<'a> {
    pub kind: &'a str,
    /// A catalog key the page shows under the message (what to do).
    pub hint: &'a str,
    pub message: String,
    /// The same as `message` (what an API client prints).
    pub text: String,
}

/// A run that did nothing, or a sample the check could not read: the command line's facts
/// (file, line, message), the page's hint.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub kind: &'static str,
    pub hint: &'static str,
    pub file: Option<String>,
    pub line: Option<u64>,
    pub message: String,
    /// The command line's whole `error:` text.
    pub text: String,
}

/// `GET /api/text`: the catalog's messages for the scripts.
#[derive(Debug, Serialize)]
pub struct Text {
    pub lang: &'static str,
    pub messages: BTreeMap<String, String>,
}

/// `POST /api/runs`: the run's id and where to ask about it.
#[derive(Debug, Serialize)]
pub struct Created {
    pub id: String,
    pub url: String,
}

/// `GET /api/runs/{id}`: where a run is.
#[derive(Debug, Serialize)]
pub struct Status<'a> {
    pub id: &'a str,
    #[serde(flatten)]
    pub state: State<'a>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum State<'a> {
    Waiting {
        #[serde(flatten)]
        on: WaitingOn,
    },
    Running {
        read_bytes: u64,
        total_bytes: u64,
    },
    Done {
        /// The first profile's part (a run of one profile has only it).
        result: &'a RunResult,
        /// Every profile's part, in the order chosen (the first is `result`).
        parts: &'a [RunResult],
    },
    /// Stopped before writing: the question to answer (`POST answer_url?previous=…`).
    Pending {
        files: Vec<PendingView>,
        answer_url: String,
    },
    Failed {
        error: Failure,
    },
}

/// Whom a waiting run waits for.
#[derive(Debug, Serialize)]
#[serde(tag = "waiting", rename_all = "lowercase")]
pub enum WaitingOn {
    /// The run before it, of this server.
    Queue,
    /// Another program's run holding the ledger, as the ledger says it.
    Ledger { message: String },
}

/// A finished run: what `showResult` in `assets/result.js` puts on the page.
#[derive(Debug, Serialize)]
pub struct RunResult {
    pub profile: String,
    pub as_of: String,
    pub strict: bool,
    pub strict_blocked: bool,
    /// The command line's exit code for this run (1: rows were rejected).
    pub exit: u8,
    pub elapsed_ms: u64,
    /// The run report (`--report`), each input named by its file name.
    pub report: Report,
    pub inputs: Vec<Input>,
    pub counts: RowCounts,
    /// The upload files, in the report's order.
    pub files: Vec<UploadFile>,
    pub ledger: Option<LedgerReport>,
    /// What strict mode held back.
    pub planned: Vec<Planned>,
    /// The label and sentence of every rule counted, by id, in each language.
    pub rules: BTreeMap<String, super::rule_words::RuleWords>,
    pub excluded_by_rule: Vec<RuleCount>,
    pub rejected_by_rule: Vec<RuleCount>,
    pub warnings_by_rule: Vec<WarningRule>,
    pub warned: Option<Warned>,
    pub rejects: Option<ListTable>,
    /// The list of written rows with a warning, with its first rows.
    pub warned_list: Option<ListTable>,
    /// The list of excluded rows, with its first rows.
    pub excluded_list: Option<ListTable>,
    pub zip_url: Option<String>,
}

/// One uploaded export as the run read it.
#[derive(Debug, Serialize)]
pub struct Input {
    pub name: String,
    pub encoding: String,
    pub rows: u64,
    pub bytes: u64,
}

/// A file of the run the page links to: its path under `--out`, the name it is saved under,
/// the address that sends it.
#[derive(Debug, Serialize)]
pub struct FileLink {
    pub path: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct UploadFile {
    /// Its place in the run's list of files (the `{index}` of its URLs).
    pub index: usize,
    #[serde(flatten)]
    pub link: FileLink,
    /// What the operator calls it (`[output] file_label`).
    pub label: Option<String>,
    /// Where it is to be uploaded (`[output] file_note`).
    pub note: Option<String>,
    pub rows: u64,
    pub bytes: u64,
    pub preview: Preview,
    /// With a ledger: where to say it was uploaded.
    pub confirm_url: Option<String>,
    /// With a ledger: where to say it was not (undoes a confirm).
    pub unsent_url: Option<String>,
    /// With a ledger: its upload status (unknown when written).
    pub status: Option<FileStatus>,
}

/// An upload file's status in the ledger, its times in its profile's time zone.
#[derive(Debug, Clone, Serialize)]
pub struct FileStatus {
    /// `unknown`, `uploaded` or `not_uploaded`.
    pub state: &'static str,
    pub confirmed_at: Option<String>,
    pub unsent_at: Option<String>,
}

impl FileStatus {
    /// A file just written: neither confirmed nor marked unsent.
    pub fn unknown() -> FileStatus {
        FileStatus { state: "unknown", confirmed_at: None, unsent_at: None }
    }
}

/// An earlier upload file whose upload is not known, as the page asks about it.
#[derive(Debug, Serialize)]
pub struct PendingView {
    pub profile: String,
    /// Its path now.
    pub path: String,
    /// When it was written, in its profile's time zone.
    pub written_at: String,
    /// Rows of this run in it.
    pub rows: u64,
}

/// The first rows of an upload file as written.
#[derive(Debug, Serialize)]
pub struct Preview {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct Planned {
    pub path: String,
    pub rows: u64,
}

/// A rule and its rows, with the rule's message (from the profile, or the first the run gave).
#[derive(Debug, Clone, Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub count: u64,
    /// The first message a row of this rule got (rendered, never a template).
    pub message: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct WarningRule {
    #[serde(flatten)]
    pub rule: RuleCount,
    pub examples: Vec<WarningExample>,
}

#[derive(Debug, Serialize)]
pub struct WarningExample {
    pub message: String,
    pub count: u64,
}

/// The list of written rows that carry a warning.
#[derive(Debug, Serialize)]
pub struct Warned {
    #[serde(flatten)]
    pub link: FileLink,
    pub rows: u64,
}

/// A list of rows (the reject file, the warned or the excluded rows: one layout), and its
/// first rows as a table: file, line, rule, reason, the order number and the export's columns
/// the profile reads.
#[derive(Debug, Serialize)]
pub struct ListTable {
    #[serde(flatten)]
    pub link: FileLink,
    /// Rows in the list in all (the table shows the first `shown`).
    pub total: u64,
    pub order_column: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<RejectRow>,
    pub shown: usize,
}

#[derive(Debug, Serialize)]
pub struct RejectRow {
    pub file: String,
    pub line: u64,
    pub rule: String,
    pub reason: String,
    pub order: Option<String>,
    pub values: Vec<String>,
}

/// `GET /api/profiles`.
#[derive(Debug, Serialize)]
pub struct Profiles {
    pub max_upload_bytes: u64,
    /// The profiles listed chosen: the shop file's.
    pub preselected: Vec<String>,
    pub profiles: Vec<Profile>,
}

/// A profile as `list-profiles` and `validate-profile` say it.
#[derive(Debug, Serialize)]
pub struct Profile {
    pub name: String,
    pub description: Option<String>,
    pub origin: Option<String>,
    pub file: Option<String>,
    pub valid: bool,
    /// Absent for a profile that could not be read (nothing is known of it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runnable: Option<bool>,
    pub problem_count: usize,
    pub problems: Vec<String>,
    pub tests: Tests,
    /// Today in the profile's time zone (the as-of date's default).
    pub today: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Tests {
    pub run: usize,
    pub passed: usize,
    pub failed: Vec<FailedTest>,
}

#[derive(Debug, Serialize)]
pub struct FailedTest {
    pub name: String,
    pub diff: String,
}

/// `GET /api/runs/{id}/check`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Checked {
    Check { profile: Profile, builtin: bool, samples: Vec<Sample> },
    Failed { error: Refusal<'static> },
}

/// One upload's coverage (`validate-profile --sample`), or why it could not be read.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Sample {
    Covered(Coverage),
    Unreadable { file: String, ok: bool, error: Failure },
}

#[derive(Debug, Serialize)]
pub struct Coverage {
    pub file: String,
    pub ok: bool,
    pub encoding: String,
    pub columns: usize,
    pub as_of: String,
    pub rows: u64,
    pub outcomes: Vec<Counted>,
    pub uncovered: Vec<Uncovered>,
}

#[derive(Debug, Serialize)]
pub struct Counted {
    pub outcome: Outcome,
    pub count: u64,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Outcome {
    Written,
    Excluded { rule: String },
    Rejected { rule: String },
}

/// A value no lookup covers, and what happens to its rows.
#[derive(Debug, Serialize)]
pub struct Uncovered {
    pub lookup: String,
    pub column: Option<String>,
    pub value: String,
    pub rows: u64,
    pub effect: Effect,
    pub seen: Vec<Counted>,
    pub decided: bool,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Effect {
    Rejected { rule: String },
    Fallback { value: String, warning: Option<String> },
}

/// `GET /api/ledger`.
#[derive(Debug, Serialize)]
pub struct LedgerStatus {
    pub enabled: bool,
}

/// `POST /api/runs/{id}/files/{index}/confirm` and `…/unsent`: the file's status now.
#[derive(Debug, Serialize)]
pub struct StatusAnswer {
    pub status: FileStatus,
}

/// `GET /api/ledger/show?key=`.
#[derive(Debug, Serialize)]
pub struct Show {
    pub entries: Vec<ShownEntry>,
    pub limit: i64,
    /// The answer is as long as the limit: there may be more.
    pub truncated: bool,
}

/// A lookup's entry as `ledger show --json` gives it, and the words of its rule for the page
/// (`rule_words`: a built-in rule's label and name in each language; `None`: the name alone).
#[derive(Debug, Serialize)]
pub struct ShownEntry {
    #[serde(flatten)]
    pub entry: ShowEntry,
    pub rule_words: Option<super::rule_words::Words>,
}

#[cfg(test)]
mod tests;
