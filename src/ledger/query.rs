//! What the ledger answers: `ledger files`, `ledger show KEY`, and which recorded files a
//! path given to `ledger confirm` or `ledger unsent` means ([`Ledger::find_files`]).

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use std::collections::{BTreeSet, HashMap};

use super::chunk;
use super::unpack;
use super::{EXCLUDED, Ledger, LedgerError, REJECTED, WRITTEN};
use crate::i18n::Msg;

pub(crate) use super::chunk::VALUE_SEPARATOR;

/// `s` less its last `n` characters (empty when it has no more).
fn cut(s: &str, n: usize) -> &str {
    s.char_indices().rev().nth(n - 1).map_or("", |(at, _)| &s[..at])
}

/// The most entries `ledger show` returns (a short prefix of a large ledger matches much).
pub const SHOW_LIMIT: i64 = 1000;

/// An upload file a run wrote.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileEntry {
    pub id: i64,
    pub run: i64,
    /// When the run that wrote it started (UTC).
    pub written_at: String,
    pub profile: String,
    /// The run's output folder.
    pub out_dir: String,
    /// The file's path under the output folder.
    pub path: String,
    pub sha256: String,
    pub rows: i64,
    /// When it was confirmed as uploaded (UTC), if it was.
    pub confirmed_at: Option<String>,
    /// When it was marked as not uploaded (UTC), if it was.
    pub unsent_at: Option<String>,
    /// The time zone of the profile that wrote it (IANA), for showing its times.
    pub time_zone: Option<String>,
}

/// One run's outcome for one report (a key).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ShowEntry {
    /// The key's values.
    pub key: Vec<String>,
    pub run: i64,
    pub run_at: String,
    /// The run's time zone (its profile's), for showing its times.
    pub time_zone: Option<String>,
    pub profile: String,
    /// `written`, `excluded` or `rejected`.
    pub outcome: String,
    /// The rule that excluded or rejected the row.
    pub rule: Option<String>,
    /// The upload file it was written to.
    pub file: Option<String>,
    /// When that file was confirmed as uploaded.
    pub confirmed_at: Option<String>,
    /// When that file was marked as not uploaded.
    pub unsent_at: Option<String>,
    /// The input and line the row was read from.
    pub input: String,
    pub line: i64,
    /// The output values written (written rows only).
    pub values: Option<Vec<String>>,
}

/// What `ledger confirm` did with one given file.
#[derive(Debug, Clone, Serialize)]
pub struct Confirmed {
    pub given: String,
    /// The recorded files with the same content.
    pub files: Vec<FileEntry>,
    /// Every one of them was confirmed before.
    pub already: bool,
}

/// A file's path, when it was confirmed and when it was marked as not uploaded.
type FileStatus = (Option<String>, Option<String>, Option<String>);

fn outcome_name(outcome: i64) -> &'static str {
    match outcome {
        WRITTEN => "written",
        EXCLUDED => "excluded",
        REJECTED => "rejected",
        _ => "unknown",
    }
}

pub(super) const FILE_COLUMNS: &str =
    "f.id, f.run_id, ru.started, f.profile, ru.out_dir, f.path, f.sha256, f.rows, f.confirmed_at,
     f.unsent_at, ru.time_zone
     FROM files f JOIN runs ru ON ru.id = f.run_id";

pub(super) fn file_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<FileEntry> {
    Ok(FileEntry {
        id: r.get(0)?,
        run: r.get(1)?,
        written_at: r.get(2)?,
        profile: r.get(3)?,
        out_dir: r.get(4)?,
        path: r.get(5)?,
        sha256: r.get(6)?,
        rows: r.get(7)?,
        confirmed_at: r.get(8)?,
        unsent_at: r.get(9)?,
        time_zone: r.get(10)?,
    })
}

/// Where a path leads, to compare the paths of files: absolute, `.` and `..` resolved, and
/// the part of it that exists with its links resolved (a file that is gone is still compared
/// by the place its folder has).
fn place(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            c => clean.push(c),
        }
    }
    let mut rest = Vec::new();
    let mut base = clean.as_path();
    loop {
        if let Ok(mut real) = std::fs::canonicalize(base) {
            real.extend(rest.iter().rev());
            return real;
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return clean,
        }
    }
}

impl Ledger {
    /// Every upload file written, oldest first.
    pub fn files(&self) -> Result<Vec<FileEntry>, LedgerError> {
        let fail = self.fail("ledger-cannot-read");
        let sql = format!("SELECT {FILE_COLUMNS} WHERE f.sha256 IS NOT NULL ORDER BY f.id");
        let mut st = self.conn.prepare(&sql).map_err(&fail)?;
        st.query_map([], file_entry).map_err(&fail)?.collect::<Result<_, _>>().map_err(&fail)
    }

    /// The history of every report whose key starts with `prefix`: each run that saw it, by
    /// key and then in run order (at most [`SHOW_LIMIT`] entries). The key index (by key
    /// group: `chunk::key_group`) finds the chunks that may hold those keys, and only those
    /// are read, so it stays fast on a ledger of millions of rows.
    pub fn show(&self, prefix: &str) -> Result<Vec<ShowEntry>, LedgerError> {
        let fail = self.fail("ledger-cannot-read");
        let mut found = Vec::new();
        let mut read = BTreeSet::new();
        let mut files: HashMap<i64, FileStatus> = HashMap::new();
        let mut inputs: HashMap<(i64, u64), String> = HashMap::new();
        let mut read_chunk = |chunk: i64, found: &mut Vec<(String, i64, i64, ShowEntry)>| {
            if !read.insert(chunk) {
                return Ok(());
            }
            self.show_chunk(chunk, prefix, found, &mut files, &mut inputs)
        };
        let group_chunks = |group: &str| -> Result<Vec<i64>, LedgerError> {
            let mut st = self
                .conn
                .prepare_cached("SELECT chunk_id FROM keys WHERE head = ?1 ORDER BY chunk_id")
                .map_err(&fail)?;
            let rows = st.query_map([group], |r| r.get(0)).map_err(&fail)?;
            rows.collect::<Result<_, _>>().map_err(&fail)
        };
        let head = chunk::key_head(prefix);
        if head.len() < prefix.len() {
            // A search past the first column: that first column's group, all of it.
            for c in group_chunks(chunk::key_group(head))? {
                read_chunk(c, &mut found)?;
            }
        } else {
            // Keys up to two characters longer than the search are in groups shorter than it.
            let short: BTreeSet<&str> = (1..=chunk::GROUP_DROP).map(|n| cut(prefix, n)).collect();
            for group in short {
                for c in group_chunks(group)? {
                    read_chunk(c, &mut found)?;
                }
            }
            // The others are in the groups that start with the search, each group's keys
            // among them. In index order, a page at a time, until the first entries are
            // certain: a key of a later group comes after the page's last group.
            let mut st = self
                .conn
                .prepare(
                    "SELECT head, chunk_id FROM keys WHERE head >= ?1 AND head < ?1 || char(1114111)
                     AND (head, chunk_id) > (?2, ?3) ORDER BY head, chunk_id LIMIT ?4",
                )
                .map_err(&fail)?;
            let mut after = (String::new(), i64::MIN);
            loop {
                let page: Vec<(String, i64)> = st
                    .query_map((prefix, &after.0, after.1, SHOW_LIMIT), |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(&fail)?
                    .collect::<Result<_, _>>()
                    .map_err(&fail)?;
                for (_, c) in &page {
                    read_chunk(*c, &mut found)?;
                }
                let Some(last) = page.last().filter(|_| page.len() as i64 == SHOW_LIMIT) else { break };
                if found.iter().filter(|f| f.0 <= last.0).count() >= SHOW_LIMIT as usize {
                    break;
                }
                after = last.clone();
            }
        }
        found.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
        Ok(found.into_iter().take(SHOW_LIMIT as usize).map(|f| f.3).collect())
    }

    /// The entries of one chunk whose key starts with `prefix`, into `found` (key, run, row
    /// number, entry).
    fn show_chunk(
        &self,
        chunk: i64,
        prefix: &str,
        found: &mut Vec<(String, i64, i64, ShowEntry)>,
        files: &mut HashMap<i64, FileStatus>,
        inputs: &mut HashMap<(i64, u64), String>,
    ) -> Result<(), LedgerError> {
        let fail = self.fail("ledger-cannot-read");
        #[allow(clippy::type_complexity)]
        let (run, first, stored, run_at, profile, time_zone): (
            i64,
            i64,
            Vec<u8>,
            String,
            String,
            Option<String>,
        ) = self
            .conn
            .query_row(
                "SELECT c.run_id, c.first, c.data, ru.started, ru.profile, ru.time_zone
                 FROM chunks c JOIN runs ru ON ru.id = c.run_id WHERE c.id = ?1",
                [chunk],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .map_err(&fail)?;
        let data = unpack::decompress(&stored).map_err(|d| self.damaged(d))?;
        for (i, row) in unpack::rows(&data).enumerate() {
            let row = row.map_err(|d| self.damaged(d))?;
            let Some(key) = row.key.filter(|k| k.starts_with(prefix)) else { continue };
            let (file, confirmed_at, unsent_at) = match row.file {
                Some(id) => match files.get(&id) {
                    Some(f) => f.clone(),
                    None => {
                        let f: FileStatus = self
                            .conn
                            .query_row("SELECT path, confirmed_at, unsent_at FROM files WHERE id = ?1", [id], |r| {
                                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                            })
                            .map_err(&fail)?;
                        files.insert(id, f.clone());
                        f
                    }
                },
                None => (None, None, None),
            };
            let input = match inputs.get(&(run, row.input)) {
                Some(name) => name.clone(),
                None => {
                    let name: String = self
                        .conn
                        .query_row(
                            "SELECT coalesce((SELECT name FROM inputs WHERE run_id = ?1 AND idx = ?2), '')",
                            (run, row.input as i64),
                            |r| r.get(0),
                        )
                        .map_err(&fail)?;
                    inputs.insert((run, row.input), name.clone());
                    name
                }
            };
            let entry = ShowEntry {
                key: key.split(VALUE_SEPARATOR).map(String::from).collect(),
                run,
                run_at: run_at.clone(),
                time_zone: time_zone.clone(),
                profile: profile.clone(),
                outcome: outcome_name(row.outcome).to_string(),
                rule: row.rule.map(String::from),
                file,
                confirmed_at,
                unsent_at,
                input,
                line: row.line as i64,
                values: row.values.map(|v| v.into_iter().map(String::from).collect()),
            };
            found.push((key.to_string(), run, first + i as i64, entry));
        }
        Ok(())
    }

    /// The recorded files `given` means, so that the shop may name a file by any path it has:
    /// - the path it was written at (the run's output folder and its path there), even after
    ///   a later run archived it: the latest file written there (and any identical to it —
    ///   a rerun writing the same bytes);
    /// - else the path it has now, moved within its output folder (archived by a later run):
    ///   the files of that folder with that path and this content;
    /// - else its content (SHA-256): any copy of a file a run wrote.
    ///
    /// None: an error naming `given` and the command that lists the recorded files.
    pub fn find_files(&self, given: &Path) -> Result<Vec<FileEntry>, LedgerError> {
        let all = self.files()?;
        let target = place(given);
        let mut folders: HashMap<&str, PathBuf> = HashMap::new();
        let mut written_at = Vec::new();
        let mut moved = Vec::new();
        for f in &all {
            let folder = folders.entry(&f.out_dir).or_insert_with(|| place(Path::new(&f.out_dir)));
            if folder.join(&f.path) == target {
                written_at.push(f);
            } else if target.starts_with(&*folder) && target.ends_with(&f.path) {
                moved.push(f);
            }
        }
        if let Some(latest) = written_at.last() {
            return Ok(written_at.iter().filter(|f| f.sha256 == latest.sha256).map(|f| (*f).clone()).collect());
        }
        let display = given.display().to_string();
        let list = format!("orderbridge ledger files{}", super::ledger_flag(&self.path));
        let sha = crate::common::digest::sha256_file(given).map_err(|e| {
            LedgerError::new(
                Msg::new("ledger-file-not-found").arg("file", &display).arg("detail", e).arg("list", &list),
            )
        })?;
        let moved: Vec<FileEntry> = moved.into_iter().filter(|f| f.sha256 == sha).cloned().collect();
        if !moved.is_empty() {
            return Ok(moved);
        }
        let same: Vec<FileEntry> = all.into_iter().filter(|f| f.sha256 == sha).collect();
        if same.is_empty() {
            return Err(LedgerError::new(Msg::new("ledger-file-unknown").arg("file", &display).arg("list", &list)));
        }
        Ok(same)
    }

    /// The files written by the latest invocation: the runs of the latest batch (a run of
    /// several profiles records each with the batch of its first).
    pub fn last_batch_files(&self) -> Result<Vec<FileEntry>, LedgerError> {
        let fail = self.fail("ledger-cannot-read");
        let sql = format!(
            "SELECT {FILE_COLUMNS} WHERE f.sha256 IS NOT NULL
             AND coalesce(ru.batch, ru.id) = (SELECT coalesce(batch, id) FROM runs ORDER BY id DESC LIMIT 1)
             ORDER BY f.id"
        );
        let mut st = self.conn.prepare(&sql).map_err(&fail)?;
        st.query_map([], file_entry).map_err(&fail)?.collect::<Result<_, _>>().map_err(&fail)
    }

    /// Marks the files each of `paths` means ([`Ledger::find_files`]) as uploaded, and makes
    /// their rows the latest confirmed sends of their keys. A path that means no recorded file
    /// stops it all: nothing is confirmed.
    pub fn confirm(&mut self, paths: &[PathBuf]) -> Result<Vec<Confirmed>, LedgerError> {
        let mut found = Vec::new();
        for p in paths {
            let files = self.find_files(p)?;
            let already = files.iter().all(|f| f.confirmed_at.is_some());
            found.push(Confirmed { given: p.display().to_string(), files, already });
        }
        let ids: Vec<i64> = found.iter().flat_map(|c| c.files.iter().map(|f| f.id)).collect();
        let now: HashMap<i64, FileEntry> = self.set_uploaded(&ids)?.into_iter().map(|f| (f.id, f)).collect();
        for c in &mut found {
            for f in &mut c.files {
                if let Some(n) = now.get(&f.id) {
                    *f = n.clone();
                }
            }
        }
        Ok(found)
    }
}
