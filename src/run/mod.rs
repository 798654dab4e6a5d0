//! One run: inputs → decode → plan.decide(row) → route → encode → atomic files, with counts,
//! a reject file and a report.
//!
//! Three threads form a pipeline, in input order: the reader parses and decodes records
//! ([`crate::io::batch`]), the decider maps, checks and encodes them ([`decide`]), and this
//! thread removes duplicates, writes files and counts ([`sink`]). Batches of rows are recycled
//! between them, so memory stays flat: only the duplicate-key hashes of written rows grow.

mod decide;
mod rejects;
mod sink;

use std::path::PathBuf;
use std::sync::mpsc::{channel, sync_channel};
use std::time::Instant;

use jiff::civil::Date;

pub use decide::encode_checked;

use crate::engine::{Plan, RowState, RunCtx};
use crate::io::batch::{Batch, FieldSpec, read_batches};
use crate::io::encode::RowEncoder;
use crate::io::input::{Binding, InputError, InputFile};
use crate::io::output::{OutputError, OutputSet};
use crate::report::{self, FileReport, InputReport, Report, RowCounts};
use decide::{Decided, Decider, RejectSource};
use rejects::RejectColumns;
use sink::Sink;

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

/// Batches in flight between two stages, per decider.
const BATCHES_IN_FLIGHT: usize = 2;

/// Decider threads (batches alternate between them). Measured on 2 cores: a second decider
/// adds memory and context switches without saving time, so one.
const DECIDERS: usize = 1;

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
        let binding = f.bind(
            &plan
                .input
                .fields
                .iter()
                .map(|x| crate::io::headers::WantedField::new(&x.name, &x.headers, x.default.is_some()))
                .collect::<Vec<_>>(),
        )?;
        opened.push((f, binding));
    }
    let reject_columns = RejectColumns::new(opened.iter().map(|(f, _)| f.header.as_slice()));
    let reject_ctx = RunCtx::new(plan, opts.as_of, "");
    let mut sink = Sink::new(
        plan,
        opts,
        OutputSet::new(&opts.out_dir, opts.dry_run, inputs),
        OutputSet::new(&opts.out_dir, opts.dry_run, inputs),
        render_static(plan, &plan.rejects.path, &reject_ctx),
        rejects::header(plan, &reject_columns),
        header_bytes(plan),
    );
    let mut input_reports = Vec::new();
    let mut encodings = Vec::new();
    for (input_idx, (file, binding)) in opened.into_iter().enumerate() {
        let read_before = sink.counts.read;
        let (display, encoding) = (file.display.clone(), file.encoding);
        stream_input(plan, opts, &reject_columns, &mut sink, input_idx, file, binding, progress)?;
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
    let (mut uploads, mut rejects) = (uploads, rejects);
    if !opts.dry_run {
        // Everything is written out and synced before anything is renamed: a write error
        // (a full disk) leaves every final file as it was.
        rejects.flush()?;
        if !strict_blocked {
            uploads.flush()?;
        }
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

/// Streams one input through the three stages. An error in any stage stops the others: a
/// stage whose channel is closed returns.
#[allow(clippy::too_many_arguments)]
fn stream_input(
    plan: &Plan,
    opts: &RunOptions,
    reject_columns: &RejectColumns,
    sink: &mut Sink<'_>,
    input_idx: usize,
    mut file: InputFile,
    binding: Binding,
    progress: &mut dyn Progress,
) -> Result<(), RunError> {
    let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ctx = RunCtx::new(plan, opts.as_of, &stem);
    let spec = FieldSpec::new(plan, binding);
    let source = RejectSource { input: input_idx, display: file.display.clone(), encoding: file.encoding };
    let width = file.header.len();
    progress.start(&file.display, file.size);
    let spawn_err = |e| RunError::Output(OutputError::Io { path: "worker thread".into(), source: e });
    let result = std::thread::scope(|scope| -> Result<(), RunError> {
        // reader → deciders (round robin) → this thread, reading the deciders in the same turn.
        let mut read_txs = Vec::new();
        let mut decided_rxs = Vec::new();
        let (batch_back_tx, batch_back_rx) = channel::<Batch>();
        let mut decided_back_txs = Vec::new();
        for k in 0..DECIDERS {
            let (read_tx, read_rx) = sync_channel::<Result<Batch, InputError>>(BATCHES_IN_FLIGHT);
            let (decided_tx, decided_rx) = sync_channel::<Result<Decided, InputError>>(BATCHES_IN_FLIGHT);
            let (decided_back_tx, decided_back_rx) = channel::<Decided>();
            for _ in 0..BATCHES_IN_FLIGHT {
                let _ = batch_back_tx.send(Batch::new(plan.field_count()));
                let _ = decided_back_tx.send(Decided::new(plan, opts.preview_rows > 0));
            }
            read_txs.push(read_tx);
            decided_rxs.push(decided_rx);
            decided_back_txs.push(decided_back_tx);
            let batch_back_tx = batch_back_tx.clone();
            let (ctx, source) = (&ctx, &source);
            std::thread::Builder::new()
                .name(format!("orderbridge-decider-{k}"))
                .spawn_scoped(scope, move || {
                    let mut decider = Decider {
                        plan,
                        ctx,
                        source,
                        reject_columns,
                        width,
                        row: RowState::new(plan),
                        encoder: RowEncoder::new(&plan.output),
                    };
                    for batch in read_rx {
                        let batch = match batch {
                            Ok(b) => b,
                            Err(e) => {
                                let _ = decided_tx.send(Err(e));
                                return;
                            }
                        };
                        let Ok(mut out) = decided_back_rx.recv() else { return };
                        decider.decide_batch(&batch, &mut out);
                        // The reader may have stopped already; a lost batch is then of no use.
                        let _ = batch_back_tx.send(batch);
                        if decided_tx.send(Ok(out)).is_err() {
                            return;
                        }
                    }
                })
                .map_err(spawn_err)?;
        }
        drop(batch_back_tx);
        let spec = &spec;
        std::thread::Builder::new()
            .name("orderbridge-reader".into())
            .spawn_scoped(scope, move || read_batches(&mut file, spec, &read_txs, &batch_back_rx))
            .map_err(spawn_err)?;
        let mut last = 0;
        // Batches come back in the turn the reader sent them: the first decider with nothing
        // more means the input has ended.
        'turns: loop {
            for (rx, back) in decided_rxs.iter().zip(&decided_back_txs) {
                let Ok(decided) = rx.recv() else { break 'turns };
                let decided = decided?;
                sink.write_batch(&decided)?;
                progress.advance(decided.position.saturating_sub(last));
                last = decided.position;
                let _ = back.send(decided);
            }
        }
        Ok(())
    });
    progress.finish();
    result
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
