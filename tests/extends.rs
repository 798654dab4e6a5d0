//! Child profiles (`extends`), parameters (`[params]`, `run --set`),
//! `validate-profile --effective`, inherited tests and their named skips, and five shop
//! stories, each a child profile in `tests/fixtures/children/` run for real.

use std::path::PathBuf;

use crate::common::*;

const FILE: &str = "rakuten/tuuzyou_2024_10_18.csv";

fn child(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/children").join(format!("{name}.toml"));
    p.to_str().unwrap().to_string()
}

fn validate(ws: &Workspace, args: &[&str]) -> RunResult {
    let mut all = vec!["validate-profile"];
    all.extend(args);
    ws.run_args(&all)
}

// ---- the five stories ------------------------------------------------------------------

#[test]
fn story_1_a_status_shipped_done_means_processed() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("受注ステータス", "出荷完了")]);
    let r = ws.run_table(&child("status-shipped-done"), &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.column(FILE, "受注ステータス"), ["処理済"]);
    // The shipped profile does not know it: the child's entry is what maps it.
    let shipped = Workspace::new().run_table(LEGACY, &t);
    assert_eq!(shipped.by_rule("rejected_by_rule").get("unknown_status"), Some(&1));
}

#[test]
fn story_2_the_tracking_number_column_is_called_tsuiseki_bangou() {
    let ws = Workspace::new();
    let base = Table::for_profile(LEGACY).row(LEGACY, &[]);
    let order: Vec<usize> = (0..base.header.len()).collect();
    let t = base.reshaped(&order, &[("お荷物伝票番号", "追跡番号")]);
    let r = ws.run_table(&child("tracking-header"), &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.column(FILE, "お荷物伝票番号"), [GOOD_TRACKING]);
    let shipped = Workspace::new().run_table(LEGACY, &t);
    assert_ne!(shipped.code, 0, "the shipped profile needs its own header name");
}

#[test]
fn story_3_a_main_store_goes_to_the_rakuten_folder() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("販売店舗", "〇〇本店"), ("受注番号", "A-1")])
        .row(LEGACY, &[("販売店舗", "楽天2号店"), ("受注番号", "A-2")]);
    let r = ws.run_table(&child("main-store"), &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.column(FILE, "受注番号"), ["A-1"]);
    assert_eq!(r.column("rakuten2/tuuzyou_2024_10_18.csv", "受注番号"), ["A-2"], "the parent's stores are kept");
    let shipped = Workspace::new().run_table(LEGACY, &t);
    assert_eq!(shipped.by_rule("excluded_by_rule").get("other_store"), Some(&1));
}

#[test]
fn story_4_a_seven_day_update_window() {
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注番号", "six-days"), ("最終更新日時", "2024/10/12 10:00")])
        .row(LEGACY, &[("受注番号", "eight-days"), ("最終更新日時", "2024/10/10 10:00")]);
    let ws = Workspace::new();
    let r = ws.run_table(&child("window-7-days"), &t);
    assert_eq!(r.column(FILE, "受注番号"), ["six-days"]);
    assert_eq!(r.by_rule("excluded_by_rule"), [("stale".to_string(), 1)].into());
    assert_eq!(r.report()["params"], serde_json::json!({ "window_days": 7 }));
    // The shipped default is the seed's 3 days: both rows are stale there.
    let shipped = Workspace::new().run_table(LEGACY, &t);
    assert_eq!(shipped.by_rule("excluded_by_rule"), [("stale".to_string(), 2)].into());
    assert_eq!(shipped.report()["params"], serde_json::json!({ "window_days": 3 }));
}

#[test]
fn story_5_no_stale_rule_and_one_order_type_excluded() {
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注番号", "old"), ("最終更新日時", "2023/10/18 10:00")])
        .row(LEGACY, &[("受注番号", "pre"), ("注文種別", "予約販売")]);
    let ws = Workspace::new();
    let r = ws.run_table(&child("no-stale-no-preorder"), &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.column(FILE, "受注番号"), ["old"]);
    assert_eq!(r.by_rule("excluded_by_rule"), [("preorder".to_string(), 1)].into());
}

#[test]
fn every_story_is_a_short_child_that_validates_with_the_inherited_tests() {
    for name in ["status-shipped-done", "tracking-header", "main-store", "window-7-days", "no-stale-no-preorder"] {
        let path = child(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).count();
        assert!(lines <= 11, "{name}: {lines} lines");
        let r = validate(&Workspace::new(), &[&path, "--quiet"]);
        assert_eq!(r.code, 0, "{name}:\n{}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("come from <built-in>/tests/goq-rakuten-legacy.toml"), "{name}:\n{}", r.stdout);
    }
}

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
    let r = validate(&ws, &[p.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("test updated 6 days ago is kept ... passed"), "{}", r.stdout);
    assert!(r.stdout.contains("289 of the tests come from <built-in>/tests/goq-rakuten-legacy.toml"), "{}", r.stdout);
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

// ---- parameters -----------------------------------------------------------------------

#[test]
fn run_set_overrides_a_parameter_for_one_run() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("最終更新日時", "2024/10/12 10:00")]);
    let input = ws.write("orders.csv", t.cp932_lf());
    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &["--set", "window_days=7"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.rows("written"), 1);
    assert_eq!(r.report()["params"], serde_json::json!({ "window_days": 7 }));

    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &["--set", "windowdays=7"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("--set windowdays: this profile has no parameter `windowdays` (did you mean `window_days`?)"),
        "{}",
        r.stderr
    );
    let r = ws.run(LEGACY, AS_OF, &[input], &["--set", "window_days=a week"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("--set window_days=a week: `window_days` takes a whole number"), "{}", r.stderr);
}

// ---- the effective profile --------------------------------------------------------------

#[test]
fn the_effective_profile_of_a_child_behaves_as_the_child() {
    let ws = Workspace::new();
    let r = validate(&ws, &[&child("main-store"), "--effective"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("\nextends"), "the chain is merged away");
    assert!(r.stdout.contains("[params.window_days]\ndefault = 3\n"), "params stay declared:\n{}", r.stdout);
    // Under the child's name: the lists' paths name the profile run (`{profile}`).
    let effective = ws.write("effective/main-store.toml", &r.stdout);
    // `profile show` shows a child merged, the same profile without the tests (which only
    // validation reads).
    let shown = ws.run_args(&["profile", "show", &child("main-store")]);
    let mut with_tests: toml::Table = r.stdout.parse().unwrap();
    assert!(with_tests.remove("tests").is_some() && with_tests.remove("test_defaults").is_some());
    assert_eq!(shown.stdout.parse::<toml::Table>().unwrap(), with_tests);
    // The same export through both writes the same files, byte for byte.
    let export = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/goq/orders_2024-10-18.csv");
    let mut t = Table::for_profile(LEGACY).row(LEGACY, &[("販売店舗", "〇〇本店"), ("受注番号", "X-1")]);
    t.rows.truncate(1);
    let extra = ws.write("extra.csv", t.cp932_lf());
    let by_child = Workspace::new();
    let a = by_child.run(&child("main-store"), AS_OF, &[export.clone(), extra.clone()], &[]);
    let by_effective = Workspace::new();
    let b = by_effective.run(effective.to_str().unwrap(), AS_OF, &[export, extra], &[]);
    assert_eq!(a.files(), b.files());
    assert!(a.uploads().len() > 2, "{:?}", a.uploads());
    for f in a.files() {
        assert_eq!(a.bytes(&f), b.bytes(&f), "{f}");
    }
    // And it passes the tests it carries (the inherited ones included).
    let v = validate(&ws, &[effective.to_str().unwrap(), "--quiet"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
}

#[test]
fn every_fixture_run_is_reproduced_through_the_effective_text_of_an_empty_child() {
    use crate::fixtures::{expected_runs, fixtures, input_and_as_of};
    for (profile, stem, expected) in expected_runs() {
        let ws = Workspace::new();
        let c = ws.write("child.toml", format!("extends = \"{profile}\"\n"));
        let r = validate(&ws, &[c.to_str().unwrap(), "--effective"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let effective = ws.write("effective.toml", &r.stdout);
        let (input, as_of) = input_and_as_of(&expected);
        let run = ws.run(effective.to_str().unwrap(), &as_of, &[input], &[]);
        let ctx = format!("{profile}/{stem}");
        assert_eq!(run.report()["rows"], expected["rows"], "{ctx}");
        let expected_dir = fixtures().join("expected").join(&profile).join(&stem).join("files");
        let files = files_under(&expected_dir);
        assert!(!files.is_empty(), "{ctx}");
        for rel in files {
            assert!(run.bytes(&rel) == std::fs::read(expected_dir.join(&rel)).unwrap(), "{ctx}: {rel}");
        }
    }
}

/// A parameter's declared range (`min`/`max`; the shipped `window_days`: 0 to 90) holds for
/// `--set`, for a child's default (located in the child) and for the declaration itself.
#[test]
fn a_parameter_out_of_its_range_is_refused_wherever_it_is_set() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[]);
    let input = ws.write("orders.csv", t.cp932_lf());
    for v in ["-1", "91"] {
        let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &["--set", &format!("window_days={v}")]);
        assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
        let want = format!("--set window_days={v}: `window_days` takes a value from 0 to 90");
        assert!(r.stderr.contains(&want), "{}", r.stderr);
        assert!(r.uploads().is_empty(), "{:?}", r.uploads());
    }
    for v in ["0", "90"] {
        let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &["--set", &format!("window_days={v}")]);
        assert_eq!(r.code, 0, "{v}: {}", r.stderr);
    }
    let c = ws.write("c.toml", "extends = \"goq-rakuten-legacy\"\n[params.window_days]\ndefault = -1\n");
    let r = validate(&ws, &[c.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let want = "c.toml:3:11: parameter `window_days`: the default -1 is outside its range, 0 to 90";
    assert!(r.stdout.contains(want), "{}", r.stdout);
    let r = ws.run(c.to_str().unwrap(), AS_OF, std::slice::from_ref(&input), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(want), "{}", r.stderr);
    // The declaration itself: a range on a text parameter, and an empty range.
    let text =
        ws.write("t.toml", "extends = \"goq-rakuten-legacy\"\n[params.window_days]\ndefault = 3\nmin = 5\nmax = 4\n");
    let r = validate(&ws, &[text.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("t.toml:4:7: parameter `window_days`: `min` (5) is greater than `max` (4)"),
        "{}",
        r.stdout
    );
    let s = ws.write(
        "s.toml",
        "extends = \"goq-rakuten-legacy\"\n[params.shop]\ntype = \"string\"\ndefault = \"a\"\nmin = 1\n",
    );
    let r = validate(&ws, &[s.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "s.toml:5:7: parameter `shop`: `min` and `max` are for a parameter of `type = \"integer\"` (a whole number)"
        ),
        "{}",
        r.stdout
    );
}

/// A message names a parameter's value as `{param.NAME}` — the one the run uses, after a
/// child's default or `--set` — and a name the profile does not declare is an error.
#[test]
fn a_message_says_the_value_of_a_parameter_as_the_run_uses_it() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("最終更新日時", "2024/10/01 10:00:00")]);
    let input = ws.write("orders.csv", t.cp932_lf());
    for (set, days) in [(None, "3"), (Some("window_days=5"), "5")] {
        let args: Vec<&str> = set.map(|s| vec!["--set", s]).unwrap_or_default();
        let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let want = format!("最終更新日時が {days} 日より前の注文です");
        assert!(r.stderr.contains(&want), "{set:?}: {}", r.stderr);
        assert!(!r.stderr.contains("{param."), "no placeholder left: {}", r.stderr);
    }
    let c = ws.write(
        "c.toml",
        "extends = \"goq-rakuten-legacy\"\n[[rules]]\nname = \"stale\"\naction = \"exclude\"\nwhen = { value = \"updated_on\", older_than_days = 3 }\nmessage = \"{param.window_day} days\"\n",
    );
    let r = validate(&ws, &[c.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("`{param.window_day}` names a parameter the profile does not declare"), "{}", r.stdout);
    assert!(r.stdout.contains("window_days"), "did you mean: {}", r.stdout);
}
