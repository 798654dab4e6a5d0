//! `orderbridge serve`: the page shop staff use every morning, served by the same binary. It
//! is a second door into the same library: a run is [`crate::run::run_many`] (the profiles
//! chosen, the shop file's listed chosen) into a private output folder, the check is [`crate::validate`], the profiles are those
//! `crate::profile::list` finds — nothing here maps a row.
//!
//! - `security`: the token, `Host` and `Origin` rules and the response headers;
//! - `api`: the HTTP handlers; `upload`: streaming a run's exports to disk;
//! - `runs`: per-run folders and expiry; `job`: the run itself, on a blocking thread;
//! - `result`, `check`: what the page shows, as JSON; `zip`: everything as one zip;
//! - `page`: the page (`assets/`), rendered per language.
//!
//! [`start`] binds the address, then serves on its own thread with a small tokio runtime
//! until [`Server::stop`] (tests) or a termination signal (the command); then every run's
//! files are deleted with the server's temporary folder. That folder is the server's own,
//! marked with its process id (`leftovers`): a server that could not delete its folder (killed)
//! leaves it to the next server to start, which deletes it.

mod api;
mod check;
mod failure;
mod job;
mod lang;
mod ledger;
mod leftovers;
mod page;
mod result;
mod rule_words;
mod runs;
pub(crate) mod security;
mod upload;
mod view;
mod zip;

use std::future::IntoFuture;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tokio::sync::watch;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use runs::Runs;
use security::HostRule;

/// The port used without `--port`.
pub const DEFAULT_PORT: u16 = 8740;
/// The upload limit without `--max-upload-mb`, in MiB.
pub const DEFAULT_MAX_UPLOAD_MB: u64 = 1024;
/// How long open requests may take to finish once the server is asked to stop.
const GRACE: Duration = Duration::from_secs(3);
/// How often old runs are looked for.
const EXPIRY_EVERY: Duration = Duration::from_secs(60);

/// How a server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on (`--listen`; default 127.0.0.1, this PC only).
    pub listen: IpAddr,
    /// 0: any free port.
    pub port: u16,
    /// `--mappings`: the first folder profiles are looked up in (then as the CLI does).
    pub mappings: Option<PathBuf>,
    /// The largest upload accepted, in bytes (`--max-upload-mb` MiB); a bigger one
    /// is refused with a message naming the limit.
    pub max_upload_bytes: u64,
    /// The server is this process's only job (the command): it stops on SIGINT, SIGTERM or
    /// SIGHUP (Ctrl-C on Windows), and the allocator is set up for a long life. Tests leave
    /// this off and stop the server with [`Server::stop`].
    pub own_process: bool,
    /// Where the server's temporary folder is made (default: the system's).
    pub temp_parent: Option<PathBuf>,
    /// The ledger every run of the page consults and is recorded in (`--ledger`).
    pub ledger: Option<PathBuf>,
    /// The shop's profiles (its shop file's): the page lists them chosen.
    pub preselected: Vec<String>,
    /// The language of what the server says on its terminal (the command line's); the page
    /// answers each request in that request's language.
    pub console_lang: crate::i18n::Lang,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            mappings: None,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_MB << 20,
            own_process: false,
            temp_parent: None,
            ledger: None,
            preselected: Vec::new(),
            console_lang: crate::i18n::Lang::En,
        }
    }
}

/// What every handler shares.
pub(crate) struct AppState {
    pub token: String,
    pub port: u16,
    pub hosts: HostRule,
    pub mappings: Option<PathBuf>,
    pub max_upload: u64,
    pub runs: Runs,
    pub ledger: Option<PathBuf>,
    /// The profiles the page lists chosen ([`Config::preselected`]).
    pub preselected: Vec<String>,
    /// The turn at the ledger among this server's runs: one runs, the next waits (first come,
    /// first served), and the page says so.
    pub ledger_turn: Arc<tokio::sync::Mutex<()>>,
    /// Becomes true when the server is asked to stop.
    pub stopping: watch::Receiver<bool>,
    /// The language of the server's terminal ([`Config::console_lang`]).
    pub console_lang: crate::i18n::Lang,
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    token: String,
    root: PathBuf,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Server {
    /// The address it listens on, with the port actually bound (useful when `port` was 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The random secret every request must carry (drawn at start-up, shown in [`Server::url`]).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The address to open: `http://ADDR:PORT/?token=TOKEN` (an unspecified listening
    /// address is shown as 127.0.0.1, which reaches it from this PC).
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            ip if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/?token={}", SocketAddr::new(ip, self.addr.port()), self.token)
    }

    /// The server's private temporary folder (deleted when it stops).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Blocks until the server stops (a signal, with [`Config::own_process`]).
    pub fn wait(mut self) -> io::Result<()> {
        self.join()
    }

    /// Stops the server: open requests get `GRACE` to finish, runs still going end, and
    /// the temporary folder is deleted.
    pub fn stop(mut self) -> io::Result<()> {
        self.stop.send_replace(true);
        self.join()
    }

    fn join(&mut self) -> io::Result<()> {
        match self.thread.take() {
            Some(t) => t.join().unwrap_or_else(|_| Err(io::Error::other("the server thread panicked"))),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        let _ = self.join();
    }
}

/// Binds the address and starts serving on a thread of its own.
pub fn start(config: Config) -> io::Result<Server> {
    if config.own_process {
        one_malloc_arena();
    }
    let listener = std::net::TcpListener::bind((config.listen, config.port))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let token = security::random_hex(32)?;
    let parent = config.temp_parent.clone().unwrap_or_else(std::env::temp_dir);
    leftovers::sweep(&parent);
    // tempfile makes the folder readable by this user only (0700 on Unix).
    let tmp = leftovers::Own::make(&parent)?;
    let root = tmp.path().to_path_buf();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("orderbridge-serve")
        .enable_all()
        .build()?;
    let (stop, stopping) = watch::channel(false);
    let state = Arc::new(AppState {
        token: token.clone(),
        port: addr.port(),
        hosts: HostRule::new(addr),
        mappings: config.mappings.clone(),
        max_upload: config.max_upload_bytes,
        runs: Runs::new(root.clone()),
        ledger: config.ledger.clone(),
        preselected: config.preselected.clone(),
        ledger_turn: Default::default(),
        stopping,
        console_lang: config.console_lang,
    });
    let stop_tx = stop.clone();
    let thread = std::thread::Builder::new().name("orderbridge-serve".into()).spawn(move || {
        let result = rt.block_on(serve(listener, state.clone(), config.own_process, stop_tx, tmp.path().to_path_buf()));
        state.runs.stopping.store(true, Ordering::Relaxed);
        // Runs still going stop at their next row; give them time to roll back.
        rt.shutdown_timeout(Duration::from_secs(10));
        tmp.close().and(result)
    })?;
    Ok(Server { addr, token, root, stop, thread: Some(thread) })
}

async fn serve(
    listener: std::net::TcpListener,
    state: Arc<AppState>,
    own_process: bool,
    stop: watch::Sender<bool>,
    root: PathBuf,
) -> io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    if own_process {
        tokio::spawn(signals(stop.clone(), root, state.console_lang));
    }
    tokio::spawn(expiry(state.clone()));
    let stopped = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let server = axum::serve(listener, router(state.clone())).with_graceful_shutdown(stopped(stop.subscribe()));
    let grace = stopped(stop.subscribe());
    tokio::select! {
        r = server.into_future() => r,
        _ = async { grace.await; tokio::time::sleep(GRACE).await } => Ok(()),
    }
}

/// One malloc arena for the whole process (glibc): every run brings new threads (the
/// library's reader and decider, the blocking pool's), and with an arena per thread the
/// leftovers of each run stay spread over them, so a server that has done ten runs would hold
/// far more than one run's peak. The run's threads allocate little once started (batches are
/// recycled), so sharing one arena costs them next to nothing.
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a setting of the allocator; called before any thread of
    // the server exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Stops the server on the first termination signal; a second one ends the process at once,
/// deleting the server's folder (`root`: the uploads, the runs' files) first.
async fn signals(stop: watch::Sender<bool>, root: PathBuf, lang: crate::i18n::Lang) {
    let mut signals = Termination::listen();
    signals.next().await;
    stop.send_replace(true);
    eprintln!("orderbridge serve: {}", crate::i18n::Msg::new("serve-stopping").render(lang));
    signals.next().await;
    let msg = match std::fs::remove_dir_all(&root) {
        Ok(()) => crate::i18n::Msg::new("serve-stopped-at-once"),
        Err(_) => crate::i18n::Msg::new("serve-stopped-at-once-left").arg("path", root.display()),
    };
    eprintln!("orderbridge serve: {}", msg.render(lang));
    std::process::exit(130);
}

/// The termination signals, listened to once for the server's life: a second signal that
/// comes before the server is ready for it is still seen.
struct Termination {
    #[cfg(unix)]
    unix: Option<[tokio::signal::unix::Signal; 3]>,
}

impl Termination {
    fn listen() -> Termination {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let unix = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
                signal(SignalKind::hangup()),
            ) {
                (Ok(int), Ok(term), Ok(hup)) => Some([int, term, hup]),
                _ => None,
            };
            Termination { unix }
        }
        #[cfg(not(unix))]
        Termination {}
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        if let Some([int, term, hup]) = &mut self.unix {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Forgets old runs now and then, deleting their folders.
async fn expiry(state: Arc<AppState>) {
    let mut stopping = state.stopping.clone();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(EXPIRY_EVERY) => {}
            _ = stopping.wait_for(|s| *s) => return,
        }
        let gone = state.runs.expire(Instant::now());
        let _ = tokio::task::spawn_blocking(move || runs::remove_dirs(gone)).await;
    }
}

fn router(state: Arc<AppState>) -> Router {
    let upload_limit = usize::try_from(state.max_upload + upload::FORM_SLACK).unwrap_or(usize::MAX);
    let upload = post(api::create_run)
        .layer::<_, std::convert::Infallible>(DefaultBodyLimit::disable())
        .layer::<_, std::convert::Infallible>(RequestBodyLimitLayer::new(upload_limit));
    let mut router = Router::new();
    for asset in page::ASSETS {
        let send = move || async move { page::asset(asset.content_type, asset.body) };
        router = router.route(&format!("/assets/{}", asset.name), get(send));
    }
    let mut router = router
        .route("/", get(api::index))
        .route("/favicon.ico", get(api::no_content))
        .route("/api/text", get(api::text))
        .route("/api/profiles", get(api::profiles))
        .route("/api/runs", upload)
        .route("/api/runs/{id}", get(api::run_status))
        .route("/api/runs/{id}/files/{index}", get(api::download))
        .route("/api/runs/{id}/zip", get(api::download_zip))
        .route("/api/runs/{id}/check", get(api::check_run))
        .route("/api/runs/{id}/answer", post(ledger::answer))
        .route("/api/runs/{id}/files/{index}/confirm", post(ledger::confirm))
        .route("/api/runs/{id}/files/{index}/unsent", post(ledger::unsent))
        .route("/api/ledger", get(ledger::status))
        .route("/api/ledger/show", get(ledger::show))
        .fallback(api::fallback)
        .with_state(state.clone())
        .layer(from_fn_with_state(state, security::guard))
        .layer(security::csrf_layer());
    for (name, value) in security::security_headers() {
        router = router.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    router
}
