//! How a rule is named where no row is shown: `[rule_labels]` (a label and a sentence per
//! rule, merged per rule through `extends`), the summary's rule lines (label first, the id
//! beside it), the report's `rules`, and `{params.NAME}` in messages and labels.

use crate::common::*;

/// `orderbridge ARGS` in Japanese, from the workspace: (exit code, stdout + stderr).
fn japanese(ws: &Workspace, args: &[&str]) -> (i32, String) {
    let out = bin().current_dir(ws.path()).env("ORDERBRIDGE_LANG", "ja").args(args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().expect("exit code"), text)
}

/// Two orders of another store and one rejected one: rules that exclude and reject.
fn mixed_day(ws: &Workspace) -> std::path::PathBuf {
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010001"), ("販売店舗", "Yahoo!ショッピング店")])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010002"), ("販売店舗", "Yahoo!ショッピング店")])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010003"), ("受注ステータス", "謎の状態")]);
    ws.write("orders.csv", t.cp932_lf())
}

#[test]
fn the_japanese_summary_names_a_rule_by_its_label_with_its_id_beside_it() {
    let ws = Workspace::new();
    let input = mixed_day(&ws);
    let input = input.to_str().unwrap();
    let (code, text) = japanese(&ws, &["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", input]);
    assert_eq!(code, 1, "{text}");
    let line = text.lines().find(|l| l.contains("(other_store)")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.trim_start().starts_with("ほかの店舗の注文 (other_store)"), "label first: {line}");
    assert!(line.contains("2件"), "{line}");
    let line = text.lines().find(|l| l.contains("(unknown_status)")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.trim_start().starts_with("変換表にない受注ステータス (unknown_status)"), "{line}");
    assert!(!text.contains("{value}") && !text.contains("{params."), "no placeholder: {text}");
}

#[test]
fn the_report_carries_the_words_of_every_rule_it_counted() {
    let ws = Workspace::new();
    let input = mixed_day(&ws);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    let rules = &r.report()["rules"];
    assert_eq!(rules["other_store"]["label"], "ほかの店舗の注文", "{rules}");
    assert_eq!(rules["other_store"]["about"], "楽天の店舗ではない販売店舗の注文は送りません。", "{rules}");
    assert_eq!(rules["unknown_status"]["label"], "変換表にない受注ステータス", "{rules}");
    assert_eq!(rules.as_object().unwrap().len(), 2, "only the rules that counted: {rules}");
}

/// A built-in rule the profile does not label is named by the catalog's label, in the
/// summary's language; the report says which built-in it is.
#[test]
fn a_built_in_rule_is_named_by_the_catalogs_label() {
    let ws = Workspace::new();
    let row = [("受注番号", "100234-20241018-0000010001")];
    let t = Table::for_profile(LEGACY).row(LEGACY, &row).row(LEGACY, &row);
    let input = ws.write("orders.csv", t.cp932_lf());
    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &[]);
    assert_eq!(r.by_rule("excluded_by_rule"), [("duplicate".to_string(), 1)].into(), "{}", r.context());
    assert_eq!(r.report()["rules"]["duplicate"]["builtin"], "duplicate", "{}", r.context());
    assert!(r.stderr.contains("Duplicate rows (duplicate)"), "{}", r.stderr);
    let (_, text) =
        japanese(&ws, &["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out2", input.to_str().unwrap()]);
    assert!(text.contains("同じ内容の重複行 (duplicate)"), "{text}");
}

/// A child replaces one rule's entry; the others come from its parents as they are, and a
/// `{params.NAME}` in a label or message is the value this run uses.
#[test]
fn rule_labels_merge_per_rule_through_extends_and_take_parameters() {
    let ws = Workspace::new();
    let child = ws.write(
        "child.toml",
        "extends = \"goq-rakuten-legacy\"\n\n[rule_labels]\nstale = { label = \"{params.window_days}日より前の注文\" }\n\
         other_store = { label = \"本店以外の注文\", about = \"本店以外の注文は送りません。\" }\n",
    );
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010001"), ("販売店舗", "Yahoo!ショッピング店")])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010002"), ("最終更新日時", "2024/10/01 10:00:00")])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010004"), ("受注ステータス", "キャンセル")]);
    let input = ws.write("orders.csv", t.cp932_lf());
    let r = ws.run(child.to_str().unwrap(), AS_OF, &[input], &["--set", "window_days=7"]);
    assert_eq!(r.code, 0, "{}", r.context());
    let rules = &r.report()["rules"];
    assert_eq!(rules["stale"]["label"], "7日より前の注文", "the child's, with the run's value: {rules}");
    assert!(rules["stale"].get("about").is_none(), "the child's entry replaces the parent's whole: {rules}");
    assert_eq!(rules["other_store"]["label"], "本店以外の注文", "{rules}");
    assert_eq!(rules["cancelled"]["label"], "キャンセルされた注文", "goq-base's, inherited: {rules}");
    assert!(r.stderr.contains("最終更新日時が 7 日より前の注文です"), "the message too: {}", r.stderr);
}

#[test]
fn a_label_naming_no_rule_an_unknown_parameter_or_a_row_value_is_refused_where_it_is() {
    let ws = Workspace::new();
    let child = ws.write(
        "c.toml",
        "extends = \"goq-rakuten-legacy\"\n\n[rule_labels]\nother_stor = { label = \"ほかの店舗\" }\n\
         stale = { label = \"{params.window_day} 日\" }\ncancelled = { label = \"x\", about = \"「{value}」\" }\n",
    );
    let r = ws.run_args(&["validate-profile", child.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("c.toml:4:14: [rule_labels] `other_stor` names no rule of this profile"), "{}", r.stdout);
    assert!(r.stdout.contains("other_store"), "did you mean: {}", r.stdout);
    assert!(
        r.stdout.contains("c.toml:5:21: `{params.window_day}` names a parameter the profile does not declare"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("c.toml:6:39: `{value}` cannot be used"), "at the placeholder: {}", r.stdout);
}

/// `{params.NAME}` in a message is the value of the run (a child's default, `--set`); an
/// undeclared NAME is an error located at its rule.
#[test]
fn a_message_names_a_parameter_as_params_name() {
    let ws = Workspace::new();
    let c = ws.write(
        "c.toml",
        "extends = \"goq-rakuten-legacy\"\n[params.window_days]\ndefault = 5\n[[skip_tests]]\nrule = \"stale\"\nreason = \"5 days\"\n\
         [[rules]]\nname = \"stale\"\naction = \"exclude\"\nwhen = { value = \"updated_on\", older_than_days = { param = \"window_days\" } }\n\
         message = \"{params.window_days} 日より前\"\n",
    );
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("最終更新日時", "2024/10/01 10:00:00")]);
    let input = ws.write("orders.csv", t.cp932_lf());
    let r = ws.run(c.to_str().unwrap(), AS_OF, std::slice::from_ref(&input), &[]);
    assert!(r.stderr.contains("5 日より前"), "{}", r.context());
    let r = ws.run(c.to_str().unwrap(), AS_OF, &[input], &["--set", "window_days=9"]);
    assert!(r.stderr.contains("9 日より前"), "{}", r.context());

    let bad = ws
        .write("bad.toml", std::fs::read_to_string(&c).unwrap().replace("{params.window_days}", "{params.windowdays}"));
    let r = ws.run_args(&["validate-profile", bad.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("bad.toml:8:8: `{params.windowdays}` names a parameter the profile does not declare"),
        "{}",
        r.stdout
    );
}

/// A rule without a label is a note of `validate-profile`, not a problem.
#[test]
fn a_rule_without_a_label_is_a_note_not_a_problem() {
    let ws = Workspace::new();
    let c = ws.write(
        "c.toml",
        "extends = \"goq-rakuten-legacy\"\n[[rules]]\nname = \"no_memo\"\naction = \"exclude\"\nwhen = { value = \"store\", equals = \"x\" }\n",
    );
    let r = ws.run_args(&["validate-profile", "-q", c.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("note: these rules have no label"), "{}", r.stdout);
    assert!(r.stdout.contains("no_memo"), "{}", r.stdout);
    assert!(r.stdout.contains("valid: 0 problem(s)"), "{}", r.stdout);
}
