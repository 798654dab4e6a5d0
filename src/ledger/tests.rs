//! The ledger's own rules, below the command line: stable hashes, prefix search bounds, which
//! confirmed send counts, and how a row is classified.

use super::*;
use crate::common::values::ValuesBuf;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn hashes_are_stable_across_versions_and_separate_values() {
    // Stored on disk: these numbers must never change. XXH3-64's published vector for the
    // empty input, then one key and one row's values as this version stores them.
    assert_eq!(key_hash("") as u64, 0x2D06_8005_38D3_94C2);
    assert_eq!(key_hash("100234\u{1f}1"), 2954414778327762670);
    assert_eq!(value_hash(&strings(&["a", "b"])), value_hash(&["a", "b"]));
    assert_eq!(value_hash(&["a", "b"]), key_hash("a\u{1f}b\u{1f}"));
    assert_ne!(value_hash(&strings(&["ab", "c"])), value_hash(&strings(&["a", "bc"])));
}

/// Records one run of `profile` writing `rows` (key, values) to `file`.
fn record(path: &std::path::Path, profile: &str, file: &str, rows: &[(&str, &[&str])]) {
    let routed: Vec<(&str, &str, &[&str])> = rows.iter().map(|(k, v)| (*k, file, *v)).collect();
    record_routed(path, profile, &routed);
}

/// Records one run of `profile` writing `rows` (key, file, values) in that order; each file's
/// recorded SHA-256 is `<file>-<its rows>`.
fn record_routed(path: &std::path::Path, profile: &str, rows: &[(&str, &str, &[&str])]) {
    let (ledger, gate) = Ledger::open_queued(path, &mut |_| {}).unwrap();
    let info = RunInfo { profile: profile.into(), ..RunInfo::default() };
    let mut rec = Writer::spawn(Recording::begin(ledger, gate, &info).unwrap(), || {}).unwrap();
    let mut files: Vec<(&str, u64)> = Vec::new();
    for (key, file, values) in rows {
        let values: ValuesBuf = values.iter().collect();
        rec.row(&RowRecord {
            key: Some(key),
            outcome: WRITTEN,
            rule: None,
            file: Some(file),
            input: 0,
            line: 2,
            values: Some(values.values()),
        })
        .unwrap();
        match files.iter_mut().find(|(f, _)| f == file) {
            Some((_, n)) => *n += 1,
            None => files.push((file, 1)),
        }
    }
    let written: Vec<FileWritten> = files
        .iter()
        .map(|(f, n)| FileWritten { path: f.to_string(), sha256: Some(format!("{f}-{n}")), rows: *n })
        .collect();
    rec.finish().unwrap().finish(&[], &written, [0; 4]).unwrap().commit().unwrap();
}

fn confirm_sha(ledger: &Ledger, sha: &str) {
    let dir = tempfile::tempdir().unwrap();
    // confirm() hashes a file: mark the recorded hash as that file's content instead.
    let f = dir.path().join("copy.csv");
    std::fs::write(&f, sha).unwrap();
    let real = crate::common::digest::sha256_file(&f).unwrap();
    ledger.conn.execute("UPDATE files SET sha256 = ?1 WHERE sha256 = ?2", (&real, sha)).unwrap();
    let mut l = Ledger::open(&ledger.path, false).unwrap();
    l.confirm(&[f]).unwrap();
}

#[test]
fn the_latest_confirmed_send_decides_and_unconfirmed_files_are_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    record(&path, "p", "a.csv", &[("1\u{1f}x", &["1", "old"]), ("2\u{1f}x", &["2", "v"])]);
    record(&path, "p", "b.csv", &[("1\u{1f}x", &["1", "new"])]);
    let l = Ledger::open(&path, false).unwrap();
    let view = SentView::load(&l, "p", false).unwrap();
    let (k1, k2) = (key_hash("1\u{1f}x"), key_hash("2\u{1f}x"));
    assert!(matches!(view.classify(k1, value_hash(&strings(&["1", "new"]))), Class::Unconfirmed(_)));
    assert_eq!(view.classify(key_hash("3\u{1f}x"), 0), Class::New);

    // Confirm the newer file, then the older one: the newer send still counts.
    confirm_sha(&l, "b.csv-1");
    confirm_sha(&l, "a.csv-2");
    let view = SentView::load(&l, "p", false).unwrap();
    assert_eq!(view.classify(k1, value_hash(&strings(&["1", "new"]))), Class::Same);
    assert_eq!(view.classify(k1, value_hash(&strings(&["1", "old"]))), Class::Changed);
    assert_eq!(view.classify(k2, value_hash(&strings(&["2", "v"]))), Class::Same);
    // Another profile knows nothing of them.
    let other = SentView::load(&l, "q", false).unwrap();
    assert_eq!(other.classify(k2, value_hash(&strings(&["2", "v"]))), Class::New);
}

#[test]
fn show_finds_keys_by_prefix_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    let rows: Vec<(&str, &[&str])> =
        vec![("12\u{1f}a", &["x"]), ("123\u{1f}a", &["y"]), ("13\u{1f}a", &["z"]), ("1\u{1f}a", &["w"])];
    record(&path, "p", "a.csv", &rows);
    let l = Ledger::open(&path, false).unwrap();
    let keys = |p: &str| l.show(p).unwrap().into_iter().map(|e| e.key[0].clone()).collect::<Vec<_>>();
    assert_eq!(keys("12"), ["12", "123"]);
    assert_eq!(keys("123"), ["123"]);
    assert_eq!(keys("1"), ["1", "12", "123", "13"]);
    assert!(keys("2").is_empty());
    // A search past the first column: that first column exactly, then the rest as a prefix.
    assert_eq!(keys("12\u{1f}a"), ["12"]);
    assert!(keys("12\u{1f}b").is_empty());
    assert!(keys("1\u{1f}a\u{1f}").is_empty());
    // The key index serves the search (no scan of every row).
    let plan: String = l
        .conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT chunk_id FROM keys WHERE head >= '1' AND head < '1' || char(1114111)",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("SEARCH keys USING PRIMARY KEY (head>? AND head<?)"), "{plan}");
}

/// A run's consecutive order numbers share entries of the key index (one per key group, not
/// one per row), and a search still finds exactly the keys it names.
#[test]
fn the_key_index_holds_one_entry_per_group_of_consecutive_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    let keys: Vec<String> = (0..1000).map(|i| format!("100234-20241018-{:010}\u{1f}1", 10_000 + i)).collect();
    let rows: Vec<(&str, &[&str])> = keys.iter().map(|k| (k.as_str(), &["v"][..])).collect();
    record(&path, "p", "a.csv", &rows);
    let l = Ledger::open(&path, false).unwrap();
    let entries: i64 = l.conn.query_row("SELECT count(*) FROM keys", [], |r| r.get(0)).unwrap();
    assert_eq!(entries, 1, "1000 numbers 0000010000–0000010999 are one group");
    let found = |p: &str| l.show(p).unwrap().into_iter().map(|e| e.key[0].clone()).collect::<Vec<_>>();
    assert_eq!(found("100234-20241018-0000010345"), ["100234-20241018-0000010345"]);
    assert_eq!(found("100234-20241018-000001034").len(), 10);
    assert_eq!(found("100234-20241018-0000010345\u{1f}1"), ["100234-20241018-0000010345"]);
    assert!(found("100234-20241018-0000011").is_empty());
}

/// Every search answers what reading every row would, for keys of every length around the
/// groups' cut, and for more matches than a page of the index names.
#[test]
fn show_answers_as_a_scan_of_every_row_would() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    // Every key of 1 to 5 characters over "12", and keys whose groups sort in the reverse
    // order of the keys ("k" + n zeros + "zzz" is in group "k" + n zeros).
    let mut keys: Vec<String> = Vec::new();
    for len in 1..=5u32 {
        for n in 0..1u32 << len {
            keys.push((0..len).map(|b| if n >> b & 1 == 1 { '2' } else { '1' }).collect());
        }
    }
    keys.extend((0..1100).map(|n| format!("k{}zzz", "0".repeat(n))));
    let stored: Vec<String> = keys.iter().map(|k| format!("{k}\u{1f}x")).collect();
    let rows: Vec<(&str, &[&str])> = stored.iter().map(|k| (k.as_str(), &["v"][..])).collect();
    record(&path, "p", "a.csv", &rows);
    let l = Ledger::open(&path, false).unwrap();
    let mut searches: Vec<String> = keys.iter().take(62).cloned().collect();
    searches.extend(["k", "k0", "k00zz", "k000zzz", "1\u{1f}x", "12\u{1f}"].map(String::from));
    for p in &searches {
        let got: Vec<String> = l.show(p).unwrap().into_iter().map(|e| e.key.join("\u{1f}")).collect();
        let mut want: Vec<&String> = stored.iter().filter(|k| k.starts_with(p.as_str())).collect();
        want.sort();
        want.truncate(SHOW_LIMIT as usize);
        assert_eq!(got.iter().collect::<Vec<_>>(), want, "search {p:?}");
    }
}

#[test]
fn the_ledger_catalog_shares_no_key_with_the_other_parts() {
    // One bundle per language holds every part: a key defined twice would hide one message.
    let ours = crate::i18n::messages(include_str!("../../locales/en/ledger.ftl"));
    for other in [
        include_str!("../../locales/en/cli.ftl"),
        include_str!("../../locales/en/profile.ftl"),
        include_str!("../../locales/en/serve.ftl"),
    ] {
        let theirs = crate::i18n::messages(other);
        for (key, _) in &ours {
            assert!(!theirs.iter().any(|(k, _)| k == key), "{key} is defined twice");
        }
    }
}

fn file_id(l: &Ledger, path: &str) -> i64 {
    l.conn.query_row("SELECT max(id) FROM files WHERE path = ?1", [path], |r| r.get(0)).unwrap()
}

#[test]
fn marking_a_file_not_uploaded_undoes_its_confirm_back_to_the_send_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    record(&path, "p", "a.csv", &[("1\u{1f}x", &["1", "old"]), ("2\u{1f}x", &["2", "v"])]);
    record(&path, "p", "b.csv", &[("1\u{1f}x", &["1", "new"]), ("3\u{1f}x", &["3", "w"])]);
    let mut l = Ledger::open(&path, false).unwrap();
    let (a, b) = (file_id(&l, "a.csv"), file_id(&l, "b.csv"));
    let done = l.set_uploaded(&[a, b]).unwrap();
    assert!(done.iter().all(|f| f.confirmed_at.is_some() && f.unsent_at.is_none()), "{done:?}");
    let (k1, k2, k3) = (key_hash("1\u{1f}x"), key_hash("2\u{1f}x"), key_hash("3\u{1f}x"));
    let (old, new) = (value_hash(&["1", "old"]), value_hash(&["1", "new"]));
    let view = SentView::load(&l, "p", false).unwrap();
    assert_eq!(view.classify(k1, new), Class::Same);

    // Undo b's confirm: key 1's latest send is a's again, key 3 was never sent; a's own
    // keys are untouched.
    let undone = l.set_not_uploaded(&[b]).unwrap();
    assert!(undone[0].confirmed_at.is_none() && undone[0].unsent_at.is_some(), "{undone:?}");
    let view = SentView::load(&l, "p", false).unwrap();
    assert_eq!(view.classify(k1, old), Class::Same);
    assert_eq!(view.classify(k1, new), Class::Changed);
    assert_eq!(view.classify(k3, value_hash(&["3", "w"])), Class::New, "a file marked unsent is not pending");
    assert_eq!(view.classify(k2, value_hash(&["2", "v"])), Class::Same);

    // Marked uploaded again: the mark "not uploaded" is cleared, and b's sends are back.
    let again = l.set_uploaded(&[b]).unwrap();
    assert!(again[0].confirmed_at.is_some() && again[0].unsent_at.is_none());
    assert_eq!(SentView::load(&l, "p", false).unwrap().classify(k1, new), Class::Same);
    // An id the ledger does not know changes nothing.
    let err = l.set_not_uploaded(&[b, 999]).unwrap_err();
    assert_eq!(err.msg.key, "ledger-file-id-unknown");
    assert!(l.file_entries(&[b]).unwrap()[0].confirmed_at.is_some());
}

#[test]
fn for_an_upload_that_adds_a_later_send_in_a_file_of_unknown_upload_is_pending_whatever_was_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    record(&path, "p", "a.csv", &[("1\u{1f}x", &["1", "v1"])]);
    let mut l = Ledger::open(&path, false).unwrap();
    let a = file_id(&l, "a.csv");
    l.set_uploaded(&[a]).unwrap();
    record(&path, "p", "b.csv", &[("1\u{1f}x", &["1", "v2"])]);
    let b = file_id(&l, "b.csv");
    let k1 = key_hash("1\u{1f}x");
    let (v1, v2) = (value_hash(&["1", "v1"]), value_hash(&["1", "v2"]));
    let view = |l: &Ledger, previous| {
        let options = ViewOptions { adds: true, previous, ..ViewOptions::default() };
        SentView::load_with(l, "p", &options).unwrap()
    };
    // A state set again is only "changed"; a report added again is pending on b.
    assert_eq!(SentView::load(&l, "p", false).unwrap().classify(k1, v2), Class::Changed);
    assert_eq!(view(&l, None).classify(k1, v2), Class::Unconfirmed(b));
    assert_eq!(view(&l, Some(Answer::Uploaded)).classify(k1, v2), Class::Answered { file: b, same: true });
    assert_eq!(view(&l, Some(Answer::NotUploaded)).classify(k1, v2), Class::Answered { file: b, same: false });
    assert_eq!(view(&l, Some(Answer::NotUploaded)).classify(k1, v1), Class::Answered { file: b, same: true });
    // A confirmed send after b's: b no longer matters for that key.
    record(&path, "p", "c.csv", &[("1\u{1f}x", &["1", "v3"])]);
    let c = file_id(&l, "c.csv");
    l.set_uploaded(&[c]).unwrap();
    assert_eq!(view(&l, None).classify(k1, value_hash(&["1", "v3"])), Class::Same);
}

#[test]
fn a_key_written_to_two_files_of_a_run_has_its_latest_send_in_the_file_of_its_later_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    // One run: order 1 to a.csv, order 2 to b.csv, then order 2 again to a.csv (opened first).
    let rows: [(&str, &str, &[&str]); 3] =
        [("1\u{1f}x", "a.csv", &["one"]), ("2\u{1f}x", "b.csv", &["in b"]), ("2\u{1f}x", "a.csv", &["in a"])];
    record_routed(&path, "p", &rows);

    let l = Ledger::open(&path, false).unwrap();
    let file_of = |class: Class| match class {
        Class::Unconfirmed(id) | Class::Answered { file: id, .. } => SentView::load(&l, "p", false)
            .unwrap()
            .unconfirmed_file(id)
            .map(|f| f.path.clone())
            .unwrap_or_else(|| format!("#{id}")),
        other => format!("{other:?}"),
    };
    let k2 = key_hash("2\u{1f}x");
    // Setting a state: the file the summary names for order 2 is a.csv, as for `--previous`.
    let view = SentView::load(&l, "p", false).unwrap();
    assert_eq!(file_of(view.classify(k2, 0)), "a.csv");
    let options = ViewOptions { previous: Some(Answer::Uploaded), ..ViewOptions::default() };
    let answered = SentView::load_with(&l, "p", &options).unwrap();
    assert_eq!(file_of(answered.classify(k2, value_hash(&strings(&["in a"])))), "a.csv");
    assert!(matches!(answered.classify(k2, value_hash(&strings(&["in a"]))), Class::Answered { same: true, .. }));
}

/// The writer starts the ledger's write-ahead log as soon as it starts, before any row: SQLite
/// syncs a new log as it writes the first page there, and that belongs beside the run, not in
/// its commit. Nothing is committed by it: a reader still sees no run until the commit.
#[test]
fn the_writer_starts_the_log_before_any_row_and_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    record(&path, "first", "a.csv", &[]);
    let wal = dir.path().join("l.sqlite-wal");
    assert!(std::fs::metadata(&wal).map_or(true, |m| m.len() == 0), "the last close checkpointed the log");
    let (ledger, gate) = Ledger::open_queued(&path, &mut |_| {}).unwrap();
    let info = RunInfo { profile: "second".into(), ..RunInfo::default() };
    let writer = Writer::spawn(Recording::begin(ledger, gate, &info).unwrap(), || {}).unwrap();
    let waited = std::time::Instant::now();
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) == 0 {
        assert!(waited.elapsed() < std::time::Duration::from_secs(20), "no page reached the log before any row");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let reader = rusqlite::Connection::open(&path).unwrap();
    let runs: i64 = reader.query_row("SELECT count(*) FROM runs", [], |r| r.get(0)).unwrap();
    assert_eq!(runs, 1, "the second run is not committed yet");
    drop(reader);
    let files: [FileWritten; 0] = [];
    writer.finish().unwrap().finish(&[], &files, [0; 4]).unwrap().commit().unwrap();
}

/// A new ledger is made with 16 KiB pages (see `schema::prepare`): every page a run changes is
/// written and synced twice at its commit, so a small run's cost grows with the page size;
/// SQLite's 4 KiB made a million-row run slower.
#[test]
fn a_new_ledger_is_made_with_16_kib_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    record(&path, "first", "a.csv", &[("k1", &["v"])]);
    let page_size: i64 =
        rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    assert_eq!(page_size, 16_384);
}
