//! The command-line contract (`docs/domain/cli.md`): encodings and layouts giving the same
//! bytes, exit codes, atomic writes, `--dry-run`, `--strict`, several inputs, the report,
//! profile lookup, `list-profiles` and `validate-profile`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A small export touching every output column of the GoQ profiles, Japanese text included:
/// Rakuten rows of each order type and store, a Yahoo! row, a cancelled row, a memo with a
/// comma, a quote and a line break.
fn mixed_table() -> Table {
    Table::new(GOQ_HEADER)
        .row(LEGACY, &[("商品名", "はちみつ, \"特選\"\n1kg")])
        .row(
            LEGACY,
            &[
                ("受注番号", "100234-20241018-0000010001"),
                ("注文種別", "オークション"),
                ("配送方法", "佐川急便"),
                ("お荷物伝票番号", "'５６４７０８７００００６"),
                ("出荷日", "2024-10-17"),
            ],
        )
        .row(
            LEGACY,
            &[
                ("受注番号", "100234-20241018-0000010002"),
                ("販売店舗", "楽天2号店"),
                ("受注ステータス", "発送待ち"),
                ("出荷日", ""),
                ("お荷物伝票番号", ""),
                ("レコードナンバー", ""),
            ],
        )
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010003"), ("受注ステータス", "キャンセル")])
        .row(YAHOO, &[("配送方法", "ゆうパック"), ("お荷物伝票番号", "=\"357296700003\"")])
        .row(YAHOO, &[("受注番号", "sample-store-10000004"), ("受注ステータス", "新規受付")])
}

/// Every file under `out` with its bytes.
fn snapshot(out: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(out).into_iter().map(|f| (f.clone(), fs::read(out.join(&f)).unwrap())).collect()
}

/// The same export as CP932/UTF-8/UTF-8 BOM, CRLF/LF, GoQ's names or aliases, in GoQ's order
/// or shuffled.
fn variants(t: &Table) -> Vec<(&'static str, Vec<u8>)> {
    // 注文番号, 店舗, 購入種別, ステータス, 発送日, 配送業者, 伝票番号, 更新日時.
    let aliases = [
        ("受注番号", "注文番号"),
        ("販売店舗", "店舗"),
        ("注文種別", "購入種別"),
        ("受注ステータス", "ステータス"),
        ("出荷日", "発送日"),
        ("配送方法", "配送業者"),
        ("お荷物伝票番号", "伝票番号"),
        ("最終更新日時", "更新日時"),
    ];
    let shuffled = t.reshaped(&[11, 7, 6, 0, 8, 9, 4, 2, 5, 3, 10, 1], &[]);
    let aliased = t.reshaped(&[7, 6, 0, 11, 8, 4, 2, 5, 9, 3, 10, 1], &aliases);
    let bom = |s: String| {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend(s.into_bytes());
        b
    };
    vec![
        ("cp932 crlf", sjis(&t.text("\r\n"))),
        ("cp932 lf", sjis(&t.text("\n"))),
        ("utf-8 lf", t.text("\n").into_bytes()),
        ("utf-8 crlf", t.text("\r\n").into_bytes()),
        ("utf-8 bom crlf", bom(t.text("\r\n"))),
        ("utf-8 bom lf", bom(t.text("\n"))),
        ("cp932 crlf shuffled", sjis(&shuffled.text("\r\n"))),
        ("utf-8 lf shuffled", shuffled.text("\n").into_bytes()),
        ("cp932 crlf aliases shuffled", sjis(&aliased.text("\r\n"))),
        ("utf-8 bom lf aliases shuffled", bom(aliased.text("\n"))),
    ]
}

#[test]
fn every_encoding_and_layout_gives_identical_upload_bytes() {
    let t = mixed_table();
    for profile in [LEGACY, PAY, YAHOO] {
        let mut first: Option<Vec<(String, Vec<u8>)>> = None;
        for (name, bytes) in variants(&t) {
            let ws = Workspace::new();
            let input = ws.write("orders.csv", bytes);
            let r = ws.run(profile, AS_OF, &[input], &[]);
            assert_eq!(r.code, 0, "{profile} {name}: {}", r.context());
            let want_enc = if name.starts_with("cp932") { "Shift_JIS" } else { "UTF-8" };
            assert_eq!(r.report()["inputs"][0]["encoding"], want_enc, "{profile} {name}");
            let snap = snapshot(&ws.out());
            assert!(!snap.is_empty(), "{profile} {name}: something written");
            match &first {
                None => first = Some(snap),
                Some(f) => {
                    assert!(*f == snap, "{profile} {name}: differs from cp932 crlf: {:?}", files_under(&ws.out()))
                }
            }
        }
    }
}

#[test]
fn legacy_upload_bytes_are_cp932_crlf_minimal_quoting() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", mixed_table().utf8_bom());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(
        r.files(),
        ["rakuten/auction_2024_10_18.csv", "rakuten/tuuzyou_2024_10_18.csv", "rakuten2/tuuzyou_2024_10_18.csv"]
    );
    let want = sjis(concat!(
        "受注番号,受注ステータス,配送日,お荷物伝票番号,レコードナンバー,消費税再計算フラグ,配送会社\r\n",
        "100234-20241018-0000010000,処理済,20241018,357296700003,133100002,0,1001\r\n",
    ));
    assert_eq!(r.bytes("rakuten/tuuzyou_2024_10_18.csv"), want);
    let want = sjis(concat!(
        "受注番号,受注ステータス,配送日,お荷物伝票番号,レコードナンバー,消費税再計算フラグ,配送会社\r\n",
        "100234-20241018-0000010001,処理済,20241017,564708700006,133100002,0,1002\r\n",
    ));
    assert_eq!(r.bytes("rakuten/auction_2024_10_18.csv"), want);
    let want = sjis(concat!(
        "受注番号,受注ステータス,配送日,お荷物伝票番号,レコードナンバー,消費税再計算フラグ,配送会社\r\n",
        "100234-20241018-0000010002,発送待ち,,,,0,1001\r\n",
    ));
    assert_eq!(r.bytes("rakuten2/tuuzyou_2024_10_18.csv"), want);
}

#[test]
fn output_fields_needing_quotes_are_quoted() {
    let ws = Workspace::new();
    // The legacy upload's 受注番号 takes any text (a Yahoo! order id is ASCII letters only).
    let t = Table::new(GOQ_HEADER).row(LEGACY, &[("受注番号", "a,\"b\"")]);
    let input = ws.write("orders.csv", t.cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    let bytes = r.bytes(default_path(LEGACY));
    let want: &[u8] = b"\r\n\"a,\"\"b\"\"\",";
    assert!(bytes.windows(want.len()).any(|w| w == want), "{:?}", String::from_utf8_lossy(&bytes));
}

// ------------------------------------------------------------------------------------------
// Exit codes
// ------------------------------------------------------------------------------------------

#[test]
fn exit_0_when_every_row_is_written_or_excluded() {
    let ws = Workspace::new();
    let t = Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "x"), ("販売店舗", "本店")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!((r.rows("written"), r.rows("excluded"), r.rows("rejected")), (1, 1, 0));
    assert!(r.report()["rejects_file"].is_null());
    assert_eq!(r.files(), [default_path(LEGACY)], "no reject file without rejections");
}

#[test]
fn exit_1_when_some_rows_are_rejected_and_good_rows_are_written() {
    let ws = Workspace::new();
    let t = Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.files(), [default_path(LEGACY), "rejected_goq-rakuten-legacy_20241018.csv"]);
    assert_eq!(r.report()["rejects_file"], "rejected_goq-rakuten-legacy_20241018.csv");
    assert_eq!(r.upload(default_path(LEGACY)).len(), 2, "header and the good row");
}

#[test]
fn exit_2_on_bad_arguments() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let out = ws.out();
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["run".into(), "--profile".into(), LEGACY.into(), "--as-of".into(), AS_OF.into(), input.clone().into()],
        vec!["run".into(), "--out".into(), out.clone().into(), input.clone().into()],
        vec!["run".into(), "--profile".into(), LEGACY.into(), "--out".into(), out.clone().into()],
        vec![
            "run".into(),
            "--profile".into(),
            LEGACY.into(),
            "--out".into(),
            out.clone().into(),
            "--no-such-option".into(),
            input.clone().into(),
        ],
        vec![
            "run".into(),
            "--profile".into(),
            "goq-rakuten-legasy".into(),
            "--as-of".into(),
            AS_OF.into(),
            "--out".into(),
            out.clone().into(),
            input.clone().into(),
        ],
        vec![
            "run".into(),
            "--profile".into(),
            LEGACY.into(),
            "--as-of".into(),
            "18/10/2024".into(),
            "--out".into(),
            out.clone().into(),
            input.clone().into(),
        ],
        vec!["frobnicate".into()],
    ];
    for args in cases {
        let r = ws.run_args(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.context());
        assert!(!r.stderr.trim().is_empty(), "{args:?}: says why");
        assert!(files_under(ws.path()).iter().all(|f| f == "orders.csv"), "{args:?}: nothing written");
    }
}

#[test]
fn unknown_profile_name_suggests_the_close_one() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let r = ws.run("goq-rakuten-legasy", AS_OF, &[input], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("goq-rakuten-legasy") && r.stderr.contains("goq-rakuten-legacy"), "{}", r.stderr);
}

// ------------------------------------------------------------------------------------------
// Atomic writes
// ------------------------------------------------------------------------------------------

fn no_partial_files(root: &Path) {
    let partial: Vec<String> =
        files_under(root).into_iter().filter(|f| f.contains(".orderbridge-") || f.ends_with(".partial")).collect();
    assert!(partial.is_empty(), "temporary files left behind: {partial:?}");
}

#[test]
fn exit_2_for_a_missing_column_writes_no_file() {
    let ws = Workspace::new();
    let mut t = Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "")]);
    t = t.reshaped(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], &[("お荷物伝票番号", "追跡番号")]);
    let input = ws.write("orders.csv", t.cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.report.is_none(), "no report after exit 2");
    assert!(!ws.out().exists(), "--out not even created: {:?}", files_under(&ws.out()));
    no_partial_files(ws.path());
}

#[test]
fn exit_2_for_a_bad_as_of_writes_no_file() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    for as_of in ["2024-13-01", "2024-02-30", "18/10/2024", "today"] {
        let r = ws.run(LEGACY, as_of, std::slice::from_ref(&input), &[]);
        assert_eq!(r.code, 2, "{as_of}: {}", r.context());
        assert!(r.stderr.contains(as_of), "{as_of}: names the value: {}", r.stderr);
        assert!(!ws.out().exists(), "{as_of}: nothing written");
    }
}

#[test]
fn exit_2_leaves_the_previous_output_untouched() {
    let ws = Workspace::new();
    let good = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, std::slice::from_ref(&good), &[]);
    assert_eq!(r.code, 1);
    let before = snapshot(&ws.out());
    let bad = ws.write("bad.csv", sjis("受注番号,販売店舗\r\n1,楽天市場店\r\n"));
    let r = ws.run(LEGACY, AS_OF, &[good, bad], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert_eq!(snapshot(&ws.out()), before, "the earlier files are left as they were");
    no_partial_files(ws.path());
}

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

#[test]
fn no_temporary_file_is_left_after_exit_0_1_or_2() {
    let ws = Workspace::new();
    let input =
        ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "")]).cp932());
    assert_eq!(ws.run(LEGACY, AS_OF, std::slice::from_ref(&input), &[]).code, 1);
    no_partial_files(ws.path());
    let good = ws.write("good.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    assert_eq!(ws.run(LEGACY, AS_OF, &[good], &[]).code, 0);
    no_partial_files(ws.path());
    let bad = ws.write("bad.csv", sjis("受注番号\r\n1\r\n"));
    assert_eq!(ws.run(LEGACY, AS_OF, &[input, bad], &[]).code, 2);
    no_partial_files(ws.path());
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

// ------------------------------------------------------------------------------------------
// Several inputs
// ------------------------------------------------------------------------------------------

#[test]
fn several_inputs_go_into_the_same_files_in_order() {
    let ws = Workspace::new();
    let a = Table::new(GOQ_HEADER)
        .row(LEGACY, &[("レコードナンバー", "1")])
        .row(LEGACY, &[("レコードナンバー", "2")])
        .row(LEGACY, &[("レコードナンバー", "x")]);
    // The second input: UTF-8 with BOM, aliases, another column order; one row repeats a row
    // of the first input (duplicate across inputs), one is rejected.
    let b = Table::new(GOQ_HEADER)
        .row(LEGACY, &[("レコードナンバー", "2")])
        .row(LEGACY, &[("レコードナンバー", "3")])
        .row(LEGACY, &[("受注番号", "")])
        .reshaped(&[11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0], &[("受注番号", "注文番号"), ("最終更新日時", "更新日時")]);
    let pa = ws.write("a.csv", a.cp932_lf());
    let pb = ws.write("b.csv", [&[0xEF, 0xBB, 0xBF][..], b.text("\n").as_bytes()].concat());
    let r = ws.run(LEGACY, AS_OF, &[pa, pb], &[]);
    assert_eq!(r.code, 1, "{}", r.context());
    assert_eq!(r.column(default_path(LEGACY), "レコードナンバー"), ["1", "2", "3"]);
    assert_eq!(r.by_rule("excluded_by_rule"), [("duplicate".to_string(), 1)].into());
    let inputs = r.report()["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 2);
    assert!(inputs[0]["path"].as_str().unwrap().ends_with("a.csv"));
    assert!(inputs[1]["path"].as_str().unwrap().ends_with("b.csv"));
    assert_eq!((inputs[0]["rows"].as_u64(), inputs[1]["rows"].as_u64()), (Some(3), Some(3)));
    assert_eq!((inputs[0]["encoding"].as_str(), inputs[1]["encoding"].as_str()), (Some("Shift_JIS"), Some("UTF-8")));
    assert_eq!(r.rows("read"), 6);
    let rejects = r.reject_rows();
    assert_eq!(rejects.len(), 2);
    assert!(rejects[0][0].ends_with("a.csv") && rejects[0][1] == "4", "{:?}", rejects[0]);
    assert!(rejects[1][0].ends_with("b.csv") && rejects[1][1] == "4", "{:?}", rejects[1]);
    assert!(r.stderr.contains("a.csv") && r.stderr.contains("b.csv"), "the summary names both inputs");
}

#[test]
fn the_same_input_twice_is_refused() {
    let ws = Workspace::new();
    let a = ws.write("a.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932());
    let again = ws.path().join(".").join("a.csv");
    let r = ws.run(LEGACY, AS_OF, &[a, again], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("a.csv"), "{}", r.stderr);
    assert!(!ws.out().exists());
}

// ------------------------------------------------------------------------------------------
// The report and the summary
// ------------------------------------------------------------------------------------------

#[test]
fn report_has_the_documented_keys() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", mixed_table().row(LEGACY, &[("受注番号", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    let rep = r.report();
    for key in [
        "profile",
        "as_of",
        "inputs",
        "rows",
        "excluded_by_rule",
        "rejected_by_rule",
        "warnings_by_rule",
        "files",
        "rejects_file",
    ] {
        assert!(rep.get(key).is_some(), "report has {key}: {rep}");
    }
    assert_eq!(rep["profile"], LEGACY);
    assert_eq!(rep["as_of"], AS_OF);
    for k in ["read", "written", "excluded", "rejected", "warnings"] {
        assert!(rep["rows"][k].is_u64(), "rows.{k}");
    }
    assert_eq!(rep["rows"]["read"], 7);
    for f in rep["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let len = fs::metadata(ws.out().join(path)).unwrap().len();
        assert_eq!(f["bytes"].as_u64().unwrap(), len, "{path}: bytes");
        assert_eq!(f["rows"].as_u64().unwrap() + 1, r.upload(path).len() as u64, "{path}: rows");
    }
    assert_eq!(rep["rejects_file"], "rejected_goq-rakuten-legacy_20241018.csv");
}

#[test]
fn summary_on_stderr_names_counts_rules_and_encoding() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", mixed_table().row(LEGACY, &[("受注番号", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    for text in [
        "read",
        "written",
        "excluded",
        "rejected",
        "cancelled",
        "other_store",
        "missing_order_number",
        "Shift_JIS",
        "orders.csv",
        "rakuten/tuuzyou_2024_10_18.csv",
    ] {
        assert!(r.stderr.contains(text), "summary shows {text}:\n{}", r.stderr);
    }
    assert!(r.stdout.is_empty() || !r.stdout.contains("rakuten"), "the summary is on stderr");
}

#[test]
fn report_and_summary_agree_for_the_fixture() {
    // The bundled CP932 fixture: every count adds up (checked by the helper) and the summary
    // states the same totals as the report.
    let ws = Workspace::new();
    let input = manifest().join("tests/fixtures/goq/orders_2024-10-18.csv");
    let r = ws.run(PAY, AS_OF, &[input], &[]);
    assert!(r.code == 0 || r.code == 1, "{}", r.context());
    for key in ["read", "written", "excluded", "rejected"] {
        let n = r.rows(key).to_string();
        let line = r.stderr.lines().map(str::trim).find(|l| l.starts_with(key));
        let line = line.unwrap_or_else(|| panic!("summary has a {key} line:\n{}", r.stderr));
        assert!(line.ends_with(&format!(" {n}")), "summary {key} = report {n}: {line:?}");
    }
}

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

#[cfg(unix)]
#[test]
fn written_files_have_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let input =
        ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "")]).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 1);
    // What any other program creates here, under the same umask.
    let probe = ws.out().join("probe");
    fs::write(&probe, b"x").unwrap();
    let want = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    for f in [default_path(LEGACY), "rejected_goq-rakuten-legacy_20241018.csv"] {
        let mode = fs::metadata(ws.out().join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, want, "{f}: mode {mode:o}, expected {want:o}");
    }
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
fn exit_2_for_an_unwritable_report_leaves_no_output_file() {
    let ws = Workspace::new();
    let input =
        ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "")]).cp932());
    let report = ws.path().join("no-such-dir").join("report.json");
    let r = ws.run_args(&[
        "run".as_ref(),
        "--profile".as_ref(),
        LEGACY.as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        ws.out().as_os_str(),
        "--report".as_ref(),
        report.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("report.json"), "{}", r.stderr);
    assert_eq!(files_under(&ws.out()), Vec::<String>::new(), "exit 2: no output file exists afterwards");
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

#[test]
fn duplicates_are_per_output_file() {
    // The same 受注番号 + レコードナンバー routed to two files is written to both.
    let ws = Workspace::new();
    let t = Table::new(GOQ_HEADER).row(LEGACY, &[]).row(LEGACY, &[("注文種別", "共同購入")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("written"), 2);
    assert_eq!(r.files(), ["rakuten/kyoudou_2024_10_18.csv", "rakuten/tuuzyou_2024_10_18.csv"]);
}

#[test]
fn values_and_headers_are_trimmed() {
    let ws = Workspace::new();
    let mut t = Table::new(GOQ_HEADER)
        .row(LEGACY, &[("受注ステータス", " 処理済\u{3000}"), ("販売店舗", "\u{3000}楽天市場店 ")]);
    t.header[0] = " 受注番号\u{3000}".into();
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.column(default_path(LEGACY), "受注ステータス"), ["処理済"]);
}
