//! Which store, which screen: each upload file's display name and destination note
//! (`[output] file_label`, `file_note`) in the report and beside it in the summary; the
//! shipped profiles describe themselves for operators (the screen each upload goes to, legacy
//! or 楽天ペイ) in `list-profiles`.

use crate::common::*;

const PAY_SCREEN: &str = "RMS › 受注・決済管理 › 更新データのアップロード（楽天ペイ）";

#[test]
fn each_file_names_its_store_and_upload_screen_in_the_report_and_the_summary() {
    let ws = Workspace::new();
    let t = Table::for_profile(PAY)
        .row(PAY, &[("販売店舗", "楽天市場")])
        .row(PAY, &[("受注番号", "100234-20241018-0000010099"), ("販売店舗", "楽天2号店")]);
    let r = ws.run_table(PAY, &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = r.report()["files"].as_array().unwrap();
    let got: Vec<(&str, &str, &str)> = files
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["label"].as_str().unwrap(), f["note"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("rakuten/hassou_20241018.csv", "楽天市場店", PAY_SCREEN),
            ("rakuten2/hassou_20241018.csv", "楽天2号店", PAY_SCREEN)
        ],
        "the store's name, not the GoQ value of the first row (楽天市場)"
    );
    let summary = format!("{}{}", r.stdout, r.stderr);
    let line = |path: &str| summary.lines().find(|l| l.contains(path)).unwrap_or_else(|| panic!("{summary}"));
    assert!(line("rakuten/hassou_").ends_with("  楽天市場店"), "{summary}");
    assert!(line("rakuten2/hassou_").ends_with("  楽天2号店"), "{summary}");
    assert_eq!(summary.matches(&format!("upload at: {PAY_SCREEN}")).count(), 2, "a note under each file: {summary}");
}

#[test]
fn the_legacy_files_name_the_order_type_to_choose_in_rms() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[]).row(
        LEGACY,
        &[("受注番号", "100234-20241018-0000010099"), ("注文種別", "共同購入"), ("販売店舗", "楽天2号店")],
    );
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files: Vec<(String, String)> = r.report()["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["label"].as_str().unwrap().to_string(), f["note"].as_str().unwrap().to_string()))
        .collect();
    let screen = "RMS › 受注・問い合わせ管理 › データダウンロード › データアップロード";
    assert_eq!(
        files,
        [
            ("楽天市場店".to_string(), format!("{screen}（通常購入）")),
            ("楽天2号店".to_string(), format!("{screen}（共同購入）"))
        ]
    );
}

/// A small profile routing every row to one file, with `output` added to its `[output]`.
fn labelled_profile(output: &str) -> String {
    let body = "[input.fields]\nstore = { headers = [\"店舗\"] }\nid = { headers = [\"ID\"] }\n";
    small_profile(body, ("ID", "id")).replacen("path = \"out.csv\"\n", &format!("path = \"out.csv\"\n{output}\n"), 1)
}

#[test]
fn a_file_takes_its_label_and_note_from_its_first_row() {
    let ws = Workspace::new();
    let profile = ws.write("shop.toml", labelled_profile("file_label = \"{store}店\"\nfile_note = \"ID {id} から\""));
    let input = ws.write("orders.csv", "店舗,ID\n本店,1\n支店,2\n");
    let r = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = &r.report()["files"][0];
    assert_eq!((file["label"].as_str(), file["note"].as_str()), (Some("本店店"), Some("ID 1 から")), "{file}");
}

#[test]
fn a_profile_without_labels_reports_its_files_as_before() {
    let ws = Workspace::new();
    let profile = ws.write("shop.toml", labelled_profile(""));
    let input = ws.write("orders.csv", "店舗,ID\n本店,1\n");
    let r = ws.run(profile.to_str().unwrap(), AS_OF, &[input], &[]);
    let file = r.report()["files"][0].as_object().unwrap();
    assert_eq!(file.keys().collect::<Vec<_>>(), ["bytes", "path", "rows"]);
}

#[test]
fn validate_profile_refuses_a_label_naming_an_unknown_value_with_its_location() {
    let ws = Workspace::new();
    let validate = |profile: &std::path::Path| {
        let out = bin().current_dir(ws.path()).args(["validate-profile"]).arg(profile).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let good = ws.write("good.toml", labelled_profile("file_label = \"{store}\"\nfile_note = \"{id}\""));
    let (ok, said) = validate(&good);
    assert!(ok, "{said}");
    for key in ["file_label", "file_note"] {
        let text = labelled_profile(&format!("{key} = \"{{store}} {{stor_name}}\""));
        let profile = ws.write("shop.toml", &text);
        let line = text.lines().position(|l| l.starts_with(key)).unwrap() + 1;
        let (ok, said) = validate(&profile);
        assert!(!ok, "{said}");
        assert!(said.contains(&format!("shop.toml:{line}:")), "located: {said}");
        assert!(said.contains("{stor_name}") && said.contains("store"), "names it, with a hint: {said}");
    }
}

#[test]
fn list_profiles_describes_each_shipped_profile_for_an_operator() {
    let ws = Workspace::new();
    let out = bin().current_dir(ws.path()).env_remove("ORDERBRIDGE_MAPPINGS").arg("list-profiles").output().unwrap();
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{listed}");
    assert!(!listed.contains("GoQ export"), "no developer's arrows: {listed}");
    let line = |name: &str| {
        listed.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap_or_else(|| panic!("{listed}")).to_string()
    };
    assert!(line(PAY).contains(PAY_SCREEN), "{listed}");
    let legacy = line(LEGACY);
    assert!(legacy.contains("RMS › 受注・問い合わせ管理 › データダウンロード › データアップロード"), "{legacy}");
    assert!(legacy.contains("楽天ペイの店舗は goq-rakuten-pay"), "when to use which: {legacy}");
    assert!(line(YAHOO).contains("Yahoo!ショッピング") && line(CHECK).contains("Excel"), "{listed}");
    for name in ["goq-base", LEGACY, PAY, YAHOO, CHECK] {
        assert!(has_japanese(&line(name)), "{name}: {listed}");
    }
}
