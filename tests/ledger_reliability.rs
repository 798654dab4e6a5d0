//! The ledger's reliability: its commit failing or the process dying just before
//! it, migrations from every earlier version, files that are not ledgers or cannot be
//! written, parallel runs on one ledger.

use std::path::{Path, PathBuf};

use crate::common::*;
use crate::ledger::*;

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

/// An empty ledger at every earlier version: version 0 is a new file; a version `v` ledger has
/// the tables of the first `v` migrations (their data steps have no rows to move; a populated
/// older ledger is migrated in `ledger_migration`).
fn ledger_at_version(path: &Path, v: usize) {
    let conn = rusqlite::Connection::open(path).unwrap();
    for m in &orderbridge::ledger::MIGRATIONS[..v] {
        conn.execute_batch(m.sql).unwrap();
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

/// Runs started together take turns at the ledger: every one succeeds and is recorded whole.
#[test]
fn parallel_runs_on_one_ledger_take_turns_and_all_succeed() {
    let l = Ledgered::new();
    let input = l.ws.write("orders.csv", orders(300, |_| GOOD_TRACKING).cp932_lf());
    let spawn = |out: &str| {
        std_bin()
            .current_dir(l.ws.path())
            .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", out, "--ledger"])
            .arg(&l.ledger)
            .arg(&input)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..4).map(|i| spawn(&format!("out{i}"))).collect();
    let succeeded = children.len() as i64;
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let conn = rusqlite::Connection::open(&l.ledger).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let runs: i64 = conn.query_row("SELECT count(*) FROM runs", [], |r| r.get(0)).unwrap();
    let rows: i64 = conn.query_row("SELECT coalesce(sum(rows), 0) FROM chunks", [], |r| r.get(0)).unwrap();
    assert_eq!((runs, rows), (succeeded, succeeded * 300));
}

/// `serve --ledger` with a file that is not a ledger stops at once (exit 2, the file named),
/// instead of serving a page whose every run and lookup would fail.
#[test]
fn serve_refuses_a_ledger_it_cannot_use_before_it_listens() {
    let ws = Workspace::new();
    let not_ledger = ws.write("orders.csv", "a,b\n1,2\n");
    let o =
        std_bin().current_dir(ws.path()).args(["serve", "--port", "0", "--ledger"]).arg(&not_ledger).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("orders.csv") && err.contains("not a ledger"), "{err}");
    assert!(o.stdout.is_empty(), "no URL was printed: {}", String::from_utf8_lossy(&o.stdout));
}

/// A program that writes to the ledger without taking turns (a database tool, an older
/// orderbridge) and holds it longer than SQLite's wait stops the run with a clear message,
/// before any upload file is written, and the ledger is left as it was. (Runs of this
/// orderbridge wait for each other: `ledger_turns`.)
#[test]
fn a_run_that_cannot_get_the_ledger_from_another_program_in_time_stops_and_writes_nothing() {
    let l = Ledgered::new();
    l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    std::fs::remove_dir_all(l.ws.out()).unwrap();
    // Another program holds the ledger's write lock for the whole run.
    let holder = rusqlite::Connection::open(&l.ledger).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let r = l.run(&orders(2, |_| GOOD_TRACKING), &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("another program is holding this ledger (waited 5 s)"), "{}", r.stderr);
    assert!(r.stderr.contains("othing was written"), "{}", r.stderr);
    assert!(!l.ws.out().exists(), "no output folder: {:?}", files_under(&l.ws.out()));
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let runs: i64 = rusqlite::Connection::open(&l.ledger)
        .unwrap()
        .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(runs, 1, "only the first run is recorded");
}
