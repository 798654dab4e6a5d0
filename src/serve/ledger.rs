//! The page's ledger (`serve --ledger`): every run of the page is recorded in it as by
//! `orderbridge run --ledger` (the same library call), and the page can confirm a file it
//! wrote and look an order up — the same [`crate::ledger`] calls as `ledger confirm` and
//! `ledger show`.
//!
//! - `GET /api/ledger`: whether the server has a ledger (the page shows its lookup box then)
//! - `POST /api/runs/{id}/files/{index}/confirm`: marks that upload file as uploaded
//! - `GET /api/ledger/show?key=`: the history of the reports whose key starts with `key`

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::api::{error, not_found, served};
use crate::ledger::Ledger;

pub async fn status(State(state): State<Arc<AppState>>) -> Response {
    Json(json!({"enabled": state.ledger.is_some()})).into_response()
}

fn no_ledger() -> Response {
    error(StatusCode::NOT_FOUND, "request", "page-ledger-none", "orderbridge serve was started without --ledger")
}

fn ledger_error(e: crate::ledger::LedgerError) -> Response {
    error(StatusCode::CONFLICT, "ledger", "page-ledger-error", e.to_string())
}

/// Confirms one upload file of a run: found by its content, as `ledger confirm` does.
pub async fn confirm(State(state): State<Arc<AppState>>, Path((id, index)): Path<(String, String)>) -> Response {
    let Some(path) = state.ledger.clone() else { return no_ledger() };
    let (Some(run), Ok(index)) = (state.runs.get(&id), index.parse::<usize>()) else { return not_found() };
    // Only an upload file (not the reject file) has a confirm URL; a run without a ledger
    // recorded nothing to confirm.
    let Some(file) = served(&run, index).filter(|_| run.ledger.is_some()) else { return not_found() };
    let done = tokio::task::spawn_blocking(move || Ledger::open(&path, false)?.confirm(&[file.abs])).await;
    match done {
        Ok(Ok(confirmed)) => Json(json!({"confirmed": confirmed})).into_response(),
        Ok(Err(e)) => ledger_error(e),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "ledger", "page-ledger-error", "the confirmation stopped"),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    key: String,
}

pub async fn show(State(state): State<Arc<AppState>>, Query(q): Query<ShowQuery>) -> Response {
    let Some(path) = state.ledger.clone() else { return no_ledger() };
    let key = q.key.trim().to_string();
    if key.is_empty() {
        return error(StatusCode::BAD_REQUEST, "request", "page-ledger-lookup-empty", "no order number given");
    }
    let found = tokio::task::spawn_blocking(move || Ledger::open(&path, true)?.show(&key)).await;
    match found {
        Ok(Ok(entries)) => Json(json!({"entries": entries, "limit": crate::ledger::SHOW_LIMIT})).into_response(),
        Ok(Err(e)) => ledger_error(e),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "ledger", "page-ledger-error", "the lookup stopped"),
    }
}
