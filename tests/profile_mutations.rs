//! Mutation tests of the shipped profiles: changing ONE mapping value of a shipped profile (a
//! carrier code, a status translation, an order-type prefix, a store folder, a date output
//! format, a check-digit choice, ...) must make that profile's own `[[tests]]` fail.
//!
//! Two typical mutations (a carrier code, a status translation) are checked through the
//! real binary, on a copy of the shipped files (`orderbridge validate-profile <copy>` exits 2
//! and prints `FAILED`); the systematic sweep runs in-process (`orderbridge::validate::validate`), which is much faster,
//! on each profile's effective text with its tests (its `extends` chain and tests files merged:
//! every value a row meets, wherever it is written). Run it with `--nocapture` for a summary
//! per profile; with `DUMP_MUTANTS=1` it also lists every mutant.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use orderbridge::engine::CheckDigit;
use orderbridge::profile::{Origin, ProfileText};
use orderbridge::validate::{Validation, validate};
use toml::{Table, Value};

const PROFILES: [&str; 4] = ["goq-rakuten-legacy", "goq-rakuten-pay", "goq-yahoo", "rakuten-legacy-check"];

/// The profile's effective text with its tests: its chain (goq-base) and tests files merged.
fn shipped_text(name: &str) -> String {
    let path = crate::common::mappings_dir().join(format!("{name}.toml"));
    let source = orderbridge::profile::find(path.to_str().unwrap(), Some(&crate::common::mappings_dir())).unwrap();
    source.with_tests().effective(orderbridge::i18n::Lang::En).unwrap()
}

/// The shipped files (profiles, base, tests files) copied into a temporary `mappings` folder,
/// each changed by `change(file name, text)`.
fn copy_of_mappings(change: impl Fn(&str, String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    for sub in ["", "tests"] {
        for entry in std::fs::read_dir(crate::common::mappings_dir().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let file = path.file_name().unwrap().to_str().unwrap().to_string();
                let text = change(&format!("{sub}/{file}"), std::fs::read_to_string(&path).unwrap());
                std::fs::write(dir.path().join(sub).join(&file), text).unwrap();
            }
        }
    }
    dir
}

/// Runs `validate-profile NAME --mappings <copy>`.
fn validate_copy_with_binary(name: &str, copy: &Path) -> (Option<i32>, String) {
    let out = crate::common::bin().args(["validate-profile", name, "--mappings"]).arg(copy).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The profile is still a valid profile (no diagnostics), and its own tests fail.
fn assert_caught_by_binary(name: &str, what: &str, copy: &Path) {
    let (code, stdout) = validate_copy_with_binary(name, copy);
    assert_eq!(code, Some(2), "{name}: {what}: validate-profile should exit 2\n{stdout}");
    assert!(stdout.contains("FAILED"), "{name}: {what}: no test FAILED\n{stdout}");
    assert!(
        stdout.contains(": INVALID: 0 problem(s)"),
        "{name}: {what}: the copy should still be a valid profile, caught by its tests only\n{stdout}"
    );
}

#[test]
fn unmutated_copies_pass_through_the_binary() {
    let copy = copy_of_mappings(|_, text| text);
    for name in PROFILES {
        let (code, stdout) = validate_copy_with_binary(name, copy.path());
        assert_eq!(code, Some(0), "{name}:\n{stdout}");
        assert!(!stdout.contains("FAILED"), "{name}:\n{stdout}");
        assert!(stdout.contains(&format!("{}/{name}.toml: valid", copy.path().display())), "{stdout}");
        assert!(!stdout.contains(" 0 test(s) run"), "the tests file is found beside the copy:\n{stdout}");
    }
}

#[test]
fn legacy_with_every_1001_replaced_by_1009_fails_its_own_tests() {
    let copy = copy_of_mappings(
        |file, text| {
            if file.starts_with("tests/") { text } else { text.replace("\"1001\"", "\"1009\"") }
        },
    );
    let original = std::fs::read_to_string(crate::common::mappings_dir().join("goq-rakuten-legacy.toml")).unwrap();
    assert!(original.contains("\"1001\""), "the profile mentions \"1001\"");
    assert_caught_by_binary("goq-rakuten-legacy", "\"1001\" → \"1009\"", copy.path());
}

/// The status table is written once, in goq-base: a wrong translation there fails the tests of
/// each of the three GoQ profiles.
#[test]
fn status_table_with_処理済_translated_to_処理中_fails_its_own_tests() {
    let needle = "{ to = \"処理済\",";
    let base = std::fs::read_to_string(crate::common::mappings_dir().join("goq-base.toml")).unwrap();
    assert_eq!(base.matches(needle).count(), 1, "one status-table entry translates to 処理済");
    let copy =
        copy_of_mappings(
            |file, text| {
                if file == "/goq-base.toml" { text.replace(needle, "{ to = \"処理中\",") } else { text }
            },
        );
    for name in ["goq-rakuten-legacy", "goq-rakuten-pay", "goq-yahoo"] {
        assert!(
            !std::fs::read_to_string(crate::common::mappings_dir().join(format!("{name}.toml")))
                .unwrap()
                .contains(needle)
        );
        assert_caught_by_binary(name, "status table to = 処理済 → 処理中", copy.path());
    }
}

// ---------------------------------------------------------------------------------------------
// The sweep
// ---------------------------------------------------------------------------------------------

/// A value replacing a string that no test can expect.
const FRESH: &str = "MUTANT";

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Idx(usize),
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

fn render_path(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => {
                let _ = write!(s, ".{k}");
            }
            Seg::Idx(i) => {
                let _ = write!(s, "[{i}]");
            }
        }
    }
    s
}

fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()).unwrap_or_else(|| panic!("no key {k}")),
        Seg::Idx(i) => v.get_mut(*i).unwrap_or_else(|| panic!("no index {i}")),
    })
}

/// Every node of the document with its path, parents first.
fn walk<'a>(v: &'a Value, path: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, &'a Value)>) {
    out.push((path.clone(), v));
    match v {
        Value::Table(t) => {
            for (k, child) in t {
                path.push(key(k));
                walk(child, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                path.push(Seg::Idx(i));
                walk(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn has_key(path: &[Seg], k: &str) -> bool {
    path.iter().any(|s| matches!(s, Seg::Key(x) if x == k))
}

fn last_key(path: &[Seg]) -> Option<&str> {
    match path.last() {
        Some(Seg::Key(k)) => Some(k),
        _ => None,
    }
}

/// One changed copy of a profile.
struct Mutant {
    what: String,
    doc: Value,
}

struct Profile {
    name: &'static str,
    doc: Value,
    /// Names of the values a row shows: written by an output column or used in the path.
    output_values: BTreeSet<String>,
}

impl Profile {
    fn load(name: &'static str) -> Profile {
        let table: Table = shipped_text(name).parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        let doc = Value::Table(table);
        let mut output_values: BTreeSet<String> = doc["output"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c.get("value").and_then(Value::as_str).map(str::to_string))
            .collect();
        // `{store_folder}/{file_prefix}_{as_of:%Y_%m_%d}.csv`: the placeholders before any `:`
        let path = doc["output"]["path"].as_str().unwrap();
        for part in path.split('{').skip(1) {
            let name = part.split(['}', ':']).next().unwrap();
            output_values.insert(name.to_string());
        }
        Profile { name, doc, output_values }
    }

    /// The changed text as a profile of its own, in a folder with no tests file beside it.
    fn source(&self, doc: &Value) -> ProfileText {
        let text = toml::to_string(doc).unwrap();
        let path = std::env::temp_dir().join("orderbridge-mutants-nowhere").join(format!("{}.toml", self.name));
        ProfileText::new(self.name.to_string(), Origin::File(path), text)
    }

    fn mutant(&self, what: String, path: &[Seg], change: impl FnOnce(&mut Value)) -> Mutant {
        let mut doc = self.doc.clone();
        change(get_mut(&mut doc, path));
        Mutant { what: format!("{}: {what}", render_path(path)), doc }
    }

    /// The values computed by a `{ lookup = name }` step.
    fn values_using_lookup(&self, lookup: &str) -> Vec<String> {
        let Some(values) = self.doc.get("values").and_then(Value::as_table) else { return Vec::new() };
        values
            .iter()
            .filter(|(_, v)| {
                v.get("steps")
                    .and_then(Value::as_array)
                    .is_some_and(|steps| steps.iter().any(|s| s.get("lookup").and_then(Value::as_str) == Some(lookup)))
            })
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The literals a condition compares the value `name` with (`equals` and `in`).
    fn literals_compared_with(&self, name: &str) -> BTreeSet<String> {
        let mut nodes = Vec::new();
        walk(&self.doc, &mut Vec::new(), &mut nodes);
        let mut out = BTreeSet::new();
        for (_, v) in nodes {
            if v.get("value").and_then(Value::as_str) == Some(name) && v.is_table() {
                if let Some(s) = v.get("equals").and_then(Value::as_str) {
                    out.insert(s.to_string());
                }
                for s in v.get("in").and_then(Value::as_array).into_iter().flatten() {
                    out.insert(s.as_str().unwrap().to_string());
                }
            }
        }
        out
    }

    /// Every single-value mutation of the profile's mapping (not of its tests).
    fn mutants(&self) -> Vec<Mutant> {
        let mut out = Vec::new();
        self.lookup_mutants(&mut out);
        let mut nodes = Vec::new();
        walk(&self.doc, &mut Vec::new(), &mut nodes);
        for (path, v) in nodes {
            // Tests are not mapping; `hints` only change a message's wording, which a test
            // cannot assert (see KNOWN_SURVIVORS for the check digits inside hints).
            if has_key(&path, "tests") || has_key(&path, "test_defaults") {
                continue;
            }
            let in_hints = has_key(&path, "hints");
            match (last_key(&path), v) {
                (Some("check_digit"), Value::String(cur)) => {
                    for other in CheckDigit::NAMES.iter().filter(|n| *n != cur) {
                        out.push(self.mutant(format!("check_digit {cur} → {other}"), &path, |v| {
                            *v = Value::String(other.to_string())
                        }));
                    }
                }
                (Some("in"), Value::Array(items)) if !in_hints => {
                    for (i, item) in items.iter().enumerate() {
                        out.push(self.mutant(format!("`in` without {item}"), &path, |v| {
                            v.as_array_mut().unwrap().remove(i);
                        }));
                    }
                }
                (Some("equals"), Value::String(cur)) if !in_hints => {
                    out.push(self.mutant(format!("equals {cur:?} → {FRESH:?}"), &path, |v| *v = FRESH.into()));
                }
                (Some("older_than_days"), Value::Integer(n)) => {
                    for m in [n - 1, n + 1] {
                        out.push(self.mutant(format!("older_than_days {n} → {m}"), &path, |v| *v = Value::Integer(m)));
                    }
                }
                (Some("formats"), Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        out.push(self.mutant(format!("formats without {item}"), &path, |v| {
                            v.as_array_mut().unwrap().remove(i);
                        }));
                    }
                }
                (Some("remove_chars"), Value::String(chars)) => {
                    for c in chars.chars() {
                        let rest: String = chars.chars().filter(|x| *x != c).collect();
                        out.push(self.mutant(format!("remove_chars without U+{:04X}", c as u32), &path, |v| {
                            *v = Value::String(rest)
                        }));
                    }
                }
                (Some("fold"), Value::Table(t)) => {
                    for k in t.keys() {
                        let k2 = k.clone();
                        out.push(self.mutant(
                            format!("fold without U+{:04X}", k.chars().next().unwrap() as u32),
                            &path,
                            |v| {
                                v.as_table_mut().unwrap().remove(&k2);
                            },
                        ));
                    }
                }
                _ => {}
            }
            // values: constants and date output formats of the values an output column writes
            if let [Seg::Key(values), Seg::Key(name)] = path.as_slice()
                && values == "values"
                && self.output_values.contains(name)
            {
                if let Some(c) = v.get("constant").and_then(Value::as_str) {
                    let p = [path.clone(), vec![key("constant")]].concat();
                    out.push(self.mutant(format!("constant {c:?} → {FRESH:?}"), &p, |v| *v = FRESH.into()));
                }
                for (i, step) in v.get("steps").and_then(Value::as_array).into_iter().flatten().enumerate() {
                    if step.get("date").is_none() {
                        continue;
                    }
                    let cur = step["to"].as_str().unwrap();
                    let p = [path.clone(), vec![key("steps"), Seg::Idx(i), key("to")]].concat();
                    for other in ["%Y%m%d", "%Y-%m-%d", "%Y/%m/%d"].into_iter().filter(|o| *o != cur) {
                        out.push(self.mutant(format!("date output {cur} → {other}"), &p, |v| *v = other.into()));
                    }
                }
            }
        }
        out
    }

    fn lookup_mutants(&self, out: &mut Vec<Mutant>) {
        let Some(lookups) = self.doc.get("lookups").and_then(Value::as_table) else { return };
        for (lname, lookup) in lookups {
            let base = vec![key("lookups"), key(lname)];
            let entries = lookup["entries"].as_array().unwrap();
            let tos: Vec<&str> = entries.iter().map(|e| e["to"].as_str().unwrap()).collect();
            let mut distinct: Vec<&str> = Vec::new();
            for t in &tos {
                if !distinct.contains(t) {
                    distinct.push(t);
                }
            }
            // A lookup whose result no output column writes is only seen through the literals
            // conditions compare it with (the pay and Yahoo! status table: `equals = "処理済"`).
            // Changing an entry to another value on the same side of every such comparison
            // changes nothing a row can show, so that mutant is not made.
            let users = self.values_using_lookup(lname);
            let written = users.iter().any(|u| self.output_values.contains(u));
            let literals: BTreeSet<String> = users.iter().flat_map(|u| self.literals_compared_with(u)).collect();
            let observable = |old: &str, new: &str| written || literals.iter().any(|l| (old == l) != (new == l));
            for (i, entry) in entries.iter().enumerate() {
                let old = tos[i];
                // `to`: a fresh value, and the previous and next distinct value of the table
                let pos = distinct.iter().position(|d| *d == old).unwrap();
                let n = distinct.len();
                let mut candidates = vec![FRESH, distinct[(pos + n - 1) % n], distinct[(pos + 1) % n]];
                // and every value that flips a comparison, when only comparisons can see it
                if !written {
                    candidates.extend(distinct.iter().copied());
                }
                let mut seen = BTreeSet::new();
                for new in candidates {
                    if new == old || !seen.insert(new) || !observable(old, new) {
                        continue;
                    }
                    let p = [base.clone(), vec![key("entries"), Seg::Idx(i), key("to")]].concat();
                    out.push(self.mutant(format!("to {old:?} → {new:?}"), &p, |v| *v = new.into()));
                }
                // `from`: each value left out
                if let Some(from) = entry.get("from").and_then(Value::as_array) {
                    for (j, f) in from.iter().enumerate() {
                        let p = [base.clone(), vec![key("entries"), Seg::Idx(i), key("from")]].concat();
                        out.push(self.mutant(format!("from without {f}"), &p, |v| {
                            v.as_array_mut().unwrap().remove(j);
                        }));
                    }
                }
                // `pattern`: each alternative of a literal alternation left out, unless another
                // alternative of this or an earlier entry already matches everything it matches
                if let Some(pattern) = entry.get("pattern").and_then(Value::as_str)
                    && !pattern.contains(|c: char| "\\.^$*+?()[]{}".contains(c))
                {
                    let ignore_case = lookup.get("ignore_case").and_then(Value::as_bool).unwrap_or(false);
                    let norm = |s: &str| if ignore_case { s.to_lowercase() } else { s.to_string() };
                    let earlier: Vec<String> = entries[..i]
                        .iter()
                        .filter_map(|e| e.get("pattern").and_then(Value::as_str))
                        .flat_map(|p| p.split('|').map(norm))
                        .collect();
                    let alts: Vec<&str> = pattern.split('|').collect();
                    for (j, alt) in alts.iter().enumerate() {
                        let a = norm(alt);
                        let shadowed = earlier.iter().any(|e| a.contains(e.as_str()))
                            || alts.iter().enumerate().any(|(k, b)| k != j && a.contains(&norm(b)));
                        if alts.len() < 2 || shadowed {
                            continue;
                        }
                        let rest = alts
                            .iter()
                            .enumerate()
                            .filter(|(k, _)| *k != j)
                            .map(|(_, b)| *b)
                            .collect::<Vec<_>>()
                            .join("|");
                        let p = [base.clone(), vec![key("entries"), Seg::Idx(i), key("pattern")]].concat();
                        out.push(self.mutant(format!("pattern without {alt}"), &p, |v| *v = rest.into()));
                    }
                }
            }
            // fallbacks
            if let Some(v) = lookup.get("on_missing").and_then(|m| m.get("value")).and_then(Value::as_str) {
                let p = [base.clone(), vec![key("on_missing"), key("value")]].concat();
                out.push(self.mutant(format!("on_missing value {v:?} → {FRESH:?}"), &p, |v| *v = FRESH.into()));
            }
            if let Some(v) = lookup.get("on_empty").and_then(Value::as_str) {
                let p = [base.clone(), vec![key("on_empty")]].concat();
                out.push(self.mutant(format!("on_empty {v:?} → {FRESH:?}"), &p, |v| *v = FRESH.into()));
            }
        }
    }
}

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
fn caught(v: &Validation) -> Result<bool, String> {
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
    ("goq-rakuten-legacy", "unknown_store", "other_store excludes every store the folder table lacks, first"),
    ("goq-rakuten-pay", "unknown_store", "other_store excludes every store the folder table lacks, first"),
    ("goq-yahoo", "yahoo_store", "the store list is read only by other_store's in_lookup, never as a step"),
    ("goq-rakuten-pay", "unencodable", "every output column is digits, letters, dashes or a code"),
    ("goq-yahoo", "unencodable", "OrderId is ASCII and every other column a code, a number or a date"),
    ("goq-rakuten-pay", "too_many_shipments", "a test decides one row alone: tests/engine_lists.rs runs 21"),
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
