//! A run's life as its sinks see it, its cancellation, and the engine's `duplicate` rule.

use std::path::PathBuf;

use jiff::civil::date;

use super::sink::{InputStart, Prepare, SinkFinish};
use super::*;
use crate::engine::InputEncoding;
use crate::engine::Outcome;
use crate::profile::{Origin, ProfileText};

const PROFILE: &str = r#"
description = "a row per order"

[input.fields]
order_number = { headers = ["order"] }
memo = { headers = ["memo"] }

[[rules]]
name = "no_memo"
when = { value = "memo", empty = true }
action = "exclude"

[output]
path = "out.csv"
duplicate_key = ["order"]

[[output.columns]]
name = "order"
value = "order_number"

[[output.columns]]
name = "memo"
value = "memo"
"#;

fn plan() -> Plan {
    let source = ProfileText::new("t".into(), Origin::File(PathBuf::from("t.toml")), PROFILE.into());
    crate::engine::compile(&source).unwrap_or_else(|d| panic!("{d:?}"))
}

fn input(name: &str, text: &str) -> InputSource {
    InputSource::Bytes { name: name.into(), bytes: text.as_bytes().to_vec(), encoding: Some(InputEncoding::Utf8) }
}

/// Every call a sink receives, in order, and what the report said when it finished.
#[derive(Default)]
struct Calls {
    seen: Vec<String>,
}

impl Sink for Calls {
    fn begin(&mut self, input: &InputStart<'_>) -> Result<(), RunError> {
        self.seen.push(format!("begin {} {}", input.index, input.display));
        Ok(())
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let what = match row.outcome {
            Outcome::Written { path } => format!("written {path}"),
            Outcome::Excluded { rule } => format!("excluded {rule}"),
            Outcome::Rejected { rule, .. } => format!("rejected {rule}"),
        };
        self.seen.push(format!("row {} {what}", row.line));
        Ok(())
    }

    fn prepare(&mut self, prep: &mut Prepare<'_>) -> Result<(), RunError> {
        self.seen.push(format!("prepare {}", prep.rejected));
        Ok(())
    }

    fn finish(&mut self, fin: &mut SinkFinish<'_>) -> Result<(), RunError> {
        // The run's own sinks finished before: their facts are in the report already.
        let [read, written, excluded, _] = fin.report.row_numbers();
        let files: Vec<&str> = fin.report.planned_files.iter().map(|f| f.path.as_str()).collect();
        self.seen.push(format!("finish {read} {written} {excluded} {files:?}"));
        Ok(())
    }
}

#[test]
fn a_sink_sees_each_input_begin_its_rows_then_prepare_then_finish_after_the_run_s_own_sinks() {
    let plan = plan();
    let mut calls = Calls::default();
    let sources = [input("a.csv", "order,memo\n1,x\n1,y\n"), input("b.csv", "order,memo\n2,\n")];
    let outcome = run_sources(&plan, &sources, &RunOptions::analysis(date(2024, 10, 18)), &mut [&mut calls], &mut ())
        .expect("the run succeeds");
    let no_memo = plan.rule_names.iter().position(|n| n == "no_memo").expect("the rule");
    let duplicate = plan.builtin.duplicate.rule;
    assert_eq!(
        calls.seen,
        [
            "begin 0 a.csv".to_string(),
            "row 2 written out.csv".into(),
            format!("row 3 excluded {duplicate}"),
            "begin 1 b.csv".into(),
            format!("row 2 excluded {no_memo}"),
            "prepare 0".into(),
            r#"finish 3 1 2 ["out.csv"]"#.into(),
        ]
    );
    assert_eq!(outcome.report.rows.read, 3);
    let rows: Vec<u64> = outcome.report.inputs.iter().map(|i| i.rows).collect();
    assert_eq!(rows, [2, 1], "each input's rows, counted from its begin");
}

#[test]
fn a_cancelled_run_ends_cancelled_and_writes_nothing() {
    let plan = plan();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("out");
    let cancel = Cancel::new();
    cancel.cancel();
    let opts = RunOptions { cancel: Some(cancel), ..RunOptions::new(out.clone(), date(2024, 10, 18)) };
    let mut calls = Calls::default();
    let result = run_sources(&plan, &[input("a.csv", "order,memo\n1,x\n")], &opts, &mut [&mut calls], &mut ());
    assert!(matches!(result, Err(RunError::Cancelled)), "{result:?}");
    assert!(!calls.seen.iter().any(|c| c.starts_with("row") || c.starts_with("prepare")), "{:?}", calls.seen);
    assert!(!out.exists(), "a cancelled run leaves no output folder");
}

/// Stops the run from inside, at its rows: the request comes after the last batch began.
struct CancelAtRow(Cancel);

impl Sink for CancelAtRow {
    fn row(&mut self, _row: &DecidedRow<'_>) -> Result<(), RunError> {
        self.0.cancel();
        Ok(())
    }
}

#[test]
fn a_run_asked_to_stop_during_its_last_batch_still_writes_nothing() {
    let plan = plan();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("out");
    let cancel = Cancel::new();
    let opts = RunOptions { cancel: Some(cancel.clone()), ..RunOptions::new(out.clone(), date(2024, 10, 18)) };
    let mut stop = CancelAtRow(cancel);
    let mut calls = Calls::default();
    let result =
        run_sources(&plan, &[input("a.csv", "order,memo\n1,x\n")], &opts, &mut [&mut stop, &mut calls], &mut ());
    assert!(matches!(result, Err(RunError::Cancelled)), "{result:?}");
    assert!(!calls.seen.iter().any(|c| c.starts_with("prepare")), "{:?}", calls.seen);
    assert!(!out.exists(), "a cancelled run leaves no output folder");
}

#[test]
fn a_run_not_cancelled_runs_to_its_end() {
    let plan = plan();
    let opts = RunOptions { cancel: Some(Cancel::new()), ..RunOptions::analysis(date(2024, 10, 18)) };
    let result = run_sources(&plan, &[input("a.csv", "order,memo\n1,x\n")], &opts, &mut [], &mut ());
    assert_eq!(result.expect("the run succeeds").report.rows.written, 1);
}

#[test]
fn the_duplicate_rule_excludes_a_key_already_written_even_a_row_that_would_be_rejected() {
    let plan = plan();
    let mut d = decide::builtin::Duplicates::new(&plan);
    let dup = Outcome::<&str, &str>::Excluded { rule: plan.builtin.duplicate.rule };
    let unencodable = plan.builtin.unencodable.rule;
    // Rejected with a key not yet written: rejected, and its key not kept.
    let rejected = Outcome::Rejected { rule: unencodable, message: "m" };
    assert_eq!(d.check(rejected, Some(7)).unwrap(), rejected);
    let written = Outcome::Written { path: "out.csv" };
    assert_eq!(d.check(written, Some(7)).unwrap(), written);
    assert_eq!(d.check(written, Some(7)).unwrap(), dup);
    assert_eq!(d.check(rejected, Some(7)).unwrap(), dup);
    assert_eq!(d.check(written, None).unwrap(), written, "a row without a key is never a duplicate");
}

#[test]
fn the_duplicate_rule_answers_the_same_when_its_keys_move_to_temporary_files() {
    use std::fmt::Write;
    let plan = plan();
    let mut text = String::from("order,memo\n");
    for i in 0..3000u64 {
        let memo = if i % 5 == 0 { "" } else { "x" };
        writeln!(text, "{},{memo}", (i * 7919) % 1200).unwrap();
    }
    let run = |keys_in_memory: Option<usize>| {
        decide::builtin::TEST_SPILL.set((keys_in_memory, 0));
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("out");
        let mut calls = Calls::default();
        let opts = RunOptions::new(out.clone(), date(2024, 10, 18));
        run_sources(&plan, &[input("a.csv", &text)], &opts, &mut [&mut calls], &mut ()).expect("the run succeeds");
        let left: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(crate::io::journal::TEMP_PREFIX))
            .collect();
        (calls.seen, std::fs::read(out.join("out.csv")).unwrap(), decide::builtin::TEST_SPILL.get().1, left)
    };
    let (rows, upload, files, _) = run(None);
    assert_eq!(files, 0, "a small run keeps its keys in memory");
    let duplicate = format!("excluded {}", plan.builtin.duplicate.rule);
    assert_eq!(rows.iter().filter(|r| r.ends_with(&duplicate)).count(), 1440);
    let (spilled_rows, spilled_upload, files, left) = run(Some(16));
    assert!(files > 30, "{files} temporary files");
    assert_eq!(spilled_rows, rows);
    assert_eq!(spilled_upload, upload);
    assert!(left.is_empty(), "{left:?}");
}

/// The columns a sink asks for are each written row's own, and no other row has any: rows
/// excluded by a rule or as duplicates and rows rejected for their field count interleave
/// with written ones over several batches (their values lie back to back in one buffer).
#[test]
fn a_written_row_hands_on_its_own_columns_and_no_other_row_has_any() {
    use std::fmt::Write;
    let plan = plan();
    let mut text = String::from("order,memo\n");
    let mut want = Vec::new();
    for i in 0..2500u64 {
        let line = i + 2;
        // A batch's first row (a multiple of 512) is written.
        match i % 4 {
            1 => writeln!(text, "{i},").unwrap(),
            2 => writeln!(text, "{i},memo {i},extra").unwrap(),
            // The order of a row written three lines before: a duplicate.
            3 if i % 8 == 7 => writeln!(text, "{},again", i - 3).unwrap(),
            _ => {
                writeln!(text, "{i},memo {i}").unwrap();
                want.push((line, vec![i.to_string(), format!("memo {i}")]));
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut rows = sinks::Collector::default();
    let opts = RunOptions::new(dir.path().join("out"), date(2024, 10, 18));
    run_sources(&plan, &[input("a.csv", &text)], &opts, &mut [&mut rows], &mut ()).expect("the run succeeds");
    let written: Vec<(u64, Vec<String>)> = rows
        .rows
        .iter()
        .filter(|r| matches!(r.fate, Outcome::Written { .. }))
        .map(|r| (r.line, r.columns.clone()))
        .collect();
    assert_eq!(written, want);
    let others: Vec<_> = rows.rows.iter().filter(|r| !matches!(r.fate, Outcome::Written { .. })).collect();
    assert_eq!(others.len(), 2500 - want.len());
    assert!(others.iter().any(|r| matches!(r.fate, Outcome::Rejected { .. })));
    let duplicate = plan.builtin.duplicate.rule;
    assert!(others.iter().any(|r| r.fate == Outcome::Excluded { rule: duplicate }));
    assert!(others.iter().all(|r| r.columns.is_empty()), "a row not written has no columns");
}
