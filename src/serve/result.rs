//! What the page shows of a run: the run report's counts per file and per rule (with each
//! rule's message from the profile), every upload file with a preview, the rejected rows as
//! a table, the warnings with examples — or, when the run did nothing, the same facts as the
//! command line's error. Everything is data (JSON); the page's script only ever puts it into
//! the page as text.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::runs::{Run, Served};
use crate::engine::{Plan, RuleId};
use crate::run::rejects::{RejectColumns, header as reject_header};
use crate::run::{DecidedRow, Outcome, RunError, RunOutcome, Sink};

/// Rows of each upload file shown in its preview.
pub const PREVIEW_ROWS: usize = 10;

/// Rejected rows kept for the page's table (all of them are in the reject file).
pub const TABLE_ROWS: usize = 100;

/// A sink keeping the first rejected rows (their reject-file line) for the page's table, and
/// the first message each rejection rule gave.
pub struct RejectTable {
    rows: Vec<Kept>,
    first_message: Vec<Option<String>>,
}

struct Kept {
    input: usize,
    line: u64,
    rule: RuleId,
    message: String,
    /// The row's reject-file line (UTF-8 CSV): file, line, rule, reason, original columns.
    bytes: Vec<u8>,
}

impl RejectTable {
    pub fn new(plan: &Plan) -> Self {
        RejectTable { rows: Vec::new(), first_message: vec![None; plan.rule_names.len()] }
    }
}

impl Sink for RejectTable {
    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        if let Outcome::Rejected { rule, message } = row.outcome {
            if self.first_message[rule].is_none() {
                self.first_message[rule] = Some(message.to_string());
            }
            if self.rows.len() < TABLE_ROWS {
                let (input, line, bytes) = (row.input, row.line, row.bytes.to_vec());
                self.rows.push(Kept { input, line, rule, message: message.to_string(), bytes });
            }
        }
        Ok(())
    }
}

/// Each rule's message as the profile words it (`{…}` placeholders left as written), asked of
/// the compiled plan ([`Plan::rules`]): a rule the profile does not word is not listed.
pub fn rule_messages(plan: &Plan) -> BTreeMap<String, String> {
    plan.rules().iter().filter_map(|r| Some((r.name.clone(), r.message.clone()?))).collect()
}

fn by_rule(counts: &BTreeMap<String, u64>, messages: &BTreeMap<String, String>, seen: &[(String, String)]) -> Value {
    let mut items: Vec<(&String, &u64)> = counts.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let message = |rule: &str| {
        messages.get(rule).cloned().or_else(|| seen.iter().find(|(r, _)| r == rule).map(|(_, m)| m.clone()))
    };
    Value::Array(
        items.into_iter().map(|(rule, n)| json!({"rule": rule, "count": n, "message": message(rule)})).collect(),
    )
}

/// The first `n` rows of an upload file as written (its header, or the profile's column names
/// when it has none), read back from the file: a preview costs the run nothing per row.
pub fn preview(plan: &Plan, path: &std::path::Path, n: usize) -> (Vec<String>, Vec<Vec<String>>) {
    use crate::charset::OutputEncoding;
    let decode = |raw: &[u8]| match plan.output.format.encoding {
        OutputEncoding::ShiftJis => encoding_rs::SHIFT_JIS.decode_without_bom_handling(raw).0.into_owned(),
        OutputEncoding::Utf8 => String::from_utf8_lossy(raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)).into_owned(),
    };
    let names = || plan.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    let Ok(file) = std::fs::File::open(path) else { return (names(), Vec::new()) };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(file);
    let mut records = reader.byte_records().map_while(Result::ok).map(|r| r.iter().map(decode).collect::<Vec<_>>());
    let header = if plan.output.header { records.next().unwrap_or_else(names) } else { names() };
    (header, records.take(n).collect())
}

/// Parses one UTF-8 CSV record (a reject-file line or its header).
fn csv_fields(line: &[u8]) -> Vec<String> {
    let line = line.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(line);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line);
    let mut rec = csv::StringRecord::new();
    match reader.read_record(&mut rec) {
        Ok(true) => rec.iter().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The page's table of rejected rows: file, line, rule, reason, the order number and the
/// columns the profile reads (as the export names them).
fn reject_table(run: &Run, plan: &Plan, outcome: &RunOutcome, table: &RejectTable) -> Value {
    let headers = outcome.bound.iter().map(|b| b.header.as_slice());
    let names = csv_fields(&reject_header(plan, &RejectColumns::new(headers)));
    let added = plan.rejects.headers.len();
    // The export's columns the profile reads, in the export's order (the first input that has
    // each field decides), the order number's first.
    let mut columns: Vec<(usize, String)> = Vec::new();
    let mut order_column = None;
    for (i, field) in plan.input.fields.iter().enumerate() {
        let col =
            outcome.bound.iter().enumerate().find_map(|(n, b)| {
                b.field_columns.get(i).copied().flatten().map(|c| ((n << 16) + c, b.header[c].clone()))
            });
        if let Some((at, name)) = col {
            if field.name == "order_number" && order_column.is_none() {
                order_column = Some(name);
            } else if !columns.iter().any(|(_, n)| *n == name) {
                columns.push((at, name));
            }
        }
    }
    columns.sort();
    let columns: Vec<String> = columns.into_iter().map(|(_, n)| n).collect();
    let index = |name: &str| names.iter().skip(added).position(|n| n == name).map(|p| p + added);
    let rows: Vec<Value> = table
        .rows
        .iter()
        .map(|k| {
            let fields = csv_fields(&k.bytes);
            let get = |name: &str| index(name).and_then(|i| fields.get(i).cloned()).unwrap_or_default();
            json!({
                "file": run.inputs.get(k.input).map(|u| u.name.as_str()).unwrap_or(""),
                "line": k.line,
                "rule": plan.rule_name(k.rule),
                "reason": k.message,
                "order": order_column.as_deref().map(get),
                "values": columns.iter().map(|c| get(c)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"order_column": order_column, "columns": columns, "rows": rows, "shown": rows.len()})
}

/// The page's result of a finished run.
pub fn done_json(run: &Run, plan: &Plan, outcome: &RunOutcome, table: &RejectTable, files: &[Served]) -> Value {
    let report = &outcome.report;
    let messages = rule_messages(plan);
    let seen: Vec<(String, String)> = table
        .first_message
        .iter()
        .enumerate()
        .filter_map(|(r, m)| m.as_ref().map(|m| (plan.rule_name(r).to_string(), m.clone())))
        .collect();
    let url = |i: usize| format!("/api/runs/{}/files/{i}", run.id);
    let upload_files: Vec<Value> = report
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (header, rows) = preview(plan, &files[i].abs, PREVIEW_ROWS);
            json!({
                "index": i, "path": f.path, "name": files[i].file_name(), "rows": f.rows, "bytes": f.bytes,
                "url": url(i), "preview": {"header": header, "rows": rows},
                "confirm_url": run.ledger.as_ref().map(|_| format!("{}/confirm", url(i))),
            })
        })
        .collect();
    // A row list's place among the served files (after the upload files).
    let served = |rel: &String| files.iter().position(|f| &f.rel == rel).unwrap_or_default();
    let warned = report.warned_file.as_ref().map(|rel| {
        let i = served(rel);
        json!({"path": rel, "name": files[i].file_name(), "url": url(i), "rows": report.rows.warnings})
    });
    let rejects = report.rejects_file.as_ref().map(|rel| {
        let i = served(rel);
        let mut t = reject_table(run, plan, outcome, table);
        t["path"] = json!(rel);
        t["name"] = json!(files[i].file_name());
        t["url"] = json!(url(i));
        t["total"] = json!(report.rows.rejected);
        t
    });
    let mut report_json = serde_json::to_value(report).unwrap_or(Value::Null);
    // The report names each input by its file name, not by the server's copy of it.
    for (i, u) in run.inputs.iter().enumerate() {
        report_json["inputs"][i]["path"] = json!(u.name);
    }
    let warnings = by_rule(&report.warnings_by_rule, &messages, &seen);
    let warnings: Vec<Value> = warnings
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| {
            let rule = w["rule"].as_str().unwrap_or("");
            let examples: Vec<Value> =
                outcome.report.warning_examples.get(rule).map_or_else(Vec::new, |e| {
                    e.iter().map(|x| json!({"message": x.value, "count": x.rows})).collect()
                });
            let mut w = w.clone();
            w["examples"] = Value::Array(examples);
            w
        })
        .collect();
    json!({
        "profile": report.profile,
        "as_of": report.as_of,
        "strict": run.strict,
        "strict_blocked": outcome.strict_blocked,
        "exit": if report.rows.rejected > 0 { 1 } else { 0 },
        "elapsed_ms": outcome.elapsed.as_millis() as u64,
        "report": report_json,
        "inputs": run.inputs.iter().zip(&report.inputs).map(|(u, i)| json!({
            "name": u.name, "encoding": i.encoding, "rows": i.rows, "bytes": u.size,
        })).collect::<Vec<_>>(),
        "counts": report.rows,
        "files": upload_files,
        "ledger": report.ledger,
        "planned": outcome.planned_files.iter().map(|f| json!({"path": f.path, "rows": f.rows})).collect::<Vec<_>>(),
        "excluded_by_rule": by_rule(&report.excluded_by_rule, &messages, &seen),
        "rejected_by_rule": by_rule(&report.rejected_by_rule, &messages, &seen),
        "warnings_by_rule": warnings,
        "warned": warned,
        "rejects": rejects,
        "zip_url": if files.is_empty() { None } else { Some(format!("/api/runs/{}/zip", run.id)) },
    })
}
