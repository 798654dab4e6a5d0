//! Bad inputs, bad profiles and bad arguments: each case checks the exit code, that stderr
//! names the file (and the line/column where there is one), and which files exist afterwards.

use std::fs;

use crate::common::*;

/// Exit 2 with nothing written: stderr names `file` and every one of `needles`; no report, no
/// `--out`, no temporary file anywhere in the workspace.
fn assert_refused(ws: &Workspace, r: &RunResult, file: &str, needles: &[&str]) {
    let ctx = r.context();
    assert_eq!(r.code, 2, "{ctx}");
    assert!(r.stderr.contains(file), "stderr names {file}:\n{}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "stderr says {n:?}:\n{}", r.stderr);
    }
    assert!(r.report.is_none(), "no report after exit 2");
    assert!(!ws.out().exists(), "no output folder: {:?}", files_under(&ws.out()));
    let leftovers: Vec<String> = files_under(ws.path()).into_iter().filter(|f| f.contains(".orderbridge-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn good_row() -> Table {
    Table::new(GOQ_HEADER).row(LEGACY, &[])
}

/// Runs the legacy profile over `bytes` written to `orders.csv`.
fn run_bytes(bytes: impl AsRef<[u8]>) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert!(r.stderr.contains("orders.csv"), "stderr names the input:\n{}", r.stderr);
    (ws, r)
}

const UPLOAD_ONLY: &[&str] = &["rakuten/tuuzyou_2024_10_18.csv"];
const UPLOAD_AND_REJECTS: &[&str] = &["rakuten/tuuzyou_2024_10_18.csv", "rejected_goq-rakuten-legacy_20241018.csv"];
const REJECTS_ONLY: &[&str] = &["rejected_goq-rakuten-legacy_20241018.csv"];

/// GoQ header and `n` good rows with distinct record numbers, as text with `nl`.
fn good_rows(n: usize) -> Table {
    let mut t = Table::new(GOQ_HEADER);
    for i in 0..n {
        t = t.row(LEGACY, &[("レコードナンバー", &format!("{}", 1000 + i))]);
    }
    t
}

fn header_line() -> String {
    csv_record(GOQ_HEADER)
}

fn default_record() -> String {
    csv_record(&good_row().rows[0])
}

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

// ------------------------------------------------------------------------------------------
// Quoting
// ------------------------------------------------------------------------------------------

#[test]
fn unclosed_quote_at_the_end_of_the_file() {
    let t = good_rows(2);
    let last = csv_record(&t.rows[1]).replace("国産 はちみつ 1kg", "\"国産 はちみつ");
    let text = format!("{}\r\n{}\r\n{last}\r\n", header_line(), csv_record(&t.rows[0]));
    let (_ws, r) = run_bytes(sjis(&text));
    assert_ne!(r.code, 0, "a malformed last row must not pass silently: {}", r.context());
    let names_line = r.stderr.contains("orders.csv:3")
        || r.report.is_some() && r.reject_rows().iter().any(|row| row[0].ends_with("orders.csv") && row[1] == "3");
    assert!(names_line, "the file and line 3 are named: {}", r.context());
    if r.code == 1 {
        assert_eq!(r.column(default_path(LEGACY), "レコードナンバー"), ["1000"], "the broken row is not written");
    }
}

#[test]
fn unclosed_quote_does_not_swallow_the_following_rows() {
    let t = good_rows(4);
    let broken = csv_record(&t.rows[1]).replace("国産 はちみつ 1kg", "\"国産 はちみつ");
    let text = format!(
        "{}\n{}\n{broken}\n{}\n{}\n",
        header_line(),
        csv_record(&t.rows[0]),
        csv_record(&t.rows[2]),
        csv_record(&t.rows[3])
    );
    let (_ws, r) = run_bytes(sjis(&text));
    // Either the run stops (exit 2) or every row is accounted for: four rows, none of them
    // silently merged into another one's 商品名.
    if r.code != 2 {
        assert_eq!(r.rows("read"), 4, "rows after the broken quote are still orders: {}", r.context());
    }
    assert_ne!(r.code, 0, "{}", r.context());
}

#[test]
fn quote_in_the_middle_of_an_unquoted_field_is_literal() {
    let t = good_rows(3);
    let middle = csv_record(&t.rows[1]).replace("国産 はちみつ 1kg", "国産 \"はちみつ\" 1kg");
    let text = format!("{}\r\n{}\r\n{middle}\r\n{}\r\n", header_line(), csv_record(&t.rows[0]), csv_record(&t.rows[2]));
    let (_ws, r) = run_bytes(sjis(&text));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(r.rows("read"), 3, "the next row is not swallowed");
    assert_eq!(r.column(default_path(LEGACY), "レコードナンバー"), ["1000", "1001", "1002"]);
}

#[test]
fn quote_in_a_used_field_is_written_quoted() {
    let t = Table::new(GOQ_HEADER).row(LEGACY, &[]);
    let text = format!(
        "{}\r\n{}\r\n",
        header_line(),
        csv_record(&t.rows[0]).replace("100234-20241018-0000010000", "100\"234")
    );
    let (_ws, r) = run_bytes(sjis(&text));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(r.column(default_path(LEGACY), "受注番号"), ["100\"234"]);
    assert!(r.bytes(default_path(LEGACY)).windows(10).any(|w| w == b"\"100\"\"234\""), "quoted and doubled");
}

// ------------------------------------------------------------------------------------------
// Field counts and line ends
// ------------------------------------------------------------------------------------------

#[test]
fn row_with_more_fields() {
    let t = good_rows(3);
    let text = format!(
        "{}\n{}\n{},extra,more\n{}\n",
        header_line(),
        csv_record(&t.rows[0]),
        csv_record(&t.rows[1]),
        csv_record(&t.rows[2])
    );
    let (_ws, r) = run_bytes(sjis(&text));
    assert_eq!(r.code, 1, "{}", r.context());
    assert!(r.stderr.contains("orders.csv"));
    assert_eq!(r.by_rule("rejected_by_rule"), [("field_count".to_string(), 1)].into());
    let row = &r.reject_rows()[0];
    assert_eq!(row[1], "3");
    assert!(row[3].contains("12") && row[3].contains("14"), "{row:?}");
    assert_eq!(&row[row.len() - 2..], ["extra", "more"], "extra fields at the end: {row:?}");
    assert_eq!(r.files(), [default_path(LEGACY), "rejected_goq-rakuten-legacy_20241018.csv"]);
    assert_eq!(r.rows("written"), 2);
}

#[test]
fn row_with_fewer_fields() {
    let t = good_rows(2);
    let short = t.rows[1][..5].join(",");
    let text = format!("{}\n{}\n{short}\n", header_line(), csv_record(&t.rows[0]));
    let (_ws, r) = run_bytes(sjis(&text));
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_AND_REJECTS, "files afterwards");
    assert_eq!(r.by_rule("rejected_by_rule"), [("field_count".to_string(), 1)].into());
    let row = &r.reject_rows()[0];
    assert_eq!(row[1], "3");
    assert!(row[3].contains("12") && row[3].contains('5'), "{row:?}");
}

#[test]
fn field_count_line_after_a_multi_line_field() {
    let t = good_rows(3);
    let memo = csv_record(&t.rows[0]).replace("国産 はちみつ 1kg", "\"一行目\n二行目\n三行目\"");
    let text = format!("{}\n{memo}\n{},x\n{}\n", header_line(), csv_record(&t.rows[1]), csv_record(&t.rows[2]));
    let (_ws, r) = run_bytes(sjis(&text));
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_AND_REJECTS, "files afterwards");
    assert_eq!(r.reject_rows()[0][1], "3", "row 3 as Excel shows it: the memo's record (lines 2 to 4) is row 2");
}

#[test]
fn cr_only_line_ends_read_like_crlf() {
    let t = good_rows(3);
    let (_ws1, crlf) = run_bytes(sjis(&t.text("\r\n")));
    let (_ws2, cr) = run_bytes(sjis(&t.text("\r")));
    assert_eq!(cr.code, 0, "{}", cr.context());
    assert_eq!(cr.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(cr.rows("read"), 3);
    assert_eq!(cr.bytes(default_path(LEGACY)), crlf.bytes(default_path(LEGACY)));
}

#[test]
fn cr_only_line_numbers() {
    let t = Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "")]).row(LEGACY, &[("受注番号", "")]);
    let (_ws, r) = run_bytes(sjis(&t.text("\r")));
    assert_eq!(r.code, 1, "{}", r.context());
    let lines: Vec<String> = r.reject_rows().iter().map(|row| row[1].clone()).collect();
    assert_eq!(lines, ["3", "4"]);
}

#[test]
fn mixed_crlf_and_lf() {
    let t = good_rows(4);
    let text = format!(
        "{}\r\n{}\n{}\r\n{}\n{}",
        header_line(),
        csv_record(&t.rows[0]),
        csv_record(&t.rows[1]),
        csv_record(&t.rows[2]),
        csv_record(&t.rows[3])
    );
    let (_ws1, mixed) = run_bytes(sjis(&text));
    let (_ws2, crlf) = run_bytes(sjis(&t.text("\r\n")));
    assert_eq!(mixed.code, 0, "{}", mixed.context());
    assert_eq!(mixed.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(mixed.rows("read"), 4);
    assert_eq!(mixed.bytes(default_path(LEGACY)), crlf.bytes(default_path(LEGACY)));
}

// ------------------------------------------------------------------------------------------
// Bytes that are not text
// ------------------------------------------------------------------------------------------

#[test]
fn file_full_of_nul_bytes_is_refused() {
    let mut b = sjis(&format!("{}\r\n", header_line()));
    b.extend(std::iter::repeat_n(0u8, 4096));
    let (ws, r) = run_bytes(b);
    assert_refused(&ws, &r, "orders.csv", &["NUL"]);
}

#[test]
fn nul_byte_in_an_unused_column_after_the_first_block_does_not_reject() {
    let t = good_rows(1000);
    let extra =
        csv_record(&Table::new(GOQ_HEADER).row(LEGACY, &[("レコードナンバー", "9"), ("商品名", "国XX産")]).rows[0]);
    let text = format!("{}{extra}\n", t.text("\n"));
    let (_ws, r) = run_bytes(splice(&sjis(&text), "XX", &[0]));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(r.rows("written"), 1001);
}

#[test]
fn single_nul_byte_in_an_unused_column_does_not_stop_the_run() {
    let text = format!("{}\r\n{}\r\n", header_line(), default_record().replace("国産", "国XX産"));
    let (_ws, r) = run_bytes(splice(&sjis(&text), "XX", &[0]));
    assert_eq!(r.code, 0, "a NUL in 商品名 (not read by the profile) must not stop the run: {}", r.context());
    assert_eq!(r.rows("written"), 1);
}

#[test]
fn nul_byte_in_a_used_column_after_the_first_block() {
    // 1000 good rows (> 64 KiB) decide the encoding; a NUL later rejects only its row.
    let t = good_rows(1000);
    let bad = csv_record(
        &Table::new(GOQ_HEADER).row(LEGACY, &[("レコードナンバー", "9"), ("配送方法", "ヤマトXX運輸")]).rows[0],
    );
    let text = format!("{}{bad}\n", t.text("\n"));
    assert!(text.len() > 70_000);
    let (_ws, r) = run_bytes(splice(&sjis(&text), "XX", &[0]));
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_AND_REJECTS, "files afterwards");
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into());
    let row = &r.reject_rows()[0];
    assert_eq!(row[1], "1002");
    assert!(row[3].contains("配送方法"), "names the column: {row:?}");
    assert_eq!(r.rows("written"), 1000);
}

#[test]
fn ten_mb_field_in_an_unused_column() {
    let big = "あ".repeat(10 * 1024 * 1024 / 2);
    let t = Table::new(GOQ_HEADER).row(LEGACY, &[("商品名", &big)]).row(LEGACY, &[("レコードナンバー", "2")]);
    let (_ws, r) = run_bytes(t.cp932());
    assert_eq!(r.code, 0, "{}", &r.context()[..2000.min(r.context().len())]);
    assert_eq!(r.files(), UPLOAD_ONLY, "files afterwards");
    assert_eq!(r.rows("written"), 2);
}

#[test]
fn ten_mb_field_in_a_used_column_is_rejected_not_fatal() {
    let big = "1".repeat(10 * 1024 * 1024);
    let t = Table::new(GOQ_HEADER).row(PAY, &[("受注番号", &big)]).row(PAY, &[("お荷物伝票番号", "357296700014")]);
    let ws = Workspace::new();
    let input = ws.write("orders.csv", t.cp932_lf());
    let r = ws.run(PAY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "exit {}: {}", r.code, r.stderr);
    assert_eq!(r.files(), ["rakuten/hassou_20241018.csv", "rejected_goq-rakuten-pay_20241018.csv"]);
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_order_number".to_string(), 1)].into());
    assert_eq!(r.reject_rows()[0][1], "2");
    assert_eq!(r.rows("written"), 1);
}

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

// ------------------------------------------------------------------------------------------
// Input paths
// ------------------------------------------------------------------------------------------

#[test]
fn directory_as_input() {
    let ws = Workspace::new();
    fs::create_dir(ws.path().join("exports")).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[ws.path().join("exports")], &[]);
    assert_refused(&ws, &r, "exports", &["directory"]);
}

#[test]
fn nonexistent_input() {
    let ws = Workspace::new();
    let r = ws.run(LEGACY, AS_OF, &[ws.path().join("missing.csv")], &[]);
    assert_refused(&ws, &r, "missing.csv", &[]);
}

#[test]
fn input_path_through_a_regular_file() {
    let ws = Workspace::new();
    let f = ws.write("orders.csv", good_row().cp932());
    let r = ws.run(LEGACY, AS_OF, &[f.join("x.csv")], &[]);
    assert_refused(&ws, &r, "orders.csv/x.csv", &[]);
}

#[cfg(unix)]
#[test]
fn broken_symlink_as_input() {
    let ws = Workspace::new();
    let link = ws.path().join("link.csv");
    std::os::unix::fs::symlink(ws.path().join("gone.csv"), &link).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[link], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("link.csv"), "{}", r.stderr);
    assert!(!ws.out().exists());
}

#[cfg(unix)]
#[test]
fn unreadable_input() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let f = ws.write("orders.csv", good_row().cp932());
    fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&f).is_ok() {
        // Running as root: permissions do not stop reading. An unreadable input is then a
        // symlink loop, which cannot be opened at all.
        let link = ws.path().join("loop.csv");
        std::os::unix::fs::symlink(&link, &link).unwrap();
        let r = ws.run(LEGACY, AS_OF, &[link], &[]);
        assert_refused(&ws, &r, "loop.csv", &[]);
        return;
    }
    let r = ws.run(LEGACY, AS_OF, &[f], &[]);
    assert_refused(&ws, &r, "orders.csv", &["ermission"]);
}

#[test]
fn the_same_input_twice() {
    let ws = Workspace::new();
    let f = ws.write("orders.csv", good_row().cp932());
    let r = ws.run(LEGACY, AS_OF, &[f.clone(), f.clone()], &[]);
    assert_refused(&ws, &r, "orders.csv", &["more than once"]);
}

#[cfg(unix)]
#[test]
fn the_same_input_twice_through_a_symlink() {
    let ws = Workspace::new();
    let f = ws.write("orders.csv", good_row().cp932());
    let link = ws.path().join("alias.csv");
    std::os::unix::fs::symlink(&f, &link).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[f, link], &[]);
    assert_refused(&ws, &r, "alias.csv", &["more than once"]);
}

#[test]
fn a_bad_second_input_stops_the_whole_run() {
    let ws = Workspace::new();
    let good = ws.write("good.csv", good_row().cp932());
    let bad = ws.write("bad.csv", sjis("受注番号,受注ステータス\r\n1,処理済\r\n"));
    let r = ws.run(LEGACY, AS_OF, &[good, bad], &[]);
    assert_refused(&ws, &r, "bad.csv", &["最終更新日時"]);
}

// ------------------------------------------------------------------------------------------
// Output paths
// ------------------------------------------------------------------------------------------

#[test]
fn out_folder_that_cannot_be_created() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", good_row().cp932());
    ws.write("blocker", b"a regular file");
    let out = ws.path().join("blocker").join("upload");
    let r = ws.run_args(&[
        "run".as_ref(),
        "--profile".as_ref(),
        LEGACY.as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("blocker"), "names the folder: {}", r.stderr);
    assert_eq!(fs::read(ws.path().join("blocker")).unwrap(), b"a regular file");
    assert_eq!(files_under(ws.path()), ["blocker", "orders.csv"]);
}

/// A small profile: 受注番号 and a route made of the 行き先 column.
const ROUTED: &str = r#"
description = "route test"

[input.fields]
order_number = { headers = ["受注番号"] }
dest = { headers = ["行き先"] }

[output]
path = "{dest}.csv"
encoding = "utf-8"

[output.rejects]
headers = ["入力ファイル", "行", "ルール", "理由"]

[[output.columns]]
name = "受注番号"
value = "order_number"

[builtin_rules]
bad_path = { message = "{field}「{value}」はファイル名に使えません。" }
"#;

#[test]
fn out_equal_to_the_input_folder_would_overwrite_the_input() {
    let ws = Workspace::new();
    ws.write("routed.toml", ROUTED);
    let exports = ws.path().join("exports");
    let text = "受注番号,行き先\nA1,orders\nA2,other\n";
    let input = ws.write("exports/orders.csv", text);
    let r = ws.run_args(&[
        "run".as_ref(),
        "--profile".as_ref(),
        "./routed.toml".as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        exports.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("orders.csv"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&input).unwrap(), text, "the input is unchanged");
    assert_eq!(files_under(&exports), ["orders.csv"], "nothing else written there");
}

fn run_routed(rows: &str) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    ws.write("routed.toml", ROUTED);
    let input = ws.write("in/orders.csv", format!("受注番号,行き先\n{rows}"));
    let r = ws.run("./routed.toml", AS_OF, &[input], &[]);
    (ws, r)
}

#[test]
fn route_value_with_dot_dot_is_bad_path() {
    let (ws, r) = run_routed("A1,ok\nA2,../evil\nA3,..\n");
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_path".to_string(), 2)].into());
    let rows = r.reject_rows();
    assert_eq!((rows[0][1].as_str(), rows[0][2].as_str()), ("3", "bad_path"));
    assert!(rows[0][3].contains("../evil"), "{:?}", rows[0]);
    assert_eq!(rows[1][1], "4");
    assert_eq!(r.files(), ["ok.csv", "rejected_routed_20241018.csv"]);
    let outside: Vec<String> =
        files_under(ws.path()).into_iter().filter(|f| !f.starts_with("out/") && !f.starts_with("in/")).collect();
    assert_eq!(outside, ["report.json", "routed.toml"], "nothing written outside --out");
}

#[test]
fn route_value_with_a_slash_or_backslash_is_bad_path() {
    let (ws, r) = run_routed("A1,sub/dir\nA2,a\\b\nA3,/etc/x\nA4,\n");
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_path".to_string(), 4)].into());
    assert_eq!(r.files(), ["rejected_routed_20241018.csv"]);
    assert!(!ws.path().join("out/sub").exists());
}

#[test]
fn route_template_escaping_out_is_refused() {
    let ws = Workspace::new();
    ws.write("esc.toml", ROUTED.replace("path = \"{dest}.csv\"", "path = \"../{dest}.csv\""));
    let input = ws.write("orders.csv", "受注番号,行き先\nA1,x\n");
    let r = ws.run("./esc.toml", AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "esc.toml:", &[".."]);
    assert!(!ws.path().join("x.csv").exists());
}

// ------------------------------------------------------------------------------------------
// Bad profiles and arguments
// ------------------------------------------------------------------------------------------

fn with_profile(toml: &str) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    ws.write("p.toml", toml);
    let input = ws.write("orders.csv", "受注番号,行き先\nA1,x\n");
    let r = ws.run("./p.toml", AS_OF, &[input], &[]);
    (ws, r)
}

/// Line and column of the first occurrence of `needle` in `text`, 1-based.
fn line_col(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{line}:{col}")
}

#[test]
fn catastrophic_regex_is_a_clear_error() {
    let toml = ROUTED.replace(
        "value = \"order_number\"\n",
        "value = \"order_number\"\nchecks = [{ rule = \"r\", message = \"m\", require = { matches = \"(((a{100}){100}){100})\" } }]\n",
    );
    let (ws, r) = with_profile(&toml);
    let at = line_col(&toml, "\"(((a{100}");
    assert_refused(&ws, &r, &format!("p.toml:{at}"), &["regex"]);
}

#[test]
fn profile_that_does_not_parse() {
    let toml = ROUTED.replace("[output.rejects]", "[output.rejects");
    let (ws, r) = with_profile(&toml);
    let line = toml[..toml.find("[output.rejects").unwrap()].matches('\n').count() + 1;
    let at = format!("p.toml:{line}:");
    assert_refused(&ws, &r, &at, &[]);
    let after = &r.stderr[r.stderr.find(&at).unwrap() + at.len()..];
    assert!(after.starts_with(|c: char| c.is_ascii_digit()), "a column follows the line: {}", r.stderr);
}

#[test]
fn profile_with_a_misspelt_key() {
    let toml = ROUTED.replace("encoding = \"utf-8\"", "encodng = \"utf-8\"");
    let (ws, r) = with_profile(&toml);
    let at = line_col(&toml, "encodng");
    assert_refused(&ws, &r, &format!("p.toml:{at}"), &["encodng", "did you mean", "encoding"]);
}

#[test]
fn profile_referencing_an_undefined_lookup() {
    let toml = ROUTED.replace(
        "[output]",
        "[values.order]\nfrom = \"order_number\"\nsteps = [{ lookup = \"shop_codes\" }]\n\n[output]",
    );
    let (ws, r) = with_profile(&toml);
    let at = line_col(&toml, "\"shop_codes\"");
    assert_refused(&ws, &r, &format!("p.toml:{at}"), &["shop_codes"]);
}

#[test]
fn profile_referencing_an_undefined_field() {
    let toml = ROUTED.replace("value = \"order_number\"", "value = \"order_numbr\"");
    let (ws, r) = with_profile(&toml);
    assert_refused(&ws, &r, "p.toml:", &["order_numbr", "order_number"]);
}

#[test]
fn profile_with_an_unknown_encoding() {
    let toml = ROUTED.replace("encoding = \"utf-8\"", "encoding = \"latin-9\"");
    let (ws, r) = with_profile(&toml);
    assert_refused(&ws, &r, "p.toml:", &["latin-9"]);
}

#[test]
fn profile_file_that_does_not_exist() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", good_row().cp932());
    let r = ws.run("./nowhere.toml", AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "nowhere.toml", &[]);
}

#[test]
fn as_of_month_13() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", good_row().cp932());
    let r = ws.run(LEGACY, "2024-13-01", &[input], &[]);
    assert_refused(&ws, &r, "2024-13-01", &["--as-of"]);
}

#[test]
fn date_column_not_on_the_calendar() {
    let t = good_rows(2);
    let bad = csv_record(&t.rows[1]).replace("2024/10/18", "2024/02/30");
    let text = format!("{}\n{}\n{bad}\n", header_line(), csv_record(&t.rows[0]));
    let (_ws, r) = run_bytes(sjis(&text));
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), UPLOAD_AND_REJECTS, "files afterwards");
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_date".to_string(), 1)].into());
    let row = &r.reject_rows()[0];
    assert_eq!(row[1], "3");
    assert!(row[3].contains("2024/02/30"), "{row:?}");
    assert_eq!(r.rows("written"), 1);
}

// ------------------------------------------------------------------------------------------
// Size
// ------------------------------------------------------------------------------------------

#[test]
fn large_input_where_every_row_is_rejected() {
    const N: usize = 200_000;
    let header = "受注番号,受注ステータス,出荷日,配送方法,お荷物伝票番号,最終更新日時\n";
    let mut text = String::with_capacity(N * 90);
    text.push_str(header);
    for i in 0..N {
        text.push_str(&format!("100234-20241018-{i:010},謎,2024/10/18,ヤマト運輸,357296700003,2024/10/17 13:45\n"));
    }
    let (_ws, r) = run_bytes(sjis(&text));
    assert_eq!(r.code, 1, "exit {}: {}", r.code, r.stderr);
    assert_eq!(r.rows("read"), N as u64);
    assert_eq!(r.rows("rejected"), N as u64);
    assert_eq!(r.by_rule("rejected_by_rule"), [("unknown_status".to_string(), N as u64)].into());
    assert_eq!(r.files(), ["rejected_goq-rakuten-legacy_20241018.csv"], "no upload file");
    let rows = r.reject_rows();
    assert_eq!(rows.len(), N, "every row is in the reject file");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[1], (i + 2).to_string(), "row {i}: line");
        assert_eq!(row[4], format!("100234-20241018-{i:010}"), "row {i}: in input order");
    }
}

/// A profile that reads no column at all (only constants) still writes one row per record:
/// records in a batch have no decoded fields then.
#[test]
fn profile_reading_no_field() {
    let ws = Workspace::new();
    ws.write("constant.toml", small_profile("[input.fields]\n[values.c]\nconstant = \"x\"", ("C", "c")));
    let input = ws.write("in.csv", "a,b\n1,2\n3,4\n5,6\n");
    let r = ws.run("./constant.toml", AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(fs::read_to_string(ws.path().join("out/out.csv")).unwrap(), "C\nx\nx\nx\n");
}

/// A field whose default holds a NUL does not make the fields decoded after it (in the same
/// record or later ones) undecodable.
#[test]
fn nul_in_a_default_does_not_spill_into_other_fields() {
    let ws = Workspace::new();
    let fields = "[input.fields]\na = { headers = [\"A\"], default = \"\\u0000\" }\nb = { headers = [\"B\"] }";
    ws.write("nul.toml", small_profile(fields, ("B", "b")));
    let input = ws.write("in.csv", "B\nabc\nあいう\nxyz\n");
    let r = ws.run("./nul.toml", AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(fs::read_to_string(ws.path().join("out/out.csv")).unwrap(), "B\nabc\nあいう\nxyz\n");
}
