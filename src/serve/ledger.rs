//! The page's ledger (`serve --ledger`): every run of the page is recorded in it as by
//! `orderbridge run --ledger` (the same library call), and the page can confirm a file it
//! wrote and look an order up — the same [`crate::ledger`] calls as `ledger confirm` and
//! `ledger show`.
//!
//! - `GET /api/ledger`: whether the server has a ledger (the page shows its lookup box then)
//! - `POST /api/runs/{id}/files/{index}/confirm`: marks that upload file as uploaded
//! - `GET /api/ledger/show?key=`: the history of the reports whose key starts with `key`;
//!   `truncated` when the answer is [`SHOW_LIMIT`] entries long (there may be more)
//!
//! An error is the API's usual `{"error": {kind, hint, message}}`, its `message` already in
//! the request's language (`?lang=` or `Accept-Language`, as the page itself): a ledger
//! error's own catalog message, or the catalog's text for `hint`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::api::{error, served};
use super::security::request_lang;
use crate::i18n::{Lang, tr};
use crate::ledger::{Gate, Ledger, LedgerError, SHOW_LIMIT};

pub async fn status(State(state): State<Arc<AppState>>) -> Response {
    Json(json!({"enabled": state.ledger.is_some()})).into_response()
}

/// An error whose whole text is the catalog's `key`, in `lang`.
fn said(status: StatusCode, kind: &str, key: &str, lang: Lang) -> Response {
    error(status, kind, key, tr(lang, key, &[]))
}

/// A ledger error: its own message in `lang` (not the process's language).
fn ledger_error(e: &LedgerError, lang: Lang) -> Response {
    error(StatusCode::CONFLICT, "ledger", "page-ledger-error", e.msg.render(lang))
}

/// The page's ledger and the request's language; without a ledger, the answer that says so.
fn ledger_of(state: &AppState, uri: &Uri, headers: &HeaderMap) -> Result<(std::path::PathBuf, Lang), Box<Response>> {
    let lang = request_lang(uri, headers);
    match state.ledger.clone() {
        Some(path) => Ok((path, lang)),
        None => Err(Box::new(said(StatusCode::NOT_FOUND, "request", "page-ledger-none", lang))),
    }
}

/// Confirms one upload file of a run: found by its content, as `ledger confirm` does.
pub async fn confirm(
    State(state): State<Arc<AppState>>,
    Path((id, index)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (path, lang) = match ledger_of(&state, &uri, &headers) {
        Ok(found) => found,
        Err(answer) => return *answer,
    };
    let gone = || said(StatusCode::NOT_FOUND, "not_found", "error-run-gone", lang);
    let (Some(run), Ok(index)) = (state.runs.get(&id), index.parse::<usize>()) else { return gone() };
    // Only an upload file (not the reject file) has a confirm URL; a run without a ledger
    // recorded nothing to confirm.
    let Some(file) = served(&run, index).filter(|_| run.ledger.is_some()) else { return gone() };
    let done = tokio::task::spawn_blocking(move || {
        // In turn with the runs (the page's and any other) recording themselves in it, before
        // opening it (which may upgrade an older ledger).
        let _turn = Gate::take(&path, &mut |_| {})?;
        let mut ledger = Ledger::open(&path, false)?;
        ledger.confirm(&[file.abs])
    })
    .await;
    match done {
        Ok(Ok(confirmed)) => Json(json!({"confirmed": confirmed})).into_response(),
        Ok(Err(e)) => ledger_error(&e, lang),
        Err(_) => said(StatusCode::INTERNAL_SERVER_ERROR, "ledger", "page-ledger-stopped", lang),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    key: String,
}

pub async fn show(
    State(state): State<Arc<AppState>>,
    Query(q): Query<ShowQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (path, lang) = match ledger_of(&state, &uri, &headers) {
        Ok(found) => found,
        Err(answer) => return *answer,
    };
    let key = q.key.trim().to_string();
    if key.is_empty() {
        return said(StatusCode::BAD_REQUEST, "request", "page-ledger-lookup-empty", lang);
    }
    let found = tokio::task::spawn_blocking(move || Ledger::open_read(&path)?.show(&key)).await;
    match found {
        Ok(Ok(entries)) => {
            // As `ledger show` says it: an answer of the limit's length may not be all.
            let truncated = entries.len() as i64 >= SHOW_LIMIT;
            Json(json!({"entries": entries, "limit": SHOW_LIMIT, "truncated": truncated})).into_response()
        }
        Ok(Err(e)) => ledger_error(&e, lang),
        Err(_) => said(StatusCode::INTERNAL_SERVER_ERROR, "ledger", "page-ledger-stopped", lang),
    }
}
