//! Conditions over lists and counts. One list, one place: a shipped profile keeps each list
//! (stores, statuses, ...) once, so adding a value is one edit; the `in_lookup` condition a
//! rule uses to test a value against a lookup's own entries (instead of a copy of them). And
//! `count_of`: a limit on the rows one key may have in a run (楽天ペイ's 20 shipments per
//! destination), counted in input order across every input of the run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use orderbridge::profile::{Origin, ProfileText};
use orderbridge::validate::{Validation, validate};
use toml::Value;

const PROFILES: [&str; 4] = ["goq-rakuten-legacy", "goq-rakuten-pay", "goq-yahoo", "rakuten-legacy-check"];

fn shipped_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(format!("{name}.toml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Validates `text`; a shipped profile's as if it were the shipped file, so that its tests
/// file and its base are found.
fn validate_text(name: &str, text: &str) -> Validation {
    let path = match PROFILES.contains(&name) {
        true => Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(format!("{name}.toml")),
        false => PathBuf::from(format!("{name}.toml")),
    };
    validate(&ProfileText::new(name.to_string(), Origin::File(path), text.to_string()))
}

/// The shipped profile merged with its base (`--effective`), as a TOML document.
fn shipped_doc(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(format!("{name}.toml"));
    let source = orderbridge::profile::find(path.to_str().unwrap(), None).unwrap();
    Value::Table(source.effective(orderbridge::i18n::Lang::En).unwrap().parse().unwrap())
}

/// `text` with `old` replaced by `new`, where `old` must occur exactly once.
fn edit_once(text: &str, old: &str, new: &str) -> String {
    assert_eq!(text.matches(old).count(), 1, "`{old}` occurs once");
    text.replacen(old, new, 1)
}

/// The names of the profile tests that failed, with why.
fn failures(v: &Validation) -> Vec<String> {
    assert!(v.diagnostics.is_empty(), "the profile compiles: {:?}", v.diagnostics);
    v.tests
        .iter()
        .filter_map(|t| t.failure.as_ref().map(|f| format!("{}: {}", t.name, f.render(orderbridge::i18n::Lang::En))))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Adding a value is one edit
// ---------------------------------------------------------------------------------------------

/// A shipped profile, the one line that adds a new value to its list (`old` becomes `new`), and
/// a profile test (appended to the copy) that a row with that value now passes the rule that
/// kept it out: the test fails on the shipped profile, and passes once the one line is edited,
/// with every other test still passing.
fn one_edit_is_accepted(name: &str, old: &str, new: &str, test: &str) {
    let original = shipped_text(name);
    // The appended test fails on the shipped profile: the value is not in the list yet...
    let unedited = validate_text(name, &format!("{original}{test}"));
    let failed = failures(&unedited);
    assert_eq!(failed.len(), 1, "{name}: only the appended test fails before the edit: {failed:?}");
    // ...and passes once the one line is edited, with every other test still passing.
    let edited = validate_text(name, &format!("{}{test}", edit_once(&original, old, new)));
    assert_eq!(failures(&edited), Vec::<String>::new(), "{name}: after the one-line edit");
}

crate::common::cases!(one_edit_is_accepted {
    a_store_added_to_legacys_folder_table_is_accepted:
        "goq-rakuten-legacy",
        r#"{ to = "rakuten2", from = ["楽天2号店"] },"#,
        r#"{ to = "rakuten2", from = ["楽天2号店", "〇〇本店"] },"#,
        r#"
[[tests]]
name = "a store added to the folder table only"
row = { "販売店舗" = "〇〇本店" }
path = "rakuten2/tuuzyou_2024_10_18.csv"
"#;
    a_store_added_to_pays_folder_table_is_accepted:
        "goq-rakuten-pay",
        r#"{ to = "rakuten2", from = ["楽天2号店"] },"#,
        r#"{ to = "rakuten2", from = ["楽天2号店", "〇〇本店"] },"#,
        r#"
[[tests]]
name = "a store added to the folder table only"
row = { "販売店舗" = "〇〇本店" }
path = "rakuten2/hassou_20241018.csv"
"#;
    a_store_added_to_yahoos_store_list_is_accepted:
        "goq-yahoo",
        r#"from = ["Yahoo!ショッピング店", "Yahoo!ショッピング", "ヤフーショッピング"]"#,
        r#"from = ["Yahoo!ショッピング店", "Yahoo!ショッピング", "ヤフーショッピング", "〇〇本店"]"#,
        r#"
[[tests]]
name = "a store added to the store list"
row = { "販売店舗" = "〇〇本店" }
path = "yahoo/shipstatus_20241018.csv"
"#;
    a_status_added_to_checks_status_list_is_accepted:
        "rakuten-legacy-check",
        r#"require = { in = ["新規受付", "発送前入金待ち", "発送待ち", "発送後入金待ち", "処理済", "保留"] }"#,
        r#"require = { in = ["新規受付", "発送前入金待ち", "発送待ち", "発送後入金待ち", "処理済", "保留", "出荷中"] }"#,
        r#"
[[tests]]
name = "a status added to the status list"
row = { "受注ステータス" = "出荷中" }
output = { "受注ステータス" = "出荷中" }
"#;
});

#[test]
fn a_store_added_to_the_folder_table_is_written_by_a_real_run() {
    use crate::common::*;
    let ws = Workspace::new();
    let text = shipped_text(PAY);
    let edited = edit_once(
        &text,
        r#"{ to = "rakuten2", from = ["楽天2号店"] },"#,
        r#"{ to = "rakuten2", from = ["楽天2号店", "〇〇本店"] },"#,
    );
    let profile = ws.write("my-shop.toml", edited);
    let table = Table::for_profile(PAY).row(PAY, &[("販売店舗", "〇〇本店")]).row(PAY, &[("販売店舗", "本店")]);
    let input = ws.write("orders.csv", table.cp932_lf());
    let r = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), ["rakuten2/hassou_20241018.csv"], "{}", r.context());
    assert_eq!(r.by_rule("excluded_by_rule"), [("other_store".to_string(), 1)].into(), "{}", r.context());
}

// ---------------------------------------------------------------------------------------------
// No list twice
// ---------------------------------------------------------------------------------------------

/// Every `in = [...]` list of a condition outside the tests, with where it is.
fn in_lists(v: &Value, path: &str, out: &mut Vec<(String, BTreeSet<String>)>) {
    match v {
        Value::Table(t) => {
            for (k, child) in t {
                if k == "tests" || k == "test_defaults" {
                    continue;
                }
                if k == "in"
                    && let Some(items) = child.as_array()
                {
                    out.push((path.to_string(), items.iter().filter_map(|i| i.as_str().map(String::from)).collect()));
                }
                in_lists(child, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                in_lists(child, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn no_shipped_profile_repeats_a_lookups_values_in_a_condition() {
    for name in PROFILES {
        let doc = shipped_doc(name);
        let mut lists = Vec::new();
        in_lists(&doc, "", &mut lists);
        let lookups = doc.get("lookups").and_then(Value::as_table).cloned().unwrap_or_default();
        for (lookup, table) in &lookups {
            let keys: BTreeSet<String> = table["entries"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|e| e.get("from").and_then(Value::as_array).cloned().unwrap_or_default())
                .filter_map(|v| v.as_str().map(String::from))
                .collect();
            for (at, list) in &lists {
                let shared: Vec<&String> = list.intersection(&keys).collect();
                assert!(
                    shared.len() < 2,
                    "{name}: the condition at {at} repeats values of [lookups.{lookup}] ({shared:?}): \
                     test the lookup with `in_lookup = \"{lookup}\"` instead"
                );
            }
        }
        // and no two conditions hold the same list
        for (i, (a, la)) in lists.iter().enumerate() {
            for (b, lb) in &lists[i + 1..] {
                assert!(la != lb || la.len() < 2, "{name}: {a} and {b} hold the same list {la:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// in_lookup
// ---------------------------------------------------------------------------------------------

/// A small profile whose rules and checks test values with `in_lookup`, and tests that pin
/// down what "in the lookup" means: an exact entry (case matters), a classifier pattern
/// (with its `ignore_case`), `on_empty`, and a column check's default value.
const IN_LOOKUP_PROFILE: &str = r#"
description = "in_lookup"
[input]
encoding = "utf-8"
[input.fields]
method = { headers = ["method"] }
code = { headers = ["code"] }
[lookups.carrier]
ignore_case = true
on_empty = "none"
entries = [{ pattern = "ヤマト|yamato", to = "1001" }]
on_missing = { value = "1000" }
[lookups.codes]
entries = [{ to = "x", from = ["A", "B"] }]
on_missing = { value = "?" }
[[rules]]
name = "unknown_method"
action = "exclude"
when = { not = { value = "method", in_lookup = "carrier" } }
[output]
path = "out.csv"
encoding = "utf-8"
[[output.columns]]
name = "method"
value = "method"
[[output.columns]]
name = "code"
value = "code"
checks = [{ rule = "unknown_code", require = { in_lookup = "codes" }, message = "no code {code}" }]
[test_defaults]
as_of = "2024-10-18"
row = { "method" = "ヤマト運輸", "code" = "A" }
[[tests]]
name = "a pattern match and an exact entry are in their lookups"
output = { "method" = "ヤマト運輸", "code" = "A" }
[[tests]]
name = "a classifier's ignore_case applies"
row = { "method" = "YAMATO" }
output = { "method" = "YAMATO" }
[[tests]]
name = "an empty value is in a lookup with on_empty"
row = { "method" = "" }
output = { "method" = "" }
[[tests]]
name = "a value no pattern matches is not in the lookup, whatever on_missing would give"
row = { "method" = "佐川急便" }
excluded = "unknown_method"
[[tests]]
name = "an exact lookup is exact"
row = { "code" = "a" }
rejected = "unknown_code"
[[tests]]
name = "an empty value is not in a lookup without on_empty"
row = { "code" = "" }
rejected = "unknown_code"
"#;

#[test]
fn in_lookup_means_the_lookup_maps_the_value() {
    let v = validate_text("in-lookup", IN_LOOKUP_PROFILE);
    assert_eq!(failures(&v), Vec::<String>::new());
    assert_eq!(v.tests.len(), 6);
}

#[test]
fn an_unknown_lookup_in_in_lookup_is_located_with_a_suggestion() {
    let text = IN_LOOKUP_PROFILE.replacen(r#"in_lookup = "carrier""#, r#"in_lookup = "carriers""#, 1);
    let v = validate_text("in-lookup", &text);
    let line = text[..text.find("\"carriers\"").unwrap()].matches('\n').count() + 1;
    let diags: Vec<String> = v.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].starts_with(&format!("in-lookup.toml:{line}:")), "located: {}", diags[0]);
    assert!(diags[0].contains("unknown lookup `carriers` (did you mean `carrier`?)"), "{}", diags[0]);
}

// ---------------------------------------------------------------------------------------------
// count_of
// ---------------------------------------------------------------------------------------------

/// A small UTF-8 profile: rows of an `order` to a `dest` with a `parcel`; at most two per
/// order and destination (`extra` goes into the condition, e.g. `distinct = ["parcel"]`).
fn count_profile(extra: &str) -> String {
    format!(
        r#"
description = "count_of"
[input]
encoding = "utf-8"
[input.fields]
order = {{ headers = ["order"] }}
dest = {{ headers = ["dest"] }}
parcel = {{ headers = ["parcel"] }}
[[rules]]
name = "skipped"
action = "exclude"
when = {{ value = "parcel", equals = "skip" }}
[output]
path = "out.csv"
encoding = "utf-8"
newline = "lf"
[output.rejects]
headers = ["入力ファイル", "行", "ルール", "理由"]
[[output.columns]]
name = "order"
value = "order"
[[output.columns]]
name = "dest"
value = "dest"
[[output.columns]]
name = "parcel"
value = "parcel"
checks = [{{ rule = "bad_parcel", require = {{ matches = '^p[0-9]+$' }}, message = "bad parcel" }}]
[[checks]]
rule = "too_many"
require = {{ not = {{ count_of = ["order", "dest"], over = 2{extra} }} }}
message = "{{order}} / {{dest}}: more than 2"
"#
    )
}

mod counts {
    use crate::common::*;

    /// Runs `profile` (text) over UTF-8 inputs of `order,dest,parcel` rows; returns the run.
    pub fn run(ws: &Workspace, profile: &str, inputs: &[&[(&str, &str, &str)]]) -> RunResult {
        let profile = ws.write("count.toml", profile);
        let paths: Vec<_> = inputs
            .iter()
            .enumerate()
            .map(|(i, rows)| {
                let mut t = Table::new(&["order", "dest", "parcel"]);
                t.rows = rows.iter().map(|(o, d, p)| vec![o.to_string(), d.to_string(), p.to_string()]).collect();
                ws.write(&format!("in{i}.csv"), t.utf8())
            })
            .collect();
        ws.run(profile.to_str().unwrap(), AS_OF, &paths, &[])
    }

    /// The parcels written to `out.csv`, in order.
    pub fn written(r: &RunResult) -> Vec<String> {
        let text = std::fs::read_to_string(r.out.join("out.csv")).unwrap_or_default();
        parse_csv(&text).into_iter().skip(1).map(|rec| rec[2].clone()).collect()
    }

    /// The rejected rows: (input file name, line, rule, reason).
    pub fn rejected(r: &RunResult) -> Vec<(String, String, String, String)> {
        if r.rows("rejected") == 0 {
            return Vec::new();
        }
        r.reject_rows()
            .into_iter()
            .map(|row| {
                let file = std::path::Path::new(&row[0]).file_name().unwrap().to_string_lossy().into_owned();
                (file, row[1].clone(), row[2].clone(), row[3].clone())
            })
            .collect()
    }
}

fn rejected_row(file: &str, line: u32, rule: &str, reason: &str) -> (String, String, String, String) {
    (file.to_string(), line.to_string(), rule.to_string(), reason.to_string())
}

#[test]
fn count_of_rejects_the_rows_beyond_the_nth_of_a_key() {
    let ws = crate::common::Workspace::new();
    let rows: &[(&str, &str, &str)] =
        &[("A", "1", "p1"), ("A", "1", "p2"), ("A", "1", "p3"), ("A", "2", "p4"), ("B", "1", "p5"), ("A", "1", "p6")];
    let r = counts::run(&ws, &count_profile(""), &[rows]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(counts::written(&r), ["p1", "p2", "p4", "p5"]);
    assert_eq!(
        counts::rejected(&r),
        [
            rejected_row("in0.csv", 4, "too_many", "A / 1: more than 2"),
            rejected_row("in0.csv", 7, "too_many", "A / 1: more than 2")
        ]
    );
}

#[test]
fn count_of_counts_only_written_rows() {
    // An excluded row, a row rejected by an earlier check and a row rejected by the limit
    // itself are not among the two.
    let ws = crate::common::Workspace::new();
    let rows: &[(&str, &str, &str)] = &[
        ("A", "1", "skip"),
        ("A", "1", "bad"),
        ("A", "1", "p1"),
        ("A", "1", "p2"),
        ("A", "1", "p3"),
        ("A", "1", "p4"),
    ];
    let r = counts::run(&ws, &count_profile(""), &[rows]);
    assert_eq!(counts::written(&r), ["p1", "p2"], "{}", r.context());
    let rules: Vec<String> =
        counts::rejected(&r).into_iter().map(|(_, line, rule, _)| format!("{line}:{rule}")).collect();
    assert_eq!(rules, ["3:bad_parcel", "6:too_many", "7:too_many"]);
    assert_eq!(r.by_rule("excluded_by_rule"), [("skipped".to_string(), 1)].into());
}

#[test]
fn count_of_spans_every_input_of_a_run() {
    let ws = crate::common::Workspace::new();
    let first: &[(&str, &str, &str)] = &[("A", "1", "p1"), ("B", "1", "p2")];
    let second: &[(&str, &str, &str)] = &[("A", "1", "p3"), ("A", "1", "p4"), ("B", "1", "p5")];
    let r = counts::run(&ws, &count_profile(""), &[first, second]);
    assert_eq!(counts::written(&r), ["p1", "p2", "p3", "p5"], "{}", r.context());
    assert_eq!(counts::rejected(&r), [rejected_row("in1.csv", 3, "too_many", "A / 1: more than 2")]);
    // each run counts afresh
    let again = counts::run(&ws, &count_profile(""), &[second]);
    assert_eq!(counts::written(&again), ["p3", "p4", "p5"], "{}", again.context());
}

#[test]
fn count_of_with_distinct_counts_distinct_values_per_key() {
    // p1 twice is one parcel: its second row is neither counted nor held back by the limit.
    let ws = crate::common::Workspace::new();
    let rows: &[(&str, &str, &str)] =
        &[("A", "1", "p1"), ("A", "1", "p1"), ("A", "1", "p2"), ("A", "1", "p3"), ("A", "1", "p1")];
    let r = counts::run(&ws, &count_profile(r#", distinct = ["parcel"]"#), &[rows]);
    assert_eq!(counts::written(&r), ["p1", "p1", "p2", "p1"], "{}", r.context());
    assert_eq!(counts::rejected(&r), [rejected_row("in0.csv", 5, "too_many", "A / 1: more than 2")]);
}

/// The `count_of` condition of [`count_profile`] replaced by `replacement`: one diagnostic, at
/// the replacement's line, saying `message`.
fn count_of_mistake_is_located(replacement: &str, message: &str) {
    let base = count_profile("");
    let cond = "count_of = [\"order\", \"dest\"], over = 2";
    let text = edit_once(&base, cond, replacement);
    let v = validate_text("count", &text);
    let line = text[..text.find(replacement).unwrap()].matches('\n').count() + 1;
    let diags: Vec<String> = v.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(diags.len(), 1, "{replacement}: {diags:?}");
    assert!(diags[0].starts_with(&format!("count.toml:{line}:")), "located: {}", diags[0]);
    assert!(diags[0].contains(message), "{replacement}: {}", diags[0]);
}

crate::common::cases!(count_of_mistake_is_located {
    count_of_naming_an_unknown_field_is_located:
        "count_of = [\"order\", \"dst\"], over = 2",
        "unknown field or value `dst` (did you mean `dest`?)";
    count_of_without_over_is_located: "count_of = [\"order\", \"dest\"]", "`count_of` needs `over = N`";
    count_of_naming_no_field_is_located: "count_of = [], over = 2", "`count_of` needs at least one field or value";
    count_of_beside_a_value_is_located: "value = \"order\", count_of = [\"order\"], over = 2", "no `value` beside it";
    distinct_naming_an_unknown_field_is_located:
        "count_of = [\"order\"], over = 2, distinct = [\"parcle\"]",
        "unknown field or value `parcle` (did you mean `parcel`?)";
    over_without_count_of_is_located:
        "value = \"order\", empty = true, over = 2",
        "`over` and `distinct` go with `count_of`";
});

// ---------------------------------------------------------------------------------------------
// goq-rakuten-pay: at most 20 shipments per destination
// ---------------------------------------------------------------------------------------------

/// The `i`-th 12-digit Yamato number passing 7DR (the last digit is the first eleven mod 7).
fn parcel(i: u64) -> String {
    let first = 35_729_670_000 + i;
    format!("{first}{}", first % 7)
}

/// Rows of one order of goq-rakuten-pay, each `(送付先ID, tracking number)`.
fn pay_rows(rows: &[(&str, String)]) -> crate::common::Table {
    use crate::common::*;
    rows.iter().fold(Table::for_profile(PAY), |t, (dest, tracking)| {
        t.row(PAY, &[("送付先ID", dest), ("お荷物伝票番号", tracking.as_str())])
    })
}

#[test]
fn pay_rejects_the_21st_shipment_of_a_destination() {
    use crate::common::*;
    let ws = Workspace::new();
    let rows: Vec<(&str, String)> = (0..21).map(|i| ("1", parcel(i))).chain([("2", parcel(21))]).collect();
    let r = ws.run_table(PAY, &pay_rows(&rows));
    let ctx = r.context();
    assert_eq!(r.code, 1, "{ctx}");
    assert_eq!(r.rows("written"), 21, "20 to destination 1 and 1 to destination 2: {ctx}");
    assert_eq!(r.by_rule("rejected_by_rule"), [("too_many_shipments".to_string(), 1)].into(), "{ctx}");
    let written = r.column(default_path(PAY), "お荷物伝票番号");
    assert_eq!(written.len(), 21);
    assert!(!written.contains(&parcel(20)), "the 21st parcel of destination 1 is not written");
    let rejects = r.reject_rows();
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0][1], "22", "the 21st data row is line 22");
    assert!(rejects[0][3].contains("20件"), "the reason names the limit: {}", rejects[0][3]);
    assert!(rejects[0][3].contains(&parcel(20)), "the reason names the parcel: {}", rejects[0][3]);
}

#[test]
fn pay_counts_parcels_not_item_lines() {
    // 20 parcels of two item lines each: the second lines are duplicates, not shipments; a
    // 21st parcel is still one too many.
    use crate::common::*;
    let ws = Workspace::new();
    let rows: Vec<(&str, String)> =
        (0..20).flat_map(|i| [("", parcel(i)), ("", parcel(i))]).chain([("", parcel(20))]).collect();
    let r = ws.run_table(PAY, &pay_rows(&rows));
    let ctx = r.context();
    assert_eq!(r.rows("written"), 20, "{ctx}");
    assert_eq!(r.by_rule("excluded_by_rule"), [("duplicate".to_string(), 20)].into(), "{ctx}");
    assert_eq!(r.by_rule("rejected_by_rule"), [("too_many_shipments".to_string(), 1)].into(), "{ctx}");
}

#[test]
fn pay_counts_shipments_across_inputs() {
    // 15 parcels in a large first input (over 1 MiB: read and decided on threads of their
    // own, padded with another store's orders), 6 in a small second one: the 21st is rejected.
    use crate::common::*;
    let ws = Workspace::new();
    let mut first = pay_rows(&(0..15).map(|i| ("1", parcel(i))).collect::<Vec<_>>());
    let padding = "あ".repeat(200);
    for i in 0..2000 {
        let n = format!("100234-20241018-{:010}", 20_000 + i);
        first = first.row(PAY, &[("受注番号", n.as_str()), ("販売店舗", "本店"), ("商品名", padding.as_str())]);
    }
    let first_bytes = first.cp932_lf();
    assert!(first_bytes.len() > 1 << 20, "the first input is decided on its own thread");
    let second = pay_rows(&(15..21).map(|i| ("1", parcel(i))).collect::<Vec<_>>());
    let inputs = [ws.write("a.csv", first_bytes), ws.write("b.csv", second.cp932_lf())];
    let r = ws.run(PAY, AS_OF, &inputs, &[]);
    let ctx = r.context();
    assert_eq!(r.rows("written"), 20, "{ctx}");
    assert_eq!(r.by_rule("rejected_by_rule"), [("too_many_shipments".to_string(), 1)].into(), "{ctx}");
    let rejects = r.reject_rows();
    assert!(rejects[0][0].ends_with("b.csv") && rejects[0][1] == "7", "the last row of b.csv: {:?}", &rejects[0][..3]);
}
