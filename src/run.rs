//! One run: inputs → decode → plan.decide(row) → route → encode → atomic files, with counts,
//! a reject file and a report. Memory stays flat: one record, one row state and the
//! duplicate-key hashes of written rows.

use std::hash::Hasher;
use std::path::PathBuf;
use std::time::Instant;

use jiff::civil::Date;

use crate::engine::{Decision, Plan, Reject, RowState, RunCtx};
use crate::io::encode::{RowEncoder, Unencodable};
use crate::io::input::{Binding, InputError, InputFile, decode_into, decode_lossy};
use crate::io::output::{OutputError, OutputSet};
use crate::report::{self, Counts, FileReport, InputReport, Report, RowCounts};

/// How a run is carried out.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub out_dir: PathBuf,
    pub as_of: Date,
    pub dry_run: bool,
    pub strict: bool,
    /// Rows kept per file for the dry-run preview.
    pub preview_rows: usize,
}

/// Observes progress (bytes of the current input read); the CLI draws a bar with it.
pub trait Progress {
    fn start(&mut self, _input: &str, _size: u64) {}
    fn advance(&mut self, _bytes: u64) {}
    fn finish(&mut self) {}
}

impl Progress for () {}

/// Why a run did nothing (exit 2): no upload file exists afterwards.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{0}: given more than once")]
    DuplicateInput(String),
    #[error("no input file given")]
    NoInput,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    pub report: Report,
    /// `--strict` stopped the upload files from being written.
    pub strict_blocked: bool,
    /// First rows of each upload file (dry-run preview), by file path.
    pub previews: Vec<(String, Vec<Vec<String>>)>,
    pub encodings: Vec<(String, String)>,
    pub elapsed: std::time::Duration,
}

/// Runs `plan` over `inputs`.
pub fn run(
    plan: &Plan,
    inputs: &[PathBuf],
    opts: &RunOptions,
    progress: &mut dyn Progress,
) -> Result<RunOutcome, RunError> {
    let started = Instant::now();
    if inputs.is_empty() {
        return Err(RunError::NoInput);
    }
    let mut canon: Vec<PathBuf> = Vec::new();
    for p in inputs {
        if let Ok(c) = p.canonicalize() {
            if canon.contains(&c) {
                return Err(RunError::DuplicateInput(p.display().to_string()));
            }
            canon.push(c);
        }
    }
    // Every input is opened and bound before any row is read: a missing column stops the
    // run with nothing written.
    let mut opened = Vec::with_capacity(inputs.len());
    for p in inputs {
        let f = InputFile::open(p, plan.input.encoding)?;
        let binding = f.bind(plan)?;
        opened.push((f, binding));
    }
    let reject_columns = RejectColumns::new(opened.iter().map(|(f, _)| f.header.as_slice()));

    let mut uploads = OutputSet::new(&opts.out_dir, opts.dry_run, inputs);
    let mut rejects = OutputSet::new(&opts.out_dir, opts.dry_run, inputs);
    let reject_ctx = RunCtx::new(plan, opts.as_of, "");
    let rejects_rel = render_static(plan, &plan.rejects.path, &reject_ctx);

    let mut counts = Counts::new(plan);
    let mut encoder = RowEncoder::new(&plan.output);
    let header_bytes = header_bytes(plan);
    let mut row = RowState::new(plan);
    let mut rec = csv::ByteRecord::new();
    let mut line_buf: Vec<u8> = Vec::with_capacity(1024);
    let mut replaced = Vec::new();
    let mut input_reports = Vec::new();
    let mut encodings = Vec::new();

    for (input_idx, (mut file, binding)) in opened.into_iter().enumerate() {
        let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ctx = RunCtx::new(plan, opts.as_of, &stem);
        let width = file.header.len();
        let read_before = counts.read;
        progress.start(&file.display, file.size);
        let mut last_progress = 0u64;
        while file.read(&mut rec)? {
            counts.read += 1;
            let pos = file.position();
            if pos - last_progress >= 1 << 20 {
                progress.advance(pos - last_progress);
                last_progress = pos;
            }
            row.begin();
            let decided = if rec.len() != width {
                let found = rec.len().to_string();
                let expected = width.to_string();
                let vars = [("found", found.as_str()), ("expected", expected.as_str())];
                Decision::Rejected(builtin_reject(plan, &plan.builtin.field_count, &mut row, &ctx, &vars))
            } else {
                match fill_fields(plan, &file, &binding, &rec, &mut row) {
                    Err(column) => {
                        let vars = [("column", column.as_str()), ("expected", file.encoding.label())];
                        Decision::Rejected(builtin_reject(plan, &plan.builtin.undecodable, &mut row, &ctx, &vars))
                    }
                    Ok(()) => plan.decide(&mut row, &ctx),
                }
            };
            let outcome = match decided {
                Decision::Written => finish_written(
                    plan,
                    &mut row,
                    &ctx,
                    &mut uploads,
                    &header_bytes,
                    &mut encoder,
                    &mut line_buf,
                    &mut replaced,
                    opts,
                )?,
                other => other,
            };
            match outcome {
                Decision::Written => counts.write(row.warnings.iter().map(|w| w.0)),
                Decision::Excluded(rule) => counts.exclude(rule),
                Decision::Rejected(r) => {
                    counts.reject(r.rule);
                    let line = rec.position().map_or(0, |p| p.line());
                    let fields = reject_columns.row(input_idx, &file, &rec, line, plan.rule_name(r.rule), &r.message);
                    let i = rejects.open(&rejects_rel, &reject_header(plan, &reject_columns))?;
                    line_buf.clear();
                    write_csv_record(&mut line_buf, &fields);
                    rejects.files[i].write(&line_buf)?;
                    rejects.files[i].rows += 1;
                }
            }
        }
        progress.advance(file.position().saturating_sub(last_progress));
        progress.finish();
        input_reports.push(InputReport {
            path: file.display.clone(),
            encoding: file.encoding.label().to_string(),
            rows: counts.read - read_before,
        });
        encodings.push((file.display.clone(), file.encoding.describe().to_string()));
    }

    let strict_blocked = opts.strict && counts.rejected > 0;
    let mut files: Vec<FileReport> =
        uploads.files.iter().map(|f| FileReport { path: f.rel.clone(), rows: f.rows, bytes: f.bytes }).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut previews: Vec<(String, Vec<Vec<String>>)> =
        uploads.files.iter().map(|f| (f.rel.clone(), f.preview.clone())).collect();
    previews.sort_by(|a, b| a.0.cmp(&b.0));
    let rejects_file = rejects.files.first().map(|f| f.rel.clone());
    if !opts.dry_run {
        rejects.commit()?;
        if !strict_blocked {
            uploads.commit()?;
        }
    }
    let report = Report {
        profile: plan.name.clone(),
        as_of: opts.as_of.to_string(),
        inputs: input_reports,
        rows: RowCounts {
            read: counts.read,
            written: counts.written,
            excluded: counts.excluded,
            rejected: counts.rejected,
            warnings: counts.warned_rows,
        },
        excluded_by_rule: report::by_rule(plan, &counts.excluded_by_rule),
        rejected_by_rule: report::by_rule(plan, &counts.rejected_by_rule),
        warnings_by_rule: report::by_rule(plan, &counts.warnings_by_rule),
        files,
        rejects_file,
    };
    Ok(RunOutcome { report, strict_blocked, previews, encodings, elapsed: started.elapsed() })
}

/// Decodes the fields the profile reads into the row; on invalid bytes, the column's name.
fn fill_fields(
    plan: &Plan,
    file: &InputFile,
    binding: &Binding,
    rec: &csv::ByteRecord,
    row: &mut RowState,
) -> Result<(), String> {
    for (i, col) in binding.columns.iter().enumerate() {
        let buf = row.field_buf(i);
        match col {
            Some(c) => {
                if decode_into(file.encoding, &rec[*c], buf).is_err() {
                    return Err(file.header[*c].clone());
                }
                if plan.input.trim {
                    crate::engine::text::trim_in_place(buf);
                }
            }
            None => buf.push_str(plan.input.fields[i].default.as_deref().unwrap_or("")),
        }
    }
    Ok(())
}

fn builtin_reject(
    plan: &Plan,
    b: &crate::engine::Builtin,
    row: &mut RowState,
    ctx: &RunCtx,
    vars: &[(&str, &str)],
) -> Reject {
    Reject { rule: b.rule, message: plan.render_message(&b.message, row, ctx, vars) }
}

/// Duplicate check, encoding and writing of a row the plan decided to write. The order is the
/// profile contract's: a duplicate is excluded before its characters are checked.
#[allow(clippy::too_many_arguments)]
fn finish_written(
    plan: &Plan,
    row: &mut RowState,
    ctx: &RunCtx,
    uploads: &mut OutputSet,
    header: &[u8],
    encoder: &mut RowEncoder<'_>,
    line: &mut Vec<u8>,
    replaced: &mut Vec<Unencodable>,
    opts: &RunOptions,
) -> Result<Decision, RunError> {
    let file_idx = uploads.open(&row.path, header)?;
    let key = (!plan.duplicate_key.is_empty()).then(|| key_hash(plan, row));
    if let Some(k) = key
        && uploads.files[file_idx].keys.contains(&k)
    {
        return Ok(Decision::Excluded(plan.builtin.duplicate.rule));
    }
    line.clear();
    replaced.clear();
    if let Some(d) = encode_checked(plan, row, ctx, encoder, line, replaced) {
        return Ok(d);
    }
    let f = &mut uploads.files[file_idx];
    f.write(line)?;
    f.rows += 1;
    if let Some(k) = key {
        f.keys.insert(k);
    }
    if f.preview.len() < opts.preview_rows {
        f.preview.push(row.columns.clone());
    }
    Ok(Decision::Written)
}

/// Encodes the row's columns into `line`; a rejection if a character cannot be written.
/// Replacements (when the profile allows them) become warnings on the row.
pub fn encode_checked(
    plan: &Plan,
    row: &mut RowState,
    ctx: &RunCtx,
    encoder: &mut RowEncoder<'_>,
    line: &mut Vec<u8>,
    replaced: &mut Vec<Unencodable>,
) -> Option<Decision> {
    let result = encoder.encode_row(&row.columns, line, replaced);
    let describe =
        |u: &Unencodable| (plan.columns[u.column].name.clone(), u.ch.to_string(), format!("U+{:04X}", u.ch as u32));
    if let Err(u) = result {
        let (column, ch, cp) = describe(&u);
        let vars = [("column", column.as_str()), ("char", ch.as_str()), ("codepoint", cp.as_str())];
        return Some(Decision::Rejected(builtin_reject(plan, &plan.builtin.unencodable, row, ctx, &vars)));
    }
    if let Some((_, rule, message)) = &plan.output.replace_with {
        for u in replaced.iter() {
            let (column, ch, cp) = describe(u);
            let vars = [("column", column.as_str()), ("char", ch.as_str()), ("codepoint", cp.as_str())];
            let msg = plan.render_message(message, row, ctx, &vars);
            row.warnings.push((*rule, msg));
        }
    }
    None
}

/// A 64-bit hash of the row's duplicate-key columns (output values). Only written rows keep
/// one, so memory grows with 8 bytes per written row, not with the row's text.
fn key_hash(plan: &Plan, row: &RowState) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    for &i in &plan.duplicate_key {
        h.write(row.columns[i].as_bytes());
        h.write_u8(0x1f);
    }
    h.finish()
}

fn header_bytes(plan: &Plan) -> Vec<u8> {
    let mut out = Vec::new();
    if plan.output.header {
        let names: Vec<&str> = plan.columns.iter().map(|c| c.name.as_str()).collect();
        // Column names are checked encodable when the profile is compiled.
        let _ = RowEncoder::new(&plan.output).encode_row(&names, &mut out, &mut Vec::new());
    }
    out
}

fn render_static(plan: &Plan, t: &crate::engine::template::Template, ctx: &RunCtx) -> String {
    let mut row = RowState::new(plan);
    row.begin();
    plan.render_message(t, &mut row, ctx, &[])
}

/// The reject file's columns: the four added ones, then every input's columns (their union,
/// in order of first appearance, so several inputs with different layouts share one file).
struct RejectColumns {
    names: Vec<String>,
    /// Per input: for each of its columns, the index in `names`.
    maps: Vec<Vec<usize>>,
}

impl RejectColumns {
    fn new<'a>(headers: impl Iterator<Item = &'a [String]>) -> Self {
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

    fn row(
        &self,
        input: usize,
        file: &InputFile,
        rec: &csv::ByteRecord,
        line: u64,
        rule: &str,
        reason: &str,
    ) -> Vec<String> {
        let mut out = vec![file.display.clone(), line.to_string(), rule.to_string(), reason.to_string()];
        let mut cols = vec![String::new(); self.names.len()];
        let mut extra = Vec::new();
        for (j, raw) in rec.iter().enumerate() {
            let text = decode_lossy(file.encoding, raw);
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

fn reject_header(plan: &Plan, cols: &RejectColumns) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    let fields: Vec<String> = plan.rejects.headers.iter().cloned().chain(cols.names.iter().cloned()).collect();
    write_csv_record(&mut out, &fields);
    out
}

/// A UTF-8 CSV record with CRLF, quoted where needed (the reject file, for Excel).
fn write_csv_record(out: &mut Vec<u8>, fields: &[String]) {
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
