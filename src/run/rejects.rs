//! The reject file: UTF-8 with BOM (so Excel opens it), CRLF, the four added columns (input
//! file, line, rule, reason) and then the original columns.

use crate::engine::Plan;
use crate::io::input::{Detected, decode_lossy, decode_lossy_into};

/// The input a rejected row came from, for the reject file.
pub struct RejectSource {
    pub input: usize,
    pub display: String,
    pub encoding: Detected,
}

/// The reject file's columns: the four added ones, then every input's columns (their union,
/// in order of first appearance, so several inputs with different layouts share one file).
pub struct RejectColumns {
    names: Vec<String>,
    /// Per input: for each of its columns, the index in `names`.
    maps: Vec<Vec<usize>>,
    /// Per input: for each of `names`, the input's column that fills it (the inverse of
    /// `maps`), so a line is written straight in the file's order.
    sources: Vec<Vec<Option<usize>>>,
}

impl RejectColumns {
    pub fn new<'a>(headers: impl Iterator<Item = &'a [String]>) -> Self {
        let mut names: Vec<String> = Vec::new();
        let mut maps = Vec::new();
        for header in headers {
            let mut map = Vec::with_capacity(header.len());
            let mut used = vec![false; names.len()];
            for h in header {
                let at = names.iter().enumerate().position(|(i, n)| n == h && !used.get(i).copied().unwrap_or(false));
                let i = match at {
                    Some(i) => i,
                    None => {
                        names.push(h.clone());
                        names.len() - 1
                    }
                };
                if used.len() <= i {
                    used.resize(i + 1, false);
                }
                used[i] = true;
                map.push(i);
            }
            maps.push(map);
        }
        let sources = maps
            .iter()
            .map(|map| {
                let mut from = vec![None; names.len()];
                for (j, &i) in map.iter().enumerate() {
                    from[i] = Some(j);
                }
                from
            })
            .collect();
        RejectColumns { names, maps, sources }
    }

    /// Appends the line [`RejectColumns::row`] gives, as [`write_csv_record`] writes it, to
    /// `out`, without a string per field (a list line is written for every rejected or warned
    /// row; `scratch` is reused for each decoded field).
    #[allow(clippy::too_many_arguments)]
    pub fn write_row(
        &self,
        out: &mut Vec<u8>,
        scratch: &mut String,
        source: &RejectSource,
        rec: &csv::ByteRecord,
        line: u64,
        rule: &str,
        reason: &str,
    ) {
        use std::fmt::Write as _;
        write_csv_field(out, 0, &source.display);
        scratch.clear();
        let _ = write!(scratch, "{line}");
        write_csv_field(out, 1, scratch);
        write_csv_field(out, 2, rule);
        write_csv_field(out, 3, reason);
        let mut k = 4;
        let mut field = |j: Option<usize>, out: &mut Vec<u8>| {
            scratch.clear();
            if let Some(raw) = j.and_then(|j| rec.get(j)) {
                decode_lossy_into(source.encoding, raw, scratch);
            }
            write_csv_field(out, k, scratch);
            k += 1;
        };
        for &j in &self.sources[source.input] {
            field(j, out);
        }
        for j in self.maps[source.input].len()..rec.len() {
            field(Some(j), out);
        }
        out.extend_from_slice(b"\r\n");
    }

    pub fn row(
        &self,
        source: &RejectSource,
        rec: &csv::ByteRecord,
        line: u64,
        rule: &str,
        reason: &str,
    ) -> Vec<String> {
        let input = source.input;
        let mut out = vec![source.display.clone(), line.to_string(), rule.to_string(), reason.to_string()];
        let mut cols = vec![String::new(); self.names.len()];
        let mut extra = Vec::new();
        for (j, raw) in rec.iter().enumerate() {
            let text = decode_lossy(source.encoding, raw);
            match self.maps[input].get(j) {
                Some(&i) => cols[i] = text,
                None => extra.push(text),
            }
        }
        out.extend(cols);
        out.extend(extra);
        out
    }
}

/// The reject file's header row, with the BOM.
pub fn header(plan: &Plan, cols: &RejectColumns) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    let fields: Vec<String> = plan.rejects.headers.iter().cloned().chain(cols.names.iter().cloned()).collect();
    write_csv_record(&mut out, &fields);
    out
}

/// A UTF-8 CSV record with CRLF, quoted where needed (the reject file, for Excel), every field
/// [`visible`].
pub fn write_csv_record(out: &mut Vec<u8>, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        write_csv_field(out, i, f);
    }
    out.extend_from_slice(b"\r\n");
}

/// Field `i` of a record [`write_csv_record`] writes (with the comma before it).
fn write_csv_field(out: &mut Vec<u8>, i: usize, f: &str) {
    if i > 0 {
        out.push(b',');
    }
    // Most fields are plain ASCII: nothing to make visible, nothing to quote.
    if f.bytes().all(|b| (0x20..0x7F).contains(&b) && b != b',' && b != b'"') {
        out.extend_from_slice(f.as_bytes());
        return;
    }
    let f = visible(f);
    if f.contains([',', '"', '\r', '\n']) {
        out.push(b'"');
        out.extend_from_slice(f.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(f.as_bytes());
    }
}

/// A field as the lists show it. A control character read from an export would reach Excel
/// raw: a NUL makes it show garbage or stop reading the file, and a bidirectional control
/// (U+202E) shows the cell's text reversed. So each becomes visible text: C0 controls and DEL
/// as their Unicode Control Pictures (`␀` U+2400 … `␟` U+241F, `␡` U+2421), one character in
/// the same place; C1 and bidirectional controls, which have no picture, as `<U+202E>`. Tab
/// and line breaks stay: they are text of a cell, kept by the CSV quoting.
pub fn visible(f: &str) -> std::borrow::Cow<'_, str> {
    // Every character to change starts with a byte below 0x20, 0x7F, or the lead bytes of
    // U+0080–U+009F (C2), U+061C (D8) and U+200E–U+2069 (E2): most fields have none.
    let suspect = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2);
    if !f.bytes().any(suspect) {
        return std::borrow::Cow::Borrowed(f);
    }
    let mut out = String::with_capacity(f.len() + 8);
    for c in f.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            '\0'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or(c)),
            '\u{7F}' => out.push('\u{2421}'),
            c if c.is_control() || crate::common::outpath::is_bidi_control(c) => {
                out.push_str(&format!("<U+{:04X}>", c as u32));
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line written field by field is the line of the row's strings: for inputs of
    /// different layouts, records shorter and longer than their header, bytes that do not
    /// decode, quotes, commas and control characters.
    #[test]
    fn write_row_writes_the_row_as_write_csv_record_does() {
        let headers: [Vec<String>; 2] =
            [vec!["a".into(), "b".into(), "c".into()], vec!["c".into(), "d".into(), "a".into(), "a".into()]];
        let cols = RejectColumns::new(headers.iter().map(|h| h.as_slice()));
        let records: [&[&[u8]]; 5] = [
            &[b"1", b"x,y", b"\x8e\xf3"],
            &[b"\"q\"", b"\0"],
            &[b"1", b"2", b"3", b"4", b"extra\xff"],
            &[],
            &[b"\x81\x40\xfd", b"", b"line\r\nbreak", b"z", b"e1", b"e2"],
        ];
        let mut scratch = String::from("left over");
        for input in 0..2 {
            for encoding in [Detected::ShiftJis, Detected::Utf8 { bom: false }] {
                let source = RejectSource { input, display: "in,1.csv".into(), encoding };
                for fields in records {
                    let rec = csv::ByteRecord::from(fields.to_vec());
                    let mut want = b"before".to_vec();
                    write_csv_record(&mut want, &cols.row(&source, &rec, 12, "bad_date", "理由 \"x\""));
                    let mut got = b"before".to_vec();
                    cols.write_row(&mut got, &mut scratch, &source, &rec, 12, "bad_date", "理由 \"x\"");
                    assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&want), "{input} {fields:?}");
                }
            }
        }
    }

    #[test]
    fn control_characters_become_visible_and_text_stays() {
        assert_eq!(visible("受注\0番号\u{1B}x\u{7F}"), "受注␀番号␛x␡");
        assert_eq!(visible("a\u{202E}cba\u{85}"), "a<U+202E>cba<U+0085>");
        assert_eq!(visible("住所\r\n2行目\tタブ"), "住所\r\n2行目\tタブ");
        assert_eq!(visible("東京都 — “引用” ①"), "東京都 — “引用” ①");
        assert!(matches!(visible("東京都千代田区"), std::borrow::Cow::Borrowed(_)));
        let mut out = Vec::new();
        write_csv_record(&mut out, &["a\0b".into(), "c,d".into()]);
        assert_eq!(String::from_utf8(out).unwrap(), "a␀b,\"c,d\"\r\n");
    }
}
