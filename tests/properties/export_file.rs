//! A generated case written as one export file: CP932 when every character has a CP932 form,
//! UTF-8 otherwise, sometimes UTF-16 LE with BOM; comma- or tab-separated; the records it holds.

use encoding_rs::SHIFT_JIS;

use super::{Case, Record, Width, Written};

pub(super) fn cp932_char(c: char) -> bool {
    let mut b = [0u8; 4];
    let (_, _, unmappable) = SHIFT_JIS.encode(c.encode_utf8(&mut b));
    !unmappable
}

/// A field quoted where `sep` (`,` or tab), a quote or a line break needs it, or `force`d.
fn csv_field(f: &str, force: bool, sep: char) -> String {
    if force || f.contains([sep, '"', '\r', '\n']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_string() }
}

/// Builds the file for `case` with its rows in `order`.
pub(super) fn build(case: &Case, order: &[usize]) -> Written {
    let nl = if case.crlf { "\r\n" } else { "\n" };
    let sep = if case.tab { '\t' } else { ',' };
    let mut text = case.layout.headers.join(&sep.to_string());
    let mut records = Vec::new();
    let mut excel_row = 1;
    for &ri in order {
        let r = &case.rows[ri];
        text.push_str(nl);
        excel_row += 1;
        if r.blank_before {
            text.push_str(nl);
            excel_row += 1;
        }
        let mut cells: Vec<String> = case.layout.columns.iter().map(|&f| r.values[f].clone()).collect();
        match r.width {
            Width::Same => {}
            Width::Extra => cells.push("余分".to_string()),
            Width::Missing => {
                cells.pop();
            }
        }
        let fields: Vec<String> =
            cells.iter().enumerate().map(|(i, c)| csv_field(c, r.quote_mask & (1 << (i % 32)) != 0, sep)).collect();
        text.push_str(&fields.join(&sep.to_string()));
        records.push(Record { cells, width: r.width, excel_row, row: ri });
    }
    if case.final_newline {
        text.push_str(nl);
    }
    let layout = if case.tab { ", tab-separated" } else { "" };
    if case.utf16 {
        // Excel's 「Unicode テキスト」: every character as it is, decoded as it is.
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        return Written { bytes, records, cp932: false, label: format!("UTF-16LE{layout}") };
    }
    let (sjis, _, unmappable) = SHIFT_JIS.encode(&text);
    // CP932 bytes that happen to be valid UTF-8 would be read as UTF-8 (encoding.md): such a
    // file is written as UTF-8 instead.
    let cp932 = !unmappable && (text.is_ascii() || std::str::from_utf8(&sjis).is_err());
    if cp932 {
        for r in &mut records {
            for c in &mut r.cells {
                *c = roundtrip(c);
            }
        }
        Written { bytes: sjis.into_owned(), records, cp932, label: format!("CP932{layout}") }
    } else {
        let mut bytes = if case.bom { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        Written { bytes, records, cp932, label: format!("UTF-8{layout}") }
    }
}

/// `s` written in CP932 and read back (¥ → \, ‾ → ~, − → －).
pub(super) fn roundtrip(s: &str) -> String {
    let (bytes, _, _) = SHIFT_JIS.encode(s);
    SHIFT_JIS.decode_without_bom_handling(&bytes).0.into_owned()
}
