//! `orderbridge init` on exports whose required columns have other names: each is found by
//! what it holds (the base's lookups, date forms, checks and patterns), and the draft runs as
//! the base runs on the export as GoQ names it; the sample's values are checked through the
//! guessed columns.

use std::path::PathBuf;

use crate::common::{AS_OF, LEGACY, Table, Workspace, cases, decode_cp932, files_under, sjis};

/// The shared GoQ fixture (120 orders of several stores, with defects) with header cells
/// renamed, in CP932 as GoQ writes it.
fn fixture_renamed(ws: &Workspace, name: &str, rename: &[(&str, &str)]) -> PathBuf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/goq/orders_2024-10-18.csv");
    let text = decode_cp932(&std::fs::read(path).unwrap());
    let (header, rest) = text.split_once('\n').unwrap();
    let header: Vec<&str> = header
        .trim_end_matches('\r')
        .split(',')
        .map(|cell| rename.iter().find(|(from, _)| *from == cell).map_or(cell, |(_, to)| *to))
        .collect();
    ws.write(name, sjis(&format!("{}\r\n{rest}", header.join(","))))
}

/// `run` of `profile` over `input` into `out`, its report beside it, without a ledger.
fn run_into(ws: &Workspace, profile: &str, input: &std::path::Path, out: &str) -> crate::common::RunResult {
    let report = format!("{out}.json");
    let input = input.to_str().unwrap();
    let r = ws.run_args(&[
        "run",
        "--profile",
        profile,
        "--as-of",
        AS_OF,
        "--no-ledger",
        "--out",
        out,
        "--report",
        &report,
        input,
    ]);
    assert!(r.code <= 1, "{profile}: {}", r.stderr);
    r
}

/// Every file of `out`: uploads byte for byte; the reject and warned lists without their
/// first column (the input file's name) and header row (the input's own header).
fn results(ws: &Workspace, out: &str) -> Vec<(String, Vec<u8>)> {
    let root = ws.path().join(out);
    files_under(&root)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(&rel)).unwrap();
            let Some(kind) = ["rejected_", "warned_"].into_iter().find(|k| rel.starts_with(k)) else {
                return (rel, bytes);
            };
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let rows: Vec<String> =
                text.lines().skip(1).map(|l| l.split_once(',').map_or("", |(_, r)| r).to_string()).collect();
            (kind.to_string(), rows.join("\n").into_bytes())
        })
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .collect()
}

/// One required field's column renamed (to a name no profile accepts, far from its own): the
/// draft takes the column for what it holds, validates as written, and runs with the very
/// result of the base on the export as GoQ names it.
fn renamed_column_is_found_by_content(header: &str, renamed: &str, field: &str, column: usize) {
    let ws = Workspace::new();
    let original = fixture_renamed(&ws, "orders.csv", &[]);
    let sample = fixture_renamed(&ws, "renamed.csv", &[(header, renamed)]);
    let r = ws.run_args(&["init", "--base", LEGACY, "--as-of", AS_OF, "--sample", "renamed.csv", "--out", "shop.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let draft = std::fs::read_to_string(ws.path().join("shop.toml")).unwrap();
    let said = format!("# column {column} \"{renamed}\" ≈ {field} (by its values: ");
    assert!(draft.contains(&said), "{said} in\n{draft}");
    let at = draft.find(&format!("\n[input.fields.{field}]\nheaders = [")).unwrap_or_else(|| panic!("{draft}"));
    let headers = draft[at..].lines().nth(2).unwrap();
    assert!(headers.ends_with(&format!(", \"{renamed}\"]")), "an active alias: {headers}");
    assert!(!draft.contains(&format!("required field {field} has no column")), "{draft}");

    let v = ws.run_args(&["validate-profile", "shop.toml"]);
    assert_eq!(v.code, 0, "the draft validates as written:\n{}\n{}", v.stdout, v.stderr);
    let base = run_into(&ws, LEGACY, &original, "base");
    let shop = run_into(&ws, "shop.toml", &sample, "shop");
    assert_eq!(base.code, shop.code);
    let rows = |out: &str| {
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(ws.path().join(format!("{out}.json"))).unwrap()).unwrap();
        report["rows"].clone()
    };
    assert_eq!(rows("shop"), rows("base"), "the same rows written, excluded and rejected, by the same rules");
    assert_eq!(results(&ws, "shop"), results(&ws, "base"), "the same files");
}

cases!(renamed_column_is_found_by_content {
    order_number_by_the_shape_of_its_numbers: "受注番号", "注文ID", "order_number", 1;
    status_by_the_status_table: "受注ステータス", "対応状況", "status", 4;
    ship_date_by_the_date_forms: "出荷日", "発送完了日", "ship_date_in", 5;
    method_by_the_carrier_patterns: "配送方法", "配送サービス", "method", 6;
    tracking_number_by_the_tracking_checks: "お荷物伝票番号", "追跡番号", "tracking_in", 7;
    last_update_by_the_date_forms: "最終更新日時", "変更日時", "updated_in", 11;
});

#[test]
fn several_renamed_columns_are_found_together_and_a_tie_on_content_names_the_other_column() {
    let ws = Workspace::new();
    fixture_renamed(
        &ws,
        "renamed.csv",
        &[("受注ステータス", "対応状況"), ("お荷物伝票番号", "追跡番号"), ("出荷日", "発送完了日")],
    );
    let r = ws.run_args(&["init", "--base", LEGACY, "--as-of", AS_OF, "--sample", "renamed.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (column, name, field) in
        [(4, "対応状況", "status"), (5, "発送完了日", "ship_date_in"), (7, "追跡番号", "tracking_in")]
    {
        assert!(r.stdout.contains(&format!("# column {column} \"{name}\" ≈ {field} (by its values: ")), "{}", r.stdout);
    }
    // The order date holds dates too: the name decided, and the draft says what else fits.
    assert!(r.stdout.contains("\"注文日時\" fit too, unsure — check which column it is)"), "{}", r.stdout);
    assert!(r.stdout.contains("pass where a wrong value meets unknown_status; likely — check)"), "{}", r.stdout);
}

#[test]
fn lookups_are_checked_through_a_guessed_column_and_values_an_earlier_rule_decided_are_not_drafted() {
    let ws = Workspace::new();
    let mut t = Table::for_profile(LEGACY);
    for status in ["処理済", "出荷完了", "処理済", "キャンセル"] {
        t = t.row(LEGACY, &[("受注ステータス", status)]);
    }
    let t = t.row(LEGACY, &[("販売店舗", "Yahoo!ショッピング店")]);
    let order: Vec<usize> = (0..t.header.len()).collect();
    let sample = ws.write("shop.csv", t.reshaped(&order, &[("受注ステータス", "対応状況")]).cp932_lf());
    let r = ws.run_args(&["init", "--base", LEGACY, "--as-of", AS_OF, "--sample", sample.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(out.contains("# column 4 \"対応状況\" ≈ status (by its values: "), "{out}");
    // The sample ran with the guessed column: the unknown status is listed with its count.
    assert!(
        out.contains("#   { from = [\"出荷完了\"], to = \"?\" },  # ×1 (now: rejected by unknown_status ×1)"),
        "{out}"
    );
    // Another store's and a cancelled order's values are named, never offered as entries.
    assert!(
        !out.contains("{ from = [\"Yahoo!ショッピング店\"]") && !out.contains("{ from = [\"キャンセル\"]"),
        "{out}"
    );
    assert!(out.contains("#   lookup store_folder: \"Yahoo!ショッピング店\" (excluded by other_store ×1)"), "{out}");
    assert!(out.contains("#   lookup rakuten_status: \"キャンセル\" (excluded by cancelled ×1)"), "{out}");
    assert!(r.stderr.contains(" 1 undecided value(s)"), "{}", r.stderr);
}
