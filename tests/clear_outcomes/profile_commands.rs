//! `validate-profile --quiet`, `profile show` (the TOML exactly, never overwriting without
//! `--force`), full-width quotes in a profile located, and output into a closed pipe ending
//! quietly.

use std::fs;
use std::process::Stdio;

use super::{assert_refused, shipped, yahoo_input};
use crate::common::*;

// ------------------------------------------------------------------------------------------
// validate-profile --quiet
// ------------------------------------------------------------------------------------------

#[test]
fn validate_profile_quiet_prints_problems_failures_and_the_verdict() {
    let ws = Workspace::new();
    let r = ws.run_args(&["validate-profile", LEGACY, "--quiet"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.stdout.lines().count(), 1, "only the verdict:\n{}", r.stdout);
    assert!(r.stdout.contains(": valid: 0 problem(s)"), "{}", r.stdout);

    // A failing test is still shown, with its diff; the passing ones are not.
    let old = "row = { \"受注ステータス\" = \"キャンセル\" }\nexcluded = \"cancelled\"";
    let copy = ShippedCopy::new(YAHOO, &[(old, "row = { \"受注ステータス\" = \"キャンセル\" }\nexcluded = \"stale\"")]);
    let r = ws.run_args(&["validate-profile", copy.profile.to_str().unwrap(), "--quiet"]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(!r.stdout.contains("... passed"), "{}", r.stdout);
    assert!(r.stdout.contains("... FAILED"), "{}", r.stdout);
    assert!(r.stdout.contains("INVALID"), "{}", r.stdout);
}

// ------------------------------------------------------------------------------------------
// profile show
// ------------------------------------------------------------------------------------------

/// A profile that extends nothing is shown byte for byte; the GoQ profiles extend goq-base, so
/// they are shown merged with it: one whole profile, without their tests (a run reads none).
#[test]
fn profile_show_prints_the_toml_exactly_built_in_copies_too() {
    let ws = Workspace::new();
    for name in [CHECK, "goq-base"] {
        let r = ws.run_args(&["profile", "show", name]);
        assert_eq!(r.code, 0, "{}", r.context());
        assert!(r.stdout == shipped(name), "{name}: the built-in copy, byte for byte");
    }
    for name in [LEGACY, PAY, YAHOO] {
        let r = ws.run_args(&["profile", "show", name]);
        assert_eq!(r.code, 0, "{}", r.context());
        assert!(!r.stdout.contains("\nextends") && !r.stdout.contains("runnable"), "{name}: merged:\n{}", r.stdout);
        assert!(r.stdout.contains("[lookups.rakuten_status]") && r.stdout.contains("[output]"), "{name}: whole");
        assert!(!r.stdout.contains("[[tests]]"), "{name}: without the tests");
        let shown = ws.write("shown.toml", &r.stdout);
        let v = ws.run_args(&["validate-profile", shown.to_str().unwrap(), "--quiet"]);
        assert_eq!(v.code, 0, "{name}: the text shown is a valid profile of its own:\n{}", v.stdout);
    }
    let mine = shipped(CHECK).replacen("description = ", "description = \"mine\"\n# ", 1);
    ws.write("shop/my-check.toml", &mine);
    let r = ws.run_args(&["profile", "show", "my-check", "--mappings", "shop"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert!(r.stdout == mine, "the file found by name");
    let r = ws.run_args(&["profile", "show", "nope"]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("`nope` not found"), "{}", r.stderr);
}

#[test]
fn profile_show_out_never_overwrites_without_force() {
    let ws = Workspace::new();
    let r = ws.run_args(&["profile", "show", CHECK, "--out", "my-shop.toml"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert!(r.stdout.is_empty());
    let target = ws.path().join("my-shop.toml");
    assert!(fs::read_to_string(&target).unwrap() == shipped(CHECK));

    fs::write(&target, "edited").unwrap();
    let r = ws.run_args(&["profile", "show", CHECK, "--out", "my-shop.toml"]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("my-shop.toml: already exists; add --force"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&target).unwrap(), "edited", "untouched");

    let r = ws.run_args(&["profile", "show", CHECK, "--out", "my-shop.toml", "--force"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert!(fs::read_to_string(&target).unwrap() == shipped(CHECK));
    let left: Vec<String> = files_under(ws.path()).into_iter().filter(|f| f.contains(".orderbridge-")).collect();
    assert!(left.is_empty(), "{left:?}");
}

// ------------------------------------------------------------------------------------------
// A full-width quote in a profile
// ------------------------------------------------------------------------------------------

#[test]
fn a_full_width_closing_quote_is_reported_on_its_own_line() {
    let ws = Workspace::new();
    // The step is in goq-base: the quote is located there.
    let old = "steps = [{ lookup = \"rakuten_status\" }]";
    let copy = ShippedCopy::new(YAHOO, &[(old, "steps = [{ lookup = \"rakuten_status” }]")]);
    let (file, line) = copy.locate("rakuten_status” }]");
    let col = old.find("\" }").unwrap() + 1;
    let want = format!("{file}:{line}:{col}: a full-width quote ” is not a TOML quote; use \"");
    let p = copy.profile.to_str().unwrap();

    let r = ws.run_args(&["validate-profile", p]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stdout.contains(&want), "want {want:?}:\n{}", r.stdout);

    let input = yahoo_input(&ws);
    let r = ws.run(p, AS_OF, &[input], &[]);
    assert_refused(&ws, &r, &want, &[]);
}

#[test]
fn a_full_width_quote_closing_a_key_is_named() {
    let ws = Workspace::new();
    // The test row is in the tests file: the quote is located there.
    let old = "row = { \"受注ステータス\" = \"キャンセル\" }";
    let copy = ShippedCopy::new(YAHOO, &[(old, "row = { \"受注ステータス” = \"キャンセル\" }")]);
    let (file, line) = copy.locate("受注ステータス” =");
    let r = ws.run_args(&["validate-profile", copy.profile.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.context());
    let want = format!("{file}:{line}:{}: a full-width quote ”", "row = { \"受注ステータス".chars().count() + 1);
    assert!(r.stdout.contains(&want), "want {want:?}:\n{}", r.stdout);
}

// ------------------------------------------------------------------------------------------
// Output through a closed pipe
// ------------------------------------------------------------------------------------------

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let ws = Workspace::new();
    for args in [&["list-profiles"][..], &["validate-profile", LEGACY], &["profile", "show", LEGACY]] {
        let mut child = crate::common::std_bin()
            .current_dir(ws.path())
            .env_remove("ORDERBRIDGE_MAPPINGS")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        #[cfg(unix)]
        let by_sigpipe = std::os::unix::process::ExitStatusExt::signal(&out.status) == Some(13);
        #[cfg(not(unix))]
        let by_sigpipe = false;
        assert!(out.status.code() == Some(0) || by_sigpipe, "{args:?}: {:?}\n{stderr}", out.status);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
