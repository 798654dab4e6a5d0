//! The ledger's tables and their versions. `PRAGMA user_version` is the number of
//! [`MIGRATIONS`] applied: opening a ledger applies the missing ones in one transaction, so a
//! ledger made by any earlier orderbridge is brought up to date, and one made by a newer
//! orderbridge (a larger version) is refused rather than misread. Version 0 is an empty file.
//!
//! The tables:
//! - `runs`: one per recorded run (time, profile, as-of, parameters, output folder, counts);
//! - `inputs`: each run's inputs with their SHA-256 (`NULL` for standard input);
//! - `files`: each upload file planned by a run: its path under the output folder, SHA-256
//!   (`NULL`: not written, e.g. `--strict`), rows, and when it was confirmed as uploaded;
//! - `rows`: every row of every run: its key (`NULL` when its key columns could not be
//!   computed), the hashes of its key and output values, its outcome and rule, its file, where
//!   it was read, and the values sent (written rows only; `ledger show`);
//! - `sent`: per profile and key, the values of the latest confirmed send — what the
//!   `already_sent` decision compares with, kept up to date by `ledger confirm`.
//!
//! Indexes: `rows(key)` makes `ledger show` a range scan (`key >= p AND key < p || U+10FFFF`)
//! whatever the ledger's size; `rows(file_id)` makes confirming a file read only its rows;
//! `files(sha256)` finds a file by content.

use super::{APPLICATION_ID, Ledger, LedgerError};
use crate::i18n::Msg;

/// Each entry takes a ledger from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first ledger.
    "CREATE TABLE runs(
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
    ) WITHOUT ROWID;",
];

/// The version this program writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Checks that the open file is a ledger (or empty), refuses a newer one, migrates an older
/// one, and sets the connection up (WAL).
pub(super) fn prepare(ledger: &Ledger) -> Result<(), LedgerError> {
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
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| LedgerError::sqlite(&path, "ledger-cannot-write", e))?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(|e| LedgerError::sqlite(&path, "ledger-cannot-write", e))?;
    // Up to 256 MiB of page cache (an upper bound: SQLite takes pages as it needs them). A
    // run's rows land all over the key index; once the cache is full, SQLite spills dirty pages
    // to the WAL and appends them again each time they change, which multiplied the writes of
    // a 1M-row run (64 MiB: 1.4M page writes). 256 MiB holds a 1M-row run's pages (~160 MB).
    conn.pragma_update(None, "cache_size", -262_144).map_err(read)?;
    // Temporary structures (statement journals, sorts) in memory, not in small files: a
    // statement journal on disk cost a million small writes in a 1M-row run.
    conn.pragma_update(None, "temp_store", "MEMORY").map_err(read)?;
    let version = user_version(ledger)?;
    if version > LATEST_VERSION {
        return Err(LedgerError::new(
            Msg::new("ledger-newer").arg("path", &path).arg("version", version).arg("supported", LATEST_VERSION),
        ));
    }
    if version < LATEST_VERSION {
        migrate(ledger)?;
    }
    Ok(())
}

pub(super) fn user_version(ledger: &Ledger) -> Result<i64, LedgerError> {
    ledger.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(ledger.fail("ledger-cannot-read"))
}

/// Applies the missing migrations in one write transaction (re-reading the version inside it:
/// two programs opening a new ledger at once migrate it once).
fn migrate(ledger: &Ledger) -> Result<(), LedgerError> {
    let conn = &ledger.conn;
    let write = ledger.fail("ledger-cannot-write");
    conn.execute_batch("BEGIN IMMEDIATE").map_err(&write)?;
    let result = (|| {
        let version = user_version(ledger)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            conn.execute_batch(sql).map_err(&write)?;
            conn.pragma_update(None, "user_version", i as i64 + 1).map_err(&write)?;
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(&write)?;
        conn.execute_batch("COMMIT").map_err(&write)
    })();
    if result.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    result
}
