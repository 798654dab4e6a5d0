//! Bytes in and out: encoding and delimiter detection, decoding (UTF-16 transcoded as it
//! streams), CSV reading, strict encoding of upload rows, and atomic output files.

pub(crate) mod batch;
pub(crate) mod digest;
pub(crate) mod encode;
pub(crate) mod error;
pub(crate) mod headers;
pub(crate) mod input;
pub(crate) mod journal;
pub(crate) mod lines;
pub(crate) mod output;
pub(crate) mod platform;
pub(crate) mod sniff;
pub(crate) mod utf16;

// The reading side's public face, for the property tests and fuzz targets that feed it bytes
// directly: detecting an encoding, decoding fields, and decoding one record into a batch.
pub use batch::{BATCH_ROWS, FieldSpec, RowRead, decode_record};
pub use input::{FieldDecoder, InputFile, decode_into, decode_lossy};
pub use sniff::{Detected, detect};
