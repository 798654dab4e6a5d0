//! One run: inputs → decode → plan.decide(row) → route → encode → atomic files, with counts,
//! a reject file and a report. Memory stays flat: one record, one row state and the
//! duplicate-key hashes of written rows.

use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::mpsc::{channel, sync_channel};
use std::time::Instant;

use jiff::civil::Date;

use crate::engine::{Decision, Plan, Reject, RowState, RunCtx};
use crate::io::batch::{Batch, FieldSpec, RowRead, read_batches};
use crate::io::encode::{RowEncoder, Unencodable};
use crate::io::input::{Binding, Detected, InputError, InputFile, decode_lossy};
use crate::io::output::{OutputError, OutputSet};
use crate::keyset::KeySet;
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
    /// The upload files the rows went to, written or not (`--strict`, `--dry-run`).
    pub planned_files: Vec<FileReport>,
    /// `--strict` stopped the upload files from being written.
    pub strict_blocked: bool,
    /// First rows of each upload file (dry-run preview), by file path.
    pub previews: Vec<(String, Vec<Vec<String>>)>,
    pub encodings: Vec<(String, String)>,
    /// Per warning rule: its first distinct messages with their counts.
    pub warning_examples: Vec<(String, Vec<(String, u64)>)>,
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
    let reject_ctx = RunCtx::new(plan, opts.as_of, "");
    let mut sink = Sink {
        plan,
        opts,
        uploads: OutputSet::new(&opts.out_dir, opts.dry_run, inputs),
        rejects: OutputSet::new(&opts.out_dir, opts.dry_run, inputs),
        rejects_rel: render_static(plan, &plan.rejects.path, &reject_ctx),
        reject_header: reject_header(plan, &reject_columns),
        reject_columns,
        counts: Counts::new(plan),
        warning_examples: vec![Vec::new(); plan.rule_names.len()],
        keys: KeySet::new(),
        encoder: RowEncoder::new(&plan.output),
        header: header_bytes(plan),
        line: Vec::with_capacity(1024),
        replaced: Vec::new(),
    };
    let mut input_reports = Vec::new();
    let mut encodings = Vec::new();
    for (input_idx, (file, binding)) in opened.into_iter().enumerate() {
        let read_before = sink.counts.read;
        let (display, encoding) = (file.display.clone(), file.encoding);
        sink.input(input_idx, file, binding, progress)?;
        input_reports.push(InputReport {
            path: display.clone(),
            encoding: encoding.label().to_string(),
            rows: sink.counts.read - read_before,
        });
        encodings.push((display, encoding.describe().to_string()));
    }

    let Sink { uploads, rejects, rejects_rel, counts, warning_examples, .. } = sink;
    let warning_examples = warning_examples
        .into_iter()
        .enumerate()
        .filter(|(_, e)| !e.is_empty())
        .map(|(rule, e)| (plan.rule_name(rule).to_string(), e))
        .collect();
    let strict_blocked = opts.strict && counts.rejected > 0;
    let mut files: Vec<FileReport> =
        uploads.files.iter().map(|f| FileReport { path: f.rel.clone(), rows: f.rows, bytes: f.bytes }).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut previews: Vec<(String, Vec<Vec<String>>)> =
        uploads.files.iter().map(|f| (f.rel.clone(), f.preview.clone())).collect();
    previews.sort_by(|a, b| a.0.cmp(&b.0));
    let rejects_file = rejects.files.first().map(|f| f.rel.clone());
    if !opts.dry_run {
        if rejects_file.is_none() {
            // A reject file left by an earlier run would list rows that are now fixed.
            let stale = opts.out_dir.join(&rejects_rel);
            if stale.is_file() {
                std::fs::remove_file(&stale)
                    .map_err(|source| OutputError::Io { path: stale.display().to_string(), source })?;
            }
        }
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
        // Only files that exist afterwards (or would, with --dry-run).
        files: if strict_blocked { Vec::new() } else { files.clone() },
        rejects_file,
    };
    Ok(RunOutcome {
        report,
        planned_files: files,
        strict_blocked,
        previews,
        encodings,
        warning_examples,
        elapsed: started.elapsed(),
    })
}

/// Where decided rows go: upload files, the reject file and the counts.
struct Sink<'p> {
    plan: &'p Plan,
    opts: &'p RunOptions,
    uploads: OutputSet,
    rejects: OutputSet,
    rejects_rel: String,
    reject_header: Vec<u8>,
    reject_columns: RejectColumns,
    counts: Counts,
    /// Per warning rule, its first distinct messages and how often each came (the summary
    /// shows them, so a shop sees *which* method text had no carrier code).
    warning_examples: Vec<Vec<(String, u64)>>,
    /// Duplicate keys of the rows written so far, with their file's path.
    keys: KeySet,
    encoder: RowEncoder<'p>,
    header: Vec<u8>,
    line: Vec<u8>,
    replaced: Vec<Unencodable>,
}

/// Distinct messages kept per warning rule for the summary.
const WARNING_EXAMPLES: usize = 5;

/// Batches in flight between the reader thread and the deciding thread.
const BATCHES_IN_FLIGHT: usize = 3;

impl Sink<'_> {
    /// Streams one input through the plan: a reader thread parses and decodes records while
    /// this thread decides, encodes and writes them, in input order.
    fn input(
        &mut self,
        input_idx: usize,
        mut file: InputFile,
        binding: Binding,
        progress: &mut dyn Progress,
    ) -> Result<(), RunError> {
        let plan = self.plan;
        let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ctx = RunCtx::new(plan, self.opts.as_of, &stem);
        let spec = FieldSpec {
            binding,
            defaults: plan.input.fields.iter().map(|f| f.default.clone().unwrap_or_default()).collect(),
            trim: plan.input.trim,
        };
        let source = RejectSource { input: input_idx, display: file.display.clone(), encoding: file.encoding };
        let width = file.header.len();
        progress.start(&file.display, file.size);
        let mut row = RowState::new(plan);
        let result = std::thread::scope(|scope| -> Result<(), RunError> {
            let (tx, rx) = sync_channel(BATCHES_IN_FLIGHT);
            let (empty_tx, empty_rx) = channel();
            for _ in 0..BATCHES_IN_FLIGHT {
                let _ = empty_tx.send(Batch::new(plan.field_count()));
            }
            let spec = &spec;
            scope.spawn(move || read_batches(&mut file, spec, &tx, &empty_rx));
            let mut last = 0;
            for batch in rx {
                let mut batch = batch?;
                for i in 0..batch.len {
                    self.counts.read += 1;
                    row.begin();
                    let decided = match &batch.read[i] {
                        RowRead::FieldCount { found } => {
                            let (found, expected) = (found.to_string(), width.to_string());
                            let vars = [("found", found.as_str()), ("expected", expected.as_str())];
                            Decision::Rejected(builtin_reject(plan, &plan.builtin.field_count, &mut row, &ctx, &vars))
                        }
                        RowRead::Undecodable { column } => {
                            let vars = [("column", column.as_str()), ("expected", source.encoding.label())];
                            Decision::Rejected(builtin_reject(plan, &plan.builtin.undecodable, &mut row, &ctx, &vars))
                        }
                        RowRead::Ok => {
                            for (f, value) in batch.fields[i].iter_mut().enumerate() {
                                row.swap_field(f, value);
                            }
                            plan.decide(&mut row, &ctx)
                        }
                    };
                    self.finish(&mut row, &ctx, decided, &source, &batch.records[i], batch.lines[i])?;
                }
                progress.advance(batch.position.saturating_sub(last));
                last = batch.position;
                // The reader may have stopped already; a lost batch is then of no use.
                let _ = empty_tx.send(batch);
            }
            Ok(())
        });
        progress.finish();
        result
    }

    /// Duplicate check, encoding and writing for a written row; counting and the reject file
    /// for the others.
    fn finish(
        &mut self,
        row: &mut RowState,
        ctx: &RunCtx,
        decided: Decision,
        source: &RejectSource,
        rec: &csv::ByteRecord,
        line: u64,
    ) -> Result<(), RunError> {
        let outcome = match decided {
            Decision::Written => self.write(row, ctx)?,
            other => other,
        };
        match outcome {
            Decision::Written => {
                self.counts.write(&row.warnings);
                for (rule, message) in &row.warnings {
                    let examples = &mut self.warning_examples[*rule];
                    if let Some(i) = examples.iter().position(|(m, _)| m == message) {
                        examples[i].1 += 1;
                    } else if examples.len() < WARNING_EXAMPLES {
                        examples.push((message.clone(), 1));
                    }
                }
            }
            Decision::Excluded(rule) => self.counts.exclude(rule),
            Decision::Rejected(r) => {
                self.counts.reject(r.rule);
                let fields = self.reject_columns.row(source, rec, line, self.plan.rule_name(r.rule), &r.message);
                let i = self.rejects.open(&self.rejects_rel, &self.reject_header)?;
                self.line.clear();
                write_csv_record(&mut self.line, &fields);
                self.rejects.files[i].write(&self.line)?;
                self.rejects.files[i].rows += 1;
            }
        }
        Ok(())
    }

    /// The profile contract's order: a duplicate is excluded before its characters are
    /// checked; an unencodable row is rejected and its key not remembered.
    fn write(&mut self, row: &mut RowState, ctx: &RunCtx) -> Result<Decision, RunError> {
        let plan = self.plan;
        let key = (!plan.duplicate_key.is_empty()).then(|| key_hash(plan, row));
        if let Some(k) = key
            && self.keys.contains(k)
        {
            return Ok(Decision::Excluded(plan.builtin.duplicate.rule));
        }
        self.line.clear();
        self.replaced.clear();
        if let Some(d) = encode_checked(plan, row, ctx, &mut self.encoder, &mut self.line, &mut self.replaced) {
            return Ok(d);
        }
        // Opened only now: a file whose every row was rejected is never created.
        let file_idx = self.uploads.open(&row.path, &self.header)?;
        let f = &mut self.uploads.files[file_idx];
        f.write(&self.line)?;
        f.rows += 1;
        if let Some(k) = key {
            self.keys.insert(k);
        }
        if f.preview.len() < self.opts.preview_rows {
            f.preview.push(row.columns.clone());
        }
        Ok(Decision::Written)
    }
}

/// The input a rejected row came from, for the reject file.
struct RejectSource {
    input: usize,
    display: String,
    encoding: Detected,
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

/// A 64-bit hash of the row's file path and duplicate-key columns (output values): a key is a
/// duplicate only within one file. Only written rows keep
/// one, so memory grows with 8 bytes per written row, not with the row's text.
fn key_hash(plan: &Plan, row: &RowState) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(row.path.as_bytes());
    h.write_u8(0x1e);
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

    fn row(&self, source: &RejectSource, rec: &csv::ByteRecord, line: u64, rule: &str, reason: &str) -> Vec<String> {
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
