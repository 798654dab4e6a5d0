//! Records that bend the CSV shape: quotes left open or in the middle of a field, too many or too
//! few fields, CR-only and mixed line ends, NUL bytes, huge fields, a date not on the calendar,
//! and a large input where every row is rejected.

use super::{UPLOAD_AND_REJECTS, UPLOAD_ONLY, assert_refused, default_record, good_rows, header_line, run_bytes};
use crate::common::*;

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
