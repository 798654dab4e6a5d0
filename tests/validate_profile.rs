//! `validate-profile`: located static errors with suggestions, the profile's own tests with a
//! diff, and coverage of a sample export.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::common::{ShippedCopy, small_profile};

/// A copy of goq-rakuten-legacy's files (profile, tests, base) with `edits` applied.
fn legacy_with(edits: &[(&str, &str)]) -> ShippedCopy {
    ShippedCopy::new("goq-rakuten-legacy", edits)
}

/// Writes `text` as a profile in a temp dir; returns the dir (kept alive) and the path.
fn profile_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edited.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn validate(path: &Path) -> assert_cmd::assert::Assert {
    crate::common::bin().arg("validate-profile").arg(path).assert()
}

#[test]
fn shipped_profiles_validate_and_say_how_many_tests_ran() {
    for name in ["goq-rakuten-legacy", "goq-rakuten-pay", "goq-yahoo", "rakuten-legacy-check"] {
        crate::common::bin()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["validate-profile", name])
            .assert()
            .success()
            .stdout(
                predicate::str::is_match(
                    r"valid: 0 problem\(s\), [1-9][0-9]* test\(s\) run, [1-9][0-9]* passed, 0 failed",
                )
                .unwrap(),
            );
    }
}

#[test]
fn a_misspelt_top_level_key_is_located_with_a_suggestion() {
    // The time zone is set in goq-base: the problem is located there.
    let copy = legacy_with(&[("time_zone = ", "time_zon = ")]);
    let (file, line) = copy.locate("time_zon =");
    validate(&copy.profile)
        .code(2)
        .stdout(predicate::str::contains(format!("{file}:{line}:1: unknown field `time_zon`")))
        .stdout(predicate::str::contains("did you mean `time_zone`?"))
        .stdout(predicate::str::contains("^"));
}

#[test]
fn a_misspelt_key_deep_inside_a_condition_keeps_its_location() {
    // Inside [[rules]] → when → not → { value, in_lookup }: serde must not lose the span.
    let copy = legacy_with(&[(
        r#"when = { not = { value = "store", in_lookup = "#,
        r#"when = { not = { value = "store", in_lookupp = "#,
    )]);
    let (file, line) = copy.locate("in_lookupp = ");
    let col = copy.text(file).lines().nth(line - 1).unwrap().find("in_lookupp").unwrap() + 1;
    validate(&copy.profile)
        .code(2)
        .stdout(predicate::str::contains(format!("{file}:{line}:{col}: unknown field `in_lookupp`")))
        .stdout(predicate::str::contains("did you mean `in_lookup`?"));
}

#[test]
fn a_broken_regex_is_reported_with_the_regex_crates_message() {
    let copy =
        legacy_with(&[(r#"{ pattern = "佐川|飛脚", to = "1002" }"#, r#"{ pattern = "佐川|(飛脚", to = "1002" }"#)]);
    let (file, line) = copy.locate("佐川|(飛脚");
    validate(&copy.profile)
        .code(2)
        .stdout(predicate::str::contains(format!("{file}:{line}:")))
        .stdout(predicate::str::contains("invalid regex"))
        .stdout(predicate::str::contains("unclosed group"));
}

/// A pattern written in several places is built once, but a broken one is still reported at
/// each place it is written.
#[test]
fn a_broken_regex_written_twice_is_reported_at_each_place() {
    let bad = r#"matches = "^[0-9]{12}($""#;
    let copy = legacy_with(&[(r#"matches = "^[0-9]{12}$""#, bad), (r#"matches = "^[0-9]*$""#, bad)]);
    let (file, _) = copy.locate(bad);
    let text = copy.text(file);
    let lines: Vec<usize> = text.lines().enumerate().filter(|(_, l)| l.contains(bad)).map(|(i, _)| i + 1).collect();
    assert_eq!(lines.len(), 2, "two places broken");
    let out = validate(&copy.profile).code(2).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    for line in lines {
        assert!(out.contains(&format!("{file}:{line}:")), "line {line} reported:\n{out}");
    }
    assert_eq!(out.matches("unclosed group").count(), 2, "{out}");
}

#[test]
fn an_unknown_field_reference_is_located_with_a_suggestion() {
    let copy = legacy_with(&[(r#"value = "record_number""#, r#"value = "record_numbr""#)]);
    let (file, line) = copy.locate("record_numbr");
    validate(&copy.profile)
        .code(2)
        .stdout(predicate::str::contains(format!("{file}:{line}:")))
        .stdout(predicate::str::contains("unknown field or value `record_numbr` (did you mean `record_number`?)"));
}

#[test]
fn an_unknown_lookup_is_reported() {
    let copy =
        legacy_with(&[(r#"steps = [{ lookup = "rakuten_status" }]"#, r#"steps = [{ lookup = "rakuten_statuses" }]"#)]);
    validate(&copy.profile)
        .code(2)
        .stdout(predicate::str::contains("unknown lookup `rakuten_statuses` (did you mean `rakuten_status`?)"));
}

#[test]
fn a_route_that_escapes_the_output_folder_is_refused() {
    for route in ["../{store_folder}/x.csv", "/tmp/{store_folder}.csv", "{store_folder}/../../x.csv"] {
        let route = format!("path = {route:?}");
        let copy = legacy_with(&[(r#"path = "{store_folder}/{file_prefix}_{as_of:%Y_%m_%d}.csv""#, &route)]);
        validate(&copy.profile).code(2).stdout(predicate::str::contains("must stay inside the output folder"));
    }
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let copy = legacy_with(&[
        (r#"{ pattern = "福山", to = "1006" }"#, r#"{ pattern = "福山(", to = "1006" }"#),
        (r#"value = "record_number""#, r#"value = "nope""#),
        (r#"encoding = "cp932""#, r#"encoding = "cp9322""#),
    ]);
    validate(&copy.profile)
        .code(2)
        .stdout(predicate::str::contains("invalid regex"))
        .stdout(predicate::str::contains("unknown field or value `nope`"))
        .stdout(predicate::str::contains("unknown output encoding `cp9322`"));
}

#[test]
fn a_failing_profile_test_shows_expected_and_actual_per_column() {
    // Sagawa's code changed in the lookup: the profile's own tests must catch it.
    let copy = legacy_with(&[(
        r#"{ pattern = "ヤマト|クロネコ|宅急便|ネコポス", to = "1001" }"#,
        r#"{ pattern = "ヤマト|クロネコ|宅急便|ネコポス", to = "1009" }"#,
    )]);
    validate(&copy.profile)
        .code(2)
        .stdout(predicate::str::contains("... FAILED"))
        .stdout(predicate::str::contains(r#"column 配送会社: expected "1001", actual "1009""#));
}

#[test]
fn sample_coverage_lists_values_no_lookup_covers() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/goq/orders_2024-10-18.csv");
    crate::common::bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate-profile", "goq-rakuten-legacy", "--as-of", "2024-10-18", "--sample"])
        .arg(&sample)
        .assert()
        .success()
        .stdout(predicate::str::contains("120 rows"))
        .stdout(predicate::str::contains(
            r#"注文種別: "オークション(旧)" ×1 — not in file_prefix; rows with it are rejected (unknown_order_type)"#,
        ))
        .stdout(predicate::str::contains(
            // Its only row was excluded by other_store first: the rule is what happens to it
            // (--sample tells the truth), the lookup's fallback comes second.
            r#"配送方法: "店頭受取" ×1 — excluded by other_store ×1; not in carrier_code either (if they reached it: rows with it get "1000" and warning unknown_carrier)"#,
        ));
}

/// With a sample, the sample's figures and undecided values come first, the verdict last;
/// the tests that passed are listed only with `--verbose`.
#[test]
fn sample_comes_first_and_passing_tests_only_with_verbose() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/goq/orders_2024-10-18.csv");
    let out = |extra: &[&str]| {
        let o = crate::common::bin()
            .args(["validate-profile", "goq-rakuten-legacy", "--as-of", "2024-10-18", "--sample"])
            .arg(&sample)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        String::from_utf8(o.stdout).unwrap()
    };
    let plain = out(&[]);
    let lines: Vec<&str> = plain.lines().collect();
    assert!(lines[0].starts_with("sample "), "{plain}");
    assert!(lines[1].contains("120 rows"), "{plain}");
    assert!(lines.last().unwrap().contains(": valid: 0 problem(s)"), "{plain}");
    assert!(!plain.contains("... passed"), "{plain}");
    let verbose = out(&["--verbose"]);
    assert!(verbose.lines().next().unwrap().starts_with("sample "), "{verbose}");
    let passed = verbose.find("... passed").unwrap();
    assert!(verbose.find("values no lookup covers").unwrap() < passed, "{verbose}");
}

#[test]
fn sample_missing_a_required_column_fails() {
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("s.csv");
    std::fs::write(&sample, "受注番号,受注ステータス\n1,処理済\n").unwrap();
    crate::common::bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate-profile", "goq-rakuten-legacy", "--sample"])
        .arg(&sample)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("required column for `method` not found"));
}

#[test]
fn an_output_column_name_the_encoding_cannot_hold_is_reported() {
    let copy = legacy_with(&[(r#"name = "配送会社""#, r#"name = "配送会社😀""#)]);
    validate(&copy.profile)
        .code(2)
        .stdout(predicate::str::contains("output column name `配送会社😀`: `😀` cannot be written"));
}

#[test]
fn a_fold_target_the_encoding_cannot_hold_is_reported() {
    let copy = legacy_with(&[(r#""\u301C" = "\uFF5E""#, r#""\u301C" = "\u2603""#)]);
    validate(&copy.profile).code(2).stdout(predicate::str::contains("cannot be written in the output encoding"));
}

#[test]
fn conflicting_lookup_entries_and_twice_defined_rules_are_reported() {
    let copy = legacy_with(&[
        (r#"{ to = "保留",           from = ["保留"] },"#, r#"{ to = "保留",           from = ["保留", "新規"] },"#),
        ("name = \"stale\"", "name = \"cancelled\""),
    ]);
    validate(&copy.profile)
        .code(2)
        .stdout(predicate::str::contains("`新規` maps to `新規受付` and to `保留`"))
        .stdout(predicate::str::contains("rule `cancelled` is defined twice"));
}

/// A classifier lookup with the given pattern entries (no tests, nothing else).
fn classifier_profile(patterns: &[String]) -> String {
    let entries: Vec<String> =
        patterns.iter().enumerate().map(|(i, p)| format!("  {{ pattern = '{p}', to = \"{i}\" }},")).collect();
    let body = format!(
        "[input.fields]\nb = {{ headers = [\"B\"] }}\n[lookups.kind]\nentries = [\n{}\n]\n[values.k]\nfrom = \"b\"\nsteps = [{{ lookup = \"kind\" }}]",
        entries.join("\n")
    );
    small_profile(&body, ("K", "k"))
}

/// Capture groups in classifier patterns cost nothing: only which entry matches is asked,
/// so a lookup too large *with* its groups still compiles (as with `regex::RegexSet`).
#[test]
fn capture_groups_do_not_count_against_a_classifiers_size() {
    let patterns: Vec<String> = (0..6).map(|i| format!("{}x{i}", "(a)".repeat(10_000))).collect();
    let (_d, path) = profile_file(&classifier_profile(&patterns));
    validate(&path).code(0).stdout(predicate::str::contains("valid"));
}

/// A classifier over the size limit says so, in the regex crate's words.
#[test]
fn an_oversized_classifier_names_the_size_limit() {
    let patterns: Vec<String> = (0..5).map(|i| format!(r"\w{{20}}{i}")).collect();
    let (_d, path) = profile_file(&classifier_profile(&patterns));
    validate(&path).code(2).stdout(predicate::str::contains("exceeds size limit"));
}

/// The messages of rows that are not read (wrong number of fields, undecodable bytes) cannot
/// name fields or values: the profile is refused instead of a run failing on such a row.
#[test]
fn messages_of_unread_rows_cannot_name_fields() {
    for (rule, message) in [("field_count", "行 {order_number}: {found} 列"), ("undecodable", "{tracking}: {column}")]
    {
        // The two messages are worded in goq-base.
        let text = std::fs::read_to_string(crate::common::mappings_dir().join("goq-base.toml")).unwrap();
        let start = text.find(&format!("\n{rule} = {{ message = ")).unwrap() + 1;
        let end = start + text[start..].find('\n').unwrap();
        let line = &text[start..end];
        let copy = legacy_with(&[(line, &format!("{rule} = {{ message = \"{message}\" }}"))]);
        validate(&copy.profile)
            .code(2)
            .stdout(predicate::str::contains(format!("builtin_rules.{rule}")))
            .stdout(predicate::str::contains("not read into fields"));
    }
}
