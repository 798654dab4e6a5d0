//! The upload files: each written row's bytes appended to its route's file, which is opened
//! (and its header written) on its first row, so a file no row goes to is never created.

use std::io::Write;

use crate::io::journal::OutDirLock;
use crate::io::output::{OutputError, OutputSet, Protected};
use crate::report::FileReport;
use crate::run::sink::FileText;

use super::super::manifest::{ARCHIVE_DIR, ArchiveRecord, MANIFEST_NAME, Manifest, Tidy, WrittenFile};
use super::super::sink::{DecidedRow, Prepare, Sink, SinkFinish};
use super::super::{RunError, RunOptions};
use crate::common::digest::hex;
use crate::engine::Outcome;
use crate::i18n::Msg;
use crate::report::SetAside;

pub struct UploadFiles {
    set: Option<OutputSet>,
    /// The header row, encoded, written at the top of every file.
    header: Vec<u8>,
    strict: bool,
    /// The files as they were planned (path, rows, bytes), kept when the set is handed to
    /// the commit.
    planned: Vec<FileReport>,
    /// `--strict` and a rejected row: no upload file is written.
    blocked: bool,
    /// Paths under the output folder that belong to other files of the run (the reject file,
    /// the report): a route that renders to one of them stops the run.
    reserved: Vec<String>,
    lock: Option<OutDirLock>,
    out_dir: std::path::PathBuf,
    profile: String,
    /// What happens to the files already in the output folder (decided in `prepare`).
    tidy: Tidy,
    /// The files written (path under the output folder, SHA-256), known after `prepare`.
    written: Vec<(String, String)>,
    /// The folder's manifest was not obeyed (known after `prepare`).
    set_aside: Option<SetAside>,
    /// Each upload path's display name and note, from the first batch that routed a row to it.
    texts: std::collections::HashMap<String, FileText>,
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
            set_aside: None,
            set: Some(OutputSet::new(&opts.out_dir, lock, protected)),
            header,
            strict: opts.strict,
            planned: Vec::new(),
            blocked: false,
            reserved,
            texts: std::collections::HashMap::new(),
        }
    }

    /// Every file rows went to, sorted by path, whether written or not.
    fn planned(&self) -> Vec<FileReport> {
        let mut files = match &self.set {
            Some(set) => {
                let text = |rel: &str| self.texts.get(rel).cloned().unwrap_or_default();
                let file = |f: &crate::io::output::OutFile| {
                    let FileText { label, note } = text(&f.rel);
                    FileReport { path: f.rel.clone(), rows: f.rows, bytes: f.bytes, label, note }
                };
                set.files.iter().map(file).collect()
            }
            None => self.planned.clone(),
        };
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for UploadFiles {
    fn file_texts(&mut self, paths: &[String], texts: &[FileText]) {
        for (path, text) in paths.iter().zip(texts) {
            if !self.texts.contains_key(path) {
                self.texts.insert(path.clone(), text.clone());
            }
        }
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let (Outcome::Written { path }, Some(set)) = (row.outcome, &mut self.set) else { return Ok(()) };
        // A route is checked against the run's other files once, when its file is opened.
        let i = match set.find(path) {
            Some(i) => i,
            None if self.reserved.iter().any(|r| r == path) => {
                return Err(RunError::Path(Msg::new("run-route-to-own-file").arg("path", path)));
            }
            None => set.open(path, &self.header)?,
        };
        let f = &mut set.files[i];
        f.write(row.bytes)?;
        f.rows += 1;
        Ok(())
    }

    /// Stages the upload files, the folder's new manifest (recording the lists written with
    /// them, `prep.lists`, so that a later run of the profile archives them as it archives its
    /// upload files) and the tidying of the previous run's files.
    fn prepare(&mut self, prep: &mut Prepare<'_>) -> Result<(), RunError> {
        self.planned = self.planned();
        let Some(set) = self.set.take() else { return Ok(()) };
        let (commit, lists) = (&mut *prep.commit, &prep.lists);
        // Dropping the set (strict) deletes its temporary files.
        self.blocked = self.strict && prep.rejected > 0;
        let staged = if self.blocked { Vec::new() } else { set.finish()? };
        let mut written_rels: Vec<String> =
            if self.blocked { Vec::new() } else { self.planned.iter().map(|f| f.path.clone()).collect() };
        written_rels.extend(lists.iter().map(|(rel, _)| rel.clone()));
        let now = jiff::Timestamp::now();
        let stamp = now.strftime("%Y%m%d-%H%M%SZ").to_string();
        // An earlier profile of the same run has read the folder's manifest and added its own
        // files to it: this profile goes on from there.
        let (mut manifest, distrust) = match commit.take_manifest() {
            Some(m) => (m, None),
            None => match Manifest::read(&self.out_dir) {
                Ok(m) => (m, None),
                Err((why, bytes)) => (Manifest::default(), Some((why, bytes))),
            },
        };
        // Another profile's list is never written over, nor is its upload file by a list.
        let listed = lists.iter().map(|(rel, _)| (rel, true));
        for (rel, any) in listed.chain(written_rels.iter().map(|r| (r, false))) {
            if let Some(owner) = manifest.owner_other_than(&self.profile, rel, any) {
                let msg = Msg::new("run-list-of-other-profile").arg("path", rel).arg("profile", owner);
                return Err(RunError::Path(msg));
            }
        }
        self.tidy = manifest.tidy(&self.out_dir, &self.profile, &written_rels, &self.reserved, &stamp);
        // What an earlier profile of the same run archives is that profile's, not a stranger.
        self.tidy.not_ours.retain(|rel| !commit.moves_from(&self.out_dir.join(rel)));
        self.set_aside = distrust.as_ref().map(|(why, _)| SetAside { problem: why.code().to_string(), kept_as: None });
        let Some(lock) = &self.lock else { return Ok(()) };
        let written: Vec<WrittenFile> =
            staged.iter().map(|f| WrittenFile { path: f.rel.clone(), sha256: hex(&f.sha256) }).collect();
        self.written = written.iter().map(|w| (w.path.clone(), w.sha256.clone())).collect();
        let expired = manifest.take_expired(now);
        if !self.tidy.archived.is_empty() {
            let files = self.tidy.archived.clone();
            manifest.archives.push(ArchiveRecord { dir: stamp.clone(), at: now.to_string(), files });
        }
        let lists =
            lists.iter().filter_map(|(path, sha)| Some(WrittenFile { path: path.clone(), sha256: sha.clone()? }));
        let lists = lists.collect();
        commit.set_manifest(self.out_dir.join(MANIFEST_NAME), manifest.with(&self.profile, written, lists));
        if let (Some((_, Some(bytes))), Some(aside)) = (distrust, &mut self.set_aside) {
            // Kept for whoever wants to see what it said; never read again.
            let rel = format!(".orderbridge.manifest.set-aside-{stamp}.json");
            let path = self.out_dir.join(&rel);
            aside.kept_as = Some(rel);
            let mut staged = lock.stage(&path).map_err(OutputError::from)?;
            staged
                .write_all(&bytes)
                .map_err(|source| RunError::Output(OutputError::Io { path: path.display().to_string(), source }))?;
            commit.replace(vec![staged]);
        }
        commit.replace(staged.into_iter().map(|f| f.file).collect());
        for (from, to) in &self.tidy.archive {
            commit.archive(from.clone(), to.clone());
        }
        // Pruning: exactly the files the tool archived, with the run's commit; then their
        // folders, if that leaves them empty.
        let archive = self.out_dir.join(ARCHIVE_DIR);
        for a in expired {
            let root = archive.join(&a.dir);
            for f in &a.files {
                let path = root.join(f);
                commit.remove(path.clone());
                let mut dir = path.parent();
                while let Some(d) = dir.filter(|d| d.starts_with(&root)) {
                    commit.remove_folder_if_empty(d.to_path_buf());
                    dir = d.parent();
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, fin: &mut SinkFinish<'_>) -> Result<(), RunError> {
        fin.report.upload_files(
            self.planned(),
            self.blocked,
            std::mem::take(&mut self.written),
            std::mem::take(&mut self.tidy.archived),
            std::mem::take(&mut self.tidy.not_ours),
            self.set_aside.take(),
        );
        Ok(())
    }
}
