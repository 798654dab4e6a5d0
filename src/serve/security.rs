//! Who may use the page. The server runs on a shop's PC next to the shop's browser, where any
//! web site the browser visits could send requests to it; so every request must
//!
//! 1. name this server by the address it listens on in `Host` (a foreign name is a DNS
//!    rebinding attempt: 421),
//! 2. if it changes anything (POST…), come from this page's own origin: `Origin` and
//!    `Sec-Fetch-Site`, checked by `tower-http`'s CSRF layer ([`csrf_layer`]; 403),
//! 3. carry the token printed at start-up: as `?token=` (the first visit, which sets an
//!    HttpOnly, SameSite=Strict cookie and redirects to the page, `/`, without it), as that
//!    cookie, or as `Authorization: Bearer` (401 and a short page otherwise).
//!
//! Every response also carries the headers of [`security_headers`].

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::csrf::{CsrfLayer, ProtectionError};

use super::AppState;
use super::page;

/// What every response says about itself.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// A fresh random secret of 256 bits, as 64 hex digits.
pub fn random_hex(bytes: usize) -> std::io::Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// The `Host` values that name this server.
#[derive(Debug, Clone)]
pub struct HostRule {
    port: u16,
    /// Host names and IP literals accepted (lowercase, IPv6 in brackets), without the port.
    names: Vec<String>,
    /// Listening on every address: any IP literal names this server (a literal cannot be
    /// rebound; a DNS name can).
    any_ip: bool,
}

impl HostRule {
    pub fn new(addr: SocketAddr) -> Self {
        let ip = addr.ip();
        let literal = |ip: IpAddr| match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        };
        let mut names = vec![literal(ip)];
        if ip.is_loopback() || ip.is_unspecified() {
            names.push("localhost".into());
        }
        HostRule { port: addr.port(), names, any_ip: ip.is_unspecified() }
    }

    /// Whether a `Host` header value names this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = split_port(&host);
        let port_ok = match port {
            Some(p) => p.parse::<u16>().is_ok_and(|p| p == self.port),
            None => self.port == 80,
        };
        if !port_ok {
            return false;
        }
        if self.names.iter().any(|n| n == name) {
            return true;
        }
        self.any_ip && name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok()
    }
}

/// `host:port`, `[v6]:port` or a bare host into the name and the port.
fn split_port(host: &str) -> (&str, Option<&str>) {
    if host.starts_with('[') {
        return match host.find("]:") {
            Some(i) => (&host[..=i], Some(&host[i + 2..])),
            None => (host, None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

/// The cookie that carries the token; its name has the port in it, so that two servers on
/// one PC (cookies ignore ports) do not overwrite each other's.
pub fn cookie_name(port: u16) -> String {
    format!("orderbridge_{port}")
}

/// Compares in time independent of where the strings differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The token from the query string (`?token=`), if any.
fn query_token(uri: &Uri) -> Option<&str> {
    uri.query()?.split('&').find_map(|kv| kv.strip_prefix("token="))
}

/// Whether any cookie called `name` carries `token`. Every one is compared, not the first: a
/// page at another port of this PC can set a cookie of the same name (cookies ignore ports),
/// and a browser sends both — the first one wrong must not lock the user out.
fn cookie_carries(headers: &HeaderMap, name: &str, token: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .filter(|(k, _)| *k == name)
        .fold(false, |found, (_, v)| same_secret(v, token) | found)
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

/// The middleware applying the three rules of this module to every request.
pub(crate) async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let lang = super::lang::of(req.uri(), req.headers());
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("").to_string();
    if !state.hosts.allows(&host) {
        return page::refusal(StatusCode::MISDIRECTED_REQUEST, lang, "forbidden-host");
    }
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let cookie = cookie_name(state.port);
    let by_query = query_token(req.uri()).is_some_and(|t| same_secret(t, &state.token));
    let by_cookie = cookie_carries(req.headers(), &cookie, &state.token);
    let by_header = bearer_token(req.headers()).is_some_and(|t| same_secret(t, &state.token));
    if !(by_query || by_cookie || by_header) {
        return page::refusal(StatusCode::UNAUTHORIZED, lang, "unauthorized-text");
    }
    if by_query && safe && !req.uri().path().starts_with("/api/") {
        // The first visit: keep the token in a cookie the page's script cannot read, and take
        // it out of the address bar (and so of the history and of what gets copied).
        let location = landing(req.uri());
        let set_cookie = format!("{cookie}={}; Path=/; HttpOnly; SameSite=Strict", state.token);
        let mut resp = StatusCode::SEE_OTHER.into_response();
        if let (Ok(loc), Ok(c)) = (HeaderValue::from_str(&location), HeaderValue::from_str(&set_cookie)) {
            resp.headers_mut().insert(header::LOCATION, loc);
            resp.headers_mut().insert(header::SET_COOKIE, c);
        }
        return resp;
    }
    next.run(req).await
}

/// Where the first visit is sent once its token is in the cookie: always this server's page,
/// `/`, with the query's other parameters (`lang`). Never the request's own path: a path such
/// as `//evil.example/` is, as a `Location`, another site.
fn landing(uri: &Uri) -> String {
    let rest: Vec<&str> =
        uri.query().unwrap_or("").split('&').filter(|kv| !kv.starts_with("token=") && !kv.is_empty()).collect();
    if rest.is_empty() { "/".to_string() } else { format!("/?{}", rest.join("&")) }
}

/// Refuses a state-changing request from another origin (403, token or not): `tower-http`'s
/// implementation of the `Sec-Fetch-Site` / `Origin` scheme (Go 1.25's `CrossOriginProtection`).
pub fn csrf_layer() -> CsrfLayer<fn(ProtectionError) -> Response> {
    fn refuse(_: ProtectionError) -> Response {
        page::refusal_both(StatusCode::FORBIDDEN, "forbidden-origin")
    }
    CsrfLayer::new().with_rejection_response(refuse as fn(ProtectionError) -> Response)
}

/// The headers every response carries (set by `tower-http` layers in [`super::router`]).
pub fn security_headers() -> [(header::HeaderName, HeaderValue); 5] {
    [
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY)),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ]
}

/// `Content-Disposition` for a download named `name`: an ASCII fallback in `filename`, the
/// exact name in `filename*` (RFC 6266 with RFC 5987's UTF-8 encoding).
pub fn content_disposition(name: &str) -> String {
    let fallback: String =
        name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" /
        // "_" / "`" / "|" / "~"
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_must_name_the_listening_address() {
        let local = HostRule::new("127.0.0.1:8740".parse().unwrap());
        assert!(local.allows("127.0.0.1:8740"));
        assert!(local.allows("localhost:8740"));
        assert!(local.allows("LocalHost:8740"));
        assert!(!local.allows("127.0.0.1:8741"));
        assert!(!local.allows("127.0.0.1"));
        assert!(!local.allows("evil.example:8740"));
        assert!(!local.allows("127.0.0.1.evil.example:8740"));
        assert!(!local.allows(""));
        let any = HostRule::new("0.0.0.0:80".parse().unwrap());
        assert!(any.allows("192.168.1.20"));
        assert!(any.allows("[fe80::1]:80"));
        assert!(!any.allows("shop-pc.evil.example"));
        let v6 = HostRule::new("[::1]:9000".parse().unwrap());
        assert!(v6.allows("[::1]:9000"));
        assert!(!v6.allows("[::2]:9000"));
    }

    #[test]
    fn content_disposition_encodes_japanese_names() {
        assert_eq!(
            content_disposition("tuuzyou_2024_10_18.csv"),
            "attachment; filename=\"tuuzyou_2024_10_18.csv\"; filename*=UTF-8''tuuzyou_2024_10_18.csv"
        );
        assert_eq!(
            content_disposition("受注 1.csv"),
            "attachment; filename=\"__ 1.csv\"; filename*=UTF-8''%E5%8F%97%E6%B3%A8%201.csv"
        );
        assert_eq!(content_disposition("a\"b.csv"), "attachment; filename=\"a_b.csv\"; filename*=UTF-8''a%22b.csv");
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
