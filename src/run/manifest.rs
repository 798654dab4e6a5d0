//! What each profile's last run wrote in an output folder (`.orderbridge.manifest.json`), so
//! that the folder after a run holds exactly that run's upload files: an upload file the
//! previous run of the same profile wrote, that this run does not write, and that nobody has
//! changed since, is moved into `.orderbridge.archive/<time>/` by the run's own commit (the
//! exact bytes that may have been uploaded are kept). Files the manifest does not know, or
//! that changed since, are never touched: the summary names them as not from this run.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's name in the output folder.
pub const MANIFEST_NAME: &str = ".orderbridge.manifest.json";
/// The archive folder in the output folder.
pub const ARCHIVE_DIR: &str = ".orderbridge.archive";
/// Archives older than this are removed by a later run.
pub const ARCHIVE_DAYS: u64 = 30;

/// Per profile, the files its last run wrote.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub profiles: BTreeMap<String, Vec<WrittenFile>>,
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
    /// The folder's manifest; an absent or unreadable one is empty (then nothing is moved).
    pub fn read(out_dir: &Path) -> Manifest {
        std::fs::read(out_dir.join(MANIFEST_NAME))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Decides what happens to the files already in `out_dir` when `profile` writes `written`
    /// (relative paths), archiving under `stamp`. `reserved` files (the reject file, the
    /// report, the run's inputs) are neither archived nor listed.
    pub fn tidy(&self, out_dir: &Path, profile: &str, written: &[String], reserved: &[String], stamp: &str) -> Tidy {
        let mut tidy = Tidy::default();
        let known: Vec<&WrittenFile> = self.profiles.values().flatten().collect();
        for f in self.profiles.get(profile).into_iter().flatten() {
            if written.contains(&f.path) || reserved.contains(&f.path) {
                continue;
            }
            let from = out_dir.join(&f.path);
            if sha256_of(&from).as_deref() == Some(f.sha256.as_str()) {
                tidy.archive.push((from, out_dir.join(ARCHIVE_DIR).join(stamp).join(&f.path)));
                tidy.archived.push(f.path.clone());
            }
        }
        for rel in files_under(out_dir) {
            let ours = written.contains(&rel) || reserved.contains(&rel) || tidy.archived.contains(&rel);
            let other_profile = known.iter().any(|k| k.path == rel)
                && !self.profiles.get(profile).is_some_and(|fs| fs.iter().any(|f| f.path == rel));
            if !ours && !other_profile {
                tidy.not_ours.push(rel);
            }
        }
        tidy
    }

    /// This manifest with `profile`'s entry replaced by `written`.
    pub fn with(mut self, profile: &str, written: Vec<WrittenFile>) -> Manifest {
        self.profiles.insert(profile.to_string(), written);
        self
    }
}

/// The hex SHA-256 of a file's content.
pub fn sha256_of(path: &Path) -> Option<String> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Some(hex(&h.finalize()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

/// Removes archive folders older than [`ARCHIVE_DAYS`] (best effort: a failure only leaves
/// an old archive in place).
pub fn prune_archives(out_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(out_dir.join(ARCHIVE_DIR)) else { return };
    let limit = std::time::Duration::from_secs(ARCHIVE_DAYS * 24 * 3600);
    for e in entries.flatten() {
        let old =
            e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|a| a > limit);
        if old {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
