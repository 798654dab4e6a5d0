//! What the page is told: a broken export located by file, line and column, values that look
//! like HTML given back as data, the values no lookup covers, a profile with problems listed with
//! them and not run.

use super::*;

#[test]
fn a_broken_export_says_file_line_and_column() {
    let page = Page::start();
    // The messages asked for in English (the words checked below).
    let run = |profile: &str, files: &[(&str, &[u8])]| page.run_in(Some("en"), profile, files);
    let near_miss =
        Table::new(&GOQ_HEADER.iter().map(|h| if *h == "販売店舗" { "販売店" } else { h }).collect::<Vec<_>>())
            .row(LEGACY, &[])
            .cp932();
    let s = run(LEGACY, &[("near.csv", &near_miss)]);
    assert_eq!(s["state"], "failed", "{s}");
    let e = &s["error"];
    assert_eq!(
        (e["file"].as_str(), e["line"].as_u64(), e["kind"].as_str()),
        (Some("near.csv"), Some(1), Some("input"))
    );
    assert!(e["message"].as_str().unwrap().starts_with("column 2 `販売店`"), "{e}");
    assert!(!e.to_string().contains(page.server().root().to_str().unwrap()), "no server path: {e}");

    let mut unclosed = Table::for_profile(LEGACY).row(LEGACY, &[]).text("\r\n");
    unclosed.push_str("100234-20241018-0000010009,楽天市場店,\"通常購入,処理済\r\n");
    let s = run(LEGACY, &[("unclosed.csv", &sjis(&unclosed))]);
    assert_eq!((s["error"]["file"].as_str(), s["error"]["line"].as_u64()), (Some("unclosed.csv"), Some(3)), "{s}");

    // UTF-16 without a BOM is refused (with one, as Excel writes it, it is read).
    let utf16: Vec<u8> = "受注番号,x\r\n".repeat(20).encode_utf16().flat_map(u16::to_le_bytes).collect();
    let s = run(LEGACY, &[("u16.csv", &utf16)]);
    assert!(s["error"]["message"].as_str().unwrap().contains("UTF-16"), "{s}");

    let legacy = std::fs::read(manifest().join("tests/fixtures/legacy/tuuzyou_edited_in_excel.csv")).unwrap();
    let s = run(YAHOO, &[("tuuzyou.csv", &legacy)]);
    assert!(s["error"]["message"].as_str().unwrap().contains("required column"), "{s}");
    assert_eq!(s["error"]["hint"], "error-hint-input");
    assert!(page.kept().iter().all(|d| !d.join("out").join("yahoo").exists()), "nothing was written");
}

#[test]
fn values_that_look_like_html_come_back_as_data() {
    let page = Page::start();
    let script = "<script>alert(1)</script>";
    let img = "\"><img src=x onerror=alert(1)>";
    let export = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注番号", script)])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010001"), ("配送方法", img)])
        .cp932();
    let s = page.run(LEGACY, &[("html.csv", &export)]);
    let text = s.to_string();
    let as_json = |v: &str| serde_json::to_string(v).unwrap();
    let (script_json, img_json) = (as_json(script), as_json(img));
    assert!(text.contains(&script_json[1..script_json.len() - 1]), "{text}");
    assert!(text.contains(&img_json[1..img_json.len() - 1]), "{text}");
    let r = page.get(&format!("/api/runs/{}", s["id"].as_str().unwrap()));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(!page.get("/").text().contains("alert(1)"), "the page itself holds no data");
}

#[test]
fn the_check_lists_values_no_lookup_covers() {
    let page = Page::start();
    let export = Table::for_profile(LEGACY)
        .row(LEGACY, &[])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010001"), ("受注ステータス", "お取り寄せ中")])
        .cp932();
    let s = page.run(LEGACY, &[("orders.csv", &export)]);
    let c = page.get(&format!("/api/runs/{}/check", s["id"].as_str().unwrap())).json();
    assert_eq!(c["profile"]["valid"], true);
    assert!(c["profile"]["tests"]["run"].as_u64().unwrap() > 0);
    let u = &c["samples"][0]["uncovered"];
    let status = u.as_array().unwrap().iter().find(|u| u["value"] == "お取り寄せ中").unwrap_or_else(|| panic!("{c}"));
    assert_eq!((status["column"].as_str(), status["rows"].as_u64()), (Some("受注ステータス"), Some(1)));
    assert_eq!(status["effect"]["kind"], "rejected");
}

#[test]
fn the_check_sends_a_shipped_profile_to_a_child_made_by_init_and_a_child_to_its_own_file() {
    let export = Table::for_profile(LEGACY).row(LEGACY, &[("受注ステータス", "お取り寄せ中")]).cp932();
    // The shipped profile's own file (the page's mappings are the project's).
    let page = Page::start();
    let s = page.run(LEGACY, &[("orders.csv", &export)]);
    let c = page.get(&format!("/api/runs/{}/check", s["id"].as_str().unwrap())).json();
    assert_eq!(c["builtin"], true, "advice: make a child with init, not edit or copy the file: {c}");
    for lang in ["ja", "en"] {
        let text = page.get(&format!("/api/text?lang={lang}")).json();
        let advice = text["messages"]["where-to-add-builtin"].as_str().unwrap();
        assert!(advice.contains("orderbridge init --base {name} --sample "), "{advice}");
    }
    // A shop's child: the values go into its own file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("my-shop.toml"), format!("extends = \"{LEGACY}\"\ndescription = \"my shop\"\n"))
        .unwrap();
    let page = Page::with(Config { mappings: Some(dir.path().to_path_buf()), ..Config::default() });
    let s = page.run("my-shop", &[("orders.csv", &export)]);
    let c = page.get(&format!("/api/runs/{}/check", s["id"].as_str().unwrap())).json();
    assert_eq!(c["builtin"], false, "{c}");
}

#[test]
fn a_profile_with_problems_is_listed_with_them_and_does_not_run() {
    let page = Page::with(Config { mappings: Some(manifest().join("e2e/fixtures/mappings")), ..Config::default() });
    let profiles = page.get("/api/profiles?lang=en").json();
    let broken = profiles["profiles"].as_array().unwrap().iter().find(|p| p["name"] == "broken-shop").unwrap();
    assert_eq!(broken["valid"], false);
    let problem = broken["problems"][0].as_str().unwrap();
    assert!(problem.contains("broken-shop.toml:5:1: unknown field `encodng`"), "{problem}");
    let (name, bytes) = fixture();
    let s = page.run("broken-shop", &[(name, &bytes)]);
    assert_eq!((s["state"].as_str(), s["error"]["kind"].as_str()), (Some("failed"), Some("profile")), "{s}");
    assert!(s["error"]["message"].as_str().unwrap().contains(":5:1:"));
}
