//! Inputs that are not readable files, the same input twice, a bad second input, an output
//! folder that cannot be made or is the input's, and route values escaping `--out`.

use std::fs;

use super::{ROUTED, assert_refused, good_row};
use crate::common::*;

// ------------------------------------------------------------------------------------------
// Input paths
// ------------------------------------------------------------------------------------------

#[test]
fn directory_as_input() {
    let ws = Workspace::new();
    fs::create_dir(ws.path().join("exports")).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[ws.path().join("exports")], &[]);
    assert_refused(&ws, &r, "exports", &["directory"]);
}

#[test]
fn nonexistent_input() {
    let ws = Workspace::new();
    let r = ws.run(LEGACY, AS_OF, &[ws.path().join("missing.csv")], &[]);
    assert_refused(&ws, &r, "missing.csv", &[]);
}

#[test]
fn input_path_through_a_regular_file() {
    let ws = Workspace::new();
    let f = ws.write("orders.csv", good_row().cp932());
    let r = ws.run(LEGACY, AS_OF, &[f.join("x.csv")], &[]);
    assert_refused(&ws, &r, "orders.csv/x.csv", &[]);
}

#[cfg(unix)]
#[test]
fn broken_symlink_as_input() {
    let ws = Workspace::new();
    let link = ws.path().join("link.csv");
    std::os::unix::fs::symlink(ws.path().join("gone.csv"), &link).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[link], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("link.csv"), "{}", r.stderr);
    assert!(!ws.out().exists());
}

#[cfg(unix)]
#[test]
fn unreadable_input() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let f = ws.write("orders.csv", good_row().cp932());
    fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&f).is_ok() {
        // Running as root: permissions do not stop reading. An unreadable input is then a
        // symlink loop, which cannot be opened at all.
        let link = ws.path().join("loop.csv");
        std::os::unix::fs::symlink(&link, &link).unwrap();
        let r = ws.run(LEGACY, AS_OF, &[link], &[]);
        assert_refused(&ws, &r, "loop.csv", &[]);
        return;
    }
    let r = ws.run(LEGACY, AS_OF, &[f], &[]);
    assert_refused(&ws, &r, "orders.csv", &["ermission"]);
}

#[test]
fn the_same_input_twice() {
    let ws = Workspace::new();
    let f = ws.write("orders.csv", good_row().cp932());
    let r = ws.run(LEGACY, AS_OF, &[f.clone(), f.clone()], &[]);
    assert_refused(&ws, &r, "orders.csv", &["more than once"]);
}

#[cfg(unix)]
#[test]
fn the_same_input_twice_through_a_symlink() {
    let ws = Workspace::new();
    let f = ws.write("orders.csv", good_row().cp932());
    let link = ws.path().join("alias.csv");
    std::os::unix::fs::symlink(&f, &link).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[f, link], &[]);
    assert_refused(&ws, &r, "alias.csv", &["more than once"]);
}

#[test]
fn a_bad_second_input_stops_the_whole_run() {
    let ws = Workspace::new();
    let good = ws.write("good.csv", good_row().cp932());
    let bad = ws.write("bad.csv", sjis("受注番号,受注ステータス\r\n1,処理済\r\n"));
    let r = ws.run(LEGACY, AS_OF, &[good, bad], &[]);
    assert_refused(&ws, &r, "bad.csv", &["最終更新日時"]);
}

// ------------------------------------------------------------------------------------------
// Output paths
// ------------------------------------------------------------------------------------------

#[test]
fn out_folder_that_cannot_be_created() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", good_row().cp932());
    ws.write("blocker", b"a regular file");
    let out = ws.path().join("blocker").join("upload");
    let r = ws.run_args(&[
        "run".as_ref(),
        "--profile".as_ref(),
        LEGACY.as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("blocker"), "names the folder: {}", r.stderr);
    assert_eq!(fs::read(ws.path().join("blocker")).unwrap(), b"a regular file");
    assert_eq!(files_under(ws.path()), ["blocker", "orders.csv"]);
}

#[test]
fn out_equal_to_the_input_folder_would_overwrite_the_input() {
    let ws = Workspace::new();
    ws.write("routed.toml", ROUTED);
    let exports = ws.path().join("exports");
    let text = "受注番号,行き先\nA1,orders\nA2,other\n";
    let input = ws.write("exports/orders.csv", text);
    let r = ws.run_args(&[
        "run".as_ref(),
        "--profile".as_ref(),
        "./routed.toml".as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        exports.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("orders.csv"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&input).unwrap(), text, "the input is unchanged");
    assert_eq!(files_under(&exports), ["orders.csv"], "nothing else written there");
}

fn run_routed(rows: &str) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    ws.write("routed.toml", ROUTED);
    let input = ws.write("in/orders.csv", format!("受注番号,行き先\n{rows}"));
    let r = ws.run("./routed.toml", AS_OF, &[input], &[]);
    (ws, r)
}

#[test]
fn route_value_with_dot_dot_is_bad_path() {
    let (ws, r) = run_routed("A1,ok\nA2,../evil\nA3,..\n");
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_path".to_string(), 2)].into());
    let rows = r.reject_rows();
    assert_eq!((rows[0][1].as_str(), rows[0][2].as_str()), ("3", "bad_path"));
    assert!(rows[0][3].contains("../evil"), "{:?}", rows[0]);
    assert_eq!(rows[1][1], "4");
    assert_eq!(r.files(), ["ok.csv", "rejected_routed_20241018.csv"]);
    let outside: Vec<String> =
        files_under(ws.path()).into_iter().filter(|f| !f.starts_with("out/") && !f.starts_with("in/")).collect();
    assert_eq!(outside, ["report.json", "routed.toml"], "nothing written outside --out");
}

/// Route values found safe are remembered (they repeat on every row); one found unsafe is
/// refused each time it comes, before and after safe ones.
#[test]
fn a_route_value_is_checked_on_every_row_it_comes_in() {
    let (_ws, r) = run_routed("A1,ok\nA2,../evil\nA3,ok\nA4,../evil\nA5,..\nA6,ok\nA7,..\n");
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_path".to_string(), 4)].into());
    let lines: Vec<String> = r.reject_rows().into_iter().map(|row| row[1].clone()).collect();
    assert_eq!(lines, ["3", "5", "6", "8"]);
    assert_eq!(r.files(), ["ok.csv", "rejected_routed_20241018.csv"]);
}

#[test]
fn route_value_with_a_slash_or_backslash_is_bad_path() {
    let (ws, r) = run_routed("A1,sub/dir\nA2,a\\b\nA3,/etc/x\nA4,\n");
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_path".to_string(), 4)].into());
    assert_eq!(r.files(), ["rejected_routed_20241018.csv"]);
    assert!(!ws.path().join("out/sub").exists());
}

#[test]
fn route_template_escaping_out_is_refused() {
    let ws = Workspace::new();
    ws.write("esc.toml", ROUTED.replace("path = \"{dest}.csv\"", "path = \"../{dest}.csv\""));
    let input = ws.write("orders.csv", "受注番号,行き先\nA1,x\n");
    let r = ws.run("./esc.toml", AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "esc.toml:", &[".."]);
    assert!(!ws.path().join("x.csv").exists());
}
