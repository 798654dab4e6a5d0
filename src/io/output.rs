//! The files of one run under `--out`, written to temporary names ([`OutDirLock::stage`]) in
//! their final folders while rows stream in. Nothing final changes here: the written files
//! are handed to the run's one [`super::journal::Transaction`], which renames them all into
//! place or none. Dropped uncommitted, a set's temporary files delete themselves.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::journal::{CommitError, OutDirLock, Staged};

/// Why an output file could not be written. The reader's words: [`OutputError::msg`].
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    Io { path: String, source: io::Error },
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    WouldOverwriteInput { path: String },
    #[error(transparent)]
    Commit(#[from] CommitError),
}

impl OutputError {
    /// What went wrong, as a catalog message.
    pub fn msg(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            OutputError::Io { path, source } => Msg::at_path(path, crate::i18n::io_error(source)),
            OutputError::WouldOverwriteInput { path } => Msg::at_path(path, Msg::new("output-would-overwrite-input")),
            OutputError::Commit(c) => c.msg(),
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.display().to_string(), source }
}

/// One file being written.
pub struct OutFile {
    /// Path relative to the output folder, with `/` separators.
    pub rel: String,
    pub final_path: PathBuf,
    /// The temporary file (none in a dry run), and the SHA-256 of what was written to it.
    writer: Option<(BufWriter<Staged>, Sha256)>,
    pub rows: u64,
    pub bytes: u64,
}

impl OutFile {
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        self.bytes += bytes.len() as u64;
        if let Some((w, hash)) = &mut self.writer {
            w.write_all(bytes).map_err(io_err(&self.final_path))?;
            hash.update(bytes);
        }
        Ok(())
    }
}

/// A file of the set written out: its path under the output folder, the staged file, and the
/// SHA-256 of its content (the manifest records it). The hash is taken as the bytes are
/// written, so the commit need not read every file back.
pub struct WrittenOut {
    pub rel: String,
    pub file: Staged,
    pub sha256: [u8; 32],
}

/// Identifies a file on disk whatever path names it (hard links, `..`, symbolic links).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The identity of the file at `path`, if it exists (and, elsewhere than Unix, `None`:
    /// there the canonical path is compared instead).
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| FileId { dev: m.dev(), ino: m.ino() })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }
}

/// Files no output may replace: the run's inputs, by identity and by canonical path.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    ids: Vec<FileId>,
    paths: Vec<PathBuf>,
}

impl Protected {
    pub fn new<'a>(inputs: impl Iterator<Item = &'a Path>) -> Self {
        let mut p = Protected::default();
        for path in inputs {
            p.ids.extend(FileId::of(path));
            p.paths.extend(path.canonicalize().ok());
        }
        p
    }

    /// Whether `path` (existing or not) is one of the protected files.
    pub fn contains(&self, path: &Path) -> bool {
        if FileId::of(path).is_some_and(|id| self.ids.contains(&id)) {
            return true;
        }
        let canon = match (path.parent().and_then(|d| d.canonicalize().ok()), path.file_name()) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => return false,
        };
        self.paths.contains(&canon)
    }
}

/// The files of one run under `--out`.
pub struct OutputSet {
    out_dir: PathBuf,
    /// The output folder's lock (none in a dry run: nothing is written).
    lock: Option<OutDirLock>,
    protected: Protected,
    pub files: Vec<OutFile>,
}

impl OutputSet {
    pub fn new(out_dir: &Path, lock: Option<OutDirLock>, protected: Protected) -> Self {
        OutputSet { out_dir: out_dir.to_path_buf(), lock, protected, files: Vec::new() }
    }

    /// Index of the file at `rel`, if it is open.
    pub fn find(&self, rel: &str) -> Option<usize> {
        self.files.iter().position(|f| f.rel == rel)
    }

    /// Index of the file at `rel`, opening it (and writing `header`) on first use.
    pub fn open(&mut self, rel: &str, header: &[u8]) -> Result<usize, OutputError> {
        if let Some(i) = self.find(rel) {
            return Ok(i);
        }
        let final_path = self.out_dir.join(rel);
        if self.protected.contains(&final_path) {
            return Err(OutputError::WouldOverwriteInput { path: final_path.display().to_string() });
        }
        let writer = match &self.lock {
            Some(lock) => Some((BufWriter::with_capacity(32 * 1024, lock.stage(&final_path)?), Sha256::new())),
            None => None,
        };
        self.files.push(OutFile { rel: rel.to_string(), final_path, writer, rows: 0, bytes: 0 });
        let i = self.files.len() - 1;
        self.files[i].write(header)?;
        Ok(i)
    }

    /// Writes out every buffer, renaming nothing: a full disk or any other write error shows
    /// up here (or when the transaction syncs the files), while every final file is still
    /// untouched. Returns the staged files with their paths under the output folder and their
    /// hashes, to be handed to the run's transaction.
    pub fn finish(self) -> Result<Vec<WrittenOut>, OutputError> {
        let mut staged = Vec::new();
        for f in self.files {
            if let Some((w, hash)) = f.writer {
                let file = w.into_inner().map_err(|e| OutputError::Io {
                    path: f.final_path.display().to_string(),
                    source: e.into_error(),
                })?;
                staged.push(WrittenOut { rel: f.rel, file, sha256: hash.finalize().into() });
            }
        }
        Ok(staged)
    }
}
