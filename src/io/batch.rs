//! The reader side of a run's two-thread pipeline: one thread reads, parses and decodes
//! records in batches while the other decides and writes them. Batches go back to the reader
//! to be refilled, so their buffers are reused and memory stays flat.

use std::sync::mpsc::{Receiver, SyncSender};

use super::input::{Binding, FieldDecoder, InputError, InputFile};

/// Records per batch: large enough to make channel hand-offs rare, small enough to keep
/// memory low (a few hundred KiB per batch).
pub const BATCH_ROWS: usize = 256;

/// How a record was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowRead {
    /// Every field the profile reads is decoded into `fields`.
    Ok,
    /// The record has another number of fields than the header.
    FieldCount { found: usize },
    /// The named column holds bytes that are not valid text in the file's encoding.
    Undecodable { column: String },
}

/// A batch of records and their decoded fields.
#[derive(Debug)]
pub struct Batch {
    pub len: usize,
    pub records: Vec<csv::ByteRecord>,
    /// Per record: its fields in the profile's field order, and how it was read.
    pub fields: Vec<Vec<String>>,
    pub read: Vec<RowRead>,
    /// Per record: the physical line it starts on.
    pub lines: Vec<u64>,
    /// Bytes of the file consumed after this batch.
    pub position: u64,
}

impl Batch {
    pub fn new(field_count: usize) -> Self {
        Batch {
            len: 0,
            records: (0..BATCH_ROWS).map(|_| csv::ByteRecord::new()).collect(),
            fields: (0..BATCH_ROWS).map(|_| vec![String::new(); field_count]).collect(),
            read: vec![RowRead::Ok; BATCH_ROWS],
            lines: vec![0; BATCH_ROWS],
            position: 0,
        }
    }
}

/// What the reader needs of the profile's input section.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub binding: Binding,
    /// Per field, the value used when its column is absent.
    pub defaults: Vec<String>,
    pub trim: bool,
}

impl FieldSpec {
    pub fn new(plan: &crate::engine::Plan, binding: Binding) -> Self {
        FieldSpec {
            binding,
            defaults: plan.input.fields.iter().map(|f| f.default.clone().unwrap_or_default()).collect(),
            trim: plan.input.trim,
        }
    }
}

/// Reads `file` to its end, sending filled batches to the senders in turn (batch `n` to
/// `txs[n % txs.len()]`, so a consumer that reads them in the same turn sees input order) and
/// taking empty ones from `empty`. Stops early, without error, when a consumer hangs up.
pub fn read_batches(
    file: &mut InputFile,
    spec: &FieldSpec,
    txs: &[SyncSender<Result<Batch, InputError>>],
    empty: &Receiver<Batch>,
) {
    let width = file.header.len();
    let mut decoder = FieldDecoder::new(spec.defaults.len());
    for turn in 0.. {
        let tx = &txs[turn % txs.len()];
        let Ok(mut batch) = empty.recv() else { return };
        batch.len = 0;
        while batch.len < BATCH_ROWS {
            let i = batch.len;
            match file.read(&mut batch.records[i]) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
            batch.lines[i] = file.line(&batch.records[i]);
            batch.read[i] = decode_record(file, spec, &batch.records[i], &mut batch.fields[i], &mut decoder, width);
            batch.len += 1;
        }
        batch.position = file.position();
        let done = batch.len < BATCH_ROWS;
        if tx.send(Ok(batch)).is_err() || done {
            return;
        }
    }
}

/// Decodes the fields the profile reads from one record into `fields` (in the profile's
/// field order): trimmed, defaults for absent columns. The record's width is checked first.
pub fn decode_record(
    file: &InputFile,
    spec: &FieldSpec,
    rec: &csv::ByteRecord,
    fields: &mut [String],
    decoder: &mut FieldDecoder,
    width: usize,
) -> RowRead {
    if rec.len() != width {
        return RowRead::FieldCount { found: rec.len() };
    }
    for (i, (col, out)) in spec.binding.columns.iter().zip(fields.iter_mut()).enumerate() {
        out.clear();
        match col {
            Some(c) => {
                if decoder.decode(i, file.encoding, &rec[*c], out).is_err() {
                    return RowRead::Undecodable { column: file.header[*c].clone() };
                }
                if spec.trim {
                    crate::engine::text::trim_in_place(out);
                }
            }
            None => out.push_str(&spec.defaults[i]),
        }
    }
    RowRead::Ok
}
