//! The folder after a run holds exactly that run's upload files: earlier ones archived, a shop's
//! own or edited files left and named, `--strict` and `--dry-run` saying which rows, warned and
//! excluded rows listed beside the reject file, a report into a missing folder named.

use std::fs;
use std::path::Path;

use crate::common::*;

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
