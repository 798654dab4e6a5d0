//! Streaming one input through the stages: the reader parses and decodes records in batches
//! ([`crate::io::batch`]), the decider maps, checks and encodes them ([`super::decide`]), and
//! the dispatcher removes duplicates in input order and hands every row to the sinks. A large
//! input runs the reader and the decider on threads of their own; a small one runs all stages
//! on the calling thread (same functions, same order).

use std::sync::mpsc::{channel, sync_channel};

use crate::engine::{InputCtx, Plan, RowState};
use crate::io::batch::{Batch, FieldSpec, fill_batch};
use crate::io::encode::RowEncoder;
use crate::io::input::{FieldDecoder, InputError, InputFile};
use crate::io::output::OutputError;
use crate::keyset::KeySet;

use super::decide::{Decided, Decider, Verdict};
use super::rejects::{RejectColumns, RejectSource};
use super::sink::{DecidedRow, Fate, Needs, Sink};
use super::{Progress, RunError};

/// Batches in flight between two stages.
const BATCHES_IN_FLIGHT: usize = 2;

/// Removes duplicates in input order and hands each decided row to every sink.
pub struct Dispatcher<'s> {
    pub sinks: Vec<&'s mut dyn Sink>,
    /// Duplicate keys of the rows written so far, with their file's path.
    keys: KeySet,
    duplicate_rule: usize,
    /// Rows rejected so far (`--strict` needs it when the sinks prepare).
    pub rejected: u64,
}

impl<'s> Dispatcher<'s> {
    pub fn new(plan: &Plan, sinks: Vec<&'s mut dyn Sink>) -> Self {
        Dispatcher { sinks, keys: KeySet::new(), duplicate_rule: plan.builtin.duplicate.rule, rejected: 0 }
    }

    /// What the sinks together need kept per row.
    pub fn needs(&self) -> Needs {
        self.sinks.iter().fold(Needs::default(), |n, s| n.union(s.needs()))
    }

    fn batch(&mut self, input: usize, decided: &Decided) -> Result<(), RunError> {
        for i in 0..decided.len {
            let parts = decided.row(i);
            let duplicate = |keys: &KeySet, key: Option<u64>| key.is_some_and(|k| keys.contains(k));
            let fate = match parts.out.verdict {
                Verdict::Write { key } | Verdict::Unencodable { key, .. } if duplicate(&self.keys, key) => {
                    Fate::Excluded { rule: self.duplicate_rule }
                }
                Verdict::Write { key } => {
                    if let Some(k) = key {
                        self.keys.insert(k);
                    }
                    Fate::Written { path: parts.path }
                }
                Verdict::Exclude(rule) => Fate::Excluded { rule },
                Verdict::Unencodable { rule, .. } | Verdict::Reject(rule) => {
                    self.rejected += 1;
                    Fate::Rejected { rule, message: parts.message }
                }
            };
            let written = matches!(fate, Fate::Written { .. });
            let row = DecidedRow {
                input,
                line: parts.out.line,
                fate,
                bytes: if matches!(fate, Fate::Excluded { .. }) { &[] } else { parts.bytes },
                columns: if written { parts.columns } else { None },
                warnings: if written { parts.warnings } else { &[] },
                misses: parts.misses,
                values: parts.values,
                list_line: parts.list_line,
                key: parts.key,
                sent: parts.out.sent,
                rule_message: if matches!(fate, Fate::Excluded { .. }) { parts.message } else { "" },
            };
            for sink in &mut self.sinks {
                sink.row(&row)?;
            }
        }
        Ok(())
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
        }
    }

    /// Streams `file` through the stages on the calling thread.
    pub fn run_inline(
        &self,
        file: &mut InputFile,
        out: &mut Dispatcher<'_>,
        progress: &mut dyn Progress,
    ) -> Result<(), RunError> {
        let needs = out.needs();
        let mut decider = self.decider(file.header.len(), needs);
        let mut batch = Batch::new(self.plan.field_count());
        let mut decided = Decided::new(needs, self.plan.columns.len());
        let mut state = FieldDecoder::new(self.spec.defaults.len());
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
        out: &mut Dispatcher<'_>,
        progress: &mut dyn Progress,
    ) -> Result<(), RunError> {
        let needs = out.needs();
        let spawn_err = |e| RunError::Output(OutputError::Io { path: "worker thread".into(), source: e });
        std::thread::scope(|scope| -> Result<(), RunError> {
            let (read_tx, read_rx) = sync_channel::<Result<Batch, InputError>>(BATCHES_IN_FLIGHT);
            let (decided_tx, decided_rx) = sync_channel::<Result<Decided, InputError>>(BATCHES_IN_FLIGHT);
            let (batch_back_tx, batch_back_rx) = channel::<Batch>();
            let (decided_back_tx, decided_back_rx) = channel::<Decided>();
            for _ in 0..BATCHES_IN_FLIGHT {
                let _ = batch_back_tx.send(Batch::new(self.plan.field_count()));
                let _ = decided_back_tx.send(Decided::new(needs, self.plan.columns.len()));
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
                    let mut state = FieldDecoder::new(spec.defaults.len());
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
