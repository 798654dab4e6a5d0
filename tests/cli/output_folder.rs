//! What a run leaves in `--out`: no file for a route without rows, a rerun replacing the output
//! whole, `--dry-run` writing nothing, `--strict` writing only the reject file, the report and the
//! reject file never over the input.

use std::fs;

use super::{mixed_table, no_partial_files, snapshot};
use crate::common::*;

#[test]
fn no_file_for_a_route_without_rows() {
    let ws = Workspace::new();
    let t = Table::new(GOQ_HEADER)
        .row(LEGACY, &[])
        .row(LEGACY, &[("受注番号", "x"), ("注文種別", "オークション"), ("販売店舗", "本店")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.files(), ["rakuten/tuuzyou_2024_10_18.csv"]);
    assert!(!ws.out().join("rakuten2").exists(), "no empty folder for a store without rows");
    let files = r.report()["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
}

#[test]
fn a_run_where_every_row_is_excluded_writes_nothing() {
    let ws = Workspace::new();
    let t =
        Table::new(GOQ_HEADER).row(LEGACY, &[("販売店舗", "本店")]).row(LEGACY, &[("受注ステータス", "キャンセル")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert!(r.files().is_empty(), "{:?}", r.files());
    assert!(r.report()["files"].as_array().unwrap().is_empty());
}

#[test]
fn rerun_replaces_an_existing_output_completely() {
    let ws = Workspace::new();
    let three = Table::new(GOQ_HEADER)
        .row(LEGACY, &[])
        .row(LEGACY, &[("レコードナンバー", "2")])
        .row(LEGACY, &[("レコードナンバー", "3")]);
    let input = ws.write("orders.csv", three.cp932());
    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &[]);
    assert_eq!(r.upload(default_path(LEGACY)).len(), 4);
    // A longer file in place, and then a rerun over an export with one row.
    fs::write(ws.out().join(default_path(LEGACY)), vec![b'x'; 100_000]).unwrap();
    let one = Table::new(GOQ_HEADER).row(LEGACY, &[("レコードナンバー", "9")]);
    fs::write(&input, one.cp932()).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.column(default_path(LEGACY), "レコードナンバー"), ["9"], "only the new run's rows");
    assert_eq!(
        fs::metadata(ws.out().join(default_path(LEGACY))).unwrap().len(),
        r.report()["files"][0]["bytes"].as_u64().unwrap(),
        "the report's byte count is the file's size"
    );
    no_partial_files(ws.path());
}

#[test]
fn clean_rerun_does_not_leave_a_stale_reject_file() {
    let ws = Workspace::new();
    let bad = Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("レコードナンバー", "1x")]);
    let input = ws.write("orders.csv", bad.cp932());
    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &[]);
    assert_eq!(r.code, 1);
    assert!(ws.out().join("rejected_goq-rakuten-legacy_20241018.csv").exists());
    // The operator fixes the order in GoQ, exports again and runs again.
    let fixed = Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("レコードナンバー", "1")]);
    fs::write(&input, fixed.cp932()).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert!(r.report()["rejects_file"].is_null());
    assert_eq!(r.files(), [default_path(LEGACY)], "the old reject file no longer describes this run");
}

// ------------------------------------------------------------------------------------------
// --dry-run and --strict
// ------------------------------------------------------------------------------------------

#[test]
fn dry_run_writes_nothing_and_previews() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", mixed_table().row(LEGACY, &[("受注番号", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &["--dry-run"]);
    assert_eq!(r.code, 1, "a dry run exits as the real run would: {}", r.context());
    assert!(!ws.out().exists(), "no file and no folder: {:?}", files_under(&ws.out()));
    let would = ws.out().join("rakuten").join("tuuzyou_2024_10_18.csv");
    assert!(r.stderr.contains(&would.display().to_string()), "the would-be path:\n{}", r.stderr);
    assert!(r.stderr.contains("rakuten2"), "every file is shown:\n{}", r.stderr);
    for text in ["受注番号", "お荷物伝票番号", "100234-20241018-0000010000", "357296700003", "|"] {
        assert!(r.stderr.contains(text), "the preview table shows {text}:\n{}", r.stderr);
    }
    assert!(r.stderr.contains("rejected_goq-rakuten-legacy_20241018.csv"), "where the rejects would go:\n{}", r.stderr);
}

#[test]
fn dry_run_over_existing_output_changes_nothing() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &[]);
    let before = snapshot(&ws.out());
    fs::write(&input, Table::new(GOQ_HEADER).row(LEGACY, &[("レコードナンバー", "5")]).cp932()).unwrap();
    let r = ws.run(LEGACY, AS_OF, &[input], &["--dry-run"]);
    assert_eq!(r.code, 0);
    assert_eq!(snapshot(&ws.out()), before);
}

#[test]
fn strict_with_a_rejection_writes_only_the_reject_file() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", mixed_table().row(LEGACY, &[("受注番号", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &["--strict"]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), ["rejected_goq-rakuten-legacy_20241018.csv"], "no upload file at all");
    assert_eq!(r.reject_rows().len(), 1);
    no_partial_files(ws.path());
}

#[test]
fn strict_without_rejections_writes_normally() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", mixed_table().cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &["--strict"]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.uploads().len(), 3);
}

#[test]
/// `--strict` with a reject writes no upload file, never a partial one; the previous run's
/// file is not left to be uploaded again either: it is moved, bytes unchanged,
/// into the archive.
fn strict_archives_the_previous_upload_file_and_writes_no_partial_one() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &[]);
    let before = fs::read(ws.out().join(default_path(LEGACY))).unwrap();
    fs::write(
        &input,
        Table::new(GOQ_HEADER).row(LEGACY, &[("レコードナンバー", "5")]).row(LEGACY, &[("受注番号", "")]).cp932(),
    )
    .unwrap();
    let r = ws.run(LEGACY, AS_OF, &[input], &["--strict"]);
    assert_eq!(r.code, 1);
    assert!(!ws.out().join(default_path(LEGACY)).exists(), "no upload file is left: {:?}", r.files());
    let stamp = fs::read_dir(ws.out().join(".orderbridge.archive")).unwrap().next().unwrap().unwrap().path();
    assert_eq!(fs::read(stamp.join(default_path(LEGACY))).unwrap(), before, "archived whole, not a partial upload");
}

#[test]
fn strict_report_lists_no_unwritten_file() {
    let ws = Workspace::new();
    let input =
        ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &["--strict"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.uploads(), Vec::<String>::new());
    for f in r.report()["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        assert!(ws.out().join(path).exists(), "the report lists {path}, which does not exist");
    }
}

#[test]
fn report_over_the_input_is_refused() {
    let ws = Workspace::new();
    let bytes = Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932();
    let input = ws.write("orders.csv", &bytes);
    let r = ws.run_args(&[
        "run".as_ref(),
        "--profile".as_ref(),
        LEGACY.as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        ws.out().as_os_str(),
        "--report".as_ref(),
        input.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(fs::read(&input).unwrap(), bytes, "the export is not overwritten");
    assert_eq!(r.code, 2, "{}", r.context());
}

#[test]
fn reject_file_over_the_input_is_refused() {
    let ws = Workspace::new();
    let bytes = Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "")]).cp932();
    let input = ws.write("out/rejected_goq-rakuten-legacy_20241018.csv", &bytes);
    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("rejected_goq-rakuten-legacy_20241018.csv"), "{}", r.stderr);
    assert_eq!(fs::read(&input).unwrap(), bytes, "the input is unchanged");
    assert_eq!(files_under(&ws.out()), ["rejected_goq-rakuten-legacy_20241018.csv"], "nothing else written");
}
