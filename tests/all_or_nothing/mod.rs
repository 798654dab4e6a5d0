//! All or nothing for real: a run changes every file under `--out` or none,
//! touches nothing outside it, and stops clearly on bad input. One test (or a few) per way it
//! could fail; profile lookup and the `--as-of` form are covered in `clear_outcomes`.
//!
//! Folders are compared as trees ([`tree`]): every file with its bytes (the lock, journals,
//! temporaries and backups included), every folder and every symbolic link, so "nothing
//! changed" means exactly that.

mod commit;
mod header_names;
mod run_files;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use crate::common::*;

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

/// `run --profile goq-rakuten-legacy --as-of 2024-10-18 --out out --no-ledger [extra] input`,
/// from `dir`. Without history: these runs' reports are compared byte for byte, and a report
/// names the ledger its run used (each command's own here); the ledger's part of the commit
/// is `ledger_reliability`'s.
pub(crate) fn legacy(dir: &Path, input: &str, extra: &[&str]) -> Command {
    let mut c = ob(dir);
    c.args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--no-ledger"]).args(extra).arg(input);
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
