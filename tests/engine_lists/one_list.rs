//! One list in one place: adding a store or a status to a shipped profile is one edit its tests
//! accept and a real run writes, and no shipped profile repeats a lookup's values in a condition.

use std::collections::BTreeSet;
use std::path::Path;

use toml::Value;

use super::{PROFILES, edit_once, failures, validate_text};

fn shipped_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(format!("{name}.toml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shipped profile merged with its base (`--effective`), as a TOML document.
fn shipped_doc(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(format!("{name}.toml"));
    let source = orderbridge::profile::find(path.to_str().unwrap(), None).unwrap();
    Value::Table(source.effective(orderbridge::i18n::Lang::En).unwrap().parse().unwrap())
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
