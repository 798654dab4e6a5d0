//! The run's own files: the ledger is never one of the files a run writes; the
//! report (outside `--out`, or streamed) agrees with the upload files whatever stops the
//! commit; the archive, the manifest and the lock are the tool's own, never followed through
//! a link and never outside `--out`.

use std::fs;
use std::path::Path;
use std::process::Stdio;

use crate::all_or_nothing::{
    Tree, ab_workspace, assert_exit, assert_tree, earlier_run, legacy, ob, partial_bytes, restore, run_b, stderr, tree,
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

// ------------------------------------------------------------------------------------------
// The archive, the manifest and the folders on the way are never followed through a link
// ------------------------------------------------------------------------------------------

/// Run A's and run B's exports in a workspace; run B, then run A (which does not write run B's
/// `rakuten2/` file, so it archives it).
fn b_then_a() -> tempfile::TempDir {
    let ws = ab_workspace();
    assert_exit(&run_b(ws.path()).output().unwrap(), 1, "run B");
    ws
}

fn run_a_over(dir: &Path) -> std::process::Output {
    legacy(dir, "a.csv", &["--report", "out/report.json"]).output().unwrap()
}

/// Sets a file's or folder's modification time `days` days back.
fn age(path: &Path, days: u32) {
    let ok = std::process::Command::new("touch").args(["-h", "-d", &format!("{days} days ago")]).arg(path).status();
    assert!(ok.is_ok_and(|s| s.success()), "touch -d {}", path.display());
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(out.join(".orderbridge.manifest.json")).unwrap()).unwrap()
}

#[cfg(unix)]
#[test]
fn an_archive_folder_that_is_a_link_is_never_followed() {
    let ws = b_then_a();
    let dir = ws.path();
    // Someone's folder, with an old subfolder the tool never made.
    let elsewhere = dir.join("elsewhere");
    fs::create_dir_all(elsewhere.join("20000101-000000Z")).unwrap();
    fs::write(elsewhere.join("20000101-000000Z/keep.txt"), "theirs").unwrap();
    age(&elsewhere.join("20000101-000000Z"), 90);
    std::os::unix::fs::symlink(&elsewhere, dir.join("out/.orderbridge.archive")).unwrap();
    let (before_out, before_elsewhere) = (tree(&dir.join("out")), tree(&elsewhere));
    let o = run_a_over(dir);
    assert_exit(&o, 2, "the archive is a link");
    assert!(stderr(&o).contains(".orderbridge.archive, which is a link"), "names the link: {}", stderr(&o));
    assert_tree(&tree(&elsewhere), &before_elsewhere, "nothing moved into or removed from the link's folder");
    assert_tree(&tree(&dir.join("out")), &before_out, "exit 2: nothing changed");
}

#[test]
fn pruning_removes_exactly_the_archives_the_tool_recorded() {
    let ws = b_then_a();
    let dir = ws.path();
    let out = dir.join("out");
    assert_exit(&run_a_over(dir), 1, "run A archives run B's rakuten2/ file");
    let m = manifest(&out);
    let record = &m["archives"][0];
    let stamp = record["dir"].as_str().expect("the archive is recorded").to_string();
    assert_eq!(record["files"], serde_json::json!(["rakuten2/tuuzyou_2024_10_18.csv"]));
    let archive = out.join(".orderbridge.archive");
    assert!(archive.join(&stamp).join("rakuten2/tuuzyou_2024_10_18.csv").is_file());
    // The recorded archive made 31 days ago; an old folder there the tool did not record.
    let mut aged = m.clone();
    let month_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(31 * 24);
    aged["archives"][0]["at"] = month_ago.to_string().into();
    fs::write(out.join(".orderbridge.manifest.json"), serde_json::to_vec_pretty(&aged).unwrap()).unwrap();
    let unrecorded = archive.join("20000101-000000Z");
    fs::create_dir_all(&unrecorded).unwrap();
    fs::write(unrecorded.join("mine.csv"), "kept by hand").unwrap();
    age(&unrecorded, 90);

    assert_exit(&run_a_over(dir), 1, "run A again");
    assert!(!archive.join(&stamp).exists(), "the recorded archive, 31 days old, is removed");
    assert_eq!(fs::read_to_string(unrecorded.join("mine.csv")).unwrap(), "kept by hand", "an unrecorded one stays");
    assert!(manifest(&out).get("archives").is_none(), "the pruned archive is no longer recorded");
}

#[cfg(unix)]
#[test]
fn a_folder_inside_out_that_is_a_link_elsewhere_is_refused() {
    let ws = Workspace::new();
    let elsewhere = ws.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::create_dir_all(ws.out()).unwrap();
    std::os::unix::fs::symlink("../elsewhere", ws.out().join("rakuten")).unwrap();
    // An earlier run's lock file (the tool's own, left in place).
    fs::write(ws.out().join(".orderbridge.lock"), "").unwrap();
    ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let before = tree(ws.path());
    let o = legacy(ws.path(), "orders.csv", &[]).output().unwrap();
    assert_exit(&o, 2, "out/rakuten is a link");
    assert!(stderr(&o).contains("rakuten, which is a link"), "names the link: {}", stderr(&o));
    assert_tree(&tree(ws.path()), &before, "nothing written, in the link's folder or anywhere");
}

/// Adds `entry` (with `sha256`) to the legacy profile's files in `out`'s manifest.
fn add_entry(out: &Path, entry: &str, sha256: &str) {
    let mut m = manifest(out);
    m["profiles"][LEGACY].as_array_mut().unwrap().push(serde_json::json!({"path": entry, "sha256": sha256}));
    fs::write(out.join(".orderbridge.manifest.json"), serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(unix)]
#[test]
fn a_manifest_naming_paths_outside_out_or_through_a_link_is_set_aside_never_obeyed() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("ws");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("a.csv"), fs::read(ab_workspace().path().join("a.csv")).unwrap()).unwrap();
    // Files outside the output folder that an obeyed manifest would move into the archive.
    let outside = root.path().join("x.csv");
    fs::write(&outside, "not the tool's").unwrap();
    fs::create_dir(root.path().join("theirs")).unwrap();
    fs::write(root.path().join("theirs/f.csv"), "theirs").unwrap();
    for (entry, problem) in [("../../x.csv", "outside"), ("link/f.csv", "link")] {
        let out = dir.join("out");
        let _ = fs::remove_dir_all(&out);
        assert_exit(&run_a_over(&dir), 1, "run A");
        std::os::unix::fs::symlink(root.path().join("theirs"), out.join("link")).unwrap();
        let bytes = if problem == "outside" { fs::read(&outside) } else { fs::read(root.path().join("theirs/f.csv")) };
        add_entry(&out, entry, &sha256_hex(&bytes.unwrap()));
        let bad = fs::read(out.join(".orderbridge.manifest.json")).unwrap();

        let o = run_a_over(&dir);
        assert_exit(&o, 1, entry);
        assert!(stderr(&o).contains("was not followed"), "{entry}: names the manifest: {}", stderr(&o));
        let report: serde_json::Value = serde_json::from_slice(&fs::read(out.join("report.json")).unwrap()).unwrap();
        assert_eq!(report["manifest_set_aside"]["problem"], problem, "{entry}");
        let kept = report["manifest_set_aside"]["kept_as"].as_str().expect("kept").to_string();
        assert_eq!(fs::read(out.join(&kept)).unwrap(), bad, "{entry}: the manifest is kept as it was");
        assert_eq!(report["archived"], serde_json::json!([]), "{entry}: nothing archived by it");
        assert_eq!(fs::read_to_string(&outside).unwrap(), "not the tool's");
        assert_eq!(fs::read_to_string(root.path().join("theirs/f.csv")).unwrap(), "theirs");
        assert!(!out.join(".orderbridge.archive").exists(), "{entry}: no archive");
        assert!(manifest(&out)["profiles"][LEGACY].as_array().unwrap().iter().all(|f| f["path"] != entry));
    }
}

#[cfg(unix)]
#[test]
fn the_manifest_and_the_lock_are_never_used_through_a_link() {
    let ws = b_then_a();
    let dir = ws.path();
    let out = dir.join("out");
    // The manifest a link to a file elsewhere (holding run B's manifest, which would archive
    // rakuten2/): neither obeyed nor written through.
    let theirs = dir.join("theirs.json");
    fs::rename(out.join(".orderbridge.manifest.json"), &theirs).unwrap();
    std::os::unix::fs::symlink(&theirs, out.join(".orderbridge.manifest.json")).unwrap();
    let theirs_bytes = fs::read(&theirs).unwrap();
    let o = run_a_over(dir);
    assert_exit(&o, 1, "run A, the manifest a link");
    assert!(stderr(&o).contains("was not followed: it is a link or not a plain file"), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["manifest_set_aside"], serde_json::json!({"problem": "not_a_file", "kept_as": null}));
    assert_eq!(report["archived"], serde_json::json!([]), "nothing archived by it");
    assert_eq!(fs::read(&theirs).unwrap(), theirs_bytes, "the link's file is untouched");
    assert!(fs::symlink_metadata(out.join(".orderbridge.manifest.json")).unwrap().is_file(), "a manifest of its own");

    // The lock file a link elsewhere: refused, nothing made where it leads.
    let target = dir.join("lock-target");
    fs::remove_file(out.join(".orderbridge.lock")).unwrap();
    std::os::unix::fs::symlink(&target, out.join(".orderbridge.lock")).unwrap();
    let o = run_a_over(dir);
    assert_exit(&o, 2, "the lock file a link");
    assert!(stderr(&o).contains(".orderbridge.lock: is a link or not a plain file"), "{}", stderr(&o));
    assert!(!target.exists(), "no file made where the link leads");
}
