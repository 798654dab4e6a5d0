//! The phases of a run, in order — each a function here, called by [`super::run_many`] (a
//! run of one profile is [`super::run_sources`]):
//!
//! 1. [`open_inputs`] and [`run_paths`], for every profile: every input opened and its header
//!    bound, and the run's own paths checked, before any row is read, so a missing column or
//!    a bad path stops the run with nothing written;
//! 2. [`Shared::open`]: the ledger's turn taken and its transaction opened (it may have to
//!    wait), the output folder locked — once for every profile; what the caller took of it
//!    while its profiles compiled ([`super::EarlyStart`]) is used instead;
//! 3. per profile (`super::many::run_one`): its sinks made ([`open_sinks`]), its rows streamed through
//!    them ([`super::pipeline::stream`]), then every sink stages its changes into the one
//!    commit and finishes into the profile's report ([`prepare_commit`]);
//! 4. [`commit`]: the report file joins the commit, and everything is committed at once;
//! 5. the outcomes, with the reports the sinks assembled ([`Finished::outcome`]).

use std::sync::Arc;

use crate::engine::{InputCtx, Plan, RowState};
use crate::i18n::Msg;
use crate::io::digest::InputDigest;
use crate::io::encode::RowEncoder;
use crate::io::headers::Binding;
use crate::io::input::InputFile;
use crate::io::journal::OutDirLock;
use crate::io::output::{OutputError, Protected};
use crate::ledger::SentView;
use crate::report::ReportBuilder;

use super::commit::Commit;
use super::early::Taken;
use super::rejects::{self, RejectColumns};
use super::report_file::ReportTarget;
use super::sink::{Prepare, Sink, SinkFinish};
use super::sinks::{LedgerSink, ListKind, Preview, RowList, SharedSession, Tally, UploadFiles};
use super::{BoundInput, InputSource, RunError, RunOptions, RunOutcome, ledger_place, lock_wait, source};

/// One input, opened: the file, whether it is small enough to stream on the calling thread,
/// and where the profile's fields are in its header.
pub(super) type Opened = (InputFile, bool, Binding);

/// The inputs, opened and bound (phase 1).
pub(super) struct Inputs {
    pub files: Vec<Opened>,
    /// The reject file's columns: the union of the inputs' headers.
    pub reject_columns: RejectColumns,
    /// Files no output may replace (the inputs).
    pub protected: Protected,
    /// Per input, its SHA-256 for the ledger ([`InputSource::open_hashing`]), when the ledger
    /// records the run; `None` for each input otherwise.
    pub digests: Vec<Option<InputDigest>>,
}

/// Phase 1: checks the sources, opens each, refuses one that is a list of rows of this
/// profile, and binds its header to the profile's fields. `hash`: take each input's SHA-256
/// for the ledger ([`InputSource::open_hashing`]).
pub(super) fn open_inputs(plan: &Plan, sources: &[InputSource], hash: bool) -> Result<Inputs, RunError> {
    if sources.is_empty() {
        return Err(RunError::NoInput);
    }
    source::check_distinct(sources)?;
    source::check_stems(sources, plan)?;
    let mut files = Vec::with_capacity(sources.len());
    let mut digests = Vec::with_capacity(sources.len());
    for s in sources {
        let (file, small, digest) = if hash {
            s.open_hashing(plan.input.format())?
        } else {
            s.open(plan.input.format()).map(|(file, small)| (file, small, None))?
        };
        crate::io::headers::refuse_row_list(&file.display, &file.header, &plan.rejects.headers)?;
        let binding = file.bind(&plan.input.accepted_headers())?;
        files.push((file, small, binding));
        digests.push(digest);
    }
    let reject_columns = RejectColumns::new(files.iter().map(|(f, _, _)| f.header.as_slice()));
    let protected = Protected::new(sources.iter().filter_map(InputSource::path));
    Ok(Inputs { files, reject_columns, protected, digests })
}

/// The report's and the outcome's part of phase 1: per input, its name, encoding and the
/// fields it has no column for (into `report`), how its encoding was found, and its header
/// as bound.
pub(super) fn describe_inputs(
    plan: &Plan,
    inputs: &Inputs,
    report: &mut ReportBuilder,
) -> (Vec<(String, Msg)>, Vec<BoundInput>) {
    let mut encodings = Vec::with_capacity(inputs.files.len());
    let mut bound = Vec::with_capacity(inputs.files.len());
    for (file, _, binding) in &inputs.files {
        let fields = &plan.input.fields;
        let defaulted = binding.columns.iter().enumerate().filter(|(_, c)| c.is_none()).map(|(f, _)| {
            (fields[f].headers.first().cloned().unwrap_or_default(), fields[f].default.clone().unwrap_or_default())
        });
        report.input(&file.display, file.encoding.label(), defaulted);
        encodings.push((file.display.clone(), file.describe()));
        bound.push(BoundInput { header: file.header.clone(), field_columns: binding.columns.clone() });
    }
    (encodings, bound)
}

/// The run's own sinks (phase 2), and what the later phases need beside them.
pub(super) struct RunSinks<'p> {
    pub tally: Tally<'p>,
    pub rejected: RowList,
    pub warned: RowList,
    /// Only a sink with `--list-excluded`.
    pub excluded: Option<RowList>,
    pub uploads: UploadFiles,
    /// Only a sink with a preview asked for.
    pub preview: Option<Preview<'p>>,
    pub ledger: Option<LedgerSink<'p>>,
    /// What the ledger knew before the run (the deciders' `already_sent`).
    pub sent: Option<Arc<SentView>>,
    pub report_target: Option<ReportTarget>,
}

impl<'p> RunSinks<'p> {
    /// Every sink of the run, in the one order of every phase: the counts, the lists (before
    /// the upload files, which record them), the upload files, the preview, the ledger
    /// (which reads what the others reported), then the caller's own.
    pub fn all<'s>(&'s mut self, extra: &'s mut [&mut dyn Sink]) -> Vec<&'s mut dyn Sink> {
        let mut sinks: Vec<&mut dyn Sink> = vec![&mut self.tally, &mut self.rejected, &mut self.warned];
        if let Some(l) = &mut self.excluded {
            sinks.push(l);
        }
        sinks.push(&mut self.uploads);
        if let Some(p) = &mut self.preview {
            sinks.push(p);
        }
        if let Some(l) = &mut self.ledger {
            sinks.push(l);
        }
        sinks.extend(extra.iter_mut().map(|s| &mut **s as &mut dyn Sink));
        sinks
    }
}

/// A profile's own paths (phase 1): its row lists', checked safe and distinct, and the
/// ledger's path under the output folder when it lies there (checked against them).
pub(super) struct RunPaths {
    lists: Vec<String>,
    ledger_rel: Option<String>,
}

/// Phase 1, the paths: checks the paths of the profile's own files (the row lists, the
/// ledger), and that a profile run with a ledger has a key to record its rows by.
pub(super) fn run_paths(plan: &Plan, opts: &RunOptions) -> Result<RunPaths, RunError> {
    let lists = list_paths(plan, opts)?;
    let ledger_rel = match &opts.ledger {
        Some(_) if plan.ledger_key.is_empty() => {
            return Err(RunError::Ledger(crate::ledger::LedgerError::no_key(&plan.name)));
        }
        Some(choice) => ledger_place::check(&choice.path, opts, &lists)?,
        None => None,
    };
    Ok(RunPaths { lists, ledger_rel })
}

/// What the profiles of a run share (phase 2): the ledger's turn and transaction, the output
/// folder's lock, the inputs no output may replace.
pub(super) struct Shared {
    /// `None` without a ledger, or in a dry run (which only consults it).
    pub session: Option<SharedSession>,
    /// `None` in a dry run.
    pub lock: Option<OutDirLock>,
    pub protected: Protected,
}

impl Shared {
    /// Phase 2: takes the turn at the ledger and opens its transaction — before the output
    /// folder's lock: a ledger that cannot be used, or whose holder is stuck, stops the run
    /// before anything is written — then creates and locks the output folder (which also
    /// recovers what an interrupted run left there). `waiting` hears whom the run waits for.
    ///
    /// `early` is what [`super::early::EarlyStart`] took of it already (checked by it to be
    /// this run's): the rest is taken here.
    pub fn open(
        opts: &RunOptions,
        sources: &[InputSource],
        early: Taken,
        waiting: &mut dyn FnMut(&Msg),
    ) -> Result<Shared, RunError> {
        let session = match &opts.ledger {
            Some(choice) if opts.records() => {
                let session = match early.session {
                    Some(session) => session,
                    None => crate::ledger::Session::open(&choice.path, waiting)?,
                };
                Some(std::rc::Rc::new(std::cell::RefCell::new(session)))
            }
            _ => None,
        };
        let lock = match early.lock {
            _ if opts.dry_run => None,
            Some(lock) => Some(lock),
            None => {
                let lock = OutDirLock::acquire(&opts.out_dir, lock_wait()).map_err(OutputError::from)?;
                // A run that does nothing leaves nothing: not even the output folder it
                // created for its lock (a run that succeeds always leaves its manifest there).
                lock.remove_folder_if_unused();
                Some(lock)
            }
        };
        let protected = Protected::new(sources.iter().filter_map(InputSource::path));
        Ok(Shared { session, lock, protected })
    }
}

/// Phase 3's first step: makes the profile's sinks — its ledger sink begins recording its
/// run in the shared transaction — and checks where its report file goes.
pub(super) fn open_sinks<'p>(
    plan: &'p Plan,
    sources: &[InputSource],
    inputs: &Inputs,
    paths: RunPaths,
    opts: &RunOptions,
    shared: &Shared,
) -> Result<RunSinks<'p>, RunError> {
    let RunPaths { lists: list_rels, ledger_rel } = paths;
    let (ledger, sent) = match &opts.ledger {
        Some(choice) => {
            let (sink, view) = LedgerSink::open(plan, choice, opts, sources, &inputs.digests, shared.session.as_ref())?;
            (Some(sink), Some(view))
        }
        None => (None, None),
    };
    let lock = shared.lock.clone();
    let protected = &inputs.protected;
    let report_target = match &opts.report {
        Some(path) => Some(ReportTarget::new(path, &opts.out_dir, protected, &list_rels, opts.dry_run)?),
        None => None,
    };
    let reserved: Vec<String> = list_rels
        .iter()
        .cloned()
        .chain(report_target.as_ref().and_then(|r| r.rel()).map(String::from))
        .chain(ledger_rel)
        .collect();
    let reject_header = rejects::header(plan, &inputs.reject_columns);
    let list = |kind, rel: &String| {
        RowList::new(kind, opts, lock.clone(), protected.clone(), rel.clone(), reject_header.clone())
    };
    Ok(RunSinks {
        tally: Tally::new(plan),
        rejected: list(ListKind::Rejected, &list_rels[0]),
        warned: list(ListKind::Warned, &list_rels[1]),
        excluded: opts.list_excluded.then(|| list(ListKind::Excluded, &list_rels[2])),
        uploads: UploadFiles::new(opts, &plan.name, lock.clone(), protected.clone(), header_bytes(plan), reserved),
        preview: (opts.preview_rows > 0).then(|| Preview::new(plan, opts.preview_rows)),
        ledger,
        sent,
        report_target,
    })
}

/// The paths of the row lists beside the upload files (rejected, warned and excluded rows),
/// checked: safe, and distinct.
fn list_paths(plan: &Plan, opts: &RunOptions) -> Result<Vec<String>, RunError> {
    let run_ctx = InputCtx::new(plan, opts.as_of, "");
    let list_rels: Vec<String> = [&plan.rejects.path, &plan.rejects.warned_path, &plan.rejects.excluded_path]
        .into_iter()
        .map(|t| render_static(plan, t, &run_ctx))
        .collect();
    for (i, rel) in list_rels.iter().enumerate() {
        crate::common::outpath::check(rel)
            .map_err(|e| RunError::Path(Msg::new("run-row-list-path").arg("error", e.msg())))?;
        if list_rels[..i].contains(rel) {
            return Err(RunError::Path(Msg::at_path(rel, Msg::new("run-row-lists-same-path"))));
        }
    }
    Ok(list_rels)
}

/// Phase 4: every sink stages its changes into `commit` (the lists first: the upload files
/// record them), then finishes into `report`, in the same order.
pub(super) fn prepare_commit(
    sinks: &mut [&mut dyn Sink],
    rejected: u64,
    commit: &mut Commit,
    report: &mut ReportBuilder,
) -> Result<(), RunError> {
    let mut prep = Prepare { commit, rejected, lists: Vec::new() };
    for sink in sinks.iter_mut() {
        sink.prepare(&mut prep)?;
    }
    let mut fin = SinkFinish { report, commit: prep.commit };
    for sink in sinks.iter_mut() {
        sink.finish(&mut fin)?;
    }
    Ok(())
}

/// What a run has once its sinks have finished: the report and the facts beside it.
pub(super) struct Finished {
    pub report: ReportBuilder,
    pub encodings: Vec<(String, Msg)>,
    pub bound: Vec<BoundInput>,
    /// The profile's name.
    pub profile: String,
}

impl Finished {
    /// The files this profile's run writes in the output folder: upload files and lists.
    pub fn files(&self) -> Vec<String> {
        let r = self.report.report();
        let lists = [r.rejects_file, r.warned_file, r.excluded_file].into_iter().flatten();
        self.report.planned_files.iter().map(|f| f.path.clone()).chain(lists).collect()
    }
}

/// Phase 4: the JSON report joins the commit (when it is written into the output folder; a
/// run of one profile only), everything is committed at once, then a report written
/// elsewhere is put in place.
pub(super) fn commit(
    finished: &[Finished],
    target: Option<ReportTarget>,
    lock: Option<&OutDirLock>,
    mut commit: Commit,
) -> Result<(), RunError> {
    let (Some(target), [finished]) = (target, finished) else {
        return Ok(commit.apply(lock)?);
    };
    let report = finished.report.report();
    let json = serde_json::to_vec_pretty(&report).expect("the report serialises");
    let json = [json.as_slice(), b"\n"].concat();
    let after = target.prepare(&json, lock, &mut commit)?;
    commit.apply(lock)?;
    if let Some(target) = after {
        target.finish(&json)?;
    }
    Ok(())
}

impl Finished {
    /// Phase 5: what the run did.
    pub fn outcome(self, elapsed: std::time::Duration) -> RunOutcome {
        let b = self.report;
        RunOutcome {
            report: b.report(),
            planned_files: b.planned_files,
            strict_blocked: b.strict_blocked,
            previews: b.previews,
            rejected_preview: b.rejected_preview,
            encodings: self.encodings,
            bound: self.bound,
            elapsed,
        }
    }
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
