//! Runs sharing a ledger take turns: a run waits, saying so every few seconds, for as long as
//! the run holding the ledger is alive (past SQLite's own wait of 5 s); a holder that dies
//! holds nothing, and the waiting run goes on. (A holder that stops moving is "stuck": the
//! ledger's unit tests cover it with a short patience; the default is a minute.)

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use crate::ledger::*;

fn spawn_run(l: &Ledgered, out: &str, input: &Path) -> Child {
    spawn_run_with(l, out, input, &[])
}

fn spawn_run_with(l: &Ledgered, out: &str, input: &Path, extra: &[&str]) -> Child {
    std_bin()
        .current_dir(l.ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", out, "--ledger"])
        .arg(&l.ledger)
        .args(extra)
        .arg(input)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The lines of `child`'s stderr, as they come.
fn stderr_lines(child: &mut Child) -> impl Iterator<Item = String> {
    BufReader::new(child.stderr.take().unwrap()).lines().map_while(Result::ok)
}

/// The seconds of a "waited N s" message.
fn waited(line: &str) -> Option<u64> {
    line.split("waited ").nth(1)?.split(' ').next()?.parse().ok()
}

fn recorded_runs(ledger: &Path) -> i64 {
    rusqlite::Connection::open(ledger).unwrap().query_row("SELECT count(*) FROM runs", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_run_waits_for_a_live_run_holding_the_ledger_saying_so_past_sqlites_own_wait() {
    let l = Ledgered::new();
    l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    // What a run of another orderbridge holds: its turn and SQLite's write lock.
    let turn = orderbridge::ledger::Gate::take(&l.ledger, &mut |_| {}).unwrap();
    let sql = rusqlite::Connection::open(&l.ledger).unwrap();
    sql.execute_batch("BEGIN IMMEDIATE").unwrap();
    let input = l.ws.write("orders2.csv", orders(2, |_| GOOD_TRACKING).cp932_lf());
    let mut child = spawn_run(&l, "out2", &input);
    let mut lines = stderr_lines(&mut child);
    let mut said = Vec::new();
    for line in lines.by_ref() {
        said.push(line.clone());
        if waited(&line).is_some_and(|s| s >= 10) {
            break;
        }
    }
    let last = said.last().cloned().unwrap_or_default();
    assert!(waited(&last).is_some_and(|s| s >= 10), "the run keeps waiting, saying so: {said:#?}");
    assert!(last.contains(&format!("process {}", std::process::id())), "it names the holder: {last}");
    assert!(said.iter().all(|l| l.contains("waiting for the orderbridge run")), "{said:#?}");
    // The holder finishes: the run goes on and is recorded.
    sql.execute_batch("ROLLBACK").unwrap();
    drop(sql);
    drop(turn);
    let rest: Vec<String> = lines.collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{rest:#?}");
    assert_eq!(recorded_runs(&l.ledger), 2);
    assert!(l.ws.path().join("out2").exists());
}

/// A run of `orders(2000)` read from a pipe that then delivers nothing more (and does not end
/// until the pipe returned is dropped): it holds the ledger, alive, meanwhile.
fn holder_on_a_pipe(l: &Ledgered) -> (Child, std::process::ChildStdin) {
    let mut holder = spawn_run(l, "out1", Path::new("-"));
    let mut pipe = holder.stdin.take().unwrap();
    pipe.write_all(&orders(2000, |_| GOOD_TRACKING).cp932_lf()).unwrap();
    pipe.flush().unwrap();
    let record = l.ws.path().join("history.sqlite-holder");
    let started = Instant::now();
    while !std::fs::read_to_string(&record).unwrap_or_default().contains(&format!("pid={} ", holder.id())) {
        assert!(started.elapsed() < Duration::from_secs(60), "the holder takes its turn");
        std::thread::sleep(Duration::from_millis(50));
    }
    (holder, pipe)
}

#[test]
fn a_run_that_waited_consults_the_ledger_as_the_run_before_it_left_it() {
    let l = Ledgered::new();
    let (mut holder, pipe) = holder_on_a_pipe(&l);
    let input = l.ws.write("orders.csv", orders(3, |_| GOOD_TRACKING).cp932_lf());
    let mut waiter = spawn_run_with(&l, "out2", &input, &["--report", "report2.json"]);
    let mut lines = stderr_lines(&mut waiter);
    let first = lines.next().unwrap_or_default();
    assert!(first.contains(&format!("process {}", holder.id())), "it waits for the holder: {first}");
    // The holder's export ends: it writes and records its 2000 rows, then the waiter goes on.
    drop(pipe);
    assert_eq!(holder.wait().unwrap().code(), Some(0));
    let rest: Vec<String> = lines.collect();
    assert_eq!(waiter.wait().unwrap().code(), Some(0), "{rest:#?}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(l.ws.path().join("report2.json")).unwrap()).unwrap();
    // Its three orders are in the holder's file, not confirmed yet: written again as such.
    assert_eq!((report["ledger"]["unconfirmed"].as_u64(), report["ledger"]["new"].as_u64()), (Some(3), Some(0)));
    assert_eq!(recorded_runs(&l.ledger), 2);
}

#[test]
fn a_holder_that_dies_holds_nothing_and_the_waiting_run_goes_on() {
    let l = Ledgered::new();
    let (mut holder, pipe) = holder_on_a_pipe(&l);
    let input = l.ws.write("orders.csv", orders(3, |_| GOOD_TRACKING).cp932_lf());
    let mut waiter = spawn_run(&l, "out2", &input);
    let mut lines = stderr_lines(&mut waiter);
    let first = lines.next().unwrap_or_default();
    assert!(first.contains(&format!("process {}", holder.id())), "it waits for the holder: {first}");
    holder.kill().unwrap();
    holder.wait().unwrap();
    drop(pipe);
    let rest: Vec<String> = lines.collect();
    assert_eq!(waiter.wait().unwrap().code(), Some(0), "{rest:#?}");
    assert_eq!(recorded_runs(&l.ledger), 1, "only the run that finished is recorded");
    assert_eq!(l.show(&order_number(3)).len(), 1);
}

/// A run takes its turn at the ledger (and the lock of a folder used before) while its
/// profiles compile (`run::EarlyStart`); one whose profile then fails leaves everything as it
/// was: no run recorded, the turn given back (the holder's record cleared), no output folder.
#[test]
fn a_run_whose_profile_fails_after_its_early_turn_leaves_the_ledger_and_the_folder_as_they_were() {
    let l = Ledgered::new();
    l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    let before = recorded_runs(&l.ledger);
    let input = l.ws.write("orders2.csv", orders(2, |_| GOOD_TRACKING).cp932_lf());
    let out = l.ws.path().join("fresh-out");
    let failed = std_bin()
        .current_dir(l.ws.path())
        .args(["run", "--profile", "no-such-profile", "--as-of", AS_OF, "--out", "fresh-out", "--ledger"])
        .arg(&l.ledger)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2), "{}", String::from_utf8_lossy(&failed.stderr));
    assert!(!out.exists(), "no output folder: {:?}", files_under(&out));
    assert_eq!(recorded_runs(&l.ledger), before, "nothing recorded");
    let holder = l.ledger.with_file_name("history.sqlite-holder");
    assert_eq!(std::fs::read_to_string(&holder).unwrap_or_default(), "", "the turn was given back");
    let next = spawn_run(&l, "out2", &input).wait_with_output().unwrap();
    assert!(next.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&next.stderr));
    assert_eq!(recorded_runs(&l.ledger), before + 1);
}
