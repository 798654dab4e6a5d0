//! `orderbridge serve` over HTTP: the real server started in-process on an ephemeral port,
//! spoken to with a raw HTTP client ([`http`]). A posted export gives the counts of the CLI's
//! `--report` and byte-identical files and zip entries; every security rule answers with its
//! status code; a broken export names its line (and column); values that look like HTML come
//! back as data.

mod answers;
mod day;
mod health;
pub(crate) mod http;
mod languages;
mod ledger;
mod leftovers;
mod rule_words;
mod same_as_cli;
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
