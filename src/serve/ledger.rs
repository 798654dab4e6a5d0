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

use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::api::{error, served};
use super::lang::RequestLang;
use super::runs::Kind;
use super::view::{ConfirmAnswer, LedgerStatus, Show};
use crate::i18n::{Lang, tr};
use crate::ledger::{Gate, Ledger, LedgerError, SHOW_LIMIT};

pub async fn status(State(state): State<Arc<AppState>>) -> Response {
    Json(LedgerStatus { enabled: state.ledger.is_some() }).into_response()
}

/// An error whose whole text is the catalog's `key`, in `lang`.
fn said(status: StatusCode, kind: &str, key: &str, lang: Lang) -> Response {
    error(status, kind, key, tr(lang, key, &[]))
}

/// A ledger error: its own message in `lang` (not the process's language).
fn ledger_error(e: &LedgerError, lang: Lang) -> Response {
    error(StatusCode::CONFLICT, "ledger", "page-ledger-error", e.msg.render(lang))
}

/// The server's ledger (`--ledger`) and the request's language, for a handler that works on
/// the ledger. Without a ledger the request is answered before the handler runs: 404, saying
/// so in the request's language.
pub struct PageLedger {
    pub path: PathBuf,
    pub lang: Lang,
}

impl FromRequestParts<Arc<AppState>> for PageLedger {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Response> {
        let Ok(RequestLang(lang)) = RequestLang::from_request_parts(parts, state).await;
        match &state.ledger {
            Some(path) => Ok(PageLedger { path: path.clone(), lang }),
            None => Err(said(StatusCode::NOT_FOUND, "request", "page-ledger-none", lang)),
        }
    }
}

/// Confirms one upload file of a run: found by its content, as `ledger confirm` does.
pub async fn confirm(
    PageLedger { path, lang }: PageLedger,
    State(state): State<Arc<AppState>>,
    Path((id, index)): Path<(String, String)>,
) -> Response {
    let gone = || said(StatusCode::NOT_FOUND, "not_found", "error-run-gone", lang);
    let Some(run) = state.runs.get(&id) else { return gone() };
    // Only an upload file has a confirm URL (not the reject file, nor the warned rows); a run
    // without a ledger recorded nothing to confirm.
    let upload = served(&run, &index).filter(|f| f.kind == Kind::Upload && run.ledger.is_some());
    let Some(file) = upload else { return gone() };
    let done = tokio::task::spawn_blocking(move || {
        // In turn with the runs (the page's and any other) recording themselves in it, before
        // opening it (which may upgrade an older ledger).
        let _turn = Gate::take(&path, &mut |_| {})?;
        let mut ledger = Ledger::open(&path, false)?;
        ledger.confirm(&[file.abs])
    })
    .await;
    match done {
        Ok(Ok(confirmed)) => Json(ConfirmAnswer { confirmed }).into_response(),
        Ok(Err(e)) => ledger_error(&e, lang),
        Err(_) => said(StatusCode::INTERNAL_SERVER_ERROR, "ledger", "page-ledger-stopped", lang),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    key: String,
}

pub async fn show(PageLedger { path, lang }: PageLedger, Query(q): Query<ShowQuery>) -> Response {
    let key = q.key.trim().to_string();
    if key.is_empty() {
        return said(StatusCode::BAD_REQUEST, "request", "page-ledger-lookup-empty", lang);
    }
    let found = tokio::task::spawn_blocking(move || Ledger::open_read(&path)?.show(&key)).await;
    match found {
        Ok(Ok(entries)) => {
            // As `ledger show` says it: an answer of the limit's length may not be all.
            let truncated = entries.len() as i64 >= SHOW_LIMIT;
            Json(Show { entries, limit: SHOW_LIMIT, truncated }).into_response()
        }
        Ok(Err(e)) => ledger_error(&e, lang),
        Err(_) => said(StatusCode::INTERNAL_SERVER_ERROR, "ledger", "page-ledger-stopped", lang),
    }
}
