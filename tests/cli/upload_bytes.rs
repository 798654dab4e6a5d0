//! The upload files' bytes: every encoding and layout of an export gives the same bytes, CP932
//! with CRLF and minimal quoting, values and headers trimmed, duplicates per output file, several
//! inputs in order (the same one twice refused), ordinary permissions.

use std::fs;

use super::{mixed_table, snapshot};
use crate::common::*;

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
