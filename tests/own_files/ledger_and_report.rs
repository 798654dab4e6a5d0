//! The ledger is never one of the files a run writes; the report (outside `--out`, or to a full
//! device) is committed with the upload files whatever stops the commit; runs into a new folder
//! never share it.

use std::fs;
use std::path::Path;
use std::process::Stdio;

use crate::all_or_nothing::{
    Tree, ab_workspace, assert_exit, assert_tree, earlier_run, legacy, ob, partial_bytes, restore, stderr, tree,
};
use crate::common::*;
use crate::interruption::{export, mixed};
use crate::ledger::{Ledgered, orders};

// ------------------------------------------------------------------------------------------
// The ledger is not a file of the run
// ------------------------------------------------------------------------------------------

/// `run --ledger LEDGER [extra] orders.csv` (legacy profile, `--out out`) in `l`'s workspace.
fn run_with_ledger(l: &Ledgered, ledger: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .current_dir(l.ws.path())
        .env_remove("ORDERBRIDGE_MAPPINGS")
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--ledger"])
        .arg(ledger)
        .args(extra)
        .arg("orders.csv")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_ledger_at_the_place_of_a_file_the_run_writes_is_refused_before_anything_is_written() {
    let l = Ledgered::new();
    let r = l.run(&orders(2, |_| GOOD_TRACKING), &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    let ledger_bytes = fs::read(&l.ledger).unwrap();
    // Today's export: one more order, and one rejected (so a reject file would be written).
    let t = orders(3, |_| GOOD_TRACKING)
        .row(LEGACY, &[("受注番号", "100234-20241018-0000000099"), ("受注ステータス", "謎")]);
    l.ws.write("orders.csv", t.cp932_lf());
    let upload = default_path(LEGACY);
    // Copies of the ledger where the run writes: the reject file's path, the upload file's
    // path, and the manifest's; and links to the ledger.
    let out = l.ws.out();
    let at_rejects = out.join(rejects_name(LEGACY));
    fs::copy(&l.ledger, &at_rejects).unwrap();
    let own = out.join(".orderbridge.manifest.json");
    std::os::unix::fs::symlink(&l.ledger, l.ws.path().join("report-link.json")).unwrap();
    std::os::unix::fs::symlink(out.join(upload), l.ws.path().join("ledger-link.sqlite")).unwrap();

    let ledger = l.ledger.to_str().unwrap();
    let cases: Vec<(&Path, Vec<&str>, String)> = vec![
        (&l.ledger, vec!["--report", ledger], "it is also the run report".into()),
        (&l.ledger, vec!["--report", "report-link.json"], "it is also the run report".into()),
        (&at_rejects, vec![], format!("it is also a list of rows of this run ({})", rejects_name(LEGACY))),
        (&own, vec![], "one of the tool's own files".into()),
        // Through a link to the upload file: only the route says where it is, when its
        // first row is written (before anything is committed).
        (Path::new("ledger-link.sqlite"), vec![], format!("{upload}, which is another file of this run")),
    ];
    for (i, (ledger, extra, says)) in cases.iter().enumerate() {
        if i == 3 {
            // The manifest's place: the ledger made there, the manifest kept aside.
            fs::rename(&own, l.ws.path().join("manifest.keep")).unwrap();
            fs::copy(&l.ledger, &own).unwrap();
        }
        if i == 4 {
            fs::copy(&l.ledger, out.join(upload)).unwrap();
        }
        // SQLite's own files beside a ledger it opened (the last case), and the files of the
        // queue at which runs take turns, are the ledger's.
        let ledgers_own = |k: &String| ["-wal", "-shm", "-queue", "-holder"].iter().any(|s| k.ends_with(s));
        let mut before = tree(l.ws.path());
        before.retain(|k, _| !ledgers_own(k));
        let o = run_with_ledger(&l, ledger, extra);
        assert_exit(&o, 2, &format!("--ledger {} {extra:?}", ledger.display()));
        assert!(stderr(&o).contains(says.as_str()), "case {i}: says {says:?}: {}", stderr(&o));
        let mut after = tree(l.ws.path());
        after.retain(|k, _| !ledgers_own(k));
        assert_tree(&after, &before, &format!("case {i}: nothing written, the ledger as it was"));
        if i == 3 {
            fs::remove_file(&own).unwrap();
            fs::rename(l.ws.path().join("manifest.keep"), &own).unwrap();
        }
    }
    assert_eq!(fs::read(&l.ledger).unwrap(), ledger_bytes, "the ledger is untouched");
    assert_eq!(l.files().len(), 1, "only the first run is recorded");
}

// ------------------------------------------------------------------------------------------
// The report outside --out agrees with the files
// ------------------------------------------------------------------------------------------

/// Run B of `all_or_nothing` with its report outside the output folder, `reports/report.json`.
fn run_b_outside(dir: &Path) -> std::process::Command {
    legacy(dir, "b.csv", &["--report", "reports/report.json"])
}

/// `out` and `reports` of a workspace as one tree (`out/...`, `reports/...`).
fn out_and_reports(dir: &Path) -> Tree {
    let mut t = Tree::new();
    for sub in ["out", "reports"] {
        t.extend(tree(&dir.join(sub)).into_iter().map(|(k, v)| (format!("{sub}/{k}"), v)));
    }
    t
}

fn restore_both(dir: &Path, t: &Tree) {
    for sub in ["out", "reports"] {
        let prefix = format!("{sub}/");
        let part: Tree =
            t.iter().filter_map(|(k, v)| k.strip_prefix(&prefix).map(|k| (k.to_string(), v.clone()))).collect();
        restore(&dir.join(sub), &part);
    }
}

#[test]
fn a_report_outside_out_is_committed_with_the_files_whatever_stops_the_commit() {
    let ws = ab_workspace();
    let dir = ws.path();
    fs::create_dir(dir.join("reports")).unwrap();
    assert_exit(&legacy(dir, "a.csv", &["--report", "reports/report.json"]).output().unwrap(), 1, "run A");
    let old = out_and_reports(dir);
    assert_exit(&run_b_outside(dir).output().unwrap(), 1, "run B");
    let new = out_and_reports(dir);
    assert_ne!(old["reports/report.json"], new["reports/report.json"]);

    // A rename failing at any step: exit 2, run A's files and run A's report.
    let mut k = 0;
    loop {
        restore_both(dir, &old);
        let o = run_b_outside(dir).env("ORDERBRIDGE_FAULT_RENAME", k.to_string()).output().unwrap();
        if o.status.code() == Some(1) {
            assert_tree(&out_and_reports(dir), &new, &format!("FAULT_RENAME={k}: past the last rename"));
            break;
        }
        assert_exit(&o, 2, &format!("FAULT_RENAME={k}"));
        assert_tree(&out_and_reports(dir), &old, &format!("FAULT_RENAME={k}: run A's files and report"));
        k += 1;
    }
    let renames = k;
    // A kill before every rename, before the commit point and just after it: once the next
    // run has recovered, the files and the report are both run A's or both run B's.
    for k in 0..=renames + 1 {
        restore_both(dir, &old);
        let o = run_b_outside(dir).env("ORDERBRIDGE_FAULT_KILL", k.to_string()).output().unwrap();
        assert!(!o.status.success(), "FAULT_KILL={k}: killed");
        let o = legacy(dir, "b.csv", &["--report", "repdir"]).output().unwrap();
        assert_exit(&o, 2, &format!("FAULT_KILL={k}: the recovering run"));
        let (want, which) = if k <= renames { (&old, "run A's") } else { (&new, "run B's") };
        assert_tree(&out_and_reports(dir), want, &format!("FAULT_KILL={k}, then recovery: {which} files and report"));
    }
}

#[cfg(unix)]
#[test]
fn a_report_to_a_full_device_rolls_the_run_back_and_exits_2() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    let ws = Workspace::new();
    let (_, before) = earlier_run(&ws);
    let t = Table::new(GOQ_HEADER).row(LEGACY, &[("受注番号", "100234-20241018-0000000042")]);
    ws.write("today.csv", t.cp932());
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--report", "/dev/full", "today.csv"])
        .output()
        .unwrap();
    assert_exit(&o, 2, "--report /dev/full");
    assert!(stderr(&o).contains("/dev/full"), "names the report: {}", stderr(&o));
    assert!(stderr(&o).contains("every file of the run was put back"), "{}", stderr(&o));
    assert_tree(&tree(&ws.out()), &before, "exit 2: the earlier run's files, as they were");
}

// ------------------------------------------------------------------------------------------
// The lock holds on the folder that exists
// ------------------------------------------------------------------------------------------

/// Rows of the exports of the lock test: enough that each run is still writing when the next
/// one starts. The runs wait up to a minute for the folder's lock, so that a slow first run
/// (a loaded machine) still ends within the second's wait.
const LATE_ROWS: u64 = 30_000;

const GOOD_ROWS: u64 = 120_000;

/// Waits until `child` has temporaries under `out` (it holds the folder's lock); panics with
/// its stderr if it ends first.
fn wait_writing(child: &mut std::process::Child, out: &Path, what: &str) {
    let started = std::time::Instant::now();
    while partial_bytes(out).0 == 0 {
        if child.try_wait().unwrap().is_some() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            panic!("{what} ended before it wrote anything: {err}");
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(120), "{what}: no temporary within 120 s");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn three_runs_into_a_new_folder_never_share_it_when_the_first_fails_late() {
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path();
    // Run 1: a large export whose last field opens a quote it never closes (exit 2, late).
    let mut late = export(mixed(0, LATE_ROWS));
    late.extend_from_slice(b"\"100234-20241018-9999999999,unclosed\r\n");
    fs::write(dir.join("late.csv"), &late).unwrap();
    fs::write(dir.join("good.csv"), export(mixed(0, GOOD_ROWS))).unwrap();
    fs::write(dir.join("small.csv"), export(mixed(900_000, 50))).unwrap();
    for round in 0..4 {
        let out = dir.join("out");
        if out.exists() {
            fs::remove_dir_all(&out).unwrap();
        }
        let spawn = |input: &str| {
            let mut c = legacy(dir, input, &[]);
            c.env("ORDERBRIDGE_LOCK_WAIT_SECS", "60").stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
        };
        let mut first = spawn("late.csv");
        wait_writing(&mut first, &out, "the first run");
        // The second waits for the first's lock; the first then fails and removes the
        // folder it created.
        let mut second = spawn("good.csv");
        let first = first.wait_with_output().unwrap();
        assert_exit(&first, 2, &format!("round {round}: the run with the unclosed quote"));
        // The third starts while the second writes.
        wait_writing(&mut second, &out, "the second run");
        let third = spawn("small.csv").wait_with_output().unwrap();
        let second = second.wait_with_output().unwrap();
        assert_exit(&second, 1, &format!("round {round}: the second run, alone in the folder"));
        match third.status.code() {
            Some(1) => {}
            Some(2) => assert!(
                stderr(&third).contains("another orderbridge run is writing"),
                "round {round}: the third run stops only for the second's lock: {}",
                stderr(&third)
            ),
            _ => panic!("round {round}: the third run: {:?}\n{}", third.status, stderr(&third)),
        }
        let left: Vec<String> = files_under(&out).into_iter().filter(|f| f.contains(".orderbridge-")).collect();
        assert!(left.is_empty(), "round {round}: no temporary, backup or journal left: {left:?}");
        assert!(out.join(".orderbridge.lock").is_file(), "round {round}: the folder has its lock file");
    }
}
