//! The shop's day on the page: several profiles chosen (the shop file's to begin with) run
//! over the same export as one run, a part per profile; a run of an upload that adds asks
//! whether earlier files were uploaded and goes on with the answer; each upload file is
//! confirmed, and the confirm undone, by its id in the ledger; times in the profile's zone.

use super::*;

fn post_empty(page: &Page, path: &str) -> Response {
    Request::new("POST", path).header("Cookie", &page.cookie).header("Origin", &page.origin()).send(page.addr)
}

/// 楽天ペイ orders `1..=n`, each with its own tracking number.
fn pay_orders(n: u32) -> Vec<u8> {
    let mut t = Table::for_profile(PAY);
    for i in 1..=n {
        let number = format!("100234-20241018-{i:010}");
        let tracking = crate::adding_uploads::tracking(u64::from(i));
        t = t.row(PAY, &[("受注番号", &number), ("お荷物伝票番号", &tracking)]);
    }
    t.cp932_lf()
}

/// Follows run `id` until it is no longer running or waiting.
fn follow(page: &Page, id: &str) -> Value {
    let started = Instant::now();
    loop {
        let s = page.get(&format!("/api/runs/{id}?wait=5000")).json();
        if s["state"] != "running" && s["state"] != "waiting" {
            return s;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "the run does not finish");
    }
}

/// Posts a run of `profiles` as of `day` and follows it.
fn run_on(page: &Page, profiles: &[&str], day: &str, files: &[(&str, &[u8])]) -> Value {
    let mut fields: Vec<(&str, &str)> = profiles.iter().map(|p| ("profile", *p)).collect();
    fields.push(("as_of", day));
    let r = page.post(&fields, files);
    assert_eq!(r.status, 202, "{}", r.text());
    follow(page, r.json()["id"].as_str().unwrap())
}

fn with_ledger(dir: &tempfile::TempDir) -> Page {
    Page::with(Config { ledger: Some(dir.path().join("history.sqlite")), ..Config::default() })
}

/// Day one's 楽天ペイ run, then day two's over the same export: it stops and asks.
fn asked(page: &Page, export: &[u8]) -> Value {
    let first = run_on(page, &[PAY], "2024-10-18", &[("orders.csv", export)]);
    assert_eq!(first["state"], "done", "{first}");
    assert_eq!(first["result"]["counts"]["written"], 3, "{first}");
    let second = run_on(page, &[PAY], "2024-10-19", &[("orders.csv", export)]);
    assert_eq!(second["state"], "pending", "{second}");
    second
}

#[test]
fn a_run_that_adds_asks_about_earlier_files_and_goes_on_with_either_answer() {
    let export = pay_orders(3);
    for (answer, written, already_sent) in [("uploaded", 0, 3), ("not-uploaded", 3, 0)] {
        let dir = tempfile::tempdir().unwrap();
        let page = with_ledger(&dir);
        let asked = asked(&page, &export);
        let id = asked["id"].as_str().unwrap();
        // The earlier file: its path now, when it was written (in the profile's zone), its rows.
        let file = &asked["files"][0];
        assert_eq!(asked["files"].as_array().unwrap().len(), 1, "{asked}");
        // An earlier run of the page: its path under that run's output folder, as the page showed it.
        assert_eq!(file["path"], default_path(PAY), "{file}");
        assert!(file["written_at"].as_str().unwrap().ends_with(" JST"), "{file}");
        assert_eq!((file["profile"].as_str(), file["rows"].as_u64()), (Some(PAY), Some(3)));
        // Nothing was written yet; an answer that is neither is refused.
        assert!(page.get(&format!("/api/runs/{id}/files/0")).status == 404);
        assert_eq!(post_empty(&page, &format!("/api/runs/{id}/answer?previous=maybe")).status, 400);

        let r = post_empty(&page, &format!("{}?previous={answer}", asked["answer_url"].as_str().unwrap()));
        assert_eq!(r.status, 200, "{}", r.text());
        let done = follow(&page, id);
        assert_eq!(done["state"], "done", "{answer}: {done}");
        let result = &done["result"];
        assert_eq!(result["counts"]["written"], written, "{answer}: {}", result["counts"]);
        assert_eq!(result["report"]["excluded_by_rule"]["already_sent"].as_u64().unwrap_or(0), already_sent);
        // A run that asks nothing any more cannot be answered again.
        assert_eq!(post_empty(&page, &format!("/api/runs/{id}/answer?previous={answer}")).status, 409);
    }
}

#[test]
fn an_upload_file_is_confirmed_and_the_confirm_undone_by_its_own_button() {
    let dir = tempfile::tempdir().unwrap();
    let page = with_ledger(&dir);
    let export = pay_orders(3);
    let first = run_on(&page, &[PAY], "2024-10-18", &[("orders.csv", &export)]);
    let file = &first["result"]["files"][0];
    assert_eq!(file["status"]["state"], "unknown", "{file}");

    let confirmed = post_empty(&page, file["confirm_url"].as_str().unwrap());
    assert_eq!(confirmed.status, 200, "{}", confirmed.text());
    let status = &confirmed.json()["status"];
    assert_eq!(status["state"], "uploaded");
    assert!(status["confirmed_at"].as_str().unwrap().ends_with(" JST"), "{status}");

    let undone = post_empty(&page, file["unsent_url"].as_str().unwrap());
    assert_eq!(undone.status, 200, "{}", undone.text());
    let status = &undone.json()["status"];
    assert_eq!((status["state"].as_str(), status["confirmed_at"].is_null()), (Some("not_uploaded"), true));
    assert!(status["unsent_at"].as_str().unwrap().ends_with(" JST"), "{status}");

    // Marked not uploaded: the next day writes those rows again without asking.
    let second = run_on(&page, &[PAY], "2024-10-19", &[("orders.csv", &export)]);
    assert_eq!(second["state"], "done", "{second}");
    assert_eq!(second["result"]["counts"]["written"], 3);

    // Confirmed again: the day after holds them back, without asking either.
    let file = &second["result"]["files"][0];
    assert_eq!(post_empty(&page, file["confirm_url"].as_str().unwrap()).json()["status"]["state"], "uploaded");
    let third = run_on(&page, &[PAY], "2024-10-20", &[("orders.csv", &export)]);
    assert_eq!(third["state"], "done", "{third}");
    assert_eq!(third["result"]["counts"]["written"], 0, "{}", third["result"]["counts"]);
}

#[test]
fn several_profiles_run_at_once_with_a_part_each_and_every_file_served() {
    let dir = tempfile::tempdir().unwrap();
    let page = with_ledger(&dir);
    let export = Table::for_profile(PAY).row(PAY, &[]).row(YAHOO, &[]).cp932_lf();
    let done = run_on(&page, &[PAY, YAHOO], AS_OF, &[("orders.csv", &export)]);
    assert_eq!(done["state"], "done", "{done}");
    let parts = done["parts"].as_array().unwrap();
    let names: Vec<&str> = parts.iter().map(|p| p["profile"].as_str().unwrap()).collect();
    assert_eq!(names, [PAY, YAHOO]);
    assert_eq!(done["result"]["profile"], PAY);
    // Each part's upload file is its own, served at its own place in the run's list, and
    // each can be confirmed on its own.
    let mut urls = Vec::new();
    for (part, profile) in parts.iter().zip([PAY, YAHOO]) {
        let f = &part["files"][0];
        assert_eq!(f["path"], default_path(profile), "{part}");
        let got = page.get(f["url"].as_str().unwrap());
        assert_eq!(got.status, 200);
        assert_eq!(got.body.len() as u64, f["bytes"].as_u64().unwrap());
        urls.push(f["url"].as_str().unwrap().to_string());
        let r = post_empty(&page, f["confirm_url"].as_str().unwrap());
        assert_eq!(r.json()["status"]["state"], "uploaded", "{}", r.text());
    }
    assert_ne!(urls[0], urls[1]);
    // The zip holds both profiles' files.
    let zip = page.get(parts[1]["zip_url"].as_str().unwrap());
    assert_eq!(zip.status, 200);
    let names = zip_names(&zip.body);
    for profile in [PAY, YAHOO] {
        assert!(names.contains(&default_path(profile).to_string()), "{names:?}");
    }
    // An unknown profile among them refuses the whole run.
    let r = page.post(&[("profile", PAY), ("profile", "no-such"), ("as_of", AS_OF)], &[("orders.csv", &export)]);
    assert_eq!(r.status, 400, "{}", r.text());
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().unwrap().to_string()).collect()
}

#[test]
fn the_shop_files_profiles_are_listed_chosen() {
    let page = Page::with(Config { preselected: vec![PAY.into(), YAHOO.into()], ..Config::default() });
    assert_eq!(page.get("/api/profiles").json()["preselected"], serde_json::json!([PAY, YAHOO]));
    let plain = Page::start();
    assert_eq!(plain.get("/api/profiles").json()["preselected"], serde_json::json!([]));
}

/// `serve` reads the shop file as `run` does: one it cannot read stops it before it serves.
#[test]
fn serve_refuses_a_shop_file_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let shop = dir.path().join("orderbridge.toml");
    std::fs::write(&shop, "profiles = 3\n").unwrap();
    // A serve that did not refuse would serve for ever: a failure after a minute, not a hang.
    let out = bin()
        .args(["serve", "--port", "0", "--shop"])
        .arg(&shop)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("serve stopped (it must refuse the shop file, not serve)");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("orderbridge.toml"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
