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
