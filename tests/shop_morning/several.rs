//! `run --profile A --profile B`: one run of several profiles.

use std::fs;

use super::{morning_export, run};
use crate::common::{AS_OF, PAY, Workspace, YAHOO, default_path, files_under, rejects_name};

fn both(ws: &Workspace, extra: &[&str]) -> crate::common::RunResult {
    let input = morning_export(ws);
    let out = ws.out();
    let mut args = vec!["run", "--profile", PAY, "--profile", YAHOO, "--as-of", AS_OF];
    args.extend(["--out", out.to_str().unwrap()]);
    args.extend(extra);
    args.push(input.to_str().unwrap());
    run(ws, &args)
}

#[test]
fn two_profiles_into_one_folder_write_both_files_and_lists_with_one_summary_and_the_worst_exit() {
    let ws = Workspace::new();
    let r = both(&ws, &[]);
    // goq-rakuten-pay rejected a row (exit 1), goq-yahoo none (exit 0): the worst is 1.
    assert_eq!(r.code, 1, "{}", r.context());
    let files = r.files();
    for f in [default_path(PAY), default_path(YAHOO), rejects_name(PAY)] {
        assert!(files.contains(&f.to_string()), "{f} in {files:?}\n{}", r.stderr);
    }
    // One summary: a part per profile, in order, then the total.
    let pay = r.stderr.find(&format!("profile {PAY} ")).expect("goq-rakuten-pay's part");
    let yahoo = r.stderr.find(&format!("profile {YAHOO} ")).expect("goq-yahoo's part");
    let total = r.stderr.find("one run of goq-rakuten-pay, goq-yahoo: written 2, rejected 1").expect(&r.stderr);
    assert!(pay < yahoo && yahoo < total, "{}", r.stderr);
    // One hint to confirm, after the total: `--last` confirms both profiles' files.
    let hints: Vec<usize> = r.stderr.match_indices("orderbridge ledger confirm --last").map(|(i, _)| i).collect();
    assert!(hints.len() == 1 && hints[0] > total, "{}", r.stderr);
    // Alone, goq-yahoo succeeds.
    let alone = Workspace::new();
    let input = morning_export(&alone);
    let out = alone.out();
    let args = ["run", "--profile", YAHOO, "--as-of", AS_OF, "--out", out.to_str().unwrap(), input.to_str().unwrap()];
    assert_eq!(run(&alone, &args).code, 0);
}

/// Each profile's run is recorded with the input and its SHA-256, as `sha256sum` prints it:
/// taken once for the invocation (the first profile's reading) and given to every profile.
#[test]
fn each_profile_records_the_input_with_its_sha256() {
    use sha2::Digest;
    let ws = Workspace::new();
    let ledger = ws.path().join("history.sqlite");
    let r = both(&ws, &["--ledger", ledger.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.context());
    let bytes = fs::read(ws.path().join("orders.csv")).unwrap();
    let sha: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    let mut st =
        conn.prepare("SELECT r.profile, i.sha256 FROM inputs i JOIN runs r ON r.id = i.run_id ORDER BY r.id").unwrap();
    let recorded: Vec<(String, Option<String>)> =
        st.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().map(Result::unwrap).collect();
    assert_eq!(recorded, [(PAY.to_string(), Some(sha.clone())), (YAHOO.to_string(), Some(sha))]);
}

#[test]
fn the_next_morning_archives_both_profiles_files_and_names_no_stranger() {
    let ws = Workspace::new();
    assert_eq!(both(&ws, &[]).code, 1);
    let input = ws.path().join("orders.csv");
    let out = ws.out();
    let args = ["run", "--profile", PAY, "--profile", YAHOO, "--as-of", "2024-10-19", "--out", out.to_str().unwrap()];
    let r = run(&ws, &[&args[..], &[input.to_str().unwrap()]].concat());
    assert_eq!(r.code, 1, "{}", r.context());
    let archived = files_under(&out.join(".orderbridge.archive"));
    for f in [default_path(PAY), default_path(YAHOO), rejects_name(PAY)] {
        assert!(archived.iter().any(|a| a.ends_with(f)), "{f} archived: {archived:?}\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("not from this run"), "{}", r.stderr);
}

/// A profile whose upload file is its own reject list: it fails at its first written row,
/// after the first profile has staged every file of its own.
const FAILS_LATE: &str = "extends = \"goq-yahoo\"\n[output]\npath = \"rejected_fails-late_{as_of:%Y%m%d}.csv\"\n";

#[test]
fn a_failure_in_the_second_profile_leaves_the_first_profiles_files_unwritten_and_is_named() {
    let ws = Workspace::new();
    ws.write("fails-late.toml", FAILS_LATE);
    let input = morning_export(&ws);
    let out = ws.out();
    let args = ["run", "--profile", PAY, "--profile", "./fails-late.toml", "--as-of", AS_OF];
    let r = run(&ws, &[&args[..], &["--out", out.to_str().unwrap(), input.to_str().unwrap()]].concat());
    assert_eq!(r.code, 2, "{}", r.context());
    // Its own tests meet the failure too, so run refuses it before reading anything, naming it.
    assert!(r.stderr.contains("profile `fails-late` has "), "the profile is named: {}", r.stderr);
    assert_eq!(files_under(&out), Vec::<String>::new(), "nothing of goq-rakuten-pay either");
}

#[test]
fn two_profiles_writing_the_same_file_write_nothing() {
    let ws = Workspace::new();
    ws.write("yahoo-copy.toml", "extends = \"goq-yahoo\"\n");
    let input = morning_export(&ws);
    let out = ws.out();
    // Without the history: the two share its scope too, refused for that on its own.
    let args = ["run", "--no-ledger", "--profile", YAHOO, "--profile", "./yahoo-copy.toml", "--as-of", AS_OF];
    let r = run(&ws, &[&args[..], &["--out", out.to_str().unwrap(), input.to_str().unwrap()]].concat());
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains(&format!("would both write {}", default_path(YAHOO))), "{}", r.stderr);
    assert_eq!(files_under(&out), Vec::<String>::new());
}

#[test]
fn standard_input_is_refused_with_several_profiles_and_the_same_profile_twice_too() {
    let ws = Workspace::new();
    let out = ws.out();
    let args = ["run", "--profile", PAY, "--profile", YAHOO, "--out", out.to_str().unwrap(), "-"];
    let r = run(&ws, &args);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("standard input (-) can be read only once"), "{}", r.stderr);
    let input = morning_export(&ws);
    let args = ["run", "--profile", PAY, "--profile", PAY, "--out", out.to_str().unwrap(), input.to_str().unwrap()];
    let r = run(&ws, &args);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("goq-rakuten-pay is given more than once"), "{}", r.stderr);
    assert!(!out.exists(), "nothing written");
}

/// The ledger's runs: (id, profile, batch when the ledger has the column).
fn runs(ledger: &std::path::Path) -> Vec<(i64, String, Option<i64>)> {
    let conn = rusqlite::Connection::open(ledger).unwrap();
    let has_batch: bool = conn
        .query_row("SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'batch'", [], |r| r.get(0))
        .unwrap();
    let sql = if has_batch {
        "SELECT id, profile, batch FROM runs ORDER BY id"
    } else {
        "SELECT id, profile, NULL FROM runs ORDER BY id"
    };
    let mut st = conn.prepare(sql).unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn with_a_ledger_both_profiles_are_recorded_in_one_transaction_of_one_invocation() {
    let ws = Workspace::new();
    let ledger = ws.path().join("history.sqlite");
    let r = both(&ws, &["--ledger", ledger.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.context());
    let recorded = runs(&ledger);
    let profiles: Vec<&str> = recorded.iter().map(|(_, p, _)| p.as_str()).collect();
    assert_eq!(profiles, [PAY, YAHOO]);
    // The batch column comes with the ledger's schema version 3: the second run's batch is
    // the first's id.
    let first = recorded[0].0;
    assert!(recorded[1].2.is_none_or(|b| b == first), "{recorded:?}");

    // A ledger commit that fails takes back every profile's files and runs.
    let again = Workspace::new();
    let ledger = again.path().join("history.sqlite");
    let input = morning_export(&again);
    let out = again.out();
    let args = ["run", "--profile", PAY, "--profile", YAHOO, "--as-of", AS_OF, "--out", out.to_str().unwrap()];
    let output = crate::common::bin()
        .current_dir(again.path())
        .env("ORDERBRIDGE_FAULT_LEDGER", "fail")
        .args(args)
        .args(["--ledger", ledger.to_str().unwrap(), input.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(files_under(&out), Vec::<String>::new());
    assert!(runs(&ledger).is_empty());
}

#[test]
fn strict_takes_back_only_the_profile_it_blocked() {
    let ws = Workspace::new();
    let ledger = ws.path().join("history.sqlite");
    let r = both(&ws, &["--strict", "--ledger", ledger.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.context());
    // goq-rakuten-pay rejected a row: no upload file of its own, its run not recorded; goq-yahoo's is.
    let files = r.files();
    assert!(!files.contains(&default_path(PAY).to_string()) && files.contains(&default_path(YAHOO).to_string()));
    let profiles: Vec<String> = runs(&ledger).into_iter().map(|(_, p, _)| p).collect();
    assert_eq!(profiles, [YAHOO]);
    assert!(fs::metadata(&ledger).is_ok());
}
