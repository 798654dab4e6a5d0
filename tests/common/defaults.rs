//! The default rows the tests write for each shipped profile, taken from the profiles' own
//! tests (`[test_defaults] row` of `mappings/tests/<name>.toml`) and, for the columns those
//! rows leave out on purpose, from the profiles' field defaults: a test row that changes one
//! value is a profile test's row changed the same way.

use std::collections::BTreeMap;
use std::fs;

use super::{CHECK, GOQ_HEADER, LEGACY, LEGACY_HEADER, YAHOO, mappings_dir, shipped_profile_text};

/// The row a shipped profile's own tests start from (`[test_defaults] row` of
/// `mappings/tests/<profile>.toml`), by header name.
pub fn profile_test_row(profile: &str) -> BTreeMap<String, String> {
    let path = mappings_dir().join("tests").join(format!("{profile}.toml"));
    let doc: toml::Table = fs::read_to_string(&path).unwrap().parse().unwrap();
    let row = doc["test_defaults"]["row"].as_table().unwrap_or_else(|| panic!("{}: no test row", path.display()));
    row.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())).collect()
}

/// The `default` of input field `field` in the shipped profile (or base) `file`: the value an
/// export without that column gives.
fn field_default(file: &str, field: &str) -> String {
    let doc: toml::Table = shipped_profile_text(file).parse().unwrap();
    doc["input"]["fields"][field]["default"].as_str().unwrap_or_else(|| panic!("{file}: {field} has no default")).into()
}

/// `columns` in order, each from `row`, else from `rest`; leaked once, so the rows stay
/// `&'static str` pairs however often a test asks.
fn leak_row(
    columns: &[&'static str],
    row: &BTreeMap<String, String>,
    rest: &[(&str, String)],
) -> Vec<(&'static str, &'static str)> {
    columns
        .iter()
        .map(|c| {
            let v = row.get(*c).cloned().or_else(|| rest.iter().find(|(k, _)| k == c).map(|(_, v)| v.clone()));
            (*c, &*Box::leak(v.unwrap_or_else(|| panic!("no default for {c}")).into_boxed_str()))
        })
        .collect()
}

/// A shipped Rakuten order that every Rakuten profile writes: goq-rakuten-legacy's test row
/// (the pay profile's leaves out the レコードナンバー its export still has), with the columns
/// that row leaves out on purpose written as an export without them reads (the store and
/// order type the profiles default to, empty 楽天ペイ IDs) and an item name.
pub fn rakuten_defaults() -> Vec<(&'static str, &'static str)> {
    static ROW: std::sync::OnceLock<Vec<(&'static str, &'static str)>> = std::sync::OnceLock::new();
    ROW.get_or_init(|| {
        let rest = [
            ("販売店舗", field_default("goq-base", "store")),
            ("注文種別", field_default(LEGACY, "order_type")),
            ("送付先ID", String::new()),
            ("発送明細ID", String::new()),
            ("商品名", "国産 はちみつ 1kg".to_string()),
        ];
        leak_row(GOQ_HEADER, &profile_test_row(LEGACY), &rest)
    })
    .clone()
}

/// A shipped Yahoo! order that `goq-yahoo` writes: the Rakuten order with goq-yahoo's test
/// row's order id and store.
pub fn yahoo_defaults() -> Vec<(&'static str, &'static str)> {
    static ROW: std::sync::OnceLock<Vec<(&'static str, &'static str)>> = std::sync::OnceLock::new();
    ROW.get_or_init(|| {
        let yahoo = profile_test_row(YAHOO);
        let mut d = rakuten_defaults();
        for key in ["受注番号", "販売店舗"] {
            let value: &'static str = Box::leak(yahoo[key].clone().into_boxed_str());
            set(&mut d, key, value);
        }
        d
    })
    .clone()
}

/// A legacy upload row that `rakuten-legacy-check` writes: its test row, with the
/// 消費税再計算フラグ that row leaves out written as 0.
pub fn check_defaults() -> Vec<(&'static str, &'static str)> {
    static ROW: std::sync::OnceLock<Vec<(&'static str, &'static str)>> = std::sync::OnceLock::new();
    ROW.get_or_init(|| leak_row(LEGACY_HEADER, &profile_test_row(CHECK), &[("消費税再計算フラグ", "0".to_string())]))
        .clone()
}

fn set(d: &mut [(&'static str, &'static str)], key: &str, value: &'static str) {
    d.iter_mut().find(|(k, _)| *k == key).unwrap_or_else(|| panic!("no column {key}")).1 = value;
}

/// The default row of a profile's tests.
pub fn defaults_for(profile: &str) -> Vec<(&'static str, &'static str)> {
    match profile {
        YAHOO => yahoo_defaults(),
        CHECK => check_defaults(),
        _ => rakuten_defaults(),
    }
}
