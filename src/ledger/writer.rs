//! Recording rows on a thread of their own: the run's thread packs its rows into chunks
//! (an append to a reused buffer per row, no allocation) and hands each full chunk to a
//! writer thread that owns the ledger's connection, so compressing and inserting overlap with
//! reading and deciding instead of lengthening the run's critical path (the thread that hands
//! rows to the sinks). Memory stays flat: [`IN_FLIGHT`] chunks of [`CHUNK_ROWS`] rows,
//! recycled.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::thread::JoinHandle;

use super::LedgerError;
use super::chunk::{CHUNK_ROWS, ChunkBuf};
use super::record::{Recording, RowRecord};

/// Chunks on their way to the writer (the run waits when the writer is behind).
const IN_FLIGHT: usize = 2;

/// A chunk and the upload files its rows are the first to go to.
#[derive(Default)]
struct Batch {
    chunk: ChunkBuf,
    new_files: Vec<(i64, String)>,
}

/// A [`Recording`] fed from the run's thread and written on its own.
pub struct Writer {
    batch: Batch,
    /// The number of the run's next row.
    next_row: u64,
    /// The run's upload files met so far (path → id) and the next id. Looked up for every
    /// written row: foldhash, not the default SipHash (which cost more than packing the row).
    files: HashMap<String, i64, foldhash::fast::FixedState>,
    /// The file of the last written row (path, id).
    last_file: Option<(String, i64)>,
    next_file_id: i64,
    to_writer: Option<SyncSender<Batch>>,
    back: Receiver<Batch>,
    thread: Option<JoinHandle<Result<Recording, LedgerError>>>,
}

impl Writer {
    /// Starts the writer thread; it calls `on_start` first (the run lowers its priority: it
    /// works beside the threads that bound the run), then starts the ledger's log
    /// ([`Recording::start_log`]).
    pub fn spawn(mut recording: Recording, on_start: fn()) -> Result<Writer, LedgerError> {
        let next_file_id = recording.next_file_id;
        let (to_writer, from_run) = sync_channel::<Batch>(IN_FLIGHT);
        let (back_tx, back) = channel::<Batch>();
        for _ in 0..IN_FLIGHT {
            let _ = back_tx.send(Batch::default());
        }
        let thread = std::thread::Builder::new()
            .name("orderbridge-ledger".into())
            .spawn(move || {
                on_start();
                recording.start_log()?;
                for mut batch in from_run {
                    recording.store(&batch.chunk, &batch.new_files)?;
                    batch.new_files.clear();
                    let _ = back_tx.send(batch);
                }
                Ok(recording)
            })
            .map_err(|e| {
                LedgerError::new(crate::i18n::Msg::new("ledger-cannot-write").arg("path", "").arg("detail", e))
            })?;
        let batch = back.recv().unwrap_or_default();
        Ok(Writer {
            batch,
            next_row: 0,
            files: HashMap::default(),
            last_file: None,
            next_file_id,
            to_writer: Some(to_writer),
            back,
            thread: Some(thread),
        })
    }

    /// Queues one row. An error of the writer (a failed insert) comes back here or from
    /// [`Writer::finish`].
    pub fn row(&mut self, r: &RowRecord<'_>) -> Result<(), LedgerError> {
        let file = r.file.map(|path| self.file_id(path));
        self.batch.chunk.push(r, file);
        self.next_row += 1;
        if self.batch.chunk.rows >= CHUNK_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// The id of the upload file at `path`, numbered when it is met first.
    fn file_id(&mut self, path: &str) -> i64 {
        // Consecutive rows mostly go to one file: compared, not hashed again.
        if let Some((last, id)) = &self.last_file
            && last == path
        {
            return *id;
        }
        let id = match self.files.get(path) {
            Some(id) => *id,
            None => {
                let id = self.next_file_id;
                self.next_file_id += 1;
                self.files.insert(path.to_string(), id);
                self.batch.new_files.push((id, path.to_string()));
                id
            }
        };
        match &mut self.last_file {
            Some((last, last_id)) => {
                last.clear();
                last.push_str(path);
                *last_id = id;
            }
            None => self.last_file = Some((path.to_string(), id)),
        }
        id
    }

    fn flush(&mut self) -> Result<(), LedgerError> {
        let next = match self.back.recv() {
            Ok(b) => b,
            Err(_) => return Err(self.join_error()),
        };
        let full = std::mem::replace(&mut self.batch, next);
        self.batch.chunk.reset(self.next_row);
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
        if self.batch.chunk.rows > 0 {
            self.flush()?;
        }
        self.to_writer = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            _ => Err(self.join_error()),
        }
    }
}
