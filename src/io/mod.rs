//! Bytes in and out: encoding and delimiter detection, decoding (UTF-16 transcoded as it
//! streams), CSV reading, strict encoding of upload rows, and atomic output files.

pub mod batch;
pub mod encode;
pub mod error;
pub mod headers;
pub mod input;
pub mod journal;
pub mod lines;
pub mod output;
pub mod platform;
pub mod sniff;
pub mod utf16;
