//! `orderbridge run`: map exports with a profile, write the upload files and a summary.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::{CliError, Exit, load_plan};
use crate::engine::Plan;
use crate::i18n::{self, Lang, Msg};
use crate::profile::{Origin, ProfileText};
use crate::report::{SummaryExtras, summary, summary_total};
use crate::run::{InputSource, PlanRun, Progress, RunOptions, RunOutcome, run_many_begun};
use crate::shop::ShopFile;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Profile name (looked up in --mappings, $ORDERBRIDGE_MAPPINGS, ./mappings, then the
    /// built-in ones) or a path to a .toml file; repeat it to run several profiles over the
    /// same exports as one run (default: the shop file's profiles).
    #[arg(long)]
    pub profile: Vec<String>,
    /// Folder the upload files and the reject file are written under (default: the shop
    /// file's `out`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The shop file naming the run's profiles, `out`, `ledger` and parameters (default:
    /// ./orderbridge.toml, if there is one); options given here override it.
    #[arg(long, value_name = "FILE")]
    pub shop: Option<PathBuf>,
    /// "Today" for relative-date rules and file names (YYYY-MM-DD); default: today in the
    /// profile's time zone.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Also write the run report as JSON to this file.
    #[arg(long, value_name = "FILE.json")]
    pub report: Option<PathBuf>,
    /// Do everything except write files; show where each file would go and its first rows.
    #[arg(long)]
    pub dry_run: bool,
    /// If any row is rejected, write no upload file at all (exit 1).
    #[arg(long)]
    pub strict: bool,
    /// Also write the excluded rows, in the reject file's layout, beside it
    /// (`excluded_PROFILE_YYYYMMDD.csv` by default; not an upload file).
    #[arg(long)]
    pub list_excluded: bool,
    /// Folder to look up profiles by name in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
    /// Override a profile parameter for this run (e.g. `--set window_days=7`); repeatable.
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_set)]
    pub set: Vec<(String, String)>,
    /// The sync history (an SQLite file, created if missing; default: $ORDERBRIDGE_LEDGER,
    /// else the default ledger in the user's data folder): rows already in a confirmed upload
    /// with the same values are not written again (`already_sent`), and the run is recorded.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// Run without the sync history: nothing is consulted or recorded.
    #[arg(long, conflicts_with = "ledger")]
    pub no_ledger: bool,
    /// With a ledger: write rows even if already sent (still recorded).
    #[arg(long)]
    pub resend: bool,
    /// With a ledger: whether the earlier upload files whose upload is not known, holding
    /// rows of this run, were uploaded (their rows are then already sent) or not (they go
    /// out again); recorded with the run. Without it, an upload that adds stops on them.
    #[arg(long, value_enum, value_name = "uploaded|not-uploaded")]
    pub previous: Option<PreviousArg>,
    /// Export files, processed in order into the same upload files.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
}

/// `--previous`'s values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PreviousArg {
    Uploaded,
    NotUploaded,
}

impl PreviousArg {
    fn into_previous(self) -> crate::run::Previous {
        match self {
            PreviousArg::Uploaded => crate::run::Previous::Uploaded,
            PreviousArg::NotUploaded => crate::run::Previous::NotUploaded,
        }
    }
}

/// Inputs at least this large get a progress bar (when stderr is a terminal).
const PROGRESS_MIN_BYTES: u64 = 16 << 20;

struct Bar(Option<ProgressBar>, Lang);

impl Progress for Bar {
    fn start(&mut self, input: &str, size: u64) {
        if size >= PROGRESS_MIN_BYTES && std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(size);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_message(input.to_string());
            self.0 = Some(bar);
        }
    }
    fn advance(&mut self, bytes: u64) {
        if let Some(b) = &self.0 {
            b.inc(bytes);
        }
    }
    fn finish(&mut self) {
        if let Some(b) = self.0.take() {
            b.finish_and_clear();
        }
    }
    fn waiting(&mut self, msg: &Msg) {
        eprintln!("{}", msg.render(self.1));
    }
}

pub fn execute(a: RunArgs, lang: Lang) -> Result<Exit, CliError> {
    // SIGINT/SIGTERM/SIGHUP: a commit in progress completes or rolls back, temporary files are
    // removed, then the process exits (the next run also recovers what a kill left). Only for
    // `run`: `serve` handles its own signals (and cleans its own folder).
    if let Err(e) = crate::io::journal::install_signal_cleanup() {
        let message = Msg::new("run-no-signal-cleanup").arg("error", e);
        eprintln!("{}", Msg::new("cli-warning").arg("message", message).render(lang));
    }
    let (shop_path, shop) = match crate::shop::find(a.shop.as_deref()).map_err(|e| CliError::Usage(e.msg()))? {
        Some((path, shop)) => (Some(path), shop),
        None => (None, ShopFile::default()),
    };
    let specs = if a.profile.is_empty() { shop.profiles.clone() } else { a.profile.clone() };
    if specs.is_empty() {
        return Err(CliError::Usage(Msg::new("run-no-profile")));
    }
    let out = a.out.clone().or(shop.out.clone()).ok_or_else(|| CliError::Usage(Msg::new("run-needs-out")))?;
    // Phase 2 begun while the profiles compile: the ledger the run will most likely record
    // into (the profiles may still choose none) and the output folder.
    let likely_ledger =
        if a.no_ledger { None } else { crate::ledger::chosen(a.ledger.clone().or(shop.ledger.clone())) };
    let early = crate::run::EarlyStart::begin(likely_ledger.as_deref(), &out, a.dry_run);
    let loaded = load_plans(&specs, a.mappings.as_ref(), &shop, shop_path.as_deref(), &a.set)?;
    // A profile `validate-profile` refuses is not run either: its failing tests say it would
    // write what nobody meant.
    if let Some(refused) = loaded.iter().find_map(|(source, _)| crate::validate::refusal(source)) {
        return Err(CliError::Profile(vec![refused]));
    }
    // "Today" in the first profile's time zone: one day for the whole run.
    let as_of = super::as_of(a.as_of.as_deref(), &loaded[0].1)?;
    let plans: Vec<&Plan> = loaded.iter().map(|(_, plan)| plan).collect();
    let ledger = super::ledger::for_run(a.ledger.clone().or(shop.ledger.clone()), a.no_ledger, &plans);
    let opts = RunOptions {
        out_dir: out.clone(),
        as_of,
        dry_run: a.dry_run,
        strict: a.strict,
        preview_rows: if a.dry_run { 5 } else { 0 },
        report: a.report.clone(),
        list_excluded: a.list_excluded,
        ledger: ledger.map(|path| crate::run::LedgerUse {
            path,
            resend: a.resend,
            previous: a.previous.map(PreviousArg::into_previous),
        }),
        cancel: None,
    };
    if a.resend && opts.ledger.is_none() {
        return Err(CliError::Usage(Msg::new("ledger-resend-needs-ledger")));
    }
    if a.previous.is_some() && opts.ledger.is_none() {
        return Err(CliError::Usage(Msg::new("ledger-previous-needs-ledger")));
    }
    let sources: Vec<InputSource> = a.inputs.iter().cloned().map(InputSource::Path).collect();
    let mut runs: Vec<PlanRun> = loaded.iter().map(|(_, plan)| PlanRun { plan, extra: &mut [] }).collect();
    let outcomes = run_many_begun(&mut runs, &sources, &opts, Some(early), &mut Bar(None, lang))?;
    let mut err = std::io::stderr().lock();
    for (i, ((source, plan), outcome)) in loaded.iter().zip(&outcomes).enumerate() {
        if i > 0 {
            let _ = writeln!(err);
        }
        let _ = write!(err, "{}", part(source, plan, outcome, &a, &out, outcomes.len() == 1, lang));
    }
    if outcomes.len() > 1 {
        let reports: Vec<&crate::report::Report> = outcomes.iter().map(|o| &o.report).collect();
        let _ = writeln!(err, "\n{}", summary_total(&reports, a.dry_run, lang));
        // One hint for the whole run: `--last` confirms every profile's files.
        let ledgers = outcomes.iter().filter_map(|o| o.report.ledger.as_ref());
        if let Some(hint) = ledgers.filter_map(|l| super::ledger::confirm_hint(l, lang)).next() {
            let _ = writeln!(err, "  {hint}");
        }
    }
    // The worst of the parts: a rejected row in any profile is exit 1.
    let rejected = outcomes.iter().any(|o| o.report.rows.rejected > 0);
    Ok(if rejected { Exit::Rejected } else { Exit::Success })
}

/// The profiles of the run, compiled: `specs` as given (`--profile`, else the shop file's),
/// each with the parameters it declares of the shop file's and of `--set` (which override
/// the shop's). One profile without a shop file's parameters is compiled with `--set` as it
/// always was (an unknown name is the profile's own error).
pub(super) fn load_plans(
    specs: &[String],
    mappings: Option<&PathBuf>,
    shop: &ShopFile,
    shop_path: Option<&std::path::Path>,
    set: &[(String, String)],
) -> Result<Vec<(ProfileText, Plan)>, CliError> {
    if let ([spec], true) = (specs, shop.params.is_empty()) {
        return Ok(vec![load_plan(spec, mappings, set.to_vec())?]);
    }
    let mut loaded = Vec::with_capacity(specs.len());
    for spec in specs {
        loaded.push(load_plan(spec, mappings, Vec::new())?);
    }
    let declared: Vec<(String, Vec<String>)> =
        loaded.iter().map(|(_, p)| (p.name.clone(), p.params.keys().cloned().collect())).collect();
    let overrides =
        crate::shop::distribute(&declared, &shop.params, shop_path, set).map_err(|e| CliError::Usage(e.msg()))?;
    for ((spec, one), overrides) in specs.iter().zip(loaded.iter_mut()).zip(overrides) {
        if !overrides.is_empty() {
            *one = load_plan(spec, mappings, overrides)?;
        }
    }
    Ok(loaded)
}

/// One profile's part of the summary: its counts and files, the ledger's part (with the hint
/// to confirm the files when the profile runs `alone`), and in a dry run the first rows of
/// each file and the first rejected rows.
fn part(
    source: &ProfileText,
    plan: &Plan,
    outcome: &RunOutcome,
    a: &RunArgs,
    out: &std::path::Path,
    alone: bool,
    lang: Lang,
) -> String {
    use std::fmt::Write as _;
    let extras = SummaryExtras {
        elapsed: outcome.elapsed,
        dry_run: a.dry_run,
        strict_blocked: outcome.strict_blocked,
        encodings: outcome.encodings.iter().map(|(p, e)| (p.clone(), e.render(lang))).collect(),
        // A built-in profile has no file to name: the words "built in", in the reader's language.
        profile_origin: match source.origin {
            Origin::Builtin => source.origin.msg().render(lang),
            Origin::File(_) => source.display_path(),
        },
        files: outcome.planned_files.clone(),
        out_dir: out.to_path_buf(),
    };
    let mut s = String::new();
    let _ = writeln!(s, "{}", summary(&outcome.report, &extras, lang));
    if let Some(l) = &outcome.report.ledger {
        let _ = write!(s, "{}", super::ledger::run_summary(l, plan.time_zone.iana_name(), alone, lang));
    }
    if a.dry_run {
        let header: Vec<String> = plan.columns.iter().map(|c| c.name.clone()).collect();
        for (path, rows) in &outcome.previews {
            let title = Msg::new("run-preview-file").arg("path", out.join(path).display()).arg("n", rows.len());
            let _ = writeln!(s, "\n{}", title.render(lang));
            let _ = writeln!(s, "{}", table(&header, rows));
        }
        if !outcome.rejected_preview.is_empty() {
            let title = Msg::new("run-preview-rejected").arg("n", outcome.rejected_preview.len());
            let _ = writeln!(s, "\n{}", title.render(lang));
            let header: Vec<String> = ["input", "row", "rule", "reason"]
                .map(|c| i18n::tr(lang, &format!("run-preview-col-{c}"), &[]))
                .to_vec();
            let rows: Vec<Vec<String>> = outcome
                .rejected_preview
                .iter()
                .map(|(input, row, rule, message)| vec![input.clone(), row.to_string(), rule.clone(), message.clone()])
                .collect();
            let _ = writeln!(s, "{}", table(&header, &rows));
        }
    }
    s
}

/// `--set NAME=VALUE`, split at the first `=`. Called by the argument parser, which takes the
/// error as text: in the language the command line is in (chosen from the same arguments).
pub(super) fn parse_set(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_string(), value.to_string())),
        _ => {
            let lang = i18n::detect(&std::env::args_os().collect::<Vec<_>>());
            Err(Msg::new("profile-param-set-syntax").arg("arg", s).render(lang))
        }
    }
}

/// A plain text table, columns padded to their display width.
fn table(header: &[String], rows: &[Vec<String>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let clip = |s: &str| -> String {
        let one_line = s.replace(['\r', '\n'], " ");
        if one_line.width() > 30 { one_line.chars().take(28).collect::<String>() + "…" } else { one_line }
    };
    let cells: Vec<Vec<String>> = std::iter::once(header.to_vec())
        .chain(rows.iter().cloned())
        .map(|r| r.iter().map(|c| clip(c)).collect())
        .collect();
    let widths: Vec<usize> =
        (0..header.len()).map(|i| cells.iter().map(|r| r.get(i).map_or(0, |c| c.width())).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (n, r) in cells.iter().enumerate() {
        let line: Vec<String> =
            r.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.width()))).collect();
        out.push_str("  ");
        out.push_str(line.join(" | ").trim_end());
        out.push('\n');
        if n == 0 {
            out.push_str("  ");
            out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-"));
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}
