//! Finding a profile: `list-profiles`, a name looked up in `--mappings`, the environment's folder,
//! the working folder and the built-in copies (in that order), a file path; `validate-profile`'s
//! exit codes.

use std::fs;
use std::path::PathBuf;

use super::manifest;
use crate::common::*;

// ------------------------------------------------------------------------------------------
// Profiles: lookup, list-profiles, validate-profile
// ------------------------------------------------------------------------------------------

/// The shipped yahoo profile with its route changed to `path`.
fn yahoo_copy(path: &str) -> String {
    let text = fs::read_to_string(manifest().join("mappings/goq-yahoo.toml")).unwrap();
    let old = "path = \"yahoo/shipstatus_{as_of:%Y%m%d}.csv\"";
    assert!(text.contains(old), "the shipped route");
    text.replacen(old, &format!("path = \"{path}\""), 1)
}

fn yahoo_input(ws: &Workspace) -> PathBuf {
    ws.write("orders.csv", Table::new(GOQ_HEADER).row(YAHOO, &[]).cp932())
}

#[test]
fn list_profiles_lists_the_four_shipped_names() {
    let ws = Workspace::new();
    let r = ws.run_args(&["list-profiles"]);
    assert_eq!(r.code, 0, "{}", r.context());
    for name in [LEGACY, PAY, YAHOO, CHECK] {
        assert!(r.stdout.contains(name), "{name} listed:\n{}", r.stdout);
    }
    assert!(!r.stdout.contains("INVALID"), "{}", r.stdout);
}

#[test]
fn list_profiles_includes_mappings_dir() {
    let ws = Workspace::new();
    ws.write("shop/my-yahoo.toml", yahoo_copy("mine/x.csv"));
    let r = ws.run_args(&["list-profiles", "--mappings", "shop"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert!(r.stdout.contains("my-yahoo"), "{}", r.stdout);
    assert!(r.stdout.contains("shop"), "where it was found:\n{}", r.stdout);
    for name in [LEGACY, PAY, YAHOO, CHECK] {
        assert!(r.stdout.contains(name), "{name} still listed:\n{}", r.stdout);
    }
}

#[test]
fn profile_by_name_in_mappings_dir() {
    let ws = Workspace::new();
    ws.write("shop/my-yahoo.toml", yahoo_copy("mine/ship.csv"));
    let input = yahoo_input(&ws);
    let r = ws.run("my-yahoo", AS_OF, &[input], &["--mappings", "shop"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), ["mine/ship.csv"]);
    assert_eq!(r.report()["profile"], "my-yahoo");
}

#[test]
fn profile_by_name_in_env_dir() {
    let ws = Workspace::new();
    ws.write("envdir/my-yahoo.toml", yahoo_copy("env/ship.csv"));
    let input = yahoo_input(&ws);
    let out = bin()
        .current_dir(ws.path())
        .env("ORDERBRIDGE_MAPPINGS", ws.path().join("envdir"))
        .args(["run", "--profile", "my-yahoo", "--as-of", AS_OF, "--out"])
        .arg(ws.out())
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(files_under(&ws.out()), ["env/ship.csv"]);
}

#[test]
fn mappings_option_wins_over_env_then_cwd_then_builtin() {
    let ws = Workspace::new();
    ws.write("opt/goq-yahoo.toml", yahoo_copy("from-option.csv"));
    ws.write("envdir/goq-yahoo.toml", yahoo_copy("from-env.csv"));
    ws.write("mappings/goq-yahoo.toml", yahoo_copy("from-cwd.csv"));
    let input = yahoo_input(&ws);
    let n = std::cell::Cell::new(0);
    let run = |opt: bool, env: bool| {
        n.set(n.get() + 1);
        let out_dir = ws.path().join(format!("out-{}", n.get()));
        let mut cmd = bin();
        cmd.current_dir(ws.path()).env_remove("ORDERBRIDGE_MAPPINGS");
        if env {
            cmd.env("ORDERBRIDGE_MAPPINGS", ws.path().join("envdir"));
        }
        cmd.args(["run", "--profile", YAHOO, "--as-of", AS_OF, "--out"]).arg(&out_dir);
        if opt {
            cmd.args(["--mappings", "opt"]);
        }
        let out = cmd.arg(&input).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        files_under(&out_dir)
    };
    assert_eq!(run(true, true), ["from-option.csv"]);
    assert_eq!(run(false, true), ["from-env.csv"]);
    assert_eq!(run(false, false), ["from-cwd.csv"]);
    fs::remove_file(ws.path().join("mappings/goq-yahoo.toml")).unwrap();
    assert_eq!(run(false, false), ["yahoo/shipstatus_20241018.csv"], "the built-in copy");
}

#[test]
fn profile_given_as_a_file_path() {
    let ws = Workspace::new();
    ws.write("custom.toml", yahoo_copy("by-path.csv"));
    let input = yahoo_input(&ws);
    let r = ws.run("./custom.toml", AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), ["by-path.csv"]);
}

#[test]
fn validate_profile_exits_0_for_each_shipped_profile() {
    let ws = Workspace::new();
    for name in [LEGACY, PAY, YAHOO, CHECK] {
        let r = ws.run_args(&["validate-profile", name]);
        assert_eq!(r.code, 0, "{name} by name: {}", r.context());
        let path = manifest().join("mappings").join(format!("{name}.toml"));
        let r = ws.run_args(&[std::ffi::OsString::from("validate-profile"), path.into_os_string()]);
        assert_eq!(r.code, 0, "{name} by path: {}", r.context());
    }
}

#[test]
fn validate_profile_exits_2_for_a_broken_profile() {
    let ws = Workspace::new();
    let broken = yahoo_copy("x.csv").replacen("\n[lookups.yahoo_carrier]\n", "\n[lookups.yahoo_carier]\n", 1);
    assert!(broken.contains("[lookups.yahoo_carier]"));
    ws.write("broken.toml", broken);
    let r = ws.run_args(&["validate-profile", "./broken.toml"]);
    assert_eq!(r.code, 2, "{}", r.context());
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("yahoo_carrier"), "names the unknown lookup:\n{all}");
}
