//! `serve --ledger`: the page's runs are recorded in the same ledger as the command line's
//! and consult it the same way; a file is confirmed with one request per file; an order is
//! looked up by the beginning of its number.

use super::*;

fn post_empty(page: &Page, path: &str) -> Response {
    Request::new("POST", path).header("Cookie", &page.cookie).header("Origin", &page.origin()).send(page.addr)
}

#[test]
fn the_page_records_its_runs_confirms_files_and_looks_orders_up() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("history.sqlite");
    let page = Page::with(Config { ledger: Some(ledger.clone()), ..Config::default() });
    assert_eq!(page.get("/api/ledger").json()["enabled"], true);
    let export = Table::for_profile(LEGACY).row(LEGACY, &[]).cp932_lf();

    let first = page.run(LEGACY, &[("orders.csv", &export)]);
    assert_eq!(first["state"], "done", "{first}");
    let result = &first["result"];
    assert_eq!(result["ledger"]["new"], 1);
    let file = &result["files"][0];
    let confirm = file["confirm_url"].as_str().unwrap();

    // The command line sees the page's run in the same ledger, unconfirmed.
    let files = bin().args(["ledger", "--ledger"]).arg(&ledger).args(["files", "--json"]).output().unwrap();
    let files: Value = serde_json::from_slice(&files.stdout).unwrap();
    assert_eq!(files[0]["path"], file["path"]);
    assert!(files[0]["confirmed_at"].is_null());

    // Confirming needs the page's own origin, like every change.
    let foreign = Request::new("POST", confirm).header("Cookie", &page.cookie).header("Origin", "http://evil.example");
    assert_eq!(foreign.send(page.addr).status, 403);
    let r = post_empty(&page, confirm);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["confirmed"][0]["files"][0]["confirmed_at"].is_string());

    // The next run of the same export holds the row back, as the command line would.
    let second = page.run(LEGACY, &[("orders.csv", &export)]);
    assert_eq!(second["result"]["counts"]["written"], 0, "{second}");
    assert_eq!(second["result"]["report"]["excluded_by_rule"]["already_sent"], 1);

    // The lookup box: the order's story, by the beginning of its number.
    let number = rakuten_defaults()[0].1;
    let found = page.get(&format!("/api/ledger/show?key={}", &number[..10])).json();
    let outcomes: Vec<&str> =
        found["entries"].as_array().unwrap().iter().map(|e| e["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["written", "excluded"]);
    assert_eq!(found["entries"][0]["key"][0], number);
    assert!(page.get("/api/ledger/show?key=").status == 400);
}

#[test]
fn without_a_ledger_the_page_has_no_confirm_button() {
    let page = Page::start();
    assert_eq!(page.get("/api/ledger").json()["enabled"], false);
    let export = Table::for_profile(LEGACY).row(LEGACY, &[]).cp932_lf();
    let run = page.run(LEGACY, &[("orders.csv", &export)]);
    assert!(run["result"]["files"][0]["confirm_url"].is_null());
    assert!(run["result"]["ledger"].is_null());
    let id = run["id"].as_str().unwrap();
    assert_eq!(post_empty(&page, &format!("/api/runs/{id}/files/0/confirm")).status, 404);
}
