//! Files the tool reads that are not what they should be, and text it writes that must not
//! hide what it is: a profile that is a device, a pipe or a huge file; a file that is not a
//! profile, never quoted in a diagnostic (the terminal or the page); a ledger that can only be
//! read; `--force` naming the command's own input; control characters in the row lists and
//! bidirectional controls in file names.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn validate(dir: &Path, profile: &Path) -> Output {
    bin().current_dir(dir).arg("validate-profile").arg(profile).output().unwrap()
}

/// A child profile `child.toml` in `ws` extending `parent` (a path as written).
fn child_of(ws: &Workspace, parent: &str) -> PathBuf {
    ws.write("child.toml", format!("description = \"shop\"\nextends = \"{parent}\"\n"))
}

// ------------------------------------------------------------------------------------------
// Profile files: regular files of bounded size
// ------------------------------------------------------------------------------------------

#[test]
fn a_profile_that_is_a_device_is_refused_before_it_is_read() {
    let ws = Workspace::new();
    let child = child_of(&ws, "/dev/zero");
    let o = validate(ws.path(), &child);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("/dev/zero: is not a regular file"), "{}", text(&o));
}

#[test]
fn a_profile_larger_than_the_bound_is_refused() {
    let ws = Workspace::new();
    // Nine MiB of valid TOML comments: read whole, it would parse.
    let line = format!("# {}\n", "x".repeat(1021));
    ws.write("huge.toml", format!("description = \"huge\"\n{}", line.repeat(9 * 1024)));
    let child = child_of(&ws, "huge.toml");
    let o = validate(ws.path(), &child);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("huge.toml: is larger than 8 MiB"), "{}", text(&o));
}

#[test]
fn a_profile_that_is_a_pipe_is_refused_without_waiting_for_a_writer() {
    let ws = Workspace::new();
    let fifo = ws.path().join("pipe.toml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // A writer that waits for a reader: should the tool open the pipe, it reads an empty
    // profile at once (rather than hanging), and the test fails on its message.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || drop(fs::OpenOptions::new().write(true).open(fifo)))
    };
    let child = child_of(&ws, "./pipe.toml");
    let o = validate(ws.path(), &child);
    // Releases the writer when the tool did not open the pipe (on Linux, opening a pipe for
    // reading and writing never waits).
    drop(fs::OpenOptions::new().read(true).write(true).open(&fifo).unwrap());
    writer.join().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("pipe.toml: is not a regular file"), "{}", text(&o));
}

/// A profile folder holding a link to `/dev/zero` and a profile extending a secret file.
fn hostile_mappings(ws: &Workspace) -> PathBuf {
    let dir = ws.path().join("mappings");
    fs::create_dir(&dir).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.toml")).unwrap();
    ws.write("secret.txt", "API_KEY=s3cr3t-value\n");
    ws.write("mappings/leak.toml", "description = \"x\"\nextends = \"../secret.txt\"\n");
    dir
}

#[test]
fn list_profiles_lists_a_link_to_a_device_as_unreadable() {
    let ws = Workspace::new();
    let dir = hostile_mappings(&ws);
    let o = bin().current_dir(ws.path()).args(["list-profiles", "--mappings"]).arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    let zero = out.lines().find(|l| l.starts_with("zero ")).unwrap_or_else(|| panic!("{out}"));
    assert!(zero.contains("UNREADABLE") && zero.contains("zero.toml: is not a regular file"), "{out}");
    assert!(!out.contains("s3cr3t"), "{out}");
}

#[test]
fn the_page_lists_such_profiles_with_their_problem_and_no_contents() {
    let ws = Workspace::new();
    let dir = hostile_mappings(&ws);
    let config = orderbridge::serve::Config {
        port: 0,
        mappings: Some(dir),
        temp_parent: Some(ws.path().to_path_buf()),
        ..Default::default()
    };
    let server = orderbridge::serve::start(config).expect("the server starts");
    let r = crate::serve::http::Request::new("GET", "/api/profiles")
        .header("Authorization", &format!("Bearer {}", server.token()))
        .send(server.addr());
    server.stop().unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.text();
    assert!(!body.contains("s3cr3t"), "{body}");
    let profiles = r.json()["profiles"].as_array().unwrap().clone();
    let problems = |name: &str| {
        let p = profiles.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("{name} in {body}"));
        p["problems"].to_string()
    };
    assert!(problems("zero").contains("zero.toml: is not a regular file"), "{body}");
    assert!(problems("leak").contains("secret.txt: this file is not a profile"), "{body}");
}

// ------------------------------------------------------------------------------------------
// Diagnostics quote only profiles
// ------------------------------------------------------------------------------------------

#[test]
fn a_file_that_is_not_a_profile_is_named_never_quoted() {
    let ws = Workspace::new();
    ws.write("keys.env", "API_KEY=s3cr3t-value\nOTHER=x\n");
    ws.write("config.toml", "token = \"s3cr3t-value\"\n");
    for (parent, problem) in
        [("./keys.env", "does not read as TOML"), ("./config.toml", "none of its top-level keys is a profile's")]
    {
        let child = child_of(&ws, parent);
        for o in [
            validate(ws.path(), &child),
            bin().current_dir(ws.path()).args(["profile", "show"]).arg(&child).output().unwrap(),
        ] {
            let out = text(&o);
            assert_eq!(o.status.code(), Some(2), "{out}");
            assert!(!out.contains("s3cr3t"), "{parent}: {out}");
            assert!(out.contains(&format!("{parent}: this file is not a profile")), "{out}");
            assert!(out.contains(problem), "{out}");
        }
        // Named directly, the same.
        let out = text(&validate(ws.path(), Path::new(parent)));
        assert!(!out.contains("s3cr3t") && out.contains("this file is not a profile"), "{out}");
    }
    if Path::new("/etc/passwd").is_file() {
        let first = fs::read_to_string("/etc/passwd").unwrap().lines().next().unwrap_or_default().to_string();
        let out = text(&validate(ws.path(), &child_of(&ws, "/etc/passwd")));
        assert!(first.is_empty() || !out.contains(&first), "{out}");
        assert!(out.contains("/etc/passwd: this file is not a profile"), "{out}");
    }
}

#[test]
fn a_profile_with_a_syntax_error_is_still_quoted_where_it_is() {
    let ws = Workspace::new();
    let p = ws.write("typo.toml", "description = \"shop\"\nextends = \"goq-yahoo\"\n[[rules]]\nname = \"x”\n");
    let out = text(&validate(ws.path(), &p));
    assert!(out.contains("typo.toml:4:10: a full-width quote"), "{out}");
    assert!(out.contains("4 | name = \"x”"), "{out}");
}
