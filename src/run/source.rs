//! Where a run's rows come from: a file (a path on disk), or bytes already in memory with a
//! name to show in messages (a page upload, a profile test's row).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use crate::engine::{InputEncoding, InputFormat, Plan};
use crate::io::digest::InputDigest;
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
    /// A file on disk that messages and the reject file call by another name: a page's upload,
    /// kept under the server's run folder, is named as the browser sent it — so its lists are
    /// the bytes a command-line run on a file of that name writes.
    Named {
        /// Where the file is.
        path: PathBuf,
        /// A plain file name; its stem is `{input_stem}`.
        name: String,
    },
    /// Bytes in memory: a page upload, a profile test's row, an `init` sample.
    Bytes {
        /// What messages and the reject file call it; its stem is `{input_stem}`.
        name: String,
        /// The whole file, header row first.
        bytes: Vec<u8>,
        /// Overrides the profile's input encoding (a profile test's row is UTF-8 text whatever
        /// the profile reads); `None`: the profile's.
        encoding: Option<InputEncoding>,
    },
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
            InputSource::Named { name, .. } | InputSource::Bytes { name, .. } => name.clone(),
        }
    }

    /// The file on disk, if it is one (no output may replace it).
    pub fn path(&self) -> Option<&Path> {
        match self {
            InputSource::Path(p) | InputSource::Named { path: p, .. } => Some(p),
            InputSource::Bytes { .. } => None,
        }
    }

    /// Opens the input: detects its encoding (and delimiter, unless `choice` names one) and
    /// reads its header. The second value says whether it is small enough to be run on the
    /// calling thread.
    pub fn open(&self, choice: InputFormat) -> Result<(InputFile, bool), InputError> {
        self.open_as(choice, false).map(|(file, small, _)| (file, small))
    }

    /// [`InputSource::open`], with the input's SHA-256 for the ledger
    /// ([`InputFile::open_hashing`]: a small file's from the bytes the run reads, known once it
    /// has read them all; a large one's by a thread of its own). Bytes in memory are hashed at
    /// once; standard input is not hashed (`None`).
    pub(crate) fn open_hashing(
        &self,
        choice: InputFormat,
    ) -> Result<(InputFile, bool, Option<InputDigest>), InputError> {
        self.open_as(choice, true)
    }

    fn open_as(&self, choice: InputFormat, hash: bool) -> Result<(InputFile, bool, Option<InputDigest>), InputError> {
        match self {
            InputSource::Path(p) => {
                let (file, digest) =
                    if hash { InputFile::open_hashing(p, choice)? } else { (InputFile::open(p, choice)?, None) };
                let small = std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() < INLINE_MAX_BYTES);
                Ok((file, small, digest))
            }
            InputSource::Named { path, name } => {
                let (mut file, small, digest) = InputSource::Path(path.clone()).open_as(choice, hash)?;
                file.display = name.clone();
                Ok((file, small, digest))
            }
            InputSource::Bytes { name, bytes, encoding } => {
                let size = bytes.len() as u64;
                let digest = hash.then(|| InputDigest::of_bytes(bytes));
                let reader = Box::new(Cursor::new(bytes.clone()));
                let choice = encoding.map_or(choice, |encoding| InputFormat { encoding, ..choice });
                let file = InputFile::sniff(Path::new(name), reader, size, choice)?;
                Ok((file, size < INLINE_MAX_BYTES, digest))
            }
        }
    }
}

/// Refuses the same file given twice: its rows would be written twice and its rejects listed
/// twice. "The same" is by identity, not by name: on Unix the same device and inode (a hard
/// link or a symbolic link is the same file), elsewhere the same canonical path. `-` (standard
/// input) may be given once.
pub fn check_distinct(sources: &[InputSource]) -> Result<(), RunError> {
    let mut stdin = sources.iter().filter_map(InputSource::path).filter(|p| p.as_os_str() == STDIN_PATH);
    if let Some(p) = stdin.nth(1) {
        return Err(RunError::DuplicateInput(crate::i18n::Msg::text(p.display())));
    }
    let mut seen: Vec<(FileId, &Path)> = Vec::new();
    for p in sources.iter().filter_map(InputSource::path).filter(|p| p.as_os_str() != STDIN_PATH) {
        // A file that cannot be looked at is reported when it is opened.
        let Some(id) = file_id(p) else { continue };
        if let Some((_, first)) = seen.iter().find(|(i, _)| *i == id) {
            let what = if *first == p {
                crate::i18n::Msg::text(p.display())
            } else {
                let same = crate::i18n::Msg::new("run-same-file-as").arg("first", first.display());
                crate::i18n::Msg::text(p.display()).then(" ", same)
            };
            return Err(RunError::DuplicateInput(what));
        }
        seen.push((id, p));
    }
    Ok(())
}

/// What makes a file the same file, whatever it is called.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

#[cfg(unix)]
fn file_id(p: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(p: &Path) -> Option<FileId> {
    p.canonicalize().ok()
}

/// Refuses two inputs with the same file stem when the profile's routes name files after
/// their input (`{input_stem}`): both would go into the same upload file (and the second
/// would look like the first one's rows). Checked before any row is read.
pub fn check_stems(sources: &[InputSource], plan: &Plan) -> Result<(), RunError> {
    if !plan.uses_input_stem() {
        return Ok(());
    }
    let mut seen: Vec<(String, String)> = Vec::new();
    for s in sources {
        let stem = stem_of(s);
        let key = stem_key(&stem);
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(RunError::Input(InputError::Format {
                path: s.display(),
                message: crate::i18n::Msg::new("input-same-stem").arg("stem", &stem).arg("first", first),
            }));
        }
        seen.push((key, s.display()));
    }
    Ok(())
}

/// An input's stem as `{input_stem}` renders it (see the run: the file name without its
/// extension).
fn stem_of(s: &InputSource) -> String {
    let path = match s {
        InputSource::Path(p) => p.as_path(),
        InputSource::Named { name, .. } | InputSource::Bytes { name, .. } => Path::new(name),
    };
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Stems that name one file: on file systems that ignore case by default (Windows, macOS),
/// `Up` and `up` are the same file too.
fn stem_key(stem: &str) -> String {
    if cfg!(any(windows, target_os = "macos")) { stem.to_lowercase() } else { stem.to_string() }
}
