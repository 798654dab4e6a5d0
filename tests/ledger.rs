//! Issue 15: the sync history (`--ledger`). The lifecycle end to end (run, run again
//! unconfirmed, confirm, everything `already_sent`, one tracking number corrected, `ledger
//! show`), `--resend`, dry runs, and the reliability cases: the ledger's commit failing or the
//! process dying just before it, migrations, files that are not ledgers, parallel runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::*;

/// Tracking numbers passing 7DR, other than [`GOOD_TRACKING`].
const OTHER_TRACKING: &str = "357296700014";

fn order_number(n: u32) -> String {
    format!("100234-20241018-{n:010}")
}

/// Legacy orders `1..=n`, each shipped with `tracking(i)`.
fn orders(n: u32, tracking: impl Fn(u32) -> &'static str) -> Table {
    let mut t = Table::for_profile(LEGACY);
    for i in 1..=n {
        let number = order_number(i);
        let record = format!("{}", 133_100_000 + i);
        t = t.row(LEGACY, &[("受注番号", &number), ("レコードナンバー", &record), ("お荷物伝票番号", tracking(i))]);
    }
    t
}

struct Ledgered {
    ws: Workspace,
    ledger: PathBuf,
}

impl Ledgered {
    fn new() -> Ledgered {
        let ws = Workspace::new();
        let ledger = ws.path().join("history.sqlite");
        Ledgered { ws, ledger }
    }

    fn run(&self, table: &Table, extra: &[&str]) -> RunResult {
        let input = self.ws.write("orders.csv", table.cp932_lf());
        let mut args = vec!["--ledger", self.ledger.to_str().unwrap()];
        args.extend(extra);
        self.ws.run(LEGACY, AS_OF, &[input], &args)
    }

    fn ledger_cmd(&self, args: &[&str]) -> std::process::Output {
        bin().current_dir(self.ws.path()).arg("ledger").arg("--ledger").arg(&self.ledger).args(args).output().unwrap()
    }

    fn show(&self, key: &str) -> Vec<Value> {
        let o = self.ledger_cmd(&["show", key, "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
    }

    fn files(&self) -> Vec<Value> {
        let o = self.ledger_cmd(&["files", "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
    }

    fn upload(&self) -> PathBuf {
        self.ws.out().join(default_path(LEGACY))
    }

    fn upload_rows(&self) -> Vec<Vec<String>> {
        let text = decode_cp932(&std::fs::read(self.upload()).unwrap());
        parse_csv(&text).into_iter().skip(1).collect()
    }
}

fn ledger_report(r: &RunResult) -> &Value {
    &r.report.as_ref().unwrap_or_else(|| panic!("{}", r.context()))["ledger"]
}

fn excluded(r: &RunResult, rule: &str) -> u64 {
    r.report.as_ref().unwrap()["excluded_by_rule"][rule].as_u64().unwrap_or(0)
}

fn signal_of(o: &std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(o)
}

#[test]
fn lifecycle_sends_only_what_changed_since_the_confirmed_upload() {
    let l = Ledgered::new();
    let first = orders(3, |_| GOOD_TRACKING);
    // 1. A first run: everything is new.
    let r1 = l.run(&first, &[]);
    assert_eq!(r1.code, 0, "{}", r1.context());
    assert_eq!(r1.rows("written"), 3);
    assert_eq!(ledger_report(&r1)["new"], 3);
    assert_eq!(ledger_report(&r1)["recorded"], true);
    let sent_bytes = std::fs::read(l.upload()).unwrap();

    // 2. Run again before confirming: the same rows are written again, and the summary says
    // they are only in an unconfirmed file, naming it.
    let r2 = l.run(&first, &[]);
    assert_eq!(r2.rows("written"), 3, "{}", r2.context());
    assert_eq!(std::fs::read(l.upload()).unwrap(), sent_bytes, "the same rows, byte for byte");
    let lr = ledger_report(&r2);
    assert_eq!((lr["new"].as_u64(), lr["unconfirmed"].as_u64()), (Some(0), Some(3)));
    assert_eq!(lr["unconfirmed_files"][0]["path"], default_path(LEGACY));
    assert!(r2.stderr.contains("3 rows written again: they are only in files not yet confirmed"), "{}", r2.stderr);
    assert!(r2.stderr.contains(default_path(LEGACY)), "{}", r2.stderr);

    // 3. Confirm the uploaded file (a copy elsewhere: found by content).
    let copy = l.ws.write("uploaded/tuuzyou.csv", &sent_bytes);
    let o = l.ledger_cmd(&["confirm", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("confirmed as uploaded (3 rows"), "{said}");
    assert!(l.files().iter().all(|f| f["confirmed_at"].is_string()), "both runs wrote that content");
    let o = l.ledger_cmd(&["confirm", copy.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("already confirmed"));

    // 4. Everything was sent: every row is excluded as already_sent, no upload file is written.
    let r3 = l.run(&first, &[]);
    assert_eq!(r3.code, 0, "{}", r3.context());
    assert_eq!((r3.rows("written"), excluded(&r3, "already_sent")), (0, 3), "{}", r3.context());
    assert!(!l.upload().exists(), "no upload file without a row to send");

    // 5. One tracking number corrected in the export: only that row is written, as changed.
    let corrected = orders(3, |i| if i == 2 { OTHER_TRACKING } else { GOOD_TRACKING });
    let r4 = l.run(&corrected, &[]);
    assert_eq!((r4.rows("written"), excluded(&r4, "already_sent")), (1, 2), "{}", r4.context());
    assert_eq!(ledger_report(&r4)["changed"], 1);
    assert!(r4.stderr.contains("1 rows changed since their confirmed upload"), "{}", r4.stderr);
    let rows = l.upload_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0][0].as_str(), rows[0][3].as_str()), (order_number(2).as_str(), OTHER_TRACKING));

    // 6. `ledger show` tells the story of order 2: written twice (confirmed), already sent,
    // written again with the new tracking number (not confirmed yet).
    let story = l.show(&order_number(2));
    let outcomes: Vec<(&str, Option<&str>, bool)> = story
        .iter()
        .map(|e| (e["outcome"].as_str().unwrap(), e["rule"].as_str(), e["confirmed_at"].is_string()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("written", None, true),
            ("written", None, true),
            ("excluded", Some("already_sent"), false),
            ("written", None, false)
        ]
    );
    assert_eq!(story[3]["values"][3], OTHER_TRACKING);
    assert_eq!(story[0]["values"][3], GOOD_TRACKING);
    assert_eq!(story[3]["file"], default_path(LEGACY));
    assert!(story.iter().all(|e| e["key"][0] == order_number(2).as_str()));
    // The same in words, and a key that is not there.
    let o = l.ledger_cmd(&["show", &order_number(2)]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("excluded (already_sent)") && text.contains("not confirmed yet"), "{text}");
    assert!(text.contains(OTHER_TRACKING), "{text}");
    let o = l.ledger_cmd(&["show", "999999-"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("No report whose key starts with 999999-"));
}

#[test]
fn a_prefix_finds_every_report_of_an_order_and_excluded_rows_say_why() {
    let l = Ledgered::new();
    let t = orders(2, |_| GOOD_TRACKING).row(
        LEGACY,
        &[
            ("受注番号", "100234-20241018-0000000009"),
            ("受注ステータス", "キャンセル"),
            ("レコードナンバー", "133100009"),
        ],
    );
    let r = l.run(&t, &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(l.show("100234-20241018").len(), 3);
    let cancelled = l.show("100234-20241018-0000000009");
    assert_eq!(cancelled.len(), 1);
    assert_eq!(
        (cancelled[0]["outcome"].as_str(), cancelled[0]["rule"].as_str()),
        (Some("excluded"), Some("cancelled"))
    );
    assert_eq!(cancelled[0]["line"], 4);
}

#[test]
fn resend_writes_rows_already_sent_and_records_them() {
    let l = Ledgered::new();
    let t = orders(2, |_| GOOD_TRACKING);
    l.run(&t, &[]);
    let o = l.ledger_cmd(&["confirm", l.upload().to_str().unwrap()]);
    assert!(o.status.success());
    // The list of excluded rows names the rule and says why.
    let r = l.run(&t, &["--list-excluded"]);
    let listed =
        String::from_utf8_lossy(&std::fs::read(l.ws.out().join("excluded_20241018.csv")).unwrap()).into_owned();
    assert_eq!(listed.matches("already_sent").count(), 2, "{listed}");
    assert!(listed.contains("同じ内容のまま送信済み"), "{listed}");
    assert_eq!(r.rows("written"), 0);
    let r = l.run(&t, &["--resend"]);
    assert_eq!((r.rows("written"), excluded(&r, "already_sent")), (2, 0), "{}", r.context());
    assert_eq!(ledger_report(&r)["resent"], 2);
    assert_eq!(l.show(&order_number(1)).len(), 3, "every run is recorded, the resend too");
    // Without a ledger, --resend means nothing: refused.
    let input = l.ws.write("orders.csv", t.cp932_lf());
    let r = l.ws.run(LEGACY, AS_OF, &[input], &["--resend"]);
    assert_eq!(r.code, 2);
}

#[test]
fn a_dry_run_consults_the_ledger_and_records_nothing() {
    let l = Ledgered::new();
    let t = orders(2, |_| GOOD_TRACKING);
    let r = l.run(&t, &["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert!(!l.ledger.exists(), "a dry run does not create the ledger");
    l.run(&t, &[]);
    l.ledger_cmd(&["confirm", l.upload().to_str().unwrap()]);
    let r = l.run(&t, &["--dry-run"]);
    assert_eq!(excluded(&r, "already_sent"), 2, "{}", r.context());
    assert_eq!(ledger_report(&r)["recorded"], false);
    assert!(r.stderr.contains("nothing recorded (dry run)"), "{}", r.stderr);
    assert_eq!(l.show(&order_number(1)).len(), 1, "only the real run");
}

#[test]
fn the_environment_variable_names_the_ledger() {
    let l = Ledgered::new();
    let input = l.ws.write("orders.csv", orders(1, |_| GOOD_TRACKING).cp932_lf());
    let o = bin()
        .current_dir(l.ws.path())
        .env("ORDERBRIDGE_LEDGER", &l.ledger)
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(l.show(&order_number(1)).len(), 1);
}

#[test]
fn confirming_an_unknown_file_names_it_and_confirms_nothing() {
    let l = Ledgered::new();
    l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    let stray = l.ws.write("stray.csv", "not an upload\r\n");
    let o = l.ledger_cmd(&["confirm", l.upload().to_str().unwrap(), stray.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("stray.csv") && err.contains("Nothing was confirmed"), "{err}");
    assert!(l.files().iter().all(|f| f["confirmed_at"].is_null()));
}

#[test]
fn a_failed_ledger_commit_puts_every_file_back_and_exits_2() {
    let l = Ledgered::new();
    l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    let before = std::fs::read(l.upload()).unwrap();
    let input = l.ws.write("orders.csv", orders(2, |_| GOOD_TRACKING).cp932_lf());
    let o = bin()
        .current_dir(l.ws.path())
        .env("ORDERBRIDGE_FAULT_LEDGER", "fail")
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--ledger"])
        .arg(&l.ledger)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("every file of the run was put back"));
    assert_eq!(std::fs::read(l.upload()).unwrap(), before, "the first run's file is back");
    assert!(!files_under(&l.ws.out()).iter().any(|f| f.contains(".orderbridge-journal")));
    assert_eq!(l.files().len(), 1, "the failed run is not recorded");
    assert!(l.show(&order_number(2)).is_empty());
}

#[test]
fn dying_before_the_ledger_commit_leaves_the_files_and_no_record_so_rows_are_sent_again() {
    let l = Ledgered::new();
    l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    l.ledger_cmd(&["confirm", l.upload().to_str().unwrap()]);
    let input = l.ws.write("orders.csv", orders(2, |_| GOOD_TRACKING).cp932_lf());
    let o = bin()
        .current_dir(l.ws.path())
        .env("ORDERBRIDGE_FAULT_LEDGER", "kill")
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--ledger"])
        .arg(&l.ledger)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(signal_of(&o.status), Some(9), "killed");
    // The files stand: the upload file holds the second run's one new row.
    let rows = l.upload_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], order_number(2));
    // …and the rows are unrecorded: the next run sends order 2 again (never recorded but
    // unsent), and order 1, confirmed before, stays held back.
    assert!(l.show(&order_number(2)).is_empty());
    let r = l.run(&orders(2, |_| GOOD_TRACKING), &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!((r.rows("written"), excluded(&r, "already_sent")), (1, 1));
    assert_eq!(ledger_report(&r)["new"], 1);
    assert_eq!(l.upload_rows()[0][0], order_number(2));
}

/// An empty file at every earlier version: version 0 is a new file; a version `v` ledger has
/// the first `v` migrations.
fn ledger_at_version(path: &Path, v: usize) {
    let conn = rusqlite::Connection::open(path).unwrap();
    for sql in &orderbridge::ledger::MIGRATIONS[..v] {
        conn.execute_batch(sql).unwrap();
    }
    if v > 0 {
        conn.pragma_update(None, "application_id", orderbridge::ledger::APPLICATION_ID).unwrap();
    }
    conn.pragma_update(None, "user_version", v as i64).unwrap();
}

fn user_version(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_ledger_of_every_earlier_version_is_migrated_and_a_newer_one_refused() {
    for v in 0..orderbridge::ledger::MIGRATIONS.len() {
        let l = Ledgered::new();
        ledger_at_version(&l.ledger, v);
        let r = l.run(&orders(1, |_| GOOD_TRACKING), &[]);
        assert_eq!(r.code, 0, "from version {v}: {}", r.context());
        assert_eq!(user_version(&l.ledger), orderbridge::ledger::LATEST_VERSION, "from version {v}");
        assert_eq!(l.show(&order_number(1)).len(), 1, "from version {v}");
    }
    let l = Ledgered::new();
    ledger_at_version(&l.ledger, orderbridge::ledger::MIGRATIONS.len());
    let conn = rusqlite::Connection::open(&l.ledger).unwrap();
    conn.pragma_update(None, "user_version", orderbridge::ledger::LATEST_VERSION + 1).unwrap();
    drop(conn);
    let r = l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("made by a newer orderbridge"), "{}", r.stderr);
    assert!(!l.ws.out().exists(), "nothing written");
}

/// A ledger that cannot be used stops the run before any upload file is written, and is left
/// as it was.
fn refused(l: &Ledgered, expect: &str) {
    let before = std::fs::read(&l.ledger).ok();
    let r = l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains(expect), "{expect}: {}", r.stderr);
    assert!(r.stderr.contains("othing was written"), "{}", r.stderr);
    assert!(!l.ws.out().exists(), "{expect}: no output folder: {:?}", files_under(&l.ws.out()));
    assert_eq!(std::fs::read(&l.ledger).ok(), before, "{expect}: the file is left as it was");
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused_before_anything_is_written() {
    let l = Ledgered::new();
    std::fs::write(&l.ledger, orders(1, |_| GOOD_TRACKING).cp932_lf()).unwrap();
    refused(&l, "not an SQLite database");

    let l = Ledgered::new();
    let conn = rusqlite::Connection::open(&l.ledger).unwrap();
    conn.execute_batch("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)").unwrap();
    drop(conn);
    refused(&l, "not an orderbridge ledger");

    // A ledger cut short (a copy interrupted): its pages past the first are gone.
    let l = Ledgered::new();
    l.run(&orders(50, |_| GOOD_TRACKING), &[]);
    std::fs::remove_dir_all(l.ws.out()).unwrap();
    let bytes = std::fs::read(&l.ledger).unwrap();
    assert!(bytes.len() > 8192);
    std::fs::write(&l.ledger, &bytes[..4096]).unwrap();
    refused(&l, "damaged");
}

#[test]
fn a_ledger_that_cannot_be_written_is_refused_before_anything_is_written() {
    let l = Ledgered { ledger: PathBuf::from("/nonexistent-folder/history.sqlite"), ws: Workspace::new() };
    let r = l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("history.sqlite") && r.stderr.contains("othing was written"), "{}", r.stderr);
    assert!(!l.ws.out().exists());
    let l = Ledgered::new();
    std::fs::create_dir(&l.ledger).unwrap();
    let r = l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("a folder, not a ledger file"), "{}", r.stderr);
}

#[test]
fn a_profile_without_a_ledger_key_cannot_run_with_a_ledger() {
    let l = Ledgered::new();
    let profile = l.ws.write("p.toml", small_profile("[input.fields]\nid = { headers = [\"id\"] }\n", ("ID", "id")));
    let input = l.ws.write("in.csv", "id\n1\n");
    let r = l.ws.run(profile.to_str().unwrap(), AS_OF, &[input], &["--ledger", l.ledger.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("declares no [ledger] key"), "{}", r.stderr);
}

#[test]
fn parallel_runs_on_one_ledger_both_succeed_or_one_stops_cleanly() {
    let l = Ledgered::new();
    let input = l.ws.write("orders.csv", orders(300, |_| GOOD_TRACKING).cp932_lf());
    let spawn = |out: &str| {
        Command::new(env!("CARGO_BIN_EXE_orderbridge"))
            .current_dir(l.ws.path())
            .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", out, "--ledger"])
            .arg(&l.ledger)
            .arg(&input)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..4).map(|i| spawn(&format!("out{i}"))).collect();
    let mut succeeded = 0;
    for (i, c) in children.into_iter().enumerate() {
        let o = c.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        match o.status.code() {
            Some(0) => succeeded += 1,
            Some(2) => {
                assert!(err.contains("another orderbridge run is using this ledger"), "{err}");
                assert!(!l.ws.path().join(format!("out{i}")).exists(), "a stopped run wrote nothing");
            }
            c => panic!("exit {c:?}: {err}"),
        }
    }
    assert!(succeeded >= 1);
    let conn = rusqlite::Connection::open(&l.ledger).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let runs: i64 = conn.query_row("SELECT count(*) FROM runs", [], |r| r.get(0)).unwrap();
    let rows: i64 = conn.query_row("SELECT count(*) FROM rows", [], |r| r.get(0)).unwrap();
    assert_eq!((runs, rows), (succeeded, succeeded * 300));
}
