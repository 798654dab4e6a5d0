//! A run that is killed, or whose writes fail part way, leaves no upload file in a partial
//! state (README "Files are written to a temporary name (`.orderbridge-*.partial`) … renamed
//! into place only after the whole run succeeded"; `cli.md`: "With exit 2 no output file
//! exists afterwards").
//!
//! (a) The binary is started on a large export (300 000 rows, several upload files and a reject
//!     file), killed with SIGKILL while its temporary files are growing, and what is left is
//!     checked: only `.orderbridge-*.partial` temporaries — or, over the output of an earlier
//!     complete run, that output byte for byte. A rerun then writes the same files as a run in
//!     a fresh folder.
//! (b) The binary is run under a file-size limit (`ulimit -f`, with SIGXFSZ ignored so that
//!     `write` fails with EFBIG instead of killing the process): exit 2, the file and the OS
//!     error named on stderr, and no upload file, reject file or temporary left.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::common::{AS_OF, LEGACY, files_under, sjis};

const BIN: &str = env!("CARGO_BIN_EXE_orderbridge");

const HEADER: &str = "受注番号,販売店舗,注文種別,受注ステータス,出荷日,配送方法,お荷物伝票番号,レコードナンバー,送付先ID,発送明細ID,最終更新日時,商品名";

/// Rows of the large export: long enough that a debug build takes seconds (about 7 s for
/// 300 000 rows on the 2-core CI machine), so the run can be killed in the middle.
const BIG_ROWS: u64 = 300_000;

/// A kill happens once the temporaries hold this much: the run is well into writing.
const KILL_AFTER_BYTES: u64 = 1 << 20;

/// One GoQ row (CP932): order `n`, to `store` with `order_type`, status `status`.
fn push_row(out: &mut Vec<u8>, n: u64, store: &[u8], order_type: &[u8], status: &[u8], tail: &[u8]) {
    out.extend_from_slice(format!("100234-20241018-{n:010},").as_bytes());
    for f in [store, order_type, status] {
        out.extend_from_slice(f);
        out.push(b',');
    }
    out.extend_from_slice(b"2024/10/18,");
    out.extend_from_slice(tail);
    out.extend_from_slice(format!(",{},,,2024/10/17 13:45:00,", 133_100_000 + n).as_bytes());
    out.extend_from_slice(&sjis("国産 はちみつ 1kg"));
    out.extend_from_slice(b"\r\n");
}

/// Where a row goes.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Row {
    /// rakuten/tuuzyou
    Rakuten,
    /// rakuten2/tuuzyou
    Rakuten2,
    /// rakuten/auction
    Auction,
    /// rakuten2/auction
    Auction2,
    /// the reject file (unknown status)
    Rejected,
}

/// A CP932 export (CRLF) of the rows `(order number, where it goes)`.
pub(crate) fn export(rows: impl Iterator<Item = (u64, Row)>) -> Vec<u8> {
    let (r1, r2) = (sjis("楽天市場店"), sjis("楽天2号店"));
    let (normal, auction) = (sjis("通常購入"), sjis("オークション"));
    let (shipped, unknown) = (sjis("処理済"), sjis("謎のステータス"));
    // Method and tracking: ヤマト, a 7DR number written with dashes.
    let mut tail = sjis("ヤマト運輸 宅急便");
    tail.extend_from_slice(b",3572-9670-0003");
    let mut out = sjis(HEADER);
    out.extend_from_slice(b"\r\n");
    for (n, row) in rows {
        let store = if matches!(row, Row::Rakuten2 | Row::Auction2) { &r2 } else { &r1 };
        let order_type = if matches!(row, Row::Auction | Row::Auction2) { &auction } else { &normal };
        let status = if row == Row::Rejected { &unknown } else { &shipped };
        push_row(&mut out, n, store, order_type, status, &tail);
    }
    out
}

/// Rows `first..first + rows`: most to rakuten/tuuzyou, every 7th to rakuten2/, every 11th
/// an auction, every 10 000th rejected, so a run writes four upload files and a reject file.
pub(crate) fn mixed(first: u64, rows: u64) -> impl Iterator<Item = (u64, Row)> {
    (first..first + rows).map(|n| {
        let row = match (n % 10_000 == 17, n % 7 == 3, n % 11 == 5) {
            (true, _, _) => Row::Rejected,
            (_, true, true) => Row::Auction2,
            (_, true, false) => Row::Rakuten2,
            (_, false, true) => Row::Auction,
            _ => Row::Rakuten,
        };
        (n, row)
    })
}

pub(crate) fn big_export() -> &'static [u8] {
    static BIG: OnceLock<Vec<u8>> = OnceLock::new();
    BIG.get_or_init(|| export(mixed(0, BIG_ROWS)))
}

/// The files a complete run of the big export writes: path under `--out` → bytes.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The final files under `out` (temporaries left out).
pub(crate) fn finals(out: &Path) -> Files {
    files_under(out)
        .into_iter()
        .filter(|f| !is_temporary(f))
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn temporaries(out: &Path) -> Vec<String> {
    files_under(out).into_iter().filter(|f| is_temporary(f)).collect()
}

fn is_temporary(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with(".orderbridge-") && name.ends_with(".partial")
}

/// `orderbridge run --profile goq-rakuten-legacy --as-of … --out out orders.csv`, run from
/// `dir` (relative paths, so the reject file's 入力ファイル is the same in every folder).
fn run_cmd(dir: &Path) -> Command {
    let mut c = crate::common::std_bin();
    c.current_dir(dir).env_remove("ORDERBRIDGE_MAPPINGS");
    c.args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "orders.csv"]);
    c
}

fn run_to_end(dir: &Path) -> Output {
    run_cmd(dir).output().unwrap()
}

/// What a complete run of the big export writes in a fresh folder.
pub(crate) fn reference() -> &'static Files {
    static REF: OnceLock<Files> = OnceLock::new();
    REF.get_or_init(|| {
        let ws = tempfile::tempdir().unwrap();
        std::fs::write(ws.path().join("orders.csv"), big_export()).unwrap();
        let started = Instant::now();
        let o = run_to_end(ws.path());
        eprintln!("reference run of {BIG_ROWS} rows: {:.1?}", started.elapsed());
        assert_eq!(o.status.code(), Some(1), "some rows are rejected: {}", String::from_utf8_lossy(&o.stderr));
        let files = finals(&ws.path().join("out"));
        let names: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "rakuten/auction_2024_10_18.csv",
                "rakuten/tuuzyou_2024_10_18.csv",
                "rakuten2/auction_2024_10_18.csv",
                "rakuten2/tuuzyou_2024_10_18.csv",
                "rejected_goq-rakuten-legacy_20241018.csv"
            ],
            "the big export writes four upload files and a reject file"
        );
        files
    })
}

/// Starts the run in `dir`, waits until its temporaries hold [`KILL_AFTER_BYTES`], and kills it
/// with SIGKILL. Returns the temporaries seen just before the kill.
fn start_and_kill(dir: &Path) -> Vec<String> {
    let out = dir.join("out");
    let mut child = run_cmd(dir).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    let seen = loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the run ended ({status}) after {:.1?}, before its temporaries reached {KILL_AFTER_BYTES} bytes: \
                 the input is too small to kill the run in the middle",
                started.elapsed()
            );
        }
        let temps = temporaries(&out);
        let bytes: u64 = temps.iter().map(|t| std::fs::metadata(out.join(t)).map(|m| m.len()).unwrap_or(0)).sum();
        if bytes >= KILL_AFTER_BYTES {
            break temps;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "no temporary file grew within 120 s");
        std::thread::sleep(Duration::from_millis(5));
    };
    // `Child::kill` sends SIGKILL on Unix: no handler, no clean-up.
    child.kill().unwrap();
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "the run was killed, not finished: {status}");
    }
    eprintln!("killed after {:.1?}, temporaries: {seen:?}", started.elapsed());
    seen
}

fn names(files: &Files) -> Vec<&str> {
    files.iter().map(|(f, _)| f.as_str()).collect()
}

pub(crate) fn assert_same_files(got: &Files, want: &Files, what: &str) {
    assert_eq!(names(got), names(want), "{what}: the same files");
    for ((f, a), (_, b)) in got.iter().zip(want) {
        assert!(a == b, "{what}: {f} differs ({} bytes, expected {} bytes)", a.len(), b.len());
    }
}

#[test]
fn a_killed_run_leaves_no_upload_file_and_a_rerun_writes_complete_files() {
    let ws = tempfile::tempdir().unwrap();
    let out = ws.path().join("out");
    std::fs::write(ws.path().join("orders.csv"), big_export()).unwrap();

    let seen = start_and_kill(ws.path());
    assert!(!seen.is_empty(), "the run was writing when it was killed");

    // Nothing but temporaries: no upload file, no reject file, in any state.
    let after_kill = files_under(&out);
    let left: Vec<&String> = after_kill.iter().filter(|f| !is_temporary(f)).collect();
    assert!(left.is_empty(), "a killed run leaves no upload or reject file: {left:?} (all: {after_kill:?})");
    assert!(!out.join("rakuten/tuuzyou_2024_10_18.csv").exists());

    // A rerun writes complete files: the same bytes as a run in a fresh folder.
    let o = run_to_end(ws.path());
    assert_eq!(o.status.code(), Some(1), "the rerun succeeds: {}", String::from_utf8_lossy(&o.stderr));
    assert_same_files(&finals(&out), reference(), "rerun after a kill vs. a run in a fresh folder");
    // The rerun, holding the folder's lock, removed the killed run's temporaries and left
    // none of its own (leftovers of a killed run are removed by the next run).
    assert!(after_kill.iter().any(|f| is_temporary(f)), "the killed run left temporaries: {after_kill:?}");
    assert_eq!(temporaries(&out), Vec::<String>::new(), "the rerun removes every temporary");
}

#[test]
fn a_killed_run_over_a_previous_output_leaves_the_previous_files_intact() {
    let ws = tempfile::tempdir().unwrap();
    let out = ws.path().join("out");
    // An earlier, complete run of another export: every file the big run writes exists,
    // with other contents (other orders, another rejected row).
    let previous = export(mixed(900_000, 200));
    std::fs::write(ws.path().join("orders.csv"), &previous).unwrap();
    let o = run_to_end(ws.path());
    assert!(o.status.code() == Some(0) || o.status.code() == Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let before = finals(&out);
    // The previous output has every path the big run writes, so each could be half replaced.
    let previous_paths: Vec<String> = before.iter().map(|(f, _)| f.clone()).collect();
    assert!(
        [
            "rakuten/auction_2024_10_18.csv",
            "rakuten/tuuzyou_2024_10_18.csv",
            "rakuten2/auction_2024_10_18.csv",
            "rakuten2/tuuzyou_2024_10_18.csv",
            "rejected_goq-rakuten-legacy_20241018.csv",
        ]
        .iter()
        .all(|p| previous_paths.iter().any(|f| f == p)),
        "the previous run wrote the files the big run replaces: {previous_paths:?}"
    );

    std::fs::write(ws.path().join("orders.csv"), big_export()).unwrap();
    let seen = start_and_kill(ws.path());
    assert!(!seen.is_empty(), "the run was writing when it was killed");

    let after = finals(&out);
    assert_same_files(&after, &before, "after a killed run, the previous output");
    let temps = temporaries(&out);
    assert!(temps.iter().all(|t| is_temporary(t)), "only temporaries are left besides: {temps:?}");
}

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
        .args(["-c", &script, BIN])
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "orders.csv"])
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
