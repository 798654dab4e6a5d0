//! Tab-separated exports (Excel's 「テキスト (タブ区切り)」) and UTF-16 ones (「Unicode
//! テキスト」): the delimiter detected from the header row or named by the profile, UTF-16
//! with a BOM transcoded as it is read, UTF-16 without one still refused.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::*;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The records of the fixture export `tests/fixtures/goq/orders_2024-10-18.csv` (CP932), as raw
/// bytes per field.
fn fixture_records() -> Vec<csv::ByteRecord> {
    let bytes = fs::read(fixture_dir().join("goq/orders_2024-10-18.csv")).unwrap();
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&bytes[..]);
    r.byte_records().map(|rec| rec.unwrap()).collect()
}

/// `records` written tab-separated with CRLF (as Excel saves), each field through `convert`.
fn tab_separated(records: &[csv::ByteRecord], convert: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for rec in records {
        w.write_record(rec.iter().map(&convert)).unwrap();
    }
    w.into_inner().unwrap()
}

fn cp932_to_utf8(field: &[u8]) -> Vec<u8> {
    decode_cp932(field).into_bytes()
}

/// UTF-8 text as UTF-16 with its BOM.
fn utf16(text: &[u8], big_endian: bool) -> Vec<u8> {
    let text = std::str::from_utf8(text).unwrap();
    let mut b = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for u in text.encode_utf16() {
        b.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    b
}

/// The fixture's export as Excel's 「Unicode テキスト」: UTF-16 LE with BOM, tab-separated.
fn fixture_as_unicode_text() -> Vec<u8> {
    utf16(&tab_separated(&fixture_records(), cp932_to_utf8), false)
}

/// Runs the legacy profile over `bytes` and checks the result against the fixture run
/// `expected/goq-rakuten-legacy/orders_2024-10-18`: the same counts and byte-identical files.
fn assert_like_the_fixture_run(name: &str, bytes: Vec<u8>, encoding: &str) {
    let ws = Workspace::new();
    let input = ws.write(name, bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    let expected_dir = fixture_dir().join("expected/goq-rakuten-legacy/orders_2024-10-18");
    let expected: Value = serde_json::from_slice(&fs::read(expected_dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(r.code, 1, "rows are rejected as in the fixture run: {}", r.context());
    let report = r.report();
    for key in ["rows", "excluded_by_rule", "rejected_by_rule", "warnings_by_rule"] {
        assert_eq!(report[key], expected[key], "{name}: {key}");
    }
    let files = |rep: &Value| -> Vec<(String, u64)> {
        let list = rep["files"].as_array().unwrap().iter();
        list.map(|f| (f["path"].as_str().unwrap().to_string(), f["rows"].as_u64().unwrap())).collect()
    };
    assert_eq!(files(report), files(&expected), "{name}: files and their rows");
    let expected_files = files_under(&expected_dir.join("files"));
    assert_eq!(r.uploads(), expected_files, "{name}: exactly the expected upload files");
    for rel in expected_files {
        let want = fs::read(expected_dir.join("files").join(&rel)).unwrap();
        assert!(r.bytes(&rel) == want, "{name}: {rel} differs from the expected bytes");
    }
    let summary = format!("{name} ({encoding}, 120 rows)");
    assert!(r.stderr.contains(&summary), "the summary says {summary:?}:\n{}", r.stderr);
}

#[test]
fn the_fixture_export_tab_separated_in_cp932_writes_the_same_files() {
    let bytes = tab_separated(&fixture_records(), |f| f.to_vec());
    assert_like_the_fixture_run("orders_tab.txt", bytes, "Shift_JIS (CP932), tab-separated");
}

#[test]
fn the_fixture_export_tab_separated_in_utf8_writes_the_same_files() {
    let bytes = tab_separated(&fixture_records(), cp932_to_utf8);
    assert_like_the_fixture_run("orders_tab.txt", bytes, "UTF-8, tab-separated");
}

#[test]
fn the_fixture_export_as_excel_unicode_text_writes_the_same_files() {
    let bytes = fixture_as_unicode_text();
    assert_like_the_fixture_run("orders_unicode.txt", bytes, "UTF-16 (Excel Unicode text), tab-separated");
}

#[test]
fn the_fixture_export_as_big_endian_utf16_writes_the_same_files() {
    let bytes = utf16(&tab_separated(&fixture_records(), cp932_to_utf8), true);
    assert_like_the_fixture_run("orders_be.txt", bytes, "UTF-16 big-endian with BOM, tab-separated");
}

/// The report names a UTF-16 input's encoding; a comma file's label is as before.
#[test]
fn the_report_labels_utf16_inputs() {
    let ws = Workspace::new();
    let unicode = ws.write("unicode.txt", fixture_as_unicode_text());
    let comma = ws.write("comma.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[unicode, comma], &[]);
    let inputs = r.report()["inputs"].as_array().unwrap().clone();
    let labels: Vec<&str> = inputs.iter().map(|i| i["encoding"].as_str().unwrap()).collect();
    assert_eq!(labels, ["UTF-16LE", "Shift_JIS"], "{inputs:?}");
    assert!(r.stderr.contains("comma.csv (Shift_JIS (CP932), 1 row)"), "{}", r.stderr);
}

/// A child of the shipped legacy profile with `line` in its `[input]` table.
fn legacy_with_input_line(line: &str) -> String {
    format!("extends = \"goq-rakuten-legacy\"\n[input]\n{line}\n")
}

#[test]
fn a_tab_file_read_with_a_forced_comma_is_a_missing_column() {
    let ws = Workspace::new();
    let profile = ws.write("comma.toml", legacy_with_input_line("delimiter = \",\""));
    let input = ws.write("orders_tab.txt", Table::new(GOQ_HEADER).row(LEGACY, &[]).text("\r\n").replace(',', "\t"));
    let r = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("orders_tab.txt:1:"), "names the file and the header line:\n{}", r.stderr);
    assert!(r.stderr.contains("required column for `order_number` not found"), "{}", r.stderr);
    assert!(r.report.is_none() && !ws.out().exists(), "nothing written");
}

#[test]
fn a_forced_tab_reads_a_tab_file_whose_header_has_commas() {
    // A header cell holding a comma: `auto` would still see more tab fields, but a profile may
    // also say so; and a value with a comma is not split.
    let ws = Workspace::new();
    let profile = ws.write("tab.toml", legacy_with_input_line("delimiter = \"tab\""));
    let mut t = Table::new(GOQ_HEADER).row(LEGACY, &[("商品名", "はちみつ, 1kg")]);
    t.header[11] = "商品名,品番".to_string();
    let text = t.header.join("\t") + "\r\n" + &t.rows[0].join("\t") + "\r\n";
    let input = ws.write("orders_tab.txt", sjis(&text));
    let r = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.uploads(), ["rakuten/tuuzyou_2024_10_18.csv"]);
}

/// A profile that reads tab-separated files runs its own tests (their rows are written the
/// way the profile reads them).
#[test]
fn a_tab_profile_passes_its_own_tests() {
    let ws = Workspace::new();
    let profile = ws.write("tab.toml", legacy_with_input_line("delimiter = \"\\t\""));
    let out = crate::common::bin().arg("validate-profile").arg(&profile).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_unknown_delimiter_is_a_located_diagnostic() {
    let ws = Workspace::new();
    let text = legacy_with_input_line("delimiter = \";\"");
    let profile = ws.write("semicolon.toml", &text);
    let line = text[..text.find("delimiter = ").unwrap()].matches('\n').count() + 1;
    let out = crate::common::bin().arg("validate-profile").arg(&profile).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    let at = format!("semicolon.toml:{line}:13: unknown input delimiter \";\"");
    assert!(stdout.contains(&at), "says {at:?}:\n{stdout}");
    assert!(stdout.contains("\"\\t\""), "lists the accepted values:\n{stdout}");
}

#[test]
fn utf16_is_read_with_a_bom_and_refused_without() {
    let text = Table::new(GOQ_HEADER).row(LEGACY, &[]).text("\r\n").replace(',', "\t");
    let ws = Workspace::new();
    let with_bom = ws.write("with_bom.txt", utf16(text.as_bytes(), false));
    let r = ws.run(LEGACY, AS_OF, &[with_bom], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.uploads(), ["rakuten/tuuzyou_2024_10_18.csv"]);

    for (name, bytes) in [
        ("le.txt", text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()),
        ("be.txt", text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
    ] {
        let ws = Workspace::new();
        let input = ws.write(name, bytes);
        let r = ws.run(LEGACY, AS_OF, &[input], &[]);
        assert_eq!(r.code, 2, "{}", r.context());
        assert!(r.stderr.contains(name) && r.stderr.contains("UTF-16 without BOM"), "{}", r.stderr);
        assert!(!ws.out().exists(), "nothing written");
    }
}

/// A profile that names its encoding refuses a UTF-16 file, saying how to read it.
#[test]
fn a_forced_encoding_refuses_utf16_with_a_way_out() {
    let text = Table::new(GOQ_HEADER).row(LEGACY, &[]).text("\r\n").replace(',', "\t");
    let ws = Workspace::new();
    let profile =
        ws.write("cp932.toml", legacy_with_input_line("encoding = \"cp932\"").replacen("encoding = \"auto\"", "", 1));
    let input = ws.write("unicode.txt", utf16(text.as_bytes(), false));
    let r = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("unicode.txt: this file is UTF-16"), "{}", r.stderr);
    assert!(r.stderr.contains("encoding = \"auto\""), "{}", r.stderr);
}

/// UTF-16 whose text is not valid (a lone surrogate) is undecodable where the profile reads
/// it, like an invalid byte in any other file, and changes nothing elsewhere.
#[test]
fn a_lone_surrogate_rejects_its_row_where_the_profile_reads_it() {
    let t = Table::new(GOQ_HEADER)
        .row(LEGACY, &[("受注番号", "100234-20241018-00000100XX"), ("レコードナンバー", "1")])
        .row(LEGACY, &[("商品名", "はちみつXX"), ("レコードナンバー", "2")]);
    let text = t.text("\r\n").replace(',', "\t");
    let mut units: Vec<u16> = Vec::new();
    for (i, part) in text.split("XX").enumerate() {
        if i > 0 {
            units.push(0xD800);
        }
        units.extend(part.encode_utf16());
    }
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    let ws = Workspace::new();
    let input = ws.write("orders.txt", bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("undecodable".to_string(), 1)].into());
    assert_eq!(r.rows("written"), 1);
    let row = &r.reject_rows()[0];
    assert_eq!(row[1], "2", "the line of the row: {row:?}");
    assert!(row[3].contains("受注番号") && row[3].contains("UTF-16LE"), "{row:?}");
    assert_eq!(row[4], "100234-20241018-00000100\u{FFFD}", "shown as text with U+FFFD: {row:?}");
}

/// A UTF-16 file larger than the inline limit is read by the reader thread in batches, its
/// transcoder crossing many chunk boundaries.
#[test]
fn a_large_unicode_text_export_is_read_whole() {
    let mut t = Table::new(GOQ_HEADER);
    for i in 0..6000 {
        t = t.row(LEGACY, &[("レコードナンバー", &format!("{}", 100000 + i)), ("商品名", "国産 はちみつ 1kg 🍯")]);
    }
    let bytes = utf16(t.text("\r\n").replace(',', "\t").as_bytes(), false);
    assert!(bytes.len() > 1 << 20, "larger than the inline limit: {}", bytes.len());
    let ws = Workspace::new();
    let input = ws.write("big.txt", bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!((r.rows("read"), r.rows("written")), (6000, 6000));
}
