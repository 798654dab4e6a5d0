//! A run of several profiles, profile by profile (the phases are in `phases`): the checks
//! that they can run together, each profile's part of phase 3, and its errors named.

use crate::engine::Plan;
use crate::i18n::Msg;
use crate::report::ReportBuilder;

use super::commit::Commit;
use super::phases::{self, Finished, Inputs, RunPaths, Shared};
use super::report_file::ReportTarget;
use super::sink::Sink;
use super::{Cancel, InputSource, Progress, RunError, RunOptions};

/// Phase 3, one profile: its sinks, its rows streamed through them, its changes staged into
/// `commit` and its report finished. Returns what it did, and where its report file goes.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_one(
    plan: &Plan,
    extra: &mut [&mut dyn Sink],
    sources: &[InputSource],
    inputs: Inputs,
    paths: RunPaths,
    opts: &RunOptions,
    shared: &Shared,
    commit: &mut Commit,
    progress: &mut dyn Progress,
) -> Result<(Finished, Option<ReportTarget>), RunError> {
    let mut report = ReportBuilder::new(plan, opts.as_of.to_string());
    let (encodings, bound) = phases::describe_inputs(plan, &inputs, &mut report);
    let mut own = phases::open_sinks(plan, sources, &inputs, paths, opts, shared)?;
    let (sent, target) = (own.sent.take(), own.report_target.take());
    let rejected = super::pipeline::stream(plan, opts, inputs, sent.as_deref(), &mut own.all(extra), progress)?;
    // Asked to stop after the last batch: still nothing is prepared or committed.
    if opts.cancel.as_ref().is_some_and(Cancel::is_cancelled) {
        return Err(RunError::Cancelled);
    }
    // Rows of an upload that adds in earlier files of unknown upload: nothing is prepared.
    if let Some(l) = &own.ledger {
        let pending = l.pending()?;
        if !pending.is_empty() {
            return Err(RunError::PendingUploads(pending));
        }
    }
    let mut sinks = own.all(extra);
    phases::prepare_commit(&mut sinks, rejected, commit, &mut report)?;
    Ok((Finished { report, encodings, bound, profile: plan.name.clone() }, target))
}

/// Checks, before the run's one commit, the profiles' checks before each profile's run (the
/// same profile twice, standard input read twice, a report file for several, two profiles
/// sharing a ledger's history).
pub(super) fn check_plans(plans: &[&Plan], sources: &[InputSource], opts: &RunOptions) -> Result<(), RunError> {
    let refuse = |m: Msg| Err(RunError::Profiles(m));
    if plans.is_empty() {
        return refuse(Msg::new("run-no-profile"));
    }
    for (i, p) in plans.iter().enumerate() {
        if plans[..i].iter().any(|q| q.name == p.name) {
            return refuse(Msg::new("run-profile-twice").arg("profile", &p.name));
        }
        if opts.ledger.is_some()
            && let Some(q) = plans[..i].iter().find(|q| q.ledger_scope == p.ledger_scope)
        {
            let m = Msg::new("run-profiles-share-history").arg("first", &q.name).arg("second", &p.name);
            return refuse(m.arg("scope", &p.ledger_scope));
        }
    }
    if plans.len() > 1 {
        // A pipe cannot be read once per profile; spooling it would keep a hidden copy of
        // the export, which the summary and the ledger could only name as a temporary file.
        if sources.iter().any(|s| s.path().is_some_and(|p| p.as_os_str() == crate::io::input::STDIN_PATH)) {
            return refuse(Msg::new("run-stdin-several-profiles"));
        }
        if opts.report.is_some() {
            return refuse(Msg::new("run-report-several-profiles"));
        }
    }
    Ok(())
}

/// An error of one profile of a run of several, naming the profile (`several`: a run of one
/// keeps its errors as they are).
pub(super) fn in_profile(several: bool, plan: &Plan) -> impl Fn(RunError) -> RunError + '_ {
    move |e| match e {
        e if !several => e,
        e @ RunError::InProfile { .. } => e,
        e => RunError::InProfile { profile: plan.name.clone(), error: Box::new(e) },
    }
}

/// Two profiles of one run never write the same file: the second would replace the first's
/// in the commit.
pub(super) fn check_distinct_files(before: &[Finished], this: &Finished, plan: &Plan) -> Result<(), RunError> {
    let mine = this.files();
    for other in before {
        if let Some(path) = other.files().into_iter().find(|f| mine.contains(f)) {
            let m = Msg::new("run-profiles-same-file").arg("path", path).arg("first", &other.profile);
            return Err(RunError::Profiles(m.arg("second", &plan.name)));
        }
    }
    Ok(())
}
