//! `orderbridge serve`: the page in the browser. This file only reads the arguments, starts
//! [`crate::serve`], prints the address to open and waits for Ctrl-C.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Args;

use super::{CliError, Exit, print_stdout};
use crate::i18n::{Lang, Msg};
use crate::serve::{self, Config};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = serve::DEFAULT_PORT)]
    pub port: u16,
    /// Address to listen on. Anything but loopback lets other machines reach the page: anyone
    /// who can reach the address and has the printed URL can use it.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub listen: IpAddr,
    /// Folder to look up profiles in first (then $ORDERBRIDGE_MAPPINGS, ./mappings, built-in).
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Largest upload accepted, in MiB (all files of one run together).
    #[arg(long, value_name = "N", default_value_t = serve::DEFAULT_MAX_UPLOAD_MB)]
    pub max_upload_mb: u64,
    /// The sync history every run of the page consults and is recorded in, as `run --ledger`
    /// (default: $ORDERBRIDGE_LEDGER, else the default ledger in the user's data folder); the
    /// page then has a confirm button per file and a box to look an order up.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// Serve the page without the sync history: its runs consult and record nothing.
    #[arg(long, conflicts_with = "ledger")]
    pub no_ledger: bool,
    /// The shop file whose profiles the page lists chosen, and whose ledger it uses unless
    /// --ledger is given (default: ./orderbridge.toml, if there is one).
    #[arg(long, value_name = "FILE")]
    pub shop: Option<PathBuf>,
}

pub fn execute(a: ServeArgs, lang: Lang) -> Result<Exit, CliError> {
    if !a.listen.is_loopback() {
        eprintln!("orderbridge serve: {}", Msg::new("serve-not-loopback").arg("address", a.listen).render(lang));
    }
    let shop = crate::shop::find(a.shop.as_deref()).map_err(|e| CliError::Usage(e.msg()))?.map(|(_, s)| s);
    let shop = shop.unwrap_or_default();
    let ledger = if a.no_ledger { None } else { crate::ledger::chosen(a.ledger.clone().or(shop.ledger.clone())) };
    if let Some(path) = &ledger {
        // A ledger the page cannot use (not a ledger, unwritable) stops `serve` now, before a
        // page offers buttons that would all fail later.
        crate::ledger::Ledger::open(path, true)?;
    }
    let config = Config {
        listen: a.listen,
        port: a.port,
        mappings: a.mappings,
        max_upload_bytes: a.max_upload_mb.saturating_mul(1 << 20),
        own_process: true,
        temp_parent: None,
        ledger,
        preselected: shop.profiles,
        console_lang: lang,
    };
    let server =
        serve::start(config).map_err(|source| CliError::Io { path: format!("{}:{}", a.listen, a.port), source })?;
    let url = server.url();
    eprintln!("orderbridge serve: {}", Msg::new("serve-open").render(lang));
    print_stdout(&format!("{url}\n"))?;
    if a.open {
        open_browser(&url, lang);
    }
    server.wait().map_err(|source| CliError::Io { path: "orderbridge serve".into(), source })?;
    eprintln!("orderbridge serve: {}", Msg::new("serve-stopped").render(lang));
    Ok(Exit::Success)
}

/// Opens `url` with the system's default browser; says so if that fails.
fn open_browser(url: &str, lang: Lang) {
    let mut cmd = if cfg!(windows) {
        let mut c = std::process::Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    let opened = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        eprintln!("orderbridge serve: {}", Msg::new("serve-no-browser").render(lang));
    }
}
