//! `orderbridge profile show NAME`: a profile's TOML exactly as the tool would read it —
//! the built-in copies too, so that a message naming `<built-in>/NAME.toml` names something
//! a shop can open, copy and edit.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{CliError, Exit, print_stdout};
use crate::i18n::{Lang, Msg};
use crate::io::output::Protected;
use crate::profile::{self, Origin};

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub command: ProfileCommand,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Print a profile's TOML text as it is found by name (built-in profiles included).
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Profile name (looked up in --mappings, $ORDERBRIDGE_MAPPINGS, ./mappings, then the
    /// built-in ones) or a path to a .toml file.
    pub profile: String,
    /// Folder to look up profiles by name in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
    /// Write the text to this file instead of standard output (e.g. `mappings/my-shop.toml`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

pub fn execute(a: ProfileArgs, lang: Lang) -> Result<Exit, CliError> {
    match a.command {
        ProfileCommand::Show(s) => show(s, lang),
    }
}

fn show(a: ShowArgs, lang: Lang) -> Result<Exit, CliError> {
    let source = profile::find(&a.profile, a.mappings.as_deref())?;
    // A child profile is shown merged: what the tool would read, not the few lines it adds.
    let text = if source.is_child() {
        source.effective(lang).map_err(|d| CliError::Profile(vec![d]))?
    } else {
        source.text.clone()
    };
    match &a.out {
        None => print_stdout(&text)?,
        Some(out) => {
            refuse_input(out, &read_files(&source))?;
            write_file(out, text.as_bytes(), a.force)?;
            let m = Msg::new("show-wrote")
                .arg("path", out.display())
                .arg("name", &source.name)
                .arg("origin", source.origin.msg());
            eprintln!("{}", m.render(lang));
        }
    }
    Ok(Exit::Success)
}

/// The files a profile was read from: its own and those of its `extends` chain.
pub(super) fn read_files(source: &profile::ProfileText) -> Vec<PathBuf> {
    let file = |o: &Origin| match o {
        Origin::File(p) => Some(p.clone()),
        Origin::Builtin => None,
    };
    match source.layers() {
        Some(layers) => layers.iter().filter_map(|l| file(&l.origin)).collect(),
        None => file(&source.origin).into_iter().collect(),
    }
}

/// Refuses an `--out` that is a file the command reads, under whatever name (a symbolic or
/// hard link, another spelling of the path): `--force` replaces an earlier output, never the
/// command's own input, which it would destroy while the result still depends on it.
pub(super) fn refuse_input(out: &Path, inputs: &[PathBuf]) -> Result<(), CliError> {
    for input in inputs {
        if Protected::new(std::iter::once(input.as_path())).contains(out) {
            let m = Msg::new("out-is-an-input").arg("path", out.display()).arg("input", input.display());
            return Err(CliError::Usage(m));
        }
    }
    Ok(())
}

/// Writes `bytes` to `path`: only to a new file unless `force`; with `force` through a
/// temporary file renamed over the old one, so a failed write leaves the old file whole.
pub(super) fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), CliError> {
    let io_err = |source: std::io::Error| CliError::Io { path: path.display().to_string(), source };
    if !force {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                CliError::Usage(Msg::at_path(path.display(), Msg::new("show-exists")))
            } else {
                io_err(e)
            }
        })?;
        return f.write_all(bytes).and_then(|()| f.sync_all()).map_err(io_err);
    }
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(CliError::Usage(Msg::at_path(path.display(), Msg::new("show-is-a-folder"))));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp =
        tempfile::Builder::new().prefix(".orderbridge-").suffix(".partial").tempfile_in(dir).map_err(io_err)?;
    tmp.write_all(bytes).and_then(|()| tmp.as_file().sync_all()).map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}
