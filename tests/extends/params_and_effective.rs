//! Parameters (`[params]`, `run --set`, their ranges, messages saying a parameter's value) and
//! `validate-profile --effective`: the effective text of a child behaves as the child.

use std::path::PathBuf;

use super::{child, validate};
use crate::common::*;

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
    use crate::expected_files::{expected_runs, fixtures, input_and_as_of};
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
