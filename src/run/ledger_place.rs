//! The ledger is never one of the files the run writes. A run replaces its files by renaming
//! new ones over them, so a ledger at the report's path, a row list's, an upload file's or one
//! of the tool's own names in `--out` would be replaced by the run's own output and every
//! confirmation lost, while the run said it had recorded itself. "The same" is by location
//! and by identity: the ledger's path with every link resolved (SQLite follows them), and the
//! file behind each name, so a link or a hard link does not hide it.

use std::path::{Component, Path, PathBuf};

use crate::i18n::Msg;
use crate::io::output::FileId;

use super::{RunError, RunOptions};

/// Checks `ledger` against the run's files before anything is opened or written. Returns
/// the ledger's path under the output folder when it lies there, so that a route rendering
/// to it stops the run like a route to the reject file.
pub fn check(ledger: &Path, opts: &RunOptions, lists: &[String]) -> Result<Option<String>, RunError> {
    let refuse = |what: Msg| {
        RunError::Path(Msg::new("run-ledger-is-run-file").arg("ledger", ledger.display()).arg("what", what))
    };
    let places = Places::of(ledger);
    if let Some(report) = &opts.report
        && report.as_os_str() != "-"
        && places.same(report)
    {
        return Err(refuse(Msg::new("ledger-what-report").arg("path", report.display())));
    }
    if opts.dry_run {
        return Ok(None);
    }
    let Some(rel) = places.within(&opts.out_dir) else {
        return Ok(None);
    };
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let rel = parts.join("/");
    if parts.is_empty() || parts.iter().any(|p| p.starts_with(".orderbridge")) {
        return Err(refuse(Msg::new("ledger-what-own-file").arg("dir", opts.out_dir.display())));
    }
    for list in lists {
        if list == &rel || places.same(&opts.out_dir.join(list)) {
            return Err(refuse(Msg::new("ledger-what-row-list").arg("path", list)));
        }
    }
    Ok(Some(rel))
}

/// Whether `ledger` lies in `out_dir` (links resolved as [`check`] resolves them): phase 1
/// checks such a ledger against the run's files before it is opened.
pub fn lies_in(ledger: &Path, out_dir: &Path) -> bool {
    Places::of(ledger).within(out_dir).is_some()
}

/// Where a file is: its name in its real folder, and (for an existing link) where it leads.
struct Places {
    entry: PathBuf,
    target: PathBuf,
    id: Option<FileId>,
}

impl Places {
    fn of(path: &Path) -> Places {
        let entry = location(path);
        let target = path.canonicalize().unwrap_or_else(|_| entry.clone());
        Places { entry, target, id: FileId::of(path) }
    }

    /// Where this file lies below `dir` (by its real folder, or where a link leads), if it
    /// does.
    fn within(&self, dir: &Path) -> Option<PathBuf> {
        let dir = location(dir);
        let rel = self.entry.strip_prefix(&dir).ok().or_else(|| self.target.strip_prefix(&dir).ok());
        rel.map(Path::to_path_buf)
    }

    /// Whether `other` names the same file, or the same place, as this one.
    fn same(&self, other: &Path) -> bool {
        let o = Places::of(other);
        (self.id.is_some() && self.id == o.id)
            || [&self.entry, &self.target].iter().any(|p| **p == o.entry || **p == o.target)
    }
}

/// `path` made absolute with the links of its existing folders resolved, its last
/// component kept as named (a rename replaces that name, whatever it is).
fn location(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            c => normal.push(c),
        }
    }
    let (Some(parent), Some(name)) = (normal.parent(), normal.file_name()) else { return normal };
    // The longest existing ancestor, resolved; the rest appended as written.
    let mut rest = vec![name.to_os_string()];
    let mut dir = parent.to_path_buf();
    loop {
        if let Ok(real) = dir.canonicalize() {
            let mut p = real;
            p.extend(rest.iter().rev());
            return p;
        }
        match (dir.file_name(), dir.parent()) {
            (Some(n), Some(up)) => {
                rest.push(n.to_os_string());
                dir = up.to_path_buf();
            }
            _ => return normal,
        }
    }
}
