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
