//! The reader stage of a run: records read, parsed and decoded in batches. Batches go back
//! to the reader to be refilled, so their buffers are reused and memory stays flat.

use super::input::{Binding, FieldDecoder, InputError, InputFile};

/// Records per batch. Each hand-off between threads costs a wake-up (a futex call and often a
/// context switch on two cores), so batches hold hundreds of rows; their text is kept in flat
/// buffers, not one allocation per field. Memory goes with the rows in flight, this times
/// `run::pipeline`'s batches in flight: four batches of 512 hold as many as the two of 1024
/// before, and leave the stages less time waiting on each other (see there).
pub const BATCH_ROWS: usize = 512;

/// Bytes a batch's record buffer starts with: an order row is a few hundred bytes.
const RECORD_BYTES: usize = 256;

/// How a record was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowRead {
    /// Every field the profile reads is decoded.
    Ok,
    /// The record has another number of fields than the header.
    FieldCount {
        /// How many fields the record has.
        found: usize,
    },
    /// The named column holds bytes that are not valid text in the file's encoding.
    Undecodable {
        /// The header name of the column, as the file has it.
        column: String,
    },
}

/// A batch of records and their decoded fields.
#[derive(Debug)]
pub struct Batch {
    pub len: usize,
    pub records: Vec<csv::ByteRecord>,
    /// The decoded fields of every record, back to back, in the profile's field order.
    pub text: String,
    /// Per record and field (index `record * field_count + field`): where the field ends in
    /// `text`. It starts where the one before it ends.
    pub ends: Vec<usize>,
    field_count: usize,
    /// Per record: how it was read.
    pub read: Vec<RowRead>,
    /// Per record: the row Excel shows it on (the header is row 1; a record with line breaks
    /// inside quotes is one row). Errors about broken quoting name physical lines instead.
    pub lines: Vec<u64>,
    /// Bytes of the file consumed after this batch.
    pub position: u64,
}

impl Batch {
    pub fn new(field_count: usize) -> Self {
        Batch {
            len: 0,
            // Grown as records arrive (then kept): a one-row input costs one record, not a whole batch.
            records: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
            field_count,
            read: Vec::new(),
            lines: Vec::new(),
            position: 0,
        }
    }

    fn clear(&mut self) {
        self.len = 0;
        self.text.clear();
        self.ends.clear();
    }

    /// The decoded fields of record `i`, in the profile's field order (empty strings when
    /// the record was not read as [`RowRead::Ok`]).
    pub fn fields(&self, i: usize) -> impl Iterator<Item = &str> {
        let n = self.field_count;
        // (A profile may read no field at all: then every record has no ends.)
        let mut start = if i * n == 0 { 0 } else { self.ends[i * n - 1] };
        self.ends[i * n..(i + 1) * n].iter().map(move |&end| {
            let f = &self.text[start..end];
            start = end;
            f
        })
    }
}

/// What the reader needs of the profile's input section.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// Where each of the profile's fields is in this file's records (`None`: absent).
    pub binding: Binding,
    /// Per field, the value used when its column is absent.
    pub defaults: Vec<String>,
    /// Whether each decoded field loses its surrounding white space (the profile's `trim`).
    pub trim: bool,
}

impl FieldSpec {
    /// `defaults`: per field, in the profile's order, the text used when its column is absent.
    pub fn new(binding: Binding, defaults: Vec<String>, trim: bool) -> Self {
        FieldSpec { binding, defaults, trim }
    }

    /// A decoder for these fields (it trims them if the profile says so).
    pub fn decoder(&self) -> FieldDecoder {
        FieldDecoder::new(self.defaults.len(), self.trim)
    }
}

/// Refills `batch` with up to [`BATCH_ROWS`] records of `file`. `Ok(false)` when the file
/// ended (the batch may still hold rows), `Ok(true)` when the batch is full.
pub fn fill_batch(
    file: &mut InputFile,
    spec: &FieldSpec,
    batch: &mut Batch,
    decoder: &mut FieldDecoder,
) -> Result<bool, InputError> {
    let width = file.header.len();
    batch.clear();
    while batch.len < BATCH_ROWS {
        let i = batch.len;
        if i == batch.records.len() {
            // Sized for a typical export row at once: grown from empty, each of the batch's
            // records took about ten reallocations on its first fill.
            batch.records.push(csv::ByteRecord::with_capacity(RECORD_BYTES, width));
            batch.read.push(RowRead::Ok);
            batch.lines.push(0);
        }
        if !file.read(&mut batch.records[i])? {
            batch.position = file.position();
            return Ok(false);
        }
        file.line(&batch.records[i]);
        batch.lines[i] = file.row();
        batch.read[i] = decode_record(file, spec, &batch.records[i], &mut batch.text, &mut batch.ends, decoder, width);
        batch.len += 1;
    }
    batch.position = file.position();
    Ok(true)
}

/// Decodes the fields the profile reads from one record, appending them to `text` (in the
/// profile's field order) and their end offsets to `ends`: trimmed by `decoder` (made by
/// [`FieldSpec::decoder`]), defaults for absent columns. The record's width is checked first. Exactly one end per field is pushed whatever
/// the outcome (fields not decoded are empty), so records stay at fixed positions in `ends`.
pub fn decode_record(
    file: &InputFile,
    spec: &FieldSpec,
    rec: &csv::ByteRecord,
    text: &mut String,
    ends: &mut Vec<usize>,
    decoder: &mut FieldDecoder,
    width: usize,
) -> RowRead {
    let first = ends.len();
    let fill = |ends: &mut Vec<usize>, len: usize| ends.resize(first + spec.binding.columns.len(), len);
    if rec.len() != width {
        fill(ends, text.len());
        return RowRead::FieldCount { found: rec.len() };
    }
    for (i, col) in spec.binding.columns.iter().enumerate() {
        let start = text.len();
        match col {
            Some(c) => {
                if decoder.decode(i, file.encoding, &rec[*c], text).is_err() {
                    text.truncate(start);
                    fill(ends, start);
                    return RowRead::Undecodable { column: file.header[*c].clone() };
                }
            }
            None => text.push_str(&spec.defaults[i]),
        }
        ends.push(text.len());
    }
    RowRead::Ok
}
