//! The upload files: each written row's bytes appended to its route's file, which is opened
//! (and its header written) on its first row, so a file no row goes to is never created.

use std::io::Write;

use crate::io::journal::OutDirLock;
use crate::io::output::{OutputError, OutputSet, Protected};
use crate::report::FileReport;

use super::super::commit::Commit;
use super::super::manifest::{MANIFEST_NAME, Manifest, Tidy, WrittenFile, prune_archives, sha256_of};
use super::super::sink::{DecidedRow, Fate, Sink};
use super::super::{RunError, RunOptions};
use crate::i18n::Msg;

pub struct UploadFiles {
    set: Option<OutputSet>,
    /// The header row, encoded, written at the top of every file.
    header: Vec<u8>,
    strict: bool,
    /// The files as they were planned (path, rows, bytes), kept when the set is handed to
    /// the commit.
    planned: Vec<FileReport>,
    /// `--strict` and a rejected row: no upload file is written.
    pub blocked: bool,
    /// Paths under the output folder that belong to other files of the run (the reject file,
    /// the report): a route that renders to one of them stops the run.
    reserved: Vec<String>,
    lock: Option<OutDirLock>,
    out_dir: std::path::PathBuf,
    profile: String,
    /// What happens to the files already in the output folder (decided in `prepare`).
    pub tidy: Tidy,
    /// The files written (path under the output folder, SHA-256), known after `prepare`.
    pub written: Vec<(String, String)>,
}

impl UploadFiles {
    pub fn new(
        opts: &RunOptions,
        profile: &str,
        lock: Option<OutDirLock>,
        protected: Protected,
        header: Vec<u8>,
        reserved: Vec<String>,
    ) -> Self {
        UploadFiles {
            lock: lock.clone(),
            out_dir: opts.out_dir.clone(),
            profile: profile.to_string(),
            tidy: Tidy::default(),
            written: Vec::new(),
            set: Some(OutputSet::new(&opts.out_dir, lock, protected)),
            header,
            strict: opts.strict,
            planned: Vec::new(),
            blocked: false,
            reserved,
        }
    }

    /// Every file rows went to, sorted by path, whether written or not.
    pub fn planned(&self) -> Vec<FileReport> {
        let mut files = match &self.set {
            Some(set) => {
                set.files.iter().map(|f| FileReport { path: f.rel.clone(), rows: f.rows, bytes: f.bytes }).collect()
            }
            None => self.planned.clone(),
        };
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for UploadFiles {
    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let (Fate::Written { path }, Some(set)) = (row.fate, &mut self.set) else { return Ok(()) };
        // A route is checked against the run's other files once, when its file is opened.
        let i = match set.find(path) {
            Some(i) => i,
            None if self.reserved.iter().any(|r| r == path) => {
                return Err(RunError::Path(Msg::new("run-route-to-own-file").arg("path", path).to_string()));
            }
            None => set.open(path, &self.header)?,
        };
        let f = &mut set.files[i];
        f.write(row.bytes)?;
        f.rows += 1;
        Ok(())
    }

    fn prepare(&mut self, commit: &mut Commit, rejected: u64) -> Result<(), RunError> {
        self.planned = self.planned();
        let Some(set) = self.set.take() else { return Ok(()) };
        // Dropping the set (strict) deletes its temporary files.
        self.blocked = self.strict && rejected > 0;
        let staged = if self.blocked { Vec::new() } else { set.finish()? };
        let written_rels: Vec<String> =
            if self.blocked { Vec::new() } else { self.planned.iter().map(|f| f.path.clone()).collect() };
        let manifest = Manifest::read(&self.out_dir);
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%SZ").to_string();
        self.tidy = manifest.tidy(&self.out_dir, &self.profile, &written_rels, &self.reserved, &stamp);
        let Some(lock) = &self.lock else { return Ok(()) };
        let mut written = Vec::new();
        for (rel, f) in &staged {
            let sha256 = sha256_of(f.temp_path()).ok_or_else(|| {
                RunError::Path(format!("{}: {}", f.temp_path().display(), Msg::new("run-cannot-read-back")))
            })?;
            written.push(WrittenFile { path: rel.clone(), sha256 });
        }
        self.written = written.iter().map(|w| (w.path.clone(), w.sha256.clone())).collect();
        let json = serde_json::to_vec_pretty(&manifest.with(&self.profile, written)).expect("the manifest serialises");
        let manifest_path = self.out_dir.join(MANIFEST_NAME);
        let mut staged_manifest = lock.stage(&manifest_path).map_err(OutputError::from)?;
        staged_manifest.write_all(&json).map_err(|source| {
            RunError::Output(OutputError::Io { path: manifest_path.display().to_string(), source })
        })?;
        commit.replace(staged.into_iter().map(|(_, f)| f).collect());
        commit.replace(vec![staged_manifest]);
        for (from, to) in &self.tidy.archive {
            commit.archive(from.clone(), to.clone());
        }
        prune_archives(&self.out_dir);
        Ok(())
    }
}
