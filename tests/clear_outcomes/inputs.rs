//! Inputs that would collide: the same input through a hard link, two inputs of the same name
//! when files are named after inputs (`{input_stem}`), directly or through a value; and `--as-of`
//! in one form only.

use std::fs;

use super::{assert_refused, yahoo_copy, yahoo_input};
use crate::common::*;

// ------------------------------------------------------------------------------------------
// The same input twice, by hard link too
// ------------------------------------------------------------------------------------------

#[test]
fn the_same_input_twice_through_a_hard_link() {
    let ws = Workspace::new();
    let f = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let link = ws.path().join("copy-of-orders.csv");
    fs::hard_link(&f, &link).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[f, link], &[]);
    assert_refused(&ws, &r, "copy-of-orders.csv", &["more than once", "the same file as"]);
}

// ------------------------------------------------------------------------------------------
// Inputs whose files collide by {input_stem}
// ------------------------------------------------------------------------------------------

#[test]
fn two_inputs_of_the_same_name_are_refused_when_files_are_named_after_inputs() {
    let ws = Workspace::new();
    let a = ws.write("mon/up.csv", Table::for_profile(CHECK).row(CHECK, &[]).cp932());
    let b = ws.write(
        "tue/up.csv",
        Table::for_profile(CHECK)
            .row(CHECK, &[("受注番号", "000000-201411"), ("レコードナンバー", "133000056")])
            .cp932(),
    );
    let r = ws.run(CHECK, CHECK_AS_OF, &[a, b], &[]);
    assert_refused(&ws, &r, "tue/up.csv", &["mon/up.csv", "{input_stem}", "Rename one"]);

    // Without `{input_stem}` in the route, inputs of the same name are fine.
    let a = ws.write("mon/orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let b = ws.write(
        "tue/orders.csv",
        Table::new(GOQ_HEADER).row(LEGACY, &[("受注番号", "100234-20241018-0000010001")]).cp932(),
    );
    let r = ws.run(LEGACY, AS_OF, &[a, b], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("written"), 2);
}

#[test]
fn input_stem_through_a_value_counts_too() {
    let ws = Workspace::new();
    let profile = yahoo_copy("{from_name}.csv") + "\n[values.from_name]\ntemplate = \"day-{input_stem}\"\n";
    let p = ws.write("stem.toml", profile);
    let a = ws.write("mon/orders.csv", Table::new(GOQ_HEADER).row(YAHOO, &[]).cp932());
    let b = ws.write("tue/orders.csv", Table::new(GOQ_HEADER).row(YAHOO, &[]).cp932());
    let r = ws.run(p.to_str().unwrap(), AS_OF, std::slice::from_ref(&a), &[]);
    assert_eq!(r.code, 0, "the profile works: {}", r.context());
    assert_eq!(r.files(), ["day-orders.csv"]);
    fs::remove_dir_all(ws.out()).unwrap();
    let r = ws.run(p.to_str().unwrap(), AS_OF, &[a, b], &[]);
    assert_refused(&ws, &r, "tue/orders.csv", &["mon/orders.csv", "{input_stem}"]);
}

// ------------------------------------------------------------------------------------------
// --as-of in one form, this century
// ------------------------------------------------------------------------------------------

#[test]
fn as_of_in_another_form_or_century_is_refused_clearly() {
    let ws = Workspace::new();
    let input = yahoo_input(&ws);
    let r = ws.run(YAHOO, "2024/10/18", std::slice::from_ref(&input), &[]);
    assert_refused(&ws, &r, "2024/10/18", &["use YYYY-MM-DD, e.g. 2024-10-18"]);
    let r = ws.run(YAHOO, "0000-01-01", std::slice::from_ref(&input), &[]);
    assert_refused(&ws, &r, "0000-01-01", &["between 2000 and 2099"]);

    let sample = input.to_str().unwrap();
    for (as_of, says) in [("2024/10/18", "use YYYY-MM-DD, e.g. 2024-10-18"), ("0000-01-01", "between 2000 and 2099")] {
        let r = ws.run_args(&["validate-profile", YAHOO, "--sample", sample, "--as-of", as_of]);
        assert_eq!(r.code, 2, "{}", r.context());
        assert!(r.stderr.contains(says), "{as_of}: {}", r.stderr);
    }
}
