//! A run of the page, on a blocking thread (off the async executor): the profiles compiled,
//! then the library's [`run_many`] — the same call as `orderbridge run` — into the run's
//! output folder, with the page's own sink beside each profile's (the rejected rows' table),
//! stopped when the server stops; its result recorded for the page, a part per profile, or the
//! earlier files it asks about.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::failure::FailedRun;
use super::result::{self, RowTables};
use super::runs::{Phase, Run, Served, Waiting, today};
use super::view::RunResult;
use crate::i18n::Msg;
use crate::run::{Cancel, InputSource, PlanRun, Progress, RunError, RunOptions, run_many};

/// Counts the bytes read, for the page's progress bar, and says whom the run waits for
/// before it reads.
struct ReadBytes<'a>(&'a Run);

impl Progress for ReadBytes<'_> {
    fn start(&mut self, _input: &str, _size: u64) {
        self.0.set_waiting(None);
    }
    fn advance(&mut self, bytes: u64) {
        self.0.read_bytes.fetch_add(bytes, Ordering::Relaxed);
    }
    fn waiting(&mut self, msg: &Msg) {
        self.0.set_waiting(Some(Waiting::Ledger(msg.clone())));
    }
}

/// Runs `run` (a blocking call): compiles its profile, runs it over the uploads into its
/// output folder exactly as `orderbridge run --out` would, and records the result.
pub fn execute(run: &Run, stopping: &Arc<AtomicBool>) {
    let phase = match compile_and_run(run, stopping) {
        Ok((parts, files)) => Phase::Done { parts, files },
        Err(FailedRun::Run(e)) => match e.inner() {
            RunError::PendingUploads(files) => Phase::Pending { files: files.clone() },
            _ => Phase::Failed { error: FailedRun::Run(e) },
        },
        Err(error) => Phase::Failed { error },
    };
    run.set_waiting(None);
    *run.phase.lock().unwrap_or_else(|e| e.into_inner()) = phase;
    run.done.send_replace(true);
    release_freed_memory();
}

/// Hands the memory a finished run (and its upload) freed back to the system. glibc keeps
/// freed memory in per-thread arenas, and a run's threads are new each time (the library's
/// reader and decider, the blocking pool's), so a long-lived server would otherwise grow by
/// an arena's leftovers with every run instead of staying at one run's peak.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it may be called from any
    // thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn compile_and_run(run: &Run, stopping: &Arc<AtomicBool>) -> Result<(Vec<RunResult>, Vec<Served>), FailedRun> {
    if let Some(refused) = run.sources.iter().find_map(crate::validate::refusal) {
        return Err(FailedRun::Profile(vec![refused]));
    }
    let plans = run
        .sources
        .iter()
        .map(|source| crate::engine::compile(source).map_err(FailedRun::Profile))
        .collect::<Result<Vec<_>, _>>()?;
    let first = &plans[0];
    let as_of = run.as_of.unwrap_or_else(|| today(&first.time_zone));
    let previous = *run.previous.lock().unwrap_or_else(|e| e.into_inner());
    // The previews are read back from the written files (result::preview): keeping every
    // written row's columns for them would cost the run time and memory.
    let opts = RunOptions {
        out_dir: run.out_dir(),
        as_of,
        dry_run: false,
        strict: run.strict,
        preview_rows: 0,
        report: None,
        // The page shows every list the command line can write.
        list_excluded: true,
        // Profiles without a `[ledger] key` run without the default ledger, as on the command
        // line (a ledger named with `--ledger` still refuses them).
        ledger: run
            .ledger
            .clone()
            .filter(|p| plans.iter().any(|plan| !plan.ledger_key.is_empty()) || !crate::ledger::is_default(p))
            .map(|path| crate::run::LedgerUse { path, resend: false, previous }),
        // The server stopping ends the run at its next batch (nothing is committed then).
        cancel: Some(Cancel::from(Arc::clone(stopping))),
    };
    let sources: Vec<InputSource> =
        run.inputs.iter().map(|u| InputSource::Named { path: u.path.clone(), name: u.name.clone() }).collect();
    let mut tables: Vec<RowTables> = plans.iter().map(RowTables::new).collect();
    let outcomes = {
        let mut sinks: Vec<[&mut dyn crate::run::Sink; 1]> = tables.iter_mut().map(|t| [t as _]).collect();
        let mut runs: Vec<PlanRun<'_, '_>> =
            plans.iter().zip(sinks.iter_mut()).map(|(plan, extra)| PlanRun { plan, extra }).collect();
        run_many(&mut runs, &sources, &opts, &mut ReadBytes(run)).map_err(FailedRun::Run)?
    };
    let mut files = Vec::new();
    let mut parts = Vec::with_capacity(plans.len());
    for ((plan, outcome), table) in plans.iter().zip(&outcomes).zip(&tables) {
        let own = Served::of_report(&outcome.report, &opts.out_dir);
        parts.push(*result::done_json(run, plan, outcome, table, &own, files.len()));
        files.extend(own);
    }
    Ok((parts, files))
}
