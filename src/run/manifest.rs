//! What each profile's last run wrote in an output folder (`.orderbridge.manifest.json`), so
//! that the folder after a run holds exactly that run's upload files: an upload file the
//! previous run of the same profile wrote, that this run does not write, and that nobody has
//! changed since, is moved into `.orderbridge.archive/<time>/` by the run's own commit (the
//! exact bytes that may have been uploaded are kept). The profile's lists (rejected, warned,
//! excluded rows) are recorded apart and go the same way: a list its previous run wrote and
//! this run does not is archived, never deleted, and a list of another profile is never
//! written over (the run stops) nor moved. Files the manifest does not know, or that changed
//! since, are never touched: the summary names them as not from this run.
//!
//! The manifest is the tool's own file but lies in a folder anyone can write to, so it is
//! checked before it is obeyed: every path a plain relative path inside `--out` with no link
//! on the way, every hash a SHA-256. A manifest that fails (or is a link, or not JSON) is set
//! aside — kept under another name, named in the summary — and the run goes on as if there
//! were none. It also records each archive the tool made (when, which files), and pruning
//! removes exactly those files once older than [`ARCHIVE_DAYS`]: nothing is guessed from
//! names or dates on disk, and nothing is removed through a link.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::common::digest::sha256_file;

/// The manifest's name in the output folder.
pub const MANIFEST_NAME: &str = ".orderbridge.manifest.json";
/// The archive folder in the output folder.
pub const ARCHIVE_DIR: &str = ".orderbridge.archive";
/// Archives older than this are removed by a later run.
pub const ARCHIVE_DAYS: u64 = 30;

/// Per profile, the upload files and the lists its last run wrote; and the archives the
/// tool made.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub profiles: BTreeMap<String, Vec<WrittenFile>>,
    /// Per profile, the lists of rows its last run wrote (absent in a manifest written before
    /// lists were recorded: such lists are then nobody's).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lists: BTreeMap<String, Vec<WrittenFile>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub archives: Vec<ArchiveRecord>,
}

/// One archive folder the tool made: `.orderbridge.archive/<dir>/`, made at `at` (an RFC 3339
/// timestamp), holding `files` (paths under it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ArchiveRecord {
    pub dir: String,
    pub at: String,
    pub files: Vec<String>,
}

/// Why a manifest was not obeyed (a stable code, worded by the summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distrust {
    /// A link, a folder or another kind of file.
    NotAFile,
    /// Not readable as a manifest (not JSON, wrong shape).
    Unreadable,
    /// A path that is absolute, has `..` or names the tool's own files.
    Outside,
    /// A path that goes through a link in the output folder.
    Link,
    /// A hash that is not a SHA-256, or an archive's time that is not one.
    Malformed,
}

impl Distrust {
    pub fn code(self) -> &'static str {
        match self {
            Distrust::NotAFile => "not_a_file",
            Distrust::Unreadable => "unreadable",
            Distrust::Outside => "outside",
            Distrust::Link => "link",
            Distrust::Malformed => "malformed",
        }
    }
}

/// A file a run wrote: its path under the output folder and its content's SHA-256.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct WrittenFile {
    pub path: String,
    pub sha256: String,
}

/// What a run does with the files already in its output folder.
#[derive(Debug, Default)]
pub struct Tidy {
    /// Upload files of the profile's previous run that this run does not write: moved
    /// `(from, to)` into the archive.
    pub archive: Vec<(PathBuf, PathBuf)>,
    /// Paths under the output folder (relative) moved into the archive.
    pub archived: Vec<String>,
    /// Files in the folder this run did not write and will not move.
    pub not_ours: Vec<String>,
}

impl Manifest {
    /// The folder's manifest, checked (see the module documentation); an absent one is empty.
    /// `Err` gives why it is not obeyed and its bytes (none for a link or a folder).
    pub fn read(out_dir: &Path) -> Result<Manifest, (Distrust, Option<Vec<u8>>)> {
        let path = out_dir.join(MANIFEST_NAME);
        match std::fs::symlink_metadata(&path) {
            Err(_) => return Ok(Manifest::default()),
            Ok(m) if !m.is_file() => return Err((Distrust::NotAFile, None)),
            Ok(_) => {}
        }
        let bytes = std::fs::read(&path).map_err(|_| (Distrust::Unreadable, None))?;
        let manifest: Manifest = match serde_json::from_slice(&bytes) {
            Ok(m) => m,
            Err(_) => return Err((Distrust::Unreadable, Some(bytes))),
        };
        match manifest.check(out_dir) {
            Ok(()) => Ok(manifest),
            Err(why) => Err((why, Some(bytes))),
        }
    }

    /// The manifest, or an empty one if it is not to be obeyed.
    pub fn read_or_empty(out_dir: &Path) -> Manifest {
        Manifest::read(out_dir).unwrap_or_default()
    }

    fn check(&self, out_dir: &Path) -> Result<(), Distrust> {
        let archive = Path::new(ARCHIVE_DIR);
        let files = self.all_files().map(|(_, f)| (PathBuf::from(&f.path), f.path.as_str()));
        let archived =
            self.archives.iter().flat_map(|a| a.files.iter().map(move |f| (archive.join(&a.dir).join(f), f.as_str())));
        for (_, f) in self.all_files() {
            if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Distrust::Malformed);
            }
        }
        for a in &self.archives {
            if crate::common::outpath::check_component(&a.dir).is_err() || a.dir.starts_with('.') {
                return Err(Distrust::Outside);
            }
            if a.at.parse::<jiff::Timestamp>().is_err() {
                return Err(Distrust::Malformed);
            }
        }
        for (on_disk, rel) in files.chain(archived) {
            if crate::common::outpath::check(rel).is_err() || rel.split('/').any(|c| c.starts_with(".orderbridge")) {
                return Err(Distrust::Outside);
            }
            if through_link(out_dir, &on_disk) {
                return Err(Distrust::Link);
            }
        }
        Ok(())
    }

    /// The archives recorded as made more than [`ARCHIVE_DAYS`] before `now`, taken out of
    /// this manifest: their files are for the run's commit to remove.
    pub fn take_expired(&mut self, now: jiff::Timestamp) -> Vec<ArchiveRecord> {
        let limit = jiff::SignedDuration::from_hours(24 * ARCHIVE_DAYS as i64);
        let (old, keep) = std::mem::take(&mut self.archives)
            .into_iter()
            .partition(|a| a.at.parse::<jiff::Timestamp>().is_ok_and(|t| now.duration_since(t) > limit));
        self.archives = keep;
        old
    }

    /// Every file recorded, upload file or list, with the profile whose run wrote it.
    fn all_files(&self) -> impl Iterator<Item = (&str, &WrittenFile)> {
        fn each(m: &BTreeMap<String, Vec<WrittenFile>>) -> impl Iterator<Item = (&str, &WrittenFile)> {
            m.iter().flat_map(|(p, fs)| fs.iter().map(move |f| (p.as_str(), f)))
        }
        each(&self.profiles).chain(each(&self.lists))
    }

    /// The profile other than `profile` whose last run wrote `rel` as one of its lists, or
    /// wrote `rel` at all when `any` (a list of `profile` must not replace its upload file).
    pub fn owner_other_than(&self, profile: &str, rel: &str, any: bool) -> Option<&str> {
        let uploads = self.profiles.iter().filter(|_| any);
        self.lists
            .iter()
            .chain(uploads)
            .find(|(p, fs)| p.as_str() != profile && fs.iter().any(|f| f.path == rel))
            .map(|(p, _)| p.as_str())
    }

    /// Decides what happens to the files already in `out_dir` when `profile` writes `written`
    /// (relative paths: upload files and lists), archiving under `stamp`. `reserved` files (the
    /// run's lists, the report, the run's inputs) are never listed as not from this run, and
    /// are not archived as upload files; a list of the profile's previous run that this run
    /// does not write is archived like an upload file.
    pub fn tidy(&self, out_dir: &Path, profile: &str, written: &[String], reserved: &[String], stamp: &str) -> Tidy {
        let mut tidy = Tidy::default();
        let uploads = self.profiles.get(profile).into_iter().flatten().filter(|f| !reserved.contains(&f.path));
        let lists = self.lists.get(profile).into_iter().flatten();
        for f in uploads.chain(lists) {
            if written.contains(&f.path) || tidy.archived.contains(&f.path) {
                continue;
            }
            let from = out_dir.join(&f.path);
            if !through_link(out_dir, Path::new(&f.path))
                && sha256_file(&from).ok().as_deref() == Some(f.sha256.as_str())
            {
                tidy.archive.push((from, out_dir.join(ARCHIVE_DIR).join(stamp).join(&f.path)));
                tidy.archived.push(f.path.clone());
            }
        }
        for rel in files_under(out_dir) {
            let ours = written.contains(&rel) || reserved.contains(&rel) || tidy.archived.contains(&rel);
            let recorded = |other: bool| self.all_files().any(|(p, k)| (p != profile) == other && k.path == rel);
            let other_profile = recorded(true) && !recorded(false);
            if !ours && !other_profile {
                tidy.not_ours.push(rel);
            }
        }
        tidy
    }

    /// This manifest with `profile`'s entries replaced by `written` (upload files) and
    /// `lists`.
    pub fn with(mut self, profile: &str, written: Vec<WrittenFile>, lists: Vec<WrittenFile>) -> Manifest {
        self.profiles.insert(profile.to_string(), written);
        if lists.is_empty() {
            self.lists.remove(profile);
        } else {
            self.lists.insert(profile.to_string(), lists);
        }
        self
    }
}

/// The files under `root` (relative, `/`-separated), skipping the tool's own (names starting
/// with a dot) and a few levels deep at most.
fn files_under(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let name = e.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() && depth < 4 => stack.push((p, depth + 1)),
                Ok(t) if t.is_file() => {
                    if let Ok(rel) = p.strip_prefix(root) {
                        out.push(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
                _ => {}
            }
        }
    }
    out.sort();
    out
}

/// Whether `rel` (under `out_dir`) is, or lies below, a link.
fn through_link(out_dir: &Path, rel: &Path) -> bool {
    let mut p = out_dir.to_path_buf();
    rel.components().any(|c| {
        p.push(c);
        std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A manifest written before lists were recorded is still obeyed, its lists nobody's.
    #[test]
    fn a_manifest_without_lists_is_read_and_lists_belong_to_their_profile_only() {
        let dir = tempfile::tempdir().unwrap();
        let sha = "0".repeat(64);
        let old = format!(r#"{{"profiles": {{"a": [{{"path": "up.csv", "sha256": "{sha}"}}]}}}}"#);
        std::fs::write(dir.path().join(MANIFEST_NAME), old).unwrap();
        let m = Manifest::read(dir.path()).expect("obeyed");
        assert!(m.lists.is_empty());
        let list = WrittenFile { path: "rejected_a.csv".into(), sha256: sha };
        let m = m.with("a", Vec::new(), vec![list]);
        assert_eq!(m.owner_other_than("b", "rejected_a.csv", false), Some("a"));
        assert_eq!(m.owner_other_than("a", "rejected_a.csv", true), None, "its own list");
        assert_eq!(m.owner_other_than("b", "up.csv", false), None, "not a list of a's any more");
        let json = serde_json::to_string(&m.with("a", Vec::new(), Vec::new())).unwrap();
        assert!(!json.contains("lists"), "no lists, no key: {json}");
    }
}
