//! Bytes in and out: encoding detection and decoding, CSV reading, strict encoding of upload
//! rows, and atomic output files.

pub mod batch;
pub mod encode;
pub mod error;
pub mod headers;
pub mod input;
pub mod journal;
pub mod lines;
pub mod output;
pub mod platform;
pub mod utf16;
