//! One test per exclusion, rejection and warning rule of each shipped profile
//! (`shared/spec/shipped-profiles.md`, `carriers.md`): a small input that triggers exactly that
//! rule, checked in the report and in the reject file; plus the decision order, the tracking
//! normalisation, the stale boundary and the output folding.

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
fn check_reject_row(r: &RunResult, table: &Table, rule: &str, line: u64) -> String {
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
fn run_utf8(profile: &str, table: &Table) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", table.utf8());
    let r = ws.run(profile, as_of_for(profile), &[input], &[]);
    (ws, r)
}

// ------------------------------------------------------------------------------------------
// goq-rakuten-legacy
// ------------------------------------------------------------------------------------------

#[test]
fn legacy_default_row_is_written_whole() {
    let (_ws, r) = written(LEGACY, &[]);
    let expected: Vec<(String, String)> = [
        ("受注番号", "100234-20241018-0000010000"),
        ("受注ステータス", "処理済"),
        ("配送日", "20241018"),
        ("お荷物伝票番号", GOOD_TRACKING),
        ("レコードナンバー", "133100002"),
        ("消費税再計算フラグ", "0"),
        ("配送会社", "1001"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(output_row(&r, LEGACY), expected);
    assert!(r.report()["rejects_file"].is_null());
}

#[test]
fn legacy_other_store_is_excluded() {
    excluded(LEGACY, &[("販売店舗", "本店")], "other_store");
}

#[test]
fn legacy_yahoo_store_is_other_store() {
    excluded(LEGACY, &[("販売店舗", "Yahoo!ショッピング店")], "other_store");
}

#[test]
fn legacy_every_cancelled_status_is_excluded() {
    for status in ["キャンセル", "キャンセル確定", "キャンセル済", "キャンセル済み"] {
        excluded(LEGACY, &[("受注ステータス", status)], "cancelled");
    }
}

#[test]
fn legacy_stale_is_excluded() {
    excluded(LEGACY, &[("最終更新日時", "2024/10/14 23:59:59")], "stale");
}

#[test]
fn legacy_stale_boundary_and_future_dates_are_written() {
    for updated in ["2024/10/15 00:00:00", "2024/10/15", "2024-10-15 0:00", "20241025", "2024/10/18 23:59:59"] {
        let (_ws, r) = one(LEGACY, &[("最終更新日時", updated)]);
        assert_eq!(r.code, 0, "{updated}: {}", r.context());
        assert_eq!(r.rows("written"), 1, "{updated} is not stale with --as-of 2024-10-18: {}", r.context());
    }
}

#[test]
fn legacy_empty_last_updated_is_bad_date() {
    let reason = rejected(LEGACY, &[("最終更新日時", "")], "bad_date");
    assert!(reason.contains("最終更新日時"), "{reason}");
}

#[test]
fn legacy_unreadable_last_updated_is_bad_date() {
    let reason = rejected(LEGACY, &[("最終更新日時", "昨日 13:45")], "bad_date");
    assert!(reason.contains("昨日 13:45"), "the reason shows the value: {reason}");
}

#[test]
fn legacy_last_updated_not_on_the_calendar_is_bad_date() {
    rejected(LEGACY, &[("最終更新日時", "2024/02/30 10:00")], "bad_date");
}

#[test]
fn legacy_last_updated_with_impossible_time_is_bad_date() {
    rejected(LEGACY, &[("最終更新日時", "2024/10/17 25:00")], "bad_date");
}

#[test]
fn legacy_ship_date_not_on_the_calendar_is_bad_date() {
    let reason = rejected(LEGACY, &[("出荷日", "2024/02/30")], "bad_date");
    assert!(reason.contains("2024/02/30"), "{reason}");
}

#[test]
fn legacy_ship_date_with_mixed_separators_is_bad_date() {
    rejected(LEGACY, &[("出荷日", "2024/10-18")], "bad_date");
}

#[test]
fn legacy_accepted_date_forms_become_yyyymmdd() {
    for (input, want) in [
        ("2024/10/18", "20241018"),
        ("2024-10-18", "20241018"),
        ("20241018", "20241018"),
        ("2024/1/5", "20240105"),
        ("2024-1-5", "20240105"),
        ("2024/10/18 14:00", "20241018"),
        ("2024/10/18 9:05:30", "20241018"),
        ("2024/02/29", "20240229"),
    ] {
        let (_ws, r) = written(LEGACY, &[("出荷日", input)]);
        assert_eq!(output_value(&r, LEGACY, "配送日"), want, "出荷日 {input}");
    }
}

#[test]
fn legacy_empty_ship_date_stays_empty_for_unshipped() {
    let (_ws, r) = written(LEGACY, &[("出荷日", ""), ("受注ステータス", "発送待ち"), ("お荷物伝票番号", "")]);
    assert_eq!(output_value(&r, LEGACY, "配送日"), "");
    assert_eq!(output_value(&r, LEGACY, "受注ステータス"), "発送待ち");
}

#[test]
fn legacy_unknown_status_is_rejected_naming_value_and_table() {
    let reason = rejected(LEGACY, &[("受注ステータス", "発送完了")], "unknown_status");
    assert!(reason.contains("発送完了"), "{reason}");
    assert!(reason.contains("rakuten_status"), "the reason names the table to add it to: {reason}");
}

#[test]
fn legacy_status_is_compared_exactly() {
    // No normalisation: full-width/half-width or suffix variants are unknown.
    rejected(LEGACY, &[("受注ステータス", "処理済み")], "unknown_status");
}

#[test]
fn legacy_status_table_translates() {
    for (goq, rakuten) in [
        ("新規", "新規受付"),
        ("入金待ち", "発送前入金待ち"),
        ("★ネコポス・クリックポスト", "発送待ち"),
        ("発送後入金待ち", "発送後入金待ち"),
        ("他社処理済み", "処理済"),
        ("保留", "保留"),
    ] {
        let (_ws, r) = written(LEGACY, &[("受注ステータス", goq)]);
        assert_eq!(output_value(&r, LEGACY, "受注ステータス"), rakuten, "{goq}");
    }
}

#[test]
fn legacy_missing_order_number() {
    rejected(LEGACY, &[("受注番号", "")], "missing_order_number");
}

#[test]
fn legacy_excel_damaged_tracking() {
    let reason = rejected(LEGACY, &[("お荷物伝票番号", "3.57297E+11")], "excel_damaged");
    assert!(reason.contains("3.57297E+11"), "{reason}");
}

#[test]
fn legacy_excel_damaged_after_quote_prefix() {
    rejected(LEGACY, &[("お荷物伝票番号", "'3.57297E+11")], "excel_damaged");
}

#[test]
fn legacy_bad_tracking_check_digit() {
    let reason = rejected(LEGACY, &[("お荷物伝票番号", "357296700000")], "bad_tracking");
    assert!(reason.contains("357296700000"), "{reason}");
}

#[test]
fn legacy_bad_tracking_letters_for_yamato() {
    rejected(LEGACY, &[("お荷物伝票番号", "ABC123")], "bad_tracking");
}

#[test]
fn legacy_leading_zero_lost_hint_for_sagawa() {
    // 012345678903 passes 7DR (1234567890 mod 7 = 3); Excel dropped its leading zero.
    let reason =
        rejected(LEGACY, &[("配送方法", "佐川急便 飛脚宅配便"), ("お荷物伝票番号", "12345678903")], "bad_tracking");
    assert!(reason.contains("012345678903"), "the hint shows the number with its zero: {reason}");
    assert!(reason.contains("先頭の0"), "the hint says the leading zero was lost: {reason}");
}

#[test]
fn legacy_no_leading_zero_hint_when_zero_would_not_help() {
    let reason =
        rejected(LEGACY, &[("配送方法", "佐川急便 飛脚宅配便"), ("お荷物伝票番号", "12345678900")], "bad_tracking");
    assert!(!reason.contains("012345678900"), "no hint when 0… fails 7DR too: {reason}");
}

#[test]
fn legacy_bad_record_number() {
    let reason = rejected(LEGACY, &[("レコードナンバー", "1331000O2")], "bad_record_number");
    assert!(reason.contains("1331000O2"), "{reason}");
}

#[test]
fn legacy_shipped_without_ship_date() {
    let reason = rejected(LEGACY, &[("出荷日", "")], "shipped_incomplete");
    assert!(reason.contains("出荷日") || reason.contains("配送日"), "{reason}");
}

#[test]
fn legacy_shipped_without_tracking() {
    let reason = rejected(LEGACY, &[("お荷物伝票番号", "")], "shipped_incomplete");
    assert!(reason.contains("お荷物伝票番号"), "{reason}");
}

#[test]
fn legacy_shipped_without_method() {
    let reason = rejected(LEGACY, &[("配送方法", "")], "shipped_incomplete");
    assert!(reason.contains("配送"), "{reason}");
}

#[test]
fn legacy_unknown_order_type() {
    let reason = rejected(LEGACY, &[("注文種別", "オークション(旧)")], "unknown_order_type");
    assert!(reason.contains("オークション(旧)"), "{reason}");
}

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
fn legacy_carrier_classification_follows_carriers_md() {
    for (method, code, tracking) in [
        ("クロネコゆうパケット", "1030", GOOD_TRACKING),
        ("ヤマト運輸 ネコポス", "1001", GOOD_TRACKING),
        ("佐川急便 飛脚宅配便", "1002", GOOD_TRACKING),
        ("ゆうパケット", "1003", GOOD_TRACKING),
        ("簡易書留", "1003", "35729670001"),
        ("日本郵便 国際", "1003", "EF719215461JP"),
        ("福山通運", "1006", "ABC-123"),
        ("名鉄NX運輸", "1031", "123"),
        ("名鉄運輸", "1007", "123"),
        ("EMS", "1017", "EE994353255CN"),
        ("fedex", "1019", "123"),
        ("rakuten express", "1028", "123"),
    ] {
        let (_ws, r) = written(LEGACY, &[("配送方法", method), ("お荷物伝票番号", tracking)]);
        assert_eq!(output_value(&r, LEGACY, "配送会社"), code, "{method}");
        assert!(r.by_rule("warnings_by_rule").is_empty(), "{method}");
    }
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
fn legacy_field_count() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[]);
    let body = format!("{}\n{},extra\n", csv_record(&t.header), csv_record(&t.rows[0]));
    let input = ws.write("orders.csv", sjis(&body));
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("field_count".to_string(), 1)].into(), "{}", r.context());
    let rows = r.reject_rows();
    assert_eq!(rows[0][1], "2");
    assert!(rows[0][3].contains("12") && rows[0][3].contains("13"), "expected and found counts: {:?}", rows[0]);
    assert_eq!(rows[0].last().unwrap(), "extra", "the extra field follows at the end: {:?}", rows[0]);
    assert!(r.uploads().is_empty());
}

#[test]
fn legacy_undecodable_in_used_column() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("受注番号", "100234-XX-1")]);
    let input = ws.write("orders.csv", splice(&t.cp932_lf(), "XX", &[0xFD, 0xFD]));
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into());
    let rows = r.reject_rows();
    assert_eq!(rows[0][1], "2");
    assert!(rows[0][3].contains("受注番号"), "the reason names the column: {:?}", rows[0]);
    assert!(r.uploads().is_empty());
}

#[test]
fn legacy_unencodable_emoji_in_order_number() {
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("受注番号", "100234-😀-1")]);
    let (_ws, r) = run_utf8(LEGACY, &t);
    let reason = check_reject_row(&r, &t, "unencodable", 2);
    assert!(reason.contains("受注番号") && reason.contains("U+1F600"), "names column and character: {reason}");
}

#[test]
fn unencodable_only_row_creates_no_upload_file() {
    // (goq-yahoo's order id is ASCII: the emoji makes it bad_order_number first.)
    for profile in [LEGACY, CHECK] {
        let t = Table::for_profile(profile).row(profile, &[("受注番号", "100234-😀-1")]);
        let (_ws, r) = run_utf8(profile, &t);
        assert_eq!(r.by_rule("rejected_by_rule"), [("unencodable".to_string(), 1)].into(), "{}", r.context());
        assert!(r.uploads().is_empty(), "{profile}: a file with no rows is not created: {:?}", r.uploads());
        assert!(r.report()["files"].as_array().unwrap().is_empty(), "{profile}: report lists no file");
    }
}

#[test]
fn legacy_unencodable_char_only_in_unused_column_never_rejects() {
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("商品名", "はちみつ😀 é 𠮷 ❤")]);
    let (_ws, r) = run_utf8(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("written"), 1);
}

#[test]
fn legacy_wave_dash_is_folded_to_cp932_fullwidth_tilde() {
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("受注番号", "100234〜20241018-0000010000")]);
    let (_ws, r) = run_utf8(LEGACY, &t);
    assert_eq!(r.code, 0, "folded silently: {}", r.context());
    assert!(r.by_rule("warnings_by_rule").is_empty());
    let bytes = r.bytes(default_path(LEGACY));
    let want: &[u8] = b"100234\x81\x6020241018-0000010000,";
    assert!(bytes.windows(want.len()).any(|w| w == want), "〜 written as 0x81 0x60");
    assert!(!bytes.windows(2).any(|w| w == b"&#"), "no HTML character reference in the upload");
}

#[test]
fn legacy_whole_fold_table_applies() {
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("受注番号", "A〜B—C‖D−E¢F£G¬H\u{00A0}I")]);
    let (_ws, r) = run_utf8(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(output_value(&r, LEGACY, "受注番号"), "A～B―C∥D－E￠F￡G￢H I");
}

#[test]
fn legacy_tracking_normalisation() {
    let forms = [
        "３５７２９６７００００３",
        "'357296700003",
        "=\"357296700003\"",
        "A357296700003A",
        "a357296700003a",
        "d357296700003b",
        "3572-9670-0003",
        "3572ー9670ー0003",
        "3572－9670－0003",
        "3572‐9670‒0003",
        "3572–9670—0003",
        "3572―9670−0003",
        "3572ｰ9670ｰ0003",
        "3572 9670\u{3000}0003",
        "\u{3000}357296700003 ",
        "'３５７２－９６７０－０００３",
    ];
    let ws = Workspace::new();
    let mut t = Table::for_profile(LEGACY);
    for (i, f) in forms.iter().enumerate() {
        let rec = format!("1331{i:05}");
        t = t.row(LEGACY, &[("お荷物伝票番号", f), ("レコードナンバー", &rec)]);
    }
    // U+2212 and U+2014 are not CP932: this input is UTF-8.
    let input = ws.write("orders.csv", t.utf8());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    let got = r.column(default_path(LEGACY), "お荷物伝票番号");
    assert_eq!(got.len(), forms.len(), "every form written: {}", r.context());
    for (f, g) in forms.iter().zip(&got) {
        assert_eq!(g, GOOD_TRACKING, "{f:?}");
    }
}

#[test]
fn legacy_order_other_store_before_bad_date() {
    excluded(LEGACY, &[("販売店舗", "本店"), ("最終更新日時", ""), ("受注ステータス", "謎")], "other_store");
}

#[test]
fn legacy_order_cancelled_before_bad_date() {
    excluded(LEGACY, &[("受注ステータス", "キャンセル"), ("最終更新日時", "")], "cancelled");
}

#[test]
fn legacy_order_empty_last_updated_before_column_checks() {
    rejected(
        LEGACY,
        &[("最終更新日時", ""), ("受注番号", ""), ("受注ステータス", "謎"), ("お荷物伝票番号", "3.57297E+11")],
        "bad_date",
    );
}

#[test]
fn legacy_order_stale_before_column_checks() {
    excluded(LEGACY, &[("最終更新日時", "2024/10/01"), ("受注ステータス", "謎"), ("受注番号", "")], "stale");
}

#[test]
fn legacy_order_columns_in_output_order() {
    // 受注ステータス (column 2) fails before お荷物伝票番号 (column 4) and レコードナンバー (5).
    rejected(
        LEGACY,
        &[("受注ステータス", "謎"), ("お荷物伝票番号", "3.57297E+11"), ("レコードナンバー", "x")],
        "unknown_status",
    );
    rejected(LEGACY, &[("お荷物伝票番号", "357296700000"), ("レコードナンバー", "x")], "bad_tracking");
}

#[test]
fn legacy_order_column_checks_before_row_checks_and_route() {
    rejected(LEGACY, &[("レコードナンバー", "x"), ("出荷日", "")], "bad_record_number");
    rejected(LEGACY, &[("出荷日", ""), ("注文種別", "謎")], "shipped_incomplete");
}

// ------------------------------------------------------------------------------------------
// goq-rakuten-pay
// ------------------------------------------------------------------------------------------

#[test]
fn pay_default_row_is_written_whole() {
    let (_ws, r) = written(PAY, &[("送付先ID", "388010230"), ("発送明細ID", "12")]);
    let expected: Vec<(String, String)> = [
        ("注文番号", "100234-20241018-0000010000"),
        ("送付先ID", "388010230"),
        ("発送明細ID", "12"),
        ("お荷物伝票番号", GOOD_TRACKING),
        ("配送会社", "1001"),
        ("発送日", "2024-10-18"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(output_row(&r, PAY), expected);
}

#[test]
fn pay_routes_second_store_to_rakuten2() {
    let (_ws, r) = one(PAY, &[("販売店舗", "楽天2号店")]);
    assert_eq!(r.files(), ["rakuten2/hassou_20241018.csv"], "{}", r.context());
}

#[test]
fn pay_other_store() {
    excluded(PAY, &[("販売店舗", "Amazon店")], "other_store");
}

#[test]
fn pay_cancelled() {
    excluded(PAY, &[("受注ステータス", "キャンセル確定")], "cancelled");
}

#[test]
fn pay_stale() {
    excluded(PAY, &[("最終更新日時", "2024/10/14 23:59:59")], "stale");
}

#[test]
fn pay_stale_boundary_is_not_stale() {
    written(PAY, &[("最終更新日時", "2024/10/15 00:00:00")]);
}

#[test]
fn pay_not_shipped() {
    for status in ["新規受付", "入金待ち", "発送待ち", "発送後入金待ち", "保留"] {
        excluded(PAY, &[("受注ステータス", status)], "not_shipped");
    }
}

#[test]
fn pay_every_shipped_status_is_written() {
    for status in ["処理済", "出荷済", "出荷済み", "発送済", "発送済み", "他社処理済み"] {
        written(PAY, &[("受注ステータス", status)]);
    }
}

#[test]
fn pay_unknown_status_rejected_at_not_shipped_position() {
    // The order number is bad too, but unknown_status is decided before any column check.
    let reason = rejected(PAY, &[("受注ステータス", "発送完了"), ("受注番号", "x")], "unknown_status");
    assert!(reason.contains("発送完了"), "{reason}");
}

#[test]
fn pay_stale_before_unknown_status() {
    excluded(PAY, &[("受注ステータス", "発送完了"), ("最終更新日時", "2024/10/01")], "stale");
}

#[test]
fn pay_empty_last_updated_is_bad_date_before_not_shipped() {
    rejected(PAY, &[("最終更新日時", ""), ("受注ステータス", "発送待ち")], "bad_date");
}

#[test]
fn pay_unreadable_last_updated_is_bad_date_before_not_shipped() {
    rejected(PAY, &[("最終更新日時", "2024/02/30"), ("受注ステータス", "発送待ち")], "bad_date");
}

#[test]
fn pay_bad_order_number_shape() {
    // A serial of 7 digits: 楽天ペイ serials have 8 to 10.
    let reason = rejected(PAY, &[("受注番号", "100234-20241018-0000100")], "bad_order_number");
    assert!(reason.contains("100234-20241018-0000100"), "{reason}");
}

#[test]
fn pay_empty_order_number_is_bad_order_number() {
    rejected(PAY, &[("受注番号", "")], "bad_order_number");
}

#[test]
fn pay_bad_destination_id() {
    rejected(PAY, &[("送付先ID", "12a")], "bad_id");
}

#[test]
fn pay_bad_shipment_id() {
    rejected(PAY, &[("発送明細ID", "x1")], "bad_id");
}

#[test]
fn pay_excel_damaged() {
    rejected(PAY, &[("お荷物伝票番号", "3.57297E+11")], "excel_damaged");
}

#[test]
fn pay_excel_damaged_before_empty_method() {
    rejected(PAY, &[("お荷物伝票番号", "3.57297E+11"), ("配送方法", "")], "excel_damaged");
}

#[test]
fn pay_missing_tracking_is_shipped_incomplete() {
    rejected(PAY, &[("お荷物伝票番号", "")], "shipped_incomplete");
}

#[test]
fn pay_missing_method_is_shipped_incomplete() {
    // 12 digits passing 7DR also pass the every-other-code rule: only the method is missing.
    rejected(PAY, &[("配送方法", "")], "shipped_incomplete");
}

#[test]
fn pay_missing_ship_date_is_shipped_incomplete() {
    rejected(PAY, &[("出荷日", "")], "shipped_incomplete");
}

#[test]
fn pay_bad_tracking() {
    rejected(PAY, &[("お荷物伝票番号", "357296700000")], "bad_tracking");
}

#[test]
fn pay_leading_zero_hint() {
    let reason = rejected(PAY, &[("配送方法", "佐川急便"), ("お荷物伝票番号", "12345678903")], "bad_tracking");
    assert!(reason.contains("012345678903"), "{reason}");
}

#[test]
fn pay_tracking_over_120_characters_is_bad_tracking() {
    let long = "A".repeat(121);
    let reason = rejected(PAY, &[("配送方法", "福山通運"), ("お荷物伝票番号", &long)], "bad_tracking");
    assert!(reason.contains("120"), "the reason names the limit: {reason}");
    let ok = "A".repeat(120);
    written(PAY, &[("配送方法", "福山通運"), ("お荷物伝票番号", &ok)]);
}

#[test]
fn pay_bad_ship_date() {
    rejected(PAY, &[("出荷日", "2024/02/30")], "bad_date");
}

#[test]
fn pay_unknown_carrier_writes_1000_and_warns() {
    let (_ws, r) = one(PAY, &[("配送方法", "自社便"), ("お荷物伝票番号", "X1")]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.by_rule("warnings_by_rule"), [("unknown_carrier".to_string(), 1)].into());
    assert_eq!(r.rows("warnings"), 1);
    assert_eq!(output_value(&r, PAY, "配送会社"), "1000");
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
fn pay_undecodable_tracking() {
    let ws = Workspace::new();
    let t = Table::for_profile(PAY).row(PAY, &[("お荷物伝票番号", "3572XX")]);
    let input = ws.write("orders.csv", splice(&t.cp932_lf(), "XX", &[0x81]));
    let r = ws.run(PAY, AS_OF, &[input], &[]);
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into(), "{}", r.context());
    assert!(r.reject_rows()[0][3].contains("お荷物伝票番号"));
}

#[test]
fn pay_field_count() {
    let ws = Workspace::new();
    let t = Table::for_profile(PAY).row(PAY, &[]);
    let mut rec = t.rows[0].clone();
    rec.pop();
    let text = format!("{}\n{}\n", csv_record(&t.header), csv_record(&rec));
    let input = ws.write("orders.csv", sjis(&text));
    let r = ws.run(PAY, AS_OF, &[input], &[]);
    assert_eq!(r.by_rule("rejected_by_rule"), [("field_count".to_string(), 1)].into(), "{}", r.context());
    assert_eq!(r.reject_rows()[0][1], "2");
}

// ------------------------------------------------------------------------------------------
// goq-yahoo
// ------------------------------------------------------------------------------------------

#[test]
fn yahoo_default_row_is_written_whole() {
    let (_ws, r) = written(YAHOO, &[]);
    let expected: Vec<(String, String)> = [
        ("OrderId", "sample-store-10000003"),
        ("ShipCompanyCode", "1001"),
        ("ShipInvoiceNumber1", GOOD_TRACKING),
        ("ShipInvoiceNumber2", ""),
        ("ShipDate", "20241018"),
        ("ShipStatus", "3"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(output_row(&r, YAHOO), expected);
}

#[test]
fn yahoo_store_aliases_are_yahoo() {
    for store in ["Yahoo!ショッピング", "ヤフーショッピング"] {
        written(YAHOO, &[("販売店舗", store)]);
    }
}

#[test]
fn yahoo_other_store() {
    excluded(YAHOO, &[("販売店舗", "楽天市場店")], "other_store");
}

#[test]
fn yahoo_cancelled() {
    excluded(YAHOO, &[("受注ステータス", "キャンセル済み")], "cancelled");
}

#[test]
fn yahoo_stale() {
    excluded(YAHOO, &[("最終更新日時", "2024-10-14 23:59:59")], "stale");
}

#[test]
fn yahoo_stale_boundary_is_not_stale() {
    written(YAHOO, &[("最終更新日時", "2024-10-15 00:00:00")]);
}

#[test]
fn yahoo_not_shipped() {
    excluded(YAHOO, &[("受注ステータス", "出荷準備中")], "not_shipped");
}

#[test]
fn yahoo_unknown_status_rejected_at_not_shipped_position() {
    rejected(YAHOO, &[("受注ステータス", "発送完了"), ("受注番号", ""), ("配送方法", "")], "unknown_status");
}

#[test]
fn yahoo_empty_last_updated_is_bad_date_before_not_shipped() {
    rejected(YAHOO, &[("最終更新日時", ""), ("受注ステータス", "新規受付")], "bad_date");
}

#[test]
fn yahoo_missing_order_number() {
    rejected(YAHOO, &[("受注番号", "")], "missing_order_number");
}

#[test]
fn yahoo_missing_method_is_shipped_incomplete() {
    rejected(YAHOO, &[("配送方法", "")], "shipped_incomplete");
}

#[test]
fn yahoo_no_carrier_code() {
    for method in ["簡易書留", "福山通運", "自社便"] {
        let reason = rejected(YAHOO, &[("配送方法", method)], "no_yahoo_carrier_code");
        assert!(reason.contains(method), "{reason}");
        assert!(reason.contains("yahoo_carrier"), "says where to add a code: {reason}");
    }
}

#[test]
fn yahoo_carrier_codes() {
    for (method, code, tracking) in [
        ("クロネコゆうパケット", "1001", GOOD_TRACKING),
        ("ヤマト運輸", "1001", GOOD_TRACKING),
        ("飛脚宅配便", "1002", GOOD_TRACKING),
        ("ゆうパック", "1003", GOOD_TRACKING),
        ("レターパック", "1003", "35729670001"),
        ("日本郵便", "1003", "EF719215461JP"),
    ] {
        let (_ws, r) = written(YAHOO, &[("配送方法", method), ("お荷物伝票番号", tracking)]);
        assert_eq!(output_value(&r, YAHOO, "ShipCompanyCode"), code, "{method}");
    }
}

#[test]
fn yahoo_kuroneko_yupacket_is_checked_as_yamato() {
    rejected(YAHOO, &[("配送方法", "クロネコゆうパケット"), ("お荷物伝票番号", "357296700000")], "bad_tracking");
}

#[test]
fn yahoo_excel_damaged() {
    rejected(YAHOO, &[("お荷物伝票番号", "3.57297E+11")], "excel_damaged");
}

#[test]
fn yahoo_missing_tracking_is_shipped_incomplete() {
    rejected(YAHOO, &[("お荷物伝票番号", "")], "shipped_incomplete");
}

#[test]
fn yahoo_bad_tracking() {
    rejected(YAHOO, &[("お荷物伝票番号", "357296700000")], "bad_tracking");
}

#[test]
fn yahoo_yamato_over_14_characters_is_bad_tracking() {
    let reason = rejected(YAHOO, &[("お荷物伝票番号", "357296700003000")], "bad_tracking");
    assert!(reason.contains("14"), "the reason names the limit: {reason}");
}

#[test]
fn yahoo_leading_zero_hint() {
    let reason = rejected(YAHOO, &[("配送方法", "佐川急便"), ("お荷物伝票番号", "12345678903")], "bad_tracking");
    assert!(reason.contains("012345678903"), "{reason}");
}

#[test]
fn yahoo_missing_ship_date_is_shipped_incomplete() {
    rejected(YAHOO, &[("出荷日", "")], "shipped_incomplete");
}

#[test]
fn yahoo_bad_ship_date() {
    rejected(YAHOO, &[("出荷日", "2024/02/30")], "bad_date");
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
fn yahoo_emoji_in_order_id_is_bad_order_number() {
    // Yahoo!'s order ids are ASCII letters, digits and `-`: no character reaches the encoding.
    let t = Table::for_profile(YAHOO).row(YAHOO, &[("受注番号", "store-😀-1")]);
    let (_ws, r) = run_utf8(YAHOO, &t);
    let reason = check_reject_row(&r, &t, "bad_order_number", 2);
    assert!(reason.contains("store-😀-1"), "{reason}");
}

#[test]
fn yahoo_wave_dash_in_order_id_is_bad_order_number() {
    let t = Table::for_profile(YAHOO).row(YAHOO, &[("受注番号", "store〜1")]);
    let (_ws, r) = run_utf8(YAHOO, &t);
    check_reject_row(&r, &t, "bad_order_number", 2);
}

#[test]
fn yahoo_undecodable() {
    let ws = Workspace::new();
    let t = Table::for_profile(YAHOO).row(YAHOO, &[("受注ステータス", "XX")]);
    let input = ws.write("orders.csv", splice(&t.cp932_lf(), "XX", &[0xF0, 0x40]));
    let r = ws.run(YAHOO, AS_OF, &[input], &[]);
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into(), "{}", r.context());
    assert!(r.reject_rows()[0][3].contains("受注ステータス"));
}

#[test]
fn yahoo_field_count() {
    let ws = Workspace::new();
    let t = Table::for_profile(YAHOO).row(YAHOO, &[]).row(YAHOO, &[("受注番号", "b")]);
    let text = t.text("\n").replacen("\nb,", "\nb,,", 1);
    let input = ws.write("orders.csv", sjis(&text));
    let r = ws.run(YAHOO, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("field_count".to_string(), 1)].into());
    assert_eq!(r.reject_rows()[0][1], "3");
    assert_eq!(r.rows("written"), 1);
}

// ------------------------------------------------------------------------------------------
// rakuten-legacy-check
// ------------------------------------------------------------------------------------------

#[test]
fn check_repairs_an_excel_edited_row() {
    let (_ws, r) =
        written(CHECK, &[("お荷物伝票番号", "'５６４７－０８７０－０００６"), ("配送日", "2014-10-14 0:00")]);
    let expected: Vec<(String, String)> = [
        ("受注番号", "000000-201410"),
        ("受注ステータス", "処理済"),
        ("配送日", "20141014"),
        ("お荷物伝票番号", "564708700006"),
        ("レコードナンバー", "133000055"),
        ("消費税再計算フラグ", "0"),
        ("配送会社", "1002"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(output_row(&r, CHECK), expected);
}

#[test]
fn check_missing_tax_flag_column_becomes_0() {
    let ws = Workspace::new();
    let full = Table::for_profile(CHECK).row(CHECK, &[]);
    let t = full.reshaped(&[6, 0, 1, 2, 3, 4, 5], &[]);
    let t = Table {
        header: t.header.iter().filter(|h| *h != "消費税再計算フラグ").cloned().collect(),
        rows: vec![t.rows[0].iter().enumerate().filter(|(i, _)| *i != 6).map(|(_, v)| v.clone()).collect()],
    };
    let r = ws.run_table(CHECK, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.column(default_path(CHECK), "消費税再計算フラグ"), ["0"]);
    assert_eq!(r.column(default_path(CHECK), "配送会社"), ["1002"]);
}

#[test]
fn check_empty_tax_flag_becomes_0_and_1_is_kept() {
    let (_ws, r) = written(CHECK, &[("消費税再計算フラグ", "")]);
    assert_eq!(output_value(&r, CHECK, "消費税再計算フラグ"), "0");
    let (_ws, r) = written(CHECK, &[("消費税再計算フラグ", "1")]);
    assert_eq!(output_value(&r, CHECK, "消費税再計算フラグ"), "1");
}

#[test]
fn check_has_no_stale_rule() {
    written(CHECK, &[("配送日", "2001/01/01")]);
}

#[test]
fn check_missing_order_number() {
    rejected(CHECK, &[("受注番号", "")], "missing_order_number");
}

#[test]
fn check_goq_status_names_are_not_translated() {
    let reason = rejected(CHECK, &[("受注ステータス", "出荷済み")], "unknown_status");
    assert!(reason.contains("出荷済み"), "{reason}");
}

#[test]
fn check_bad_date() {
    rejected(CHECK, &[("配送日", "2014/02/30")], "bad_date");
}

#[test]
fn check_excel_damaged() {
    rejected(CHECK, &[("お荷物伝票番号", "5.64709E+11")], "excel_damaged");
}

#[test]
fn check_bad_tracking() {
    rejected(CHECK, &[("お荷物伝票番号", "564708700000")], "bad_tracking");
}

#[test]
fn check_leading_zero_hint() {
    let reason = rejected(CHECK, &[("お荷物伝票番号", "12345678903")], "bad_tracking");
    assert!(reason.contains("012345678903"), "{reason}");
}

#[test]
fn check_invalid_carrier_uses_every_other_code_rule_then_bad_carrier_code() {
    // The tracking number would fail 7DR, but with no valid code it is only checked for shape:
    // the row is rejected for its carrier, not its tracking number.
    let reason = rejected(CHECK, &[("配送会社", "佐川急便"), ("お荷物伝票番号", "564708700000")], "bad_carrier_code");
    assert!(reason.contains("佐川急便"), "{reason}");
}

#[test]
fn check_bad_record_number() {
    rejected(CHECK, &[("レコードナンバー", "１３３")], "bad_record_number");
}

#[test]
fn check_bad_tax_flag() {
    let reason = rejected(CHECK, &[("消費税再計算フラグ", "2")], "bad_tax_flag");
    assert!(reason.contains('2'), "{reason}");
}

#[test]
fn check_bad_carrier_code() {
    rejected(CHECK, &[("配送会社", "1032")], "bad_carrier_code");
}

#[test]
fn check_empty_carrier_for_unshipped_is_fine() {
    written(CHECK, &[("受注ステータス", "発送待ち"), ("配送会社", ""), ("お荷物伝票番号", ""), ("配送日", "")]);
}

#[test]
fn check_shipped_incomplete() {
    for (col, hint) in [("配送日", "配送日"), ("お荷物伝票番号", "お荷物伝票番号"), ("配送会社", "配送会社")]
    {
        let reason = rejected(CHECK, &[(col, "")], "shipped_incomplete");
        assert!(reason.contains(hint), "{col}: {reason}");
    }
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
fn check_unencodable() {
    let t = Table::for_profile(CHECK).row(CHECK, &[("受注番号", "000000-é")]);
    let (_ws, r) = run_utf8(CHECK, &t);
    let reason = check_reject_row(&r, &t, "unencodable", 2);
    assert!(reason.contains("U+00E9"), "{reason}");
}

#[test]
fn check_undecodable() {
    let ws = Workspace::new();
    let t = Table::for_profile(CHECK).row(CHECK, &[("レコードナンバー", "1XX")]);
    let input = ws.write("orders.csv", splice(&t.cp932_lf(), "XX", &[0xFF]));
    let r = ws.run(CHECK, CHECK_AS_OF, &[input], &[]);
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into(), "{}", r.context());
    assert!(r.reject_rows()[0][3].contains("レコードナンバー"));
}

#[test]
fn check_field_count() {
    let ws = Workspace::new();
    let text = format!("{}\n{}\n", LEGACY_HEADER.join(","), "000000-201410,処理済,20141014");
    let input = ws.write("orders.csv", sjis(&text));
    let r = ws.run(CHECK, CHECK_AS_OF, &[input], &[]);
    assert_eq!(r.by_rule("rejected_by_rule"), [("field_count".to_string(), 1)].into(), "{}", r.context());
    let row = &r.reject_rows()[0];
    assert_eq!(row[1], "2");
    assert!(row[3].contains('7') && row[3].contains('3'), "{row:?}");
}

// ------------------------------------------------------------------------------------------
// Line numbers in the reject file
// ------------------------------------------------------------------------------------------

/// A good row, a rejected row, a good row whose 商品名 spans two lines, a rejected row.
fn line_table() -> Table {
    Table::for_profile(LEGACY)
        .row(LEGACY, &[])
        .row(LEGACY, &[("受注番号", ""), ("レコードナンバー", "1")])
        .row(LEGACY, &[("レコードナンバー", "2"), ("商品名", "二行の\r\n商品名")])
        .row(LEGACY, &[("受注番号", ""), ("レコードナンバー", "3")])
}

fn reject_lines(r: &RunResult) -> Vec<String> {
    r.reject_rows().into_iter().map(|row| row[1].clone()).collect()
}

#[test]
fn reject_line_numbers_with_lf() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", line_table().cp932_lf());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(reject_lines(&r), ["3", "5"], "rows as Excel shows them (the two-line record is row 4)");
}

#[test]
fn reject_line_numbers_with_crlf() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", line_table().cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(reject_lines(&r), ["3", "5"], "rows as Excel shows them (CRLF)");
}

#[test]
fn legacy_tracking_without_carrier_uses_every_other_code_rule() {
    // Not shipped, no method: a number failing 7DR is still a valid "other" number.
    let (_ws, r) =
        written(LEGACY, &[("受注ステータス", "発送待ち"), ("配送方法", ""), ("お荷物伝票番号", "3572-9670-0000")]);
    assert_eq!(output_value(&r, LEGACY, "お荷物伝票番号"), "357296700000");
    assert_eq!(output_value(&r, LEGACY, "配送会社"), "");
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

// ------------------------------------------------------------------------------------------
// The unencodable policy "replace and warn" (a profile option)
// ------------------------------------------------------------------------------------------

const REPLACING: &str = r#"
description = "replace unencodable characters"

[input.fields]
order_number = { headers = ["受注番号"] }
memo = { headers = ["メモ"] }

[output]
path = "x.csv"
unencodable = { replace_with = "〓", warn = "replaced", message = "列「{column}」の「{char}」を〓にしました。" }

[[output.columns]]
name = "受注番号"
value = "order_number"

[[output.columns]]
name = "メモ"
value = "memo"
"#;

fn run_replacing(rows: &str) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    ws.write("replacing.toml", REPLACING);
    let input = ws.write("orders.csv", format!("受注番号,メモ\n{rows}"));
    let r = ws.run("./replacing.toml", AS_OF, &[input], &[]);
    (ws, r)
}

#[test]
fn unencodable_replaced_with_geta_and_warned() {
    let (_ws, r) = run_replacing("A1,😀です\nA2,ok\n");
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("written"), 2);
    assert_eq!(r.rows("warnings"), 1);
    assert_eq!(r.by_rule("warnings_by_rule"), [("replaced".to_string(), 1)].into());
    assert_eq!(r.column("x.csv", "メモ"), ["〓です", "ok"]);
}

#[test]
fn warnings_by_rule_counts_each_rule_once_per_row() {
    let (_ws, r) = run_replacing("A1,😀と😀\n");
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("warnings"), 1);
    assert_eq!(r.by_rule("warnings_by_rule"), [("replaced".to_string(), 1)].into(), "{}", r.context());
}
