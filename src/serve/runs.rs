//! The runs the page started. Each has a private folder under the server's own temporary
//! folder, named by an unguessable id: `in/<n>/<file name>` (the uploads, streamed there),
//! `out/` (the run's `--out`), `all.zip`. The run itself is `job`'s. A run is forgotten (and
//! its folder deleted) [`KEEP_FOR`] after it started, or when more than [`KEEP_AT_MOST`] are
//! kept; all of them when the server stops.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use tokio::sync::watch;

use super::failure::FailedRun;
use super::view::{Checked, RunResult};
use crate::profile::ProfileText;
use crate::report::Report;

/// How long a run's files are kept.
pub const KEEP_FOR: Duration = Duration::from_secs(8 * 3600);
/// How many runs are kept at most (the oldest finished ones go first).
pub const KEEP_AT_MOST: usize = 10;

/// One uploaded export, in the run's folder.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The file's name as the browser sent it (a plain file name, checked).
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
}

/// A file the server may send: one the run wrote (by the run's own report), or its zip.
#[derive(Debug, Clone)]
pub struct Served {
    /// Path under the output folder, as the report names it.
    pub rel: String,
    pub abs: PathBuf,
    pub bytes: u64,
    pub kind: Kind,
    /// The ledger's number of the run that wrote it (its profile's), when the run was recorded:
    /// an upload file is confirmed by its id among that run's files.
    pub ledger_run: Option<i64>,
}

/// What a served file is: the page links each kind its own way, and only an upload file can
/// be confirmed in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Upload,
    /// The reject file.
    Rejects,
    /// The list of written rows that carry a warning.
    Warned,
    /// The list of excluded rows.
    Excluded,
    /// Everything, as one zip.
    Zip,
}

impl Served {
    /// The files a finished run offers, as its report lists them: the upload files (in the
    /// report's order: file `i` of the report is served file `i`), then the row lists the
    /// CLI writes beside them (the reject file, the warned rows).
    pub fn of_report(report: &Report, out_dir: &Path) -> Vec<Served> {
        let ledger_run = report.ledger.as_ref().and_then(|l| l.run);
        let at = |rel: &String, bytes: u64, kind: Kind| Served {
            rel: rel.clone(),
            abs: out_dir.join(rel),
            bytes,
            kind,
            ledger_run,
        };
        let mut files: Vec<Served> = report.files.iter().map(|f| at(&f.path, f.bytes, Kind::Upload)).collect();
        let lists = [(&report.rejects_file, Kind::Rejects), (&report.warned_file, Kind::Warned)];
        for (rel, kind) in lists.into_iter().chain([(&report.excluded_file, Kind::Excluded)]) {
            if let Some(rel) = rel {
                let bytes = std::fs::metadata(out_dir.join(rel)).map(|m| m.len()).unwrap_or(0);
                files.push(at(rel, bytes, kind));
            }
        }
        files
    }

    /// The name a download is saved under: its path with `_` for `/`, so two stores' files of
    /// one name (`rakuten/…`, `rakuten2/…`) never collide in the browser's download folder.
    pub fn file_name(&self) -> String {
        self.rel.replace('/', "_")
    }
}

/// Where a run is.
pub enum Phase {
    Running,
    /// Finished (rows may have been rejected): the page's result, a part per profile, and the
    /// files they list (every part's, in the parts' order).
    Done {
        parts: Vec<RunResult>,
        files: Vec<Served>,
    },
    /// Stopped before writing anything: rows of an upload that adds are in earlier files whose
    /// upload is not known. The run waits for the page's answer ([`Run::previous`]), then runs
    /// again over the same uploads.
    Pending {
        files: Vec<crate::run::PendingFile>,
    },
    /// Nothing was written: what went wrong, put into words for each request (in its
    /// language).
    Failed {
        error: FailedRun,
    },
}

pub struct Run {
    pub id: String,
    pub dir: PathBuf,
    pub created: Instant,
    /// The profiles as they were when the run started (their texts are what ran), in the
    /// order chosen; at least one.
    pub sources: Vec<ProfileText>,
    pub as_of: Option<Date>,
    pub strict: bool,
    pub inputs: Vec<Upload>,
    /// Bytes of the inputs read so far.
    pub read_bytes: AtomicU64,
    pub phase: Mutex<Phase>,
    /// Becomes true when the run is done or failed.
    pub done: watch::Sender<bool>,
    /// The check of the profile and the uploads (validate-profile --sample), made once per
    /// language asked in ([`crate::i18n::Lang::ALL`]'s order).
    pub check: [tokio::sync::OnceCell<Checked>; 2],
    /// The zip of everything, made on the first download.
    pub zip: tokio::sync::Mutex<Option<Served>>,
    /// The server's ledger (`serve --ledger`): the run consults it and is recorded in it.
    pub ledger: Option<PathBuf>,
    /// The page's answer about earlier files whose upload is not known (set when the run
    /// stopped on them: the run then goes on with it).
    pub previous: Mutex<Option<crate::run::Previous>>,
    /// What a running run is waiting for before it reads its first row, if anything.
    pub waiting: Mutex<Option<Waiting>>,
}

/// Why a run has not started reading yet.
#[derive(Debug, Clone)]
pub enum Waiting {
    /// The run before it, of this server, on the same ledger: the server's runs take turns.
    Queue,
    /// Another program's run holding the ledger (whom, as the ledger says it).
    Ledger(crate::i18n::Msg),
}

impl Run {
    /// The first profile (the check's, and the zip's name).
    pub fn source(&self) -> &ProfileText {
        &self.sources[0]
    }

    pub fn total_bytes(&self) -> u64 {
        self.inputs.iter().map(|u| u.size).sum()
    }

    pub fn out_dir(&self) -> PathBuf {
        self.dir.join("out")
    }

    pub fn set_waiting(&self, w: Option<Waiting>) {
        *self.waiting.lock().unwrap_or_else(|e| e.into_inner()) = w;
    }

    pub fn waiting(&self) -> Option<Waiting> {
        self.waiting.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn is_running(&self) -> bool {
        matches!(*self.phase.lock().unwrap_or_else(|e| e.into_inner()), Phase::Running)
    }
}

/// A run's folder while its upload is received: deleted again unless [`RunDir::keep`] is
/// called (a refused or broken upload leaves nothing on disk).
pub struct RunDir {
    pub id: String,
    pub dir: PathBuf,
    kept: bool,
}

impl RunDir {
    pub fn keep(mut self) -> (String, PathBuf) {
        self.kept = true;
        (std::mem::take(&mut self.id), std::mem::take(&mut self.dir))
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Every run of this server.
pub struct Runs {
    root: PathBuf,
    map: Mutex<HashMap<String, Arc<Run>>>,
    /// Set when the server stops: runs still going end at their next row.
    pub stopping: Arc<AtomicBool>,
}

impl Runs {
    pub fn new(root: PathBuf) -> Self {
        Runs { root, map: Mutex::new(HashMap::new()), stopping: Arc::new(AtomicBool::new(false)) }
    }

    /// A new run folder with an unguessable id (128 random bits).
    pub fn new_dir(&self) -> std::io::Result<RunDir> {
        let id = super::security::random_hex(16)?;
        let dir = self.root.join(&id);
        std::fs::create_dir(&dir)?;
        let guard = RunDir { id, dir, kept: false };
        std::fs::create_dir(guard.dir.join("in"))?;
        Ok(guard)
    }

    pub fn get(&self, id: &str) -> Option<Arc<Run>> {
        // Ids are only ever hex; anything else is not looked up at all.
        if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.map.lock().unwrap_or_else(|e| e.into_inner()).get(id).cloned()
    }

    pub fn insert(&self, run: Arc<Run>) {
        self.map.lock().unwrap_or_else(|e| e.into_inner()).insert(run.id.clone(), run);
    }

    /// Forgets the runs too old or too many to keep and returns their folders to delete.
    pub fn expire(&self, now: Instant) -> Vec<PathBuf> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let mut finished: Vec<(Instant, String)> =
            map.values().filter(|r| !r.is_running()).map(|r| (r.created, r.id.clone())).collect();
        finished.sort();
        let excess = map.len().saturating_sub(KEEP_AT_MOST);
        let mut gone = Vec::new();
        for (i, (created, id)) in finished.into_iter().enumerate() {
            if (i < excess || now.duration_since(created) > KEEP_FOR)
                && let Some(run) = map.remove(&id)
            {
                gone.push(run.dir.clone());
            }
        }
        gone
    }
}

/// Deletes folders of forgotten runs (a blocking call).
pub fn remove_dirs(dirs: Vec<PathBuf>) {
    for d in dirs {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// Today in the profile's time zone (the default as-of date, as on the command line).
pub fn today(tz: &jiff::tz::TimeZone) -> Date {
    jiff::Timestamp::now().to_zoned_datetime(tz.clone()).date()
}

/// Replaces the server's own paths in a message with what the page's user knows: each
/// upload's path by its file name, the output folder by nothing.
pub fn plain_paths(message: &str, run: &Run) -> String {
    let mut s = message.to_string();
    for u in &run.inputs {
        s = s.replace(&u.path.display().to_string(), &u.name);
    }
    let out = run.out_dir();
    s = s.replace(&format!("{}{}", out.display(), std::path::MAIN_SEPARATOR), "");
    s.replace(&out.display().to_string(), ".")
}

/// The upload's on-disk path: `in/<n>/<name>`; `name` must be [`plain_file_name`].
pub fn upload_path(dir: &Path, n: usize, name: &str) -> PathBuf {
    dir.join("in").join(n.to_string()).join(name)
}

/// Whether `name` is a plain file name: one ordinary path component on every system (no
/// separator, not `.` or `..`, no characters Windows refuses, no control characters, no
/// bidirectional controls that would show the name as another one).
pub fn plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name != "."
        && name != ".."
        && !name.ends_with(['.', ' '])
        && !name
            .chars()
            .any(|c| c.is_control() || crate::common::outpath::is_bidi_control(c) || "/\\:*?\"<>|".contains(c))
        && Path::new(name).components().count() == 1
        && matches!(Path::new(name).components().next(), Some(std::path::Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_file_names_are_accepted() {
        for ok in ["orders.csv", "受注 2024-10-18.csv", "a.b.c", ".hidden.csv"] {
            assert!(plain_file_name(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../x.csv",
            "a/b.csv",
            "a\\b.csv",
            "/etc/passwd",
            "C:x.csv",
            "x.csv.",
            "a\0b",
            "a\nb",
            "受注\u{202E}vsc.exe",
        ] {
            assert!(!plain_file_name(bad), "{bad:?}");
        }
    }
}
