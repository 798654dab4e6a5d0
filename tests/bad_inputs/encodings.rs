//! Bytes the input's encoding does not allow, in a used or an unused column, and exports in
//! UTF-16 (with and without a BOM) or UTF-8 with one CP932 row.

use super::{UPLOAD_AND_REJECTS, UPLOAD_ONLY, assert_refused, default_record, good_rows, header_line, run_bytes};
use crate::common::*;

const REJECTS_ONLY: &[&str] = &["rejected_goq-rakuten-legacy_20241018.csv"];

#[test]
fn invalid_cp932_in_a_used_column() {
    let t = good_rows(3);
    let bad = csv_record(&t.rows[1]).replace("処理済", "処理XX済");
    let text = format!("{}\n{}\n{bad}\n{}\n", header_line(), csv_record(&t.rows[0]), csv_record(&t.rows[2]));
    let (_ws, r) = run_bytes(splice(&sjis(&text), "XX", &[0x82, 0x20]));
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_AND_REJECTS, "files afterwards");
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into());
    let row = &r.reject_rows()[0];
    assert_eq!(row[1], "3");
    assert!(row[3].contains("受注ステータス"), "names the column: {row:?}");
    assert_eq!(r.column(default_path(LEGACY), "レコードナンバー"), ["1000", "1002"]);
    let upload = r.bytes(default_path(LEGACY));
    assert!(!decode_cp932(&upload).contains('\u{FFFD}'), "no U+FFFD in an upload file");
}

#[test]
fn invalid_cp932_in_an_unused_column_does_not_reject() {
    let text = format!("{}\r\n{}\r\n", header_line(), default_record().replace("国産", "国XX産"));
    let (_ws, r) = run_bytes(splice(&sjis(&text), "XX", &[0xFD, 0xA0]));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(r.rows("written"), 1);
    assert_eq!(r.report()["inputs"][0]["encoding"], "Shift_JIS");
}

#[test]
fn user_defined_area_character_in_a_used_column() {
    let text = format!("{}\n{}\n", header_line(), default_record().replace("100234-", "100234XX-"));
    let (_ws, r) = run_bytes(splice(&sjis(&text), "XX", &[0xF0, 0x40]));
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), REJECTS_ONLY, "files afterwards");
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into());
    let row = &r.reject_rows()[0];
    assert_eq!(row[1], "2");
    assert!(row[3].contains("受注番号"), "{row:?}");
    assert!(r.uploads().is_empty());
}

#[test]
fn user_defined_area_character_in_an_unused_column() {
    let text = format!("{}\r\n{}\r\n", header_line(), default_record().replace("国産", "国XX産"));
    let (_ws, r) = run_bytes(splice(&sjis(&text), "XX", &[0xF9, 0xFC]));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
}

/// Excel's 「Unicode テキスト」 is UTF-16 LE with a BOM: read (tab-separated or not, see
/// `tsv_utf16.rs`), not refused.
#[test]
fn utf16_le_with_bom() {
    let text = format!("{}\r\n{}\r\n", header_line(), default_record());
    let mut b = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    let (_ws, r) = run_bytes(b);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert!(r.stderr.contains("UTF-16 (Excel Unicode text)"), "{}", r.stderr);
}

#[test]
fn utf16_be_with_bom() {
    let text = format!("{}\r\n{}\r\n", header_line(), default_record());
    let mut b = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    let (_ws, r) = run_bytes(b);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
}

#[test]
fn utf16_without_bom() {
    let text = format!("{}\r\n{}\r\n", header_line(), default_record());
    let b: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let (ws, r) = run_bytes(b);
    assert_refused(&ws, &r, "orders.csv", &["UTF-16"]);
}

#[test]
fn utf8_with_bom_except_one_cp932_row() {
    let t = good_rows(3);
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice(format!("{}\n{}\n", header_line(), csv_record(&t.rows[0])).as_bytes());
    b.extend_from_slice(&sjis(&format!("{}\n", csv_record(&t.rows[1]))));
    b.extend_from_slice(format!("{}\n", csv_record(&t.rows[2])).as_bytes());
    let (_ws, r) = run_bytes(b);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_AND_REJECTS, "files afterwards");
    assert_eq!(r.report()["inputs"][0]["encoding"], "UTF-8");
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into());
    assert_eq!(r.reject_rows()[0][1], "3");
    assert_eq!(r.column(default_path(LEGACY), "レコードナンバー"), ["1000", "1002"]);
}

#[test]
fn utf8_without_bom_except_one_cp932_row_after_the_first_block() {
    let t = good_rows(1000);
    let extra = Table::new(GOQ_HEADER).row(LEGACY, &[("レコードナンバー", "5000")]);
    let mut b = t.text("\n").into_bytes();
    assert!(b.len() > 64 * 1024);
    b.extend_from_slice(&sjis(&format!("{}\n", csv_record(&extra.rows[0]))));
    let (_ws, r) = run_bytes(b);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_AND_REJECTS, "files afterwards");
    assert_eq!(r.report()["inputs"][0]["encoding"], "UTF-8", "decided once, from the first block");
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into());
    assert_eq!(r.reject_rows()[0][1], "1002");
    assert_eq!(r.rows("written"), 1000);
}
