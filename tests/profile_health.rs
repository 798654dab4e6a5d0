//! A profile's health, said the same everywhere: a child that changes a parameter stays usable
//! (the inherited tests that assume the old value are skipped with a note, never failed); the
//! problem count is one number in `validate-profile`, `list-profiles` and `run`; and a profile
//! `validate-profile` refuses is refused by `run` (exit 2, named, with its first problem).

use crate::common::*;

/// A child of `parent` in `ws/m/NAME.toml` with `body` after its `extends`.
fn child(ws: &Workspace, name: &str, parent: &str, body: &str) {
    ws.write(&format!("m/{name}.toml"), format!("extends = \"{parent}\"\ndescription = \"{name}\"\n{body}"));
}

fn window(days: u32) -> String {
    format!("[params.window_days]\ndefault = {days}\n")
}

fn validate(ws: &Workspace, name: &str, extra: &[&str]) -> RunResult {
    let mut args = vec!["validate-profile", "--mappings", "m", name];
    args.extend(extra);
    ws.run_args(&args)
}

/// The `list-profiles` line of `name`.
fn listed(ws: &Workspace, name: &str) -> String {
    let r = ws.run_args(&["list-profiles", "--mappings", "m"]);
    r.stdout.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap_or_else(|| panic!("{}", r.stdout)).to_string()
}

#[test]
fn a_child_that_changes_window_days_is_valid_and_skips_the_tests_that_assume_3_days() {
    let ws = Workspace::new();
    for (parent, days) in [(PAY, 5), (LEGACY, 1), (YAHOO, 30), (PAY, 0), (LEGACY, 90)] {
        let name = format!("w{days}-{parent}");
        child(&ws, &name, parent, &window(days));
        let r = validate(&ws, &name, &[]);
        assert_eq!(r.code, 0, "{name}:\n{}", r.stdout);
        assert!(!r.stdout.contains("FAILED"), "{name}:\n{}", r.stdout);
        let note = format!("test(s) assuming window_days = 3 skipped: this profile uses window_days = {days}");
        let notes: Vec<&str> = r.stdout.lines().filter(|l| l.contains("skipped")).collect();
        assert_eq!(notes.len(), 2, "one note and the verdict:\n{}", r.stdout);
        assert!(notes[0].contains(&note), "{name}:\n{}", r.stdout);
        assert!(r.stdout.contains(": valid: 0 problem(s)"), "{name}:\n{}", r.stdout);
        assert!(listed(&ws, &name).contains(" valid "), "{name}: {}", listed(&ws, &name));
    }
    // `--verbose` names each skipped test.
    let r = validate(&ws, &format!("w5-{PAY}"), &["--verbose"]);
    let line = "test updated 2024/10/14 23:59:59 is stale ... skipped: it assumes window_days = 3; this profile uses window_days = 5";
    assert!(r.stdout.lines().any(|l| l == line), "{}", r.stdout);
    // At the shipped value the same tests run.
    child(&ws, "w3", PAY, &window(3));
    let r = validate(&ws, "w3", &[]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("233 test(s) run, 233 passed, 0 failed, 0 skipped"), "{}", r.stdout);
}

#[test]
fn run_runs_a_child_with_another_window_and_with_set() {
    let ws = Workspace::new();
    child(&ws, "w5", PAY, &window(5));
    let input = ws.write("orders.csv", Table::for_profile(PAY).row(PAY, &[]).cp932_lf());
    let mut run = vec!["run", "--mappings", "m", "--no-ledger", "--as-of", AS_OF, "--out", "out", "--profile", "w5"];
    run.push(input.to_str().unwrap());
    let r = ws.run_args(&run);
    assert_eq!(r.code, 0, "{}", r.context());
    let r = ws.run_args(&[&run[..run.len() - 1], &["--set", "window_days=60", input.to_str().unwrap()]].concat());
    assert_eq!(r.code, 0, "{}", r.context());
}

#[test]
fn a_test_may_only_assume_a_declared_parameter() {
    let ws = Workspace::new();
    let own = "[[tests]]\nname = \"a typo\"\nparams = { window_day = 3 }\npath = \"rakuten/hassou_20241018.csv\"\n";
    child(&ws, "typo", PAY, own);
    let r = validate(&ws, "typo", &[]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout.contains("m/typo.toml:3:1: test `a typo`: `params` names `window_day`, which the profile does not declare in [params] (did you mean `window_days`?)"),
        "{}",
        r.stdout
    );
}

/// A child whose own test fails: one problem, said alike by every command; `run` refuses it
/// before reading anything.
#[test]
fn one_problem_count_in_every_command_and_run_refuses_what_validate_refuses() {
    let ws = Workspace::new();
    let own = "[[tests]]\nname = \"a wrong expectation\"\nexcluded = \"cancelled\"\n";
    child(&ws, "wrong", PAY, own);
    let r = validate(&ws, "wrong", &[]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains(": INVALID: 1 problem(s) (0 in the profile, 1 failed test(s));"), "{}", r.stdout);
    assert!(listed(&ws, "wrong").contains("INVALID (1 problems)"), "{}", listed(&ws, "wrong"));
    let input = ws.write("orders.csv", Table::for_profile(PAY).row(PAY, &[]).cp932_lf());
    let args = ["run", "--mappings", "m", "--no-ledger", "--as-of", AS_OF, "--out", "out", "--profile", "wrong"];
    let r = ws.run_args(&[&args[..], &[input.to_str().unwrap()]].concat());
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(
        r.stderr.contains("profile `wrong` has 1 problem(s) and is not run (`orderbridge validate-profile wrong` lists them all); the first: test `a wrong expectation` failed"),
        "{}",
        r.stderr
    );
    assert!(!ws.out().exists(), "nothing written: {}", r.context());
    // With a valid profile beside it, the run is refused all the same, naming the bad one.
    let r = ws.run_args(&[&args[..], &["--profile", PAY, input.to_str().unwrap()]].concat());
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("profile `wrong` has 1 problem(s)"), "{}", r.stderr);
}

/// Inherited tests that fail say where they come from and how a child that changes that on
/// purpose skips them.
#[test]
fn failed_inherited_tests_come_with_a_hint() {
    let ws = Workspace::new();
    child(&ws, "no-stale", PAY, "[[rules]]\nname = \"stale\"\nremove = true\n");
    let r = validate(&ws, "no-stale", &[]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let hint = r.stdout.lines().find(|l| l.starts_with("hint: ")).unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(hint.contains("of the failed tests come from <built-in>/tests/goq-rakuten-pay.toml"), "{hint}");
    assert!(hint.contains("[[skip_tests]]"), "{hint}");
    // The profile's own failing test gets none.
    child(&ws, "wrong", PAY, "[[tests]]\nname = \"a wrong expectation\"\nexcluded = \"cancelled\"\n");
    assert!(!validate(&ws, "wrong", &[]).stdout.contains("hint: "));
}

/// A `mappings/` folder holding the shipped profiles' exact texts (a checkout, a shop's copy)
/// is run as the built-in ones are; but a copy whose tests file is not the shipped one — here
/// with a failing test added — is tested and refused like any other profile.
#[test]
fn a_copy_of_a_shipped_profile_is_refused_once_its_tests_differ() {
    let ws = Workspace::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings");
    for name in ["goq-base.toml", "goq-rakuten-pay.toml", "tests/goq-rakuten-pay.toml"] {
        ws.write(&format!("m/{name}"), std::fs::read(root.join(name)).unwrap());
    }
    let input = ws.write("orders.csv", Table::for_profile(PAY).row(PAY, &[]).cp932_lf());
    let args = ["run", "--mappings", "m", "--no-ledger", "--as-of", AS_OF, "--out", "out", "--profile", PAY];
    let r = ws.run_args(&[&args[..], &[input.to_str().unwrap()]].concat());
    assert_eq!(r.code, 0, "the untouched copy runs: {}", r.context());
    let tests = std::fs::read_to_string(root.join("tests/goq-rakuten-pay.toml")).unwrap();
    ws.write(
        "m/tests/goq-rakuten-pay.toml",
        format!("{tests}\n[[tests]]\nname = \"a wrong expectation\"\nexcluded = \"cancelled\"\n"),
    );
    std::fs::remove_dir_all(ws.out()).unwrap();
    let r = ws.run_args(&[&args[..], &[input.to_str().unwrap()]].concat());
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains(&format!("profile `{PAY}` has 1 problem(s) and is not run")), "{}", r.stderr);
}
