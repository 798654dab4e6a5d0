//! Building GoQ exports: a header and rows as a table, written as CP932 or UTF-8 (with or without
//! a BOM), CSV records, and bytes spliced in that no text can hold; reading CP932 and CSV back.

use std::collections::BTreeMap;

use super::{defaults_for, header_for};

/// A table of text: a header and rows, turned into CSV bytes in any encoding and line end.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table { header: header.iter().map(|s| s.to_string()).collect(), rows: Vec::new() }
    }

    /// A table for `profile` with the shipped profile's default row changed by `overrides`
    /// (each override names a header of [`header_for`]).
    pub fn for_profile(profile: &str) -> Self {
        Table::new(header_for(profile))
    }

    /// Appends the profile's default row with `overrides` applied.
    pub fn row(mut self, profile: &str, overrides: &[(&str, &str)]) -> Self {
        let defaults = defaults_for(profile);
        let mut map: BTreeMap<&str, String> = defaults.iter().map(|(k, v)| (*k, v.to_string())).collect();
        for (k, v) in overrides {
            assert!(map.contains_key(k) || self.header.iter().any(|h| h == k), "unknown column {k}");
            map.insert(k, v.to_string());
        }
        let row = self.header.iter().map(|h| map.get(h.as_str()).cloned().unwrap_or_default()).collect();
        self.rows.push(row);
        self
    }

    /// The same table with its columns reordered by `order` (indexes into the header) and
    /// headers renamed by `rename`.
    pub fn reshaped(&self, order: &[usize], rename: &[(&str, &str)]) -> Table {
        assert_eq!(order.len(), self.header.len());
        let header = order
            .iter()
            .map(|&i| {
                let h = &self.header[i];
                rename.iter().find(|(from, _)| from == h).map_or(h.clone(), |(_, to)| to.to_string())
            })
            .collect();
        let rows = self.rows.iter().map(|r| order.iter().map(|&i| r[i].clone()).collect()).collect();
        Table { header, rows }
    }

    /// CSV text, quoted where needed, every record ended by `newline`.
    pub fn text(&self, newline: &str) -> String {
        let mut out = csv_record(&self.header);
        out.push_str(newline);
        for r in &self.rows {
            out.push_str(&csv_record(r));
            out.push_str(newline);
        }
        out
    }

    pub fn cp932(&self) -> Vec<u8> {
        sjis(&self.text("\r\n"))
    }

    /// CP932 with LF line ends.
    pub fn cp932_lf(&self) -> Vec<u8> {
        sjis(&self.text("\n"))
    }

    /// UTF-8 without BOM, LF.
    pub fn utf8(&self) -> Vec<u8> {
        self.text("\n").into_bytes()
    }

    pub fn utf8_bom(&self) -> Vec<u8> {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(self.text("\r\n").as_bytes());
        b
    }
}

/// One CSV record (no line end), quoting a field that holds a comma, quote, CR or LF.
pub fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    fields
        .iter()
        .map(|f| {
            let f = f.as_ref();
            if f.contains([',', '"', '\r', '\n']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_string() }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `s` in CP932; panics if a character has no CP932 form (a test input must be encodable).
pub fn sjis(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(s);
    assert!(!unmappable, "test input is not encodable in CP932: {s:?}");
    bytes.into_owned()
}

/// CP932 bytes as text; panics on invalid bytes (upload files must be clean CP932).
pub fn decode_cp932(bytes: &[u8]) -> String {
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    assert!(!had_errors, "not valid CP932");
    text.into_owned()
}

/// Parses CSV text into records (header included).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    r.records().map(|rec| rec.expect("valid CSV").iter().map(str::to_string).collect()).collect()
}

/// Whether `s` holds kana or kanji (a reason "in Japanese").
pub fn has_japanese(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}

/// `bytes` with every occurrence of the ASCII `marker` replaced by `raw` (to put bytes that
/// no text can hold into an input).
pub fn splice(bytes: &[u8], marker: &str, raw: &[u8]) -> Vec<u8> {
    let m = marker.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut found = false;
    while i < bytes.len() {
        if bytes[i..].starts_with(m) {
            out.extend_from_slice(raw);
            i += m.len();
            found = true;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    assert!(found, "marker {marker} not in the input");
    out
}
