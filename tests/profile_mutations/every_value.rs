//! Every single-value mutation of a shipped profile fails its own tests (but the known
//! survivors), and every rule a row can meet is expected by one of its tests.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use orderbridge::validate::{Validation, validate};
use toml::Value;

use super::PROFILES;
use super::mutants::Profile;

/// Mutants no test written inside a profile can catch: (profile, or `*` for every profile;
/// text the mutant's description contains; why). A mutant listed here may survive; every entry
/// must match a mutant of each profile it names, so the list cannot go stale.
const KNOWN_SURVIVORS: &[(&str, &str, &str)] = &[
    (
        "*",
        ".hints[",
        "a hint only changes the wording of a rejection message; a profile test asserts the rule, not the message",
    ),
    ("*", "fold without U+2212", "encoding_rs writes U+2212 and its fold target U+FF0D as the same CP932 bytes 0x817C"),
    ("*", "remove_chars without U+FF70", "the nfkc step before it already turns ｰ (U+FF70) into ー (U+30FC)"),
    ("*", "remove_chars without U+FF0D", "the nfkc step before it already turns － (U+FF0D) into -"),
    (
        "goq-rakuten-pay",
        "output.fold: ",
        "every output column is digits, letters, dashes or a code: no row reaches the fold table",
    ),
    (
        "goq-rakuten-legacy",
        "lookups.store_label.",
        "a file's display name and note are shown beside it, never written: a profile test decides a row, not a file (tests/file_routes.rs and serve::same_as_cli check them)",
    ),
    (
        "goq-rakuten-legacy",
        "lookups.upload_order_type.",
        "a file's display name and note are shown beside it, never written: a profile test decides a row, not a file (tests/file_routes.rs and serve::same_as_cli check them)",
    ),
    (
        "goq-rakuten-pay",
        "lookups.store_label.",
        "a file's display name and note are shown beside it, never written: a profile test decides a row, not a file (tests/file_routes.rs and serve::same_as_cli check them)",
    ),
    (
        "goq-yahoo",
        "output.fold: ",
        "OrderId is ASCII and every other column a code, a number or a date: no row reaches the fold table",
    ),
];

fn known_survivors(profile: &str) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    KNOWN_SURVIVORS.iter().filter(move |(p, _, _)| *p == "*" || *p == profile)
}

/// Caught: the mutant is still a valid profile (no diagnostics) and at least one of its own
/// tests fails. A mutant that no longer compiles is not counted as caught by the tests.
pub(super) fn caught(v: &Validation) -> Result<bool, String> {
    if !v.diagnostics.is_empty() {
        return Err(v.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "));
    }
    Ok(v.tests.iter().any(|t| t.failure.is_some()))
}

/// Validates every mutant of the profile; returns each mutant's description and whether the
/// profile's own tests caught it.
fn run_mutants(p: &Profile) -> Vec<(String, Result<bool, String>)> {
    // the round trip through toml::Value changes nothing: the unmutated copy passes
    let baseline = validate(&p.source(&p.doc));
    assert!(
        baseline.is_ok(),
        "{}: the unmutated round-trip copy must pass\n{}",
        p.name,
        baseline.render(p.name, orderbridge::i18n::Lang::En)
    );
    let mutants = p.mutants();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = mutants.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = mutants
            .chunks(chunk)
            .map(|ms| {
                s.spawn(move || {
                    ms.iter().map(|m| (m.what.clone(), caught(&validate(&p.source(&m.doc))))).collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn every_single_value_mutation_of_a_shipped_profile_fails_its_own_tests() {
    let mut report = String::new();
    let mut unexpected = String::new();
    for name in PROFILES {
        let p = Profile::load(name);
        let results = run_mutants(&p);
        let survivors: Vec<&String> = results.iter().filter(|(_, c)| c == &Ok(false)).map(|(w, _)| w).collect();
        for (w, c) in &results {
            if let Err(diags) = c {
                let _ = writeln!(unexpected, "  {name}: {w}: the mutant is not a valid profile: {diags}");
            }
        }
        if std::env::var_os("DUMP_MUTANTS").is_some() {
            for (w, _) in &results {
                eprintln!("{w}");
            }
        }
        let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
        for (w, _) in &results {
            let kind = w.split(": ").nth(1).and_then(|d| d.split(' ').next()).unwrap_or("?");
            *kinds.entry(kind).or_default() += 1;
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ =
            writeln!(report, "{name}: {} mutants ({}), {} survived", results.len(), kinds.join(", "), survivors.len());
        for s in survivors {
            match known_survivors(name).find(|(_, text, _)| s.contains(text)) {
                Some((_, _, why)) => {
                    let _ = writeln!(report, "  known: {s} ({why})");
                }
                None => {
                    let _ = writeln!(unexpected, "  {name}: {s}");
                }
            }
        }
        for (_, text, _) in known_survivors(name) {
            assert!(
                results.iter().any(|(w, _)| w.contains(text)),
                "{name}: KNOWN_SURVIVORS names `{text}`, but no mutant of this profile matches it"
            );
        }
    }
    eprintln!("{report}");
    assert!(unexpected.is_empty(), "mutants the profile's own tests do not catch:\n{unexpected}\n{report}");
}

// ---------------------------------------------------------------------------------------------
// Every rule a row can meet is expected by some test
// ---------------------------------------------------------------------------------------------

/// Rules no profile test can reach: (profile, or `*`; rule; why).
const UNREACHABLE_BY_TESTS: &[(&str, &str, &str)] = &[
    ("*", "field_count", "a test row is given by header name: it always has every field"),
    ("*", "undecodable", "a test row is text already: there are no bytes to decode"),
    ("*", "duplicate", "each test decides one row alone"),
    ("*", "bad_path", "the path is made of lookup results and the as-of date, never of raw input"),
    ("*", "already_sent", "profile tests run without a ledger: tests/ledger.rs covers it"),
    ("*", "changed_after_send", "profile tests run without a ledger: tests/adding_uploads.rs covers it"),
    ("*", "changed_since_send", "profile tests run without a ledger: tests/adding_uploads.rs covers it"),
    ("goq-rakuten-legacy", "unknown_store", "other_store excludes every store the folder table lacks, first"),
    ("goq-rakuten-pay", "unknown_store", "other_store excludes every store the folder table lacks, first"),
    ("goq-yahoo", "yahoo_store", "the store list is read only by other_store's in_lookup, never as a step"),
    ("goq-rakuten-pay", "unencodable", "every output column is digits, letters, dashes or a code"),
    ("goq-yahoo", "unencodable", "OrderId is ASCII and every other column a code, a number or a date"),
    ("goq-rakuten-pay", "too_many_shipments", "a test decides one row alone: tests/engine_lists/count_of.rs runs 21"),
];

#[test]
fn every_rule_a_row_can_meet_is_expected_by_a_test() {
    let mut missing = String::new();
    for name in PROFILES {
        let p = Profile::load(name);
        let v = validate(&p.source(&p.doc));
        let plan = v.plan.as_ref().expect("the shipped profile compiles");
        let mut expected = BTreeSet::new();
        for t in p.doc["tests"].as_array().unwrap() {
            for k in ["excluded", "rejected"] {
                if let Some(r) = t.get(k).and_then(Value::as_str) {
                    expected.insert(r.to_string());
                }
            }
            for w in t.get("warnings").and_then(Value::as_array).into_iter().flatten() {
                expected.insert(w.as_str().unwrap().to_string());
            }
        }
        let unreachable: Vec<&str> =
            UNREACHABLE_BY_TESTS.iter().filter(|(p, _, _)| *p == "*" || *p == name).map(|(_, r, _)| *r).collect();
        for r in &unreachable {
            assert!(
                plan.rule_names.iter().any(|n| n == r),
                "{name}: UNREACHABLE_BY_TESTS names `{r}`, not a rule here"
            );
        }
        for r in &plan.rule_names {
            if !expected.contains(r) && !unreachable.contains(&r.as_str()) {
                let _ = writeln!(missing, "  {name}: {r}");
            }
        }
    }
    assert!(missing.is_empty(), "rules no test of the profile expects:\n{missing}");
}
