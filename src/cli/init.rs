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
    #[arg(long, value_name = "PROFILE", required_unless_present_any = ["shop", "update"])]
    pub base: Option<String>,
    /// The shop's own export, read as the base would read it.
    #[arg(long, value_name = "EXPORT", required_unless_present = "shop")]
    pub sample: Option<PathBuf>,
    /// Write the draft to this new file instead of standard output (with --shop: the shop
    /// file, ./orderbridge.toml by default).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// The shop's name, for the draft's description (default: the --out file's name, else
    /// the export's).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["shop", "update"])]
    pub name: Option<String>,
    /// Refresh this kept draft (the shop's edits and all) from a new --sample: the columns,
    /// header aliases and lookup values it does not mention yet are added at its end, as
    /// comments to decide; nothing of it is changed.
    #[arg(long, value_name = "FILE", requires = "sample", conflicts_with_all = ["base", "out", "shop"])]
    pub update: Option<PathBuf>,
    /// Folder to look up profiles by name in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
    /// "Today" for the sample's relative-date rules (default: today in the base's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Write a shop file instead of a draft: the profiles, folder, ledger and parameters that
    /// `orderbridge run EXPORT` uses in the shop file's folder.
    #[arg(long, conflicts_with_all = ["base", "sample"])]
    pub shop: bool,
    /// With --shop: a profile of the shop (a name, or a path to a .toml file relative to the
    /// shop file's folder); repeat it for each.
    #[arg(long, requires = "shop")]
    pub profile: Vec<String>,
    /// With --shop: the folder the upload files are written under, relative to the shop
    /// file's folder (default: upload).
    #[arg(long, value_name = "DIR", requires = "shop")]
    pub upload_dir: Option<PathBuf>,
    /// With --shop: the shop's ledger (the sync history), relative to the shop file's folder.
    #[arg(long, value_name = "FILE", requires = "shop")]
    pub ledger: Option<PathBuf>,
    /// With --shop: a parameter of the shop's profiles (e.g. `--set window_days=5`); repeatable.
    #[arg(long = "set", value_name = "NAME=VALUE", requires = "shop", value_parser = super::run::parse_set)]
    pub set: Vec<(String, String)>,
}

pub fn execute(a: InitArgs, lang: Lang) -> Result<Exit, CliError> {
    if a.shop {
        return execute_shop(a, lang);
    }
    if a.sample.as_ref().is_some_and(|s| s.as_os_str() == crate::io::input::STDIN_PATH) {
        // The sample is read twice (its header, then its values).
        return Err(CliError::Usage(Msg::new("init-stdin-sample")));
    }
    if let Some(kept) = a.update.clone() {
        return execute_update(a, &kept, lang);
    }
    let (Some(base_spec), Some(sample_path)) = (a.base.clone(), a.sample.clone()) else {
        unreachable!("clap requires --base and --sample without --shop")
    };
    // Refused before any work: the shop learns at once that nothing was written.
    if let Some(out) = &a.out
        && !a.force
        && std::fs::symlink_metadata(out).is_ok()
    {
        return Err(CliError::Usage(Msg::new("init-refuse-overwrite").arg("path", out.display())));
    }
    let (base, plan) = super::load_plan(&base_spec, a.mappings.as_ref(), Vec::new())?;
    if let Some(out) = &a.out {
        let mut inputs = super::profile::read_files(&base);
        inputs.push(sample_path.clone());
        super::profile::refuse_input(out, &inputs)?;
    }
    let as_of = super::as_of(a.as_of.as_deref(), &plan)?;
    let others: Vec<profile::ProfileText> =
        profile::list(a.mappings.as_deref())?.into_iter().filter_map(|l| l.source.ok()).collect();
    let name = a.name.clone().unwrap_or_else(|| {
        let named = a.out.as_ref().unwrap_or(&sample_path);
        named.file_stem().map_or_else(|| named.display().to_string(), |s| s.to_string_lossy().into_owned())
    });
    let sample = InputSource::Path(sample_path);
    let req = Request { base: &base, extends: &base_spec, sample: &sample, as_of, others: &others, lang, name: &name };
    let d = draft(&req, plan)?;
    match &a.out {
        None => print_stdout(&d.text)?,
        Some(out) => super::profile::write_file(out, d.text.as_bytes(), a.force)?,
    }
    summary(&d, lang);
    if let Some(out) = &a.out {
        eprintln!("{}", Msg::new("init-wrote").arg("path", out.display()).render(lang));
    }
    Ok(Exit::Success)
}

/// What the draft holds, on stderr: why the sample could not be run, and the counts.
fn summary(d: &crate::init::Draft, lang: Lang) {
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
}

/// `init --update FILE --sample EXPORT`: the kept profile is compiled as it is (it must be
/// valid, like any profile a run uses), the sample matched and run against it, and what it
/// does not mention yet appended to it as comments. The file is left as it was when there
/// is nothing new.
fn execute_update(a: InitArgs, kept: &std::path::Path, lang: Lang) -> Result<Exit, CliError> {
    let Some(sample_path) = a.sample.clone() else { unreachable!("clap requires --sample with --update") };
    let spec = kept.display().to_string();
    let (base, plan) = super::load_plan(&spec, a.mappings.as_ref(), Vec::new())?;
    super::profile::refuse_input(kept, std::slice::from_ref(&sample_path))?;
    let as_of = super::as_of(a.as_of.as_deref(), &plan)?;
    let others: Vec<profile::ProfileText> =
        profile::list(a.mappings.as_deref())?.into_iter().filter_map(|l| l.source.ok()).collect();
    let sample = InputSource::Path(sample_path);
    let req = Request { base: &base, extends: &spec, sample: &sample, as_of, others: &others, lang, name: &spec };
    let d = crate::init::update(&req, plan, &base.text)?;
    summary(&d, lang);
    if d.text.is_empty() {
        eprintln!("{}", Msg::new("init-update-nothing").arg("path", kept.display()).render(lang));
        return Ok(Exit::Success);
    }
    let mut text = base.text.clone();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&d.text);
    super::profile::write_file(kept, text.as_bytes(), true)?;
    eprintln!("{}", Msg::new("init-updated").arg("path", kept.display()).render(lang));
    Ok(Exit::Success)
}

/// `init --shop`: checks the profiles and the parameters as `run` would use them (each
/// parameter declared by one of the profiles, of its type), then writes the shop file.
fn execute_shop(a: InitArgs, lang: Lang) -> Result<Exit, CliError> {
    if a.profile.is_empty() {
        return Err(CliError::Usage(Msg::new("run-no-profile")));
    }
    let out = a.out.clone().unwrap_or_else(|| PathBuf::from(crate::shop::SHOP_FILE));
    if !a.force && std::fs::symlink_metadata(&out).is_ok() {
        return Err(CliError::Usage(Msg::new("init-refuse-overwrite").arg("path", out.display())));
    }
    let shop = crate::shop::ShopFile {
        profiles: a.profile.clone(),
        out: Some(a.upload_dir.clone().unwrap_or_else(|| PathBuf::from("upload"))),
        ledger: a.ledger.clone(),
        params: a.set.iter().cloned().collect(),
    };
    // Checked as a run reads the file: the shop's parameters go to the profiles declaring them.
    let checked = crate::shop::ShopFile { params: Default::default(), ..shop.clone() };
    let loaded = super::run::load_plans(&a.profile, a.mappings.as_ref(), &checked, None, &a.set)?;
    let plans: Vec<&crate::engine::Plan> = loaded.iter().map(|(_, p)| p).collect();
    let text = crate::init::shop_file_text(&shop, &plans, lang);
    super::profile::write_file(&out, text.as_bytes(), a.force)?;
    let profiles = a.profile.join(", ");
    eprintln!("{}", Msg::new("init-shop-wrote").arg("path", out.display()).arg("profiles", profiles).render(lang));
    Ok(Exit::Success)
}
