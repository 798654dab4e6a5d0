//! One run: sources → decode → plan decides each row → sinks → one all-or-nothing commit,
//! in the named phases of `phases`.
//!
//! Every input is opened and its header bound before any row is read, so a missing column
//! stops the run with nothing written. Rows then stream through the stages of
//! `pipeline` in input order, each with one `Outcome`, into the sinks (`sink::Sink`):
//! the counts, the row lists, the upload files, the ledger, and whatever the caller adds (a
//! preview, a collector). Only when every row is decided do the sinks prepare their changes,
//! then finish into the report; the changes are then committed together
//! (`commit::Commit`). A run asked to stop ([`Cancel`]) ends before its commit. Memory
//! stays flat: batches are recycled between the stages, and only the duplicate-key hashes of
//! written rows grow.

pub(crate) mod commit;
mod decide;
mod early;
mod error;
mod ledger_place;
pub(crate) mod manifest;
mod many;
mod pending;
mod phases;
mod pipeline;
pub(crate) mod rejects;
mod report_file;
pub(crate) mod sink;
pub(crate) mod sinks;
pub(crate) mod source;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use jiff::civil::Date;

pub(crate) use crate::engine::Outcome;
pub(crate) use sink::{DecidedRow, Sink};

use crate::engine::Plan;
use crate::io::input::InputError;
use crate::io::output::OutputError;
use crate::report::{FileReport, Report};
use commit::Commit;
pub(crate) use sinks::LedgerUse;

// A run's public face: where its rows come from ([`InputSource`]); [`run`], its options and
// what it did are defined below.
pub use early::EarlyStart;
pub use pending::{PendingFile, Previous};
pub use source::InputSource;

use crate::i18n::Msg;

/// How a run is carried out.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The folder (`--out`) every route, reject and list path is rendered under.
    pub out_dir: PathBuf,
    /// The day the run is for (`--as-of`): age conditions count back from it and
    /// `{as_of:FORMAT}` renders it.
    pub as_of: Date,
    /// Decide every row and report, but write no upload, reject or list file and leave the
    /// ledger as it was (`--dry-run`); a report file asked for is still written.
    pub dry_run: bool,
    /// Write no upload file when any row is rejected (`--strict`); the reject file still is.
    pub strict: bool,
    /// Rows kept per file for the dry-run preview (0: no preview).
    pub preview_rows: usize,
    /// Where to write the JSON run report, as part of the commit (`-`: stdout).
    pub report: Option<PathBuf>,
    /// Also list the excluded rows, in the reject file's layout.
    pub list_excluded: bool,
    /// The sync history to consult and record the run in (`--ledger`); `None`: none.
    pub ledger: Option<LedgerUse>,
    /// Lets another thread stop the run (the page's server, when it stops); `None`: it runs
    /// to the end.
    pub cancel: Option<Cancel>,
}

/// A request to stop a run, from another thread. The stream checks it before it hands each
/// batch of decided rows to the sinks; a run asked to stop ends with [`RunError::Cancelled`]
/// and commits nothing, like any run that fails before its commit.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A request not yet made; clones share it.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Asks the run to stop at its next batch.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`Cancel::cancel`] was called on this request or a clone of it.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

impl From<Arc<AtomicBool>> for Cancel {
    /// A flag the caller already sets when it wants its runs to stop.
    fn from(flag: Arc<AtomicBool>) -> Cancel {
        Cancel(flag)
    }
}

impl RunOptions {
    /// A plain run into `out_dir`: every file written, nothing extra (no preview, report file,
    /// list of excluded rows or ledger); callers change the fields they need.
    pub fn new(out_dir: PathBuf, as_of: Date) -> RunOptions {
        RunOptions {
            out_dir,
            as_of,
            dry_run: false,
            strict: false,
            preview_rows: 0,
            report: None,
            list_excluded: false,
            ledger: None,
            cancel: None,
        }
    }

    /// A dry run that keeps nothing extra: what an analysis of rows (a profile test, a sample's
    /// coverage) runs with.
    pub fn analysis(as_of: Date) -> RunOptions {
        RunOptions { dry_run: true, ..RunOptions::new(PathBuf::new(), as_of) }
    }

    /// Whether the run is recorded in a ledger (one given, and not a dry run, which only
    /// consults it).
    pub fn records(&self) -> bool {
        self.ledger.is_some() && !self.dry_run
    }
}

/// How long a run waits for another run writing to the same output folder: 5 s, or the whole
/// seconds of `ORDERBRIDGE_LOCK_WAIT_SECS` (a scheduled job may rather wait its turn).
fn lock_wait() -> Duration {
    let secs = std::env::var("ORDERBRIDGE_LOCK_WAIT_SECS").ok().and_then(|v| v.trim().parse().ok());
    Duration::from_secs(secs.unwrap_or(5))
}

/// Observes progress (bytes of the current input read); the CLI draws a bar with it.
pub trait Progress {
    /// An input starts being read: its display name and its size in bytes (0: unknown, as
    /// for standard input or a pipe).
    fn start(&mut self, _input: &str, _size: u64) {}
    /// `bytes` more of the current input were read and decided.
    fn advance(&mut self, _bytes: u64) {}
    /// The current input is read to its end (or its reading failed).
    fn finish(&mut self) {}
    /// The run waits for its turn at the ledger (said every few seconds): whom it waits for.
    fn waiting(&mut self, _msg: &Msg) {}
}

impl Progress for () {}

/// Why a run did nothing (exit 2): no upload file exists afterwards.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// An input cannot be opened or read, or its header does not give the profile's fields.
    #[error(transparent)]
    Input(#[from] InputError),
    /// An output file cannot be written or committed, or would replace an input.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The same file given twice: which one (and which it is the same as).
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    DuplicateInput(Msg),
    /// No input was given.
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    NoInput,
    /// A path of the run that cannot be used (checked before any row is read, or when a
    /// route first renders it): nothing is written.
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    Path(Msg),
    /// The ledger cannot be used (checked before any file is written).
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
    /// The run was asked to stop ([`RunOptions::cancel`]) before its commit: nothing is
    /// written.
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    Cancelled,
    /// Rows of this run of an upload that adds are in earlier files whose upload is not known
    /// (each named, with its rows of this run): nothing is written until the shop says
    /// whether they were uploaded ([`Previous`], `ledger confirm`, `ledger unsent`).
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    PendingUploads(Vec<PendingFile>),
    /// The profiles of a run of several cannot run together (the same profile twice, two
    /// sharing a ledger's history, standard input, …): nothing is written.
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    Profiles(Msg),
    /// What stopped a run of several profiles, and the profile it came from: nothing is
    /// written, for any of them.
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    InProfile {
        /// The profile's name.
        profile: String,
        /// What stopped it.
        error: Box<RunError>,
    },
}

impl RunError {
    /// The error itself, whichever profile of a run of several it came from.
    pub fn inner(&self) -> &RunError {
        match self {
            RunError::InProfile { error, .. } => error.inner(),
            e => e,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// The run's report: counts, files, rules met, as `--report` writes it.
    pub report: Report,
    /// The upload files the rows went to, written or not (`--strict`, `--dry-run`).
    pub planned_files: Vec<FileReport>,
    /// `--strict` stopped the upload files from being written.
    pub strict_blocked: bool,
    /// First rows of each upload file (dry-run preview), by file path.
    pub previews: Vec<(String, Vec<Vec<String>>)>,
    /// The first rejected rows (dry-run preview): input, row, rule, message.
    pub rejected_preview: Vec<(String, u64, String, String)>,
    /// Per input: its name and how its encoding was found.
    pub encodings: Vec<(String, Msg)>,
    /// Per input: its header and where each of the profile's fields was found in it.
    pub bound: Vec<BoundInput>,
    /// Wall-clock time from opening the inputs to the end of the commit.
    pub elapsed: std::time::Duration,
}

/// An input's header as read, and the column each of the profile's fields was read from
/// (`None`: absent, its default used).
#[derive(Debug, Clone)]
pub struct BoundInput {
    /// The header row's cells, as decoded.
    pub header: Vec<String>,
    /// Per profile field, in field order: the index in `header` of its column.
    pub field_columns: Vec<Option<usize>>,
}

/// Runs `plan` over the files `inputs`.
pub fn run(
    plan: &Plan,
    inputs: &[PathBuf],
    opts: &RunOptions,
    progress: &mut dyn Progress,
) -> Result<RunOutcome, RunError> {
    let sources: Vec<InputSource> = inputs.iter().cloned().map(InputSource::Path).collect();
    run_sources(plan, &sources, opts, &mut [], progress)
}

/// Runs `plan` over `sources`, handing every decided row to the run's own sinks and to
/// `extra` (after them, in order): [`run_many`] with one profile.
pub fn run_sources(
    plan: &Plan,
    sources: &[InputSource],
    opts: &RunOptions,
    extra: &mut [&mut dyn Sink],
    progress: &mut dyn Progress,
) -> Result<RunOutcome, RunError> {
    let mut runs = [PlanRun { plan, extra }];
    let mut outcomes = run_many(&mut runs, sources, opts, progress)?;
    Ok(outcomes.remove(0))
}

/// One profile of a run of several ([`run_many`]): its plan, and the sinks the caller adds
/// to its rows (after the run's own, in order).
pub struct PlanRun<'a, 's> {
    /// The profile, compiled.
    pub plan: &'a Plan,
    /// The caller's own sinks of this profile's rows (a page's table, a collector).
    pub extra: &'a mut [&'s mut dyn Sink],
}

/// Runs several profiles over the same `sources`, as one run: each profile reads every input
/// (binding its own header), and the files of all of them are committed together — all or
/// nothing — under one lock of the output folder, with one turn at the ledger and one ledger
/// transaction in which each profile's run is recorded (the later ones with the first one's
/// id as their batch). Returns one outcome per profile, in order. An error stops the whole
/// run, nothing written; with several profiles it names the profile it came from
/// ([`RunError::InProfile`]).
pub fn run_many(
    runs: &mut [PlanRun<'_, '_>],
    sources: &[InputSource],
    opts: &RunOptions,
    progress: &mut dyn Progress,
) -> Result<Vec<RunOutcome>, RunError> {
    run_many_begun(runs, sources, opts, None, progress)
}

/// [`run_many`] with phase 2 begun early by the caller ([`EarlyStart`], started before it
/// compiled its profiles): what it took is used where it is this run's.
pub fn run_many_begun(
    runs: &mut [PlanRun<'_, '_>],
    sources: &[InputSource],
    opts: &RunOptions,
    early: Option<EarlyStart>,
    progress: &mut dyn Progress,
) -> Result<Vec<RunOutcome>, RunError> {
    // The run, phase by phase (`phases.rs`); phases 1 and 2 for every profile before any row
    // is read, so a missing column or a bad path of the last profile stops the run at once.
    let started = Instant::now();
    let plans: Vec<&Plan> = runs.iter().map(|r| r.plan).collect();
    many::check_plans(&plans, sources, opts)?;
    let several = plans.len() > 1;
    let mut opened = Vec::with_capacity(plans.len());
    // A recorded run records each input's SHA-256: taken once for every profile of the run
    // (each reads the inputs, one after the other; the first one's reading hashes them).
    let mut digests: Option<Vec<Option<crate::io::digest::InputDigest>>> = None;
    for plan in &plans {
        let hash = opts.records() && digests.is_none();
        let mut inputs = phases::open_inputs(plan, sources, hash).map_err(many::in_profile(several, plan))?;
        if let Some(first) = &digests {
            inputs.digests = first.clone();
        } else if hash {
            digests = Some(inputs.digests.clone());
        }
        let paths = phases::run_paths(plan, opts).map_err(many::in_profile(several, plan))?;
        opened.push((inputs, paths));
    }
    let early = early.map(|e| e.take(opts)).unwrap_or_default();
    let shared = phases::Shared::open(opts, sources, early, &mut |m| progress.waiting(m))?;
    let mut commit = Commit::new(shared.protected.clone());
    let mut finished = Vec::with_capacity(plans.len());
    let mut target = None;
    for (run, (inputs, paths)) in runs.iter_mut().zip(opened) {
        let plan = run.plan;
        let one = many::run_one(plan, run.extra, sources, inputs, paths, opts, &shared, &mut commit, progress)
            .map_err(many::in_profile(several, plan))?;
        many::check_distinct_files(&finished, &one.0, plan)?;
        target = target.or(one.1);
        finished.push(one.0);
    }
    if let Some(session) = shared.session {
        sinks::commit_ledger_last(session, &mut commit);
    }
    phases::commit(&finished, target, shared.lock.as_ref(), commit)?;
    let elapsed = started.elapsed();
    Ok(finished.into_iter().map(|f| f.outcome(elapsed)).collect())
}
