//! Every security rule answers with its status code: no token, a foreign host, a state change
//! from another site, an upload over the limit, unknown runs, files and paths, a path in a
//! request never opened, the security headers on every response. And the token's cookie and the
//! first visit's redirect, against a hostile page on this PC: a cookie of the same name set
//! before the real one, an address that names another site.

use super::*;

/// Any page of 127.0.0.1 (at another port: cookies ignore ports) can set a cookie of the
/// page's name; the browser then sends both, the bogus one first. The real one still counts.
#[test]
fn a_cookie_of_the_same_name_set_by_another_page_does_not_lock_the_user_out() {
    let page = Page::start();
    let name = format!("orderbridge_{}", page.addr.port());
    let token = page.server().token().to_string();
    for cookies in [
        format!("{name}=bogus; {name}={token}"),
        format!("{name}={token}; {name}=bogus"),
        format!("other=1; {name}=; {name}={token}"),
    ] {
        let r = Request::new("GET", "/api/profiles").header("Cookie", &cookies).send(page.addr);
        assert_eq!(r.status, 200, "{cookies}");
    }
    // Only a cookie of this server's name, with the whole token, counts.
    for cookies in
        [format!("{name}=bogus; {name}={}", &token[..63]), format!("orderbridge_1={token}"), format!("{name}x={token}")]
    {
        let r = Request::new("GET", "/api/profiles").header("Cookie", &cookies).send(page.addr);
        assert_eq!(r.status, 401, "{cookies}");
    }
}

/// The token-to-cookie redirect goes to this server's page, whatever path the address names:
/// `//evil.example/` as a `Location` would be another site.
#[test]
fn the_first_visit_is_sent_to_this_servers_page_never_elsewhere() {
    let page = Page::start();
    let token = page.server().token().to_string();
    for (path, expected) in [
        (format!("//evil.example/?token={token}"), "/"),
        (format!("//evil.example/x?lang=en&token={token}"), "/?lang=en"),
        (format!("/\\evil.example/?token={token}"), "/"),
        (format!("/somewhere/else?token={token}&lang=ja"), "/?lang=ja"),
        (format!("/?token={token}"), "/"),
    ] {
        let r = Request::new("GET", &path).send(page.addr);
        assert_eq!(r.status, 303, "{path}");
        assert_eq!(r.header("location"), Some(expected), "{path}");
    }
}

/// The page's script is ES modules under the same policy as the rest (`default-src 'self'`,
/// no inline script): the page names its entry module, and every module it imports, at any
/// depth, is served behind the token as JavaScript (with `nosniff`, a browser runs a module
/// only with a JavaScript type). A name not in the page's list is not found.
#[test]
fn every_module_of_the_page_is_served_as_javascript_behind_the_token() {
    let page = Page::start();
    let html = page.get("/").text();
    assert!(html.contains(r#"<script type="module" src="/assets/app.js"></script>"#), "{html}");
    let import = regex::Regex::new(r#"(?m)^import [^;]* from "\./([a-z]+\.js)";$"#).unwrap();
    let mut modules = vec!["app.js".to_string()];
    let mut i = 0;
    while let Some(name) = modules.get(i).cloned() {
        let path = format!("/assets/{name}");
        let r = page.get(&path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some("text/javascript; charset=utf-8"), "{path}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{path}");
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(csp.starts_with("default-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(Request::new("GET", &path).send(page.addr).status, 401, "{path} without the token");
        for c in import.captures_iter(&r.text()) {
            let dep = c[1].to_string();
            if !modules.contains(&dep) {
                modules.push(dep);
            }
        }
        i += 1;
    }
    for needed in ["dom.js", "state.js", "result.js", "ledger.js"] {
        assert!(modules.iter().any(|m| m == needed), "{needed} is not reached from app.js: {modules:?}");
    }
    for missing in ["/assets/nope.js", "/assets/", "/assets/app.js/x", "/assets/%2e%2e/Cargo.toml"] {
        assert_eq!(page.get(missing).status, 404, "{missing}");
    }
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
