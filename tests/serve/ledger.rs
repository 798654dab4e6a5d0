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
    assert_eq!(r.json()["status"]["state"], "uploaded", "{}", r.text());
    assert!(r.json()["status"]["confirmed_at"].is_string());

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
    // The built-in rule by its label and name in each language (the page shows the one it
    // has); a written entry has no rule.
    let excluded = &found["entries"][1];
    assert_eq!(excluded["rule"], "already_sent");
    assert_eq!(excluded["rule_words"]["ja"], "送信済みの注文 already_sent", "{excluded}");
    assert_eq!(excluded["rule_words"]["en"], "Already sent already_sent", "{excluded}");
    assert!(found["entries"][0]["rule_words"].is_null());
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

/// Only an upload file can be confirmed: the reject file and the list of warned rows are
/// written beside the upload files but never uploaded (the page offers no button for them).
/// Asked anyway, the answer is "no such file of this run", and no server path is shown.
#[test]
fn only_an_upload_file_can_be_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let page = Page::with(Config { ledger: Some(dir.path().join("history.sqlite")), ..Config::default() });
    let (name, bytes) = fixture();
    let run = page.run(LEGACY, &[(name, &bytes)]);
    let result = &run["result"];
    for list in [&result["rejects"], &result["warned"]] {
        let r = post_empty(&page, &format!("{}/confirm", list["url"].as_str().unwrap()));
        assert_eq!(r.status, 404, "{}: {}", list["path"], r.text());
        assert_eq!(r.json()["error"]["hint"], "error-run-gone");
        assert!(!r.text().contains(page.server().root().to_str().unwrap()), "no server path: {}", r.text());
    }
    let r = post_empty(&page, result["files"][0]["confirm_url"].as_str().unwrap());
    assert_eq!(r.status, 200, "{}", r.text());
}

/// A GET as the page sends it, asking for `lang` with `Accept-Language` (as a browser does).
fn get_in(page: &Page, path: &str, lang: &str) -> Response {
    Request::new("GET", path).header("Cookie", &page.cookie).header("Accept-Language", lang).send(page.addr)
}

fn post_in(page: &Page, path: &str, lang: &str) -> Response {
    Request::new("POST", path)
        .header("Cookie", &page.cookie)
        .header("Origin", &page.origin())
        .header("Accept-Language", lang)
        .send(page.addr)
}

/// The `{"error": …}` of a refused request, with its status checked.
fn refused(r: Response, status: u16) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    r.json()["error"].clone()
}

#[test]
fn ledger_errors_are_in_the_language_of_the_request_not_of_the_process() {
    // The process speaks English (tests pin it); a Japanese browser still reads Japanese.
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("history.sqlite");
    let page = Page::with(Config { ledger: Some(ledger.clone()), ..Config::default() });
    let export = Table::for_profile(LEGACY).row(LEGACY, &[]).cp932_lf();
    let run = page.run(LEGACY, &[("orders.csv", &export)]);
    let confirm = run["result"]["files"][0]["confirm_url"].as_str().unwrap().to_string();

    // The ledger gone between the run and the confirmation: the ledger's own message.
    let away = dir.path().join("elsewhere.sqlite");
    std::fs::rename(&ledger, &away).unwrap();
    let ja = refused(post_in(&page, &confirm, "ja,en;q=0.5"), 409);
    assert_eq!(ja["hint"], "page-ledger-error");
    let shown = ledger.display().to_string();
    assert_eq!(
        ja["message"],
        format!("{shown}：送信履歴ファイルはまだありません（これを使う最初の実行で作られます）。")
    );
    let en = refused(post_in(&page, &format!("{confirm}?lang=en"), "ja"), 409);
    assert_eq!(en["message"], format!("{shown}: there is no ledger here yet (the first run that uses it creates it)."));
    std::fs::rename(&away, &ledger).unwrap();
    assert_eq!(post_in(&page, &confirm, "ja").status, 200, "confirmed once the ledger is back");

    // A lookup without an order number, and a confirmation of a run the server no longer has.
    let empty = refused(get_in(&page, "/api/ledger/show?key=%20", "ja"), 400);
    assert_eq!(
        (empty["hint"].as_str(), empty["message"].as_str()),
        (Some("page-ledger-lookup-empty"), Some("受注番号を入力してください。"))
    );
    let empty = refused(get_in(&page, "/api/ledger/show?lang=en", "ja"), 400);
    assert_eq!(empty["message"], "Enter an order number.");
    let gone = refused(post_in(&page, "/api/runs/nosuchrun/files/0/confirm", "ja"), 404);
    assert_eq!(
        gone["message"],
        "この結果はもう残っていません（時間がたったか、orderbridge serve を止めたため）。もう一度変換してください。"
    );

    // A server without a ledger says so, in the request's language too.
    let plain = Page::start();
    let none = refused(get_in(&plain, "/api/ledger/show?key=1", "ja"), 404);
    assert_eq!(none["message"], "送信履歴を使わない設定（--no-ledger）で起動されています。");
    let none = refused(get_in(&plain, "/api/ledger/show?key=1", "en"), 404);
    assert_eq!(none["message"], "orderbridge serve was started without --ledger.");
}

#[test]
fn a_lookup_as_long_as_the_limit_says_it_may_be_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let page = Page::with(Config { ledger: Some(dir.path().join("history.sqlite")), ..Config::default() });
    let limit = orderbridge::ledger::SHOW_LIMIT as usize;
    let numbers: Vec<String> = (0..limit).map(|i| format!("100234-20241018-{:010}", 20_000 + i)).collect();
    let export = numbers.iter().fold(Table::for_profile(LEGACY), |t, n| t.row(LEGACY, &[("受注番号", n)]));
    let run = page.run(LEGACY, &[("orders.csv", &export.cp932_lf())]);
    assert_eq!(run["result"]["ledger"]["new"], limit, "{}", run["result"]["counts"]);

    let all = page.get("/api/ledger/show?key=100234-20241018").json();
    assert_eq!(all["entries"].as_array().unwrap().len(), limit);
    assert_eq!((all["limit"].as_u64(), all["truncated"].as_bool()), (Some(limit as u64), Some(true)));
    // A longer number: fewer orders, all of them, and nothing said.
    let some = page.get("/api/ledger/show?key=100234-20241018-00000200").json();
    assert_eq!(some["entries"].as_array().unwrap().len(), 100);
    assert_eq!(some["truncated"], false);
}

#[test]
fn values_from_the_ledger_come_back_as_the_text_they_were() {
    // A record number that looks like HTML: the row is rejected, and its key is recorded.
    let dir = tempfile::tempdir().unwrap();
    let page = Page::with(Config { ledger: Some(dir.path().join("history.sqlite")), ..Config::default() });
    let number = "100234-20241018-0000099999";
    let export = Table::for_profile(LEGACY).row(LEGACY, &[("受注番号", number), ("レコードナンバー", "<img src=x>")]);
    let run = page.run(LEGACY, &[("orders.csv", &export.cp932_lf())]);
    assert_eq!(run["result"]["counts"]["rejected"], 1, "{run}");

    let r = page.get(&format!("/api/ledger/show?key={number}"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let found = r.json();
    assert_eq!(found["entries"][0]["key"], serde_json::json!([number, "<img src=x>"]), "as typed, not escaped");
    assert_eq!(found["entries"][0]["outcome"], "rejected");
    // The page puts it on screen as text only (see also page::tests::the_script_never_writes_html):
    // the ledger's script, behind the token like the rest.
    let js = page.get("/assets/ledger.js");
    assert_eq!(js.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(js.text().contains("x.key.join(\" / \")") && !js.text().contains("innerHTML"));
    assert_eq!(Request::new("GET", "/assets/ledger.js").send(page.addr).status, 401);
}

/// Polls `id`'s status (in `lang`) until `done` says so.
fn status_until(page: &Page, id: &str, lang: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let s = get_in(page, &format!("/api/runs/{id}?wait=200"), lang).json();
        if done(&s) {
            return s;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "{s}");
    }
}

/// The page's runs take turns at the ledger, first come first served, and the page says what
/// each waits for: the run before it, or (named by the ledger) another program's run holding
/// the ledger. Then every one runs and is recorded.
#[test]
fn the_pages_runs_take_turns_at_the_ledger_and_say_what_they_wait_for() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("history.sqlite");
    let page = Page::with(Config { ledger: Some(ledger.clone()), ..Config::default() });
    let export = Table::for_profile(LEGACY).row(LEGACY, &[]).cp932_lf();
    // A run of the command line has the ledger.
    let turn = orderbridge::ledger::Gate::take(&ledger, &mut |_| {}).unwrap();
    let post = || {
        let r = page.post(&[("profile", LEGACY), ("as_of", AS_OF)], &[("orders.csv", &export)]);
        assert_eq!(r.status, 202, "{}", r.text());
        r.json()["id"].as_str().unwrap().to_string()
    };
    let first = post();
    let s = status_until(&page, &first, "en", |s| s["state"] == "waiting");
    assert_eq!(s["waiting"], "ledger", "{s}");
    let pid = std::process::id();
    assert!(
        s["message"]
            .as_str()
            .unwrap()
            .contains(&format!("waiting for the orderbridge run using this ledger to finish (process {pid}")),
        "{s}"
    );
    let ja = get_in(&page, &format!("/api/runs/{first}"), "ja").json();
    assert!(ja["message"].as_str().unwrap().contains("待っています"), "{ja}");

    let second = post();
    let s = status_until(&page, &second, "en", |s| s["state"] == "waiting");
    assert_eq!(s["waiting"], "queue", "it waits for the run before it: {s}");
    // The page's words for it, in both languages.
    for (lang, text) in [("en", "Waiting for the run before this one"), ("ja", "前の変換が終わるのを待っています")]
    {
        let messages = get_in(&page, &format!("/api/text?lang={lang}"), lang).json();
        assert!(messages["messages"]["busy-waiting-queue"].as_str().unwrap().contains(text));
    }

    drop(turn);
    for id in [&first, &second] {
        let s = status_until(&page, id, "en", |s| s["state"] != "running" && s["state"] != "waiting");
        assert_eq!(s["state"], "done", "{s}");
    }
    let runs: i64 =
        rusqlite::Connection::open(&ledger).unwrap().query_row("SELECT count(*) FROM runs", [], |r| r.get(0)).unwrap();
    assert_eq!(runs, 2);
}
