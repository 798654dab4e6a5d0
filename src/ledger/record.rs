//! Recording one run: a write transaction opened before the first row (`BEGIN IMMEDIATE`, once
//! the run has its turn at the ledger: a [`Gate`]), the rows stored in packed chunks as they are
//! decided, and committed last ([`Prepared::commit`]), after the run's files are in place. The
//! turn is held until then, and every chunk shows the run's progress to the runs waiting.

use rusqlite::Connection;

pub(crate) use super::chunk::RowRecord;
use super::chunk::{self, ChunkBuf};
use super::{Gate, Ledger, LedgerError};

/// What is recorded about the run itself.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub profile: String,
    pub as_of: String,
    /// The run's parameters as JSON (options that change what is written).
    pub params: String,
    pub out_dir: String,
}

/// An upload file as the run leaves it: `sha256` is `None` if it was not written.
#[derive(Debug, Clone)]
pub struct FileWritten {
    pub path: String,
    pub sha256: Option<String>,
    pub rows: u64,
}

/// A run being recorded: its transaction is open. Rows come in packed chunks
/// ([`Recording::store`]), from the [`super::Writer`].
pub struct Recording {
    ledger: Ledger,
    gate: Gate,
    run_id: i64,
    profile: String,
    /// The id the run's next new upload file gets. The run holds the ledger's write lock
    /// from [`Recording::begin`] on, so it can number its files itself, on the run's thread.
    pub(super) next_file_id: i64,
    /// A chunk compressed, reused.
    compressed: Vec<u8>,
    /// The run's upload files met so far (id, path under the output folder): inserted by
    /// [`Recording::finish`], with their hashes, not when first met (see [`Recording::store`]).
    new_files: Vec<(i64, String)>,
}

impl Recording {
    /// Opens the run's write transaction and records the run, in its turn (`gate`). Waits up
    /// to [`super::BUSY_WAIT`] for a program writing to the ledger without taking turns.
    pub fn begin(ledger: Ledger, gate: Gate, info: &RunInfo) -> Result<Recording, LedgerError> {
        let write = ledger.fail("ledger-cannot-write");
        ledger.conn.execute_batch("BEGIN IMMEDIATE").map_err(&write)?;
        ledger
            .conn
            .execute(
                "INSERT INTO runs(started, profile, as_of, params, out_dir) VALUES (?1, ?2, ?3, ?4, ?5)",
                (super::now(), &info.profile, &info.as_of, &info.params, &info.out_dir),
            )
            .map_err(&write)?;
        let run_id = ledger.conn.last_insert_rowid();
        let next_file_id =
            ledger.conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM files", [], |r| r.get(0)).map_err(&write)?;
        drop(write);
        Ok(Recording {
            ledger,
            gate,
            run_id,
            profile: info.profile.clone(),
            next_file_id,
            compressed: Vec::new(),
            new_files: Vec::new(),
        })
    }

    /// The ledger, inside the run's transaction: what it reads is the latest state, which no
    /// other run can change before this one commits.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Stores a chunk of the run's rows; `new_files` are the upload files (id, path under the
    /// output folder) its rows are the first to be written to.
    ///
    /// No page written here early is changed again at the end. The page cache spills the
    /// pages changed longest ago to the WAL while the run goes on; a page changed again after
    /// that is written over its first frame, and then SQLite reads back and checksums every
    /// frame from there to the end at the commit (the whole run's WAL, 66 MB a million rows).
    /// So the files are inserted only once their hashes are known, and the run's own row,
    /// whose counts come last, is read again and again while the chunk is stored
    /// ([`store_chunk`]): a page just used is not the one spilled.
    pub fn store(&mut self, chunk: &ChunkBuf, new_files: &[(i64, String)]) -> Result<(), LedgerError> {
        let write = self.ledger.fail("ledger-cannot-write");
        self.new_files.extend_from_slice(new_files);
        store_chunk(&self.ledger.conn, self.run_id, chunk, &mut self.compressed).map_err(&write)?;
        self.gate.beat();
        Ok(())
    }

    /// Records the run's inputs (name and SHA-256; `None`: standard input, not hashed), the
    /// files as written and the run's counts (read, written, excluded, rejected); the
    /// transaction stays open until [`Prepared::commit`].
    pub fn finish(
        self,
        inputs: &[(String, Option<String>)],
        files: &[FileWritten],
        counts: [u64; 4],
    ) -> Result<Prepared, LedgerError> {
        let mut gate = self.gate;
        gate.beat_now();
        let write = self.ledger.fail("ledger-cannot-write");
        for (i, (name, sha)) in inputs.iter().enumerate() {
            self.ledger
                .conn
                .execute(
                    "INSERT INTO inputs(run_id, idx, name, sha256) VALUES (?1, ?2, ?3, ?4)",
                    (self.run_id, i as i64, name, sha),
                )
                .map_err(&write)?;
        }
        // The files the rows went to, in the order they were met (their ids); one the run
        // planned but did not write has no hash.
        for (id, path) in &self.new_files {
            let (sha256, rows) =
                files.iter().find(|f| f.path == *path).map_or((None, 0), |f| (f.sha256.as_ref(), f.rows));
            self.ledger
                .conn
                .execute(
                    "INSERT INTO files(id, run_id, profile, path, sha256, rows) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    (id, self.run_id, &self.profile, path, sha256, rows as i64),
                )
                .map_err(&write)?;
        }
        let [read, written, excluded, rejected] = counts.map(|n| n as i64);
        self.ledger
            .conn
            .execute(
                "UPDATE runs SET read = ?1, written = ?2, excluded = ?3, rejected = ?4 WHERE id = ?5",
                (read, written, excluded, rejected, self.run_id),
            )
            .map_err(&write)?;
        drop(write);
        gate.beat_now();
        Ok(Prepared { ledger: Some(self.ledger), run_id: self.run_id, _gate: gate })
    }
}

/// A recorded run whose transaction is ready to commit. Dropped uncommitted, it rolls back.
/// Either way the run's turn at the ledger ends then.
pub struct Prepared {
    ledger: Option<Ledger>,
    pub run_id: i64,
    _gate: Gate,
}

impl Prepared {
    /// Commits the run's records: the last step of the run's commit.
    pub fn commit(mut self) -> Result<(), LedgerError> {
        let ledger = self.ledger.take().expect("a prepared run is committed once");
        ledger.conn.execute_batch("COMMIT").map_err(ledger.fail("ledger-commit-failed"))
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if let Some(l) = &self.ledger {
            let _ = l.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Stores one chunk of a run's rows with its entries in the key index (each key's first
/// column once per chunk) and in the file index. Also used by the migration that packed older ledgers.
pub(super) fn store_chunk(
    conn: &Connection,
    run_id: i64,
    chunk: &ChunkBuf,
    compressed: &mut Vec<u8>,
) -> rusqlite::Result<()> {
    chunk::compress(&chunk.data, compressed);
    conn.prepare_cached("INSERT INTO chunks(run_id, first, rows, data) VALUES (?1, ?2, ?3, ?4)")?.execute((
        run_id,
        chunk.first as i64,
        chunk.rows as i64,
        &compressed[..],
    ))?;
    let id = conn.last_insert_rowid();
    // Keys go in by [`KEYS_PER_INSERT`] per statement: one statement per key cost more in
    // SQLite's statement machinery than in the index itself. Sorted, they also land in the
    // index in order. `OR IGNORE` (there is never a conflict: each chunk's are distinct and
    // the chunk is new) spares the statement journal a multi-row `INSERT` otherwise keeps,
    // which copied every page it changed.
    let keys = chunk.heads();
    let mut groups = keys.chunks_exact(KEYS_PER_INSERT);
    let mut many = conn.prepare_cached(&insert_keys(KEYS_PER_INSERT))?;
    let mut run = conn.prepare_cached("SELECT 1 FROM runs WHERE id = ?1")?;
    for (n, group) in (&mut groups).enumerate() {
        if n % TOUCH_RUN_EVERY == 0 {
            // A run's row that is not there (none in a damaged ledger) is no error here.
            run.query([run_id])?.next()?;
        }
        for (i, k) in group.iter().enumerate() {
            many.raw_bind_parameter(2 * i + 1, k)?;
            many.raw_bind_parameter(2 * i + 2, id)?;
        }
        many.raw_execute()?;
    }
    let mut one = conn.prepare_cached(&insert_keys(1))?;
    for k in groups.remainder() {
        one.execute((k, id))?;
    }
    let mut file = conn.prepare_cached("INSERT INTO chunk_files(file_id, chunk_id) VALUES (?1, ?2)")?;
    for f in &chunk.files {
        file.execute((f, id))?;
    }
    Ok(())
}

/// Keys inserted by one statement.
const KEYS_PER_INSERT: usize = 64;

/// The run's row is read once every this many key statements, so that its page stays among
/// the cache's latest ([`Recording::store`]): 512 keys land on fewer pages than it holds.
const TOUCH_RUN_EVERY: usize = 8;

fn insert_keys(n: usize) -> String {
    let mut sql = String::from("INSERT OR IGNORE INTO keys(head, chunk_id) VALUES (?, ?)");
    for _ in 1..n {
        sql.push_str(", (?, ?)");
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pages of the frames in the WAL beside `ledger` (page numbers, as SQLite's WAL
    /// format lays them out: a 32-byte header, then per frame a 24-byte header starting with
    /// the page number, and the page).
    fn wal_pages(ledger: &std::path::Path) -> Vec<u32> {
        let wal = std::fs::read(ledger.with_extension("sqlite-wal")).unwrap_or_default();
        let Some(page_size) = wal.get(8..12).map(|b| u32::from_be_bytes(b.try_into().unwrap()) as usize) else {
            return Vec::new();
        };
        wal[32..].chunks_exact(24 + page_size).map(|f| u32::from_be_bytes(f[..4].try_into().unwrap())).collect()
    }

    /// The pages the run changes again at its end (its own row's counts, its files with their
    /// hashes) are not written to the WAL while its rows are: written then, they would be
    /// written over at the end, and the commit would read back and checksum the whole WAL.
    #[test]
    fn the_pages_changed_at_the_end_are_not_spilled_while_rows_are_stored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.sqlite");
        let (ledger, gate) = Ledger::open_queued(&path, &mut |_| {}).unwrap();
        // An empty WAL, and a small cache: what the WAL holds next, this run spilled.
        ledger.conn.execute_batch("PRAGMA wal_autocheckpoint = 0; PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
        ledger.conn.pragma_update(None, "cache_size", 32).unwrap();
        let root = |name: &str| -> u32 {
            ledger.conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0)).unwrap()
        };
        let late = [root("runs"), root("files"), root("files_sha256")];
        let info = RunInfo { profile: "p".into(), ..RunInfo::default() };
        let mut rec = Recording::begin(ledger, gate, &info).unwrap();
        let mut chunk = ChunkBuf::default();
        let mut n = 0u64;
        for c in 0..40u64 {
            chunk.reset(n);
            for _ in 0..2000 {
                // Order numbers as an export has them: rising within each of a few days.
                let key = format!("{}-{:08}\u{1f}1", 20241010 + n % 7, n);
                let noise = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                let values = vec![format!("{noise:x}"), format!("{:x}", noise.rotate_left(17)), key.clone()];
                let r = RowRecord {
                    key: Some(&key),
                    outcome: 0,
                    rule: None,
                    file: None,
                    input: 0,
                    line: n,
                    values: Some(&values),
                };
                let file = format!("f{}.csv", n % 3);
                chunk.push(&RowRecord { file: Some(&file), ..r }, Some(1 + (n % 3) as i64));
                n += 1;
            }
            let new_files: Vec<(i64, String)> =
                if c == 0 { (1..=3).map(|i| (i, format!("f{}.csv", i - 1))).collect() } else { Vec::new() };
            rec.store(&chunk, &new_files).unwrap();
        }
        let spilled = wal_pages(&path);
        assert!(spilled.len() > 64, "the cache did not spill: {} frames", spilled.len());
        for page in late {
            assert!(!spilled.contains(&page), "page {page} was spilled before the end: {late:?} in {spilled:?}");
        }
        let files: Vec<FileWritten> = (0..3)
            .map(|i| FileWritten { path: format!("f{i}.csv"), sha256: Some(format!("sha{i}")), rows: 7 })
            .collect();
        rec.finish(&[], &files, [0; 4]).unwrap().commit().unwrap();
        let l = Ledger::open(&path, false).unwrap();
        let stored: Vec<(i64, String, String, i64)> = l
            .conn
            .prepare("SELECT id, path, sha256, rows FROM files ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let expected: Vec<(i64, String, String, i64)> =
            (0..3).map(|i| (i + 1, format!("f{i}.csv"), format!("sha{i}"), 7)).collect();
        assert_eq!(stored, expected);
    }

    /// A run's pages beyond a small cache go to the WAL as it runs: the cache is a run's
    /// memory, not its speed.
    #[test]
    fn a_run_keeps_at_most_4_mib_of_pages() {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, _gate) = Ledger::open_queued(&dir.path().join("l.sqlite"), &mut |_| {}).unwrap();
        let (pages, page_size): (i64, i64) = ledger
            .conn
            .query_row(
                "SELECT (SELECT cache_size FROM pragma_cache_size), (SELECT page_size FROM pragma_page_size)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let bytes = if pages < 0 { -pages * 1024 } else { pages * page_size };
        assert!(bytes <= 4 << 20, "{bytes} bytes of page cache");
    }
}
