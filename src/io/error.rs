//! What stops a run before any row is decided: an input that cannot be read, or whose header
//! does not fit the profile. Every variant names the file; `At` also its line.

use std::io;

/// Something that stops a run before any row is decided.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {}", crate::i18n::io_error(.source))]
    Io { path: String, source: io::Error },
    #[error("{path}: {message}")]
    Format { path: String, message: String },
    #[error("{path}:{line}: {message}")]
    At { path: String, line: u64, message: String },
}
