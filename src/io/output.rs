//! Upload files written atomically: every file goes to a temporary name in its own folder and
//! is renamed into place only when the whole run has succeeded. A failed or interrupted run
//! leaves the old file or the complete new one, never a half-written one.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Prefix of temporary files; a leftover from a killed run is recognisable and never looks
/// like an upload file.
pub const TEMP_PREFIX: &str = ".orderbridge-";
pub const TEMP_SUFFIX: &str = ".partial";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path}: refusing to write over an input file")]
    WouldOverwriteInput { path: String },
}

/// A temporary-file builder for output files: the recognisable prefix and suffix, and (on
/// Unix) mode 0666 less the umask — what any file the shop's user creates gets — instead of a
/// temporary file's 0600, so an uploader account or a shared folder can read the result.
pub fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.display().to_string(), source }
}

/// A file's temporary, being written or written out and synced, waiting for its rename.
enum Pending {
    Writing(BufWriter<NamedTempFile>),
    Flushed(NamedTempFile),
}

/// One file being written.
pub struct OutFile {
    /// Path relative to the output folder, with `/` separators.
    pub rel: String,
    pub final_path: PathBuf,
    writer: Option<Pending>,
    pub rows: u64,
    pub bytes: u64,
}

impl OutFile {
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        self.bytes += bytes.len() as u64;
        if let Some(Pending::Writing(w)) = &mut self.writer {
            w.write_all(bytes).map_err(io_err(&self.final_path))?;
        }
        Ok(())
    }
}

/// The files of one run under `--out`.
pub struct OutputSet {
    out_dir: PathBuf,
    dry_run: bool,
    /// Canonical paths of the inputs, which no output may replace.
    protected: Vec<PathBuf>,
    pub files: Vec<OutFile>,
    /// Folders this run created, removed again if the run fails and leaves them empty.
    created_dirs: Vec<PathBuf>,
}

impl OutputSet {
    pub fn new(out_dir: &Path, dry_run: bool, inputs: &[PathBuf]) -> Self {
        let protected = inputs.iter().filter_map(|p| p.canonicalize().ok()).collect();
        OutputSet { out_dir: out_dir.to_path_buf(), dry_run, protected, files: Vec::new(), created_dirs: Vec::new() }
    }

    /// Index of the file at `rel`, opening it (and writing `header`) on first use.
    pub fn open(&mut self, rel: &str, header: &[u8]) -> Result<usize, OutputError> {
        if let Some(i) = self.files.iter().position(|f| f.rel == rel) {
            return Ok(i);
        }
        let final_path = self.out_dir.join(rel);
        let writer = if self.dry_run { None } else { Some(Pending::Writing(self.create(&final_path)?)) };
        self.files.push(OutFile { rel: rel.to_string(), final_path, writer, rows: 0, bytes: 0 });
        let i = self.files.len() - 1;
        self.files[i].write(header)?;
        Ok(i)
    }

    fn create(&mut self, final_path: &Path) -> Result<BufWriter<NamedTempFile>, OutputError> {
        let dir = final_path.parent().unwrap_or(Path::new("."));
        self.create_dirs(dir)?;
        if let (Ok(canon_dir), Some(name)) = (dir.canonicalize(), final_path.file_name())
            && self.protected.contains(&canon_dir.join(name))
        {
            return Err(OutputError::WouldOverwriteInput { path: final_path.display().to_string() });
        }
        let tmp = temp_builder().tempfile_in(dir).map_err(io_err(dir))?;
        Ok(BufWriter::with_capacity(32 * 1024, tmp))
    }

    fn create_dirs(&mut self, dir: &Path) -> Result<(), OutputError> {
        let mut missing = Vec::new();
        let mut d = dir;
        while !d.as_os_str().is_empty() && !d.exists() {
            missing.push(d.to_path_buf());
            match d.parent() {
                Some(p) => d = p,
                None => break,
            }
        }
        for m in missing.into_iter().rev() {
            std::fs::create_dir(&m).map_err(io_err(&m))?;
            self.created_dirs.push(m);
        }
        Ok(())
    }

    /// Flushes and renames every file into place.
    /// Writes out every buffer and syncs every temporary file to disk, renaming nothing: a
    /// full disk or any other write error shows up here, while every final file is still
    /// untouched. Call it for every set of a run before [`OutputSet::commit`]ting any.
    pub fn flush(&mut self) -> Result<(), OutputError> {
        for f in &mut self.files {
            f.writer = match f.writer.take() {
                Some(Pending::Writing(w)) => {
                    let tmp = w.into_inner().map_err(|e| OutputError::Io {
                        path: f.final_path.display().to_string(),
                        source: e.into_error(),
                    })?;
                    tmp.as_file().sync_all().map_err(io_err(&f.final_path))?;
                    Some(Pending::Flushed(tmp))
                }
                other => other,
            };
        }
        Ok(())
    }

    /// Renames every file into place (flushing first if [`OutputSet::flush`] was not called).
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.flush()?;
        for f in &mut self.files {
            if let Some(Pending::Flushed(tmp)) = f.writer.take() {
                tmp.persist(&f.final_path)
                    .map_err(|e| OutputError::Io { path: f.final_path.display().to_string(), source: e.error })?;
            }
        }
        self.created_dirs.clear();
        Ok(())
    }
}

impl Drop for OutputSet {
    /// A set dropped without [`OutputSet::commit`] deletes its temporary files (the
    /// `NamedTempFile`s do) and the folders it created, if they are empty.
    fn drop(&mut self) {
        for f in &mut self.files {
            f.writer.take();
        }
        for d in self.created_dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}
