//! An upload that adds (楽天ペイ, `[ledger] upload = "adds"`) is never sent twice silently: a
//! run whose rows are in an earlier file of unknown upload stops before writing anything,
//! naming the file and the ways on (`ledger confirm`, `ledger unsent`, `--previous`,
//! `--resend`); a tracking number changed after a confirmed send is held
//! (`changed_after_send`). A profile that sets a state (Yahoo!) writes such rows again and
//! says so. Several days of runs over the same export.

use std::path::PathBuf;

use serde_json::Value;

use crate::common::*;

/// A tracking number passing 7DR (ヤマト): eleven digits from `n`, then their remainder by 7.
pub(crate) fn tracking(n: u64) -> String {
    let body = 35_729_670_000 + n;
    format!("{body}{}", body % 7)
}

fn pay_order(n: u32) -> String {
    format!("100234-20241018-{n:010}")
}

/// 楽天ペイ orders `1..=n`, each shipped with `tracking_of(i)`.
fn pay_orders(n: u32, tracking_of: impl Fn(u32) -> String) -> Table {
    let mut t = Table::for_profile(PAY);
    for i in 1..=n {
        let (number, tracking) = (pay_order(i), tracking_of(i));
        t = t.row(PAY, &[("受注番号", &number), ("お荷物伝票番号", &tracking)]);
    }
    t
}

/// One shop's days: a workspace, its export and a ledger in it.
struct Days {
    ws: Workspace,
    ledger: PathBuf,
}

impl Days {
    fn new() -> Days {
        let ws = Workspace::new();
        let ledger = ws.path().join("history.sqlite");
        Days { ws, ledger }
    }

    fn run(&self, profile: &str, day: &str, table: &Table, extra: &[&str]) -> RunResult {
        let input = self.ws.write("orders.csv", table.cp932_lf());
        let mut args = vec!["--ledger", self.ledger.to_str().unwrap()];
        args.extend(extra);
        self.ws.run(profile, day, &[input], &args)
    }

    fn ledger_cmd(&self, args: &[&str]) -> std::process::Output {
        let o = bin().current_dir(self.ws.path()).arg("ledger").arg("--ledger").arg(&self.ledger).args(args).output();
        o.unwrap()
    }

    fn files(&self) -> Vec<Value> {
        let o = self.ledger_cmd(&["files", "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
    }

    fn runs(&self) -> i64 {
        let conn = rusqlite::Connection::open(&self.ledger).unwrap();
        conn.query_row("SELECT count(*) FROM runs", [], |r| r.get(0)).unwrap()
    }

    /// Every file under `out/` (the tool's own included) with its bytes.
    fn out_state(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut all = Vec::new();
        let mut stack = vec![self.ws.out()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    all.push((p.clone(), std::fs::read(&p).unwrap()));
                }
            }
        }
        all.sort();
        all
    }
}

fn excluded(r: &RunResult, rule: &str) -> u64 {
    r.report.as_ref().unwrap_or_else(|| panic!("{}", r.context()))["excluded_by_rule"][rule].as_u64().unwrap_or(0)
}

const DAY_18: &str = "2024-10-18";
const DAY_19: &str = "2024-10-19";
const DAY_20: &str = "2024-10-20";
const FILE_18: &str = "rakuten/hassou_20241018.csv";
const FILE_19: &str = "rakuten/hassou_20241019.csv";

/// Day 18 written, day 19 run on the same export stopped: the shop's position before each
/// way on. Returns the stopped run.
fn day_19_stopped(d: &Days, export: &Table) -> RunResult {
    let r = d.run(PAY, DAY_18, export, &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("written"), r.rows("read"), "{}", r.context());
    let before = d.out_state();
    let r = d.run(PAY, DAY_19, export, &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert_eq!(d.out_state(), before, "the output folder is as it was");
    assert!(r.report.is_none(), "no report file: {}", r.context());
    assert_eq!(d.runs(), 1, "the ledger recorded nothing");
    r
}

#[test]
fn a_second_day_stops_before_writing_and_names_the_file_and_the_ways_on() {
    let d = Days::new();
    let export = pay_orders(3, |i| tracking(u64::from(i)));
    let r = day_19_stopped(&d, &export);
    let file = d.ws.out().join(FILE_18);
    let ledger = d.ledger.display().to_string();
    for said in [
        "Nothing was written: 3 rows of this run are in earlier upload files of goq-rakuten-pay",
        &format!("{} (written ", file.display()),
        "3 rows of this run)",
        &format!("orderbridge ledger --ledger {ledger} confirm {}", file.display()),
        &format!("orderbridge ledger --ledger {ledger} unsent {}", file.display()),
        "--previous uploaded",
        "--previous not-uploaded",
    ] {
        assert!(r.stderr.contains(said), "{said:?} in:\n{}", r.stderr);
    }
    assert!(!d.ws.out().join(FILE_19).exists());

    // Confirmed as the message says: day 19 holds every row back as already sent.
    let o = d.ledger_cmd(&["confirm", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = d.run(PAY, DAY_19, &export, &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!((r.rows("written"), excluded(&r, "already_sent")), (0, 3), "{}", r.context());
}

#[test]
fn a_dry_run_stops_the_same_and_leaves_everything_as_it_was() {
    let d = Days::new();
    let export = pay_orders(2, |i| tracking(u64::from(i)));
    day_19_stopped(&d, &export);
    let before = (d.out_state(), std::fs::read(&d.ledger).unwrap());
    let r = d.run(PAY, DAY_19, &export, &["--dry-run"]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("2 rows of this run"), "{}", r.stderr);
    assert_eq!((d.out_state(), std::fs::read(&d.ledger).unwrap()), before);
    // With the answer, the dry run counts as the real run would, and says it recorded nothing.
    let r = d.run(PAY, DAY_19, &export, &["--dry-run", "--previous", "uploaded"]);
    assert_eq!((r.code, excluded(&r, "already_sent")), (0, 2), "{}", r.context());
    assert!(r.stderr.contains("taken as uploaded for this dry run"), "{}", r.stderr);
    assert!(!r.stderr.contains("marked as uploaded"), "{}", r.stderr);
    assert_eq!((d.out_state(), std::fs::read(&d.ledger).unwrap()), before);
}

#[test]
fn previous_uploaded_marks_the_files_and_holds_their_rows_back() {
    let d = Days::new();
    let export = pay_orders(3, |i| tracking(u64::from(i)));
    day_19_stopped(&d, &export);
    let r = d.run(PAY, DAY_19, &export, &["--previous", "uploaded"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!((r.rows("written"), excluded(&r, "already_sent")), (0, 3), "{}", r.context());
    let ledger = &r.report.as_ref().unwrap()["ledger"];
    assert_eq!(ledger["previous"], "uploaded");
    assert_eq!(ledger["answered_files"][0]["path"], FILE_18);
    assert!(r.stderr.contains("1 earlier files whose upload was not known marked as uploaded"), "{}", r.stderr);
    // The file answered for, with when it was written as the shop reads times (the profile's zone).
    let listed = r.stderr.lines().find(|l| l.contains(FILE_18) && l.contains("(written ")).unwrap_or_default();
    assert!(listed.ends_with(" JST)"), "{}", r.stderr);
    let files = d.files();
    assert!(files[0]["confirmed_at"].is_string() && files[0]["unsent_at"].is_null(), "{files:?}");
    // The answer stands: the next day needs none.
    let r = d.run(PAY, DAY_20, &export, &[]);
    assert_eq!((r.code, excluded(&r, "already_sent")), (0, 3), "{}", r.context());
}

#[test]
fn previous_not_uploaded_sends_the_rows_again_and_only_the_new_file_is_pending() {
    let d = Days::new();
    let export = pay_orders(3, |i| tracking(u64::from(i)));
    day_19_stopped(&d, &export);
    let r = d.run(PAY, DAY_19, &export, &["--previous", "not-uploaded"]);
    assert_eq!((r.code, r.rows("written")), (0, 3), "{}", r.context());
    assert!(d.ws.out().join(FILE_19).exists());
    let files = d.files();
    assert!(files[0]["unsent_at"].is_string() && files[0]["confirmed_at"].is_null(), "{files:?}");
    // Day 20: only day 19's file is pending (day 18's is known not uploaded).
    let r = d.run(PAY, DAY_20, &export, &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains(FILE_19) && !r.stderr.contains("hassou_20241018"), "{}", r.stderr);
}

#[test]
fn resend_sends_the_rows_of_the_unknown_file_anyway() {
    let d = Days::new();
    let export = pay_orders(3, |i| tracking(u64::from(i)));
    day_19_stopped(&d, &export);
    let r = d.run(PAY, DAY_19, &export, &["--resend"]);
    assert_eq!((r.code, r.rows("written")), (0, 3), "{}", r.context());
    assert!(r.stderr.contains("only in files not yet confirmed"), "{}", r.stderr);
}

#[test]
fn previous_needs_a_ledger() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", pay_orders(1, |i| tracking(u64::from(i))).cp932_lf());
    let r = ws.run_args(&[
        "run",
        "--profile",
        PAY,
        "--out",
        ws.out().to_str().unwrap(),
        "--previous",
        "uploaded",
        "--no-ledger",
        input.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("--previous needs a ledger"), "{}", r.stderr);
}

#[test]
fn an_upload_that_sets_a_state_writes_again_and_says_so() {
    let d = Days::new();
    let mut export = Table::for_profile(YAHOO);
    for i in 1..=2u32 {
        let id = format!("store-{i:08}");
        export = export.row(YAHOO, &[("受注番号", &id)]);
    }
    let r = d.run(YAHOO, DAY_18, &export, &[]);
    assert_eq!((r.code, r.rows("written")), (0, 2), "{}", r.context());
    let r = d.run(YAHOO, DAY_19, &export, &[]);
    assert_eq!((r.code, r.rows("written")), (0, 2), "{}", r.context());
    assert!(r.stderr.contains("2 rows written again: they are only in files not yet confirmed"), "{}", r.stderr);
    assert!(r.stderr.contains("yahoo/shipstatus_20241018.csv"), "{}", r.stderr);
}

/// Day 18 written and confirmed (orders 1 to 3).
fn day_18_confirmed(d: &Days) {
    let r = d.run(PAY, DAY_18, &pay_orders(3, |i| tracking(u64::from(i))), &[]);
    assert_eq!((r.code, r.rows("written")), (0, 3), "{}", r.context());
    let o = d.ledger_cmd(&["confirm", d.ws.out().join(FILE_18).to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn corrected(i: u32) -> String {
    tracking(if i == 2 { 100 } else { u64::from(i) })
}

#[test]
fn a_tracking_number_changed_after_a_confirmed_send_is_held_naming_both_numbers() {
    let d = Days::new();
    day_18_confirmed(&d);
    let r = d.run(PAY, DAY_19, &pay_orders(3, corrected), &["--list-excluded"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!((r.rows("written"), excluded(&r, "already_sent")), (0, 2), "{}", r.context());
    assert_eq!(excluded(&r, "changed_after_send"), 1, "{}", r.context());
    assert!(!d.ws.out().join(FILE_19).exists(), "nothing to upload");
    let list = std::fs::read_to_string(d.ws.out().join("excluded_goq-rakuten-pay_20241019.csv")).unwrap();
    let line = list.lines().find(|l| l.contains("changed_after_send")).unwrap_or_else(|| panic!("{list}"));
    for said in [tracking(2).as_str(), tracking(100).as_str(), "RMS", &pay_order(2)] {
        assert!(line.contains(said), "{said} in {line}");
    }
    assert!(line.contains("アップロード確認"), "when it was sent: {line}");

    // --resend sends it anyway (and the rows already sent with it).
    let r = d.run(PAY, DAY_19, &pay_orders(3, corrected), &["--resend"]);
    assert_eq!((r.code, r.rows("written"), excluded(&r, "changed_after_send")), (0, 3, 0), "{}", r.context());
    let sent = decode_cp932(&std::fs::read(d.ws.out().join(FILE_19)).unwrap());
    assert!(sent.contains(&tracking(100)), "{sent}");
}

#[test]
fn a_parcel_sent_whose_ship_date_changed_is_held_not_added_again() {
    let d = Days::new();
    day_18_confirmed(&d);
    // Order 2's parcel, same tracking number, now with another ship date (the same report at
    // 楽天ペイ: sent again it would be a second shipment).
    let mut export = Table::for_profile(PAY);
    for i in 1..=3u32 {
        let (number, t) = (pay_order(i), tracking(u64::from(i)));
        let mut fields = vec![("受注番号", number.as_str()), ("お荷物伝票番号", t.as_str())];
        if i == 2 {
            fields.push(("出荷日", "2024/10/17"));
        }
        export = export.row(PAY, &fields);
    }
    let r = d.run(PAY, DAY_19, &export, &["--list-excluded"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!((r.rows("written"), excluded(&r, "already_sent")), (0, 2), "{}", r.context());
    assert_eq!(excluded(&r, "changed_since_send"), 1, "{}", r.context());
    assert!(!d.ws.out().join(FILE_19).exists(), "nothing to upload");
    let list = std::fs::read_to_string(d.ws.out().join("excluded_goq-rakuten-pay_20241019.csv")).unwrap();
    let line = list.lines().find(|l| l.contains("changed_since_send")).unwrap_or_else(|| panic!("{list}"));
    assert!(line.contains(&pay_order(2)) && line.contains("RMS"), "{line}");
    // --resend sends it anyway.
    let r = d.run(PAY, DAY_19, &export, &["--resend"]);
    assert_eq!((r.code, r.rows("written"), excluded(&r, "changed_since_send")), (0, 3, 0), "{}", r.context());
}

#[test]
fn a_second_parcel_of_the_same_order_is_new_wherever_it_comes_in_the_input() {
    let d = Days::new();
    day_18_confirmed(&d);
    // The new parcel of order 2 comes before the confirmed one in the export.
    let mut export = Table::for_profile(PAY);
    let rows = [(2, tracking(100)), (1, tracking(1)), (2, tracking(2)), (3, tracking(3))];
    for (i, t) in &rows {
        export = export.row(PAY, &[("受注番号", &pay_order(*i)), ("お荷物伝票番号", t)]);
    }
    let r = d.run(PAY, DAY_19, &export, &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!((r.rows("written"), excluded(&r, "already_sent")), (1, 3), "{}", r.context());
    assert_eq!(excluded(&r, "changed_after_send"), 0, "{}", r.context());
    let sent = decode_cp932(&std::fs::read(d.ws.out().join(FILE_19)).unwrap());
    assert!(sent.contains(&tracking(100)), "{sent}");
}
