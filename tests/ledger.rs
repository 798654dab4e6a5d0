//! The sync history (`--ledger`). The lifecycle end to end (run, run again
//! unconfirmed, confirm, everything `already_sent`, one tracking number corrected, `ledger
//! show`), `--resend`, dry runs; the reliability cases are in `ledger_reliability`.

use std::path::PathBuf;

use serde_json::Value;

use crate::common::*;

/// Tracking numbers passing 7DR, other than [`GOOD_TRACKING`].
pub(crate) const OTHER_TRACKING: &str = "357296700014";

pub(crate) fn order_number(n: u32) -> String {
    format!("100234-20241018-{n:010}")
}

/// Legacy orders `1..=n`, each shipped with `tracking(i)`.
pub(crate) fn orders(n: u32, tracking: impl Fn(u32) -> &'static str) -> Table {
    let mut t = Table::for_profile(LEGACY);
    for i in 1..=n {
        let number = order_number(i);
        let record = format!("{}", 133_100_000 + i);
        t = t.row(LEGACY, &[("受注番号", &number), ("レコードナンバー", &record), ("お荷物伝票番号", tracking(i))]);
    }
    t
}

pub(crate) struct Ledgered {
    pub ws: Workspace,
    pub ledger: PathBuf,
}

impl Ledgered {
    pub fn new() -> Ledgered {
        let ws = Workspace::new();
        let ledger = ws.path().join("history.sqlite");
        Ledgered { ws, ledger }
    }

    pub fn run(&self, table: &Table, extra: &[&str]) -> RunResult {
        let input = self.ws.write("orders.csv", table.cp932_lf());
        let mut args = vec!["--ledger", self.ledger.to_str().unwrap()];
        args.extend(extra);
        self.ws.run(LEGACY, AS_OF, &[input], &args)
    }

    pub fn ledger_cmd(&self, args: &[&str]) -> std::process::Output {
        bin().current_dir(self.ws.path()).arg("ledger").arg("--ledger").arg(&self.ledger).args(args).output().unwrap()
    }

    pub fn show(&self, key: &str) -> Vec<Value> {
        let o = self.ledger_cmd(&["show", key, "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
    }

    pub fn files(&self) -> Vec<Value> {
        let o = self.ledger_cmd(&["files", "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
    }

    pub fn upload(&self) -> PathBuf {
        self.ws.out().join(default_path(LEGACY))
    }

    pub fn upload_rows(&self) -> Vec<Vec<String>> {
        let text = decode_cp932(&std::fs::read(self.upload()).unwrap());
        parse_csv(&text).into_iter().skip(1).collect()
    }
}

pub(crate) fn ledger_report(r: &RunResult) -> &Value {
    &r.report.as_ref().unwrap_or_else(|| panic!("{}", r.context()))["ledger"]
}

pub(crate) fn excluded(r: &RunResult, rule: &str) -> u64 {
    r.report.as_ref().unwrap()["excluded_by_rule"][rule].as_u64().unwrap_or(0)
}

pub(crate) fn signal_of(o: &std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(o)
}

#[test]
fn lifecycle_sends_only_what_changed_since_the_confirmed_upload() {
    let l = Ledgered::new();
    let first = orders(3, |_| GOOD_TRACKING);
    // 1. A first run: everything is new.
    let r1 = l.run(&first, &[]);
    assert_eq!(r1.code, 0, "{}", r1.context());
    assert_eq!(r1.rows("written"), 3);
    assert_eq!(ledger_report(&r1)["new"], 3);
    assert_eq!(ledger_report(&r1)["recorded"], true);
    let sent_bytes = std::fs::read(l.upload()).unwrap();

    // 2. Run again before confirming: the same rows are written again, and the summary says
    // they are only in an unconfirmed file, naming it.
    let r2 = l.run(&first, &[]);
    assert_eq!(r2.rows("written"), 3, "{}", r2.context());
    assert_eq!(std::fs::read(l.upload()).unwrap(), sent_bytes, "the same rows, byte for byte");
    let lr = ledger_report(&r2);
    assert_eq!((lr["new"].as_u64(), lr["unconfirmed"].as_u64()), (Some(0), Some(3)));
    assert_eq!(lr["unconfirmed_files"][0]["path"], default_path(LEGACY));
    assert!(r2.stderr.contains("3 rows written again: they are only in files not yet confirmed"), "{}", r2.stderr);
    assert!(r2.stderr.contains(default_path(LEGACY)), "{}", r2.stderr);

    // 3. Confirm the uploaded file (a copy elsewhere: found by content).
    let copy = l.ws.write("uploaded/tuuzyou.csv", &sent_bytes);
    let o = l.ledger_cmd(&["confirm", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("confirmed as uploaded (3 rows"), "{said}");
    assert!(l.files().iter().all(|f| f["confirmed_at"].is_string()), "both runs wrote that content");
    let o = l.ledger_cmd(&["confirm", copy.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("already confirmed"));

    // 4. Everything was sent: every row is excluded as already_sent, no upload file is written.
    let r3 = l.run(&first, &[]);
    assert_eq!(r3.code, 0, "{}", r3.context());
    assert_eq!((r3.rows("written"), excluded(&r3, "already_sent")), (0, 3), "{}", r3.context());
    assert!(!l.upload().exists(), "no upload file without a row to send");

    // 5. One tracking number corrected in the export: only that row is written, as changed.
    let corrected = orders(3, |i| if i == 2 { OTHER_TRACKING } else { GOOD_TRACKING });
    let r4 = l.run(&corrected, &[]);
    assert_eq!((r4.rows("written"), excluded(&r4, "already_sent")), (1, 2), "{}", r4.context());
    assert_eq!(ledger_report(&r4)["changed"], 1);
    assert!(r4.stderr.contains("1 rows changed since their confirmed upload"), "{}", r4.stderr);
    let rows = l.upload_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0][0].as_str(), rows[0][3].as_str()), (order_number(2).as_str(), OTHER_TRACKING));

    // 6. `ledger show` tells the story of order 2: written twice (confirmed), already sent,
    // written again with the new tracking number (not confirmed yet).
    let story = l.show(&order_number(2));
    let outcomes: Vec<(&str, Option<&str>, bool)> = story
        .iter()
        .map(|e| (e["outcome"].as_str().unwrap(), e["rule"].as_str(), e["confirmed_at"].is_string()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("written", None, true),
            ("written", None, true),
            ("excluded", Some("already_sent"), false),
            ("written", None, false)
        ]
    );
    assert_eq!(story[3]["values"][3], OTHER_TRACKING);
    assert_eq!(story[0]["values"][3], GOOD_TRACKING);
    assert_eq!(story[3]["file"], default_path(LEGACY));
    assert!(story.iter().all(|e| e["key"][0] == order_number(2).as_str()));
    // The same in words, and a key that is not there.
    let o = l.ledger_cmd(&["show", &order_number(2)]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("excluded (Already sent already_sent)") && text.contains("not confirmed yet"), "{text}");
    assert!(text.contains(OTHER_TRACKING), "{text}");
    let o = l.ledger_cmd(&["show", "999999-"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("No report whose key starts with 999999-"));
}

#[test]
fn a_prefix_finds_every_report_of_an_order_and_excluded_rows_say_why() {
    let l = Ledgered::new();
    let t = orders(2, |_| GOOD_TRACKING).row(
        LEGACY,
        &[
            ("受注番号", "100234-20241018-0000000009"),
            ("受注ステータス", "キャンセル"),
            ("レコードナンバー", "133100009"),
        ],
    );
    let r = l.run(&t, &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(l.show("100234-20241018").len(), 3);
    let cancelled = l.show("100234-20241018-0000000009");
    assert_eq!(cancelled.len(), 1);
    assert_eq!(
        (cancelled[0]["outcome"].as_str(), cancelled[0]["rule"].as_str()),
        (Some("excluded"), Some("cancelled"))
    );
    assert_eq!(cancelled[0]["line"], 4);
}

#[test]
fn resend_writes_rows_already_sent_and_records_them() {
    let l = Ledgered::new();
    let t = orders(2, |_| GOOD_TRACKING);
    l.run(&t, &[]);
    let o = l.ledger_cmd(&["confirm", l.upload().to_str().unwrap()]);
    assert!(o.status.success());
    // The list of excluded rows names the rule and says why.
    let r = l.run(&t, &["--list-excluded"]);
    let listed =
        String::from_utf8_lossy(&std::fs::read(l.ws.out().join("excluded_goq-rakuten-legacy_20241018.csv")).unwrap())
            .into_owned();
    assert_eq!(listed.matches("already_sent").count(), 2, "{listed}");
    assert!(listed.contains("同じ内容のまま送信済み"), "{listed}");
    // The summary explains the rule with the profile's words, as for the profile's own rules.
    let line = r.stderr.lines().find(|l| l.contains("(already_sent)")).unwrap_or_default();
    assert!(line.contains("同じ内容のまま送信済み"), "{}", r.stderr);
    assert_eq!(r.rows("written"), 0);
    let r = l.run(&t, &["--resend"]);
    assert_eq!((r.rows("written"), excluded(&r, "already_sent")), (2, 0), "{}", r.context());
    assert_eq!(ledger_report(&r)["resent"], 2);
    assert_eq!(l.show(&order_number(1)).len(), 3, "every run is recorded, the resend too");
    // Without a ledger, --resend means nothing: refused.
    let input = l.ws.write("orders.csv", t.cp932_lf());
    let r = l.ws.run(LEGACY, AS_OF, &[input], &["--resend", "--no-ledger"]);
    assert_eq!(r.code, 2);
}

#[test]
fn a_dry_run_consults_the_ledger_and_records_nothing() {
    let l = Ledgered::new();
    let t = orders(2, |_| GOOD_TRACKING);
    let r = l.run(&t, &["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert!(!l.ledger.exists(), "a dry run does not create the ledger");
    l.run(&t, &[]);
    l.ledger_cmd(&["confirm", l.upload().to_str().unwrap()]);
    let r = l.run(&t, &["--dry-run"]);
    assert_eq!(excluded(&r, "already_sent"), 2, "{}", r.context());
    assert_eq!(ledger_report(&r)["recorded"], false);
    assert!(r.stderr.contains("nothing recorded (dry run)"), "{}", r.stderr);
    assert_eq!(l.show(&order_number(1)).len(), 1, "only the real run");
}

#[test]
fn the_environment_variable_names_the_ledger() {
    let l = Ledgered::new();
    let input = l.ws.write("orders.csv", orders(1, |_| GOOD_TRACKING).cp932_lf());
    let o = bin()
        .current_dir(l.ws.path())
        .env("ORDERBRIDGE_LEDGER", &l.ledger)
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(l.show(&order_number(1)).len(), 1);
}

#[test]
fn confirming_an_unknown_file_names_it_and_confirms_nothing() {
    let l = Ledgered::new();
    l.run(&orders(1, |_| GOOD_TRACKING), &[]);
    let stray = l.ws.write("stray.csv", "not an upload\r\n");
    let o = l.ledger_cmd(&["confirm", l.upload().to_str().unwrap(), stray.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("stray.csv") && err.contains("Nothing was changed"), "{err}");
    assert!(l.files().iter().all(|f| f["confirmed_at"].is_null()));
}

/// A shop that moves to its own child profile (or renames it) keeps its history: the shipped
/// profile's `[ledger] scope` is inherited, so rows confirmed under the parent stay
/// `already_sent` under the child — and the run records the child's real name and parameters.
#[test]
fn a_child_profile_shares_the_history_of_the_profile_it_extends() {
    let l = Ledgered::new();
    let t = orders(3, |_| GOOD_TRACKING);
    l.run(&t, &[]);
    let o = l.ledger_cmd(&["confirm", l.upload().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let child = l.ws.write("my-shop.toml", "extends = \"goq-rakuten-legacy\"\n[params.window_days]\ndefault = 7\n[[skip_tests]]\nrule = \"stale\"\nreason = \"7 days\"\n");
    let input = l.ws.write("orders.csv", t.cp932_lf());
    let r = l.ws.run(child.to_str().unwrap(), AS_OF, &[input], &["--ledger", l.ledger.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!((r.rows("written"), excluded(&r, "already_sent")), (0, 3), "{}", r.context());
    let conn = rusqlite::Connection::open(&l.ledger).unwrap();
    let params: String =
        conn.query_row("SELECT params FROM runs ORDER BY id DESC LIMIT 1", [], |row| row.get(0)).unwrap();
    let params: Value = serde_json::from_str(&params).unwrap();
    assert!(
        params["profile"].as_str().unwrap().ends_with("my-shop.toml") || params["profile"] == "my-shop",
        "{params}"
    );
    assert_eq!(params["params"]["window_days"], 7, "{params}");
}

/// `--strict` with a rejected row writes no upload file: the ledger records nothing (no row is
/// "written to" a file that does not exist) and the summary says why; the next run, fixed,
/// finds every row new.
#[test]
fn a_strict_run_that_writes_nothing_records_nothing() {
    let l = Ledgered::new();
    let t = orders(3, |i| if i == 2 { "12345" } else { GOOD_TRACKING });
    let r = l.run(&t, &["--strict"]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert!(!l.upload().exists(), "{}", r.context());
    assert_eq!(ledger_report(&r)["recorded"], false, "{}", r.context());
    assert_eq!(ledger_report(&r)["strict_blocked"], true, "{}", r.context());
    assert!(r.stderr.contains("nothing recorded (--strict: no upload file was written)"), "{}", r.stderr);
    assert!(l.show(&order_number(1)).is_empty(), "no history for a run that sent nothing");
    let r = l.run(&orders(3, |_| GOOD_TRACKING), &["--strict"]);
    assert_eq!((r.code, ledger_report(&r)["new"].as_u64()), (0, Some(3)), "{}", r.context());
}

/// The ledger records each input with the SHA-256 of its bytes, as `sha256sum` prints it. A
/// file under 1 MiB is hashed from the bytes the run reads, so the hash must cover every
/// byte: the first block read to detect the encoding, several read buffers, a UTF-16 file
/// read through its transcoder; a larger one is hashed by a thread of its own.
#[test]
fn each_input_is_recorded_with_the_sha256_of_its_bytes() {
    use sha2::Digest;
    let l = Ledgered::new();
    // Hashed by a thread of its own (1 MiB or more), then as read (several read buffers).
    let big = orders(7500, |_| GOOD_TRACKING).cp932_lf();
    assert!(big.len() >= 1 << 20, "{}", big.len());
    let medium = orders(1500, |_| OTHER_TRACKING).cp932_lf();
    assert!((3 * 64 * 1024..1 << 20).contains(&medium.len()), "{}", medium.len());
    let small = orders(2, |_| OTHER_TRACKING).cp932_lf();
    // Read through the UTF-16 transcoder, which reads the file's bytes itself.
    let text = decode_cp932(&orders(3, |_| OTHER_TRACKING).cp932_lf());
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let inputs = [
        l.ws.write("orders.csv", big.clone()),
        l.ws.write("medium.csv", medium.clone()),
        l.ws.write("more.csv", small.clone()),
        l.ws.write("utf16.csv", utf16.clone()),
    ];
    let r = l.ws.run(LEGACY, AS_OF, &inputs, &["--ledger", l.ledger.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.context());
    let conn = rusqlite::Connection::open(&l.ledger).unwrap();
    let mut st = conn.prepare("SELECT name, sha256 FROM inputs ORDER BY idx").unwrap();
    let recorded: Vec<(String, Option<String>)> =
        st.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().map(Result::unwrap).collect();
    let hex = |bytes: &[u8]| sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let expected: Vec<(String, Option<String>)> = inputs
        .iter()
        .zip([&big, &medium, &small, &utf16])
        .map(|(p, b)| (p.display().to_string(), Some(hex(b))))
        .collect();
    assert_eq!(recorded, expected);
}

/// Standard input cannot be read again and is not kept: the ledger records it without a hash
/// (rather than one of bytes it cannot show it had).
#[test]
fn standard_input_is_recorded_without_a_hash() {
    let l = Ledgered::new();
    let out = l.ws.out();
    let args = ["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", out.to_str().unwrap()];
    let o = bin()
        .current_dir(l.ws.path())
        .args(args)
        .args(["--ledger", l.ledger.to_str().unwrap(), "-"])
        .write_stdin(orders(3, |_| GOOD_TRACKING).cp932_lf())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let conn = rusqlite::Connection::open(&l.ledger).unwrap();
    let recorded: Vec<Option<String>> = conn
        .prepare("SELECT sha256 FROM inputs")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(recorded, [None]);
}
