//! The page's ledger (the default one, or `serve --ledger`): every run of the page is recorded
//! in it as by `orderbridge run` (the same library call), and the page answers a run's question
//! about earlier files, confirms a file it wrote or undoes that, and looks an order up — the
//! same [`crate::ledger`] calls as `run --previous`, `ledger confirm`, `ledger unsent` and
//! `ledger show`. Times are shown in the profile's time zone ([`local_time`]).
//!
//! - `GET /api/ledger`: whether the server has a ledger (the page shows its lookup box then)
//! - `POST /api/runs/{id}/answer?previous=uploaded|not-uploaded`: a run stopped on earlier
//!   files of unknown upload runs again over the same uploads with that answer
//! - `POST /api/runs/{id}/files/{index}/confirm`: marks that upload file as uploaded;
//!   `…/unsent`: as not uploaded (undoes a confirm). The file is found by its id in the ledger
//!   among the files of the run that wrote it — nothing of the request names a path
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
use super::api::{error, served, start_job};
use super::lang::RequestLang;
use super::rule_words::recorded_rule_words;
use super::runs::{Kind, Phase};
use super::view::{FileStatus, LedgerStatus, Show, ShownEntry, StatusAnswer};
use crate::i18n::{Lang, tr};
use crate::ledger::{FileEntry, Gate, Ledger, LedgerError, SHOW_LIMIT, local_time};
use crate::run::Previous;

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

/// The answer as the page sends it, in the words of `run --previous`.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum PreviousArg {
    Uploaded,
    NotUploaded,
}

#[derive(Deserialize)]
pub struct AnswerQuery {
    #[serde(default)]
    previous: String,
}

/// Answers the question of a run stopped on earlier files of unknown upload: it runs again
/// over the same uploads, kept in its folder, with that answer (as `run --previous`).
pub async fn answer(
    PageLedger { lang, .. }: PageLedger,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<AnswerQuery>,
) -> Response {
    let previous = match serde_json::from_value(serde_json::Value::String(q.previous)) {
        Ok(PreviousArg::Uploaded) => Previous::Uploaded,
        Ok(PreviousArg::NotUploaded) => Previous::NotUploaded,
        Err(_) => return said(StatusCode::BAD_REQUEST, "request", "page-answer-bad", lang),
    };
    let Some(run) = state.runs.get(&id) else {
        return said(StatusCode::NOT_FOUND, "not_found", "error-run-gone", lang);
    };
    {
        let mut phase = run.phase.lock().unwrap_or_else(|e| e.into_inner());
        if !matches!(*phase, Phase::Pending { .. }) {
            return said(StatusCode::CONFLICT, "request", "page-answer-not-asked", lang);
        }
        *phase = Phase::Running;
        *run.previous.lock().unwrap_or_else(|e| e.into_inner()) = Some(previous);
        run.read_bytes.store(0, std::sync::atomic::Ordering::Relaxed);
        run.done.send_replace(false);
    }
    start_job(&state, run.clone());
    Json(serde_json::json!({ "id": run.id, "url": format!("/api/runs/{}", run.id) })).into_response()
}

/// A file's status as the page shows it, its times in its profile's time zone.
pub fn file_status(f: &FileEntry) -> FileStatus {
    let tz = f.time_zone.as_deref();
    let state = match (&f.confirmed_at, &f.unsent_at) {
        (Some(_), _) => "uploaded",
        (None, Some(_)) => "not_uploaded",
        (None, None) => "unknown",
    };
    FileStatus {
        state,
        confirmed_at: f.confirmed_at.as_deref().map(|t| local_time(t, tz)),
        unsent_at: f.unsent_at.as_deref().map(|t| local_time(t, tz)),
    }
}

/// Marks one upload file of a run as uploaded.
pub async fn confirm(
    page: PageLedger,
    State(state): State<Arc<AppState>>,
    Path((id, index)): Path<(String, String)>,
) -> Response {
    set_status(page, &state, &id, &index, true).await
}

/// Marks one upload file of a run as not uploaded (undoes a confirm).
pub async fn unsent(
    page: PageLedger,
    State(state): State<Arc<AppState>>,
    Path((id, index)): Path<(String, String)>,
) -> Response {
    set_status(page, &state, &id, &index, false).await
}

/// Sets the upload status of file `index` of run `id`: the file is the one the run recorded
/// at that path (its id in the ledger, among its own run's files).
async fn set_status(
    PageLedger { path, lang }: PageLedger,
    state: &Arc<AppState>,
    id: &str,
    index: &str,
    uploaded: bool,
) -> Response {
    let gone = || said(StatusCode::NOT_FOUND, "not_found", "error-run-gone", lang);
    let Some(run) = state.runs.get(id) else { return gone() };
    // Only an upload file of a recorded run has a status (not the reject file, nor the warned
    // rows, nor a file of a run without a ledger).
    let upload = served(&run, index).filter(|f| f.kind == Kind::Upload && run.ledger.is_some());
    let Some((file, ledger_run)) = upload.and_then(|f| f.ledger_run.map(|r| (f, r))) else { return gone() };
    let done = tokio::task::spawn_blocking(move || {
        // In turn with the runs (the page's and any other) recording themselves in it, before
        // opening it (which may upgrade an older ledger).
        let _turn = Gate::take(&path, &mut |_| {})?;
        let mut ledger = Ledger::open(&path, false)?;
        let ids: Vec<i64> =
            ledger.find_files(&file.abs)?.into_iter().filter(|f| f.run == ledger_run).map(|f| f.id).collect();
        if uploaded { ledger.set_uploaded(&ids) } else { ledger.set_not_uploaded(&ids) }
    })
    .await;
    match done {
        Ok(Ok(files)) => match files.first() {
            Some(f) => Json(StatusAnswer { status: file_status(f) }).into_response(),
            None => gone(),
        },
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
        Ok(Ok(mut entries)) => {
            for e in &mut entries {
                let tz = e.time_zone.clone();
                e.run_at = local_time(&e.run_at, tz.as_deref());
                e.confirmed_at = e.confirmed_at.as_deref().map(|t| local_time(t, tz.as_deref()));
            }
            // As `ledger show` says it: an answer of the limit's length may not be all.
            let truncated = entries.len() as i64 >= SHOW_LIMIT;
            let entries = entries
                .into_iter()
                .map(|entry| {
                    let rule_words = entry.rule.as_deref().and_then(recorded_rule_words);
                    ShownEntry { entry, rule_words }
                })
                .collect();
            Json(Show { entries, limit: SHOW_LIMIT, truncated }).into_response()
        }
        Ok(Err(e)) => ledger_error(&e, lang),
        Err(_) => said(StatusCode::INTERNAL_SERVER_ERROR, "ledger", "page-ledger-stopped", lang),
    }
}
