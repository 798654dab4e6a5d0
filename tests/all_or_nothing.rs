//! All or nothing for real: a run changes every file under `--out` or none,
//! touches nothing outside it, and stops clearly on bad input. One test (or a few) per way it
//! could fail; profile lookup and the `--as-of` form are covered in `hardening`.
//!
//! Folders are compared as trees ([`tree`]): every file with its bytes (the lock, journals,
//! temporaries and backups included), every folder and every symbolic link, so "nothing
//! changed" means exactly that.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::*;
use crate::interruption::{Files, assert_same_files, big_export, export, finals, mixed, reference};

// ------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------

/// One entry of a folder tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Everything under `root` (not following links), by relative path with `/` separators.
pub(crate) type Tree = BTreeMap<String, Node>;

pub(crate) fn tree(root: &Path) -> Tree {
    let mut out = Tree::new();
    if fs::symlink_metadata(root).is_err() {
        return out;
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            let meta = fs::symlink_metadata(&p).unwrap();
            let node = if meta.file_type().is_symlink() {
                Node::Link(fs::read_link(&p).unwrap())
            } else if meta.is_dir() {
                stack.push(p.clone());
                Node::Dir
            } else {
                Node::File(fs::read(&p).unwrap())
            };
            out.insert(rel, node);
        }
    }
    out
}

/// Recreates `root` as exactly `t` (files, folders, links).
pub(crate) fn restore(root: &Path, t: &Tree) {
    if root.exists() {
        fs::remove_dir_all(root).unwrap();
    }
    fs::create_dir_all(root).unwrap();
    // Sorted by path: a folder comes before what is in it.
    for (rel, node) in t {
        let p = root.join(rel);
        match node {
            Node::Dir => fs::create_dir(&p).unwrap(),
            Node::File(b) => fs::write(&p, b).unwrap(),
            #[cfg(unix)]
            Node::Link(to) => std::os::unix::fs::symlink(to, &p).unwrap(),
            #[cfg(not(unix))]
            Node::Link(_) => panic!("links are only made on Unix"),
        }
    }
}

fn describe(n: &Node) -> String {
    match n {
        Node::Dir => "a folder".into(),
        Node::File(b) => format!("a file of {} bytes", b.len()),
        Node::Link(to) => format!("a link to {}", to.display()),
    }
}

/// `got == want`, entry by entry, with a readable message.
pub(crate) fn assert_tree(got: &Tree, want: &Tree, what: &str) {
    if got == want {
        return;
    }
    let mut diffs = Vec::new();
    for (k, w) in want {
        match got.get(k) {
            None => diffs.push(format!("{k}: missing (expected {})", describe(w))),
            Some(g) if g != w => diffs.push(format!("{k}: {} (expected {})", describe(g), describe(w))),
            _ => {}
        }
    }
    for (k, g) in got {
        if !want.contains_key(k) {
            diffs.push(format!("{k}: unexpected {}", describe(g)));
        }
    }
    panic!("{what}:\n  {}", diffs.join("\n  "));
}

/// The binary, run from `dir`, with no mappings folder and no fault switch from outside.
pub(crate) fn ob(dir: &Path) -> Command {
    let mut c = crate::common::std_bin();
    c.current_dir(dir)
        .env_remove("ORDERBRIDGE_MAPPINGS")
        .env_remove("ORDERBRIDGE_FAULT_RENAME")
        .env_remove("ORDERBRIDGE_FAULT_KILL");
    c
}

/// `run --profile goq-rakuten-legacy --as-of 2024-10-18 --out out [extra] input`, from `dir`.
pub(crate) fn legacy(dir: &Path, input: &str, extra: &[&str]) -> Command {
    let mut c = ob(dir);
    c.args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out"]).args(extra).arg(input);
    c
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
pub(crate) fn assert_exit(o: &Output, code: i32, what: &str) {
    assert_eq!(o.status.code(), Some(code), "{what}: {:?}\n{}", o.status, stderr(o));
    assert!(!stderr(o).contains("panicked"), "{what}: {}", stderr(o));
}

#[cfg(unix)]
fn signal_of(o: &std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(o)
}

/// A GoQ order of the legacy profile: number `n`, to `store`, of `order_type`, with `status`.
fn order(t: Table, n: u32, store: &str, order_type: &str, status: &str) -> Table {
    let number = format!("100234-20241018-{n:010}");
    let record = format!("{}", 133_100_000 + n);
    t.row(
        LEGACY,
        &[
            ("受注番号", &number),
            ("レコードナンバー", &record),
            ("販売店舗", store),
            ("注文種別", order_type),
            ("受注ステータス", status),
        ],
    )
}

/// Export A: rakuten/tuuzyou, rakuten/auction and one rejected row (unknown status).
fn export_a() -> Vec<u8> {
    let t = Table::new(GOQ_HEADER);
    let t = order(t, 1, "楽天市場店", "通常購入", "処理済");
    let t = order(t, 2, "楽天市場店", "オークション", "処理済");
    let t = order(t, 3, "楽天市場店", "通常購入", "謎のステータス");
    t.cp932()
}

/// Export B, the next day's: other rows in rakuten/tuuzyou and rakuten/auction, a new
/// rakuten2/tuuzyou (a new folder), and another rejected row (so its reject file replaces
/// A's: a list with nothing to fix would be archived, in a folder named after the time).
fn export_b() -> Vec<u8> {
    let t = Table::new(GOQ_HEADER);
    let t = order(t, 11, "楽天市場店", "通常購入", "処理済");
    let t = order(t, 12, "楽天市場店", "通常購入", "出荷済み");
    let t = order(t, 13, "楽天市場店", "オークション", "処理済");
    let t = order(t, 14, "楽天2号店", "通常購入", "処理済");
    let t = order(t, 15, "楽天市場店", "通常購入", "謎のステータス");
    t.cp932()
}

/// A folder holding `a.csv` (export A), `b.csv` (export B) and `repdir/` (a folder, for a
/// `--report` that is refused after the output folder's lock was taken).
pub(crate) fn ab_workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    fs::write(ws.path().join("a.csv"), export_a()).unwrap();
    fs::write(ws.path().join("b.csv"), export_b()).unwrap();
    fs::create_dir(ws.path().join("repdir")).unwrap();
    ws
}

/// Export A's run: the upload files, the reject file and `out/report.json`.
pub(crate) fn run_a(dir: &Path) -> Output {
    legacy(dir, "a.csv", &["--report", "out/report.json"]).output().unwrap()
}

/// Export B's run over it: replaces both upload files, the reject file and the report,
/// creates rakuten2/.
pub(crate) fn run_b(dir: &Path) -> Command {
    legacy(dir, "b.csv", &["--report", "out/report.json"])
}

/// `out` after run A, and after run A then run B (in a folder of their own).
pub(crate) fn ab_states() -> (Tree, Tree) {
    let ws = ab_workspace();
    let o = run_a(ws.path());
    assert_exit(&o, 1, "run A rejects one row");
    let old = tree(&ws.path().join("out"));
    let names: Vec<&String> = old.keys().collect();
    assert_eq!(
        names,
        [
            ".orderbridge.lock",
            ".orderbridge.manifest.json",
            "rakuten",
            "rakuten/auction_2024_10_18.csv",
            "rakuten/tuuzyou_2024_10_18.csv",
            "rejected_goq-rakuten-legacy_20241018.csv",
            "report.json"
        ],
        "run A's output"
    );
    let o = run_b(ws.path()).output().unwrap();
    assert_exit(&o, 1, "run B rejects one row");
    let new = tree(&ws.path().join("out"));
    let names: Vec<&String> = new.keys().collect();
    assert_eq!(
        names,
        [
            ".orderbridge.lock",
            ".orderbridge.manifest.json",
            "rakuten",
            "rakuten/auction_2024_10_18.csv",
            "rakuten/tuuzyou_2024_10_18.csv",
            "rakuten2",
            "rakuten2/tuuzyou_2024_10_18.csv",
            "rejected_goq-rakuten-legacy_20241018.csv",
            "report.json"
        ],
        "run B's output over run A's"
    );
    for f in [
        "rakuten/auction_2024_10_18.csv",
        "rakuten/tuuzyou_2024_10_18.csv",
        "rejected_goq-rakuten-legacy_20241018.csv",
        "report.json",
    ] {
        assert_ne!(old[f], new[f], "{f}: run B replaces it with other bytes");
    }
    (old, new)
}

/// Upload-file and report names of a tree (the tool's own `.orderbridge*` files left out).
pub(crate) fn final_files(t: &Tree) -> Vec<&str> {
    t.iter()
        .filter(|(k, n)| matches!(n, Node::File(_)) && !k.rsplit('/').next().unwrap().starts_with(".orderbridge"))
        .map(|(k, _)| k.as_str())
        .collect()
}

pub(crate) fn tool_files(t: &Tree) -> Vec<&str> {
    t.keys().filter(|k| k.rsplit('/').next().unwrap().starts_with(".orderbridge")).map(String::as_str).collect()
}

/// A small legacy export (one order to rakuten/tuuzyou, one rejected) in `ws`, run once into
/// `ws/out`: the earlier run that later runs must leave as they found it.
pub(crate) fn earlier_run(ws: &Workspace) -> (PathBuf, Tree) {
    let t = order(Table::new(GOQ_HEADER), 1, "楽天市場店", "通常購入", "処理済");
    let t = order(t, 2, "楽天市場店", "通常購入", "謎のステータス");
    let input = ws.write("orders.csv", t.cp932());
    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    let before = tree(&ws.out());
    assert_eq!(final_files(&before), ["rakuten/tuuzyou_2024_10_18.csv", "rejected_goq-rakuten-legacy_20241018.csv"]);
    (input, before)
}

/// The shipped profile `name`'s text.
fn shipped(name: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(format!("{name}.toml"))).unwrap()
}

/// The shipped legacy profile with its upload route replaced by `route`.
fn legacy_with_route(route: &str) -> String {
    let old = "path = \"{store_folder}/{file_prefix}_{as_of:%Y_%m_%d}.csv\"";
    let text = shipped(LEGACY);
    assert!(text.contains(old), "the shipped route");
    text.replacen(old, &format!("path = \"{route}\""), 1)
}

// ------------------------------------------------------------------------------------------
// --report, or a route, naming another file of the run
// ------------------------------------------------------------------------------------------

/// `--report` naming another file of the run (`report`, under the run's folder) is refused
/// before anything is written: exit 2, stderr saying `says`, every earlier file unchanged.
fn report_naming_a_file_of_the_run_is_refused(report: &str, says: &str) {
    let ws = Workspace::new();
    let (input, before) = earlier_run(&ws);
    let input = input.to_str().unwrap();
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--report", report, input])
        .output()
        .unwrap();
    assert_exit(&o, 2, report);
    assert!(stderr(&o).contains(says), "--report {report}: says {says:?}: {}", stderr(&o));
    assert_tree(&tree(&ws.out()), &before, &format!("--report {report}: every file unchanged"));
}

cases!(report_naming_a_file_of_the_run_is_refused {
    report_naming_an_upload_file_is_refused_and_nothing_changes:
        "out/rakuten/tuuzyou_2024_10_18.csv", "rakuten/tuuzyou_2024_10_18.csv";
    report_naming_the_reject_file_is_refused_and_nothing_changes:
        "out/rejected_goq-rakuten-legacy_20241018.csv", "is the reject file's path";
});

#[test]
fn report_naming_an_earlier_runs_upload_file_this_run_does_not_write_is_refused() {
    let ws = Workspace::new();
    let t = order(Table::new(GOQ_HEADER), 1, "楽天市場店", "通常購入", "処理済");
    let t = order(t, 2, "楽天市場店", "オークション", "処理済");
    let input = ws.write("orders.csv", t.cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    let before = tree(&ws.out());
    assert_eq!(final_files(&before), ["rakuten/auction_2024_10_18.csv", "rakuten/tuuzyou_2024_10_18.csv"]);
    // Today's export has no auction order: the report would take the auction file's place,
    // and staff upload whatever is in the folder.
    let today = ws.write("today.csv", order(Table::new(GOQ_HEADER), 3, "楽天市場店", "通常購入", "処理済").cp932());
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out"])
        .args(["--report", "out/rakuten/auction_2024_10_18.csv"])
        .arg(&today)
        .output()
        .unwrap();
    assert_exit(&o, 2, "--report over an earlier upload file");
    assert_tree(&tree(&ws.out()), &before, "--report over an earlier upload file: every file unchanged");
}

#[test]
fn a_route_rendering_to_the_reject_files_path_stops_the_run_and_nothing_changes() {
    let ws = Workspace::new();
    let (input, before) = earlier_run(&ws);
    let profile = ws.write("clash.toml", legacy_with_route("rejected_{profile}_{as_of:%Y%m%d}.csv"));
    let r = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("rejected_clash_20241018.csv, which is another file of this run"), "{}", r.stderr);
    assert!(r.report.is_none(), "no report after exit 2");
    assert_tree(&tree(&ws.out()), &before, "a route onto the reject file: every file unchanged");
}

// ------------------------------------------------------------------------------------------
// --report naming a folder
// ------------------------------------------------------------------------------------------

#[test]
fn report_naming_a_folder_exits_2_and_writes_no_upload_file() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    fs::create_dir(ws.path().join("reports")).unwrap();
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--report", "reports"])
        .arg(&input)
        .output()
        .unwrap();
    assert_exit(&o, 2, "--report a folder");
    assert!(!ws.out().exists(), "no output folder, no upload file: {:?}", tree(&ws.out()).keys());
    assert!(stderr(&o).contains("--report reports: is a folder"), "{}", stderr(&o));
    assert_eq!(tree(&ws.path().join("reports")), Tree::new(), "nothing written into the folder");
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

// ------------------------------------------------------------------------------------------
// Two runs into one output folder at once
// ------------------------------------------------------------------------------------------

/// Temporaries of a run under `out`, and their total size.
pub(crate) fn partial_bytes(out: &Path) -> (usize, u64) {
    let mut n = 0;
    let mut bytes = 0;
    for (k, node) in tree(out) {
        let name = k.rsplit('/').next().unwrap().to_string();
        if let Node::File(b) = node
            && name.starts_with(".orderbridge-")
            && name.ends_with(".partial")
        {
            n += 1;
            bytes += b.len() as u64;
        }
    }
    (n, bytes)
}

/// Waits until `child`'s temporaries under `out` hold `bytes`; panics if it ends first.
pub(crate) fn wait_for_partials(child: &mut Child, out: &Path, bytes: u64) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the big run ended ({status}) before its temporaries held {bytes} bytes");
        }
        if partial_bytes(out).1 >= bytes {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "no temporary grew within 120 s");
        std::thread::sleep(Duration::from_millis(10));
    }
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
// Routes that would leave the output folder
// ------------------------------------------------------------------------------------------

/// A route (`ROOT` standing for a temporary folder two levels above the run's) that would
/// leave the output folder: `validate-profile` and `run` both refuse it with a located
/// diagnostic, and the run writes nothing anywhere under that folder.
fn route_leaving_the_output_folder_is_refused(route: &str) {
    let root = tempfile::tempdir().unwrap();
    let route = route.replace("ROOT", &root.path().display().to_string());
    // The run's folder is two levels down, so `../../` stays inside `root`.
    let ws = root.path().join("a/b");
    fs::create_dir_all(&ws).unwrap();
    let input = ws.join("orders.csv");
    fs::write(&input, Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932()).unwrap();
    let route_line =
        shipped(LEGACY).lines().position(|l| l.starts_with("path = \"{store_folder}/")).expect("the shipped route") + 1;
    fs::write(ws.join("p.toml"), legacy_with_route(&route)).unwrap();
    let before = tree(root.path());
    let located = format!("./p.toml:{route_line}:8: path `{route}`");

    let o = ob(&ws).args(["validate-profile", "./p.toml"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_exit(&o, 2, &route);
    assert!(stdout.contains(&located), "{route}: want {located:?}:\n{stdout}");
    assert!(stdout.contains("INVALID"), "{route}: {stdout}");

    if route.starts_with("{as_of:/") && !route.contains(&root.path().display().to_string()) {
        // Run only the absolute route into `root`: a broken check would write into `/`.
        return;
    }
    let o = ob(&ws)
        .args(["run", "--profile", "./p.toml", "--as-of", AS_OF, "--out", "out", "orders.csv"])
        .output()
        .unwrap();
    assert_exit(&o, 2, &route);
    assert!(stderr(&o).contains(&located), "{route}: want {located:?}:\n{}", stderr(&o));
    assert_tree(&tree(root.path()), &before, &format!("{route}: nothing written anywhere"));
}

cases!(route_leaving_the_output_folder_is_refused {
    an_absolute_route_is_refused: "{as_of:/x_%Y}.csv";
    // An absolute route into `root` (not `/`): a broken check writes where the test can see.
    an_absolute_route_into_a_folder_the_test_sees_is_refused: "{as_of:ROOT/x_%Y}.csv";
    a_route_climbing_out_with_dot_dot_is_refused: "{as_of:../../x_%Y}.csv";
    a_route_with_an_empty_date_format_is_refused: "{as_of:}.csv";
    a_route_with_a_line_break_is_refused: "x_{as_of:%n}.csv";
    a_date_format_writing_a_slash_is_refused: "{as_of:%Y/%m}.csv";
    a_route_with_a_star_is_refused: "{store_folder}/*_{as_of:%Y}.csv";
    a_route_with_a_question_mark_is_refused: "{store_folder}/x?.csv";
});

// ------------------------------------------------------------------------------------------
// --report to a link to a device, and to standard output
// ------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn report_through_a_link_to_dev_null_keeps_the_link_and_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let link = ws.path().join("null.json");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--report", "null.json"])
        .arg(&input)
        .output()
        .unwrap();
    assert_exit(&o, 0, "--report a link to /dev/null");
    let meta = fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link: {meta:?}");
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("/dev/null"));
    assert!(fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null is still a device");
    assert_eq!(tree(ws.path())["null.json"], Node::Link("/dev/null".into()));
    assert_eq!(final_files(&tree(&ws.out())), ["rakuten/tuuzyou_2024_10_18.csv"], "the upload file is written");
}

#[test]
fn report_to_stdout_prints_the_json_report() {
    let ws = Workspace::new();
    let t = order(Table::new(GOQ_HEADER), 1, "楽天市場店", "通常購入", "処理済");
    let t = order(t, 2, "楽天市場店", "通常購入", "謎のステータス");
    let t = order(t, 3, "楽天2号店", "通常購入", "処理済");
    let input = ws.write("orders.csv", t.cp932());
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--report", "-"])
        .arg(&input)
        .output()
        .unwrap();
    assert_exit(&o, 1, "--report -");
    let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("stdout is the JSON report ({e}):\n{}", String::from_utf8_lossy(&o.stdout));
    });
    assert_eq!(report["rows"]["read"], 3);
    assert_eq!(report["rows"]["written"], 2);
    assert_eq!(report["rejects_file"], "rejected_goq-rakuten-legacy_20241018.csv");
    assert!(!ws.path().join("-").exists(), "no file named `-`");
    assert_eq!(
        final_files(&tree(&ws.out())),
        [
            "rakuten/tuuzyou_2024_10_18.csv",
            "rakuten2/tuuzyou_2024_10_18.csv",
            "rejected_goq-rakuten-legacy_20241018.csv"
        ]
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

// ------------------------------------------------------------------------------------------
// Header names as people type them
// ------------------------------------------------------------------------------------------

fn stores_table(header: &[&str]) -> Table {
    let mut t = Table::new(header);
    let rows: Vec<(u32, &str)> = vec![(1, "楽天市場店"), (2, "楽天2号店"), (3, "楽天2号店")];
    let store = header[1];
    for (n, s) in rows {
        let number = format!("100234-20241018-{n:010}");
        let record = format!("{}", 133_100_000 + n);
        t = t.row(LEGACY, &[("受注番号", &number), ("レコードナンバー", &record), (store, s)]);
    }
    t
}

#[test]
fn a_zero_width_space_after_a_header_name_is_read_as_the_name() {
    let clean_ws = Workspace::new();
    let clean = clean_ws.write("orders.csv", stores_table(GOQ_HEADER).utf8());
    let r = clean_ws.run(LEGACY, AS_OF, &[clean], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    let want = tree(&clean_ws.out());
    assert_eq!(final_files(&want), ["rakuten/tuuzyou_2024_10_18.csv", "rakuten2/tuuzyou_2024_10_18.csv"]);

    let mut header = GOQ_HEADER.to_vec();
    header[1] = "販売店舗\u{200B}";
    let ws = Workspace::new();
    let input = ws.write("orders.csv", stores_table(&header).utf8());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_tree(&tree(&ws.out()), &want, "販売店舗 + U+200B: the same files as the clean header");
}

#[test]
fn a_header_one_edit_from_an_optional_fields_name_stops_the_run() {
    let mut header = GOQ_HEADER.to_vec();
    header[1] = "販売店";
    let ws = Workspace::new();
    let input = ws.write("orders.csv", stores_table(&header).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("`販売店`") && r.stderr.contains("did you mean `販売店舗`?"), "{}", r.stderr);
    assert!(!ws.out().exists(), "nothing written: {:?}", tree(&ws.out()).keys());
}

#[test]
fn a_full_width_header_name_is_read_as_its_ordinary_form() {
    let table = |id_header: &str| {
        let header: Vec<&str> = GOQ_HEADER.iter().map(|h| if *h == "送付先ID" { id_header } else { h }).collect();
        Table::new(&header).row(PAY, &[(id_header, "1234567")])
    };
    let clean_ws = Workspace::new();
    let r = clean_ws.run_table(PAY, &table("送付先ID"));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.column(default_path(PAY), "送付先ID"), ["1234567"], "the profile writes 送付先ID");
    let want = tree(&clean_ws.out());

    let ws = Workspace::new();
    let r = ws.run_table(PAY, &table("送付先ＩＤ"));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_tree(&tree(&ws.out()), &want, "送付先ＩＤ: the same files as 送付先ID");
}

// ------------------------------------------------------------------------------------------
// UTF-8 through a pipe
// ------------------------------------------------------------------------------------------

/// A UTF-8 export over 64 KiB in which byte 65536 falls inside a multi-byte character of a
/// 受注ステータス value (a character the run needs whole: a broken one rejects the row).
fn utf8_export_split_at_64k() -> Vec<u8> {
    const AT: usize = 65536;
    let status_col = GOQ_HEADER.iter().position(|h| *h == "受注ステータス").unwrap();
    for pad in 0..400 {
        let mut t = Table::new(GOQ_HEADER);
        for n in 0..800u32 {
            let number = format!("100234-20241018-{n:010}");
            let record = format!("{}", 133_100_000 + n);
            let name =
                if n == 0 { format!("{}国産はちみつ", "x".repeat(pad)) } else { "国産はちみつ".into() };
            let store = if n % 3 == 0 { "楽天2号店" } else { "楽天市場店" };
            t = t.row(
                LEGACY,
                &[("受注番号", &number), ("レコードナンバー", &record), ("商品名", &name), ("販売店舗", store)],
            );
        }
        let bytes = t.utf8();
        // The line holding byte AT, and where in it AT falls.
        let start = bytes[..AT].iter().rposition(|&b| b == b'\n').unwrap() + 1;
        let end = start + bytes[start..].iter().position(|&b| b == b'\n').unwrap();
        let line = std::str::from_utf8(&bytes[start..end]).unwrap();
        let mut field_start = start;
        for (i, field) in line.split(',').enumerate() {
            let field_end = field_start + field.len();
            // A continuation byte at AT: the character started before it.
            if i == status_col && field_start < AT && AT < field_end && bytes[AT] & 0xC0 == 0x80 {
                return bytes;
            }
            field_start = field_end + 1;
        }
    }
    panic!("no padding puts byte 65536 inside a 受注ステータス character");
}

#[test]
fn a_utf8_export_through_a_pipe_is_read_as_from_the_file() {
    let bytes = utf8_export_split_at_64k();
    assert!(bytes.len() > 65536 + 4096);

    let by_path = Workspace::new();
    let input = by_path.write("u8.csv", &bytes);
    let r = by_path.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("written"), 800);
    let want = tree(&by_path.out());
    assert_eq!(final_files(&want), ["rakuten/tuuzyou_2024_10_18.csv", "rakuten2/tuuzyou_2024_10_18.csv"]);

    let ws = Workspace::new();
    let mut child = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        // In pieces, so a read can end anywhere.
        // A run that stops early closes the pipe: its exit status says why.
        for piece in bytes.chunks(4093) {
            if stdin.write_all(piece).is_err() {
                break;
            }
        }
    });
    let o = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_exit(&o, 0, "the export through a pipe");
    assert!(stderr(&o).contains("UTF-8"), "read as UTF-8: {}", stderr(&o));
    assert_tree(&tree(&ws.out()), &want, "through a pipe: the same files as from the file");
}
