//! The ledger's tables and their versions. `PRAGMA user_version` is the number of
//! [`MIGRATIONS`] applied: opening a ledger applies the missing ones in one transaction, so a
//! ledger made by any earlier orderbridge is brought up to date, and one made by a newer
//! orderbridge (a larger version) is refused rather than misread. Version 0 is an empty file.
//!
//! The tables (version 6):
//! - `runs`: one per recorded run (time, profile, as-of, parameters, output folder, counts);
//! - `inputs`: each run's inputs with their SHA-256 (`NULL` for standard input);
//! - `files`: each upload file planned by a run: its path under the output folder, SHA-256
//!   (`NULL`: not written, e.g. `--strict`), rows, and when it was confirmed as uploaded
//!   (`confirmed_at`) or marked as not uploaded (`unsent_at`) — at most one of the two — and,
//!   while neither, the later run that wrote again every key it was the latest send of
//!   (`superseded_by`, [`super::supersede`]);
//! - `chunks`: every row of every run, packed [`CHUNK_ROWS`](super::chunk::CHUNK_ROWS) to an
//!   SQLite row ([`super::chunk`]): its key, its outcome and rule, its file, where it was
//!   read, and for written rows the hashes of its key and values and the values sent;
//! - `keys`: each key group — a key's first column (the order number, in the shipped
//!   profiles) less its last three characters ([`super::chunk::key_group`]) — once per chunk
//!   that holds it: the index of `ledger show`, a range scan (`head >= p AND head < p ||
//!   U+10FFFF`) and three lookups whatever the ledger's size. The first column, not the whole
//!   key: a search starts with it;
//! - `chunk_files`: the chunks holding each file's rows, so confirming a file reads only those;
//! - `sent`: per profile and key, the values of the latest confirmed send — what the
//!   `already_sent` decision compares with, kept up to date by `ledger confirm`. `row_ref`
//!   orders sends: the run's id in the high 32 bits, the row's number in the run below.
//!
//! Version 1 kept one SQLite row per row (`rows`, indexed by key and file); version 2 packs
//! them, because a row each cost more than the run itself. Its migration repacks `rows`.
//! Version 3 adds `files.unsent_at`, `runs.time_zone` (the profile's, for showing times) and
//! `runs.batch` (the first run of the same invocation). Version 4 keys the index by key
//! group instead of first column: an entry per ~100 rows instead of one per row, which were
//! half a ledger's bytes and most of the cost of recording a run. Version 5 packs the rows of
//! a new chunk against each other (a value repeated from the row before or from the key, a
//! line as a step: [`super::chunk`]), a third fewer bytes to compress and store; the
//! chunks written before stay as they are and are read as before, but an older orderbridge
//! would not read the new ones: hence a version, with no change to the tables. Version 6 adds
//! `files.superseded_by`, so that a run reads the rows of the unknown files that still
//! decide something rather than of every file ever left unconfirmed.

use super::{APPLICATION_ID, Ledger, LedgerError};
use crate::i18n::Msg;

/// A migration's step over the data, in Rust, after its SQL.
pub type DataStep = fn(&Ledger) -> Result<(), LedgerError>;

/// One step of the schema: its SQL, then (if any) a step over the data.
pub struct Migration {
    /// The statements that change the tables, run in the opening transaction.
    pub sql: &'static str,
    /// A step over the rows the SQL alone cannot do (repacking); `None`: the SQL is all.
    pub data: Option<DataStep>,
}

/// Each entry takes a ledger from version `i` to `i + 1`.
pub const MIGRATIONS: &[Migration] = &[
    // 1: the first ledger.
    Migration { sql: V1, data: None },
    // 2: rows packed in chunks, with a key index and a file index of chunks.
    Migration { sql: V2, data: Some(super::repack::rows_into_chunks) },
    // 3: a file's upload known either way (uploaded, or marked not uploaded); a run's time
    // zone, for showing its times; the invocation a run belongs to.
    Migration { sql: V3, data: None },
    // 4: the key index by key group (a key's first column less its last three characters).
    Migration { sql: V4, data: None },
    // 5: new chunks' rows packed against each other (the tables stay).
    Migration { sql: "", data: None },
    // 6: a file of unknown upload whose every key a later run wrote again (superseded).
    Migration { sql: V6, data: None },
];

const V1: &str = "CREATE TABLE runs(
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        profile TEXT NOT NULL,
        as_of TEXT NOT NULL,
        params TEXT NOT NULL,
        out_dir TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        written INTEGER NOT NULL DEFAULT 0,
        excluded INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE inputs(
        run_id INTEGER NOT NULL REFERENCES runs(id),
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        sha256 TEXT,
        PRIMARY KEY(run_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE files(
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        profile TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT,
        rows INTEGER NOT NULL DEFAULT 0,
        confirmed_at TEXT
    );
    CREATE INDEX files_sha256 ON files(sha256);
    CREATE TABLE rows(
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL,
        key TEXT,
        key_hash INTEGER,
        value_hash INTEGER,
        outcome INTEGER NOT NULL,
        rule TEXT,
        file_id INTEGER,
        input INTEGER NOT NULL,
        line INTEGER NOT NULL,
        vals TEXT
    );
    CREATE INDEX rows_key ON rows(key) WHERE key IS NOT NULL;
    CREATE INDEX rows_file ON rows(file_id) WHERE file_id IS NOT NULL;
    CREATE TABLE sent(
        profile TEXT NOT NULL,
        key_hash INTEGER NOT NULL,
        value_hash INTEGER NOT NULL,
        row_id INTEGER NOT NULL,
        PRIMARY KEY(profile, key_hash)
    ) WITHOUT ROWID;";

const V2: &str = "CREATE TABLE chunks(
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        first INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE keys(
        head TEXT NOT NULL,
        chunk_id INTEGER NOT NULL,
        PRIMARY KEY(head, chunk_id)
    ) WITHOUT ROWID;
    CREATE TABLE chunk_files(
        file_id INTEGER NOT NULL,
        chunk_id INTEGER NOT NULL,
        PRIMARY KEY(file_id, chunk_id)
    ) WITHOUT ROWID;
    DROP TABLE sent;
    CREATE TABLE sent(
        profile TEXT NOT NULL,
        key_hash INTEGER NOT NULL,
        value_hash INTEGER NOT NULL,
        row_ref INTEGER NOT NULL,
        PRIMARY KEY(profile, key_hash)
    ) WITHOUT ROWID;";

/// A file is *uploaded* (`confirmed_at`), *not uploaded* (`unsent_at`) or *unknown* (neither):
/// an upload that adds must not be sent again while it is unknown. `batch` is the id of the
/// first run of the same invocation (`NULL`: the run itself).
const V3: &str = "ALTER TABLE files ADD COLUMN unsent_at TEXT;
    ALTER TABLE runs ADD COLUMN time_zone TEXT;
    ALTER TABLE runs ADD COLUMN batch INTEGER;";

/// The index of version 3, each first column cut to its group. SQLite's `length` and `substr`
/// count characters of a text, as [`super::chunk::key_group`] does.
const V4: &str = "CREATE TABLE key_groups(
        head TEXT NOT NULL,
        chunk_id INTEGER NOT NULL,
        PRIMARY KEY(head, chunk_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO key_groups(head, chunk_id)
        SELECT substr(head, 1, max(length(head) - 3, 0)), chunk_id FROM keys ORDER BY 1, 2;
    DROP TABLE keys;
    ALTER TABLE key_groups RENAME TO keys;";

/// `files.superseded_by`: the run that wrote again every key whose latest send of unknown
/// upload was in the file ([`super::supersede`]); `NULL`: not superseded.
const V6: &str = "ALTER TABLE files ADD COLUMN superseded_by INTEGER;";

/// The version this program writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Checks that the open file is a ledger (or empty), refuses a newer one, migrates an older
/// one, and sets the connection up (WAL).
pub(super) fn prepare(ledger: &Ledger, keep: Keep) -> Result<(), LedgerError> {
    let conn = &ledger.conn;
    let path = ledger.display();
    let read = |e| LedgerError::sqlite(&path, "ledger-cannot-read", e);
    // Both read in one snapshot: another program creating this ledger at the same moment
    // commits its tables and the application id together, and two separate reads could see
    // the id from before and the tables from after ("not a ledger").
    let (app, tables): (i32, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_schema)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(read)?;
    if app != APPLICATION_ID && !(app == 0 && tables == 0) {
        return Err(LedgerError::new(Msg::new("ledger-other-database").arg("path", &path)));
    }
    if tables == 0 {
        // A new ledger: 16 KiB pages. A run appends chunks of about 100 KiB and a key index
        // in key order; larger pages write them with fewer page writes (and WAL frames) than
        // SQLite's default 4 KiB (a 1M-row run with a new ledger: 1.10 s with 4 KiB pages,
        // 1.07 s with 16 or 64 KiB). But every page a run changes is written twice at its
        // commit, to the WAL and by the checkpoint, each then synced: a 250-row run changes
        // about seven pages, 450 KB to write and sync with 64 KiB pages, and took 12.8 ms
        // against 11.5 ms with 16 KiB (medians of 40, the benchmark machine). Only possible
        // before the first table exists; a ledger keeps the page size it was made with.
        conn.pragma_update(None, "page_size", 16_384).map_err(read)?;
    }
    // Setting the journal mode writes the file's header: only for a ledger that will be
    // written (a ledger is made in WAL mode, so reading it finds it there already).
    if keep == Keep::Commit {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| LedgerError::sqlite(&path, "ledger-cannot-write", e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| LedgerError::sqlite(&path, "ledger-cannot-write", e))?;
    }
    // 4 MiB of page cache (64 pages): a run's pages beyond it are written to the WAL by the
    // ledger's own thread while the run goes on, rather than at its commit. A run touches
    // few pages at a time (the chunk being appended, the key index's pages where its keys
    // land), so a larger cache kept only memory: 16 MiB made a third of a run's peak memory
    // and was measured no faster. (Version 1 needed 256 MiB: its row-per-row index pages
    // were rewritten over and over.)
    conn.pragma_update(None, "cache_size", -4_096).map_err(read)?;
    // Temporary structures (statement journals, sorts) in memory, not in small files: a
    // statement journal on disk cost a million small writes in a 1M-row run.
    conn.pragma_update(None, "temp_store", "MEMORY").map_err(read)?;
    let version = user_version(ledger)?;
    if version > LATEST_VERSION {
        return Err(LedgerError::new(
            Msg::new("ledger-newer").arg("path", &path).arg("version", version).arg("supported", LATEST_VERSION),
        ));
    }
    if version < LATEST_VERSION && keep == Keep::ReadOnly {
        return Err(LedgerError::new(Msg::new("ledger-read-only-older").arg("path", &path)));
    }
    if version < LATEST_VERSION {
        migrate(ledger, keep)?;
    }
    Ok(())
}

pub(super) fn user_version(ledger: &Ledger) -> Result<i64, LedgerError> {
    ledger.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(ledger.fail("ledger-cannot-read"))
}

/// Whether a migration is committed, or left open for the connection to read through and
/// roll back when it closes (a dry run leaves an older ledger as it was), or impossible (a
/// ledger opened with read access only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    Commit,
    Uncommitted,
    ReadOnly,
}

/// Applies the missing migrations in one write transaction (re-reading the version inside it:
/// two programs opening a new ledger at once migrate it once).
fn migrate(ledger: &Ledger, keep: Keep) -> Result<(), LedgerError> {
    let conn = &ledger.conn;
    let write = ledger.fail("ledger-cannot-write");
    conn.execute_batch("BEGIN IMMEDIATE").map_err(&write)?;
    let result = (|| {
        let version = user_version(ledger)?;
        for (i, m) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            conn.execute_batch(m.sql).map_err(&write)?;
            if let Some(data) = m.data {
                data(ledger)?;
            }
            conn.pragma_update(None, "user_version", i as i64 + 1).map_err(&write)?;
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(&write)?;
        match keep {
            Keep::Commit => conn.execute_batch("COMMIT").map_err(&write),
            // Left open: closing the connection rolls it back.
            Keep::Uncommitted | Keep::ReadOnly => Ok(()),
        }
    })();
    if result.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    result
}
