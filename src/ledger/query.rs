//! What the ledger answers: `ledger files`, `ledger show KEY`, and `ledger confirm FILE...`.

use std::path::PathBuf;

use serde::Serialize;

use super::{EXCLUDED, Ledger, LedgerError, REJECTED, WRITTEN};
use crate::i18n::Msg;

/// Separates the output values stored for a written row.
pub const VALUE_SEPARATOR: char = '\u{1f}';

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
}

/// One run's outcome for one report (a key).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ShowEntry {
    /// The key's values.
    pub key: Vec<String>,
    pub run: i64,
    pub run_at: String,
    pub profile: String,
    /// `written`, `excluded` or `rejected`.
    pub outcome: String,
    /// The rule that excluded or rejected the row.
    pub rule: Option<String>,
    /// The upload file it was written to.
    pub file: Option<String>,
    /// When that file was confirmed as uploaded.
    pub confirmed_at: Option<String>,
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

const FILE_COLUMNS: &str = "f.id, f.run_id, ru.started, f.profile, ru.out_dir, f.path, f.sha256, f.rows, f.confirmed_at
     FROM files f JOIN runs ru ON ru.id = f.run_id";

fn file_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<FileEntry> {
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
    })
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
    /// key and then in run order (at most [`SHOW_LIMIT`] entries). A range scan of the key
    /// index, so it stays fast on a ledger of millions of rows.
    pub fn show(&self, prefix: &str) -> Result<Vec<ShowEntry>, LedgerError> {
        let fail = self.fail("ledger-cannot-read");
        let mut st = self
            .conn
            .prepare(
                "SELECT r.key, r.run_id, ru.started, ru.profile, r.outcome, r.rule, f.path, f.confirmed_at,
                        coalesce(i.name, ''), r.line, r.vals
                 FROM rows r JOIN runs ru ON ru.id = r.run_id
                 LEFT JOIN files f ON f.id = r.file_id
                 LEFT JOIN inputs i ON i.run_id = r.run_id AND i.idx = r.input
                 WHERE r.key >= ?1 AND r.key < ?1 || char(1114111)
                 ORDER BY r.key, r.id LIMIT ?2",
            )
            .map_err(&fail)?;
        let split = |s: String| s.split(VALUE_SEPARATOR).map(String::from).collect::<Vec<_>>();
        st.query_map((prefix, SHOW_LIMIT), |r| {
            let outcome: i64 = r.get(4)?;
            Ok(ShowEntry {
                key: split(r.get(0)?),
                run: r.get(1)?,
                run_at: r.get(2)?,
                profile: r.get(3)?,
                outcome: match outcome {
                    WRITTEN => "written",
                    EXCLUDED => "excluded",
                    REJECTED => "rejected",
                    _ => "unknown",
                }
                .to_string(),
                rule: r.get(5)?,
                file: r.get(6)?,
                confirmed_at: r.get(7)?,
                input: r.get(8)?,
                line: r.get(9)?,
                values: r.get::<_, Option<String>>(10)?.map(split),
            })
        })
        .map_err(&fail)?
        .collect::<Result<_, _>>()
        .map_err(&fail)
    }

    /// Marks the recorded files with the content of each of `paths` as uploaded (found by
    /// SHA-256, so a copy elsewhere matches), and makes their rows the latest confirmed sends
    /// of their keys. A file the ledger does not know stops it all: nothing is confirmed.
    pub fn confirm(&mut self, paths: &[PathBuf]) -> Result<Vec<Confirmed>, LedgerError> {
        let display = self.display();
        let fail = |e| LedgerError::sqlite(&display, "ledger-cannot-read", e);
        let sql = format!("SELECT {FILE_COLUMNS} WHERE f.sha256 = ?1 ORDER BY f.id");
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        {
            let mut st = self.conn.prepare(&sql).map_err(&fail)?;
            for p in paths {
                let given = p.display().to_string();
                let sha = super::sha256_file(p).map_err(|e| {
                    LedgerError::new(Msg::new("ledger-confirm-unreadable").arg("file", &given).arg("detail", e))
                })?;
                let files: Vec<FileEntry> =
                    st.query_map([&sha], file_entry).map_err(&fail)?.collect::<Result<_, _>>().map_err(&fail)?;
                if files.is_empty() {
                    unknown.push(given);
                } else {
                    let already = files.iter().all(|f| f.confirmed_at.is_some());
                    found.push(Confirmed { given, files, already });
                }
            }
        }
        if !unknown.is_empty() {
            return Err(LedgerError::new(Msg::new("ledger-confirm-unknown").arg("files", unknown.join(", "))));
        }
        let display = self.display();
        let write = |e| LedgerError::sqlite(&display, "ledger-cannot-write", e);
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(&write)?;
        let now = super::now();
        for c in &mut found {
            for f in c.files.iter_mut().filter(|f| f.confirmed_at.is_none()) {
                tx.execute("UPDATE files SET confirmed_at = ?1 WHERE id = ?2", (&now, f.id)).map_err(&write)?;
                tx.execute(
                    "INSERT INTO sent(profile, key_hash, value_hash, row_id)
                     SELECT ?1, key_hash, value_hash, id FROM rows
                     WHERE file_id = ?2 AND outcome = ?3 AND key_hash IS NOT NULL AND true
                     ON CONFLICT(profile, key_hash) DO UPDATE SET value_hash = excluded.value_hash,
                        row_id = excluded.row_id WHERE excluded.row_id > sent.row_id",
                    (&f.profile, f.id, WRITTEN),
                )
                .map_err(&write)?;
                f.confirmed_at = Some(now.clone());
            }
        }
        tx.commit().map_err(&write)?;
        Ok(found)
    }
}
