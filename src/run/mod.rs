//! One run: sources → decode → plan decides each row → sinks → one all-or-nothing commit.
//!
//! Every input is opened and its header bound before any row is read, so a missing column
//! stops the run with nothing written. Rows then stream through the stages of
//! [`pipeline`] in input order into the sinks ([`sink::Sink`]): the upload files, the reject
//! file, the counts, and whatever the caller adds (a preview, a collector). Only when every
//! row is decided do the sinks prepare their changes, which are then committed together
//! ([`commit::Commit`]). Memory stays flat: batches are recycled between the stages, and
//! only the duplicate-key hashes of written rows grow.

pub mod commit;
mod decide;
mod decide_ledger;
mod decided;
mod error;
mod ledger_place;
pub mod manifest;
mod pipeline;
pub mod rejects;
mod report_file;
pub mod sink;
pub mod sinks;
pub mod source;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use jiff::civil::Date;

pub use decide::encode_checked;
pub use sink::{DecidedRow, Fate, Needs, Sink};
pub use source::InputSource;

use crate::engine::{InputCtx, Plan, RowState};
use crate::io::batch::FieldSpec;
use crate::io::encode::RowEncoder;
use crate::io::input::InputError;
use crate::io::journal::OutDirLock;
use crate::io::output::{OutputError, Protected};
use crate::report::{self, DefaultedField, Example, FileReport, InputReport, Report, RowCounts};
use commit::Commit;
use pipeline::{Dispatcher, Stage};
use rejects::{RejectColumns, RejectSource};
use report_file::ReportTarget;
pub use sinks::LedgerUse;
use sinks::{LedgerSink, ListKind, Preview, RowList, Tally, UploadFiles};

use crate::i18n::Msg;

/// How a run is carried out.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub out_dir: PathBuf,
    pub as_of: Date,
    pub dry_run: bool,
    pub strict: bool,
    /// Rows kept per file for the dry-run preview (0: no preview).
    pub preview_rows: usize,
    /// Where to write the JSON run report, as part of the commit (`-`: stdout).
    pub report: Option<PathBuf>,
    /// Also list the excluded rows, in the reject file's layout.
    pub list_excluded: bool,
    /// The sync history to consult and record the run in (`--ledger`); `None`: none.
    pub ledger: Option<LedgerUse>,
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
        }
    }

    /// A dry run that keeps nothing extra: what an analysis of rows (a profile test, a sample's
    /// coverage) runs with.
    pub fn analysis(as_of: Date) -> RunOptions {
        RunOptions { dry_run: true, ..RunOptions::new(PathBuf::new(), as_of) }
    }
}

/// Values shown per exclusion rule in the report and the summary.
const EXAMPLES: usize = 5;

/// How long a run waits for another run writing to the same output folder: 5 s, or the whole
/// seconds of `ORDERBRIDGE_LOCK_WAIT_SECS` (a scheduled job may rather wait its turn).
fn lock_wait() -> Duration {
    let secs = std::env::var("ORDERBRIDGE_LOCK_WAIT_SECS").ok().and_then(|v| v.trim().parse().ok());
    Duration::from_secs(secs.unwrap_or(5))
}

/// Observes progress (bytes of the current input read); the CLI draws a bar with it.
pub trait Progress {
    fn start(&mut self, _input: &str, _size: u64) {}
    fn advance(&mut self, _bytes: u64) {}
    fn finish(&mut self) {}
    /// The run waits for its turn at the ledger (said every few seconds): whom it waits for.
    fn waiting(&mut self, _msg: &Msg) {}
}

impl Progress for () {}

/// Why a run did nothing (exit 2): no upload file exists afterwards.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The same file given twice: which one (and which it is the same as).
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    DuplicateInput(Msg),
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    NoInput,
    /// A path of the run that cannot be used (checked before any row is read, or when a
    /// route first renders it): nothing is written.
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    Path(Msg),
    /// The ledger cannot be used (checked before any file is written).
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunOutcome {
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
    pub elapsed: std::time::Duration,
}

/// An input's header as read, and the column each of the profile's fields was read from
/// (`None`: absent, its default used).
#[derive(Debug, Clone)]
pub struct BoundInput {
    pub header: Vec<String>,
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
/// `extra` (after them, in order).
pub fn run_sources(
    plan: &Plan,
    sources: &[InputSource],
    opts: &RunOptions,
    extra: &mut [&mut dyn Sink],
    progress: &mut dyn Progress,
) -> Result<RunOutcome, RunError> {
    run_locked(plan, sources, opts, extra, progress)
}

fn run_locked(
    plan: &Plan,
    sources: &[InputSource],
    opts: &RunOptions,
    extra: &mut [&mut dyn Sink],
    progress: &mut dyn Progress,
) -> Result<RunOutcome, RunError> {
    let started = Instant::now();
    if sources.is_empty() {
        return Err(RunError::NoInput);
    }
    source::check_distinct(sources)?;
    source::check_stems(sources, plan)?;
    let mut opened = Vec::with_capacity(sources.len());
    for s in sources {
        let (file, small) = s.open(plan.input.format())?;
        crate::io::headers::refuse_row_list(&file.display, &file.header, &plan.rejects.headers)?;
        let binding = file.bind(&plan.input.accepted_headers())?;
        opened.push((file, small, binding));
    }
    let reject_columns = RejectColumns::new(opened.iter().map(|(f, _, _)| f.header.as_slice()));
    let protected = Protected::new(sources.iter().filter_map(InputSource::path));
    let run_ctx = InputCtx::new(plan, opts.as_of, "");
    // The row lists beside the upload files: rejected, warned and (if asked) excluded rows.
    let list_rels: Vec<String> = [&plan.rejects.path, &plan.rejects.warned_path, &plan.rejects.excluded_path]
        .into_iter()
        .map(|t| render_static(plan, t, &run_ctx))
        .collect();
    for (i, rel) in list_rels.iter().enumerate() {
        crate::outpath::check(rel).map_err(|e| RunError::Path(Msg::new("run-row-list-path").arg("error", e.msg())))?;
        if list_rels[..i].contains(rel) {
            return Err(RunError::Path(Msg::at_path(rel, Msg::new("run-row-lists-same-path"))));
        }
    }
    let reject_rel = list_rels[0].clone();
    let ledger_rel = match &opts.ledger {
        Some(choice) => ledger_place::check(&choice.path, opts, &list_rels)?,
        None => None,
    };
    // The ledger before the output folder's lock: a ledger that cannot be used, or whose
    // holder is stuck, stops the run before anything is written.
    let (mut ledger, sent_view) = match &opts.ledger {
        Some(choice) => {
            let (sink, view) = LedgerSink::open(plan, choice, opts, sources, &mut |m| progress.waiting(m))?;
            (Some(sink), Some(view))
        }
        None => (None, None),
    };
    // Every input is read and bound: only now is the output folder created and locked (which
    // also recovers what an interrupted run left there).
    let lock = if opts.dry_run {
        None
    } else {
        let lock = OutDirLock::acquire(&opts.out_dir, lock_wait()).map_err(OutputError::from)?;
        // A run that does nothing leaves nothing: not even the output folder it created for
        // its lock (a run that succeeds always leaves its manifest there).
        lock.remove_folder_if_unused();
        Some(lock)
    };
    let report_target = match &opts.report {
        Some(path) => Some(ReportTarget::new(path, &opts.out_dir, &protected, &list_rels, opts.dry_run)?),
        None => None,
    };
    let reserved: Vec<String> = list_rels
        .iter()
        .cloned()
        .chain(report_target.as_ref().and_then(|r| r.rel()).map(String::from))
        .chain(ledger_rel)
        .collect();
    let mut tally = Tally::new(plan, sources.len());
    let reject_header = rejects::header(plan, &reject_columns);
    let list = |kind, rel: &String| {
        RowList::new(kind, opts, lock.clone(), protected.clone(), rel.clone(), reject_header.clone())
    };
    let mut reject_file = list(ListKind::Rejected, &reject_rel);
    let mut warned_file = list(ListKind::Warned, &list_rels[1]);
    let mut excluded_file = list(ListKind::Excluded, &list_rels[2]);
    let mut uploads = UploadFiles::new(opts, &plan.name, lock.clone(), protected.clone(), header_bytes(plan), reserved);
    let mut preview = Preview::new(opts.preview_rows);
    let mut encodings = Vec::new();
    let mut labels = Vec::new();
    let bound: Vec<BoundInput> = opened
        .iter()
        .map(|(f, _, b)| BoundInput { header: f.header.clone(), field_columns: b.columns.clone() })
        .collect();
    let mut commit = Commit::new(protected);
    let rejected = {
        let mut sinks: Vec<&mut dyn Sink> = vec![&mut tally, &mut reject_file, &mut warned_file, &mut uploads];
        if opts.list_excluded {
            sinks.push(&mut excluded_file);
        }
        if opts.preview_rows > 0 {
            sinks.push(&mut preview);
        }
        if let Some(l) = &mut ledger {
            sinks.push(l);
        }
        sinks.extend(extra.iter_mut().map(|s| &mut **s as &mut dyn Sink));
        let mut dispatcher = Dispatcher::new(plan, sinks);
        for (input, (mut file, small, binding)) in opened.into_iter().enumerate() {
            let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let ctx = run_ctx.for_input(&stem);
            let spec = FieldSpec::new(binding, plan.input.defaults(), plan.input.trim);
            let source = RejectSource { input, display: file.display.clone(), encoding: file.encoding };
            let stage = Stage {
                plan,
                ctx: &ctx,
                source: &source,
                reject_columns: &reject_columns,
                spec: &spec,
                ledger: sent_view.as_ref(),
            };
            encodings.push((file.display.clone(), file.describe()));
            labels.push((file.display.clone(), file.encoding.label().to_string()));
            progress.start(&file.display, file.size);
            let result = if small {
                stage.run_inline(&mut file, &mut dispatcher, progress)
            } else {
                stage.run_threaded(file, &mut dispatcher, progress)
            };
            progress.finish();
            result?;
        }
        dispatcher.rejected
    };
    // The lists before the upload files (the order in which they are committed): the upload
    // files' step records the lists written with them, in the folder's manifest.
    let mut lists: Vec<&mut RowList> = vec![&mut reject_file, &mut warned_file];
    if opts.list_excluded {
        lists.push(&mut excluded_file);
    }
    for list in lists {
        list.prepare(&mut commit, rejected)?;
        uploads.lists.extend(list.recorded());
    }
    let mut sinks: Vec<&mut dyn Sink> = vec![&mut tally, &mut uploads];
    if opts.preview_rows > 0 {
        sinks.push(&mut preview);
    }
    if let Some(l) = &mut ledger {
        sinks.push(l);
    }
    sinks.extend(extra.iter_mut().map(|s| &mut **s as &mut dyn Sink));
    for sink in sinks {
        sink.prepare(&mut commit, rejected)?;
    }
    let counts = &tally.counts;
    let planned_files = uploads.planned();
    if let (Some(l), Some(view)) = (&mut ledger, &sent_view) {
        let numbers = [counts.read, counts.written, counts.excluded, counts.rejected];
        l.finish(view, &planned_files, &uploads.written, numbers, uploads.blocked, &mut commit)?;
    }
    let report = Report {
        profile: plan.name.clone(),
        as_of: opts.as_of.to_string(),
        params: plan.params.clone(),
        inputs: labels
            .into_iter()
            .zip(&tally.per_input)
            .map(|((path, encoding), rows)| InputReport { path, encoding, rows: *rows })
            .collect(),
        rows: RowCounts {
            read: counts.read,
            written: counts.written,
            excluded: counts.excluded,
            rejected: counts.rejected,
            warnings: counts.warned_rows,
        },
        excluded_by_rule: report::by_rule(plan, &counts.excluded_by_rule),
        rejected_by_rule: report::by_rule(plan, &counts.rejected_by_rule),
        warnings_by_rule: report::by_rule(plan, &counts.warnings_by_rule),
        // Only files that exist afterwards (or would, with --dry-run).
        files: if uploads.blocked { Vec::new() } else { planned_files.clone() },
        rejects_file: reject_file.written(),
        warned_file: warned_file.written(),
        excluded_file: excluded_file.written(),
        excluded_examples: tally
            .excluded_examples(plan, EXAMPLES)
            .into_iter()
            .map(|(rule, v)| {
                let v: Vec<Example> = v
                    .into_iter()
                    .filter(|(value, _, message)| !value.is_empty() || !message.is_empty())
                    .map(|(value, rows, message)| Example { value, rows, message })
                    .collect();
                (rule, v)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect(),
        warning_examples: tally
            .warning_examples
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.is_empty())
            .map(|(rule, e)| {
                let v = e.iter().map(|(m, n)| Example { value: m.clone(), rows: *n, message: String::new() }).collect();
                (plan.rule_name(rule).to_string(), v)
            })
            .collect(),
        archived: uploads.tidy.archived.clone(),
        not_from_this_run: uploads.tidy.not_ours.clone(),
        defaulted_fields: bound
            .iter()
            .zip(&encodings)
            .flat_map(|(b, (input, _))| {
                b.field_columns.iter().enumerate().filter(|(_, c)| c.is_none()).map(move |(f, _)| DefaultedField {
                    input: input.clone(),
                    field: plan.input.fields[f].headers.first().cloned().unwrap_or_default(),
                    default: plan.input.fields[f].default.clone().unwrap_or_default(),
                })
            })
            .collect(),
        ledger: ledger.map(|l| l.report),
        manifest_set_aside: uploads.set_aside.clone(),
    };
    let json = serde_json::to_vec_pretty(&report).expect("the report serialises");
    let json = [json.as_slice(), b"\n"].concat();
    let report_after = match report_target {
        Some(target) => target.prepare(&json, lock.as_ref(), &mut commit)?,
        None => None,
    };
    commit.apply(lock.as_ref())?;
    if let Some(target) = report_after {
        target.finish(&json)?;
    }
    Ok(RunOutcome {
        report,
        planned_files,
        strict_blocked: uploads.blocked,
        previews: preview.sorted_files(),
        rejected_preview: preview
            .rejected
            .iter()
            .map(|(input, row, rule, message)| {
                let name = encodings.get(*input).map(|(n, _)| n.clone()).unwrap_or_default();
                (name, *row, plan.rule_name(*rule).to_string(), message.clone())
            })
            .collect(),
        encodings,
        bound,
        elapsed: started.elapsed(),
    })
}

/// The upload files' header row, encoded.
fn header_bytes(plan: &Plan) -> Vec<u8> {
    let mut out = Vec::new();
    if plan.output.header {
        let names: Vec<&str> = plan.columns.iter().map(|c| c.name.as_str()).collect();
        // Column names are checked encodable when the profile is compiled.
        let _ = RowEncoder::new(&plan.output.format).encode_row(&names, &mut out, &mut Vec::new());
    }
    out
}

/// A template that needs no row (the reject file's path).
fn render_static(plan: &Plan, t: &crate::engine::template::Template, ctx: &InputCtx) -> String {
    let mut row = RowState::new(plan);
    row.begin();
    plan.render_message(t, &mut row, ctx, &[])
}
