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

/// A UTF-8 CSV record with CRLF, quoted where needed (the reject file, for Excel).
pub fn write_csv_record(out: &mut Vec<u8>, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
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
