//! A shop's days with the history on by default: the default ledger in the data folder
//! (`XDG_DATA_HOME` here), never created by a dry run; files confirmed by the path they were
//! written at after a later run archived them, by their path now, by a copy, or all of the
//! latest run (`--last`); a confirm undone (`unsent`); times in the profile's zone; every
//! hint a command that works as printed (run here as printed); `--no-ledger`.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::*;
use crate::ledger::orders;

/// One shop's folder and its machine's data home, the system's time zone Tokyo's (a run
/// recorded without its profile's zone is shown in the system's).
struct Shop {
    ws: Workspace,
    home: DataHome,
}

impl Shop {
    fn new() -> Shop {
        let shop = Shop { ws: Workspace::new(), home: DataHome::new() };
        shop.ws.write("orders.csv", orders(3, |_| GOOD_TRACKING).cp932_lf());
        shop
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut c = self.home.bin();
        c.current_dir(self.ws.path()).env_remove("ORDERBRIDGE_MAPPINGS").env("TZ", "Asia/Tokyo");
        c
    }

    /// `orderbridge run` of the legacy profile (its upload sets a state) into `upload`, as-of
    /// 2024-10-`day`, the same export every day.
    fn run(&self, day: u32, extra: &[&str]) -> Output {
        let as_of = format!("2024-10-{day}");
        let mut c = self.cmd();
        c.args(["run", "--profile", LEGACY, "--as-of", &as_of, "--out", "upload"]).args(extra).arg("orders.csv");
        let o = c.output().unwrap();
        assert!(matches!(o.status.code(), Some(0)), "day {day}: {}", text(&o.stderr));
        o
    }

    fn ledger(&self, args: &[&str]) -> Output {
        self.cmd().arg("ledger").args(args).output().unwrap()
    }

    fn files(&self) -> Vec<Value> {
        let o = self.ledger(&["files", "--json"]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        serde_json::from_slice::<Value>(&o.stdout).unwrap().as_array().unwrap().clone()
    }

    /// The recorded file written at `upload/<rel>`.
    fn file(&self, rel: &str) -> Value {
        let files = self.files();
        files.iter().find(|f| f["path"] == rel).cloned().unwrap_or_else(|| panic!("{rel} not in {files:?}"))
    }

    /// Runs the command a summary printed, as pasted into a shell, with `orderbridge` on the path.
    fn paste(&self, command: &str) -> Output {
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_orderbridge")).parent().unwrap().to_path_buf();
        let paths = std::env::var_os("PATH").unwrap_or_default();
        let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(&paths))).unwrap();
        let o = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(self.ws.path())
            .env("PATH", path)
            .env("XDG_DATA_HOME", self.home.0.path())
            .env("TZ", "Asia/Tokyo")
            .env("ORDERBRIDGE_LANG", "en")
            .env_remove("ORDERBRIDGE_LEDGER")
            .env_remove("ORDERBRIDGE_MAPPINGS")
            .output()
            .unwrap();
        assert!(o.status.success(), "`{command}` as printed: {}{}", text(&o.stdout), text(&o.stderr));
        o
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The confirm hint a run's summary printed: the command after its colon.
fn hint(summary: &str) -> String {
    let line =
        summary.lines().find(|l| l.contains("orderbridge ledger confirm")).unwrap_or_else(|| panic!("{summary}"));
    line[line.find("orderbridge ledger confirm").unwrap()..].trim().to_string()
}

/// The archived copy of `rel` under `upload/` (a later run moved it there).
fn archived(out: &Path, rel: &str) -> PathBuf {
    let archive = out.join(".orderbridge.archive");
    let found: Vec<PathBuf> =
        std::fs::read_dir(&archive).unwrap().map(|e| e.unwrap().path().join(rel)).filter(|p| p.exists()).collect();
    assert_eq!(found.len(), 1, "{rel} archived once: {found:?}");
    found[0].clone()
}

/// `2024-10-18 09:12 JST`: a time as the shop reads it.
fn is_local_time(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 20 && s.ends_with(" JST") && b[4] == b'-' && b[7] == b'-' && b[10] == b' ' && b[13] == b':'
}

/// `2024-10-18T09:12:00+09:00`: RFC 3339 with Tokyo's offset.
fn is_tokyo_rfc3339(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.len() == 25 && s.as_bytes()[10] == b'T' && s.ends_with("+09:00"))
}

const DAY18: &str = "rakuten/tuuzyou_2024_10_18.csv";
const DAY19: &str = "rakuten/tuuzyou_2024_10_19.csv";
const DAY20: &str = "rakuten/tuuzyou_2024_10_20.csv";

#[test]
fn three_days_forgetting_to_confirm_then_confirming_by_the_path_written_undoing_and_confirming_the_last_run() {
    let shop = Shop::new();
    let ledger = shop.home.ledger();
    // Before any run: no history yet, said so; a dry run does not create the ledger nor its folder.
    let o = shop.ledger(&["files"]);
    assert!(o.status.success() && text(&o.stdout).contains("no upload file yet"), "{}", text(&o.stderr));
    shop.run(18, &["--dry-run"]);
    assert!(!ledger.parent().unwrap().exists(), "a dry run creates neither the default ledger nor its folder");
    let o = shop.ledger(&["confirm", "--last"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("there is no ledger here yet"), "{}", text(&o.stderr));

    // Day 18: recorded in the default ledger, which the summary names; its hint needs no --ledger.
    let summary = text(&shop.run(18, &[]).stderr);
    assert!(ledger.is_file(), "{summary}");
    assert!(summary.contains(&format!("{}: run #1 recorded", ledger.display())), "{summary}");
    assert_eq!(hint(&summary), "orderbridge ledger confirm --last");

    // Forgotten. Day 19 writes the rows again, saying when the file they are in was written
    // (in Tokyo time), and archives day 18's file.
    let summary = text(&shop.run(19, &[]).stderr);
    let out = shop.ws.path().join("upload");
    assert!(!out.join(DAY18).exists(), "day 18's file was archived");
    let day18_now = archived(&out, DAY18);
    let line =
        summary.lines().find(|l| l.contains(DAY18) && l.contains("(written ")).unwrap_or_else(|| panic!("{summary}"));
    let at = line.split("(written ").nth(1).unwrap_or_else(|| panic!("{summary}")).trim_end_matches(')');
    assert!(is_local_time(at), "{line}");

    // The shop did upload day 18's file: confirmed by the path it was written at.
    let o = shop.ledger(&["confirm", &format!("upload/{DAY18}")]);
    let said = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(said.contains("confirmed as uploaded (3 rows; run #1, written "), "{said}");
    let at = said.split("written ").nth(1).unwrap().split(" as ").next().unwrap();
    assert!(is_local_time(at), "{said}");
    let f = shop.file(DAY18);
    assert!(is_tokyo_rfc3339(&f["confirmed_at"]) && is_tokyo_rfc3339(&f["written_at"]), "{f}");
    assert!(shop.file(DAY19)["confirmed_at"].is_null(), "only day 18's file");
    // Its rows are now sent: day 20 would hold them back.
    let dry = shop.run(20, &["--dry-run"]);
    assert!(text(&dry.stderr).contains("already_sent"), "{}", text(&dry.stderr));

    // It was not uploaded after all: undone, by its path now (in the archive).
    let o = shop.ledger(&["unsent", day18_now.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("confirm undone"), "{}", text(&o.stdout));
    let f = shop.file(DAY18);
    assert!(f["confirmed_at"].is_null() && is_tokyo_rfc3339(&f["unsent_at"]), "{f}");
    let dry = shop.run(20, &["--dry-run"]);
    assert!(!text(&dry.stderr).contains("already_sent"), "the rows go out again: {}", text(&dry.stderr));
    let table = text(&shop.ledger(&["files"]).stdout);
    let row = table.lines().find(|l| l.contains(DAY18)).unwrap();
    assert!(row.contains("not uploaded (") && row.contains(" JST"), "{table}");
    let show = text(&shop.ledger(&["show", &crate::ledger::order_number(1)]).stdout);
    let line = show.lines().find(|l| l.contains(DAY18)).unwrap_or_else(|| panic!("{show}"));
    assert!(line.contains("marked as not uploaded 20") && line.ends_with(" JST"), "{show}");

    // Day 20, then its hint pasted as printed: every file of the latest run confirmed, and
    // only those.
    let summary = text(&shop.run(20, &[]).stderr);
    shop.paste(&hint(&summary));
    assert!(is_tokyo_rfc3339(&shop.file(DAY20)["confirmed_at"]), "{:?}", shop.files());
    assert!(shop.file(DAY19)["confirmed_at"].is_null());
    assert!(shop.file(DAY18)["confirmed_at"].is_null());
    // Confirming again says so, with when.
    let o = shop.ledger(&["confirm", "--last"]);
    assert!(text(&o.stdout).contains("already confirmed (2024-") || text(&o.stdout).contains("already confirmed (20"));

    // A copy of day 19's file elsewhere (archived by day 20) is found by its content.
    let copy = shop.ws.write("sent/copy.csv", std::fs::read(archived(&out, DAY19)).unwrap());
    let o = shop.ledger(&["confirm", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!shop.file(DAY19)["confirmed_at"].is_null());

    // A file the ledger does not know: named, and the hint to list the files works as printed.
    let stray = shop.ws.write("stray.csv", "not an upload\r\n");
    let o = shop.ledger(&["unsent", stray.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("stray.csv") && err.contains("Nothing was changed"), "{err}");
    let list = err.split("The recorded files: ").nth(1).unwrap().split(". Nothing").next().unwrap();
    assert_eq!(list, "orderbridge ledger files");
    assert!(text(&shop.paste(list).stdout).contains(DAY20));
}

#[test]
fn a_ledger_other_than_the_default_is_named_in_the_hint_quoted_and_the_hint_works_as_printed() {
    let shop = Shop::new();
    std::fs::create_dir(shop.ws.path().join("my books")).unwrap();
    let summary = text(&shop.run(18, &["--ledger", "my books/history.sqlite"]).stderr);
    let command = hint(&summary);
    assert_eq!(command, "orderbridge ledger confirm --last --ledger 'my books/history.sqlite'");
    let said = text(&shop.paste(&command).stdout);
    assert!(said.contains("confirmed as uploaded"), "{said}");
    assert!(!shop.home.ledger().exists(), "the default ledger was not used");
    let o = shop.ledger(&["--ledger", "my books/history.sqlite", "files", "--json"]);
    let files: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(files[0]["confirmed_at"].is_string(), "{files}");
}

#[test]
fn no_ledger_runs_without_history_and_a_profile_without_a_key_runs_without_the_default_one() {
    let shop = Shop::new();
    let summary = text(&shop.run(18, &["--no-ledger"]).stderr);
    assert!(!summary.contains("ledger"), "{summary}");
    assert!(!shop.home.ledger().parent().unwrap().exists(), "nothing made in the data folder");
    // --resend needs a ledger.
    let o =
        shop.cmd().args(["run", "--profile", LEGACY, "--out", "o", "--no-ledger", "--resend", "orders.csv"]).output();
    assert_eq!(o.unwrap().status.code(), Some(2));

    // A profile that declares no [ledger] key: run, without the default ledger.
    shop.ws.write("p.toml", small_profile("[input.fields]\nid = { headers = [\"id\"] }\n", ("ID", "id")));
    shop.ws.write("in.csv", "id\n1\n");
    let o = shop.cmd().args(["run", "--profile", "p.toml", "--out", "o2", "in.csv"]).output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!shop.home.ledger().exists());
}

#[test]
fn serve_keeps_its_history_in_the_default_ledger_unless_told_not_to() {
    // The default ledger's place taken by a folder: serve names it and stops before serving.
    let shop = Shop::new();
    std::fs::create_dir_all(shop.home.ledger()).unwrap();
    // On a port already taken: a serve that went past the ledger stops there instead of serving.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = shop.cmd().args(["serve", "--port", &port]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains(&format!("{}: a folder, not a ledger", shop.home.ledger().display())), "{err}");
    // Without history, the ledger is not looked at: serve goes on, to the taken port.
    let o = shop.cmd().args(["serve", "--no-ledger", "--port", &port]).output().unwrap();
    let err = text(&o.stderr);
    assert!(o.status.code() == Some(2) && !err.contains("ledger") && err.contains(&port), "{err}");
}

/// The files of the legacy profile left unknown (neither confirmed nor marked not uploaded)
/// and not superseded: what the next run reads the rows of.
fn read_by_next_run(ledger: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(ledger).unwrap();
    let mut st = conn
        .prepare(
            "SELECT path FROM files WHERE confirmed_at IS NULL AND unsent_at IS NULL AND superseded_by IS NULL
             ORDER BY id",
        )
        .unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// The files an earlier unknown send of this run's rows was in, as the summary names them.
fn named_as_unconfirmed(summary: &str) -> Vec<&'static str> {
    [DAY18, DAY19, DAY20]
        .into_iter()
        .filter(|f| summary.lines().any(|l| l.contains(f) && l.contains("(written ")))
        .collect()
}

#[test]
fn a_shop_that_never_confirms_has_each_run_read_only_the_files_that_still_decide_something() {
    let shop = Shop::new();
    let ledger = shop.home.ledger();
    shop.run(18, &[]);
    shop.run(19, &[]);
    // Day 19 wrote every order of day 18's file again: only day 19's file still decides.
    assert_eq!(read_by_next_run(&ledger), vec![DAY19.to_string()]);
    let summary = text(&shop.run(20, &[]).stderr);
    assert_eq!(named_as_unconfirmed(&summary), vec![DAY19], "{summary}");
    assert_eq!(read_by_next_run(&ledger), vec![DAY20.to_string()], "the history read stays one day's");

    // Day 20's file was not uploaded: the orders' latest unknown send is day 19's again.
    let o = shop.ledger(&["unsent", &format!("upload/{DAY20}")]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(read_by_next_run(&ledger), vec![DAY18.to_string(), DAY19.to_string()]);
    let dry = text(&shop.run(21, &["--dry-run"]).stderr);
    assert_eq!(named_as_unconfirmed(&dry), vec![DAY19], "{dry}");
    // The next real run supersedes them again: day 19's file by writing its orders again, day
    // 18's as no order's latest send.
    shop.run(21, &[]);
    assert_eq!(read_by_next_run(&ledger), vec!["rakuten/tuuzyou_2024_10_21.csv".to_string()]);
}

#[test]
fn a_file_stays_read_while_a_later_run_has_not_written_all_its_orders_again() {
    let shop = Shop::new();
    let ledger = shop.home.ledger();
    shop.run(18, &[]);
    // Day 19's export holds only the first order: day 18's file still has the other two.
    shop.ws.write("orders.csv", orders(1, |_| GOOD_TRACKING).cp932_lf());
    shop.run(19, &[]);
    assert_eq!(read_by_next_run(&ledger), vec![DAY18.to_string(), DAY19.to_string()]);
    shop.ws.write("orders.csv", orders(3, |_| GOOD_TRACKING).cp932_lf());
    let summary = text(&shop.run(20, &[]).stderr);
    assert_eq!(named_as_unconfirmed(&summary), vec![DAY18, DAY19], "{summary}");
    assert_eq!(read_by_next_run(&ledger), vec![DAY20.to_string()]);
}
