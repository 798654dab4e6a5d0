//! Streaming one input through the stages: the reader parses and decodes records in batches
//! ([`crate::io::batch`]), the decider maps, checks and encodes them ([`super::decide`]), and
//! the dispatcher removes duplicates in input order and hands every row to the sinks. A large
//! input runs the reader and the decider on threads of their own; a small one runs all stages
//! on the calling thread (same functions, same order).

use std::sync::mpsc::{channel, sync_channel};

use crate::engine::{InputCtx, Outcome, Plan, RowState};
use crate::io::batch::{Batch, FieldSpec, fill_batch};
use crate::io::encode::RowEncoder;
use crate::io::input::{InputError, InputFile};
use crate::io::output::OutputError;
use crate::ledger::SentView;

use super::decide::builtin::Duplicates;
use super::decide::held::Holding;
use super::decide::{Decided, Decider};
use super::phases::Inputs;
use super::rejects::{RejectColumns, RejectSource};
use super::sink::{DecidedRow, InputStart, Needs, Sink};
use super::{Cancel, Progress, RunError, RunOptions};

/// Batches in flight between two stages. The three stages are threads that may share fewer
/// cores (two on the benchmark machine), so each one now and then waits for its turn; with
/// more batches queued the others go on meanwhile. Four of [`crate::io::BATCH_ROWS`] = 512
/// rather than two of 1024 (the same rows in flight, the same peak memory) made a 1M-row
/// legacy run 0.835 → 0.790 s there (medians of 9). More measured faster still (four of 1024:
/// 0.763 s; six or eight of 512: 1–2%) but over the plain run's 16 MiB memory target.
const BATCHES_IN_FLIGHT: usize = 4;

/// Batches in flight when the run records its history: the ledger's writer and the input's
/// hash are two more threads on the same cores, so a stage waits for its turn longer and more
/// often, and deeper queues let the others go on meanwhile. The history's memory target
/// (32 MiB, against 16 without) leaves the room: a 1M-row legacy run with a new ledger took
/// 1.076 s with four batches of 512 in flight and 1.008 s with eight (medians of 5), at 24.9
/// and 27.5 MiB peak.
const BATCHES_IN_FLIGHT_RECORDING: usize = 8;

/// Phase 3 of a run: streams every input, in order, through the stages into `sinks` (each
/// told first that the input begins); returns the number of rows rejected.
pub(super) fn stream(
    plan: &Plan,
    opts: &RunOptions,
    inputs: Inputs,
    sent: Option<&SentView>,
    sinks: &mut [&mut dyn Sink],
    progress: &mut dyn Progress,
) -> Result<u64, RunError> {
    let run_ctx = InputCtx::new(plan, opts.as_of, "");
    let reject_columns = &inputs.reject_columns;
    // Recorded: the ledger's writer and the input's hash run beside the stages.
    let recording = opts.ledger.is_some() && !opts.dry_run;
    let in_flight = if recording { BATCHES_IN_FLIGHT_RECORDING } else { BATCHES_IN_FLIGHT };
    let mut dispatcher = Dispatcher::new(plan, sinks, opts.cancel.as_ref());
    if !opts.dry_run {
        dispatcher.duplicates = Duplicates::spilling_in(plan, &opts.out_dir);
    }
    dispatcher.holding = Holding::new(sent);
    dispatcher.view = sent;
    for (input, (mut file, small, binding)) in inputs.files.into_iter().enumerate() {
        let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ctx = run_ctx.for_input(&stem);
        let spec = FieldSpec::new(binding, plan.input.defaults(), plan.input.trim);
        let source = RejectSource { input, display: file.display.clone(), encoding: file.encoding };
        let stage = Stage { plan, ctx: &ctx, source: &source, reject_columns, spec: &spec, ledger: sent, in_flight };
        for sink in dispatcher.sinks.iter_mut() {
            sink.begin(&InputStart { index: input, display: &file.display })?;
        }
        progress.start(&file.display, file.size);
        let result = if small {
            stage.run_inline(&mut file, &mut dispatcher, progress)
        } else {
            stage.run_threaded(file, &mut dispatcher, progress)
        };
        progress.finish();
        result?;
    }
    dispatcher.release(plan)?;
    Ok(dispatcher.rejected)
}

/// Removes duplicates in input order and hands each decided row to every sink.
pub struct Dispatcher<'s, 'k> {
    pub sinks: &'s mut [&'k mut dyn Sink],
    /// The engine's `duplicate` rule: the keys of the rows written so far.
    duplicates: Duplicates,
    /// Rows rejected so far (`--strict` needs it when the sinks prepare).
    pub rejected: u64,
    /// Asked to stop: checked before each batch is handed on.
    cancel: Option<&'s Cancel>,
    /// Rows that may be corrections of a confirmed send, kept aside until the input is read.
    holding: Holding,
    /// What the ledger knew before the run (with a ledger).
    view: Option<&'s SentView>,
}

impl<'s, 'k> Dispatcher<'s, 'k> {
    pub fn new(plan: &Plan, sinks: &'s mut [&'k mut dyn Sink], cancel: Option<&'s Cancel>) -> Self {
        Dispatcher {
            sinks,
            duplicates: Duplicates::new(plan),
            rejected: 0,
            cancel,
            holding: Holding::default(),
            view: None,
        }
    }

    /// What the sinks together need kept per row.
    pub fn needs(&self) -> Needs {
        self.sinks.iter().fold(Needs::default(), |n, s| n.union(s.needs()))
    }

    fn batch(&mut self, input: usize, decided: &Decided) -> Result<(), RunError> {
        if self.cancel.is_some_and(Cancel::is_cancelled) {
            return Err(RunError::Cancelled);
        }
        for sink in self.sinks.iter_mut() {
            sink.file_texts(&decided.paths, &decided.file_texts);
        }
        for i in 0..decided.len {
            let parts = decided.row(i);
            self.holding.see(self.view, parts.key);
            if let Some(held) = parts.out.held.and_then(|h| decided.held.get(h)) {
                // A row to write that may be a correction: its duplicate key is checked when
                // it is handed on.
                let row = DecidedRow {
                    input,
                    line: parts.out.line,
                    outcome: parts.outcome,
                    bytes: parts.bytes,
                    columns: parts.columns,
                    warnings: parts.warnings,
                    misses: parts.misses,
                    values: parts.values,
                    list_line: parts.list_line,
                    key: parts.key,
                    sent: parts.out.sent,
                    rule_message: "",
                };
                self.holding.hold(&row, parts.out.duplicate_key, held);
                continue;
            }
            let outcome = self.duplicates.check(parts.outcome, parts.out.duplicate_key)?;
            let (written, excluded) = (outcome.is_written(), outcome.is_excluded());
            if matches!(outcome, Outcome::Rejected { .. }) {
                self.rejected += 1;
            }
            let row = DecidedRow {
                input,
                line: parts.out.line,
                outcome,
                bytes: if excluded { &[] } else { parts.bytes },
                columns: if written { parts.columns } else { None },
                warnings: if written { parts.warnings } else { &[] },
                misses: parts.misses,
                values: parts.values,
                list_line: parts.list_line,
                key: parts.key,
                sent: parts.out.sent,
                rule_message: if excluded { parts.message } else { "" },
            };
            for sink in self.sinks.iter_mut() {
                sink.row(&row)?;
            }
        }
        Ok(())
    }

    /// Hands a row kept aside to every sink, once its duplicate key is checked (a row to
    /// write, or one excluded by `changed_after_send`).
    fn dispatch_held(&mut self, row: &DecidedRow<'_>, duplicate_key: Option<u64>) -> Result<(), RunError> {
        let mut row = *row;
        let outcome = self.duplicates.check(row.outcome, duplicate_key)?;
        if outcome.is_excluded() && !row.outcome.is_excluded() {
            row.bytes = &[];
            row.columns = None;
            row.warnings = &[];
        }
        row.outcome = outcome;
        for sink in self.sinks.iter_mut() {
            sink.row(&row)?;
        }
        Ok(())
    }

    /// After the last input: the rows kept aside, as finally decided.
    fn release(&mut self, plan: &Plan) -> Result<(), RunError> {
        let mut holding = std::mem::take(&mut self.holding);
        holding.release(plan, &mut |row, dup| self.dispatch_held(row, dup))
    }
}

/// What the stages of one input share.
pub struct Stage<'a> {
    pub plan: &'a Plan,
    pub ctx: &'a InputCtx,
    pub source: &'a RejectSource,
    pub reject_columns: &'a RejectColumns,
    pub spec: &'a FieldSpec,
    /// The ledger's confirmed sends (with `--ledger`).
    pub ledger: Option<&'a crate::ledger::SentView>,
    /// Batches in flight between two threaded stages ([`BATCHES_IN_FLIGHT`] or, when the run
    /// records its history, [`BATCHES_IN_FLIGHT_RECORDING`]).
    pub in_flight: usize,
}

impl<'a> Stage<'a> {
    fn decider(&self, header_len: usize, needs: Needs) -> Decider<'a> {
        Decider {
            plan: self.plan,
            ctx: self.ctx,
            source: self.source,
            reject_columns: self.reject_columns,
            header_len,
            row: RowState::new(self.plan),
            encoder: RowEncoder::new(&self.plan.output.format),
            needs,
            explained: Default::default(),
            explained_count: 0,
            ledger: self.ledger,
            field_lookups: if needs.misses { self.plan.field_lookups() } else { Vec::new() },
            scratch: String::new(),
        }
    }

    /// Streams `file` through the stages on the calling thread.
    pub fn run_inline(
        &self,
        file: &mut InputFile,
        out: &mut Dispatcher<'_, '_>,
        progress: &mut dyn Progress,
    ) -> Result<(), RunError> {
        let needs = out.needs();
        let mut decider = self.decider(file.header.len(), needs);
        let mut batch = Batch::new(self.plan.field_count());
        let mut decided = Decided::new(needs);
        let mut state = self.spec.decoder();
        let mut last = 0;
        loop {
            let more = fill_batch(file, self.spec, &mut batch, &mut state)?;
            decider.decide_batch(&batch, &mut decided);
            out.batch(self.source.input, &decided)?;
            progress.advance(decided.position.saturating_sub(last));
            last = decided.position;
            if !more {
                return Ok(());
            }
        }
    }

    /// Streams `file` through the stages with the reader and the decider on threads of their
    /// own. An error in any stage stops the others: a stage whose channel is closed returns.
    pub fn run_threaded(
        &self,
        mut file: InputFile,
        out: &mut Dispatcher<'_, '_>,
        progress: &mut dyn Progress,
    ) -> Result<(), RunError> {
        let needs = out.needs();
        let in_flight = self.in_flight;
        let spawn_err = |e| RunError::Output(OutputError::Io { path: "worker thread".into(), source: e });
        std::thread::scope(|scope| -> Result<(), RunError> {
            let (read_tx, read_rx) = sync_channel::<Result<Batch, InputError>>(in_flight);
            let (decided_tx, decided_rx) = sync_channel::<Result<Decided, InputError>>(in_flight);
            let (batch_back_tx, batch_back_rx) = channel::<Batch>();
            let (decided_back_tx, decided_back_rx) = channel::<Decided>();
            for _ in 0..in_flight {
                let _ = batch_back_tx.send(Batch::new(self.plan.field_count()));
                let _ = decided_back_tx.send(Decided::new(needs));
            }
            let mut decider = self.decider(file.header.len(), needs);
            std::thread::Builder::new()
                .name("orderbridge-decider".into())
                .spawn_scoped(scope, move || {
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
            let spec = self.spec;
            std::thread::Builder::new()
                .name("orderbridge-reader".into())
                .spawn_scoped(scope, move || {
                    let mut state = spec.decoder();
                    loop {
                        let Ok(mut batch) = batch_back_rx.recv() else { return };
                        let more = fill_batch(&mut file, spec, &mut batch, &mut state);
                        let stop = !matches!(more, Ok(true));
                        if read_tx.send(more.map(|_| batch)).is_err() || stop {
                            return;
                        }
                    }
                })
                .map_err(spawn_err)?;
            let mut last = 0;
            for decided in decided_rx {
                let decided = decided?;
                out.batch(self.source.input, &decided)?;
                progress.advance(decided.position.saturating_sub(last));
                last = decided.position;
                let _ = decided_back_tx.send(decided);
            }
            Ok(())
        })
    }
}
