//! The shipped profiles' rules through the binary, for what a profile's own tests cannot show.
//! A profile test (`mappings/tests/<name>.toml`, run by `validate-profile` and by
//! `shipped_profiles`) decides one UTF-8 row in memory and compares what it became; these
//! tests run CP932 exports through `orderbridge run` and check the exit code, the report's
//! counts, the reject file and the upload files; messages that must name something (or must
//! not); and rules over several rows (duplicates, routes, warnings counted per written row).
//! Rows no test row can be are in `raw_rows`. The rules themselves:
//! `docs/domain/shipped-profiles.md`, `carriers.md`.

use crate::common::*;

/// A one-row run: the workspace (kept alive for reading files) and the result.
fn one(profile: &str, overrides: &[(&str, &str)]) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    let table = Table::for_profile(profile).row(profile, overrides);
    let r = ws.run_table(profile, &table);
    (ws, r)
}

/// Runs one row (CP932) and checks that it was rejected by `rule` alone, at line 2, with a
/// Japanese reason, its original columns copied, and no upload file. Returns the reason.
fn rejected(profile: &str, overrides: &[(&str, &str)], rule: &str) -> String {
    let ws = Workspace::new();
    let table = Table::for_profile(profile).row(profile, overrides);
    let r = ws.run_table(profile, &table);
    check_rejected(&r, &table, rule, 2)
}

/// The checks of [`rejected`] on a finished run whose only row is `table.rows[0]` at `line`.
fn check_rejected(r: &RunResult, table: &Table, rule: &str, line: u64) -> String {
    let reason = check_reject_row(r, table, rule, line);
    assert!(r.uploads().is_empty(), "no upload file for a rejected row: {:?}", r.uploads());
    reason
}

/// [`check_rejected`] without the check that no upload file exists.
pub(crate) fn check_reject_row(r: &RunResult, table: &Table, rule: &str, line: u64) -> String {
    let ctx = r.context();
    assert_eq!(r.code, 1, "a rejection exits 1: {ctx}");
    assert_eq!(r.rows("read"), 1, "{ctx}");
    assert_eq!(r.rows("rejected"), 1, "{ctx}");
    assert_eq!(r.by_rule("rejected_by_rule"), [(rule.to_string(), 1)].into(), "{ctx}");
    assert!(r.by_rule("excluded_by_rule").is_empty(), "{ctx}");
    assert_eq!(r.report()["rejects_file"], rejects_name_for(r), "{ctx}");
    let rows = r.reject_rows();
    assert_eq!(rows.len(), 1, "one reject row: {rows:?}");
    let row = &rows[0];
    assert!(row[0].ends_with("orders.csv"), "入力ファイル names the input: {row:?}");
    assert_eq!(row[1], line.to_string(), "行 is the input's line: {row:?}");
    assert_eq!(row[2], rule, "ルール: {row:?}");
    assert!(!row[3].is_empty() && has_japanese(&row[3]), "理由 is a Japanese sentence: {row:?}");
    assert_eq!(&row[4..4 + table.header.len()], &table.rows[0][..], "the original columns follow: {row:?}");
    row[3].clone()
}

fn rejects_name_for(r: &RunResult) -> String {
    let profile = r.report()["profile"].as_str().unwrap();
    rejects_name(profile).to_string()
}

/// Runs one row and checks it was excluded by `rule` alone: exit 0, no file at all.
fn excluded(profile: &str, overrides: &[(&str, &str)], rule: &str) {
    let (_ws, r) = one(profile, overrides);
    let ctx = r.context();
    assert_eq!(r.code, 0, "an exclusion is not an error: {ctx}");
    assert_eq!(r.rows("read"), 1, "{ctx}");
    assert_eq!(r.by_rule("excluded_by_rule"), [(rule.to_string(), 1)].into(), "{ctx}");
    assert!(r.by_rule("rejected_by_rule").is_empty(), "{ctx}");
    assert!(r.files().is_empty(), "nothing written for an excluded row: {:?}", r.files());
    assert!(r.report()["rejects_file"].is_null(), "{ctx}");
}

/// Runs one row and checks it was written to the profile's default file; returns the run.
fn written(profile: &str, overrides: &[(&str, &str)]) -> (Workspace, RunResult) {
    let (ws, r) = one(profile, overrides);
    let ctx = r.context();
    assert_eq!(r.code, 0, "{ctx}");
    assert_eq!(r.rows("written"), 1, "{ctx}");
    assert_eq!(r.files(), [default_path(profile)], "{ctx}");
    (ws, r)
}

/// The single data row of the default upload file, as `(column, value)` pairs.
fn output_row(r: &RunResult, profile: &str) -> Vec<(String, String)> {
    let recs = r.upload(default_path(profile));
    assert_eq!(recs.len(), 2, "header and one row: {recs:?}");
    recs[0].iter().cloned().zip(recs[1].iter().cloned()).collect()
}

fn output_value(r: &RunResult, profile: &str, column: &str) -> String {
    output_row(r, profile).into_iter().find(|(c, _)| c == column).unwrap_or_else(|| panic!("no {column}")).1
}

/// Runs `table` as UTF-8 (for characters CP932 cannot hold).
pub(crate) fn run_utf8(profile: &str, table: &Table) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", table.utf8());
    let r = ws.run(profile, as_of_for(profile), &[input], &[]);
    (ws, r)
}

// ------------------------------------------------------------------------------------------
// One row through the binary: written, excluded or rejected
// ------------------------------------------------------------------------------------------

/// The row is written to the profile's default file, whole: exit 0, that one file, no list.
fn written_whole(profile: &str, overrides: &[(&str, &str)], expected: &[(&str, &str)]) {
    let (_ws, r) = written(profile, overrides);
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(output_row(&r, profile), expected);
    assert!(r.report()["rejects_file"].is_null(), "{}", r.context());
}

cases!(written_whole {
    legacy_default_row_is_written_whole: LEGACY, &[], &[
        ("受注番号", "100234-20241018-0000010000"),
        ("受注ステータス", "処理済"),
        ("配送日", "20241018"),
        ("お荷物伝票番号", GOOD_TRACKING),
        ("レコードナンバー", "133100002"),
        ("消費税再計算フラグ", "0"),
        ("配送会社", "1001"),
    ];
    pay_default_row_is_written_whole: PAY, &[("送付先ID", "388010230"), ("発送明細ID", "12")], &[
        ("注文番号", "100234-20241018-0000010000"),
        ("送付先ID", "388010230"),
        ("発送明細ID", "12"),
        ("お荷物伝票番号", GOOD_TRACKING),
        ("配送会社", "1001"),
        ("発送日", "2024-10-18"),
    ];
    yahoo_default_row_is_written_whole: YAHOO, &[], &[
        ("OrderId", "sample-store-10000003"),
        ("ShipCompanyCode", "1001"),
        ("ShipInvoiceNumber1", GOOD_TRACKING),
        ("ShipInvoiceNumber2", ""),
        ("ShipDate", "20241018"),
        ("ShipStatus", "3"),
    ];
    check_repairs_an_excel_edited_row: CHECK, &[("お荷物伝票番号", "'５６４７－０８７０－０００６"), ("配送日", "2014-10-14 0:00")], &[
        ("受注番号", "000000-201410"),
        ("受注ステータス", "処理済"),
        ("配送日", "20141014"),
        ("お荷物伝票番号", "564708700006"),
        ("レコードナンバー", "133000055"),
        ("消費税再計算フラグ", "0"),
        ("配送会社", "1002"),
    ];
});

cases!(excluded {
    legacy_other_store_is_excluded: LEGACY, &[("販売店舗", "本店")], "other_store";
    pay_not_shipped: PAY, &[("受注ステータス", "発送待ち")], "not_shipped";
    yahoo_cancelled: YAHOO, &[("受注ステータス", "キャンセル済み")], "cancelled";
});

/// The row is rejected by `rule` alone (the checks of [`rejected`]), its reason naming each of
/// `says` and none of `not`: what the shop must learn to fix it.
fn rejected_saying(profile: &str, overrides: &[(&str, &str)], rule: &str, says: &[&str], not: &[&str]) {
    let reason = rejected(profile, overrides, rule);
    for s in says {
        assert!(reason.contains(s), "the reason names {s:?}: {reason}");
    }
    for s in not {
        assert!(!reason.contains(s), "the reason does not name {s:?}: {reason}");
    }
}

cases!(rejected_saying {
    legacy_unknown_status_is_rejected_naming_value_and_table: LEGACY, &[("受注ステータス", "発送完了")],
        "unknown_status", &["発送完了", "rakuten_status"], &[];
    // 012345678903 passes 7DR (1234567890 mod 7 = 3); Excel dropped its leading zero.
    legacy_leading_zero_lost_hint_for_sagawa: LEGACY, &[("配送方法", "佐川急便 飛脚宅配便"), ("お荷物伝票番号", "12345678903")],
        "bad_tracking", &["012345678903", "先頭の0"], &[];
    // 012345678900 fails 7DR too: no hint.
    legacy_no_leading_zero_hint_when_zero_would_not_help: LEGACY, &[("配送方法", "佐川急便 飛脚宅配便"), ("お荷物伝票番号", "12345678900")],
        "bad_tracking", &[], &["012345678900"];
    // The order number is bad too, but unknown_status is decided before any column check.
    pay_unknown_status_rejected_at_not_shipped_position: PAY, &[("受注ステータス", "発送完了"), ("受注番号", "x")],
        "unknown_status", &["発送完了"], &[];
    yahoo_no_carrier_code_for_kakitome: YAHOO, &[("配送方法", "簡易書留")],
        "no_yahoo_carrier_code", &["簡易書留", "yahoo_carrier"], &[];
    yahoo_no_carrier_code_for_fukuyama: YAHOO, &[("配送方法", "福山通運")],
        "no_yahoo_carrier_code", &["福山通運", "yahoo_carrier"], &[];
    yahoo_no_carrier_code_for_own_delivery: YAHOO, &[("配送方法", "自社便")],
        "no_yahoo_carrier_code", &["自社便", "yahoo_carrier"], &[];
    // The tracking number would fail 7DR, but with no valid code it is only checked for shape:
    // the row is rejected for its carrier, not its tracking number.
    check_invalid_carrier_uses_every_other_code_rule_then_bad_carrier_code: CHECK, &[("配送会社", "佐川急便"), ("お荷物伝票番号", "564708700000")],
        "bad_carrier_code", &["佐川急便"], &[];
});

// ------------------------------------------------------------------------------------------
// Rules over several rows
// ------------------------------------------------------------------------------------------

#[test]
fn legacy_routes_by_store_and_order_type() {
    let ws = Workspace::new();
    let mut t = Table::for_profile(LEGACY);
    for (i, (store, kind)) in [
        ("楽天市場店", "通常購入"),
        ("楽天市場", "定期購入"),
        ("楽天市場店", "オークション"),
        ("楽天市場店", "共同購入"),
        ("楽天2号店", "頒布会"),
        ("楽天2号店", ""),
        ("楽天2号店", "共同購入"),
    ]
    .iter()
    .enumerate()
    {
        let rec = format!("13310000{i}");
        t = t.row(LEGACY, &[("販売店舗", store), ("注文種別", kind), ("レコードナンバー", &rec)]);
    }
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(
        r.files(),
        [
            "rakuten/auction_2024_10_18.csv",
            "rakuten/kyoudou_2024_10_18.csv",
            "rakuten/tuuzyou_2024_10_18.csv",
            "rakuten2/kyoudou_2024_10_18.csv",
            "rakuten2/tuuzyou_2024_10_18.csv",
        ]
    );
    assert_eq!(r.column("rakuten/tuuzyou_2024_10_18.csv", "レコードナンバー"), ["133100000", "133100001"]);
    assert_eq!(r.column("rakuten2/tuuzyou_2024_10_18.csv", "レコードナンバー"), ["133100004", "133100005"]);
}

#[test]
fn legacy_unknown_carrier_writes_1000_and_warns() {
    let (_ws, r) = one(LEGACY, &[("配送方法", "自社便"), ("お荷物伝票番号", "abc-123")]);
    assert_eq!(r.code, 0, "a warning is not a rejection: {}", r.context());
    assert_eq!(r.rows("written"), 1);
    assert_eq!(r.rows("warnings"), 1);
    assert_eq!(r.by_rule("warnings_by_rule"), [("unknown_carrier".to_string(), 1)].into());
    assert_eq!(output_value(&r, LEGACY, "配送会社"), "1000");
    assert_eq!(output_value(&r, LEGACY, "お荷物伝票番号"), "ABC123", "checked with the every-other-code rule");
    assert!(r.stderr.contains("unknown_carrier"), "the summary lists warnings per rule:\n{}", r.stderr);
}

#[test]
fn legacy_duplicate_is_excluded_and_other_record_number_is_not() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[])
        .row(LEGACY, &[("商品名", "別の商品")])
        .row(LEGACY, &[("レコードナンバー", "133100003")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.by_rule("excluded_by_rule"), [("duplicate".to_string(), 1)].into());
    assert_eq!(r.rows("written"), 2);
    assert_eq!(r.column(default_path(LEGACY), "レコードナンバー"), ["133100002", "133100003"]);
}

#[test]
fn legacy_duplicate_key_uses_output_values() {
    // The same order number and record number written differently in the input.
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[]).row(LEGACY, &[("レコードナンバー", " 133100002\u{3000}")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.by_rule("excluded_by_rule"), [("duplicate".to_string(), 1)].into(), "{}", r.context());
}

#[test]
fn pay_duplicate_order_and_tracking() {
    let ws = Workspace::new();
    let t = Table::for_profile(PAY)
        .row(PAY, &[])
        .row(PAY, &[("送付先ID", "5"), ("お荷物伝票番号", "３５７２９６７００００３")])
        .row(PAY, &[("お荷物伝票番号", "357296700014")]);
    let r = ws.run_table(PAY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.by_rule("excluded_by_rule"), [("duplicate".to_string(), 1)].into());
    assert_eq!(r.column(default_path(PAY), "お荷物伝票番号"), [GOOD_TRACKING, "357296700014"]);
}

#[test]
fn yahoo_duplicate() {
    let ws = Workspace::new();
    let t = Table::for_profile(YAHOO).row(YAHOO, &[]).row(YAHOO, &[("お荷物伝票番号", "'357296700003")]);
    let r = ws.run_table(YAHOO, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.by_rule("excluded_by_rule"), [("duplicate".to_string(), 1)].into());
    assert_eq!(r.rows("written"), 1);
}

#[test]
fn check_duplicate() {
    let ws = Workspace::new();
    let t = Table::for_profile(CHECK).row(CHECK, &[]).row(CHECK, &[("受注ステータス", "処理済")]);
    let r = ws.run_table(CHECK, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.by_rule("excluded_by_rule"), [("duplicate".to_string(), 1)].into());
}

#[test]
fn warnings_are_counted_only_for_written_rows() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("配送方法", "自社便"), ("お荷物伝票番号", "X1"), ("レコードナンバー", "bad")])
        .row(LEGACY, &[("配送方法", "自社便"), ("お荷物伝票番号", "X1"), ("レコードナンバー", "7")])
        .row(LEGACY, &[("配送方法", "自社便"), ("お荷物伝票番号", "X1"), ("レコードナンバー", "7")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_record_number".to_string(), 1)].into());
    assert_eq!(r.by_rule("excluded_by_rule"), [("duplicate".to_string(), 1)].into());
    assert_eq!(r.by_rule("warnings_by_rule"), [("unknown_carrier".to_string(), 1)].into(), "{}", r.context());
    assert_eq!(r.rows("warnings"), 1);
}

#[test]
fn unknown_carrier_warning_names_the_method_text() {
    let (_ws, r) = one(LEGACY, &[("配送方法", "自社便ABC"), ("お荷物伝票番号", "X1")]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.by_rule("warnings_by_rule"), [("unknown_carrier".to_string(), 1)].into());
    let in_files = r
        .files()
        .iter()
        .filter(|f| !f.starts_with("rakuten/"))
        .any(|f| String::from_utf8_lossy(&std::fs::read(r.out.join(f)).unwrap()).contains("自社便ABC"));
    let in_report = r.report().to_string().contains("自社便ABC");
    assert!(
        r.stderr.contains("自社便ABC") || in_report || in_files,
        "the shop must learn which method to add a pattern for:\n{}",
        r.context()
    );
}
