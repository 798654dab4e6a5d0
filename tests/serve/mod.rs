//! `orderbridge serve` over HTTP: the real server started in-process on an ephemeral port,
//! spoken to with a raw HTTP client ([`http`]). A posted export gives the counts of the CLI's
//! `--report` and byte-identical files and zip entries; every security rule answers with its
//! status code; a broken export names its line (and column); values that look like HTML come
//! back as data.

pub(crate) mod http;
mod languages;
mod ledger;
mod leftovers;
mod security;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use orderbridge::serve::{self, Config, Server};
use serde_json::Value;

use crate::common::*;
use http::{Request, Response, multipart};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> (&'static str, Vec<u8>) {
    let name = "orders_2024-10-18.csv";
    (name, std::fs::read(manifest().join("tests/fixtures/goq").join(name)).unwrap())
}

/// A server for one test, with the session cookie a browser would hold.
struct Page {
    server: Option<Server>,
    addr: std::net::SocketAddr,
    cookie: String,
}

impl Page {
    fn start() -> Page {
        Page::with_limit(serve::DEFAULT_MAX_UPLOAD_MB << 20)
    }

    fn with_limit(max_upload_bytes: u64) -> Page {
        Page::with(Config { max_upload_bytes, ..Config::default() })
    }

    fn with(config: Config) -> Page {
        let mappings = config.mappings.clone().or(Some(manifest().join("mappings")));
        let config = Config { port: 0, mappings, ..config };
        let server = serve::start(config).expect("the server starts");
        let addr = server.addr();
        let cookie = format!("orderbridge_{}={}", addr.port(), server.token());
        Page { server: Some(server), addr, cookie }
    }

    fn server(&self) -> &Server {
        self.server.as_ref().unwrap()
    }

    fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn get(&self, path: &str) -> Response {
        Request::new("GET", path).header("Cookie", &self.cookie).send(self.addr)
    }

    /// Posts a run as the page does (same-origin, with the cookie).
    fn post(&self, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Response {
        let (ct, body) = multipart(fields, files);
        Request::new("POST", "/api/runs")
            .header("Cookie", &self.cookie)
            .header("Origin", &self.origin())
            .header("Content-Type", &ct)
            .body(body)
            .send(self.addr)
    }

    /// Posts a run and waits for it: the final status (`state`, `result` or `error`).
    fn run(&self, profile: &str, files: &[(&str, &[u8])]) -> Value {
        self.run_in(None, profile, files)
    }

    /// [`Page::run`], its status asked for in `lang` (`?lang=`, as the page asks) if given;
    /// else in the page's default language.
    fn run_in(&self, lang: Option<&str>, profile: &str, files: &[(&str, &[u8])]) -> Value {
        let r = self.post(&[("profile", profile), ("as_of", AS_OF)], files);
        assert_eq!(r.status, 202, "{}", r.text());
        let id = r.json()["id"].as_str().unwrap().to_string();
        let lang = lang.map(|l| format!("&lang={l}")).unwrap_or_default();
        let started = Instant::now();
        loop {
            let s = self.get(&format!("/api/runs/{id}?wait=5000{lang}")).json();
            if s["state"] != "running" && s["state"] != "waiting" {
                return s;
            }
            assert!(started.elapsed() < Duration::from_secs(120), "the run does not finish");
        }
    }

    /// The runs kept in the server's folder (not its own `.owner`).
    fn kept(&self) -> Vec<PathBuf> {
        let entries = std::fs::read_dir(self.server().root()).unwrap().map(|e| e.unwrap().path());
        entries.filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.')).collect()
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            let root = s.root().to_path_buf();
            s.stop().unwrap();
            assert!(!root.exists(), "the server's folder is removed when it stops");
        }
    }
}

/// `orderbridge run` on `input` (run in `dir`): its output folder and its report.
fn cli_run(dir: &Path, profile: &str, inputs: &[&str]) -> (tempfile::TempDir, Value) {
    cli_run_with(dir, profile, inputs, &[])
}

fn cli_run_with(dir: &Path, profile: &str, inputs: &[&str], extra: &[&str]) -> (tempfile::TempDir, Value) {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    let mut cmd = bin();
    cmd.current_dir(dir).args(["run", "--profile", profile, "--as-of", AS_OF, "--out"]).arg(out.path().join("o"));
    cmd.arg("--report").arg(&report).args(extra).args(inputs);
    let status = cmd.output().unwrap().status.code();
    assert!(matches!(status, Some(0 | 1)), "{status:?}");
    let json = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    (out, json)
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir).into_iter().map(|rel| (rel.clone(), std::fs::read(dir.join(&rel)).unwrap())).collect()
}

#[test]
fn a_posted_export_gives_the_cli_counts_and_byte_identical_files() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let status = page.run(LEGACY, &[(name, &bytes)]);
    assert_eq!(status["state"], "done", "{status}");
    let id = status["id"].as_str().unwrap();
    let result = &status["result"];

    // The CLI on the server's own copy of the upload: the same input path, so every file —
    // the reject file, which names the input, too — must be the same bytes.
    let copy = page.server().root().join(id).join("in/1").join(name);
    let (cli, report) = cli_run(manifest(), LEGACY, &[copy.to_str().unwrap()]);
    for key in ["profile", "as_of", "rows", "excluded_by_rule", "rejected_by_rule", "warnings_by_rule", "files"] {
        assert_eq!(result["report"][key], report[key], "{key}");
    }
    assert_eq!(result["report"]["rejects_file"], report["rejects_file"]);
    assert_eq!(result["report"]["inputs"][0]["path"], name, "the page names the input by its file name");
    assert_eq!(result["counts"], report["rows"]);
    assert_eq!(result["exit"], 1);
    // Everything the CLI wrote is offered: the list of warned rows (four future ship dates) too.
    let expected = tree(&cli.path().join("o"));
    assert!(
        expected.contains_key("warned_goq-rakuten-legacy_20241018.csv"),
        "the CLI wrote the warned list: {:?}",
        expected.keys()
    );
    assert_eq!(result["report"]["warned_file"], report["warned_file"]);

    let mut downloaded = BTreeMap::new();
    for f in result["files"].as_array().unwrap() {
        let r = page.get(f["url"].as_str().unwrap());
        assert_eq!(r.status, 200);
        let file_name = f["name"].as_str().unwrap();
        assert_eq!(
            r.header("content-disposition").unwrap(),
            format!("attachment; filename=\"{file_name}\"; filename*=UTF-8''{file_name}")
        );
        assert_eq!(f["preview"]["rows"].as_array().unwrap().len(), f["rows"].as_u64().unwrap().min(10) as usize);
        downloaded.insert(f["path"].as_str().unwrap().to_string(), r.body);
    }
    let rejects = &result["rejects"];
    for list in [rejects, &result["warned"]] {
        let r = page.get(list["url"].as_str().unwrap());
        downloaded.insert(list["path"].as_str().unwrap().to_string(), r.body);
    }
    assert_eq!(result["warned"]["rows"], report["rows"]["warnings"]);
    assert_eq!(downloaded, expected, "each download is the CLI's file, byte for byte");

    // The zip: laid out as --out, each entry the same bytes.
    let r = page.get(result["zip_url"].as_str().unwrap());
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/zip"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body)).unwrap();
    let mut entries = BTreeMap::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut b).unwrap();
        entries.insert(e.name().unwrap().to_string(), b);
    }
    assert_eq!(entries, expected, "the zip holds the CLI's files, byte for byte");

    // And a CLI run on the original file, named as a shop would, writes the same upload files.
    let (plain, _) = cli_run(&manifest().join("tests/fixtures/goq"), LEGACY, &[name]);
    let plain = tree(&plain.path().join("o"));
    for (path, bytes) in &plain {
        if !path.starts_with("rejected_") && !path.starts_with("warned_") {
            assert_eq!(Some(bytes), expected.get(path), "{path}");
        }
    }

    // The rejected rows' table: file, line, rule, reason, order number and columns.
    let row = &rejects["rows"][0];
    assert_eq!(row["file"], name);
    assert!(row["line"].as_u64().unwrap() > 1 && row["order"].as_str().unwrap().starts_with("100234-"));
    assert_eq!(rejects["order_column"], "受注番号");
    assert_eq!(rejects["total"], report["rows"]["rejected"]);
    let bad_date = result["rejected_by_rule"].as_array().unwrap().iter().find(|r| r["rule"] == "bad_date").unwrap();
    assert!(bad_date["message"].as_str().unwrap().contains("最終更新日時"), "each rule with its message");
}

#[test]
fn strict_writes_no_upload_file_as_on_the_command_line() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let r = page.post(&[("profile", LEGACY), ("as_of", AS_OF), ("strict", "1")], &[(name, &bytes)]);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let s = page.get(&format!("/api/runs/{id}?wait=30000")).json();
    let result = &s["result"];
    assert_eq!((result["strict_blocked"].as_bool(), result["files"].as_array().map(Vec::len)), (Some(true), Some(0)));
    let copy = page.server().root().join(&id).join("in/1").join(name);
    let (cli, report) = cli_run_with(manifest(), LEGACY, &[copy.to_str().unwrap()], &["--strict"]);
    assert_eq!(result["report"]["rows"], report["rows"]);
    assert_eq!(result["report"]["files"], report["files"]);
    assert_eq!(result["planned"].as_array().unwrap().len(), 6, "what would have been written");
    let expected = tree(&cli.path().join("o"));
    assert_eq!(expected.len(), 2, "the reject file and the list of warned rows only: {:?}", expected.keys());
    for list in [&result["rejects"], &result["warned"]] {
        let bytes = page.get(list["url"].as_str().unwrap()).body;
        assert_eq!(Some(&bytes), expected.get(list["path"].as_str().unwrap()));
    }
}

#[test]
fn several_files_are_one_run() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let other = "orders_utf8_aliases_2024-10-18.csv";
    let other_bytes = std::fs::read(manifest().join("tests/fixtures/goq").join(other)).unwrap();
    let status = page.run(PAY, &[(name, &bytes), (other, &other_bytes)]);
    let dir = manifest().join("tests/fixtures/goq");
    let (_, report) = cli_run(&dir, PAY, &[name, other]);
    for key in ["rows", "excluded_by_rule", "rejected_by_rule", "files"] {
        assert_eq!(status["result"]["report"][key], report[key], "{key}");
    }
    assert_eq!(status["result"]["inputs"].as_array().unwrap().len(), 2);
}

#[test]
fn without_the_token_nothing_is_served() {
    let page = Page::start();
    let token = page.server().token().to_string();
    for path in ["/", "/api/profiles", "/assets/app.js", "/api/runs/0123456789abcdef0123456789abcdef"] {
        let r = Request::new("GET", path).send(page.addr);
        assert_eq!(r.status, 401, "{path}");
        assert!(r.text().contains("orderbridge serve"), "a short page saying what to open");
    }
    let wrong = format!("orderbridge_{}={}", page.addr.port(), "0".repeat(64));
    assert_eq!(Request::new("GET", "/").header("Cookie", &wrong).send(page.addr).status, 401);
    assert_eq!(Request::new("GET", "/?token=abc").send(page.addr).status, 401);
    let (ct, body) = multipart(&[("profile", LEGACY)], &[("a.csv", b"x")]);
    let r = Request::new("POST", "/api/runs").header("Content-Type", &ct).body(body).send(page.addr);
    assert_eq!(r.status, 401);

    // The printed address sets the cookie (HttpOnly, SameSite=Strict) and drops the token.
    let r = Request::new("GET", &format!("/?token={token}")).send(page.addr);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/"));
    let cookie = r.header("set-cookie").unwrap();
    assert!(cookie.starts_with(&page.cookie) && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let r = page.get("/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("data-testid=\"profile\""));
    let r = Request::new("GET", "/api/profiles").header("Authorization", &format!("Bearer {token}")).send(page.addr);
    assert_eq!(r.status, 200);
}

#[test]
fn a_foreign_host_is_refused() {
    let page = Page::start();
    for host in ["evil.example", &format!("evil.example:{}", page.addr.port()), "127.0.0.1:1", "localhost"] {
        let r = Request::new("GET", "/").header("Host", host).header("Cookie", &page.cookie).send(page.addr);
        assert_eq!(r.status, 421, "{host}");
    }
    let r = Request::new("GET", "/").header("Host", &format!("localhost:{}", page.addr.port()));
    assert_eq!(r.header("Cookie", &page.cookie).send(page.addr).status, 200);
}

#[test]
fn a_state_change_from_another_site_is_refused_token_or_not() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let (ct, body) = multipart(&[("profile", LEGACY), ("as_of", AS_OF)], &[(name, &bytes)]);
    let post = |extra: &[(&str, &str)], cookie: bool| {
        let mut r = Request::new("POST", "/api/runs").header("Content-Type", &ct).body(body.clone());
        if cookie {
            r = r.header("Cookie", &page.cookie);
        }
        for (k, v) in extra {
            r = r.header(k, v);
        }
        r.send(page.addr)
    };
    assert_eq!(post(&[("Origin", "http://evil.example")], true).status, 403);
    assert_eq!(post(&[("Origin", "http://evil.example")], false).status, 403);
    assert_eq!(post(&[("Origin", "http://127.0.0.1:1")], true).status, 403);
    assert_eq!(post(&[("Origin", "null")], true).status, 403);
    assert_eq!(post(&[("Sec-Fetch-Site", "cross-site")], true).status, 403);
    assert!(page.kept().is_empty(), "a refused request leaves nothing");
    assert_eq!(post(&[("Origin", &page.origin()), ("Sec-Fetch-Site", "same-origin")], true).status, 202);
}

#[test]
fn an_upload_over_the_limit_is_refused_and_leaves_nothing() {
    let page = Page::with_limit(64 << 10);
    let big = vec![b'x'; 100 << 10];
    // Announced with Content-Length over the limit (and slack): refused before it is read.
    let huge = vec![b'x'; (64 << 10) + (2 << 20)];
    let (ct, body) = multipart(&[("profile", LEGACY)], &[("big.csv", &huge)]);
    let mut req = Request::new("POST", "/api/runs").header("Cookie", &page.cookie).header("Content-Type", &ct);
    req.expect_continue = true;
    assert_eq!(req.body(body).send(page.addr).status, 413);
    // Within the slack, or sent in chunks without a length: read, counted and refused.
    let (ct, body) = multipart(&[("profile", LEGACY)], &[("big.csv", &big)]);
    let r = Request::new("POST", "/api/runs").header("Cookie", &page.cookie).header("Content-Type", &ct);
    let r = r.body(body.clone()).send(page.addr);
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["error"]["hint"], "too-large");
    let mut req = Request::new("POST", "/api/runs").header("Cookie", &page.cookie).header("Content-Type", &ct);
    req.chunked = Some(8 << 10);
    assert_eq!(req.body(body).send(page.addr).status, 413);
    assert!(page.kept().is_empty(), "nothing is kept on disk: {:?}", page.kept());
    // Under the limit it goes through.
    let (name, bytes) = fixture();
    assert_eq!(page.run(LEGACY, &[(name, &bytes)])["state"], "done");
}

#[test]
fn unknown_runs_files_and_paths_are_not_found() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let id = page.run(LEGACY, &[(name, &bytes)])["id"].as_str().unwrap().to_string();
    for path in [
        "/api/runs/0123456789abcdef0123456789abcdef".to_string(),
        "/api/runs/0123456789abcdef0123456789abcdef/files/0".to_string(),
        "/api/runs/0123456789abcdef0123456789abcdef/zip".to_string(),
        "/api/runs/../../etc/passwd".to_string(),
        format!("/api/runs/{id}/files/99"),
        format!("/api/runs/{id}/files/-1"),
        format!("/api/runs/{id}/files/rakuten%2Ftuuzyou_2024_10_18.csv"),
        format!("/api/runs/{id}/files/../../in/1/{name}"),
        format!("/api/runs/{id}/files/..%2F..%2Fin%2F1%2F{name}"),
        format!("/api/runs/{id}/files/0/../../../../etc/passwd"),
        "/assets/../Cargo.toml".to_string(),
        "/etc/passwd".to_string(),
    ] {
        let r = page.get(&path);
        assert_eq!(r.status, 404, "{path}: {}", r.text());
    }
    assert_eq!(page.get(&format!("/api/runs/{id}/files/0")).status, 200);
}

#[test]
fn a_path_in_a_request_is_never_opened() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let profile = manifest().join("mappings/goq-yahoo.toml");
    for p in
        [profile.to_str().unwrap(), "../mappings/goq-yahoo.toml", "goq-yahoo.toml", "/etc/passwd", "mappings/goq-yahoo"]
    {
        let r = page.post(&[("profile", p)], &[(name, &bytes)]);
        assert_eq!(r.status, 400, "{p}: {}", r.text());
    }
    for file_name in ["../../evil.csv", "/tmp/evil.csv", "a\\b.csv", "..", "sub/orders.csv"] {
        let r = page.post(&[("profile", LEGACY)], &[(file_name, &bytes)]);
        assert_eq!(r.status, 400, "{file_name}: {}", r.text());
    }
    assert!(page.kept().is_empty());
    assert!(!page.server().root().parent().unwrap().join("evil.csv").exists());
}

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
fn every_response_carries_the_security_headers() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let s = page.run(LEGACY, &[(name, &bytes)]);
    let download = s["result"]["files"][0]["url"].as_str().unwrap().to_string();
    for r in [
        page.get("/"),
        page.get("/assets/app.js"),
        page.get("/api/profiles"),
        page.get(&download),
        Request::new("GET", "/").send(page.addr),
        Request::new("GET", "/").header("Host", "evil.example").send(page.addr),
    ] {
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(csp.starts_with("default-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    }
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
