//! Where a run's rows come from: a file (a path on disk), or bytes already in memory with a
//! name to show in messages (a page upload, a profile test's row).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use crate::engine::{InputEncoding, InputFormat};
use crate::io::input::{InputError, InputFile, STDIN_PATH};

use super::RunError;

/// Inputs smaller than this are read, decided and written on the calling thread: starting
/// two threads costs more than it saves on a few thousand rows.
pub const INLINE_MAX_BYTES: u64 = 1 << 20;

/// One input of a run.
#[derive(Debug, Clone)]
pub enum InputSource {
    /// A file on disk.
    Path(PathBuf),
    /// Bytes in memory, shown as `name` in messages and the reject file. `encoding`
    /// overrides the profile's input encoding (a profile test's row is UTF-8 text whatever
    /// the profile reads).
    Bytes { name: String, bytes: Vec<u8>, encoding: Option<InputEncoding> },
}

impl From<PathBuf> for InputSource {
    fn from(p: PathBuf) -> Self {
        InputSource::Path(p)
    }
}

impl From<&Path> for InputSource {
    fn from(p: &Path) -> Self {
        InputSource::Path(p.to_path_buf())
    }
}

impl InputSource {
    /// The name shown in messages.
    pub fn display(&self) -> String {
        match self {
            InputSource::Path(p) => p.display().to_string(),
            InputSource::Bytes { name, .. } => name.clone(),
        }
    }

    /// The file on disk, if it is one (no output may replace it).
    pub fn path(&self) -> Option<&Path> {
        match self {
            InputSource::Path(p) => Some(p),
            InputSource::Bytes { .. } => None,
        }
    }

    /// Opens the input: detects its encoding (and delimiter, unless `choice` names one) and
    /// reads its header. The second value says whether it is small enough to be run on the
    /// calling thread.
    pub fn open(&self, choice: InputFormat) -> Result<(InputFile, bool), InputError> {
        match self {
            InputSource::Path(p) => {
                let file = InputFile::open(p, choice)?;
                let small = std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() < INLINE_MAX_BYTES);
                Ok((file, small))
            }
            InputSource::Bytes { name, bytes, encoding } => {
                let size = bytes.len() as u64;
                let reader = Box::new(Cursor::new(bytes.clone()));
                let choice = encoding.map_or(choice, |encoding| InputFormat { encoding, ..choice });
                let file = InputFile::sniff(Path::new(name), reader, size, choice)?;
                Ok((file, size < INLINE_MAX_BYTES))
            }
        }
    }
}

/// Refuses the same file given twice: its rows would be written twice and its rejects listed
/// twice.
pub fn check_distinct(sources: &[InputSource]) -> Result<(), RunError> {
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut stdin = sources.iter().filter_map(InputSource::path).filter(|p| p.as_os_str() == STDIN_PATH);
    if let Some(p) = stdin.nth(1) {
        return Err(RunError::DuplicateInput(p.display().to_string()));
    }
    for p in sources.iter().filter_map(InputSource::path) {
        if let Ok(c) = p.canonicalize() {
            if seen.contains(&c) {
                return Err(RunError::DuplicateInput(p.display().to_string()));
            }
            seen.push(c);
        }
    }
    Ok(())
}
