//! What a child inherits and may change: skipped inherited tests listed with their reason, a skip
//! or a name that matches nothing an error, the child's own tests run with the inherited ones,
//! rules placed by `before`, errors located in their file, cycles named, a shop's file named like
//! a shipped profile.

use super::{FILE, child, validate};
use crate::common::*;

// ---- skipped tests ---------------------------------------------------------------------

#[test]
fn skipped_inherited_tests_are_listed_with_their_reason() {
    let r = validate(&Workspace::new(), &[&child("window-7-days")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let skipped: Vec<&str> = r.stdout.lines().filter(|l| l.contains("... skipped: ")).collect();
    assert!(skipped.len() >= 5, "{}", r.stdout);
    assert!(skipped.iter().all(|l| l.ends_with("this shop uses 7 days")), "{skipped:?}");
    assert!(skipped.iter().any(|l| l.contains("test updated a year ago is stale ...")), "{skipped:?}");
}

#[test]
fn a_skip_that_names_no_test_is_an_error_in_the_child() {
    let ws = Workspace::new();
    let p = ws
        .write("c.toml", "extends = \"goq-rakuten-legacy\"\n[[skip_tests]]\nname = \"no such test\"\nreason = \"x\"\n");
    let r = validate(&ws, &[p.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("c.toml:3:8: [[skip_tests]]: no test is named `no such test`"), "{}", r.stdout);
}

/// A misspelt lookup or parameter in a child would add a new one that nothing uses, and change
/// nothing: it is an error, located in the child, with the name it most likely meant.
#[test]
fn a_misspelt_lookup_or_parameter_in_a_child_is_an_error_not_a_silent_no_op() {
    let ws = Workspace::new();
    let lookup = ws.write(
        "l.toml",
        "extends = \"goq-rakuten-legacy\"\n[lookups.rakuten_statu]\nentries = [{ from = [\"出荷完了\"], to = \"処理済\" }]\n",
    );
    let r = validate(&ws, &[lookup.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("l.toml:3:12: lookup `rakuten_statu` is not used by any value, rule or check (did you mean `rakuten_status`?)"),
        "{}",
        r.stdout
    );
    let param =
        ws.write("p.toml", "extends = \"goq-rakuten-legacy\"\n[params.window_day]\ntype = \"integer\"\ndefault = 7\n");
    let r = validate(&ws, &[param.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("p.toml:2:9: parameter `window_day` is declared, but nothing in the profile uses it"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("(did you mean `window_days`?)"), "{}", r.stdout);
    // The same entries under the right names are a valid child.
    let right = ws.write(
        "r.toml",
        "extends = \"goq-rakuten-legacy\"\n[lookups.rakuten_status]\nentries = [{ from = [\"出荷完了\"], to = \"処理済\" }]\n[params.window_days]\ndefault = 7\n[[skip_tests]]\nrule = \"stale\"\nreason = \"7 days\"\n",
    );
    let r = validate(&ws, &[right.to_str().unwrap(), "-q"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn a_childs_own_tests_run_with_the_inherited_ones() {
    let ws = Workspace::new();
    let own = "\n[[tests]]\nname = \"updated 6 days ago is kept\"\nrow = { \"最終更新日時\" = \"2024/10/12 10:00\" }\npath = \"rakuten/tuuzyou_2024_10_18.csv\"\n";
    let seven = std::fs::read_to_string(child("window-7-days")).unwrap();
    let p = ws.write("mine.toml", format!("{seven}{own}"));
    let r = validate(&ws, &[p.to_str().unwrap(), "--verbose"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("test updated 6 days ago is kept ... passed"), "{}", r.stdout);
    // The 3-day boundary tests that do not expect `stale` are skipped for their parameter.
    assert!(r.stdout.contains("282 of the tests come from <built-in>/tests/goq-rakuten-legacy.toml"), "{}", r.stdout);
    assert!(r.stdout.contains("1 of the tests are this profile's own"), "{}", r.stdout);
    // The same test fails where the window is the shipped 3 days: it is really run.
    let p = ws.write("three.toml", format!("extends = \"goq-rakuten-legacy\"\n{own}"));
    let r = validate(&ws, &[p.to_str().unwrap(), "--quiet"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("test updated 6 days ago is kept ... FAILED"), "{}", r.stdout);
}

// ---- merging --------------------------------------------------------------------------

#[test]
fn a_new_rule_goes_where_before_says_and_a_removed_rule_must_exist() {
    let ws = Workspace::new();
    let rule = "[[rules]]\nname = \"preorder\"\naction = \"exclude\"\nwhen = { value = \"order_type\", equals = \"予約販売\" }\n";
    let at_end = ws.write("end.toml", format!("extends = \"goq-rakuten-legacy\"\n{rule}"));
    let first = ws.write("first.toml", format!("extends = \"goq-rakuten-legacy\"\n{rule}before = \"other_store\"\n"));
    // A row both rules exclude: the first rule in the order decides.
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("販売店舗", "本店"), ("注文種別", "予約販売")]);
    let r = Workspace::new().run_table(at_end.to_str().unwrap(), &t);
    assert_eq!(r.by_rule("excluded_by_rule"), [("other_store".to_string(), 1)].into());
    let r = Workspace::new().run_table(first.to_str().unwrap(), &t);
    assert_eq!(r.by_rule("excluded_by_rule"), [("preorder".to_string(), 1)].into());

    let gone =
        ws.write("gone.toml", "extends = \"goq-rakuten-legacy\"\n\n[[rules]]\nname = \"stael\"\nremove = true\n");
    let r = validate(&ws, &[gone.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("gone.toml:4:8: there is no item of `rules` named `stael` to remove"), "{}", r.stdout);
}

#[test]
fn errors_point_at_the_file_and_line_they_are_in() {
    let ws = Workspace::new();
    ws.write("parent.toml", "extends = \"goq-rakuten-legacy\"\n\n[lookups.file_prefix]\nignore_kase = true\n");
    let c = ws.write("child.toml", "extends = \"parent.toml\"\n[input.fields.tracking_in]\nheaders = [\"追跡番号\"]\n");
    let r = validate(&ws, &[c.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("parent.toml:4:1: unknown field `ignore_kase`"), "{}", r.stdout);
    assert!(r.stdout.contains("(did you mean `ignore_case`?)"), "{}", r.stdout);

    ws.write("parent.toml", "extends = \"goq-rakuten-legacy\"\n");
    // A wrong reference found while compiling is located in the parent too.
    ws.write("parent.toml", "extends = \"goq-rakuten-legacy\"\n\n[values.tracking]\nfrom = \"trackin_in\"\n");
    let r = validate(&ws, &[c.to_str().unwrap()]);
    assert!(r.stdout.contains("parent.toml:4:8: "), "{}", r.stdout);
    assert!(r.stdout.contains("`trackin_in`"), "{}", r.stdout);

    ws.write("parent.toml", "extends = \"goq-rakuten-legacy\"\n");
    let c = ws.write("child.toml", "extends = \"parent.toml\"\n\n[params.window_days]\ndefault = \"7\"\n");
    let r = validate(&ws, &[c.to_str().unwrap()]);
    assert!(
        r.stdout.contains(
            "child.toml:4:11: parameter `window_days`: the default must be a whole number, as its `type` says"
        ),
        "{}",
        r.stdout
    );

    let c = ws.write("child.toml", "extends = \"parent.toml\"\n[[rules]]\nname = \"stale\"\naction = \"exclude\"\nwhen = { value = \"updated_on\", older_than_days = { param = \"window_day\" } }\n");
    let r = validate(&ws, &[c.to_str().unwrap()]);
    assert!(
        r.stdout.contains(
            "child.toml:5:60: no parameter `window_day` is declared in [params] (did you mean `window_days`?)"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn a_cycle_of_extends_names_the_chain() {
    let ws = Workspace::new();
    ws.write("a.toml", "extends = \"b.toml\"\n");
    let b = ws.write("b.toml", "# b\nextends = \"a.toml\"\n");
    let r = validate(&ws, &[b.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let b = b.display().to_string();
    let a = ws.path().join("a.toml").display().to_string();
    assert!(r.stdout.contains(&format!("{a}:1:11: `extends` goes round in a circle: {b} → {a} → {b}")), "{}", r.stdout);
}

#[test]
fn a_shops_file_named_like_a_shipped_profile_extends_the_built_in_one() {
    let ws = Workspace::new();
    ws.write("mappings/goq-rakuten-legacy.toml", std::fs::read(child("main-store")).unwrap());
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("販売店舗", "〇〇本店")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.uploads(), [FILE]);
}
