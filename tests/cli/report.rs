//! The JSON report's documented keys, the summary on stderr, and the two agreeing.

use std::fs;

use super::{manifest, mixed_table};
use crate::common::*;

// ------------------------------------------------------------------------------------------
// The report and the summary
// ------------------------------------------------------------------------------------------

#[test]
fn report_has_the_documented_keys() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", mixed_table().row(LEGACY, &[("受注番号", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    let rep = r.report();
    for key in [
        "profile",
        "as_of",
        "inputs",
        "rows",
        "excluded_by_rule",
        "rejected_by_rule",
        "warnings_by_rule",
        "files",
        "rejects_file",
    ] {
        assert!(rep.get(key).is_some(), "report has {key}: {rep}");
    }
    assert_eq!(rep["profile"], LEGACY);
    assert_eq!(rep["as_of"], AS_OF);
    for k in ["read", "written", "excluded", "rejected", "warnings"] {
        assert!(rep["rows"][k].is_u64(), "rows.{k}");
    }
    assert_eq!(rep["rows"]["read"], 7);
    for f in rep["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let len = fs::metadata(ws.out().join(path)).unwrap().len();
        assert_eq!(f["bytes"].as_u64().unwrap(), len, "{path}: bytes");
        assert_eq!(f["rows"].as_u64().unwrap() + 1, r.upload(path).len() as u64, "{path}: rows");
    }
    assert_eq!(rep["rejects_file"], "rejected_goq-rakuten-legacy_20241018.csv");
}

#[test]
fn summary_on_stderr_names_counts_rules_and_encoding() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", mixed_table().row(LEGACY, &[("受注番号", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    for text in [
        "read",
        "written",
        "excluded",
        "rejected",
        "cancelled",
        "other_store",
        "missing_order_number",
        "Shift_JIS",
        "orders.csv",
        "rakuten/tuuzyou_2024_10_18.csv",
    ] {
        assert!(r.stderr.contains(text), "summary shows {text}:\n{}", r.stderr);
    }
    assert!(r.stdout.is_empty() || !r.stdout.contains("rakuten"), "the summary is on stderr");
}

#[test]
fn report_and_summary_agree_for_the_fixture() {
    // The bundled CP932 fixture: every count adds up (checked by the helper) and the summary
    // states the same totals as the report.
    let ws = Workspace::new();
    let input = manifest().join("tests/fixtures/goq/orders_2024-10-18.csv");
    let r = ws.run(PAY, AS_OF, &[input], &[]);
    assert!(r.code == 0 || r.code == 1, "{}", r.context());
    for key in ["read", "written", "excluded", "rejected"] {
        let n = r.rows(key).to_string();
        let line = r.stderr.lines().map(str::trim).find(|l| l.starts_with(key));
        let line = line.unwrap_or_else(|| panic!("summary has a {key} line:\n{}", r.stderr));
        assert!(line.ends_with(&format!(" {n}")), "summary {key} = report {n}: {line:?}");
    }
}
