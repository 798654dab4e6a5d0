//! `orderbridge init`: a draft child profile from a sample export — header aliases matched
//! (and how surely), unmatched columns and undecided lookup values as comments, nothing
//! undecided active; stdout by default, `--out` never replacing a file without `--force`.

use std::path::PathBuf;

use orderbridge::i18n::Lang;
use orderbridge::init::{Request, draft};
use orderbridge::run::InputSource;

use crate::common::{AS_OF, GOQ_HEADER, LEGACY, Table, Workspace};

/// A legacy export as a shop's own system writes it: `受注ステータス` in half-width katakana,
/// `最終更新日時` one character short, an extra `備考` column, and statuses the base does not
/// know (`出荷完了` in three rows, `保留中` in one) beside two it does.
fn shop_export(ws: &Workspace) -> PathBuf {
    let mut header: Vec<&str> = GOQ_HEADER.to_vec();
    header.push("備考");
    let mut t = Table::new(&header);
    for status in ["処理済", "出荷完了", "保留中", "出荷完了", "処理済", "出荷完了"] {
        t = t.row(LEGACY, &[("受注ステータス", status), ("備考", "")]);
    }
    let order: Vec<usize> = (0..header.len()).collect();
    let t = t.reshaped(&order, &[("受注ステータス", "受注ｽﾃｰﾀｽ"), ("最終更新日時", "最終更新日")]);
    ws.write("shop.csv", t.cp932_lf())
}

fn init(ws: &Workspace, extra: &[&str]) -> crate::common::RunResult {
    let sample = shop_export(ws);
    let mut args = vec!["init", "--base", LEGACY, "--as-of", AS_OF, "--sample", sample.to_str().unwrap()];
    args.extend(extra);
    ws.run_args(&args)
}

#[test]
fn draft_starts_with_the_schema_directive_and_extends_the_base() {
    let ws = Workspace::new();
    let r = init(&ws, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    assert_eq!(lines.next(), Some("#:schema ./profile.schema.json"));
    assert!(r.stdout.contains("\nextends = \"goq-rakuten-legacy\"\n"), "{}", r.stdout);
}

#[test]
fn renamed_headers_become_aliases_kept_beside_the_base_headers_with_how_sure() {
    let ws = Workspace::new();
    let r = init(&ws, &[]);
    let out = &r.stdout;
    assert!(
        out.contains("# column 4 \"受注ｽﾃｰﾀｽ\" ≈ status (the same after NFKC and invisible characters, certain)"),
        "{out}"
    );
    assert!(out.contains("# column 11 \"最終更新日\" ≈ updated_in (edit distance 1, likely — check)"), "{out}");
    let headers_of = |field: &str| {
        let at = out.find(&format!("[input.fields.{field}]\n")).unwrap_or_else(|| panic!("{field} in {out}"));
        out[at..].lines().nth(1).unwrap().to_string()
    };
    let status = headers_of("status");
    assert!(status.starts_with("headers = [\"受注ステータス\"") && status.ends_with(", \"受注ｽﾃｰﾀｽ\"]"), "{status}");
    let updated = headers_of("updated_in");
    assert!(updated.starts_with("headers = [\"最終更新日時\"") && updated.ends_with(", \"最終更新日\"]"), "{updated}");
    // Columns the base reads as they are are not repeated.
    assert!(!out.contains("[input.fields.order_id]") && !out.contains("\"受注番号\" ≈"), "{out}");
    assert!(r.stderr.contains("Draft: 2 header alias(es), 2 undecided value(s), 4 unused column(s)."), "{}", r.stderr);
}

#[test]
fn unmatched_columns_are_listed_as_comments() {
    let ws = Workspace::new();
    let out = init(&ws, &[]).stdout;
    let title = out.find("# Columns that match no field (this profile does not use them):\n").expect(&out);
    let remark = out.find("\n#   column 13: \"備考\"\n").expect(&out);
    assert!(title < remark, "{out}");
    // A column the base reads (as it is, or through a new alias) is not listed.
    assert!(!out.contains(": \"受注番号\"\n") && !out.contains(": \"受注ｽﾃｰﾀｽ\"\n"), "{out}");
}

#[test]
fn values_no_entry_covers_are_commented_entries_most_rows_first() {
    let ws = Workspace::new();
    let out = init(&ws, &[]).stdout;
    let shipped = out.find("#   { from = [\"出荷完了\"], to = \"?\" },  # ×3 (now: rejected by unknown_status ×3)");
    let held = out.find("#   { from = [\"保留中\"], to = \"?\" },  # ×1 (now: rejected by unknown_status ×1)");
    let table = out.find("# [lookups.rakuten_status]\n# entries = [\n");
    assert!(table.is_some() && shipped.is_some() && held.is_some(), "{out}");
    assert!(table < shipped && shipped < held, "the table, then by count: {out}");
    assert!(!out.contains("\"処理済\"], to"), "a covered value is not offered: {out}");
}

#[test]
fn nothing_undecided_is_active() {
    let ws = Workspace::new();
    let out = init(&ws, &[]).stdout;
    for line in out.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let allowed = line.starts_with("extends = ")
            || line.starts_with("description = ")
            || (line.starts_with("[input.fields.") && line.ends_with(']'))
            || line.starts_with("headers = [")
            || line.starts_with("default = ");
        assert!(allowed, "active line {line:?} in\n{out}");
    }
    let parsed: toml::Table = toml::from_str(&out).expect("the draft is TOML");
    let keys: Vec<&String> = parsed.keys().collect();
    assert_eq!(keys, ["description", "extends", "input"], "{out}");
}

#[test]
fn out_writes_a_new_file_and_refuses_to_overwrite_without_force() {
    let ws = Workspace::new();
    let target = ws.path().join("my-shop.toml");
    let r = init(&ws, &["--out", "my-shop.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "the draft goes to the file only: {}", r.stdout);
    assert!(r.stderr.contains("Draft written to my-shop.toml."), "{}", r.stderr);
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("#:schema ./profile.schema.json\n"), "{written}");

    std::fs::write(&target, "# the shop's own edits\n").unwrap();
    let r = init(&ws, &["--out", "my-shop.toml"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("my-shop.toml already exists: add --force to overwrite it."), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "# the shop's own edits\n", "left as it was");
}

#[test]
fn force_replaces_the_out_file() {
    let ws = Workspace::new();
    let target = ws.path().join("my-shop.toml");
    std::fs::write(&target, "# old\n").unwrap();
    let r = init(&ws, &["--out", "my-shop.toml", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("#:schema ") && written.contains("[input.fields.status]"), "{written}");
}

#[test]
fn a_required_column_nothing_matches_by_name_or_content_is_named_and_lookups_are_not_guessed() {
    let ws = Workspace::new();
    // The renamed column holds no tracking number: nothing fits, so the field stays a question.
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("お荷物伝票番号", "伝票なし")]);
    let order: Vec<usize> = (0..t.header.len()).collect();
    let sample = ws.write("shop.csv", t.reshaped(&order, &[("お荷物伝票番号", "追跡番号")]).cp932_lf());
    let r = ws.run_args(&["init", "--base", LEGACY, "--as-of", AS_OF, "--sample", sample.to_str().unwrap()]);
    assert_eq!(r.code, 0, "the draft is still written: {}", r.stderr);
    assert!(r.stdout.contains("#   column 7: \"追跡番号\""), "{}", r.stdout);
    assert!(!r.stdout.contains("[input.fields.tracking_in]"), "{}", r.stdout);
    assert!(
        r.stdout.contains("# required field tracking_in has no column (accepted names: \"お荷物伝票番号\""),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("# the sample could not be run, so lookup values were not checked: "), "{}", r.stdout);
    assert!(r.stderr.contains("the sample could not be run"), "{}", r.stderr);
}

#[test]
fn a_draft_is_described_by_the_shops_name_else_by_its_file() {
    let ws = Workspace::new();
    let line = |r: &crate::common::RunResult, file: Option<&str>| {
        let text = file.map_or(r.stdout.clone(), |f| std::fs::read_to_string(ws.path().join(f)).unwrap());
        text.lines().find(|l| l.starts_with("description = ")).unwrap_or_else(|| panic!("{text}")).to_string()
    };
    let named = init(&ws, &["--name", "Sample Shop"]);
    assert_eq!(
        line(&named, None),
        "description = \"Profile of Sample Shop (based on goq-rakuten-legacy, made by orderbridge init)\""
    );
    let to_file = init(&ws, &["--out", "my-shop.toml"]);
    assert!(line(&to_file, Some("my-shop.toml")).starts_with("description = \"Profile of my-shop (based on "));
    let plain = init(&ws, &[]);
    assert!(line(&plain, None).starts_with("description = \"Profile of shop (based on "), "the sample's name");
}

#[test]
fn update_adds_new_columns_and_values_as_comments_and_keeps_the_shops_edits() {
    let ws = Workspace::new();
    assert_eq!(init(&ws, &["--out", "my-shop.toml"]).code, 0);
    let kept = ws.path().join("my-shop.toml");
    let edited = std::fs::read_to_string(&kept).unwrap().replace("description = ", "# the shop's note\ndescription = ");
    std::fs::write(&kept, &edited).unwrap();

    // The next day: a new column and a new status beside the ones the draft already lists.
    let mut header: Vec<&str> = GOQ_HEADER.to_vec();
    header.extend(["備考", "ギフト包装"]);
    let mut t = Table::new(&header);
    for status in ["処理済", "出荷完了", "お取り寄せ", "お取り寄せ"] {
        t = t.row(LEGACY, &[("受注ステータス", status), ("備考", ""), ("ギフト包装", "なし")]);
    }
    ws.write("day2.csv", t.cp932_lf());
    let update = ["init", "--update", "my-shop.toml", "--sample", "day2.csv", "--as-of", AS_OF];
    let r = ws.run_args(&update);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("New columns and values added at the end of my-shop.toml as comments."), "{}", r.stderr);
    let updated = std::fs::read_to_string(&kept).unwrap();
    let added =
        updated.strip_prefix(edited.as_str()).unwrap_or_else(|| panic!("the shop's text is kept whole:\n{updated}"));
    assert!(added.contains("\n#   column 14: \"ギフト包装\"\n"), "{added}");
    assert!(
        added.contains("#   { from = [\"お取り寄せ\"], to = \"?\" },  # ×2 (now: rejected by unknown_status ×2)"),
        "{added}"
    );
    assert!(!added.contains("出荷完了") && !added.contains("備考"), "what the draft lists is not repeated: {added}");
    assert!(added.lines().all(|l| l.is_empty() || l.starts_with('#')), "only comments are added: {added}");
    let v = ws.run_args(&["validate-profile", "my-shop.toml"]);
    assert_eq!(v.code, 0, "{}\n{}", v.stdout, v.stderr);

    let again = ws.run_args(&update);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("Nothing to add to my-shop.toml"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), updated, "left as it was");
}

#[test]
fn stdin_as_sample_is_refused() {
    let ws = Workspace::new();
    let r = ws.run_args(&["init", "--base", LEGACY, "--sample", "-"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--sample cannot be - (standard input)"), "{}", r.stderr);
}

#[test]
fn the_draft_speaks_japanese_when_asked() {
    let ws = Workspace::new();
    let sample = InputSource::Path(shop_export(&ws));
    let base = orderbridge::profile::find(LEGACY, Some(ws.path())).unwrap();
    let as_of = jiff::civil::date(2024, 10, 18);
    let req =
        Request { base: &base, extends: LEGACY, sample: &sample, as_of, others: &[], lang: Lang::Ja, name: "shop" };
    let d = draft(&req, orderbridge::engine::compile(&base).unwrap()).unwrap();
    assert!(d.text.contains("≈ status（全角・半角や見えない文字をそろえると同じ、確実）"), "{}", d.text);
    assert!(d.text.contains("# サンプルの受注 6件を、2024-10-18 の日付で調べました。"), "{}", d.text);
    assert!(d.text.contains("# 3件（今は: unknown_status でエラー ×3）"), "{}", d.text);
    assert_eq!(d.undecided(), 2);
}

/// `(value, rows)` of each commented entry of a draft: `{ from = ["V"], to = "?" },  # ×N`.
fn draft_values(draft: &str) -> Vec<(String, u64)> {
    draft
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("#   { from = [")?;
            let (value, rest) = rest.split_once("], to = \"?\" },  # ×")?;
            let rows = rest.split_whitespace().next()?.replace(',', "").parse().ok()?;
            Some((value.to_string(), rows))
        })
        .collect()
}

#[test]
fn the_draft_validates_matches_the_schema_and_validate_profile_lists_exactly_its_undecided_values() {
    let ws = Workspace::new();
    let sample = shop_export(&ws);
    let r = init(&ws, &["--out", "my-shop.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let draft = std::fs::read_to_string(ws.path().join("my-shop.toml")).unwrap();
    let instance: serde_json::Value = toml::from_str(&draft).unwrap();
    let schema = orderbridge::profile::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "the draft matches the profile schema: {errors:?}");
    let mut offered = draft_values(&draft);
    assert_eq!(offered.len(), 2, "{draft}");

    let v = ws.run_args(&["validate-profile", "my-shop.toml", "--sample", sample.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(v.code, 0, "the draft is valid as written:\n{}\n{}", v.stdout, v.stderr);
    assert!(v.stdout.contains("my-shop.toml: valid"), "{}", v.stdout);
    // Each value line of the coverage report: `    COLUMN: "VALUE" ×N — …`.
    let mut listed: Vec<(String, u64)> = v
        .stdout
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("    ")?.split_once(": ")?.1;
            let (value, rest) = rest.split_once(" ×")?;
            let rows = rest.split_whitespace().next()?.parse().ok()?;
            Some((value.to_string(), rows))
        })
        .collect();
    offered.sort();
    listed.sort();
    assert_eq!(listed, offered, "validate-profile --sample:\n{}", v.stdout);
}
