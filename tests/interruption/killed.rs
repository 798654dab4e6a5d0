//! A run killed while its temporary files grow leaves only its temporaries, or the earlier run's
//! files byte for byte; a rerun writes complete files.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::{
    assert_same_files, big_export, export, finals, is_temporary, mixed, reference, run_cmd, run_to_end, temporaries,
};
use crate::common::files_under;

/// A kill happens once the temporaries hold this much: the run is well into writing.
const KILL_AFTER_BYTES: u64 = 1 << 20;

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
