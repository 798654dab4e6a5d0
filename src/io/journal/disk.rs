//! The journal on disk, and what recovery and rollback do with it.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{CommitError, LOCK_NAME, io_err};
use super::{TEMP_PREFIX, TEMP_SUFFIX};
use crate::io::platform;

pub(super) const JOURNAL_NAME: &str = ".orderbridge-journal";
/// The journal's own temporary: a leftover matches the sweep's pattern.
pub(super) const JOURNAL_TEMP: &str = ".orderbridge-journal.partial";
/// The committed journal's temporary, written before the first rename and renamed over the
/// journal at the commit point (a leftover is swept like the other).
pub(super) const COMMITTED_TEMP: &str = ".orderbridge-journal-committed.partial";
pub(super) const BACKUP_SUFFIX: &str = ".backup";
const VERSION: u32 = 1;
/// How many folder levels below the output folder the sweep looks for leftovers.
const SWEEP_DEPTH: usize = 8;

/// Every path is relative to the output folder, with `/` separators.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(super) struct Journal {
    pub version: u32,
    /// Set by the rewrite that is the commit point.
    pub committed: bool,
    pub ops: Vec<Op>,
    /// The transaction's temporary files, deleted by a rollback.
    pub temps: Vec<String>,
    /// Folders created for the run, outermost first, removed by a rollback if left empty.
    pub dirs: Vec<String>,
}

/// One operation: `target` moves to `backup` (if it `existed`), then `source` (a staged
/// temporary or a moved file) is renamed to `target`; no `source` removes `target`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(super) struct Op {
    pub source: Option<String>,
    pub target: String,
    pub backup: String,
    pub existed: bool,
    /// A file of the run outside the output folder (the report): its paths are absolute, its
    /// source a temporary and its backup beside the target, so that it too is undone or
    /// completed with the rest.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub outside: bool,
    /// For a file outside the folder: the XXH3-64 of the bytes the run staged (hex). A
    /// recovery moves such a target away only if it still holds exactly those bytes and is a
    /// run report, so a journal edited by someone who can write the output folder cannot make
    /// the tool rename or delete any other file outside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
}

impl Op {
    /// One of this operation's paths, on disk.
    pub fn path(&self, out_dir: &Path, p: &str) -> PathBuf {
        if self.outside { PathBuf::from(p) } else { abs(out_dir, p) }
    }

    /// Whether the paths are what the commit writes: plain paths below the output folder
    /// through no symbolic link, or (outside) absolute ones whose temporary and backup carry
    /// the tool's names, beside the target, with the staged bytes' hash. A journal edited or
    /// damaged otherwise is refused rather than obeyed.
    fn is_valid(&self, out_dir: &Path) -> bool {
        let own = |p: &str| Path::new(p).file_name().and_then(|n| n.to_str()).is_some_and(is_leftover);
        if self.outside {
            let beside =
                |p: &str| Path::new(p).is_absolute() && Path::new(p).parent() == Path::new(&self.target).parent();
            Path::new(&self.target).is_absolute()
                && beside(&self.backup)
                && own(&self.backup)
                && self.source.as_deref().is_some_and(|s| beside(s) && own(s))
                && self.written.is_some()
        } else {
            let plain = |p: &str| is_plain(p) && link_on_the_way(out_dir, p).is_none();
            plain(&self.target) && plain(&self.backup) && self.source.as_deref().is_none_or(plain)
        }
    }
}

/// The hash recorded for bytes staged outside the output folder ([`Op::written`]).
pub(super) fn staged_hash(bytes: &[u8]) -> String {
    format!("{:016x}", twox_hash::XxHash3_64::oneshot(bytes))
}

/// Whether the file at `path` is the one this run staged outside the folder: a run report
/// (a JSON object with `profile`, `as_of` and `rows`) holding exactly the recorded bytes.
fn is_staged_report(path: &Path, written: Option<&str>) -> bool {
    /// Larger than any run report; a larger file is not read.
    const LIMIT: u64 = 64 << 20;
    let ok = fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() <= LIMIT);
    let Some(bytes) = ok.then(|| fs::read(path).ok()).flatten() else { return false };
    if written != Some(staged_hash(&bytes).as_str()) {
        return false;
    }
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .is_ok_and(|v| ["profile", "as_of", "rows"].iter().all(|k| v.get(k).is_some()))
}

/// The first symbolic link on the way from `out_dir` to the folder of `rel` (a relative path
/// with `/` separators), if any: a path through a link would leave the output folder.
pub(super) fn link_on_the_way(out_dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut dir = out_dir.to_path_buf();
    let folders: Vec<&str> = rel.split('/').collect();
    folders[..folders.len().saturating_sub(1)].iter().find_map(|part| {
        dir.push(part);
        fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()).then(|| dir.clone())
    })
}

/// A relative path of plain names (no `.`, `..`, empty name or root).
fn is_plain(rel: &str) -> bool {
    !rel.is_empty() && rel.split('/').all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains('\\'))
}

impl Journal {
    pub fn new(ops: Vec<Op>, temps: Vec<String>, dirs: Vec<String>) -> Journal {
        Journal { version: VERSION, committed: false, ops, temps, dirs }
    }
}

pub(super) fn abs(out_dir: &Path, rel: &str) -> PathBuf {
    let mut p = out_dir.to_path_buf();
    p.extend(rel.split('/'));
    p
}

fn exists(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok()
}

fn parent(p: &Path) -> PathBuf {
    p.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Writes the journal durably and atomically: a temporary file, synced, renamed over the
/// journal, and the folder synced. A reader sees the old journal or the new one, never half.
pub(super) fn write(out_dir: &Path, j: &Journal) -> Result<(), CommitError> {
    let temp = write_temp(out_dir, j, JOURNAL_TEMP)?;
    temp.sync()?;
    temp.install()
}

/// Writes `j` to the temporary `name` (a new file, never one a link leads to) and starts its
/// writeback, for [`JournalTemp::sync`] and then [`JournalTemp::install`]: a commit writes
/// both its journals this way before it syncs its files, so that one sync of the file system
/// covers all of them.
pub(super) fn write_temp(out_dir: &Path, j: &Journal, name: &str) -> Result<JournalTemp, CommitError> {
    let tmp = out_dir.join(name);
    let path = out_dir.join(JOURNAL_NAME);
    let failed = |e: io::Error| io_err(&path, "commit-writing-journal")(e);
    let bytes = serde_json::to_vec_pretty(j).map_err(io::Error::other).map_err(failed)?;
    let _ = fs::remove_file(&tmp);
    let file = fs::OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(failed)?;
    super::live().push(tmp.clone());
    let temp = JournalTemp { file: Some(file), tmp, out_dir: out_dir.to_path_buf() };
    let mut file = temp.file.as_ref().expect("just opened");
    file.write_all(&bytes).map_err(failed)?;
    platform::start_writeback(file, 0, bytes.len() as u64);
    Ok(temp)
}

/// A journal written to its temporary, not yet in place; dropped before
/// [`JournalTemp::install`], it deletes the temporary.
pub(super) struct JournalTemp {
    /// `None` once installed.
    file: Option<fs::File>,
    tmp: PathBuf,
    out_dir: PathBuf,
}

impl JournalTemp {
    pub(super) fn sync(&self) -> Result<(), CommitError> {
        let file = self.file.as_ref().expect("a journal's temporary is open until installed");
        platform::sync_file(file, &self.tmp).map_err(io_err(&self.out_dir.join(JOURNAL_NAME), "commit-writing-journal"))
    }

    /// Renames the (synced) temporary over the journal and syncs the folder.
    pub(super) fn install(mut self) -> Result<(), CommitError> {
        self.file = None;
        let path = self.out_dir.join(JOURNAL_NAME);
        let res = platform::rename(&self.tmp, &path);
        if res.is_err() {
            let _ = fs::remove_file(&self.tmp);
        }
        super::unregister(std::slice::from_ref(&self.tmp));
        res.and_then(|()| platform::sync_dir(&self.out_dir)).map_err(io_err(&path, "commit-writing-journal"))
    }
}

impl Drop for JournalTemp {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
            super::unregister(std::slice::from_ref(&self.tmp));
        }
    }
}

fn read(out_dir: &Path) -> Result<Option<Journal>, CommitError> {
    let path = out_dir.join(JOURNAL_NAME);
    let corrupt =
        |reason: crate::i18n::Msg| CommitError::CorruptJournal { journal: path.display().to_string(), reason };
    if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Err(corrupt(crate::i18n::Msg::new("journal-not-a-file")));
    }
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(&path, "commit-reading-journal")(e)),
    };
    let j: Journal = serde_json::from_slice(&bytes)
        .map_err(|e| corrupt(crate::i18n::Msg::new("journal-unreadable").arg("error", e.to_string())))?;
    if j.version != VERSION {
        return Err(corrupt(crate::i18n::Msg::new("journal-version").arg("found", j.version).arg("expected", VERSION)));
    }
    if !j.ops.iter().all(|op| op.is_valid(out_dir)) || !j.temps.iter().chain(&j.dirs).all(|p| is_plain(p)) {
        return Err(corrupt(crate::i18n::Msg::new("journal-foreign-path")));
    }
    Ok(Some(j))
}

/// Deletes the journal and syncs the folder.
pub(super) fn remove(out_dir: &Path) -> io::Result<()> {
    match fs::remove_file(out_dir.join(JOURNAL_NAME)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    platform::sync_dir(out_dir)
}

/// Undoes every operation of `j`, last first, inferring from the files present how far each
/// got, so it is right after an in-process failure and after a kill at any point, and may run
/// again after failing part way. Deletes the temporaries and removes the created folders left
/// empty. Returns what could not be undone; the caller keeps the journal if anything.
pub(super) fn roll_back(out_dir: &Path, j: &Journal) -> Vec<String> {
    let mut failures = Vec::new();
    let mut touched = BTreeSet::new();
    let mut rename = |from: &Path, to: &Path, failures: &mut Vec<String>| match platform::rename(from, to) {
        Ok(()) => {
            touched.insert(parent(from));
            touched.insert(parent(to));
            true
        }
        Err(e) => {
            failures.push(format!("{} -> {}: {e}", from.display(), to.display()));
            false
        }
    };
    for op in j.ops.iter().rev() {
        let (target, backup) = (op.path(out_dir, &op.target), op.path(out_dir, &op.backup));
        let backed_up = exists(&backup);
        if let Some(source) = &op.source {
            let source = op.path(out_dir, source);
            // The new file is at `target` once its source is gone and the old file (if any)
            // is in its backup; otherwise `target` still holds the old file or nothing.
            let placed = !exists(&source) && (backed_up || !op.existed) && exists(&target);
            // Outside the folder, only the report this run staged is ever moved away.
            let ours = !op.outside || is_staged_report(&target, op.written.as_deref());
            if placed && !ours {
                continue;
            }
            if placed && !rename(&target, &source, &mut failures) {
                continue;
            }
        }
        if backed_up && (!op.outside || !exists(&target)) {
            rename(&backup, &target, &mut failures);
        }
    }
    let outside_temps = j.ops.iter().filter(|op| op.outside).filter_map(|op| op.source.as_deref().map(PathBuf::from));
    for t in j.temps.iter().map(|t| abs(out_dir, t)).chain(outside_temps) {
        match fs::remove_file(&t) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => failures.push(format!("{}: {e}", t.display())),
            _ => {
                touched.insert(parent(&t));
            }
        }
    }
    for d in &touched {
        if let Err(e) = platform::sync_dir(d) {
            failures.push(format!("{}: syncing: {e}", d.display()));
        }
    }
    // Last, once nothing in them needs syncing; an empty folder left by a power cut is harmless.
    for d in j.dirs.iter().rev() {
        let _ = fs::remove_dir(abs(out_dir, d));
    }
    failures
}

/// Completes a committed journal: deletes its backups (and any temporary left), then the
/// journal. Best effort: the files are already all new, and a backup left over is deleted by
/// the next run's sweep. The folder is not synced after: a committed journal that a power cut
/// brings back is completed again by the next run (its backups and temporaries are gone
/// already), and the next run's own journal syncs the folder anyway.
pub(super) fn finish(out_dir: &Path, j: &Journal) {
    for op in &j.ops {
        let _ = fs::remove_file(op.path(out_dir, &op.backup));
    }
    for rel in &j.temps {
        let _ = fs::remove_file(abs(out_dir, rel));
    }
    let _ = fs::remove_file(out_dir.join(JOURNAL_NAME));
}

/// Recovery under the lock: resolves a journal left by an interrupted run (rolled back if not
/// committed, completed if committed), then sweeps leftovers.
pub(super) fn recover(out_dir: &Path) -> Result<(), CommitError> {
    if let Some(j) = read(out_dir)? {
        let journal = out_dir.join(JOURNAL_NAME);
        if j.committed {
            finish(out_dir, &j);
        } else {
            let failures = roll_back(out_dir, &j);
            if !failures.is_empty() {
                return Err(CommitError::RecoveryFailed {
                    failures: failures.join("; "),
                    journal: journal.display().to_string(),
                });
            }
            remove(out_dir).map_err(io_err(&journal, "commit-deleting-journal"))?;
        }
    }
    sweep(out_dir, 0);
    Ok(())
}

/// Whether `name` is a temporary or backup of this tool.
fn is_leftover(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && (name.ends_with(TEMP_SUFFIX) || name.ends_with(BACKUP_SUFFIX))
}

/// Deletes leftover temporaries and backups in `dir` and its subfolders, up to
/// [`SWEEP_DEPTH`] levels, following no symbolic link and skipping a subfolder that is
/// another run's output folder (it has its own lock file). Best effort: a leftover that cannot
/// be deleted is a hidden file, not a reason to refuse the run.
fn sweep(dir: &Path, depth: usize) {
    if depth > 0 && exists(&dir.join(LOCK_NAME)) {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if depth < SWEEP_DEPTH {
                sweep(&entry.path(), depth + 1);
            }
        } else if entry.file_name().to_str().is_some_and(is_leftover) {
            let _ = fs::remove_file(entry.path());
        }
    }
}
