//! The run's one commit: what the sinks prepared, made final together. Every sink that
//! changes a file adds its part here in [`super::Sink::prepare`]; only when every sink has
//! prepared (all files written out) does [`Commit::apply`] change anything, through one
//! journaled transaction on the output folder ([`crate::io::journal`]): all of it or none,
//! even if a rename fails or the process is killed.

use std::io::Write;
use std::path::PathBuf;

use crate::io::journal::{BeforePoint, OutDirLock, Staged};
use crate::io::output::{OutputError, Protected};

use super::manifest::Manifest;

/// Everything a run will change in its output folder.
pub struct Commit {
    /// Written files to rename into place, in order.
    staged: Vec<Staged>,
    /// Files to remove (the files of an archive older than the archive days).
    removals: Vec<PathBuf>,
    /// The run's inputs: never removed.
    protected: Protected,
    /// Files to move `(from, to)`: upload files of an earlier run into the archive.
    moves: Vec<(PathBuf, PathBuf)>,
    /// Committed after every file is in place (the ledger's transaction); see
    /// [`crate::io::journal::Transaction::commit_then`].
    last: Option<LastParticipant>,
    /// Files outside the output folder `(temporary, target)`: the report, renamed in the
    /// same transaction.
    outside: Vec<(PathBuf, PathBuf)>,
    /// Written after every rename, before the commit point (a report streamed to a pipe).
    before_point: Option<BeforePoint>,
    /// Folders to remove after the commit if it left them empty (pruned archives), deepest
    /// first.
    folders: Vec<PathBuf>,
    /// The output folder's manifest as the run leaves it (its path, and what it says): written
    /// once, with the entries of every profile of the run.
    manifest: Option<(PathBuf, Manifest)>,
}

/// A store committed last: its error becomes the run's, after the files were put back.
pub type LastParticipant = Box<dyn FnOnce() -> Result<(), crate::i18n::Msg>>;

impl Commit {
    pub fn new(protected: Protected) -> Self {
        Commit {
            staged: Vec::new(),
            removals: Vec::new(),
            protected,
            moves: Vec::new(),
            last: None,
            outside: Vec::new(),
            before_point: None,
            folders: Vec::new(),
            manifest: None,
        }
    }

    /// Adds files written out under temporary names. They are finished: their syncs start
    /// now, on a thread of their own, while the other sinks finish (the ledger records its
    /// run), so that the commit mostly finds them done.
    pub fn replace(&mut self, mut files: Vec<Staged>) {
        files.iter_mut().for_each(Staged::start_sync);
        self.staged.extend(files);
    }

    /// Adds a file to remove, if it exists when the run commits — unless it is one of the
    /// run's inputs (rerunning yesterday's reject file, fixed, must not delete it).
    pub fn remove(&mut self, path: PathBuf) {
        if !self.protected.contains(&path) {
            self.removals.push(path);
        }
    }

    /// Adds a file to move (an earlier run's upload file into the archive), unless it is an
    /// input of this run.
    pub fn archive(&mut self, from: PathBuf, to: PathBuf) {
        if !self.protected.contains(&from) {
            self.moves.push((from, to));
        }
    }

    /// Whether the commit moves the file at `path` (an earlier profile of the same run
    /// archives it).
    pub fn moves_from(&self, path: &std::path::Path) -> bool {
        self.moves.iter().any(|(from, _)| from == path)
    }

    /// Adds a written temporary file outside the output folder to rename over `target` with
    /// the rest (see [`crate::io::journal::Transaction::replace_outside`]).
    pub fn replace_outside(&mut self, temp: PathBuf, target: PathBuf) {
        self.outside.push((temp, target));
    }

    /// Adds a folder to remove once the commit has passed, if it is empty then (never one a
    /// link leads to: removing a link as a folder fails).
    pub fn remove_folder_if_empty(&mut self, dir: PathBuf) {
        if !self.folders.contains(&dir) {
            self.folders.push(dir);
        }
    }

    /// Sets what must be written after every rename and before the commit point.
    pub fn before_commit_point(&mut self, f: BeforePoint) {
        self.before_point = Some(f);
    }

    /// The manifest an earlier profile of the same run left (`None`: read the folder's own).
    pub fn take_manifest(&mut self) -> Option<Manifest> {
        self.manifest.take().map(|(_, m)| m)
    }

    /// Sets the output folder's manifest (at `path`) the commit writes.
    pub fn set_manifest(&mut self, path: PathBuf, manifest: Manifest) {
        self.manifest = Some((path, manifest));
    }

    /// Sets the store committed after the files (one per run: the ledger).
    pub fn last_participant(&mut self, last: LastParticipant) {
        self.last = Some(last);
    }

    /// Makes every prepared change final in one transaction. `lock` is `None` in a dry run,
    /// which changes nothing.
    pub fn apply(self, lock: Option<&OutDirLock>) -> Result<(), OutputError> {
        let Some(lock) = lock else { return Ok(()) };
        let mut staged = Vec::new();
        if let Some((path, manifest)) = &self.manifest {
            let json = serde_json::to_vec_pretty(manifest).expect("the manifest serialises");
            let mut file = lock.stage(path)?;
            file.write_all(&json).map_err(|source| OutputError::Io { path: path.display().to_string(), source })?;
            staged.push(file);
        }
        let mut tx = lock.transaction();
        // First, so that a failure below drops them with the transaction; the journal puts
        // them after the files of the output folder whatever the order here.
        for (temp, target) in &self.outside {
            tx.replace_outside(temp, target)?;
        }
        for staged in staged.into_iter().chain(self.staged) {
            tx.replace(staged)?;
        }
        for path in self.removals.iter().filter(|p| p.is_file()) {
            tx.remove_file(path)?;
        }
        for (from, to) in &self.moves {
            tx.move_file(from, to)?;
        }
        if let Some(f) = self.before_point {
            tx.before_commit_point(f);
        }
        match self.last {
            Some(last) => tx.commit_then(last)?,
            None => tx.commit()?,
        }
        let mut folders = self.folders;
        folders.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in folders {
            let _ = std::fs::remove_dir(d);
        }
        Ok(())
    }
}
