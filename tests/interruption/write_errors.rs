//! A run whose writes fail (a file-size limit, EFBIG) in the middle or at the end exits 2, names
//! the file and the error, and leaves no file, or the previous files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::{Files, Row, assert_same_files, export, finals, names, run_to_end, temporaries};
use crate::common::{AS_OF, LEGACY, files_under};

const BIN: &str = env!("CARGO_BIN_EXE_orderbridge");

// ------------------------------------------------------------------------------------------
// (b) Write errors: a file-size limit
// ------------------------------------------------------------------------------------------

/// The file-size limit, in 512-byte blocks (POSIX `ulimit -f`): 32 KiB.
const LIMIT_BLOCKS: u32 = 64;

const LIMIT_BYTES: u64 = LIMIT_BLOCKS as u64 * 512;

fn have_sh() -> bool {
    let ok = Command::new("sh").args(["-c", "exit 0"]).status().is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: no `sh` to set a file-size limit with");
    }
    ok
}

/// The run of [`run_cmd`] under `ulimit -f 64`, with SIGXFSZ ignored (so a write past the
/// limit fails with EFBIG instead of killing the process).
fn run_limited(dir: &Path) -> Output {
    let script = format!("trap '' XFSZ; ulimit -f {LIMIT_BLOCKS} || exit 99; exec \"$0\" \"$@\"");
    let o = Command::new("sh")
        .current_dir(dir)
        .env_remove("ORDERBRIDGE_MAPPINGS")
        .env("ORDERBRIDGE_LANG", "en")
        .env("XDG_DATA_HOME", crate::common::spawned_home())
        .env_remove("ORDERBRIDGE_LEDGER")
        .args(["-c", &script, BIN])
        // Without history: the limit is for the upload files, and the ledger would meet it first.
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--no-ledger", "orders.csv"])
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(99), "ulimit -f failed: {}", String::from_utf8_lossy(&o.stderr));
    o
}

/// The OS error a write past the file-size limit gives (EFBIG, "File too large").
fn efbig() -> String {
    std::io::Error::from_raw_os_error(27).to_string()
}

/// A new folder holding `export` as `orders.csv`, and the files a run without a limit writes
/// for it (in another folder), to check the limited run meets the limit where intended.
fn workspace_for(export: &[u8]) -> (tempfile::TempDir, Files) {
    let ws = tempfile::tempdir().unwrap();
    std::fs::write(ws.path().join("orders.csv"), export).unwrap();
    let probe = tempfile::tempdir().unwrap();
    std::fs::write(probe.path().join("orders.csv"), export).unwrap();
    let o = run_to_end(probe.path());
    assert_eq!(o.status.code(), Some(1), "without a limit the run writes: {}", String::from_utf8_lossy(&o.stderr));
    (ws, finals(&probe.path().join("out")))
}

fn size_of(files: &Files, path: &str) -> u64 {
    files.iter().find(|(f, _)| f == path).map(|(_, b)| b.len() as u64).unwrap_or_else(|| panic!("no {path}"))
}

fn assert_failed_cleanly(o: &Output, file: &str) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "a write error stops the run with exit 2: {stderr}");
    assert!(stderr.contains(file), "stderr names the file that could not be written ({file}): {stderr}");
    assert!(stderr.contains(&efbig()), "stderr names the OS error ({}): {stderr}", efbig());
}

#[test]
fn a_write_error_in_the_middle_of_a_run_exits_2_and_leaves_no_file() {
    if !have_sh() {
        return;
    }
    // One rejected row early (a reject file is being written too), then 5 000 rows to one
    // upload file of about 370 KB: the limit is reached while rows are still being written.
    let rows = (0..5_000).map(|n| (n, if n == 2 { Row::Rejected } else { Row::Rakuten }));
    let (ws, unlimited) = workspace_for(&export(rows));
    assert!(size_of(&unlimited, "rakuten/tuuzyou_2024_10_18.csv") > 4 * LIMIT_BYTES, "the upload exceeds the limit");
    assert!(size_of(&unlimited, "rejected_goq-rakuten-legacy_20241018.csv") < LIMIT_BYTES, "the reject file does not");

    let o = run_limited(ws.path());
    let out = ws.path().join("out");
    assert_failed_cleanly(&o, "tuuzyou_2024_10_18.csv");
    let left = files_under(&out);
    assert!(left.is_empty(), "no upload file, no reject file and no temporary after exit 2: {left:?}");
}

/// An export whose rakuten/ upload and reject file are small and whose rakuten2/ upload is a
/// little over the limit (32–64 KiB): the last bytes of rakuten2/ reach the disk only when the
/// files are flushed at the end of the run.
fn export_over_the_limit_at_the_end() -> Vec<u8> {
    let rows = [(1, Row::Rakuten), (2, Row::Rejected)].into_iter().chain((10..550).map(|n| (n, Row::Rakuten2)));
    export(rows)
}

#[test]
fn a_write_error_at_the_end_of_a_run_exits_2_and_leaves_no_file() {
    if !have_sh() {
        return;
    }
    let (ws, unlimited) = workspace_for(&export_over_the_limit_at_the_end());
    let big = size_of(&unlimited, "rakuten2/tuuzyou_2024_10_18.csv");
    assert!(big > LIMIT_BYTES && big < 2 * LIMIT_BYTES, "rakuten2/ is a little over the limit: {big}");
    assert!(size_of(&unlimited, "rakuten/tuuzyou_2024_10_18.csv") < LIMIT_BYTES);

    let o = run_limited(ws.path());
    let out = ws.path().join("out");
    assert_failed_cleanly(&o, "tuuzyou_2024_10_18.csv");
    let left = files_under(&out);
    assert!(left.is_empty(), "no upload file, no reject file and no temporary after exit 2: {left:?}");
}

#[test]
fn a_write_error_at_the_end_of_a_run_keeps_the_previous_files() {
    if !have_sh() {
        return;
    }
    let (ws, _) = workspace_for(&export_over_the_limit_at_the_end());
    // A previous complete run of another export wrote every file this run writes.
    let previous = export([(900_001, Row::Rakuten), (900_002, Row::Rakuten2), (900_003, Row::Rejected)].into_iter());
    let prev_dir: PathBuf = ws.path().join("previous");
    std::fs::create_dir_all(&prev_dir).unwrap();
    std::fs::write(prev_dir.join("orders.csv"), &previous).unwrap();
    let o = run_to_end(&prev_dir);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::rename(prev_dir.join("out"), ws.path().join("out")).unwrap();
    let out = ws.path().join("out");
    let before = finals(&out);
    let before_names = names(&before);
    for p in [
        "rakuten/tuuzyou_2024_10_18.csv",
        "rakuten2/tuuzyou_2024_10_18.csv",
        "rejected_goq-rakuten-legacy_20241018.csv",
    ] {
        assert!(before_names.contains(&p), "the previous run wrote {p}: {before_names:?}");
    }

    let o = run_limited(ws.path());
    assert_failed_cleanly(&o, "tuuzyou_2024_10_18.csv");
    assert_same_files(&finals(&out), &before, "after exit 2, the previous output");
    let temps = temporaries(&out);
    assert!(temps.is_empty(), "no temporary left: {temps:?}");
}
