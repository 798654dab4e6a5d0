//! The migration to version 2: the rows of a version-1 ledger (one SQLite row each, in
//! `rows`) packed into chunks as a run of this version writes them, with their key and file
//! indexes; then the confirmed sends rebuilt from the confirmed files, oldest first, exactly
//! as `ledger confirm` makes them (with this version's hashes: version 1 used SHA-256), and
//! `rows` dropped. It runs inside the migration's
//! transaction: a ledger is migrated whole or not at all.

use super::chunk::{CHUNK_ROWS, ChunkBuf};
use super::query::VALUE_SEPARATOR;
use super::record::{RowRecord, store_chunk};
use super::{Ledger, LedgerError};
use crate::common::values::ValuesBuf;

pub(super) fn rows_into_chunks(ledger: &Ledger) -> Result<(), LedgerError> {
    let conn = &ledger.conn;
    let write = ledger.fail("ledger-cannot-write");
    let mut st = conn
        .prepare(
            "SELECT run_id, key, outcome, rule, file_id, input, line, vals
             FROM rows ORDER BY run_id, id",
        )
        .map_err(&write)?;
    let mut rows = st.query([]).map_err(&write)?;
    // Version 2's index: whole first columns (migration 4, next, cuts them to groups).
    let (mut chunk, mut compressed) = (ChunkBuf::of_whole_heads(), Vec::new());
    let (mut run, mut number) = (None, 0u64);
    while let Some(r) = rows.next().map_err(&write)? {
        let run_id: i64 = r.get(0).map_err(&write)?;
        if run != Some(run_id) || chunk.rows >= CHUNK_ROWS {
            if let Some(run) = run.filter(|_| chunk.rows > 0) {
                store_chunk(conn, run, &chunk, &mut compressed).map_err(&write)?;
            }
            if run != Some(run_id) {
                (run, number) = (Some(run_id), 0);
            }
            chunk.reset(number);
        }
        let key: Option<String> = r.get(1).map_err(&write)?;
        let outcome: i64 = r.get(2).map_err(&write)?;
        let rule: Option<String> = r.get(3).map_err(&write)?;
        let vals: Option<String> = r.get(7).map_err(&write)?;
        let values: Option<ValuesBuf> = vals.map(|v| v.split(VALUE_SEPARATOR).collect());
        let record = RowRecord {
            key: key.as_deref(),
            outcome,
            rule: rule.as_deref(),
            file: None,
            input: r.get::<_, i64>(5).map_err(&write)? as usize,
            line: r.get::<_, i64>(6).map_err(&write)? as u64,
            values: values.as_ref().map(ValuesBuf::values),
        };
        chunk.push(&record, r.get(4).map_err(&write)?);
        number += 1;
    }
    if let Some(run) = run.filter(|_| chunk.rows > 0) {
        store_chunk(conn, run, &chunk, &mut compressed).map_err(&write)?;
    }
    drop(rows);
    drop(st);
    let confirmed: Vec<(i64, String)> = conn
        .prepare("SELECT id, profile FROM files WHERE confirmed_at IS NOT NULL ORDER BY id")
        .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .map_err(&write)?;
    ledger.record_sent(&confirmed)?;
    conn.execute_batch("DROP TABLE rows").map_err(&write)
}
