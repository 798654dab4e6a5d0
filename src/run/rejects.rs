//! The reject file: UTF-8 with BOM (so Excel opens it), CRLF, the four added columns (input
//! file, line, rule, reason) and then the original columns.

use crate::engine::Plan;
use crate::io::input::{Detected, decode_lossy};

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
        RejectColumns { names, maps }
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
        if i > 0 {
            out.push(b',');
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
    out.extend_from_slice(b"\r\n");
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
