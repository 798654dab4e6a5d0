//! How the shipped profiles are laid out: the GoQ input side written once in `goq-base` (a
//! base, not a profile to run), each profile's tests in `tests/<name>.toml` beside it, and
//! `[test_defaults] output`.

use crate::common::*;

fn validate(ws: &Workspace, args: &[&str]) -> RunResult {
    let mut all = vec!["validate-profile"];
    all.extend(args);
    ws.run_args(&all)
}

#[test]
fn the_base_is_listed_as_a_base_and_run_refuses_it() {
    let ws = Workspace::new();
    let r = ws.run_args(&["list-profiles"]);
    assert_eq!(r.code, 0, "{}", r.context());
    let line = r.stdout.lines().find(|l| l.starts_with("goq-base ")).expect("listed");
    assert!(line.contains(" base "), "{line}");
    let input = ws.write("orders.csv", Table::for_profile(LEGACY).row(LEGACY, &[]).cp932_lf());
    let r = ws.run("goq-base", AS_OF, std::slice::from_ref(&input), &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(
        r.stderr.contains("`goq-base` is a base that other profiles extend (`runnable = false`), not a profile to run"),
        "{}",
        r.stderr
    );
    assert!(r.files().is_empty(), "nothing written: {:?}", r.files());
    let v = validate(&ws, &["goq-base"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
    assert!(v.stdout.contains("a base other profiles extend"), "{}", v.stdout);
    // Its children are profiles to run: `runnable` is not inherited.
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
}

/// A shop's child of a shipped profile, which extends goq-base: three levels. The child changes
/// a value written in the base (the status table) and one written in the shipped profile (the
/// store list); both reach the run, and the tests of the shipped profile run against it.
#[test]
fn a_shop_child_of_a_shipped_profile_of_the_base_works_through_three_levels() {
    let ws = Workspace::new();
    let child = ws.write(
        "my-shop.toml",
        "extends = \"goq-rakuten-legacy\"\n\
         [lookups.rakuten_status]\nentries = [{ from = [\"出荷完了\"], to = \"処理済\" }]\n\
         [lookups.store_folder]\nentries = [{ from = [\"〇〇本店\"], to = \"rakuten\" }]\n\
         [[tests]]\nname = \"出荷完了 from 〇〇本店\"\nrow = { \"受注ステータス\" = \"出荷完了\", \"販売店舗\" = \"〇〇本店\" }\n\
         output = { \"受注ステータス\" = \"処理済\" }\n",
    );
    let r = validate(&ws, &[child.to_str().unwrap(), "--quiet"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("298 of the tests come from <built-in>/tests/goq-rakuten-legacy.toml"), "{}", r.stdout);
    assert!(r.stdout.contains("1 of the tests are this profile's own"), "{}", r.stdout);
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注ステータス", "出荷完了"), ("販売店舗", "〇〇本店")])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010001"), ("販売店舗", "Amazon店")]);
    let input = ws.write("orders.csv", t.cp932_lf());
    let r = ws.run(child.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.column("rakuten/tuuzyou_2024_10_18.csv", "受注ステータス"), ["処理済"]);
    assert_eq!(r.by_rule("excluded_by_rule"), [("other_store".to_string(), 1)].into());
    // The history is still filed under the shipped profile's name.
    let e = validate(&ws, &[child.to_str().unwrap(), "--effective"]);
    assert!(e.stdout.contains("scope = \"goq-rakuten-legacy\""), "{}", e.stdout);
}

/// A shop's own profile may keep its tests beside it, as the shipped ones do; a tests file
/// holds tests only (anything else would change the profile for validation alone).
#[test]
fn a_tests_file_beside_a_profile_is_found_and_holds_only_tests() {
    let ws = Workspace::new();
    let profile = ws.write("shop/mine.toml", "extends = \"goq-rakuten-pay\"\n");
    ws.write(
        "shop/tests/mine.toml",
        "[[tests]]\nname = \"a 楽天2号店 row\"\nrow = { \"販売店舗\" = \"楽天2号店\" }\npath = \"rakuten2/hassou_20241018.csv\"\n",
    );
    let r = validate(&ws, &[profile.to_str().unwrap(), "--verbose"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("test a 楽天2号店 row ... passed"), "{}", r.stdout);
    assert!(r.stdout.contains("1 of the tests are this profile's own"), "{}", r.stdout);
    // A broken tests file makes the profile one validate-profile refuses: run refuses it too,
    // naming the problem.
    ws.write("shop/tests/mine.toml", "[output]\npath = \"elsewhere.csv\"\n");
    let r = validate(&ws, &[profile.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout.contains("tests/mine.toml:1:2: a tests file holds only [test_defaults], [[tests]] and [[skip_tests]]"),
        "{}",
        r.stdout
    );
    let input = ws.write("orders.csv", Table::for_profile(PAY).row(PAY, &[]).cp932_lf());
    let run = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(run.code, 2, "{}", run.context());
    assert!(run.stderr.contains("profile `mine` has 1 problem(s) and is not run"), "{}", run.stderr);
    assert!(run.stderr.contains("a tests file holds only [test_defaults]"), "{}", run.stderr);
    assert!(run.uploads().is_empty(), "{}", run.context());
}

/// `[test_defaults] output` is compared by every test that expects a written row: a test that
/// names only the column it is about still fails when another column changes.
#[test]
fn test_defaults_output_is_compared_by_every_written_test() {
    let ws = Workspace::new();
    let profile = ws.write(
        "mine.toml",
        "extends = \"goq-rakuten-pay\"\n[lookups.carrier_code]\nentries = [{ pattern = \"ヤマト\", to = \"1009\" }]\n",
    );
    let r = validate(&ws, &[profile.to_str().unwrap(), "--quiet"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("test status 処理済 (→ 処理済) is shipped ... FAILED"), "{}", r.stdout);
    assert!(r.stdout.contains(r#"column 配送会社: expected "1001", actual "1009""#), "{}", r.stdout);
}
