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
    /// The profile's IANA time zone, for showing the run's times.
    pub time_zone: String,
    /// The id of the first run of the same invocation (several profiles run at once); `None`:
    /// this run is the first, or alone.
    pub batch: Option<i64>,
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
}

impl Recording {
    /// Starts the ledger's write-ahead log now, while the run reads: the pages changed so far
    /// (the run's own row) go to it, uncommitted, as a cache spill would write them. SQLite
    /// syncs a new log's header, and its folder, when it writes the first page there; called
    /// on the writer's thread, those two syncs overlap the run instead of waiting in its
    /// commit, where a small run (which changes too few pages to write any earlier) had them
    /// after the output folder's. For a later profile of one invocation, or a ledger just
    /// made (its tables committed to the log), the log has begun already: this only writes
    /// pages early.
    pub fn start_log(&self) -> Result<(), LedgerError> {
        self.ledger.conn.cache_flush().map_err(self.ledger.fail("ledger-cannot-write"))
    }

    /// Opens the run's write transaction and records the run, in its turn (`gate`). Waits up
    /// to [`super::BUSY_WAIT`] for a program writing to the ledger without taking turns.
    pub fn begin(ledger: Ledger, gate: Gate, info: &RunInfo) -> Result<Recording, LedgerError> {
        let write = ledger.fail("ledger-cannot-write");
        // A run of several profiles has opened the invocation's transaction already
        // (`super::Session`).
        if ledger.conn.is_autocommit() {
            ledger.conn.execute_batch("BEGIN IMMEDIATE").map_err(&write)?;
        }
        ledger
            .conn
            .execute(
                "INSERT INTO runs(started, profile, as_of, params, out_dir, time_zone, batch)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (
                    super::now(),
                    &info.profile,
                    &info.as_of,
                    &info.params,
                    &info.out_dir,
                    (!info.time_zone.is_empty()).then_some(&info.time_zone),
                    info.batch,
                ),
            )
            .map_err(&write)?;
        let run_id = ledger.conn.last_insert_rowid();
        let next_file_id =
            ledger.conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM files", [], |r| r.get(0)).map_err(&write)?;
        drop(write);
        Ok(Recording { ledger, gate, run_id, profile: info.profile.clone(), next_file_id, compressed: Vec::new() })
    }

    /// The ledger, inside the run's transaction: what it reads is the latest state, which no
    /// other run can change before this one commits.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Marks `files` (of unknown upload) as superseded by this run: none of them holds a key's
    /// latest send any more ([`super::supersede`]).
    pub fn supersede(&self, files: &[i64]) -> Result<(), LedgerError> {
        self.ledger.supersede(files, self.run_id)
    }

    /// The ledger and the turn, the transaction still open (the run is taken back by its
    /// [`super::Session`]).
    pub(super) fn into_parts(self) -> (Ledger, Gate) {
        (self.ledger, self.gate)
    }

    /// Stores a chunk of the run's rows; `new_files` are the upload files (id, path under the
    /// output folder) its rows are the first to be written to.
    pub fn store(&mut self, chunk: &ChunkBuf, new_files: &[(i64, String)]) -> Result<(), LedgerError> {
        let write = self.ledger.fail("ledger-cannot-write");
        for (id, path) in new_files {
            self.ledger
                .conn
                .execute(
                    "INSERT INTO files(id, run_id, profile, path) VALUES (?1, ?2, ?3, ?4)",
                    (id, self.run_id, &self.profile, path),
                )
                .map_err(&write)?;
        }
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
        for f in files {
            self.ledger
                .conn
                .execute(
                    "UPDATE files SET sha256 = ?1, rows = ?2 WHERE run_id = ?3 AND path = ?4",
                    (&f.sha256, f.rows as i64, self.run_id, &f.path),
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
        Ok(Prepared { ledger: Some(self.ledger), run_id: self.run_id, gate: Some(gate) })
    }
}

/// A recorded run whose transaction is ready to commit. Dropped uncommitted, it rolls back.
/// Either way the run's turn at the ledger ends then.
pub struct Prepared {
    ledger: Option<Ledger>,
    pub run_id: i64,
    gate: Option<Gate>,
}

impl Prepared {
    /// Commits the run's records: the last step of the run's commit.
    pub fn commit(mut self) -> Result<(), LedgerError> {
        let ledger = self.ledger.take().expect("a prepared run is committed once");
        ledger.conn.execute_batch("COMMIT").map_err(ledger.fail("ledger-commit-failed"))
    }

    /// Ends the savepoint `name` the run was recorded in, keeping its records in the
    /// transaction.
    pub(super) fn release(&self, name: &str) -> Result<(), LedgerError> {
        let ledger = self.ledger.as_ref().expect("a prepared run holds the ledger");
        ledger.conn.execute_batch(&format!("RELEASE {name}")).map_err(ledger.fail("ledger-cannot-write"))
    }

    /// The ledger and the turn, the transaction still open: the invocation goes on with its
    /// next run ([`super::Session::begin`]).
    pub(super) fn into_parts(mut self) -> (Ledger, Gate) {
        let ledger = self.ledger.take().expect("a prepared run is handed on once");
        (ledger, self.gate.take().expect("a prepared run holds the turn"))
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if let Some(l) = &self.ledger {
            let _ = l.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Stores one chunk of a run's rows with its entries in the key index (each key group
/// once per chunk: [`chunk::key_group`]) and in the file index. Also used by the migration that packed older ledgers.
pub(super) fn store_chunk(
    conn: &Connection,
    run_id: i64,
    chunk: &ChunkBuf,
    compressed: &mut Vec<u8>,
) -> rusqlite::Result<()> {
    let stored = chunk::compress(&chunk.data, compressed);
    conn.prepare_cached("INSERT INTO chunks(run_id, first, rows, data) VALUES (?1, ?2, ?3, ?4)")?.execute((
        run_id,
        chunk.first as i64,
        chunk.rows as i64,
        stored,
    ))?;
    let id = conn.last_insert_rowid();
    // Keys go in by [`KEYS_PER_INSERT`] per statement: one statement per key cost more in
    // SQLite's statement machinery than in the index itself. Sorted, they also land in the
    // index in order. `OR IGNORE` (there is never a conflict: each chunk's are distinct and
    // the chunk is new) spares the statement journal a multi-row `INSERT` otherwise keeps,
    // which copied every page it changed.
    let keys = chunk.groups();
    let mut groups = keys.chunks_exact(KEYS_PER_INSERT);
    let mut many = conn.prepare_cached(&insert_keys(KEYS_PER_INSERT))?;
    for group in &mut groups {
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
