//! The shop file: `orderbridge run orders.csv` in the shop's folder is the whole morning.

use std::fs;

use orderbridge::shop::{SHOP_SCHEMA_FILE, shop_json_schema, shop_json_schema_text};
use serde_json::Value;

use super::morning_export;
use crate::common::{AS_OF, PAY, Workspace, YAHOO, bin, default_path, files_under};

/// The example shop file, with a ledger beside it.
const SHOP: &str = "profiles = [\"goq-rakuten-pay\", \"goq-yahoo\"]\nout = \"upload\"\nledger = \"history.sqlite\"\n\
                    [params]\nwindow_days = 5\n";

#[test]
fn in_the_shop_files_folder_run_orders_csv_is_the_whole_morning() {
    let ws = Workspace::new();
    ws.write("orderbridge.toml", SHOP);
    morning_export(&ws);
    let r = ws.run_args(&["run", "--as-of", AS_OF, "orders.csv"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let files = files_under(&ws.path().join("upload"));
    assert!(files.contains(&default_path(PAY).to_string()) && files.contains(&default_path(YAHOO).to_string()));
    assert!(r.stderr.contains("one run of goq-rakuten-pay, goq-yahoo"), "{}", r.stderr);
    // Both profiles recorded in the shop's ledger, beside the shop file.
    let conn = rusqlite::Connection::open(ws.path().join("history.sqlite")).unwrap();
    let runs: i64 = conn.query_row("SELECT count(*) FROM runs", [], |r| r.get(0)).unwrap();
    assert_eq!(runs, 2);
    assert!(!r.stderr.contains("stale"), "a 5-day window keeps yesterday's orders: {}", r.stderr);
}

#[test]
fn the_command_line_overrides_the_shop_files_folder_and_parameters() {
    let ws = Workspace::new();
    ws.write("orderbridge.toml", SHOP);
    morning_export(&ws);
    // A window of 0 days: every order updated before today (the export's are updated on
    // 2024-10-18) is stale.
    let r =
        ws.run_args(&["run", "--as-of", "2024-10-19", "--out", "elsewhere", "--set", "window_days=0", "orders.csv"]);
    assert!(r.stderr.contains("stale"), "{}", r.stderr);
    assert!(!ws.path().join("upload").exists(), "--out overrides the shop's out");
    assert!(ws.path().join("elsewhere").exists());
    // --profile overrides the shop's profiles.
    let r = ws.run_args(&["run", "--as-of", AS_OF, "--profile", YAHOO, "orders.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains(PAY), "{}", r.stderr);
}

#[test]
fn a_shop_file_elsewhere_is_read_with_paths_relative_to_its_folder() {
    let ws = Workspace::new();
    ws.write("shop/conf.toml", SHOP);
    let input = morning_export(&ws);
    let conf = ws.path().join("shop/conf.toml");
    let r = ws.run_args(&["run", "--as-of", AS_OF, "--shop", conf.to_str().unwrap(), input.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(ws.path().join("shop/upload").join(default_path(YAHOO)).is_file());
    assert!(ws.path().join("shop/history.sqlite").is_file());
}

#[test]
fn a_parameter_no_profile_declares_is_named_and_nothing_runs() {
    let ws = Workspace::new();
    ws.write("orderbridge.toml", SHOP.replace("window_days", "window_day"));
    morning_export(&ws);
    let r = ws.run_args(&["run", "--as-of", AS_OF, "orders.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("orderbridge.toml: the parameter window_day is declared by none"), "{}", r.stderr);
    assert!(!ws.path().join("upload").exists());
    ws.write("orderbridge.toml", SHOP);
    let r = ws.run_args(&["run", "--as-of", AS_OF, "--set", "windows=1", "orders.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--set windows"), "{}", r.stderr);
}

#[test]
fn init_writes_a_shop_file_that_then_runs() {
    let ws = Workspace::new();
    let args = ["init", "--shop", "--profile", PAY, "--profile", YAHOO, "--set", "window_days=5"];
    let out = bin().current_dir(ws.path()).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = fs::read_to_string(ws.path().join("orderbridge.toml")).unwrap();
    assert!(text.contains("window_days = 5\n"), "a number stays a number: {text}");
    assert!(schema_errors(&text).is_empty(), "{:?}", schema_errors(&text));
    morning_export(&ws);
    let r = ws.run_args(&["run", "--as-of", AS_OF, "orders.csv"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(ws.path().join("upload").join(default_path(PAY)).is_file());
    // Never over an existing file without --force; a parameter nobody declares is refused.
    let again = bin().current_dir(ws.path()).args(args).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    let typo = ["init", "--shop", "--profile", PAY, "--profile", YAHOO, "--set", "window=5", "--out", "x.toml"];
    let refused = bin().current_dir(ws.path()).args(typo).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(!ws.path().join("x.toml").exists());
}

fn schema_errors(text: &str) -> Vec<String> {
    let instance: Value = toml::from_str(text).expect("TOML");
    let validator = jsonschema::validator_for(&shop_json_schema()).expect("a valid draft-7 schema");
    validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// `UPDATE_SCHEMA=1 cargo test --test tests shop_morning::` rewrites the checked-in file.
#[test]
fn the_checked_in_shop_schema_is_the_generated_one_and_validates_the_example() {
    let path = crate::common::mappings_dir().join(SHOP_SCHEMA_FILE);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        fs::write(&path, shop_json_schema_text()).unwrap();
    }
    assert!(fs::read_to_string(&path).unwrap() == shop_json_schema_text(), "{} is stale", path.display());
    let out = bin().args(["schema", "--shop"]).output().unwrap();
    assert!(out.stdout == fs::read(&path).unwrap(), "`orderbridge schema --shop` prints it");
    assert_eq!(schema_errors(SHOP), Vec::<String>::new());
    let typo = schema_errors("profile = [\"goq-yahoo\"]\n");
    assert!(typo.iter().any(|e| e.contains("profile")), "{typo:?}");
    assert!(!schema_errors("out = 5\n").is_empty(), "out is a folder's name");
}
