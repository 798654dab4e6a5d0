//! The token's cookie and the first visit's redirect, against a hostile page on this PC: a
//! cookie of the same name set before the real one, an address that names another site.

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
