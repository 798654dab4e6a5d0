//! Every run listed in `tests/fixtures/expected/` (described in `tests/fixtures/README.md`)
//! reproduces its upload files byte for byte and the report's counts.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::files_under;

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `(profile, stem, report.json)` of every expected run.
pub(crate) fn expected_runs() -> Vec<(String, String, Value)> {
    let mut runs = Vec::new();
    for profile in fs::read_dir(fixtures().join("expected")).unwrap() {
        let profile = profile.unwrap().path();
        for run in fs::read_dir(&profile).unwrap() {
            let run = run.unwrap().path();
            let report: Value = serde_json::from_slice(&fs::read(run.join("report.json")).unwrap()).unwrap();
            runs.push((
                profile.file_name().unwrap().to_string_lossy().into_owned(),
                run.file_name().unwrap().to_string_lossy().into_owned(),
                report,
            ));
        }
    }
    runs.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    runs
}

/// The input and as-of of the command recorded in a fixture's report. The recorded command
/// names its input as `../shared/fixtures/<path>`, where the fixtures were first made; the
/// repository's copy of that input is `tests/fixtures/<path>`.
pub(crate) fn input_and_as_of(report: &Value) -> (PathBuf, String) {
    let cmd = report["command"].as_str().unwrap();
    let words: Vec<&str> = cmd.split_whitespace().collect();
    let as_of = words[words.iter().position(|w| *w == "--as-of").unwrap() + 1].to_string();
    let input = words
        .last()
        .unwrap()
        .strip_prefix("../shared/fixtures/")
        .expect("the recorded input is ../shared/fixtures/<path>");
    (fixtures().join(input), as_of)
}

#[test]
fn every_fixture_run_is_reproduced_byte_for_byte() {
    let runs = expected_runs();
    assert_eq!(runs.len(), 11, "the fixture set has eleven runs");
    for (profile, stem, expected) in runs {
        let (input, as_of) = input_and_as_of(&expected);
        let out = tempfile::tempdir().unwrap();
        let report_path = out.path().join("report.json");
        let upload_dir = out.path().join("out");
        let assert = crate::common::bin()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["run", "--profile", &profile, "--as-of", &as_of, "--out"])
            .arg(&upload_dir)
            .arg("--report")
            .arg(&report_path)
            .arg(&input)
            .assert();
        let rejected = expected["rows"]["rejected"].as_u64().unwrap();
        assert.code(if rejected > 0 { 1 } else { 0 });

        let actual: Value = serde_json::from_slice(&fs::read(&report_path).unwrap()).unwrap();
        let ctx = format!("{profile}/{stem}");
        assert_eq!(actual["rows"], expected["rows"], "{ctx}: rows");
        for key in ["excluded_by_rule", "rejected_by_rule", "warnings_by_rule"] {
            assert_eq!(actual[key], expected[key], "{ctx}: {key}");
        }
        let rows = &actual["rows"];
        let sum =
            rows["written"].as_u64().unwrap() + rows["excluded"].as_u64().unwrap() + rows["rejected"].as_u64().unwrap();
        assert_eq!(rows["read"].as_u64().unwrap(), sum, "{ctx}: read = written + excluded + rejected");

        let expected_files: Vec<(String, u64)> = expected["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["path"].as_str().unwrap().to_string(), f["rows"].as_u64().unwrap()))
            .collect();
        let actual_files: Vec<(String, u64)> = actual["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["path"].as_str().unwrap().to_string(), f["rows"].as_u64().unwrap()))
            .collect();
        assert_eq!(actual_files, expected_files, "{ctx}: files and their rows");

        let expected_dir = fixtures().join("expected").join(&profile).join(&stem).join("files");
        for rel in files_under(&expected_dir) {
            let want = fs::read(expected_dir.join(&rel)).unwrap();
            let got = fs::read(upload_dir.join(&rel)).unwrap_or_else(|e| panic!("{ctx}: {rel} not written: {e}"));
            assert!(got == want, "{ctx}: {rel} differs from the expected bytes");
        }
        // Nothing else was written but the reject file (when rows were rejected).
        let mut written = files_under(&upload_dir);
        if rejected > 0 {
            let rejects = actual["rejects_file"].as_str().unwrap().to_string();
            assert!(written.contains(&rejects), "{ctx}: reject file {rejects} missing");
            written.retain(|f| f != &rejects);
        } else {
            assert!(actual["rejects_file"].is_null(), "{ctx}: no reject file without rejections");
        }
        // ... and the list of warned rows (when a written row carries a warning).
        if expected["rows"]["warnings"].as_u64().unwrap() > 0 {
            let warned = actual["warned_file"].as_str().unwrap().to_string();
            assert!(written.contains(&warned), "{ctx}: warned list {warned} missing");
            written.retain(|f| f != &warned);
        } else {
            assert!(actual["warned_file"].is_null(), "{ctx}: no warned list without warnings");
        }
        assert_eq!(written, files_under(&expected_dir), "{ctx}: exactly the expected upload files");
    }
}
