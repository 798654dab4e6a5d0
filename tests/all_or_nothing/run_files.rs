//! `--report` or a route naming another file of the run (an upload file, the reject file, a
//! folder, a file outside `--out`, a link to `/dev/null`, stdout): refused before anything is
//! written, or written as asked.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::{Node, Tree, assert_exit, assert_tree, earlier_run, final_files, ob, order, stderr, tree};
use crate::common::*;

/// The shipped profile `name`'s text.
fn shipped(name: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(format!("{name}.toml"))).unwrap()
}

/// The shipped legacy profile with its upload route replaced by `route`.
fn legacy_with_route(route: &str) -> String {
    let old = "path = \"{store_folder}/{file_prefix}_{as_of:%Y_%m_%d}.csv\"";
    let text = shipped(LEGACY);
    assert!(text.contains(old), "the shipped route");
    text.replacen(old, &format!("path = \"{route}\""), 1)
}

// ------------------------------------------------------------------------------------------
// --report, or a route, naming another file of the run
// ------------------------------------------------------------------------------------------

/// `--report` naming another file of the run (`report`, under the run's folder) is refused
/// before anything is written: exit 2, stderr saying `says`, every earlier file unchanged.
fn report_naming_a_file_of_the_run_is_refused(report: &str, says: &str) {
    let ws = Workspace::new();
    let (input, before) = earlier_run(&ws);
    let input = input.to_str().unwrap();
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--report", report, input])
        .output()
        .unwrap();
    assert_exit(&o, 2, report);
    assert!(stderr(&o).contains(says), "--report {report}: says {says:?}: {}", stderr(&o));
    assert_tree(&tree(&ws.out()), &before, &format!("--report {report}: every file unchanged"));
}

cases!(report_naming_a_file_of_the_run_is_refused {
    report_naming_an_upload_file_is_refused_and_nothing_changes:
        "out/rakuten/tuuzyou_2024_10_18.csv", "rakuten/tuuzyou_2024_10_18.csv";
    report_naming_the_reject_file_is_refused_and_nothing_changes:
        "out/rejected_goq-rakuten-legacy_20241018.csv", "is the reject file's path";
});

#[test]
fn report_naming_an_earlier_runs_upload_file_this_run_does_not_write_is_refused() {
    let ws = Workspace::new();
    let t = order(Table::new(GOQ_HEADER), 1, "楽天市場店", "通常購入", "処理済");
    let t = order(t, 2, "楽天市場店", "オークション", "処理済");
    let input = ws.write("orders.csv", t.cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    let before = tree(&ws.out());
    assert_eq!(final_files(&before), ["rakuten/auction_2024_10_18.csv", "rakuten/tuuzyou_2024_10_18.csv"]);
    // Today's export has no auction order: the report would take the auction file's place,
    // and staff upload whatever is in the folder.
    let today = ws.write("today.csv", order(Table::new(GOQ_HEADER), 3, "楽天市場店", "通常購入", "処理済").cp932());
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out"])
        .args(["--report", "out/rakuten/auction_2024_10_18.csv"])
        .arg(&today)
        .output()
        .unwrap();
    assert_exit(&o, 2, "--report over an earlier upload file");
    assert_tree(&tree(&ws.out()), &before, "--report over an earlier upload file: every file unchanged");
}

#[test]
fn a_route_rendering_to_the_reject_files_path_stops_the_run_and_nothing_changes() {
    let ws = Workspace::new();
    let (input, before) = earlier_run(&ws);
    let profile = ws.write("clash.toml", legacy_with_route("rejected_{profile}_{as_of:%Y%m%d}.csv"));
    let r = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("rejected_clash_20241018.csv, which is another file of this run"), "{}", r.stderr);
    assert!(r.report.is_none(), "no report after exit 2");
    assert_tree(&tree(&ws.out()), &before, "a route onto the reject file: every file unchanged");
}

// ------------------------------------------------------------------------------------------
// --report naming a folder
// ------------------------------------------------------------------------------------------

#[test]
fn report_naming_a_folder_exits_2_and_writes_no_upload_file() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    fs::create_dir(ws.path().join("reports")).unwrap();
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--report", "reports"])
        .arg(&input)
        .output()
        .unwrap();
    assert_exit(&o, 2, "--report a folder");
    assert!(!ws.out().exists(), "no output folder, no upload file: {:?}", tree(&ws.out()).keys());
    assert!(stderr(&o).contains("--report reports: is a folder"), "{}", stderr(&o));
    assert_eq!(tree(&ws.path().join("reports")), Tree::new(), "nothing written into the folder");
}

// ------------------------------------------------------------------------------------------
// Routes that would leave the output folder
// ------------------------------------------------------------------------------------------

/// A route (`ROOT` standing for a temporary folder two levels above the run's) that would
/// leave the output folder: `validate-profile` and `run` both refuse it with a located
/// diagnostic, and the run writes nothing anywhere under that folder.
fn route_leaving_the_output_folder_is_refused(route: &str) {
    let root = tempfile::tempdir().unwrap();
    let route = route.replace("ROOT", &root.path().display().to_string());
    // The run's folder is two levels down, so `../../` stays inside `root`.
    let ws = root.path().join("a/b");
    fs::create_dir_all(&ws).unwrap();
    let input = ws.join("orders.csv");
    fs::write(&input, Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932()).unwrap();
    let route_line =
        shipped(LEGACY).lines().position(|l| l.starts_with("path = \"{store_folder}/")).expect("the shipped route") + 1;
    fs::write(ws.join("p.toml"), legacy_with_route(&route)).unwrap();
    let before = tree(root.path());
    let located = format!("./p.toml:{route_line}:8: path `{route}`");

    let o = ob(&ws).args(["validate-profile", "./p.toml"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_exit(&o, 2, &route);
    assert!(stdout.contains(&located), "{route}: want {located:?}:\n{stdout}");
    assert!(stdout.contains("INVALID"), "{route}: {stdout}");

    if route.starts_with("{as_of:/") && !route.contains(&root.path().display().to_string()) {
        // Run only the absolute route into `root`: a broken check would write into `/`.
        return;
    }
    let o = ob(&ws)
        .args(["run", "--profile", "./p.toml", "--as-of", AS_OF, "--out", "out", "orders.csv"])
        .output()
        .unwrap();
    assert_exit(&o, 2, &route);
    assert!(stderr(&o).contains(&located), "{route}: want {located:?}:\n{}", stderr(&o));
    assert_tree(&tree(root.path()), &before, &format!("{route}: nothing written anywhere"));
}

cases!(route_leaving_the_output_folder_is_refused {
    an_absolute_route_is_refused: "{as_of:/x_%Y}.csv";
    // An absolute route into `root` (not `/`): a broken check writes where the test can see.
    an_absolute_route_into_a_folder_the_test_sees_is_refused: "{as_of:ROOT/x_%Y}.csv";
    a_route_climbing_out_with_dot_dot_is_refused: "{as_of:../../x_%Y}.csv";
    a_route_with_an_empty_date_format_is_refused: "{as_of:}.csv";
    a_route_with_a_line_break_is_refused: "x_{as_of:%n}.csv";
    a_date_format_writing_a_slash_is_refused: "{as_of:%Y/%m}.csv";
    a_route_with_a_star_is_refused: "{store_folder}/*_{as_of:%Y}.csv";
    a_route_with_a_question_mark_is_refused: "{store_folder}/x?.csv";
});

// ------------------------------------------------------------------------------------------
// --report to a link to a device, and to standard output
// ------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn report_through_a_link_to_dev_null_keeps_the_link_and_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let link = ws.path().join("null.json");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--report", "null.json"])
        .arg(&input)
        .output()
        .unwrap();
    assert_exit(&o, 0, "--report a link to /dev/null");
    let meta = fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link: {meta:?}");
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("/dev/null"));
    assert!(fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null is still a device");
    assert_eq!(tree(ws.path())["null.json"], Node::Link("/dev/null".into()));
    assert_eq!(final_files(&tree(&ws.out())), ["rakuten/tuuzyou_2024_10_18.csv"], "the upload file is written");
}

#[test]
fn report_to_stdout_prints_the_json_report() {
    let ws = Workspace::new();
    let t = order(Table::new(GOQ_HEADER), 1, "楽天市場店", "通常購入", "処理済");
    let t = order(t, 2, "楽天市場店", "通常購入", "謎のステータス");
    let t = order(t, 3, "楽天2号店", "通常購入", "処理済");
    let input = ws.write("orders.csv", t.cp932());
    let o = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--report", "-"])
        .arg(&input)
        .output()
        .unwrap();
    assert_exit(&o, 1, "--report -");
    let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("stdout is the JSON report ({e}):\n{}", String::from_utf8_lossy(&o.stdout));
    });
    assert_eq!(report["rows"]["read"], 3);
    assert_eq!(report["rows"]["written"], 2);
    assert_eq!(report["rejects_file"], "rejected_goq-rakuten-legacy_20241018.csv");
    assert!(!ws.path().join("-").exists(), "no file named `-`");
    assert_eq!(
        final_files(&tree(&ws.out())),
        [
            "rakuten/tuuzyou_2024_10_18.csv",
            "rakuten2/tuuzyou_2024_10_18.csv",
            "rejected_goq-rakuten-legacy_20241018.csv"
        ]
    );
}
