//! The run's one commit: what the sinks prepared, made final together. Every sink that
//! changes a file adds its part here in [`super::Sink::prepare`]; only when every sink has
//! prepared (all files written out and synced) does [`Commit::apply`] change anything.

use std::path::PathBuf;

use crate::io::output::{OutputError, OutputSet};

/// Everything a run will change in its output folder.
#[derive(Default)]
pub struct Commit {
    /// Sets of written, synced files to rename into place, in order.
    files: Vec<OutputSet>,
    /// Files to remove (e.g. a reject file an earlier run left, listing rows now fixed).
    removals: Vec<PathBuf>,
}

impl Commit {
    /// Adds a set of files, already written out and synced.
    pub fn replace(&mut self, files: OutputSet) {
        self.files.push(files);
    }

    /// Adds a file to remove.
    pub fn remove(&mut self, path: PathBuf) {
        self.removals.push(path);
    }

    /// Makes every prepared change final: removals first, then the renames.
    pub fn apply(self) -> Result<(), OutputError> {
        for path in &self.removals {
            if path.is_file() {
                std::fs::remove_file(path)
                    .map_err(|source| OutputError::Io { path: path.display().to_string(), source })?;
            }
        }
        for set in self.files {
            set.commit()?;
        }
        Ok(())
    }
}
