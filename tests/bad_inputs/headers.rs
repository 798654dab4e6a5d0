//! Empty and nearly empty files, blank lines, and the header line: a name given twice, empty
//! names, missing required and optional columns, a name that does not decode.

use super::{UPLOAD_ONLY, assert_refused, default_record, good_row, header_line, run_bytes};
use crate::common::*;

// ------------------------------------------------------------------------------------------
// Empty and nearly empty files
// ------------------------------------------------------------------------------------------

#[test]
fn empty_file() {
    let (ws, r) = run_bytes(b"");
    assert_refused(&ws, &r, "orders.csv", &["empty"]);
}

#[test]
fn bom_only() {
    let (ws, r) = run_bytes([0xEF, 0xBB, 0xBF]);
    assert_refused(&ws, &r, "orders.csv", &["empty"]);
}

#[test]
fn header_only_is_a_run_with_no_rows() {
    for bytes in [sjis(&(header_line() + "\r\n")), sjis(&header_line())] {
        let (_ws, r) = run_bytes(bytes);
        assert_eq!(r.code, 0, "{}", r.context());
        assert_eq!(r.rows("read"), 0);
        assert!(r.files().is_empty(), "no upload and no reject file: {:?}", r.files());
        assert!(r.stderr.contains("orders.csv"));
    }
}

#[test]
fn bom_and_header_only() {
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice(header_line().as_bytes());
    b.extend_from_slice(b"\r\n");
    let (_ws, r) = run_bytes(b);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("read"), 0);
    assert!(r.files().is_empty());
}

#[test]
fn blank_lines_are_skipped_and_not_counted() {
    let text =
        format!("{}\n\n{}\n\n\r\n{}\n", header_line(), default_record(), default_record().replace("133100002", "7"));
    let (_ws, r) = run_bytes(sjis(&text));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(r.rows("read"), 2);
    assert_eq!(r.rows("written"), 2);
}

#[test]
fn blank_lines_do_not_shift_reject_line_numbers() {
    let bad = default_record().replace("100234-20241018-0000010000", "");
    let text = format!("{}\n\n{bad}\n\n\n{bad}\n", header_line());
    let (_ws, r) = run_bytes(sjis(&text));
    assert_eq!(r.code, 1, "{}", r.context());
    let lines: Vec<String> = r.reject_rows().iter().map(|row| row[1].clone()).collect();
    assert_eq!(lines, ["3", "6"]);
}

// ------------------------------------------------------------------------------------------
// Headers
// ------------------------------------------------------------------------------------------

#[test]
fn duplicate_header_of_a_used_field() {
    let mut t = good_row();
    t.header.push("受注番号".into());
    t.rows[0].push("other".into());
    let (ws, r) = run_bytes(t.cp932());
    assert_refused(&ws, &r, "orders.csv:1", &["受注番号", "1", "13"]);
}

#[test]
fn two_accepted_names_of_one_field_first_in_the_profile_wins() {
    let mut t = good_row();
    t.header.push("注文番号".into());
    t.rows[0].push("alias-value".into());
    let (_ws, r) = run_bytes(t.cp932());
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(r.column(default_path(LEGACY), "受注番号"), ["100234-20241018-0000010000"]);
}

#[test]
fn duplicate_header_of_an_unused_column_is_fine() {
    let mut t = good_row();
    t.header.push("商品名".into());
    t.rows[0].push("二つ目".into());
    let (_ws, r) = run_bytes(t.cp932());
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(r.rows("written"), 1);
}

#[test]
fn empty_column_names_are_fine() {
    let mut t = good_row();
    t.header.insert(3, String::new());
    t.rows[0].insert(3, "x".into());
    t.header.push(String::new());
    t.rows[0].push(String::new());
    let (_ws, r) = run_bytes(t.cp932());
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(r.rows("written"), 1);
}

#[test]
fn missing_required_column_names_field_accepted_names_headers_and_suggestion() {
    let t = good_row().reshaped(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], &[("最終更新日時", "最終更新日")]);
    let (ws, r) = run_bytes(t.cp932());
    assert_refused(
        &ws,
        &r,
        "orders.csv",
        &["updated_in", "最終更新日時", "更新日時", "did you mean", "最終更新日", "商品名", "レコードナンバー"],
    );
}

#[test]
fn missing_required_column_without_a_close_name() {
    let idx: Vec<usize> = (0..12).filter(|i| *i != 6).collect();
    let mut t = good_row();
    t.header = idx.iter().map(|&i| t.header[i].clone()).collect();
    t.rows[0] = idx.iter().map(|&i| t.rows[0][i].clone()).collect();
    let (ws, r) = run_bytes(t.cp932());
    assert_refused(&ws, &r, "orders.csv", &["お荷物伝票番号", "伝票番号", "送り状番号"]);
}

#[test]
fn missing_optional_columns_take_their_defaults() {
    // No 販売店舗 (→ 楽天市場店), 注文種別 (→ 通常購入) or レコードナンバー (→ empty).
    let keep = [0usize, 3, 4, 5, 6, 10];
    let mut t = good_row();
    t.header = keep.iter().map(|&i| t.header[i].clone()).collect();
    t.rows[0] = keep.iter().map(|&i| t.rows[0][i].clone()).collect();
    let (_ws, r) = run_bytes(t.cp932());
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), ["rakuten/tuuzyou_2024_10_18.csv"]);
    assert_eq!(r.column(default_path(LEGACY), "レコードナンバー"), [""]);
}

#[test]
fn undecodable_header_name() {
    let text = header_line().replacen("商品名", "商品名XX", 1) + "\r\n" + &default_record() + "\r\n";
    let (ws, r) = run_bytes(splice(&sjis(&text), "XX", &[0xFD]));
    assert_refused(&ws, &r, "orders.csv:1", &["12"]);
}
