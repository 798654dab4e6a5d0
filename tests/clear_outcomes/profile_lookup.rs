//! Profile lookup never falls back silently to the built-in copy: a missing mappings folder (given
//! or from the environment), a profile that is a folder, a broken link or unreadable is an error.

use std::fs;

use super::{assert_refused, yahoo_copy, yahoo_input};
use crate::common::*;

// ------------------------------------------------------------------------------------------
// Profile lookup never falls back silently
// ------------------------------------------------------------------------------------------

#[test]
fn a_missing_mappings_folder_is_an_error_not_the_built_in_copy() {
    let ws = Workspace::new();
    let input = yahoo_input(&ws);
    let r = ws.run(YAHOO, AS_OF, &[input], &["--mappings", "shpo"]);
    assert_refused(&ws, &r, "shpo", &["--mappings", "does not exist"]);

    let r = ws.run_args(&["validate-profile", YAHOO, "--mappings", "shpo"]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("--mappings folder `shpo` does not exist"), "{}", r.stderr);

    let r = ws.run_args(&["list-profiles", "--mappings", "shpo"]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("--mappings folder `shpo` does not exist"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing listed: {}", r.stdout);
}

#[test]
fn a_missing_env_mappings_folder_is_an_error() {
    let ws = Workspace::new();
    let input = yahoo_input(&ws);
    let missing = ws.path().join("envdir");
    for args in [
        vec!["run", "--profile", YAHOO, "--as-of", AS_OF, "--out", "out", input.to_str().unwrap()],
        vec!["list-profiles"],
    ] {
        let out = bin().current_dir(ws.path()).env("ORDERBRIDGE_MAPPINGS", &missing).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("$ORDERBRIDGE_MAPPINGS"), "says where the folder came from: {stderr}");
        assert!(stderr.contains(&missing.display().to_string()), "names the folder: {stderr}");
        assert!(stderr.contains("does not exist"), "{stderr}");
    }
    assert!(!ws.out().exists());
}

#[test]
fn a_profile_that_is_a_folder_is_an_error_not_the_built_in_copy() {
    let ws = Workspace::new();
    fs::create_dir_all(ws.path().join("shop/goq-yahoo.toml")).unwrap();
    let input = yahoo_input(&ws);
    let r = ws.run(YAHOO, AS_OF, &[input], &["--mappings", "shop"]);
    assert_refused(&ws, &r, "shop/goq-yahoo.toml", &["is a folder"]);
}

#[cfg(unix)]
#[test]
fn a_profile_that_is_a_broken_link_is_an_error_not_the_built_in_copy() {
    let ws = Workspace::new();
    fs::create_dir_all(ws.path().join("mappings")).unwrap();
    std::os::unix::fs::symlink("gone.toml", ws.path().join("mappings/goq-yahoo.toml")).unwrap();
    let input = yahoo_input(&ws);
    let r = ws.run(YAHOO, AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "mappings/goq-yahoo.toml", &["symbolic link to `gone.toml`, which does not exist"]);

    // list-profiles shows it as unreadable instead of quietly listing the built-in copy.
    let r = ws.run_args(&["list-profiles"]);
    assert_eq!(r.code, 0, "{}", r.context());
    let at = r.stdout.find("goq-yahoo").expect("listed");
    let entry: String = r.stdout[at..].lines().take(2).collect::<Vec<_>>().join("\n");
    assert!(entry.contains("UNREADABLE") && entry.contains("gone.toml"), "{entry}");
    assert!(entry.contains("mappings/goq-yahoo.toml") && !entry.contains("built in"), "{entry}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_profile_is_an_error_not_the_built_in_copy() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let p = ws.write("shop/goq-yahoo.toml", yahoo_copy("mine.csv"));
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    let input = yahoo_input(&ws);
    let needle = if fs::read(&p).is_ok() {
        // Running as root: permissions do not stop reading. A symlink loop cannot be read.
        fs::remove_file(&p).unwrap();
        std::os::unix::fs::symlink("goq-yahoo.toml", &p).unwrap();
        "cannot read this profile"
    } else {
        "ermission"
    };
    let r = ws.run(YAHOO, AS_OF, &[input], &["--mappings", "shop"]);
    assert_refused(&ws, &r, "shop/goq-yahoo.toml", &[needle]);
}
