//! The page itself: `index.html` rendered per language at request time (its fixed text from
//! the catalog, so the page reads right before any script runs and `<html lang>` is true),
//! its files ([`ASSETS`]: the script's ES modules, entered by `app.js`, and the style sheet)
//! compiled into the binary, and the short pages a refused request gets.

use std::sync::OnceLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::i18n::{Lang, escape_html, tr};

pub const INDEX_HTML: &str = include_str!("assets/index.html");

/// A file of the page, served as it is at `/assets/{name}`.
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: &'static str,
}

/// An ES module: `text/javascript`, or the browser refuses to run it (`nosniff`).
const JS: &str = "text/javascript; charset=utf-8";

macro_rules! asset {
    ($name:literal, $content_type:expr) => {
        Asset { name: $name, content_type: $content_type, body: include_str!(concat!("assets/", $name)) }
    };
}

/// Every file the page loads, by a name fixed here: each is a route of its own, so no part
/// of a request ever names a file.
pub const ASSETS: &[Asset] = &[
    asset!("app.js", JS),
    asset!("state.js", JS),
    asset!("dom.js", JS),
    asset!("text.js", JS),
    asset!("net.js", JS),
    asset!("profiles.js", JS),
    asset!("files.js", JS),
    asset!("run.js", JS),
    asset!("result.js", JS),
    asset!("check.js", JS),
    asset!("ledger.js", JS),
    asset!("style.css", "text/css; charset=utf-8"),
];

/// The page's scripts (its ES modules).
#[cfg(test)]
fn scripts() -> impl Iterator<Item = &'static Asset> {
    ASSETS.iter().filter(|a| a.content_type == JS)
}

/// `index.html` with every `{{key}}` replaced by the catalog's text for `key` (escaped);
/// `{{lang}}` and `{{other-lang}}` are the language codes.
pub fn render_index(lang: Lang) -> &'static str {
    static PAGES: OnceLock<[String; 2]> = OnceLock::new();
    let pages = PAGES.get_or_init(|| Lang::ALL.map(|l| fill(INDEX_HTML, l)));
    match lang {
        Lang::Ja => &pages[0],
        Lang::En => &pages[1],
    }
}

/// Replaces each `{{key}}` in `template`.
pub fn fill(template: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 1024);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start + 2..].find("}}") else {
            rest = &rest[start..];
            break;
        };
        let key = &rest[start + 2..start + 2 + len];
        let text = match key {
            "lang" => lang.code().to_string(),
            "other-lang" => lang.other().code().to_string(),
            _ => tr(lang, key, &[]),
        };
        out.push_str(&escape_html(&text));
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The keys `index.html` takes from the catalog.
#[cfg(test)]
pub fn index_keys() -> Vec<&'static str> {
    INDEX_HTML
        .split("{{")
        .skip(1)
        .filter_map(|s| s.split_once("}}").map(|(k, _)| k))
        .filter(|k| *k != "lang" && *k != "other-lang")
        .collect()
}

pub fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], body).into_response()
}

pub fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response()
}

/// A short page for a refused request: its status, a title and the catalog's `key` text.
pub fn refusal(status: StatusCode, lang: Lang, key: &str) -> Response {
    let title = escape_html(&tr(lang, "unauthorized-title", &[])).into_owned();
    let text = escape_html(&tr(lang, key, &[])).into_owned();
    let body = format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
         <body><main><h1>{title}</h1><p>{text}</p></main></body></html>\n",
        lang.code()
    );
    (status, html(body)).into_response()
}

/// [`refusal`] in both languages, for a refusal made without the request at hand.
pub fn refusal_both(status: StatusCode, key: &str) -> Response {
    let part = |lang: Lang| {
        let title = escape_html(&tr(lang, "unauthorized-title", &[])).into_owned();
        let text = escape_html(&tr(lang, key, &[])).into_owned();
        format!("<section lang=\"{}\"><h1>{title}</h1><p>{text}</p></section>", lang.code())
    };
    let body = format!(
        "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>orderbridge</title></head>\
         <body><main>{}{}</main></body></html>\n",
        part(Lang::Ja),
        part(Lang::En)
    );
    (status, html(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_page_is_in_the_catalog() {
        let catalog: Vec<String> =
            crate::i18n::messages(crate::i18n::CATALOGS[0].text).into_iter().map(|(k, _)| k).collect();
        for key in index_keys() {
            assert!(catalog.iter().any(|k| k == key), "index.html uses {key}, which serve.ftl lacks");
        }
        // And every key the scripts ask for (written `t('key'`).
        let calls = regex::Regex::new(r"(?:^|[^A-Za-z0-9_.$])t\('([^']*)'").unwrap();
        let mut all = 0;
        for script in scripts() {
            let used: Vec<&str> = calls.captures_iter(script.body).map(|c| c.get(1).unwrap().as_str()).collect();
            all += used.len();
            for key in used {
                assert!(catalog.iter().any(|k| k == key), "{} uses {key}, which serve.ftl lacks", script.name);
            }
        }
        assert!(all > 55, "the scripts ask for {all} keys: the pattern no longer finds their calls");
    }

    #[test]
    fn the_page_is_rendered_in_each_language_and_escaped() {
        let ja = render_index(Lang::Ja);
        assert!(ja.contains("<html lang=\"ja\"") && ja.contains("変換する") && !ja.contains("{{"));
        let en = render_index(Lang::En);
        assert!(en.contains("<html lang=\"en\"") && en.contains("Convert") && !en.contains("{{"));
        assert_eq!(fill("<b>{{lang}}</b>", Lang::En), "<b>en</b>");
    }

    #[test]
    fn the_script_never_writes_html() {
        for script in scripts() {
            for bad in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                assert!(!script.body.contains(bad), "{} uses {bad}: values from exports must be text", script.name);
            }
        }
        assert!(!INDEX_HTML.contains("<script>") && !INDEX_HTML.contains(" style="), "no inline script or style");
        assert!(!INDEX_HTML.contains("http://") && !INDEX_HTML.contains("https://"), "nothing from the internet");
    }

    /// The page names one script, a module; every module it imports, at any depth, is one
    /// the server serves (a missing one would stop the whole page), and every one served is
    /// imported (none forgotten in the list).
    #[test]
    fn every_module_the_page_imports_is_served() {
        assert!(INDEX_HTML.contains(r#"<script type="module" src="/assets/app.js"></script>"#));
        let imports = regex::Regex::new(r#"(?m)^import [^;]* from "\./([a-z]+\.js)";$"#).unwrap();
        let served: Vec<&str> = scripts().map(|a| a.name).collect();
        let mut reached = vec!["app.js"];
        let mut i = 0;
        while let Some(name) = reached.get(i).copied() {
            let script = scripts().find(|a| a.name == name).unwrap_or_else(|| panic!("{name} is imported, not served"));
            for c in imports.captures_iter(script.body) {
                let dep = c.get(1).unwrap().as_str();
                if !reached.contains(&dep) {
                    reached.push(dep);
                }
            }
            i += 1;
        }
        reached.sort();
        let mut all = served.clone();
        all.sort();
        assert_eq!(reached, all);
        // Nothing loads a script any other way.
        for script in scripts() {
            assert!(!script.body.contains("import("), "{}: a dynamic import", script.name);
        }
    }
}
