//! Each case run through every shipped GoQ profile, in the generated order and shuffled, and what
//! must hold: the counts add up, the upload files decode and hold the rows written, each row's
//! outcome is the one it has alone, the reject file lists the rejected rows, the legacy file
//! comes back through the check profile byte for byte.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use encoding_rs::SHIFT_JIS;
use orderbridge::engine::Plan;
use orderbridge::run::{RunOptions, run};
use orderbridge::validate::{Actual, decide_row};
use proptest::prelude::*;

use super::export_file::{build, roundtrip};
use super::generator::case;
use super::{Case, Expect, Record, Width, Written, as_of, config, plans};
use crate::common::{CHECK, LEGACY, PAY, YAHOO, files_under};

/// A record decided alone: `decide_row` on its values, or the engine's own reading rules.
pub(super) fn decide_alone(plan: &Plan, headers: &[String], rec: &Record) -> Expect {
    if rec.width != Width::Same {
        return Expect::Rejected("field_count".into());
    }
    let read_by_plan = |h: &str| plan.input.fields.iter().any(|f| f.headers.iter().any(|x| x == h));
    if headers.iter().zip(&rec.cells).any(|(h, v)| read_by_plan(h) && v.contains('\0')) {
        return Expect::Rejected("undecodable".into());
    }
    let pairs: Vec<(String, String)> = headers.iter().cloned().zip(rec.cells.iter().cloned()).collect();
    match decide_row(plan, &pairs, as_of()).expect("every required column is present") {
        Actual::Written { columns, path, warnings } => {
            Expect::Written { path, columns: columns.into_iter().map(|(_, v)| roundtrip(&v)).collect(), warnings }
        }
        Actual::Excluded(rule) => Expect::Excluded(rule),
        Actual::Rejected { rule, .. } => Expect::Rejected(rule),
    }
}

/// What each record becomes inside the file: its outcome alone, except that a written row
/// whose duplicate key is already in its file is excluded as `duplicate`.
pub(super) fn expected_in_file(plan: &Plan, alone: &[Expect]) -> Vec<Expect> {
    let mut seen: HashSet<(String, Vec<String>)> = HashSet::new();
    alone
        .iter()
        .map(|e| match e {
            Expect::Written { path, columns, .. } if !plan.duplicate_key.is_empty() => {
                let key = (path.clone(), plan.duplicate_key.iter().map(|&i| columns[i].clone()).collect());
                if seen.insert(key) { e.clone() } else { Expect::Excluded("duplicate".into()) }
            }
            // An unencodable row is a duplicate only if its key was written; its key holds the
            // character no written key can (only 受注番号/OrderId can carry free text in the
            // shipped profiles, and it is part of every key).
            _ => e.clone(),
        })
        .collect()
}

fn count_by<'a>(items: impl Iterator<Item = &'a String>) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for i in items {
        *m.entry(i.clone()).or_insert(0) += 1;
    }
    m
}

// ------------------------------------------------------------------------------------------
// Running and checking
// ------------------------------------------------------------------------------------------

fn run_plan(plan: &Plan, input: &Path, out: &Path) -> orderbridge::run::RunOutcome {
    let opts = RunOptions::new(out.to_path_buf(), as_of());
    run(plan, &[input.to_path_buf()], &opts, &mut ()).unwrap_or_else(|e| panic!("{}: run failed: {e}", plan.name))
}

fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    r.records().map(|rec| rec.expect("valid CSV").iter().map(str::to_string).collect()).collect()
}

/// Runs `plan` over the file `w` and checks every property; returns the written upload files
/// (relative path → bytes).
fn check_run(
    plan: &Plan,
    case: &Case,
    w: &Written,
    alone: &BTreeMap<usize, Expect>,
    dir: &Path,
) -> BTreeMap<String, Vec<u8>> {
    let input = dir.join("orders.csv");
    std::fs::write(&input, &w.bytes).unwrap();
    let out = dir.join(format!("out-{}", plan.name));
    let outcome = run_plan(plan, &input, &out);
    let rep = &outcome.report;
    let ctx = format!("profile {}, {} input, report {rep:?}", plan.name, w.label);
    let rows = &rep.rows;

    // Counts.
    assert_eq!(rows.read, rows.written + rows.excluded + rows.rejected, "read = written + excluded + rejected: {ctx}");
    assert_eq!(rows.read, w.records.len() as u64, "every record is read once, blank lines are not: {ctx}");

    // Outcomes: each row as alone, but duplicates.
    let alone_in_order: Vec<Expect> = w.records.iter().map(|r| alone[&r.row].clone()).collect();
    let expected = expected_in_file(plan, &alone_in_order);
    let excluded = count_by(expected.iter().filter_map(|e| if let Expect::Excluded(r) = e { Some(r) } else { None }));
    let rejected = count_by(expected.iter().filter_map(|e| if let Expect::Rejected(r) = e { Some(r) } else { None }));
    let written: Vec<(&String, &Vec<String>, &Vec<String>)> = expected
        .iter()
        .filter_map(|e| {
            if let Expect::Written { path, columns, warnings } = e { Some((path, columns, warnings)) } else { None }
        })
        .collect();
    let mut warned = BTreeMap::new();
    for (_, _, ws) in &written {
        let distinct: std::collections::BTreeSet<&String> = ws.iter().collect();
        for r in distinct {
            *warned.entry(r.clone()).or_insert(0u64) += 1;
        }
    }
    assert_eq!(rep.excluded_by_rule, excluded, "excluded rows per rule = each row decided alone (+ duplicates): {ctx}");
    assert_eq!(rep.rejected_by_rule, rejected, "rejected rows per rule = each row decided alone: {ctx}");
    assert_eq!(rows.written, written.len() as u64, "{ctx}");
    assert_eq!(rep.warnings_by_rule, warned, "{ctx}");
    assert_eq!(rows.warnings, written.iter().filter(|(_, _, w)| !w.is_empty()).count() as u64, "{ctx}");

    // Upload files: exactly the reported ones, nothing left over.
    let on_disk = files_under(&out);
    assert!(!on_disk.iter().any(|f| f.contains(".orderbridge-")), "no temporary file left: {on_disk:?}");
    let uploads: Vec<String> = rep.files.iter().map(|f| f.path.clone()).collect();
    let mut expected_files: Vec<String> = uploads.clone();
    expected_files.extend(rep.rejects_file.clone());
    expected_files.extend(rep.warned_file.clone());
    expected_files.extend(rep.excluded_file.clone());
    expected_files.sort();
    assert_eq!(on_disk, expected_files, "the files under --out are the reported ones: {ctx}");
    // The warned rows' list holds one line per written row with a warning.
    let warned_lines = rep.warned_file.as_ref().map_or(0, |f| {
        let bytes = std::fs::read(out.join(f)).unwrap();
        parse_csv(&bytes[3..]).len() as u64 - 1
    });
    assert_eq!(warned_lines, rows.warnings, "one warned-list line per warned row: {ctx}");

    let header: Vec<String> = plan.columns.iter().map(|c| c.name.clone()).collect();
    let mut files = BTreeMap::new();
    for f in &rep.files {
        let bytes = std::fs::read(out.join(&f.path)).unwrap();
        assert_eq!(f.bytes, bytes.len() as u64, "{}: reported size: {ctx}", f.path);
        let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(&bytes);
        assert!(!had_errors, "{}: valid CP932: {ctx}", f.path);
        assert!(
            !text.chars().any(|c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c)),
            "{}: no replacement or user-defined character: {text:?}",
            f.path
        );
        assert!(!bytes.windows(2).any(|b| b == b"&#"), "{}: no HTML character reference: {text:?}", f.path);
        let recs = parse_csv(text.as_bytes());
        assert_eq!(recs.first(), Some(&header), "{}: the profile's header: {ctx}", f.path);
        assert_eq!(recs.len() as u64 - 1, f.rows, "{}: as many rows as reported: {ctx}", f.path);
        for r in &recs[1..] {
            assert_eq!(r.len(), plan.columns.len(), "{}: every row has the profile's columns: {r:?}", f.path);
        }
        let want: Vec<Vec<String>> =
            written.iter().filter(|(p, _, _)| **p == f.path).map(|(_, c, _)| (*c).clone()).collect();
        assert_eq!(
            recs[1..].to_vec(),
            want,
            "{}: the rows written are the rows decided alone, in input order: {ctx}",
            f.path
        );
        files.insert(f.path.clone(), bytes);
    }
    let paths: std::collections::BTreeSet<&String> = written.iter().map(|(p, _, _)| *p).collect();
    assert_eq!(paths.into_iter().cloned().collect::<Vec<_>>(), uploads, "a file per path with rows: {ctx}");

    // The reject file: the rejected rows, in input order, line, rule and original columns.
    let rejected_recs: Vec<(&Record, &String)> = w
        .records
        .iter()
        .zip(&expected)
        .filter_map(|(r, e)| if let Expect::Rejected(rule) = e { Some((r, rule)) } else { None })
        .collect();
    match &rep.rejects_file {
        None => assert!(rejected_recs.is_empty(), "a reject file when rows are rejected: {ctx}"),
        Some(name) => {
            let bytes = std::fs::read(out.join(name)).unwrap();
            assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "the reject file starts with a BOM");
            let recs = parse_csv(&bytes[3..]);
            assert_eq!(recs[0][4..4 + case.layout.headers.len()], case.layout.headers[..], "reject file header");
            assert_eq!(recs.len() - 1, rejected_recs.len(), "one reject line per rejected row: {ctx}");
            for (got, (rec, rule)) in recs[1..].iter().zip(&rejected_recs) {
                let mut cells: Vec<String> = rec.cells.iter().map(|c| shown_in_lists(c)).collect();
                cells.resize(cells.len().max(case.layout.headers.len()), String::new());
                assert_eq!(got[1], rec.excel_row.to_string(), "行 is the row Excel shows: {got:?}");
                assert_eq!(&got[2], *rule, "ルール: {got:?}");
                assert_eq!(got[4..].to_vec(), cells, "the original columns: {got:?}");
            }
        }
    }
    files
}

/// A cell as the reject file shows it (README): C0 controls but tab and line breaks, and DEL,
/// as Control Pictures; C1 and bidirectional controls as `<U+XXXX>`.
fn shown_in_lists(cell: &str) -> String {
    cell.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c.to_string(),
            '\0'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap().to_string(),
            '\u{7F}' => "\u{2421}".to_string(),
            '\u{80}'..='\u{9F}'
            | '\u{61C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => {
                format!("<U+{:04X}>", c as u32)
            }
            c => c.to_string(),
        })
        .collect()
}

/// A legacy upload file read back by `rakuten-legacy-check` is accepted and written unchanged.
fn check_legacy_roundtrip(legacy_files: &BTreeMap<String, Vec<u8>>, dir: &Path) {
    let plan = &plans()[CHECK];
    for (i, (rel, bytes)) in legacy_files.iter().enumerate() {
        let stem = Path::new(rel).file_stem().unwrap().to_string_lossy().into_owned();
        let sub = dir.join(format!("check-{i}"));
        std::fs::create_dir_all(&sub).unwrap();
        let input: PathBuf = sub.join(format!("{stem}.csv"));
        std::fs::write(&input, bytes).unwrap();
        let out = sub.join("out");
        let outcome = run_plan(plan, &input, &out);
        let rows = &outcome.report.rows;
        let ctx = format!("{rel} through {CHECK}: {:?}", outcome.report);
        assert_eq!((rows.written, rows.rejected, rows.excluded), (rows.read, 0, 0), "every row accepted: {ctx}");
        let back = std::fs::read(out.join(format!("checked/{stem}.csv"))).unwrap();
        assert!(back == *bytes, "{ctx}: written unchanged\n{}\n---\n{}", roundtrip_text(bytes), roundtrip_text(&back));
    }
}

fn roundtrip_text(b: &[u8]) -> String {
    SHIFT_JIS.decode_without_bom_handling(b).0.into_owned()
}

fn check_case(case: &Case) {
    let dir = tempfile::tempdir().unwrap();
    let original: Vec<usize> = (0..case.rows.len()).collect();
    for (k, order) in [&original, &case.shuffled].into_iter().enumerate() {
        let w = build(case, order);
        let sub = dir.path().join(format!("order-{k}"));
        std::fs::create_dir_all(&sub).unwrap();
        for name in [LEGACY, PAY, YAHOO] {
            let plan = &plans()[name];
            // Each row decided alone, through the real plan.
            let alone: BTreeMap<usize, Expect> =
                w.records.iter().map(|r| (r.row, decide_alone(plan, &case.layout.headers, r))).collect();
            let files = check_run(plan, case, &w, &alone, &sub);
            if name == LEGACY && k == 0 {
                check_legacy_roundtrip(&files, &sub);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Random exports through every shipped GoQ profile: counts add up, upload files are clean
    /// CP932 holding exactly the rows written, and every row's outcome is its outcome alone
    /// (duplicates aside), in the generated order and shuffled.
    #[test]
    fn random_exports_through_every_goq_profile(case in case()) {
        check_case(&case);
    }
}

/// The same properties on one export of several thousand rows, so rows cross the reader's
/// batch boundaries (batches are handed between threads; the order and the counts must hold
/// across them). The rows come from many generated cases, in the first case's layout.
#[test]
fn an_export_spanning_several_batches() {
    use orderbridge::io::BATCH_ROWS;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let mut big = strategy.new_tree(&mut runner).unwrap().current();
    while big.rows.len() < 2 * BATCH_ROWS + BATCH_ROWS / 2 {
        let more = strategy.new_tree(&mut runner).unwrap().current();
        big.rows.extend(more.rows);
    }
    big.shuffled = (0..big.rows.len()).rev().collect();
    check_case(&big);
}
