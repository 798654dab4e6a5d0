//! Files the tool reads that are not what they should be, and text it writes that must not
//! hide what it is: a profile that is a device, a pipe or a huge file; a file that is not a
//! profile, never quoted in a diagnostic (the terminal or the page); a ledger that can only be
//! read; `--force` naming the command's own input; control characters in the row lists and
//! bidirectional controls in file names.

use std::fs;
use std::os::unix::fs::MetadataExt as _;
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
    // Asked in English, the words checked below (the page answers in the request's language).
    let r = crate::serve::http::Request::new("GET", "/api/profiles?lang=en")
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

// ------------------------------------------------------------------------------------------
// A ledger with read access only
// ------------------------------------------------------------------------------------------

/// Runs the binary as a reader who cannot write what the file modes forbid. Root writes even a
/// 0444 file (its capabilities override file modes), so as root the binary runs through
/// `setpriv` with those capabilities taken out of its bounding set: still root, so it can reach
/// the binary wherever the checkout is, but held to the modes like any user.
fn as_reader(dir: &Path, args: &[&std::ffi::OsStr]) -> Output {
    let root = fs::metadata(dir).unwrap().uid() == 0;
    let mut c = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]).arg(env!("CARGO_BIN_EXE_orderbridge"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_orderbridge"))
    };
    c.env("XDG_DATA_HOME", spawned_home()).env_remove("ORDERBRIDGE_LEDGER");
    let o = c.current_dir(dir).env("ORDERBRIDGE_LANG", "en").args(args).output();
    let o = o.unwrap_or_else(|e| panic!("cannot run the tool as a reader (setpriv, from util-linux, as root): {e}"));
    assert_ne!(o.status.code(), Some(127), "setpriv could not run the tool: {}", text(&o));
    o
}

/// Files beside the ledger whose names start with the ledger's.
fn beside(ledger: &Path) -> Vec<String> {
    let name = ledger.file_name().unwrap().to_string_lossy().into_owned();
    let mut v: Vec<String> = fs::read_dir(ledger.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&name))
        .collect();
    v.sort();
    v
}

/// A ledger with one recorded run, then `lock` takes write access away: `ledger files`,
/// `ledger show` and `run --dry-run --ledger` still answer, and nothing is created or changed.
fn read_only_ledger_answers(lock: impl Fn(&Path, &Path)) {
    let ws = Workspace::new();
    let dir = ws.path().join("shared");
    fs::create_dir(&dir).unwrap();
    let ledger = dir.join("history.sqlite");
    let table = crate::ledger::orders(2, |_| GOOD_TRACKING);
    let input = ws.write("orders.csv", table.cp932_lf());
    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &["--ledger", ledger.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.context());
    let before = fs::read(&ledger).unwrap();
    // The ledger and its queue's files (runs take turns at it); no -wal or -shm left.
    let made_by_the_run = ["history.sqlite", "history.sqlite-holder", "history.sqlite-queue"];
    assert_eq!(beside(&ledger), made_by_the_run);
    fs::set_permissions(ws.path(), fs::Permissions::from_mode(0o755)).unwrap();
    lock(&dir, &ledger);
    let l = ledger.as_os_str();
    let number = crate::ledger::order_number(1);
    let out = ws.path().join("dry");
    let runs: [(&str, Vec<&std::ffi::OsStr>); 3] = [
        ("\"rows\": 2", vec!["ledger".as_ref(), "--ledger".as_ref(), l, "files".as_ref(), "--json".as_ref()]),
        (&number, vec!["ledger".as_ref(), "--ledger".as_ref(), l, "show".as_ref(), number.as_ref(), "--json".as_ref()]),
        (
            "consulted; nothing recorded",
            vec![
                "run".as_ref(),
                "--profile".as_ref(),
                LEGACY.as_ref(),
                "--as-of".as_ref(),
                AS_OF.as_ref(),
                "--out".as_ref(),
                out.as_os_str(),
                "--dry-run".as_ref(),
                "--ledger".as_ref(),
                l,
                input.as_os_str(),
            ],
        ),
    ];
    let answers: Vec<_> = runs.iter().map(|(expect, args)| (*expect, args, as_reader(ws.path(), args))).collect();
    let (files, unchanged) = (beside(&ledger), fs::read(&ledger).unwrap() == before);
    // Writable again, so that the temporary folder can be removed.
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    for (expect, args, o) in answers {
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(expect), "{args:?}: {}", text(&o));
    }
    assert_eq!(files, made_by_the_run, "no -wal, -shm or journal file made by the readers");
    assert!(unchanged, "the ledger is unchanged");
}

use std::os::unix::fs::PermissionsExt as _;

#[test]
fn a_read_only_ledger_file_can_be_read() {
    // The reader owns the folder (it could make files there) but the ledger is 0444.
    read_only_ledger_answers(|_, ledger| {
        fs::set_permissions(ledger, fs::Permissions::from_mode(0o444)).unwrap();
    });
}

#[test]
fn a_ledger_in_a_folder_that_cannot_be_written_can_be_read() {
    // As on a read-only share: neither the ledger nor its folder can be written.
    read_only_ledger_answers(|dir, ledger| {
        fs::set_permissions(ledger, fs::Permissions::from_mode(0o444)).unwrap();
        fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
    });
}

#[test]
fn an_older_or_empty_ledger_that_cannot_be_written_is_read_or_named() {
    let ws = Workspace::new();
    fs::set_permissions(ws.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let old = ws.path().join("old.sqlite");
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger/v1/ledger.sqlite"), &old).unwrap();
    let empty = ws.write("empty.sqlite", "");
    for p in [&old, &empty] {
        fs::set_permissions(p, fs::Permissions::from_mode(0o444)).unwrap();
    }
    let files =
        |l: &Path| as_reader(ws.path(), &["ledger".as_ref(), "--ledger".as_ref(), l.as_os_str(), "files".as_ref()]);
    let (o_old, o_empty) = (files(&old), files(&empty));
    // Version 1 must be migrated to be read: said, with what to do.
    assert_eq!(o_old.status.code(), Some(2), "{}", text(&o_old));
    assert!(text(&o_old).contains("old.sqlite: a ledger made by an earlier orderbridge"), "{}", text(&o_old));
    // An empty file is a ledger with nothing in it.
    assert_eq!(o_empty.status.code(), Some(0), "{}", text(&o_empty));
    assert!(text(&o_empty).contains("The ledger has no upload file yet."), "{}", text(&o_empty));
    let mut names: Vec<String> =
        fs::read_dir(ws.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["empty.sqlite", "old.sqlite"], "nothing made beside them");
}

// ------------------------------------------------------------------------------------------
// --force never replaces an input
// ------------------------------------------------------------------------------------------

#[test]
fn init_force_never_overwrites_its_sample_or_base_under_any_name() {
    let ws = Workspace::new();
    let sample = ws.write("s.csv", Table::for_profile(LEGACY).row(LEGACY, &[]).cp932());
    let bytes = fs::read(&sample).unwrap();
    std::os::unix::fs::symlink("s.csv", ws.path().join("link.toml")).unwrap();
    fs::hard_link(&sample, ws.path().join("hard.toml")).unwrap();
    let base = ws.write("base.toml", format!("description = \"base\"\nextends = \"{LEGACY}\"\n"));
    let base_text = fs::read(&base).unwrap();
    for (base_arg, out) in [
        (LEGACY, "s.csv"),
        (LEGACY, "./s.csv"),
        (LEGACY, "link.toml"),
        (LEGACY, "hard.toml"),
        ("./base.toml", "base.toml"),
    ] {
        let r =
            ws.run_args(&["init", "--base", base_arg, "--as-of", AS_OF, "--sample", "s.csv", "--out", out, "--force"]);
        assert_eq!(r.code, 2, "{out}: {}", r.stderr);
        assert!(r.stderr.contains(&format!("{out}: this command reads this file")), "{}", r.stderr);
        assert_eq!(fs::read(&sample).unwrap(), bytes, "{out}: the sample is unchanged");
        assert_eq!(fs::read(&base).unwrap(), base_text, "{out}: the base is unchanged");
        assert!(ws.path().join("link.toml").is_symlink());
    }
    // `profile show --out --force` of a child profile onto itself: the same.
    let r = ws.run_args(&["profile", "show", "./base.toml", "--out", "base.toml", "--force"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(fs::read(&base).unwrap(), base_text);
    // Another file is still replaced.
    ws.write("draft.toml", "old");
    let r = ws.run_args(&[
        "init",
        "--base",
        LEGACY,
        "--as-of",
        AS_OF,
        "--sample",
        "s.csv",
        "--out",
        "draft.toml",
        "--force",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::read_to_string(ws.path().join("draft.toml")).unwrap().contains("extends = \"goq-rakuten-legacy\""));
}

// ------------------------------------------------------------------------------------------
// Control characters
// ------------------------------------------------------------------------------------------

// The routed profile of the bad-input tests: a route made of the 行き先 column.
use crate::bad_inputs::ROUTED;

#[test]
fn control_characters_reach_the_reject_file_as_visible_text() {
    let ws = Workspace::new();
    ws.write("routed.toml", ROUTED);
    // A NUL (an undecodable row), an ESC in a route value (refused as a file name), an RLO
    // that would show
    // `invoice_exe.csv` for a file really named `invoice_\u{202E}vsc.exe.csv`.
    let rows = "受注番号,行き先\nA\u{0}1,a\u{0}b\nA2,c\u{1B}d\nA3,invoice_\u{202E}vsc.exe\nA4,ok\n";
    let input = ws.write("orders.csv", rows);
    let r = ws.run("./routed.toml", AS_OF, &[input], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    let rules = [("bad_path".to_string(), 2), ("undecodable".to_string(), 1)];
    assert_eq!(r.by_rule("rejected_by_rule"), rules.into(), "{}", r.context());
    assert_eq!(r.files(), ["ok.csv", "rejected_routed_20241018.csv"], "no file named with an RLO");
    let bytes = fs::read(r.out.join("rejected_routed_20241018.csv")).unwrap();
    assert!(!bytes.contains(&0), "no NUL byte in the reject file");
    assert!(!bytes.contains(&0x1B), "no ESC in the reject file");
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains('\u{202E}'), "{text}");
    let rows = r.reject_rows();
    assert_eq!((rows[0][4].as_str(), rows[0][5].as_str()), ("A␀1", "a␀b"), "{rows:?}");
    assert_eq!(rows[1][5], "c␛d", "{rows:?}");
    assert_eq!(rows[2][5], "invoice_<U+202E>vsc.exe", "{rows:?}");
    assert!(rows[2][3].contains("U+202E"), "the reason says which character: {rows:?}");
}
