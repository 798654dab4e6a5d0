//! The journal's promises, checked byte for byte on the whole folder afterwards.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::commit::Faults;
use super::*;

/// Every entry below `dir`: a file's bytes, or `None` for a folder.
type Snapshot = BTreeMap<String, Option<Vec<u8>>>;

fn snapshot(dir: &Path) -> Snapshot {
    fn walk(dir: &Path, prefix: &str, out: &mut Snapshot) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let rel = format!("{prefix}{}", e.file_name().to_str().unwrap());
            if e.file_type().unwrap().is_dir() {
                out.insert(format!("{rel}/"), None);
                walk(&e.path(), &format!("{rel}/"), out);
            } else {
                out.insert(rel, Some(fs::read(e.path()).unwrap()));
            }
        }
    }
    let mut out = Snapshot::new();
    walk(dir, "", &mut out);
    out
}

fn put(dir: &Path, rel: &str, bytes: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

fn snap(entries: &[(&str, Option<&str>)]) -> Snapshot {
    entries.iter().map(|(k, v)| (k.to_string(), v.map(|s| s.as_bytes().to_vec()))).collect()
}

/// The folder before the run (the lock file is there once any run has locked it).
fn setup_old(out: &Path) {
    put(out, "a.csv", "old a\n");
    put(out, "sub/b.csv", "old b\n");
    put(out, "stale.csv", "old stale\n");
    put(out, "gone.csv", "old gone\n");
    put(out, "keep.txt", "untouched\n");
}

fn old_state() -> Snapshot {
    snap(&[
        (LOCK_NAME, Some("")),
        ("a.csv", Some("old a\n")),
        ("gone.csv", Some("old gone\n")),
        ("keep.txt", Some("untouched\n")),
        ("stale.csv", Some("old stale\n")),
        ("sub/", None),
        ("sub/b.csv", Some("old b\n")),
    ])
}

fn new_state() -> Snapshot {
    snap(&[
        (LOCK_NAME, Some("")),
        ("a.csv", Some("new a\n")),
        ("archive/", None),
        ("archive/stale.csv", Some("old stale\n")),
        ("fresh/", None),
        ("fresh/c.csv", Some("new c\n")),
        ("keep.txt", Some("untouched\n")),
        ("sub/", None),
        ("sub/b.csv", Some("new b\n")),
    ])
}

/// Renames the scenario's commit makes: a.csv and sub/b.csv (backup + new, 2 each), fresh/c.csv
/// (new only), the move and the removal (1 each).
const RENAMES: usize = 7;

/// Replaces a.csv, sub/b.csv and creates fresh/c.csv, moves stale.csv into archive/, removes
/// gone.csv. `faults: None` reads them from the environment (the kill test's child).
fn run_scenario(out: &Path, faults: Option<Faults>) -> Result<(), CommitError> {
    let lock = OutDirLock::acquire(out, Duration::ZERO)?;
    let mut tx = lock.transaction();
    tx.faults = faults;
    for (rel, bytes) in [("a.csv", "new a\n"), ("sub/b.csv", "new b\n"), ("fresh/c.csv", "new c\n")] {
        let mut staged = lock.stage(&out.join(rel))?;
        staged.write_all(bytes.as_bytes()).unwrap();
        tx.replace(staged)?;
    }
    tx.move_file(&out.join("stale.csv"), &out.join("archive/stale.csv"))?;
    tx.remove_file(&out.join("gone.csv"))?;
    tx.commit()
}

#[test]
fn journal_commit_replaces_moves_and_removes() {
    let dir = tempfile::tempdir().unwrap();
    setup_old(dir.path());
    run_scenario(dir.path(), Some(Faults::default())).unwrap();
    assert_eq!(snapshot(dir.path()), new_state());
}

#[test]
fn journal_every_failed_rename_leaves_the_old_files() {
    for k in 0..RENAMES {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        setup_old(out);
        let err = run_scenario(out, Some(Faults { rename: Some(k), kill: None })).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, CommitError::Io { .. }), "rename {k}: {msg}");
        assert!(msg.contains(&out.display().to_string()) && msg.contains("ORDERBRIDGE_FAULT_RENAME"), "{msg}");
        assert_eq!(snapshot(out), old_state(), "after a failure of rename {k}");
    }
    // One past the last rename injects nothing: the count above covered every rename.
    let dir = tempfile::tempdir().unwrap();
    setup_old(dir.path());
    run_scenario(dir.path(), Some(Faults { rename: Some(RENAMES), kill: None })).unwrap();
    assert_eq!(snapshot(dir.path()), new_state());
}

/// The child of [`journal_kill_at_every_step_then_recover`]: runs the scenario in the folder
/// it is given, with `ORDERBRIDGE_FAULT_KILL` from the environment. Does nothing when run
/// without that folder (`cargo test -- --ignored`).
#[test]
#[ignore = "run as a child process by journal_kill_at_every_step_then_recover"]
fn journal_kill_child() {
    if let Some(out) = std::env::var_os("ORDERBRIDGE_TEST_OUT") {
        run_scenario(Path::new(&out), None).unwrap();
    }
}

/// Runs this test binary's ignored test `name` with `envs`, returning its exit status.
fn child(name: &str, envs: &[(&str, &std::ffi::OsStr)]) -> std::process::ExitStatus {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([name, "--exact", "--ignored", "--nocapture", "--test-threads=1"]);
    cmd.env_remove("ORDERBRIDGE_FAULT_RENAME").env_remove("ORDERBRIDGE_FAULT_KILL");
    cmd.envs(envs.iter().copied()).stdout(std::process::Stdio::null());
    cmd.status().unwrap()
}

#[test]
fn journal_kill_at_every_step_then_recover() {
    for k in 0..=RENAMES + 1 {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        setup_old(out);
        let k_str = k.to_string();
        let status = child(
            "io::journal::tests::journal_kill_child",
            &[("ORDERBRIDGE_TEST_OUT", out.as_os_str()), ("ORDERBRIDGE_FAULT_KILL", k_str.as_ref())],
        );
        assert!(!status.success(), "kill point {k}: the child was not killed");
        assert!(out.join(disk::JOURNAL_NAME).exists(), "kill point {k}: no journal left to recover from");
        drop(OutDirLock::acquire(out, Duration::ZERO).unwrap());
        // Before the commit point (k ≤ RENAMES) the old files come back; after it, the new.
        let expected = if k <= RENAMES { old_state() } else { new_state() };
        assert_eq!(snapshot(out), expected, "recovered from a kill at point {k}");
    }
}

#[test]
fn journal_folder_in_place_of_a_target_fails_with_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    setup_old(out);
    // gone.csv (the last operation) became a folder: checked before the first rename.
    fs::remove_file(out.join("gone.csv")).unwrap();
    put(out, "gone.csv/inside.txt", "in the way\n");
    let err = run_scenario(out, Some(Faults::default())).unwrap_err();
    assert!(err.to_string().contains("gone.csv: is a folder"), "{err}");
    let mut expected = old_state();
    expected.remove("gone.csv");
    expected.insert("gone.csv/".into(), None);
    expected.insert("gone.csv/inside.txt".into(), Some(b"in the way\n".to_vec()));
    assert_eq!(snapshot(out), expected);
}

#[test]
fn journal_name_too_long_fails_with_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    setup_old(out);
    let lock = OutDirLock::acquire(out, Duration::ZERO).unwrap();
    let mut tx = lock.transaction();
    tx.faults = Some(Faults::default());
    for rel in ["a.csv".to_string(), format!("{}.csv", "x".repeat(300))] {
        let mut staged = lock.stage(&out.join(rel)).unwrap();
        staged.write_all(b"new\n").unwrap();
        tx.replace(staged).unwrap();
    }
    let err = tx.commit().unwrap_err();
    assert!(err.to_string().contains("xxxx.csv"), "{err}");
    drop(lock);
    assert_eq!(snapshot(out), old_state());
}

#[test]
fn journal_second_lock_waits_then_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = OutDirLock::acquire(&out, Duration::ZERO).unwrap();
    let wait = Duration::from_millis(300);
    let out2 = out.clone();
    let (err, waited) = std::thread::spawn(move || {
        let start = Instant::now();
        let err = OutDirLock::acquire(&out2, wait).err().expect("the folder is locked");
        (err, start.elapsed())
    })
    .join()
    .unwrap();
    assert!(waited >= wait, "gave up after {waited:?}");
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("another orderbridge run is writing to {}", out.display())), "{msg}");
    drop(first);
    // Released: taken again at once — allowing a moment, as a process another test is starting
    // holds a copy of every open descriptor (this lock's too) until it executes its program.
    drop(OutDirLock::acquire(&out, Duration::from_secs(5)).unwrap());
}

#[test]
fn journal_acquire_sweeps_leftovers_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    put(out, ".orderbridge-x.partial", "temp");
    put(out, "sub/.orderbridge-y.backup", "backup");
    put(out, "sub/deep/.orderbridge-z.partial", "temp");
    put(out, ".orderbridge-journal.partial", "half a journal");
    put(out, ".orderbridge-notes.txt", "not a leftover");
    put(out, "x.partial", "not ours");
    put(out, "keep.csv", "data");
    // Another run's output folder inside this one keeps its temporaries.
    put(out, "nested/.orderbridge.lock", "");
    put(out, "nested/.orderbridge-q.partial", "theirs");
    drop(OutDirLock::acquire(out, Duration::ZERO).unwrap());
    let expected = snap(&[
        (".orderbridge-notes.txt", Some("not a leftover")),
        (LOCK_NAME, Some("")),
        ("keep.csv", Some("data")),
        ("nested/", None),
        ("nested/.orderbridge-q.partial", Some("theirs")),
        ("nested/.orderbridge.lock", Some("")),
        ("sub/", None),
        ("sub/deep/", None),
        ("x.partial", Some("not ours")),
    ]);
    assert_eq!(snapshot(out), expected);
}

#[test]
fn journal_corrupt_journal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), disk::JOURNAL_NAME, "{ not json");
    let err = OutDirLock::acquire(dir.path(), Duration::ZERO).err().unwrap();
    assert!(matches!(err, CommitError::CorruptJournal { .. }), "{err}");
}

#[test]
fn journal_naming_paths_outside_the_folder_is_refused_not_obeyed() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    put(root.path(), "victim.txt", "theirs");
    put(&out, "a.csv", "data");
    // A committed journal is completed by deleting its backups: this one names a file
    // outside the folder as a backup.
    let j = r#"{"version":1,"committed":true,"ops":[{"source":null,"target":"a.csv","backup":"../victim.txt","existed":true}],"temps":[],"dirs":[]}"#;
    put(&out, disk::JOURNAL_NAME, j);
    let err = OutDirLock::acquire(&out, Duration::ZERO).err().expect("refused");
    assert!(matches!(err, CommitError::CorruptJournal { .. }), "{err}");
    assert_eq!(fs::read_to_string(root.path().join("victim.txt")).unwrap(), "theirs");
}

/// A journal edited by someone who can write the output folder: an operation outside it that
/// names another file as its target (with that file's own hash), or one inside it through a
/// link. Neither moves nor deletes a file outside the folder.
#[test]
fn journal_never_moves_a_file_outside_the_folder_that_is_not_the_runs_report() {
    let root = tempfile::tempdir().unwrap();
    let (out, elsewhere) = (root.path().join("out"), root.path().join("elsewhere"));
    put(&elsewhere, "victim.txt", "theirs");
    fs::create_dir_all(&out).unwrap();
    let at = |name: &str| elsewhere.join(name).to_str().unwrap().replace('\\', "/");
    let hash = disk::staged_hash(b"theirs");
    let outside = |written: &str| {
        format!(
            r#"{{"version":1,"committed":false,"ops":[{{"source":"{}","target":"{}","backup":"{}","existed":false,"outside":true{written}}}],"temps":[],"dirs":[]}}"#,
            at(".orderbridge-a.partial"),
            at("victim.txt"),
            at(".orderbridge-b.backup"),
        )
    };
    // With the victim's own hash: not a run report, so not this run's, so left where it is.
    put(&out, disk::JOURNAL_NAME, &outside(&format!(r#","written":"{hash}""#)));
    drop(OutDirLock::acquire(&out, Duration::ZERO).expect("rolled back"));
    assert_eq!(fs::read_to_string(elsewhere.join("victim.txt")).unwrap(), "theirs");
    // Without a hash, or inside the folder through a link: refused, not obeyed.
    put(&out, disk::JOURNAL_NAME, &outside(""));
    let err = OutDirLock::acquire(&out, Duration::ZERO).err().expect("refused");
    assert!(matches!(err, CommitError::CorruptJournal { .. }), "{err}");
    fs::remove_file(out.join(disk::JOURNAL_NAME)).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&elsewhere, out.join("link")).unwrap();
        let j = r#"{"version":1,"committed":false,"ops":[{"source":"link/.orderbridge-a.partial","target":"link/victim.txt","backup":"link/.orderbridge-b.backup","existed":false}],"temps":["link/.orderbridge-a.partial"],"dirs":[]}"#;
        put(&out, disk::JOURNAL_NAME, j);
        let err = OutDirLock::acquire(&out, Duration::ZERO).err().expect("refused");
        assert!(matches!(err, CommitError::CorruptJournal { .. }), "{err}");
    }
    assert_eq!(fs::read_to_string(elsewhere.join("victim.txt")).unwrap(), "theirs");
}

#[test]
fn journal_dropped_transaction_and_staged_files_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    setup_old(out);
    let lock = OutDirLock::acquire(out, Duration::ZERO).unwrap();
    let mut tx = lock.transaction();
    let mut handed = lock.stage(&out.join("a.csv")).unwrap();
    handed.write_all(b"new a\n").unwrap();
    let handed_temp = handed.temp_path().to_path_buf();
    tx.replace(handed).unwrap();
    let mut kept = lock.stage(&out.join("new/deeper/c.csv")).unwrap();
    kept.write_all(b"new c\n").unwrap();
    let kept_temp = kept.temp_path().to_path_buf();
    tx.move_file(&out.join("stale.csv"), &out.join("archive/stale.csv")).unwrap();
    assert!(handed_temp.exists() && kept_temp.exists() && out.join("archive").is_dir());
    drop(tx);
    assert!(!handed_temp.exists() && kept_temp.exists());
    drop(kept);
    assert!(!kept_temp.exists());
    // The lock removes the folders it created that are left empty.
    drop(lock);
    assert_eq!(snapshot(out), old_state());
}

#[test]
fn journal_refuses_paths_outside_reserved_or_used_twice() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lock = OutDirLock::acquire(&out, Duration::ZERO).unwrap();
    let outside = dir.path().join("elsewhere.csv");
    assert!(lock.stage(&outside).err().unwrap().to_string().contains("not inside the output folder"));
    assert!(lock.stage(&out.join("sub/../x.csv")).is_err());
    assert!(lock.stage(&out.join(".orderbridge-journal")).is_err());
    let mut tx = lock.transaction();
    tx.replace(lock.stage(&out.join("x.csv")).unwrap()).unwrap();
    let again = tx.replace(lock.stage(&out.join("x.csv")).unwrap()).unwrap_err();
    assert!(again.to_string().contains("used by two operations"), "{again}");
    assert!(tx.remove_file(&out.join("x.csv")).is_err());
}

/// The child of [`journal_signal_waits_for_the_commit_gate_then_cleans_up`].
#[test]
#[ignore = "run as a child process by journal_signal_waits_for_the_commit_gate_then_cleans_up"]
fn journal_signal_child() {
    let Some(out) = std::env::var_os("ORDERBRIDGE_TEST_OUT").map(PathBuf::from) else { return };
    install_signal_cleanup().unwrap();
    let lock = OutDirLock::acquire(&out, Duration::ZERO).unwrap();
    let mut staged = lock.stage(&out.join("new/c.csv")).unwrap();
    staged.write_all(b"half written").unwrap();
    let mut tx = lock.transaction();
    tx.replace(lock.stage(&out.join("a.csv")).unwrap()).unwrap();
    // As a commit does: the signal must wait for the gate.
    let held = gate();
    assert!(platform::raise_sigterm());
    std::thread::sleep(Duration::from_millis(300));
    put(&out, "still-running-after-signal", "yes");
    drop(held);
    std::thread::sleep(Duration::from_secs(10));
    panic!("the signal did not end the process");
}

#[test]
fn journal_signal_waits_for_the_commit_gate_then_cleans_up() {
    if !platform::HAS_SIGTERM {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    put(out, "a.csv", "old a\n");
    let status = child("io::journal::tests::journal_signal_child", &[("ORDERBRIDGE_TEST_OUT", out.as_os_str())]);
    assert_eq!(status.code(), Some(128 + 15), "{status:?}");
    let expected =
        snap(&[(LOCK_NAME, Some("")), ("a.csv", Some("old a\n")), ("still-running-after-signal", Some("yes"))]);
    assert_eq!(snapshot(out), expected);
}

/// A run waiting on a lock file that the holder removes (with the folder it created and
/// left empty) must not end up holding a lock nobody else sees: once it has the lock, it
/// finds the file is not the folder's and locks the folder's own.
#[cfg(target_os = "linux")]
#[test]
fn journal_a_lock_on_a_removed_lock_file_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = OutDirLock::acquire(&out, Duration::ZERO).unwrap();
    first.remove_folder_if_unused();
    let lock_path = out.join(LOCK_NAME);
    let opened = || {
        let fds = fs::read_dir("/proc/self/fd").unwrap().flatten();
        fds.filter(|e| fs::read_link(e.path()).is_ok_and(|p| p == lock_path)).count()
    };
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let out2 = out.clone();
    let waiter = std::thread::spawn(move || {
        let second = OutDirLock::acquire(&out2, Duration::from_secs(60)).unwrap();
        locked_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        drop(second);
    });
    // The second has opened the lock file and waits for it.
    let started = Instant::now();
    while opened() < 2 {
        assert!(started.elapsed() < Duration::from_secs(60), "the second never opened the lock file");
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(first);
    locked_rx.recv().unwrap();
    let third = OutDirLock::acquire(&out, Duration::ZERO);
    assert!(matches!(third, Err(CommitError::Locked { .. })), "the second holds the folder's lock");
    release_tx.send(()).unwrap();
    waiter.join().unwrap();
}

/// A large staged file is handed to the disk's writeback a block at a time as it is written
/// (the tail waits for the commit's sync), and commits byte for byte.
#[test]
fn journal_a_large_staged_file_is_handed_on_in_blocks_and_commits_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lock = OutDirLock::acquire(&out, Duration::ZERO).unwrap();
    let mut staged = lock.stage(&out.join("big.csv")).unwrap();
    let block: Vec<u8> = (0..1 << 20).map(|i: u32| b"0123456789,\r\n"[i as usize % 13]).collect();
    let mut want = Vec::new();
    for _ in 0..20 {
        staged.write_all(&block).unwrap();
        want.extend_from_slice(&block);
    }
    staged.write_all(b"tail\r\n").unwrap();
    want.extend_from_slice(b"tail\r\n");
    assert_eq!(staged.written, want.len() as u64);
    assert_eq!(staged.handed_on, 2 * WRITEBACK_EVERY, "two whole blocks handed on, the tail not");
    let mut tx = lock.transaction();
    tx.replace(staged).unwrap();
    tx.commit().unwrap();
    assert!(fs::read(out.join("big.csv")).unwrap() == want);
}
