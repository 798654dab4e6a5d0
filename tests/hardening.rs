//! Hardening: profile lookup that never falls back silently, the same input by another name,
//! inputs whose files would collide by `{input_stem}`, `--as-of` in one form, a record size
//! limit, `validate-profile --quiet`, `profile show`, full-width quotes in a profile, and output
//! through a closed pipe.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::common::*;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped(name: &str) -> String {
    fs::read_to_string(manifest().join("mappings").join(format!("{name}.toml"))).unwrap()
}

/// The shipped yahoo profile with its route changed to `path`.
fn yahoo_copy(path: &str) -> String {
    let text = shipped(YAHOO);
    let old = "path = \"yahoo/shipstatus_{as_of:%Y%m%d}.csv\"";
    assert!(text.contains(old), "the shipped route");
    text.replacen(old, &format!("path = \"{path}\""), 1)
}

fn yahoo_input(ws: &Workspace) -> PathBuf {
    ws.write("orders.csv", Table::new(GOQ_HEADER).row(YAHOO, &[]).cp932())
}

/// Exit 2, stderr names `file` and says each of `needles`, and nothing was written.
fn assert_refused(ws: &Workspace, r: &RunResult, file: &str, needles: &[&str]) {
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains(file), "stderr names {file}:\n{}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "stderr says {n:?}:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(!ws.out().exists(), "no output folder: {:?}", files_under(&ws.out()));
}

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

// ------------------------------------------------------------------------------------------
// The same input twice, by hard link too
// ------------------------------------------------------------------------------------------

#[test]
fn the_same_input_twice_through_a_hard_link() {
    let ws = Workspace::new();
    let f = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let link = ws.path().join("copy-of-orders.csv");
    fs::hard_link(&f, &link).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[f, link], &[]);
    assert_refused(&ws, &r, "copy-of-orders.csv", &["more than once", "the same file as"]);
}

// ------------------------------------------------------------------------------------------
// Inputs whose files collide by {input_stem}
// ------------------------------------------------------------------------------------------

#[test]
fn two_inputs_of_the_same_name_are_refused_when_files_are_named_after_inputs() {
    let ws = Workspace::new();
    let a = ws.write("mon/up.csv", Table::for_profile(CHECK).row(CHECK, &[]).cp932());
    let b = ws.write(
        "tue/up.csv",
        Table::for_profile(CHECK)
            .row(CHECK, &[("受注番号", "000000-201411"), ("レコードナンバー", "133000056")])
            .cp932(),
    );
    let r = ws.run(CHECK, CHECK_AS_OF, &[a, b], &[]);
    assert_refused(&ws, &r, "tue/up.csv", &["mon/up.csv", "{input_stem}", "Rename one"]);

    // Without `{input_stem}` in the route, inputs of the same name are fine.
    let a = ws.write("mon/orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let b = ws.write(
        "tue/orders.csv",
        Table::new(GOQ_HEADER).row(LEGACY, &[("受注番号", "100234-20241018-0000010001")]).cp932(),
    );
    let r = ws.run(LEGACY, AS_OF, &[a, b], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("written"), 2);
}

#[test]
fn input_stem_through_a_value_counts_too() {
    let ws = Workspace::new();
    let profile = yahoo_copy("{from_name}.csv") + "\n[values.from_name]\ntemplate = \"day-{input_stem}\"\n";
    let p = ws.write("stem.toml", profile);
    let a = ws.write("mon/orders.csv", Table::new(GOQ_HEADER).row(YAHOO, &[]).cp932());
    let b = ws.write("tue/orders.csv", Table::new(GOQ_HEADER).row(YAHOO, &[]).cp932());
    let r = ws.run(p.to_str().unwrap(), AS_OF, std::slice::from_ref(&a), &[]);
    assert_eq!(r.code, 0, "the profile works: {}", r.context());
    assert_eq!(r.files(), ["day-orders.csv"]);
    fs::remove_dir_all(ws.out()).unwrap();
    let r = ws.run(p.to_str().unwrap(), AS_OF, &[a, b], &[]);
    assert_refused(&ws, &r, "tue/orders.csv", &["mon/orders.csv", "{input_stem}"]);
}

// ------------------------------------------------------------------------------------------
// --as-of in one form, this century
// ------------------------------------------------------------------------------------------

#[test]
fn as_of_in_another_form_or_century_is_refused_clearly() {
    let ws = Workspace::new();
    let input = yahoo_input(&ws);
    let r = ws.run(YAHOO, "2024/10/18", std::slice::from_ref(&input), &[]);
    assert_refused(&ws, &r, "2024/10/18", &["use YYYY-MM-DD, e.g. 2024-10-18"]);
    let r = ws.run(YAHOO, "0000-01-01", std::slice::from_ref(&input), &[]);
    assert_refused(&ws, &r, "0000-01-01", &["between 2000 and 2099"]);

    let sample = input.to_str().unwrap();
    for (as_of, says) in [("2024/10/18", "use YYYY-MM-DD, e.g. 2024-10-18"), ("0000-01-01", "between 2000 and 2099")] {
        let r = ws.run_args(&["validate-profile", YAHOO, "--sample", sample, "--as-of", as_of]);
        assert_eq!(r.code, 2, "{}", r.context());
        assert!(r.stderr.contains(says), "{as_of}: {}", r.stderr);
    }
}

// ------------------------------------------------------------------------------------------
// A maximum record size
// ------------------------------------------------------------------------------------------

/// A little over the 16 MiB limit.
const OVER_LIMIT: usize = 17 << 20;

#[test]
fn a_record_over_the_limit_stops_the_run_naming_its_line() {
    let ws = Workspace::new();
    let mut bytes = Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932();
    bytes.extend(std::iter::repeat_n(b'x', OVER_LIMIT));
    let input = ws.write("orders.csv", &bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "orders.csv:3:", &["a record over 16 MiB", "is this really an export?"]);
    assert!(r.stderr.len() < 2000, "a short message: {} bytes", r.stderr.len());
}

#[test]
fn a_quote_never_closed_in_a_large_file_is_named() {
    let ws = Workspace::new();
    let mut bytes = Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932();
    bytes.extend_from_slice(b"\"");
    for _ in 0..(OVER_LIMIT / 64) {
        bytes.extend_from_slice(&[b'y'; 63]);
        bytes.push(b'\n');
    }
    let input = ws.write("orders.csv", &bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "orders.csv:3:", &["a record over 16 MiB", "quoted field starts on line 3"]);
}

#[test]
fn a_huge_header_line_gives_a_short_message() {
    let ws = Workspace::new();
    let mut bytes = sjis("受注番号,");
    bytes.extend(std::iter::repeat_n(b'h', OVER_LIMIT));
    bytes.extend_from_slice(b"\r\n1\r\n");
    let input = ws.write("orders.csv", &bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "orders.csv:1:", &["a record over 16 MiB"]);
    assert!(r.stderr.len() < 2000, "a short message: {} bytes", r.stderr.len());
}

#[test]
fn a_huge_value_in_a_sample_is_shown_cut() {
    let ws = Workspace::new();
    let huge = "宅".repeat(100_000);
    let sample = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[("配送方法", &huge)]).cp932());
    let r = ws.run_args(&["validate-profile", LEGACY, "--sample", sample.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(r.code, 0, "{}", r.context());
    let line = r.stdout.lines().find(|l| l.contains("配送方法:")).expect("the value is listed");
    assert!(line.contains("… (100000 characters)"), "{}", &line[..line.len().min(600)]);
    assert!(line.len() < 1000, "a short line: {} bytes", line.len());
}

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

// ------------------------------------------------------------------------------------------
// The folder after a run holds exactly that run's upload files
// ------------------------------------------------------------------------------------------

/// The operator's story: a run writes every order type; the next day's run (or a rerun with
/// fewer rows, or `--strict` with a reject) writes fewer files. The earlier run's files that
/// this run does not write are moved into the archive (same bytes), a file the shop put
/// there is left and named, and a file the shop edited since is left and named.
#[test]
fn a_rerun_leaves_only_its_own_upload_files_and_archives_the_rest() {
    let ws = Workspace::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/goq/orders_2024-10-18.csv");
    let first = ws.run(LEGACY, AS_OF, &[fixture], &[]);
    assert_eq!(first.code, 1, "{}", first.context());
    let before = first.uploads();
    assert!(before.len() >= 4, "several upload files: {before:?}");
    let edited = "rakuten2/kyoudou_2024_10_18.csv";
    let auction = fs::read(ws.out().join("rakuten/auction_2024_10_18.csv")).unwrap();
    fs::write(ws.out().join(edited), b"edited by hand").unwrap();
    fs::write(ws.out().join("mine.csv"), b"the shop's own").unwrap();

    // Only one ordinary order: only rakuten/tuuzyou_… is written.
    let input = ws.write("one.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let second = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(second.code, 0, "{}", second.context());
    let mut left = second.files();
    left.sort();
    assert_eq!(left, ["mine.csv", "rakuten/tuuzyou_2024_10_18.csv", edited], "{}", second.stderr);
    let report = second.report();
    let archived: Vec<&str> = report["archived"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(archived.contains(&"rakuten/auction_2024_10_18.csv"), "{archived:?}");
    assert!(!archived.contains(&edited), "an edited file is never moved: {archived:?}");
    let not_ours: Vec<&str> =
        report["not_from_this_run"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(not_ours, ["mine.csv", edited]);
    assert!(second.stderr.contains("archived rakuten/auction_2024_10_18.csv"), "{}", second.stderr);
    // The archived bytes are the ones that may have been uploaded.
    let archive = ws.out().join(".orderbridge.archive");
    let stamp = fs::read_dir(&archive).unwrap().next().unwrap().unwrap().path();
    assert_eq!(fs::read(stamp.join("rakuten/auction_2024_10_18.csv")).unwrap(), auction);
}

/// `--strict` with a rejected row writes no upload file — and leaves none of the earlier run's.
#[test]
fn strict_with_a_reject_leaves_no_earlier_upload_file() {
    let ws = Workspace::new();
    let good = ws.write("good.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    assert_eq!(ws.run(LEGACY, AS_OF, &[good], &[]).code, 0);
    let bad = ws.write("bad.csv", Table::new(GOQ_HEADER).row(LEGACY, &[("出荷日", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[bad], &["--strict"]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert!(r.uploads().is_empty(), "no upload file is left to send: {:?}", r.files());
}

/// `--dry-run` shows the rejected rows too and writes nothing.
#[test]
fn dry_run_shows_the_rejected_rows() {
    let ws = Workspace::new();
    let t = Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注ステータス", "謎のステータス")]);
    let input = ws.write("orders.csv", t.cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &["--dry-run"]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert!(r.stderr.contains("rejected rows (first 1):"), "{}", r.stderr);
    assert!(r.stderr.contains("unknown_status"), "{}", r.stderr);
    assert!(r.files().is_empty(), "a dry run writes nothing: {:?}", r.files());
}

/// Warned rows are listed beside the reject file, and `--list-excluded` lists every excluded
/// row (duplicates included), both in the reject file's layout, and neither is an upload file
/// in the report.
#[test]
fn warned_and_excluded_rows_are_listed_beside_the_reject_file() {
    let ws = Workspace::new();
    let t = Table::new(GOQ_HEADER)
        .row(LEGACY, &[])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010009"), ("配送方法", "謎の配送")])
        .row(LEGACY, &[("受注ステータス", "キャンセル")])
        .row(LEGACY, &[]);
    let input = ws.write("orders.csv", t.cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &["--list-excluded"]);
    assert_eq!(r.code, 0, "{}", r.context());
    let report = r.report();
    assert_eq!(report["rows"]["warnings"], 1, "{}", r.stderr);
    assert_eq!(report["rows"]["excluded"], 2, "{}", r.stderr);
    let list = |name: &str| {
        let bytes = fs::read(ws.out().join(name)).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "{name}: UTF-8 with a BOM");
        parse_csv(std::str::from_utf8(&bytes[3..]).unwrap())
    };
    let warned = list("warned_goq-rakuten-legacy_20241018.csv");
    assert_eq!(warned.len(), 2, "header and one warned row: {warned:?}");
    assert_eq!((warned[1][1].as_str(), warned[1][2].as_str()), ("3", "unknown_carrier"), "{warned:?}");
    assert_eq!(warned[1][4], "100234-20241018-0000010009", "the order: {warned:?}");
    let excluded = list("excluded_goq-rakuten-legacy_20241018.csv");
    let rules: Vec<(&str, &str)> = excluded[1..].iter().map(|r| (r[1].as_str(), r[2].as_str())).collect();
    assert_eq!(rules, [("4", "cancelled"), ("5", "duplicate")]);
    assert_eq!(report["warned_file"], "warned_goq-rakuten-legacy_20241018.csv");
    assert_eq!(report["excluded_file"], "excluded_goq-rakuten-legacy_20241018.csv");
    let files: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(files, ["rakuten/tuuzyou_2024_10_18.csv"], "the lists are not upload files");
}

/// An operator's story, replayed: an export whose main store is 「〇〇本店」 and one
/// status the profile does not know. The first run shows every excluded value with its rule's
/// message; one edit per fix in a copy of the profile (the store in `store_folder`, the status
/// in `rakuten_status`); the second run writes those rows and leaves no stale file.
#[test]
fn the_operators_story_one_edit_per_fix_and_every_excluded_value_shown() {
    let ws = Workspace::new();
    let mut t = Table::new(GOQ_HEADER);
    for n in 0..5 {
        let order = format!("100234-20241018-000002000{n}");
        t = t.row(LEGACY, &[("受注番号", order.as_str()), ("販売店舗", "〇〇本店")]);
    }
    t = t.row(LEGACY, &[("受注番号", "100234-20241018-0000030000"), ("受注ステータス", "出荷完了")]);
    t = t.row(LEGACY, &[("受注番号", "100234-20241018-0000040000")]);
    let input = ws.write("orders.csv", t.cp932());
    let copy = ShippedCopy::new(LEGACY, &[]);
    let profile = copy.profile.clone();
    let first = ws.run(profile.to_str().unwrap(), AS_OF, std::slice::from_ref(&input), &[]);
    assert_eq!(first.code, 1, "{}", first.context());
    assert!(first.stderr.contains("楽天の店舗の注文ではありません。: 〇〇本店 ×5"), "{}", first.stderr);
    assert_eq!(first.by_rule("rejected_by_rule"), [("unknown_status".to_string(), 1)].into());

    // One edit each, in the shop's copy: the store list is the profile's, the status table is
    // written once for the three GoQ profiles, in goq-base.
    let store = r#"{ to = "rakuten",  from = ["楽天市場店", "楽天市場"] },"#;
    let status = r#"{ to = "処理済",         from = ["処理済","#;
    for (old, new) in [
        (store, r#"{ to = "rakuten",  from = ["楽天市場店", "楽天市場", "〇〇本店"] },"#),
        (status, r#"{ to = "処理済",         from = ["出荷完了", "処理済","#),
    ] {
        let (file, _) = copy.locate(old);
        fs::write(copy.dir.path().join(file), copy.text(file).replacen(old, new, 1)).unwrap();
    }
    let second = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(second.code, 0, "{}", second.context());
    assert_eq!(second.report()["rows"]["written"], 7, "{}", second.stderr);
    assert_eq!(second.report()["rows"]["excluded"], 0, "{}", second.stderr);
    assert_eq!(second.files(), ["rakuten/tuuzyou_2024_10_18.csv"], "no reject file or other file left");
}

/// `--report` into a folder that does not exist names that folder, not a temporary file.
#[test]
fn report_into_a_missing_folder_names_the_folder() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let missing = ws.path().join("nowhere/report.json");
    let r = ws.run_args::<std::ffi::OsString>(&[
        "run".into(),
        "--profile".into(),
        LEGACY.into(),
        "--as-of".into(),
        AS_OF.into(),
        "--out".into(),
        ws.out().into(),
        "--report".into(),
        missing.clone().into(),
        input.into(),
    ]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("nowhere"), "{}", r.stderr);
    assert!(!r.stderr.contains(".orderbridge-"), "no temporary file named: {}", r.stderr);
    assert!(!ws.out().exists(), "nothing written");
}
