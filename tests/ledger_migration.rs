//! A ledger written by an earlier orderbridge, with its history, is migrated and
//! tells the same story. `tests/fixtures/ledger/v1/` holds a version-1 ledger made by the
//! orderbridge of commit 2ab15bd (`make.sh` there: a run, two files confirmed, a run with one
//! tracking number corrected) and what that orderbridge answered about it; `v3/` the same
//! story in a version-3 ledger (commit bbd90d9, whose key index held whole first columns);
//! `v4/` in a version-4 ledger (commit a1b36be, whose chunks hold each row whole).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger/v1").join(name)
}

fn v3_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger/v3").join(name)
}

fn v4_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger/v4").join(name)
}

fn json_fixture(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixture(name)).unwrap()).unwrap()
}

/// The version-1 ledger, copied where the test may change it.
fn old_ledger(ws: &Workspace) -> PathBuf {
    let path = ws.path().join("history.sqlite");
    std::fs::copy(fixture("ledger.sqlite"), &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1, "the fixture is a version-1 ledger");
    path
}

/// The fixture's answer as this orderbridge gives it: the same instants, shown with their
/// offset in the recorded time zone (none was recorded then: the system's, UTC here), and the
/// fields added since (a file's upload status and the run's time zone, unknown then).
fn as_answered_now(mut v: Value) -> Value {
    for entry in v.as_array_mut().unwrap() {
        let entry = entry.as_object_mut().unwrap();
        for (name, value) in entry.iter_mut() {
            if ["written_at", "confirmed_at", "run_at"].contains(&name.as_str())
                && let Some(t) = value.as_str().and_then(|t| t.strip_suffix('Z'))
            {
                *value = Value::String(format!("{t}+00:00"));
            }
        }
        entry.insert("time_zone".into(), Value::Null);
        entry.insert("unsent_at".into(), Value::Null);
    }
    v
}

/// `ledger --ledger LEDGER ARGS` as JSON, the system's time zone UTC.
fn ledger_json(ws: &Workspace, ledger: &Path, args: &[&str]) -> Value {
    let mut c = bin();
    c.current_dir(ws.path()).env("TZ", "UTC");
    let o = c.arg("ledger").arg("--ledger").arg(ledger).args(args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn a_version_1_ledger_is_migrated_whole_and_answers_as_before() {
    let ws = Workspace::new();
    let ledger = old_ledger(&ws);
    let before = std::fs::read(&ledger).unwrap();
    assert_eq!(ledger_json(&ws, &ledger, &["files", "--json"]), as_answered_now(json_fixture("files.json")));
    let show = ledger_json(&ws, &ledger, &["show", "100234-", "--json"]);
    assert!(show.as_array().unwrap().len() > 100, "the fixture's story is long");
    assert_eq!(show, as_answered_now(json_fixture("show.json")));
    // Reading leaves the file as it was; the first command that writes it migrates it.
    assert_eq!(std::fs::read(&ledger).unwrap(), before, "ledger files and show change nothing");
    drop(orderbridge::ledger::Ledger::open(&ledger, false).unwrap());
    assert_eq!(ledger_json(&ws, &ledger, &["show", "100234-", "--json"]), as_answered_now(json_fixture("show.json")));

    let conn = rusqlite::Connection::open(&ledger).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, orderbridge::ledger::LATEST_VERSION);
    let rows_table: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'rows'", [], |r| r.get(0)).unwrap();
    assert_eq!(rows_table, 0, "the version-1 table of rows is gone once repacked");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_run_on_a_migrated_ledger_decides_as_the_earlier_orderbridge_did() {
    // What orderbridge 2ab15bd reported for a third run of the corrected export on this
    // ledger: the confirmed rows held back, the unconfirmed ones written again.
    let expected = json_fixture("rerun.json");
    let ws = Workspace::new();
    let ledger = old_ledger(&ws);
    let input = ws.write("corrected.csv", std::fs::read(fixture("corrected.csv")).unwrap());
    let r = ws.run(LEGACY, AS_OF, &[input], &["--ledger", ledger.to_str().unwrap()]);
    assert_eq!(r.code, 1, "the fixture export has rejected rows: {}", r.context());
    let report = r.report.as_ref().unwrap();
    let mut got = report["ledger"].clone();
    let got_map = got.as_object_mut().unwrap();
    got_map.remove("run");
    got_map.remove("path");
    assert_eq!(got, expected["ledger"], "{}", r.context());
    assert_eq!(report["excluded_by_rule"], expected["excluded_by_rule"]);
    assert_eq!(report["rows"], expected["rows"]);
    let files: Vec<Value> =
        report["files"].as_array().unwrap().iter().map(|f| serde_json::json!([f["path"], f["rows"]])).collect();
    assert_eq!(Value::Array(files), expected["files"]);
    assert!(got["new"] == 0 && got["changed"] == 1 && got["unconfirmed"].as_u64().unwrap() > 0, "{got}");
}

#[test]
fn a_dry_run_reads_an_older_ledger_as_this_version_does_and_leaves_it_as_it_was() {
    let expected = json_fixture("rerun.json");
    let ws = Workspace::new();
    let ledger = old_ledger(&ws);
    let before = std::fs::read(&ledger).unwrap();
    let input = ws.write("corrected.csv", std::fs::read(fixture("corrected.csv")).unwrap());
    let r = ws.run(LEGACY, AS_OF, &[input], &["--ledger", ledger.to_str().unwrap(), "--dry-run"]);
    assert_eq!(r.code, 1, "{}", r.context());
    let got = &r.report.as_ref().unwrap()["ledger"];
    assert_eq!(got["recorded"], false);
    for field in ["new", "changed", "unconfirmed", "resent", "unconfirmed_files"] {
        assert_eq!(got[field], expected["ledger"][field], "{field}: {}", r.context());
    }
    assert_eq!(r.report.as_ref().unwrap()["excluded_by_rule"], expected["excluded_by_rule"]);
    assert_eq!(std::fs::read(&ledger).unwrap(), before, "the version-1 file is unchanged");
    assert!(!ws.path().join("history.sqlite-wal").exists(), "no WAL left beside it");
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1, "still version 1");
}

/// The searches the version-3 fixture saved answers for (see its `make.sh`).
const V3_SEARCHES: [&str; 6] = [
    "100234-",
    "100234-20241018-0000010000",
    "100234-20241018-000001000",
    "100234-20241018-00000100",
    "100234-20241018-0000010",
    "100234-20241018-000001",
];

#[test]
fn a_version_3_ledger_gets_the_key_index_by_group_and_answers_as_before() {
    let ws = Workspace::new();
    let ledger = ws.path().join("history.sqlite");
    std::fs::copy(v3_fixture("ledger.sqlite"), &ledger).unwrap();
    let (groups, entries): (i64, i64) = {
        let conn = rusqlite::Connection::open(&ledger).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 3, "the fixture is a version-3 ledger");
        conn.query_row(
            "SELECT (SELECT count(*) FROM (SELECT DISTINCT substr(head, 1, max(length(head) - 3, 0)), chunk_id
             FROM keys)), (SELECT count(*) FROM keys)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert!(groups < entries, "the fixture has first columns that share a group: {groups} of {entries}");
    let files: Value = json_fixture_at(&v3_fixture("files.json"));
    let check = |when: &str| {
        assert_eq!(ledger_json(&ws, &ledger, &["files", "--json"]), files, "{when}");
        for search in V3_SEARCHES {
            let want = json_fixture_at(&v3_fixture(&format!("show-{search}.json")));
            assert!(!want.as_array().unwrap().is_empty(), "{search} finds something");
            assert_eq!(ledger_json(&ws, &ledger, &["show", search, "--json"]), want, "{when}: show {search}");
        }
    };
    check("read before the migration");
    drop(orderbridge::ledger::Ledger::open(&ledger, false).unwrap());
    check("migrated");
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, orderbridge::ledger::LATEST_VERSION);
    let now: i64 = conn.query_row("SELECT count(*) FROM keys", [], |r| r.get(0)).unwrap();
    assert_eq!(now, groups, "one entry per key group and chunk");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

fn json_fixture_at(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// A show entry without what differs between two runs deciding alike: the run, its time and
/// how it named its input (the same file).
fn as_decided(entry: &Value) -> Value {
    let mut e = entry.clone();
    assert!(e["input"].as_str().unwrap().ends_with("corrected.csv"), "{e}");
    e.as_object_mut().unwrap().retain(|name, _| !["run", "run_at", "input"].contains(&name.as_str()));
    e
}

#[test]
fn a_version_4_ledger_keeps_its_whole_rows_and_reads_them_beside_the_packed_rows_of_later_runs() {
    let ws = Workspace::new();
    let ledger = ws.path().join("history.sqlite");
    std::fs::copy(v4_fixture("ledger.sqlite"), &ledger).unwrap();
    let v: i64 =
        rusqlite::Connection::open(&ledger).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 4, "the fixture is a version-4 ledger");
    let files: Value = json_fixture_at(&v4_fixture("files.json"));
    let check = |when: &str| {
        assert_eq!(ledger_json(&ws, &ledger, &["files", "--json"]), files, "{when}");
        for search in V3_SEARCHES {
            let want = json_fixture_at(&v4_fixture(&format!("show-{search}.json")));
            assert!(!want.as_array().unwrap().is_empty(), "{search} finds something");
            assert_eq!(ledger_json(&ws, &ledger, &["show", search, "--json"]), want, "{when}: show {search}");
        }
    };
    check("read before the migration");
    drop(orderbridge::ledger::Ledger::open(&ledger, false).unwrap());
    check("migrated");
    let v: i64 =
        rusqlite::Connection::open(&ledger).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, orderbridge::ledger::LATEST_VERSION);

    // Run 3 of the fixture's corrected export, recorded in packed chunks, decides as run 2 did
    // (nothing was confirmed between them) and is shown as it was.
    let orders =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/goq/orders_2024-10-18.csv")).unwrap();
    let at = orders.windows(14).position(|w| w == b"4017-6957-2982").expect("the tracking number corrected");
    let mut input = orders.clone();
    input[at..at + 14].copy_from_slice(b"3572-9670-0014");
    let input = ws.write("corrected.csv", input);
    let r = ws.run(LEGACY, AS_OF, &[input], &["--ledger", ledger.to_str().unwrap()]);
    assert_eq!(r.code, 1, "the fixture export has rejected rows: {}", r.context());
    let shown = ledger_json(&ws, &ledger, &["show", "100234-", "--json"]);
    let of_run = |run: i64| -> Vec<Value> {
        shown.as_array().unwrap().iter().filter(|e| e["run"] == run).map(as_decided).collect()
    };
    assert!(of_run(2).len() > 20, "run 2 recorded the export's rows");
    assert_eq!(of_run(3), of_run(2));
    // Confirming it reads its packed rows: they are already sent in the next run.
    let mut confirm = bin();
    confirm.current_dir(ws.path()).arg("ledger").arg("--ledger").arg(&ledger).args(["confirm", "--last"]);
    let o = confirm.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let again = ws.run(LEGACY, AS_OF, &[ws.path().join("corrected.csv")], &["--ledger", ledger.to_str().unwrap()]);
    let report = again.report.as_ref().unwrap();
    assert_eq!(report["ledger"]["new"], 0, "{}", again.context());
    assert_eq!(report["ledger"]["unconfirmed"], 0, "{}", again.context());
    assert_eq!(report["ledger"]["changed"], 0, "{}", again.context());
    let check: String =
        rusqlite::Connection::open(&ledger).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}
