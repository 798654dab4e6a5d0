//! What the page shows of a run: the run report's counts per file and per rule (with each
//! rule's words, [`super::rule_words`]), every upload file (with its display name and note)
//! with a preview, the rejected, warned and excluded rows as tables (each list also a
//! download, as the command line writes it), the warnings with examples — or, when the run did
//! nothing, the same facts as the command line's error. Everything is data (JSON); the page's script only ever puts it into
//! the page as text.

use std::collections::BTreeMap;

use super::runs::{Kind, Run, Served};
use super::view::{
    FileLink, Input, ListTable, Planned, Preview, RejectRow, RuleCount, RunResult, UploadFile, Warned, WarningExample,
    WarningRule,
};
use crate::engine::Plan;
use crate::run::rejects::{RejectColumns, header as reject_header};
use crate::run::{DecidedRow, Outcome, RunError, RunOutcome, Sink};

/// Rows of each upload file shown in its preview.
pub const PREVIEW_ROWS: usize = 10;

/// Rows of each list (rejected, warned, excluded) kept for the page's tables (all of them are
/// in the list's file).
pub const TABLE_ROWS: usize = 100;

/// A sink keeping the first rejected, warned and excluded rows (their line in the lists'
/// layout) for the page's tables, and the first message each rejection rule gave.
pub struct RowTables {
    rejected: Vec<Kept>,
    warned: Vec<Kept>,
    excluded: Vec<Kept>,
    first_message: Vec<Option<String>>,
}

struct Kept {
    input: usize,
    line: u64,
    /// The row's line in the lists' layout (UTF-8 CSV): file, line, rule, reason, original
    /// columns.
    bytes: Vec<u8>,
}

impl RowTables {
    pub fn new(plan: &Plan) -> Self {
        RowTables {
            rejected: Vec::new(),
            warned: Vec::new(),
            excluded: Vec::new(),
            first_message: vec![None; plan.rule_names.len()],
        }
    }
}

impl Sink for RowTables {
    fn needs(&self) -> crate::run::sink::Needs {
        crate::run::sink::Needs { warned_lines: true, excluded_lines: true, ..Default::default() }
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let (list, bytes) = match row.outcome {
            Outcome::Rejected { rule, message } => {
                if self.first_message[rule].is_none() {
                    self.first_message[rule] = Some(message.to_string());
                }
                (&mut self.rejected, row.bytes)
            }
            // A written row's line is its warnings' (a row without one may carry a line kept in
            // case it turned out a duplicate).
            Outcome::Written { .. } if !row.warnings.is_empty() => (&mut self.warned, row.list_line),
            Outcome::Excluded { .. } => (&mut self.excluded, row.list_line),
            Outcome::Written { .. } => return Ok(()),
        };
        if list.len() < TABLE_ROWS && !bytes.is_empty() {
            list.push(Kept { input: row.input, line: row.line, bytes: bytes.to_vec() });
        }
        Ok(())
    }
}

/// Each rule's count, the most rows first, with the first message a row of it got (`seen`:
/// rendered, never the profile's template).
fn by_rule(counts: &BTreeMap<String, u64>, seen: &[(String, String)]) -> Vec<RuleCount> {
    let mut items: Vec<(&String, &u64)> = counts.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let message = |rule: &str| seen.iter().find(|(r, _)| r == rule).map(|(_, m)| m.clone());
    items.into_iter().map(|(rule, n)| RuleCount { rule: rule.clone(), count: *n, message: message(rule) }).collect()
}

/// The first `n` rows of an upload file as written (its header, or the profile's column names
/// when it has none), read back from the file: a preview costs the run nothing per row.
pub fn preview(plan: &Plan, path: &std::path::Path, n: usize) -> Preview {
    use crate::common::charset::OutputEncoding;
    let decode = |raw: &[u8]| match plan.output.format.encoding {
        OutputEncoding::ShiftJis => encoding_rs::SHIFT_JIS.decode_without_bom_handling(raw).0.into_owned(),
        OutputEncoding::Utf8 => String::from_utf8_lossy(raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)).into_owned(),
    };
    let names = || plan.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    let Ok(file) = std::fs::File::open(path) else { return Preview { header: names(), rows: Vec::new() } };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(file);
    let mut records = reader.byte_records().map_while(Result::ok).map(|r| r.iter().map(decode).collect::<Vec<_>>());
    let header = if plan.output.header { records.next().unwrap_or_else(names) } else { names() };
    Preview { header, rows: records.take(n).collect() }
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

/// A list of rows (`link`: the reject file, or the list of warned or excluded rows, all in one
/// layout) with the page's table of its first rows (`kept`; `total` in the file): file, line,
/// rule, reason, the order number and the columns the profile reads (as the export names them).
fn list_table(run: &Run, plan: &Plan, outcome: &RunOutcome, kept: &[Kept], total: u64, link: FileLink) -> ListTable {
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
    let rows: Vec<RejectRow> = kept
        .iter()
        .map(|k| {
            let fields = csv_fields(&k.bytes);
            let get = |name: &str| index(name).and_then(|i| fields.get(i).cloned()).unwrap_or_default();
            RejectRow {
                file: run.inputs.get(k.input).map(|u| u.name.clone()).unwrap_or_default(),
                line: k.line,
                rule: fields.get(2).cloned().unwrap_or_default(),
                reason: fields.get(3).cloned().unwrap_or_default(),
                order: order_column.as_deref().map(get),
                values: columns.iter().map(|c| get(c)).collect(),
            }
        })
        .collect();
    let shown = rows.len();
    ListTable { link, total, order_column, columns, rows, shown }
}

/// The page's result of one profile of a finished run; `files` are its [`Served::of_report`],
/// at `offset` in the run's list of files (the parts before it list theirs first).
pub fn done_json(
    run: &Run,
    plan: &Plan,
    outcome: &RunOutcome,
    table: &RowTables,
    files: &[Served],
    offset: usize,
) -> Box<RunResult> {
    let report = &outcome.report;
    let mut seen: Vec<(String, String)> = table
        .first_message
        .iter()
        .enumerate()
        .filter_map(|(r, m)| m.as_ref().map(|m| (plan.rule_name(r).to_string(), m.clone())))
        .collect();
    let examples = report.excluded_examples.iter();
    seen.extend(
        examples.filter_map(|(r, e)| Some((r.clone(), e.iter().find(|x| !x.message.is_empty())?.message.clone()))),
    );
    let url = |i: usize| format!("/api/runs/{}/files/{i}", run.id);
    let link = |i: usize, f: &Served| FileLink { path: f.rel.clone(), name: f.file_name(), url: url(i) };
    // Each file by what it is, with its place in the list (the `{index}` of its URL).
    let of_kind =
        |kind: Kind| files.iter().enumerate().map(|(i, f)| (i + offset, f)).filter(move |(_, f)| f.kind == kind);
    let upload_files = of_kind(Kind::Upload)
        .zip(&report.files)
        .map(|((i, f), r)| UploadFile {
            index: i,
            link: link(i, f),
            label: r.label.clone(),
            note: r.note.clone(),
            rows: r.rows,
            bytes: r.bytes,
            preview: preview(plan, &f.abs, PREVIEW_ROWS),
            confirm_url: f.ledger_run.map(|_| format!("{}/confirm", url(i))),
            unsent_url: f.ledger_run.map(|_| format!("{}/unsent", url(i))),
            status: f.ledger_run.map(|_| super::view::FileStatus::unknown()),
        })
        .collect();
    let warned = of_kind(Kind::Warned).next().map(|(i, f)| Warned { link: link(i, f), rows: report.rows.warnings });
    let list = |kind: Kind, kept: &[Kept], total: u64| {
        of_kind(kind).next().map(|(i, f)| list_table(run, plan, outcome, kept, total, link(i, f)))
    };
    let rejects = list(Kind::Rejects, &table.rejected, report.rows.rejected);
    let warned_list = list(Kind::Warned, &table.warned, report.rows.warnings);
    let excluded_list = list(Kind::Excluded, &table.excluded, report.rows.excluded);
    // The report names each input by its file name, not by the server's copy of it.
    let mut named = report.clone();
    for (input, upload) in named.inputs.iter_mut().zip(&run.inputs) {
        input.path = upload.name.clone();
    }
    let warnings = by_rule(&report.warnings_by_rule, &seen)
        .into_iter()
        .map(|rule| {
            let examples = report.warning_examples.get(&rule.rule).map(Vec::as_slice).unwrap_or_default();
            let examples =
                examples.iter().map(|x| WarningExample { message: x.value.clone(), count: x.rows }).collect();
            WarningRule { rule, examples }
        })
        .collect();
    Box::new(RunResult {
        profile: report.profile.clone(),
        as_of: report.as_of.clone(),
        strict: run.strict,
        strict_blocked: outcome.strict_blocked,
        exit: u8::from(report.rows.rejected > 0),
        elapsed_ms: outcome.elapsed.as_millis() as u64,
        report: named,
        inputs: run
            .inputs
            .iter()
            .zip(&report.inputs)
            .map(|(u, i)| Input { name: u.name.clone(), encoding: i.encoding.clone(), rows: i.rows, bytes: u.size })
            .collect(),
        counts: report.rows,
        files: upload_files,
        ledger: report.ledger.clone(),
        planned: outcome.planned_files.iter().map(|f| Planned { path: f.path.clone(), rows: f.rows }).collect(),
        rules: super::rule_words::rule_words(report),
        excluded_by_rule: by_rule(&report.excluded_by_rule, &seen),
        rejected_by_rule: by_rule(&report.rejected_by_rule, &seen),
        warnings_by_rule: warnings,
        warned,
        rejects,
        warned_list,
        excluded_list,
        zip_url: (!files.is_empty()).then(|| format!("/api/runs/{}/zip", run.id)),
    })
}

/// An earlier file the run asks about, as the page shows it: its path now (the server's own
/// folders as the page's user knows them), when it was written in its profile's time zone.
pub fn pending_view(f: &crate::run::PendingFile, run: &Run) -> super::view::PendingView {
    super::view::PendingView {
        profile: f.profile.clone(),
        path: page_path(&f.path, run),
        written_at: crate::ledger::local_time(&f.written_at, f.time_zone.as_deref()),
        rows: f.rows,
    }
}

/// A path as the page's user knows it: a file an earlier run of this server wrote (in its own
/// run folder) by its path under that run's output folder; this run's paths as
/// [`super::runs::plain_paths`] says them; any other (a command line's run) as it is.
fn page_path(path: &str, run: &Run) -> String {
    let earlier = run.dir.parent().and_then(|root| std::path::Path::new(path).strip_prefix(root).ok());
    match earlier.map(|p| p.components().skip(2).collect::<std::path::PathBuf>()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().replace('\\', "/"),
        _ => super::runs::plain_paths(path, run),
    }
}
