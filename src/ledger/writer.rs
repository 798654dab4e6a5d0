//! Recording rows on a thread of their own: a run's rows are copied into reused batches and
//! handed to a writer thread that owns the ledger's connection, so the SQLite inserts overlap
//! with reading and deciding instead of lengthening the run's critical path (the thread that
//! hands rows to the sinks). Memory stays flat: [`IN_FLIGHT`] batches of [`BATCH_ROWS`] rows,
//! recycled.

use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::thread::JoinHandle;

use super::record::{Recording, RowRecord};
use super::{LedgerError, key_hash};

/// Rows per batch handed to the writer.
const BATCH_ROWS: usize = 4096;
/// Batches on their way to the writer (the run waits when the writer is behind).
const IN_FLIGHT: usize = 2;

/// One row, owned, with buffers reused from batch to batch.
#[derive(Default)]
struct Row {
    key: Option<String>,
    key_hash: Option<i64>,
    value_hash: Option<i64>,
    outcome: i64,
    rule: Option<String>,
    file: Option<String>,
    input: usize,
    line: u64,
    values: Option<Vec<String>>,
}

#[derive(Default)]
struct Batch {
    rows: Vec<Row>,
    len: usize,
}

fn set(slot: &mut Option<String>, value: Option<&str>) {
    match (slot.as_mut(), value) {
        (Some(s), Some(v)) => {
            s.clear();
            s.push_str(v);
        }
        (None, Some(v)) => *slot = Some(v.to_string()),
        (_, None) => *slot = None,
    }
}

impl Batch {
    fn push(&mut self, r: &RowRecord<'_>) {
        if self.rows.len() == self.len {
            self.rows.push(Row::default());
        }
        let row = &mut self.rows[self.len];
        self.len += 1;
        set(&mut row.key, r.key);
        set(&mut row.rule, r.rule);
        set(&mut row.file, r.file);
        (row.key_hash, row.value_hash, row.outcome) = (r.key_hash, r.value_hash, r.outcome);
        (row.input, row.line) = (r.input, r.line);
        match (row.values.as_mut(), r.values) {
            (Some(v), Some(new)) => {
                v.resize(new.len(), String::new());
                for (a, b) in v.iter_mut().zip(new) {
                    a.clear();
                    a.push_str(b);
                }
            }
            (None, Some(new)) => row.values = Some(new.to_vec()),
            (_, None) => row.values = None,
        }
    }
}

/// A [`Recording`] fed from the run's thread and written on its own.
pub struct Writer {
    batch: Batch,
    to_writer: Option<SyncSender<Batch>>,
    back: Receiver<Batch>,
    thread: Option<JoinHandle<Result<Recording, LedgerError>>>,
}

impl Writer {
    pub fn spawn(mut recording: Recording) -> Result<Writer, LedgerError> {
        let (to_writer, from_run) = sync_channel::<Batch>(IN_FLIGHT);
        let (back_tx, back) = channel::<Batch>();
        for _ in 0..IN_FLIGHT {
            let _ = back_tx.send(Batch::default());
        }
        let thread = std::thread::Builder::new()
            .name("orderbridge-ledger".into())
            .spawn(move || {
                for mut batch in from_run {
                    // The key's hash of a row that was not written is computed here, off the
                    // run's thread.
                    let records: Vec<RowRecord<'_>> = batch.rows[..batch.len]
                        .iter()
                        .map(|row| RowRecord {
                            key: row.key.as_deref(),
                            key_hash: row.key_hash.or_else(|| row.key.as_deref().map(key_hash)),
                            value_hash: row.value_hash,
                            outcome: row.outcome,
                            rule: row.rule.as_deref(),
                            file: row.file.as_deref(),
                            input: row.input,
                            line: row.line,
                            values: row.values.as_deref(),
                        })
                        .collect();
                    recording.rows(&records)?;
                    drop(records);
                    batch.len = 0;
                    let _ = back_tx.send(batch);
                }
                Ok(recording)
            })
            .map_err(|e| {
                LedgerError::new(crate::i18n::Msg::new("ledger-cannot-write").arg("path", "").arg("detail", e))
            })?;
        let batch = back.recv().unwrap_or_default();
        Ok(Writer { batch, to_writer: Some(to_writer), back, thread: Some(thread) })
    }

    /// Queues one row. An error of the writer (a failed insert) comes back here or from
    /// [`Writer::finish`].
    pub fn row(&mut self, r: &RowRecord<'_>) -> Result<(), LedgerError> {
        self.batch.push(r);
        if self.batch.len >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), LedgerError> {
        let next = match self.back.recv() {
            Ok(b) => b,
            Err(_) => return Err(self.join_error()),
        };
        let full = std::mem::replace(&mut self.batch, next);
        if self.to_writer.as_ref().is_some_and(|tx| tx.send(full).is_err()) {
            return Err(self.join_error());
        }
        Ok(())
    }

    /// The writer stopped early: its error.
    fn join_error(&mut self) -> LedgerError {
        self.to_writer = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(Err(e))) => e,
            _ => {
                LedgerError::new(crate::i18n::Msg::new("ledger-cannot-write").arg("path", "").arg("detail", "stopped"))
            }
        }
    }

    /// Writes the last rows and hands the recording back, its transaction still open.
    pub fn finish(mut self) -> Result<Recording, LedgerError> {
        if self.batch.len > 0 {
            self.flush()?;
        }
        self.to_writer = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            _ => Err(self.join_error()),
        }
    }
}
