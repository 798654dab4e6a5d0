//! The archive, the manifest and the lock are the tool's own: never followed through a link,
//! never outside `--out`; pruning removes exactly the archives the tool recorded.

use std::fs;
use std::path::Path;

use crate::all_or_nothing::{ab_workspace, assert_exit, assert_tree, legacy, run_b, stderr, tree};
use crate::common::*;

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

pub(super) fn manifest(out: &Path) -> serde_json::Value {
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
