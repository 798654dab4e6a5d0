//! The page's JSON answers, as types: field for field what the page's scripts
//! (`assets/*.js`) read. A change of shape is a change of these types, seen by the compiler
//! at every place that fills them, rather than a `json!` value edited by index somewhere.
//! Who fills them: `result` (a run's result or failure), `check` (the profile list and the
//! check screen), `api` (a run's status, refusals), `ledger` (the ledger's answers).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ledger::{Confirmed, ShowEntry};
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
        result: &'a RunResult,
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
    pub excluded_by_rule: Vec<RuleCount>,
    pub rejected_by_rule: Vec<RuleCount>,
    pub warnings_by_rule: Vec<WarningRule>,
    pub warned: Option<Warned>,
    pub rejects: Option<Rejects>,
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
    pub rows: u64,
    pub bytes: u64,
    pub preview: Preview,
    /// With a ledger: where to say it was uploaded.
    pub confirm_url: Option<String>,
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

/// The reject file, and its first rows as a table: file, line, rule, reason, the order
/// number and the export's columns the profile reads.
#[derive(Debug, Serialize)]
pub struct Rejects {
    #[serde(flatten)]
    pub link: FileLink,
    /// Rows rejected in all (the table shows the first `shown`).
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

/// `POST /api/runs/{id}/files/{index}/confirm`.
#[derive(Debug, Serialize)]
pub struct ConfirmAnswer {
    pub confirmed: Vec<Confirmed>,
}

/// `GET /api/ledger/show?key=`.
#[derive(Debug, Serialize)]
pub struct Show {
    pub entries: Vec<ShowEntry>,
    pub limit: i64,
    /// The answer is as long as the limit: there may be more.
    pub truncated: bool,
}

#[cfg(test)]
mod tests {
    use serde_json::{json, to_value};

    use super::*;

    /// The shapes `run.js` reads while it follows a run: one `state`, and beside it only what
    /// that state has.
    #[test]
    fn a_runs_status_has_the_fields_of_its_state_only() {
        let status = |state| to_value(Status { id: "ab", state }).unwrap();
        assert_eq!(
            status(State::Waiting { on: WaitingOn::Queue }),
            json!({"id": "ab", "state": "waiting", "waiting": "queue"})
        );
        assert_eq!(
            status(State::Waiting { on: WaitingOn::Ledger { message: "run 3".into() } }),
            json!({"id": "ab", "state": "waiting", "waiting": "ledger", "message": "run 3"})
        );
        assert_eq!(
            status(State::Running { read_bytes: 1, total_bytes: 2 }),
            json!({"id": "ab", "state": "running", "read_bytes": 1, "total_bytes": 2})
        );
        let failure = Failure {
            kind: "input",
            hint: "error-hint-input",
            file: None,
            line: Some(3),
            message: "m".into(),
            text: "t".into(),
        };
        assert_eq!(
            status(State::Failed { error: failure.clone() }),
            json!({"id": "ab", "state": "failed", "error": {
                "kind": "input", "hint": "error-hint-input", "file": null, "line": 3, "message": "m", "text": "t",
            }})
        );
    }

    /// A file link's fields sit beside the file's own (`f.url`, `f.rows`), and the check's
    /// outcomes and effects are told apart by `kind`.
    #[test]
    fn links_are_flat_and_outcomes_are_tagged_by_kind() {
        let link = FileLink { path: "a/b.csv".into(), name: "b.csv".into(), url: "/api/runs/ab/files/7".into() };
        assert_eq!(
            to_value(Warned { link, rows: 4 }).unwrap(),
            json!({"path": "a/b.csv", "name": "b.csv", "url": "/api/runs/ab/files/7", "rows": 4})
        );
        assert_eq!(to_value(Outcome::Written).unwrap(), json!({"kind": "written"}));
        assert_eq!(to_value(Outcome::Excluded { rule: "r".into() }).unwrap(), json!({"kind": "excluded", "rule": "r"}));
        assert_eq!(
            to_value(Effect::Fallback { value: "v".into(), warning: None }).unwrap(),
            json!({"kind": "fallback", "value": "v", "warning": null})
        );
    }
}
