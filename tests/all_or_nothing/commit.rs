//! The commit: a rename failing or a kill at any step leaves the old or the new files, a target
//! that became a folder stops it, two runs into one `--out` at once, a terminated run, and the
//! reject file rerun into its own `--out`.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{
    Node, Tree, ab_states, ab_workspace, assert_exit, assert_tree, describe, earlier_run, final_files, legacy, order,
    partial_bytes, restore, run_b, stderr, tool_files, tree, wait_for_partials,
};
use crate::common::*;
use crate::interruption::{Files, assert_same_files, big_export, export, finals, mixed, reference};

#[cfg(unix)]
fn signal_of(o: &std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(o)
}

// ------------------------------------------------------------------------------------------
// A commit that fails or is killed at every rename
// ------------------------------------------------------------------------------------------

/// Run B with `ORDERBRIDGE_FAULT_RENAME=k`, over run A's output, until a k is past the last
/// rename (the run succeeds): every failed rename leaves run A's output exactly. Returns the
/// number of renames of run B's commit.
fn renames_of_run_b(old: &Tree, new: &Tree) -> usize {
    let ws = ab_workspace();
    let out = ws.path().join("out");
    for k in 0..100 {
        restore(&out, old);
        let o = run_b(ws.path()).env("ORDERBRIDGE_FAULT_RENAME", k.to_string()).output().unwrap();
        if o.status.code() == Some(1) {
            assert_tree(&tree(&out), new, &format!("FAULT_RENAME={k}, past the last rename: run B's output"));
            return k;
        }
        assert_exit(&o, 2, &format!("FAULT_RENAME={k}"));
        assert!(stderr(&o).contains("fault injected by ORDERBRIDGE_FAULT_RENAME"), "k={k}: {}", stderr(&o));
        assert_tree(&tree(&out), old, &format!("FAULT_RENAME={k}: run A's output, byte for byte"));
    }
    panic!("run B still fails with FAULT_RENAME=99");
}

#[test]
fn a_rename_failing_or_a_kill_at_any_step_of_the_commit_leaves_the_old_or_the_new_files() {
    let (old, new) = ab_states();
    // Run B's commit: rakuten/tuuzyou and rakuten/auction (old file to its backup, new file in:
    // 2 each), rakuten2/tuuzyou (new: 1), the manifest (2), report.json (2), the reject file
    // (2).
    let n = renames_of_run_b(&old, &new);
    assert_eq!(n, 11, "the renames of run B's commit");

    let ws = ab_workspace();
    let out = ws.path().join("out");
    // Kill before rename k (k < n), after every rename but before the commit point (k = n),
    // just after the commit point (k = n + 1).
    for k in 0..=n + 1 {
        restore(&out, &old);
        let o = run_b(ws.path()).env("ORDERBRIDGE_FAULT_KILL", k.to_string()).output().unwrap();
        #[cfg(unix)]
        assert_eq!(signal_of(&o.status), Some(9), "FAULT_KILL={k}: killed: {:?}\n{}", o.status, stderr(&o));
        #[cfg(not(unix))]
        assert!(!o.status.success());

        // Right after the kill: the journal is there, and every file under its final name is
        // run A's or run B's, whole.
        let killed = tree(&out);
        assert!(killed.contains_key(".orderbridge-journal"), "FAULT_KILL={k}: a journal: {:?}", tool_files(&killed));
        for f in final_files(&killed) {
            let got = &killed[f];
            assert!(
                old.get(f) == Some(got) || new.get(f) == Some(got),
                "FAULT_KILL={k}: {f} is neither run A's nor run B's ({})",
                describe(got)
            );
        }

        // The next run into the folder recovers under the lock; this one then stops (its
        // --report is a folder) before writing anything, so what is left is the recovery's.
        let o = legacy(ws.path(), "b.csv", &["--report", "repdir"]).output().unwrap();
        assert_exit(&o, 2, &format!("FAULT_KILL={k}: the recovering run"));
        assert!(stderr(&o).contains("--report repdir: is a folder"), "{}", stderr(&o));
        let (want, which) = if k <= n { (&old, "run A's output") } else { (&new, "run B's output") };
        assert_tree(&tree(&out), want, &format!("FAULT_KILL={k}, then recovery: {which}"));
    }

    // A plain rerun after a kill at the commit's middle writes run B's output.
    restore(&out, &old);
    let o = run_b(ws.path()).env("ORDERBRIDGE_FAULT_KILL", (n / 2).to_string()).output().unwrap();
    assert!(!o.status.success());
    let o = run_b(ws.path()).output().unwrap();
    assert_exit(&o, 1, "the rerun");
    assert_tree(&tree(&out), &new, "a rerun after a kill: run B's output");
}

#[test]
fn a_target_that_became_a_folder_stops_the_commit_and_nothing_changes() {
    let (old, _) = ab_states();
    let ws = ab_workspace();
    let out = ws.path().join("out");
    restore(&out, &old);
    let auction = out.join("rakuten/auction_2024_10_18.csv");
    fs::remove_file(&auction).unwrap();
    fs::create_dir(&auction).unwrap();
    fs::write(auction.join("note.txt"), "a shop's own file").unwrap();
    let before = tree(&out);
    let o = run_b(ws.path()).output().unwrap();
    assert_exit(&o, 2, "a folder where an upload file goes");
    assert_tree(&tree(&out), &before, "a target that is a folder: everything unchanged");
    assert!(stderr(&o).contains("auction_2024_10_18.csv: is a folder; refusing to replace it"), "{}", stderr(&o));
}

// ------------------------------------------------------------------------------------------
// Rerunning the reject file itself
// ------------------------------------------------------------------------------------------

#[test]
fn rerunning_the_reject_file_itself_into_the_same_out_keeps_it() {
    let ws = Workspace::new();
    let (_, before) = earlier_run(&ws);
    // The shop fixed the rejected order and feeds the file back, under its own name: the run
    // rejects nothing, so it would remove the reject file an earlier run left at that path.
    let fixed = order(Table::new(GOQ_HEADER), 2, "楽天市場店", "通常購入", "処理済").cp932();
    let input = ws.out().join("rejected_goq-rakuten-legacy_20241018.csv");
    fs::write(&input, &fixed).unwrap();
    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.report()["rejects_file"], Value::Null);
    assert_eq!(fs::read(&input).unwrap(), fixed, "the input is still there, byte for byte");

    // Everything else is what a run of that export writes: its upload file replaces the
    // earlier one.
    let fresh = Workspace::new();
    let f = fresh.write("fixed.csv", &fixed);
    let r = fresh.run(LEGACY, AS_OF, &[f], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    let mut want = before;
    want.insert("rejected_goq-rakuten-legacy_20241018.csv".into(), Node::File(fixed));
    let upload = "rakuten/tuuzyou_2024_10_18.csv";
    want.insert(upload.into(), Node::File(fs::read(fresh.out().join(upload)).unwrap()));
    let manifest = ".orderbridge.manifest.json";
    want.insert(manifest.into(), Node::File(fs::read(fresh.out().join(manifest)).unwrap()));
    assert_tree(&tree(&ws.out()), &want, "after rerunning the reject file");
}

/// The report's `files` and `rejects_file` name exactly the files of `got`, with their sizes.
fn assert_report_matches(report: &Value, got: &Files, what: &str) {
    let mut named: Vec<(String, u64)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), f["bytes"].as_u64().unwrap()))
        .collect();
    let rejects = report["rejects_file"].as_str().expect("a reject file").to_string();
    let size = |p: &str| got.iter().find(|(f, _)| f == p).map(|(_, b)| b.len() as u64);
    named.push((rejects.clone(), size(&rejects).expect("the reject file exists")));
    named.sort();
    let mut on_disk: Vec<(String, u64)> = got.iter().map(|(f, b)| (f.clone(), b.len() as u64)).collect();
    on_disk.sort();
    assert_eq!(on_disk, named, "{what}: the folder holds what the report of the run that committed says");
}

#[test]
fn two_runs_into_one_out_at_once_leave_one_runs_complete_output() {
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path();
    let out = dir.join("out");
    fs::write(dir.join("orders.csv"), big_export()).unwrap();
    // The second run's export writes the same five paths (other rows, another rejected row).
    let small = export(mixed(900_000, 200));
    fs::write(dir.join("small.csv"), &small).unwrap();

    let mut first = legacy(dir, "orders.csv", &["--report", "first.json"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_partials(&mut first, &out, 1 << 16);
    // The first run holds the lock while its temporaries exist.
    let started = Instant::now();
    let second = legacy(dir, "small.csv", &["--report", "second.json"]).output().unwrap();
    let waited = started.elapsed();
    let first = first.wait_with_output().unwrap();
    assert_exit(&first, 1, "the first run");
    let got = finals(&out);
    let report = |name: &str| -> Value { serde_json::from_slice(&fs::read(dir.join(name)).unwrap()).unwrap() };

    match second.status.code() {
        Some(2) => {
            // It gave up waiting: the folder is the first run's output, whole.
            let msg = format!("another orderbridge run is writing to {}", Path::new("out").display());
            assert!(stderr(&second).contains(&msg), "{}", stderr(&second));
            assert!(waited >= Duration::from_millis(4900), "it waited 5 s: {waited:?}");
            assert!(!dir.join("second.json").exists(), "no report from the run that did nothing");
            assert_same_files(&got, reference(), "the second run gave up: the first run's output");
            assert_report_matches(&report("first.json"), &got, "first run");
            eprintln!("the second run gave up after {waited:.1?}");
        }
        Some(1) => {
            // It waited for the first and then wrote its own files over all of them.
            let alone = tempfile::tempdir().unwrap();
            fs::write(alone.path().join("small.csv"), &small).unwrap();
            assert_exit(&legacy(alone.path(), "small.csv", &[]).output().unwrap(), 1, "the small run alone");
            assert_same_files(&got, &finals(&alone.path().join("out")), "the second run committed last: its output");
            assert_report_matches(&report("second.json"), &got, "second run");
            eprintln!("the second run completed after {waited:.1?}");
        }
        _ => panic!("the second run: {:?}\n{}", second.status, stderr(&second)),
    }
    assert_eq!(
        tool_files(&tree(&out)),
        [".orderbridge.lock", ".orderbridge.manifest.json"],
        "no temporary, backup or journal left"
    );
}

// ------------------------------------------------------------------------------------------
// Termination signals during a large run
// ------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_terminated_run_removes_its_temporaries_and_keeps_the_earlier_files() {
    let ws = Workspace::new();
    let (_, before) = earlier_run(&ws);
    ws.write("big.csv", big_export());
    // The report goes outside the output folder: its temporary file (written at the end, but
    // created before the first row) is the run's too.
    let reports = ws.path().join("reports");
    fs::create_dir(&reports).unwrap();
    for (sig, name) in [(15, "TERM"), (2, "INT"), (1, "HUP")] {
        let mut child = legacy(ws.path(), "big.csv", &["--report", "reports/report.json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_partials(&mut child, &ws.out(), 1 << 20);
        let (temps, _) = partial_bytes(&ws.out());
        let k = Command::new("kill").args(["-s", name, &child.id().to_string()]).status().unwrap();
        assert!(k.success(), "kill -s {name}");
        let status = child.wait().unwrap();
        assert!(
            status.code() == Some(128 + sig) || signal_of(&status) == Some(sig),
            "SIG{name}: exit 128+{sig} or by the signal: {status:?}"
        );
        assert!(temps > 0, "SIG{name}: the run was writing");
        assert_tree(&tree(&ws.out()), &before, &format!("after SIG{name}: the earlier files, no temporary"));
        assert_tree(&tree(&reports), &Tree::new(), &format!("after SIG{name}: no report, no temporary beside it"));
    }
}
