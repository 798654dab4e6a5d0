//! The page answers in the language of each request (`Accept-Language`, or the page's own
//! choice as `?lang=`), never in the server process's: one failed run reads in English to one
//! browser and in Japanese to another, and so does its profile check.

use super::*;

/// The status of run `id` as a browser asking in `accept_language` gets it.
fn status_in(page: &Page, id: &str, accept_language: &str) -> Value {
    let r = Request::new("GET", &format!("/api/runs/{id}?wait=30000"))
        .header("Cookie", &page.cookie)
        .header("Accept-Language", accept_language)
        .send(page.addr);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[test]
fn a_failed_run_is_told_in_the_language_of_the_request() {
    let page = Page::start();
    // A Yahoo! profile given a legacy export: required columns are missing.
    let legacy = std::fs::read(manifest().join("tests/fixtures/legacy/tuuzyou_edited_in_excel.csv")).unwrap();
    let r = page.post(&[("profile", YAHOO), ("as_of", AS_OF)], &[("tuuzyou.csv", &legacy)]);
    assert_eq!(r.status, 202, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();

    let en = status_in(&page, &id, "en");
    assert_eq!(en["state"], "failed", "{en}");
    let (message, text) = (en["error"]["message"].as_str().unwrap(), en["error"]["text"].as_str().unwrap());
    assert!(message.contains("required column") && message.contains("the header has:"), "{en}");
    assert!(text.starts_with("tuuzyou.csv:1: required column"), "{en}");

    let ja = status_in(&page, &id, "ja,en;q=0.5");
    let (message, text) = (ja["error"]["message"].as_str().unwrap(), ja["error"]["text"].as_str().unwrap());
    assert!(message.contains("の列がありません") && message.contains("この受注データの列:"), "{ja}");
    assert!(text.starts_with("tuuzyou.csv（1行目）：受注データに"), "{ja}");
    assert!(!message.contains("required column"), "no English left: {ja}");
    // The same facts either way; only the words differ.
    for key in ["kind", "hint", "file", "line"] {
        assert_eq!(en["error"][key], ja["error"][key], "{key}");
    }
    // The page's own choice (`?lang=`) wins over the browser's languages.
    let chosen = Request::new("GET", &format!("/api/runs/{id}?lang=en"))
        .header("Cookie", &page.cookie)
        .header("Accept-Language", "ja")
        .send(page.addr)
        .json();
    assert_eq!(chosen["error"], en["error"]);
}

#[test]
fn a_profile_that_does_not_compile_is_told_in_the_language_of_the_request() {
    let page = Page::with(Config { mappings: Some(manifest().join("e2e/fixtures/mappings")), ..Config::default() });
    let (name, bytes) = fixture();
    let r = page.post(&[("profile", "broken-shop"), ("as_of", AS_OF)], &[(name, &bytes)]);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let en = status_in(&page, &id, "en");
    let ja = status_in(&page, &id, "ja");
    assert_eq!((en["error"]["kind"].as_str(), ja["error"]["kind"].as_str()), (Some("profile"), Some("profile")));
    assert_ne!(en["error"]["message"], ja["error"]["message"], "{en} {ja}");
    let in_lang = |lang: &str| {
        let path = format!("/api/profiles?lang={lang}");
        let profiles = Request::new("GET", &path).header("Cookie", &page.cookie).send(page.addr).json();
        let broken = profiles["profiles"].as_array().unwrap().iter().find(|p| p["name"] == "broken-shop").cloned();
        broken.unwrap()["problems"][0].as_str().unwrap().to_string()
    };
    assert!(in_lang("en").contains("unknown field `encodng`"), "{}", in_lang("en"));
    assert_ne!(in_lang("en"), in_lang("ja"));
}

#[test]
fn the_page_speaks_japanese_or_english() {
    let page = Page::start();
    let ja = page.get("/").text();
    assert!(ja.contains("<html lang=\"ja\">") && ja.contains("変換する"));
    let r = Request::new("GET", "/").header("Cookie", &page.cookie).header("Accept-Language", "en-US,en;q=0.9");
    assert!(r.send(page.addr).text().contains("<html lang=\"en\">"));
    let text = page.get("/api/text?lang=ja").json();
    assert_eq!(text["messages"]["n-rows"], "{n}件");
    let profiles = page.get("/api/profiles").json();
    let names: Vec<&str> =
        profiles["profiles"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["goq-base", LEGACY, PAY, YAHOO, CHECK]);
    // The base is listed, valid, and not a profile to run.
    let base = &profiles["profiles"][0];
    assert_eq!((base["valid"].as_bool(), base["runnable"].as_bool()), (Some(true), Some(false)), "{base}");
    assert_eq!(profiles["profiles"][1]["runnable"], true);
    // Each described for the shop's staff: the screen its upload goes to.
    let pay = profiles["profiles"][2]["description"].as_str().unwrap();
    assert!(pay.contains("RMS › 受注・決済管理 › 更新データのアップロード（楽天ペイ）"), "{pay}");
}
