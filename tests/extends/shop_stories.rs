//! Five shop stories, each a short child profile in `tests/fixtures/children/` run for real and
//! validating with the tests it inherits.

use super::{FILE, child, validate};
use crate::common::*;

// ---- the five stories ------------------------------------------------------------------

#[test]
fn story_1_a_status_shipped_done_means_processed() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("受注ステータス", "出荷完了")]);
    let r = ws.run_table(&child("status-shipped-done"), &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.column(FILE, "受注ステータス"), ["処理済"]);
    // The shipped profile does not know it: the child's entry is what maps it.
    let shipped = Workspace::new().run_table(LEGACY, &t);
    assert_eq!(shipped.by_rule("rejected_by_rule").get("unknown_status"), Some(&1));
}

#[test]
fn story_2_the_tracking_number_column_is_called_tsuiseki_bangou() {
    let ws = Workspace::new();
    let base = Table::for_profile(LEGACY).row(LEGACY, &[]);
    let order: Vec<usize> = (0..base.header.len()).collect();
    let t = base.reshaped(&order, &[("お荷物伝票番号", "追跡番号")]);
    let r = ws.run_table(&child("tracking-header"), &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.column(FILE, "お荷物伝票番号"), [GOOD_TRACKING]);
    let shipped = Workspace::new().run_table(LEGACY, &t);
    assert_ne!(shipped.code, 0, "the shipped profile needs its own header name");
}

#[test]
fn story_3_a_main_store_goes_to_the_rakuten_folder() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("販売店舗", "〇〇本店"), ("受注番号", "A-1")])
        .row(LEGACY, &[("販売店舗", "楽天2号店"), ("受注番号", "A-2")]);
    let r = ws.run_table(&child("main-store"), &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.column(FILE, "受注番号"), ["A-1"]);
    assert_eq!(r.column("rakuten2/tuuzyou_2024_10_18.csv", "受注番号"), ["A-2"], "the parent's stores are kept");
    let shipped = Workspace::new().run_table(LEGACY, &t);
    assert_eq!(shipped.by_rule("excluded_by_rule").get("other_store"), Some(&1));
}

#[test]
fn story_4_a_seven_day_update_window() {
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注番号", "six-days"), ("最終更新日時", "2024/10/12 10:00")])
        .row(LEGACY, &[("受注番号", "eight-days"), ("最終更新日時", "2024/10/10 10:00")]);
    let ws = Workspace::new();
    let r = ws.run_table(&child("window-7-days"), &t);
    assert_eq!(r.column(FILE, "受注番号"), ["six-days"]);
    assert_eq!(r.by_rule("excluded_by_rule"), [("stale".to_string(), 1)].into());
    assert_eq!(r.report()["params"], serde_json::json!({ "window_days": 7 }));
    // The shipped default is the seed's 3 days: both rows are stale there.
    let shipped = Workspace::new().run_table(LEGACY, &t);
    assert_eq!(shipped.by_rule("excluded_by_rule"), [("stale".to_string(), 2)].into());
    assert_eq!(shipped.report()["params"], serde_json::json!({ "window_days": 3 }));
}

#[test]
fn story_5_no_stale_rule_and_one_order_type_excluded() {
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注番号", "old"), ("最終更新日時", "2023/10/18 10:00")])
        .row(LEGACY, &[("受注番号", "pre"), ("注文種別", "予約販売")]);
    let ws = Workspace::new();
    let r = ws.run_table(&child("no-stale-no-preorder"), &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.column(FILE, "受注番号"), ["old"]);
    assert_eq!(r.by_rule("excluded_by_rule"), [("preorder".to_string(), 1)].into());
}

#[test]
fn every_story_is_a_short_child_that_validates_with_the_inherited_tests() {
    for name in ["status-shipped-done", "tracking-header", "main-store", "window-7-days", "no-stale-no-preorder"] {
        let path = child(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).count();
        assert!(lines <= 11, "{name}: {lines} lines");
        let r = validate(&Workspace::new(), &[&path, "--quiet"]);
        assert_eq!(r.code, 0, "{name}:\n{}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("come from <built-in>/tests/goq-rakuten-legacy.toml"), "{name}:\n{}", r.stdout);
    }
}
