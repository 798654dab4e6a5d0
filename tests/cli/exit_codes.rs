//! Exit codes 0, 1 and 2, and what an exit 2 leaves: no file, no partial file, the previous
//! output untouched.

use super::{no_partial_files, snapshot};
use crate::common::*;

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
