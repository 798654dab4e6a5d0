//! The language a request is answered in: the page's own choice (`?lang=`, its language
//! link and every request its script makes) or else the browser's (`Accept-Language`). One
//! rule for the page, its refusals and its JSON answers, taken by a handler as an argument
//! ([`RequestLang`]) instead of each reading the query and headers its own way.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};

use crate::i18n::{self, Lang};

/// The request's language, as an extractor (it never refuses a request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(RequestLang(of(&parts.uri, &parts.headers)))
    }
}

/// The language for a request: `?lang=` when it names one, else `Accept-Language`. For code
/// that holds the request itself (the guard in front of every handler).
pub fn of(uri: &Uri, headers: &HeaderMap) -> Lang {
    let asked = uri.query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang="))).and_then(Lang::parse);
    asked.unwrap_or_else(|| {
        i18n::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(uri: &str, accept: Option<&str>) -> Lang {
        let mut req = axum::http::Request::builder().uri(uri);
        if let Some(a) = accept {
            req = req.header(header::ACCEPT_LANGUAGE, a);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let Ok(RequestLang(lang)) = rt.block_on(RequestLang::from_request_parts(&mut parts, &()));
        lang
    }

    #[test]
    fn the_pages_choice_wins_over_the_browsers() {
        assert_eq!(lang("/api/text?lang=en", Some("ja")), Lang::En);
        assert_eq!(lang("/?x=1&lang=ja", Some("en-US,en;q=0.9")), Lang::Ja);
        assert_eq!(lang("/", Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(lang("/", Some("ja-JP")), Lang::Ja);
        // A language the page does not have is no choice: the browser's counts.
        assert_eq!(lang("/?lang=fr", Some("en")), Lang::En);
    }
}
