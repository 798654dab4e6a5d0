//! `count_of` limits across every input of a run: the rows beyond the n-th of a key rejected,
//! only written rows counted, distinct values per key, mistakes located; 楽天ペイ's 20 shipments
//! per destination.

use super::{edit_once, validate_text};

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
