//! The page's HTTP API. Every handler here runs behind [`super::security::guard`].
//!
//! - `GET /` the page, `GET /assets/…` its scripts and style sheet
//! - `GET /api/text?lang=` the catalog's messages for the script
//! - `GET /api/profiles` the profiles with their validation, and the upload limit
//! - `POST /api/runs` a run of one or more profiles: the form of [`super::upload`]; answers
//!   202 with the run's id
//! - `GET /api/runs/{id}?wait=MS` where the run is (waits up to MS ms for it to finish):
//!   `waiting` (for the run before it, `queue`, or for another program's run on the ledger,
//!   `ledger`, with its `message`), `running`, `pending` (a question about earlier files),
//!   `done` (a part per profile) or `failed`
//! - `GET /api/runs/{id}/files/{index}` a file the run wrote, by its place in the run's list
//! - `GET /api/runs/{id}/zip` everything the run wrote, as a zip
//! - `GET /api/runs/{id}/check` the profile's validation and the uploads' lookup coverage
//! - with a ledger: `POST /api/runs/{id}/answer?previous=uploaded|not-uploaded` (a run that
//!   asks about earlier files goes on), `POST /api/runs/{id}/files/{index}/confirm` and
//!   `…/unsent`, `GET /api/ledger`, `GET /api/ledger/show?key=` (see [`super::ledger`])
//!
//! Files are only ever served from a run's own list of what it wrote: no part of a request
//! is joined to a folder.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::lang::RequestLang;
use super::runs::{self, Kind, Phase, Run, Served};
use super::security::content_disposition;
use super::upload::{UploadError, receive};
use super::view::{Checked, Created, Profiles, Refusal, Refused, State as RunState, Status, Text, WaitingOn};
use super::{AppState, check, job, page};
use crate::i18n::{self, Lang, Msg};

/// A JSON error: `{"error": {"kind", "message", "hint"}}` with its status.
pub(super) fn error(status: StatusCode, kind: &str, hint: &str, message: impl Into<String>) -> Response {
    let message = message.into();
    (status, Json(Refused { error: Refusal { kind, hint, text: message.clone(), message } })).into_response()
}

/// No such run or file: said in English, the words of the API (the page says `error-run-gone`).
pub(super) fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "error-run-gone", "no such run or file")
}

pub async fn index(RequestLang(lang): RequestLang) -> Response {
    page::html(page::render_index(lang).to_string())
}

pub async fn no_content() -> StatusCode {
    StatusCode::NO_CONTENT
}

pub async fn text(RequestLang(lang): RequestLang) -> Response {
    let messages: BTreeMap<String, String> = i18n::templates(lang, "serve.ftl").into_iter().collect();
    Json(Text { lang: lang.code(), messages }).into_response()
}

pub async fn profiles(State(state): State<Arc<AppState>>, RequestLang(lang): RequestLang) -> Response {
    let mappings = state.mappings.clone();
    match tokio::task::spawn_blocking(move || check::profiles(mappings.as_deref(), lang)).await {
        Ok(profiles) => {
            Json(Profiles { max_upload_bytes: state.max_upload, preselected: state.preselected.clone(), profiles })
                .into_response()
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "error-hint-request", e.to_string()),
    }
}

pub async fn create_run(
    State(state): State<Arc<AppState>>,
    RequestLang(lang): RequestLang,
    form: Multipart,
) -> Response {
    let got = match receive(form, &state.runs, state.max_upload).await {
        Ok(g) => g,
        Err(UploadError::TooLarge) => {
            let m = Msg::new("upload-over-limit").arg("limit", format!("{} MB", state.max_upload >> 20));
            return error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "too-large", m.render(lang));
        }
        Err(UploadError::Bad(m)) => {
            return error(StatusCode::BAD_REQUEST, "request", "error-hint-request", m.render(lang));
        }
        Err(UploadError::Io(e)) => {
            let m = i18n::io_error(&e).render(lang);
            return error(StatusCode::INTERNAL_SERVER_ERROR, "output", "error-hint-output", m);
        }
    };
    let mappings = state.mappings.clone();
    let names = got.profiles.clone();
    let found = tokio::task::spawn_blocking(move || {
        names.iter().map(|name| check::find_listed(name, mappings.as_deref()).ok_or(name.clone())).collect()
    });
    let sources: Vec<_> = match found.await {
        Ok(Ok(s)) => s,
        Ok(Err(name)) => {
            let m = Msg::new("upload-no-such-profile").arg("name", &name).render(lang);
            return error(StatusCode::BAD_REQUEST, "request", "error-hint-request", m);
        }
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "error-hint-request", e.to_string()),
    };
    if sources.is_empty() {
        let m = Msg::new("upload-no-profile").render(lang);
        return error(StatusCode::BAD_REQUEST, "request", "error-hint-request", m);
    }
    if got.inputs.is_empty() {
        let m = Msg::new("upload-no-files").render(lang);
        return error(StatusCode::BAD_REQUEST, "request", "no-files-chosen", m);
    }
    let as_of = match got.as_of.as_deref().map(str::parse::<jiff::civil::Date>) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            let m = Msg::new("upload-bad-as-of").arg("error", e).render(lang);
            return error(StatusCode::BAD_REQUEST, "request", "error-hint-request", m);
        }
    };
    let (id, dir) = got.dir.keep();
    let run = Arc::new(Run {
        id: id.clone(),
        dir,
        created: Instant::now(),
        sources,
        as_of,
        strict: got.strict,
        inputs: got.inputs,
        read_bytes: Default::default(),
        phase: std::sync::Mutex::new(Phase::Running),
        done: tokio::sync::watch::channel(false).0,
        check: Default::default(),
        zip: Default::default(),
        ledger: state.ledger.clone(),
        previous: Default::default(),
        waiting: Default::default(),
    });
    state.runs.insert(run.clone());
    start_job(&state, run);
    let gone = state.runs.expire(Instant::now());
    tokio::task::spawn_blocking(move || runs::remove_dirs(gone));
    let url = format!("/api/runs/{id}");
    (StatusCode::ACCEPTED, Json(Created { id, url })).into_response()
}

/// Runs `run` on a blocking thread, in its turn at the ledger.
pub(super) fn start_job(state: &Arc<AppState>, run: Arc<Run>) {
    let stopping = state.runs.stopping.clone();
    // With a ledger, the server's runs take turns: a run waits for the one before it here
    // (the page says so) rather than at the ledger, where it would not know whom it waits for.
    let turn = state.ledger.is_some().then(|| state.ledger_turn.clone());
    tokio::spawn(async move {
        let turn = match turn {
            Some(t) => match t.clone().try_lock_owned() {
                Ok(g) => Some(g),
                Err(_) => {
                    run.set_waiting(Some(runs::Waiting::Queue));
                    Some(t.lock_owned().await)
                }
            },
            None => None,
        };
        run.set_waiting(None);
        let _ = tokio::task::spawn_blocking(move || {
            job::execute(&run, &stopping);
            drop(turn);
        })
        .await;
    });
}

#[derive(Deserialize)]
pub struct WaitQuery {
    wait: Option<u64>,
}

/// Where `run` is, answered in `lang` (what another program's run on the ledger says).
fn status(run: &Run, lang: i18n::Lang) -> Response {
    let waiting = run.waiting();
    let phase = run.phase.lock().unwrap_or_else(|e| e.into_inner());
    let state = match (&*phase, waiting) {
        (Phase::Running, Some(runs::Waiting::Ledger(msg))) => {
            RunState::Waiting { on: WaitingOn::Ledger { message: msg.render(lang) } }
        }
        (Phase::Running, Some(runs::Waiting::Queue)) => RunState::Waiting { on: WaitingOn::Queue },
        (Phase::Running, None) => {
            RunState::Running { read_bytes: run.read_bytes.load(Ordering::Relaxed), total_bytes: run.total_bytes() }
        }
        (Phase::Done { parts, .. }, _) => RunState::Done { result: &parts[0], parts },
        (Phase::Pending { files }, _) => RunState::Pending {
            files: files.iter().map(|f| super::result::pending_view(f, run)).collect(),
            answer_url: format!("/api/runs/{}/answer", run.id),
        },
        (Phase::Failed { error }, _) => RunState::Failed { error: error.view(lang, &|s| runs::plain_paths(s, run)) },
    };
    // Written out here, while the run's phase is held (never across an await).
    Json(Status { id: &run.id, state }).into_response()
}

pub async fn run_status(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<WaitQuery>,
    RequestLang(lang): RequestLang,
) -> Response {
    let Some(run) = state.runs.get(&id) else { return not_found() };
    let wait = Duration::from_millis(q.wait.unwrap_or(0).min(60_000));
    if !wait.is_zero() {
        let mut done = run.done.subscribe();
        let mut stopping = state.stopping.clone();
        tokio::select! {
            _ = tokio::time::timeout(wait, done.wait_for(|d| *d)) => {}
            _ = stopping.wait_for(|s| *s) => {}
        }
    }
    status(&run, lang)
}

/// File `index` of a finished run's list (a request's `{index}`, parsed as a number only).
pub(super) fn served(run: &Run, index: &str) -> Option<Served> {
    let index = index.parse::<usize>().ok()?;
    match &*run.phase.lock().unwrap_or_else(|e| e.into_inner()) {
        Phase::Done { files, .. } => files.get(index).cloned(),
        _ => None,
    }
}

/// Sends one of the run's files: its exact bytes, under its own name.
async fn send(f: &Served, content_type: &'static str) -> Response {
    let Ok(file) = tokio::fs::File::open(&f.abs).await else { return not_found() };
    let len = file.metadata().await.map(|m| m.len()).unwrap_or(0);
    let body = Body::from_stream(tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024));
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&f.file_name())) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

pub async fn download(State(state): State<Arc<AppState>>, Path((id, index)): Path<(String, String)>) -> Response {
    let Some(run) = state.runs.get(&id) else { return not_found() };
    match served(&run, &index) {
        Some(f) => send(&f, "text/csv").await,
        None => not_found(),
    }
}

pub async fn download_zip(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let Some(run) = state.runs.get(&id) else { return not_found() };
    let files = match &*run.phase.lock().unwrap_or_else(|e| e.into_inner()) {
        Phase::Done { files, .. } if !files.is_empty() => files.clone(),
        _ => return not_found(),
    };
    let mut zip = run.zip.lock().await;
    if zip.is_none() {
        let dest = run.dir.join("all.zip");
        let now = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::system()).datetime();
        let d = dest.clone();
        match tokio::task::spawn_blocking(move || super::zip::build(&files, &d, now)).await {
            Ok(Ok(())) => {
                let bytes = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
                let name = format!("orderbridge_{}_{}.zip", run.source().name, compact_date(&run));
                *zip = Some(Served { rel: name, abs: dest, bytes, kind: Kind::Zip, ledger_run: None });
            }
            Ok(Err(e)) => {
                return error(StatusCode::INTERNAL_SERVER_ERROR, "output", "error-hint-output", e.to_string());
            }
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "error-hint-output", e.to_string()),
        }
    }
    let Some(f) = zip.clone() else { return not_found() };
    drop(zip);
    send(&f, "application/zip").await
}

/// The run's as-of date as `YYYYMMDD`, for the zip's name.
fn compact_date(run: &Run) -> String {
    match &*run.phase.lock().unwrap_or_else(|e| e.into_inner()) {
        Phase::Done { parts, .. } => parts[0].as_of.replace('-', ""),
        _ => String::new(),
    }
}

pub async fn check_run(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RequestLang(lang): RequestLang,
) -> Response {
    let Some(run) = state.runs.get(&id) else { return not_found() };
    let r = run.clone();
    let cell = &run.check[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)];
    let value = cell
        .get_or_init(|| async move {
            tokio::task::spawn_blocking(move || check::check_run(&r, lang)).await.unwrap_or_else(|e| Checked::Failed {
                error: Refusal {
                    kind: "internal",
                    hint: "error-hint-request",
                    message: e.to_string(),
                    text: e.to_string(),
                },
            })
        })
        .await;
    Json(value).into_response()
}

pub async fn fallback(uri: Uri, RequestLang(lang): RequestLang) -> Response {
    if uri.path().starts_with("/api/") {
        return not_found();
    }
    page::refusal(StatusCode::NOT_FOUND, lang, "not-found")
}
