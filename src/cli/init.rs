//! `orderbridge init --base PROFILE --sample EXPORT [--out FILE]`: a draft child profile for a
//! shop's own export. The library guesses it ([`crate::init`]); this file collects the
//! arguments, puts the text on stdout or into a new file, and says on stderr what the draft
//! holds.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, Exit, print_stdout};
use crate::i18n::grouped;
use crate::i18n::{Lang, Msg};
use crate::init::{Request, draft};
use crate::profile;
use crate::run::InputSource;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The profile the draft extends: a name (as for `run --profile`) or a path to a .toml file.
    #[arg(long, value_name = "PROFILE")]
    pub base: String,
    /// The shop's own export, read as the base would read it.
    #[arg(long, value_name = "EXPORT")]
    pub sample: PathBuf,
    /// Write the draft to this new file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Folder to look up profiles by name in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
    /// "Today" for the sample's relative-date rules (default: today in the base's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
}

pub fn execute(a: InitArgs, lang: Lang) -> Result<Exit, CliError> {
    if a.sample.as_os_str() == crate::io::input::STDIN_PATH {
        // The sample is read twice (its header, then its values).
        return Err(CliError::Usage(Msg::new("init-stdin-sample")));
    }
    // Refused before any work: the shop learns at once that nothing was written.
    if let Some(out) = &a.out
        && !a.force
        && std::fs::symlink_metadata(out).is_ok()
    {
        return Err(CliError::Usage(Msg::new("init-refuse-overwrite").arg("path", out.display())));
    }
    let (base, plan) = super::load_plan(&a.base, a.mappings.as_ref(), Vec::new())?;
    if let Some(out) = &a.out {
        let mut inputs = super::profile::read_files(&base);
        inputs.push(a.sample.clone());
        super::profile::refuse_input(out, &inputs)?;
    }
    let as_of = super::as_of(a.as_of.as_deref(), &plan)?;
    let others: Vec<profile::ProfileText> =
        profile::list(a.mappings.as_deref())?.into_iter().filter_map(|l| l.source.ok()).collect();
    let sample = InputSource::Path(a.sample.clone());
    let req = Request { base: &base, extends: &a.base, sample: &sample, as_of, others: &others, lang };
    let d = draft(&req, plan)?;
    match &a.out {
        None => print_stdout(&d.text)?,
        Some(out) => super::profile::write_file(out, d.text.as_bytes(), a.force)?,
    }
    if let Err(e) = &d.coverage {
        eprintln!("{}", Msg::new("init-not-run").arg("error", e.msg()).render(lang));
    }
    eprintln!(
        "{}",
        Msg::new("init-summary")
            .arg("aliases", grouped(d.header.matches.len() as u64))
            .arg("undecided", grouped(d.undecided() as u64))
            .arg("unmatched", grouped(d.header.unmatched.len() as u64))
            .render(lang)
    );
    if let Some(out) = &a.out {
        eprintln!("{}", Msg::new("init-wrote").arg("path", out.display()).render(lang));
    }
    Ok(Exit::Success)
}
