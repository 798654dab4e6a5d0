//! Rows a profile's own tests cannot write, through the binary: bytes that do not decode,
//! characters CP932 lacks (in a column the upload uses or not), a wrong field count, a missing
//! column, records over two lines and CRLF line ends (the reject file's line numbers); the bytes
//! folded characters are written as; and the replace-and-warn policy for characters the upload
//! encoding lacks (`docs/domain/encoding.md`).

use crate::common::*;
use crate::rules::{check_reject_row, run_utf8};

// ------------------------------------------------------------------------------------------
// Inputs a test row cannot hold, and the bytes written
// ------------------------------------------------------------------------------------------

/// A byte sequence that does not decode (`raw`, put where `marker` is in `value`) in a column the
/// profile uses: the row is rejected as `undecodable` at line 2, its reason naming the column.
fn undecodable(profile: &str, column: &str, value: &str, marker: &str, raw: &[u8]) {
    let ws = Workspace::new();
    let t = Table::for_profile(profile).row(profile, &[(column, value)]);
    let input = ws.write("orders.csv", splice(&t.cp932_lf(), marker, raw));
    let r = ws.run(profile, as_of_for(profile), &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into(), "{}", r.context());
    let rows = r.reject_rows();
    assert_eq!(rows[0][1], "2");
    assert!(rows[0][3].contains(column), "the reason names the column: {:?}", rows[0]);
    assert!(r.uploads().is_empty());
}

cases!(undecodable {
    legacy_undecodable_in_used_column: LEGACY, "受注番号", "100234-XX-1", "XX", &[0xFD, 0xFD];
    pay_undecodable_tracking: PAY, "お荷物伝票番号", "3572XX", "XX", &[0x81];
    yahoo_undecodable: YAHOO, "受注ステータス", "XX", "XX", &[0xF0, 0x40];
    check_undecodable: CHECK, "レコードナンバー", "1XX", "XX", &[0xFF];
});

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

/// The rejected rows' lines are the rows as Excel shows them (the two-line record is row 4),
/// whatever the line ends.
fn reject_line_numbers(bytes: fn(&Table) -> Vec<u8>) {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", bytes(&line_table()));
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(reject_lines(&r), ["3", "5"], "rows as Excel shows them (the two-line record is row 4)");
}

#[test]
fn reject_line_numbers_with_lf() {
    reject_line_numbers(Table::cp932_lf);
}

#[test]
fn reject_line_numbers_with_crlf() {
    reject_line_numbers(Table::cp932);
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
