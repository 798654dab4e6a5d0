//! The ledger as a sink: every decided row is recorded in the run's ledger transaction as it
//! comes (written to which file, excluded or rejected by which rule), and counted against what
//! the ledger knew (new, changed, written again because unconfirmed). After the other sinks
//! have finished into the report, its [`Sink::finish`] records the files with their SHA-256
//! and hands the transaction to the commit as its last participant.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

use crate::engine::Plan;
use crate::ledger::{self, Class, FileWritten, Ledger, RowRecord, RunInfo, SentView, Session, Writer};
use crate::report::{FileReport, LedgerReport, UnconfirmedFile};

use super::super::commit::Commit;
use super::super::sink::{DecidedRow, Needs, Sink, SinkFinish};
use super::super::{InputSource, RunError, RunOptions};
use crate::engine::Outcome;

/// How a run uses a ledger (`--ledger FILE`, `--resend`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerUse {
    pub path: std::path::PathBuf,
    /// Write rows already sent (still recorded).
    pub resend: bool,
}

/// The invocation's hold on the ledger, shared by the ledger sinks of its profiles in turn.
pub type SharedSession = Rc<RefCell<Session>>;

/// Each input's name and SHA-256 (`None`: standard input).
type Inputs = Vec<(String, Option<String>)>;

pub struct LedgerSink<'p> {
    plan: &'p Plan,
    /// The open transaction, written on its own thread; `None` in a dry run (consulted, not
    /// recorded).
    recording: Option<Writer>,
    report: LedgerReport,
    unconfirmed_files: BTreeSet<i64>,
    /// What the ledger knew before the run (shared with the deciders).
    view: Arc<SentView>,
    /// The inputs' names and SHA-256, hashed on a thread of their own while the run reads them.
    inputs: Option<std::thread::JoinHandle<Inputs>>,
    /// The invocation's transaction the run is recorded in (`None` in a dry run).
    session: Option<SharedSession>,
}

/// Test-only fault injection at the ledger's commit (integration tests set it; nothing else
/// may): `ORDERBRIDGE_FAULT_LEDGER=fail` makes the commit fail, `=kill` kills the process just
/// before it (after the upload files are in place).
const FAULT_VAR: &str = "ORDERBRIDGE_FAULT_LEDGER";

impl<'p> LedgerSink<'p> {
    /// Loads what the ledger knows of the profile and, unless this is a dry run, begins
    /// recording the run in the invocation's transaction (`session`, which has taken its
    /// turn). Every failure here comes before any file is written.
    pub fn open(
        plan: &'p Plan,
        choice: &LedgerUse,
        opts: &RunOptions,
        sources: &[InputSource],
        session: Option<&SharedSession>,
    ) -> Result<(LedgerSink<'p>, Arc<SentView>), RunError> {
        if plan.ledger_key.is_empty() {
            return Err(RunError::Ledger(ledger::LedgerError::no_key(&plan.name)));
        }
        let report = LedgerReport {
            path: choice.path.display().to_string(),
            rule: plan.rule_name(plan.builtin.already_sent.rule).to_string(),
            ..LedgerReport::default()
        };
        let sink = |view: SentView, recording, inputs, session| {
            let view = Arc::new(view);
            let unconfirmed_files = BTreeSet::new();
            let view_ = Arc::clone(&view);
            (LedgerSink { plan, recording, report, unconfirmed_files, view: view_, inputs, session }, view)
        };
        let session = match session {
            Some(s) if !opts.dry_run => s,
            _ if opts.dry_run && !choice.path.exists() => {
                return Ok(sink(SentView::empty(choice.resend), None, None, None));
            }
            _ => {
                let ledger = Ledger::open_read(&choice.path)?;
                let view = SentView::load(&ledger, &plan.ledger_scope, choice.resend)?;
                return Ok(sink(view, None, None, None));
            }
        };
        let info = RunInfo {
            profile: plan.ledger_scope.clone(),
            as_of: opts.as_of.to_string(),
            params: serde_json::json!({
                "profile": plan.name,
                "params": plan.params,
                "strict": opts.strict,
                "resend": choice.resend,
                "list_excluded": opts.list_excluded,
                "report": opts.report.as_ref().map(|p| p.display().to_string()),
            })
            .to_string(),
            out_dir: opts.out_dir.display().to_string(),
            batch: None,
        };
        // The run's turn first (the session's), then what the ledger knows: read inside the
        // run's own transaction, it includes every run before this one, even one that
        // finished while this one waited.
        let recording = session.borrow_mut().begin(&info)?;
        let view = SentView::load(recording.ledger(), &plan.ledger_scope, choice.resend)?;
        let sources = sources.to_vec();
        let inputs = std::thread::spawn(move || sources.iter().map(|s| (s.display(), input_sha256(s))).collect());
        Ok(sink(view, Some(Writer::spawn(recording)?), Some(inputs), Some(Rc::clone(session))))
    }

    /// Records the upload files (`written`: path and SHA-256 of each file written; the
    /// others planned were not) and the counts, and keeps the run in the invocation's
    /// transaction (committed last, by the run's commit). Fills in the report's unconfirmed
    /// files.
    fn record(
        &mut self,
        planned: &[FileReport],
        written: &[(String, String)],
        counts: [u64; 4],
        strict_blocked: bool,
    ) -> Result<(), RunError> {
        let view = &self.view;
        self.report.unconfirmed_files = self
            .unconfirmed_files
            .iter()
            .filter_map(|id| view.unconfirmed_file(*id))
            .map(|(path, at)| UnconfirmedFile { path: path.clone(), written_at: at.clone() })
            .collect();
        let (Some(recording), Some(session)) = (self.recording.take(), self.session.take()) else { return Ok(()) };
        if strict_blocked {
            // No upload file was written: recording its rows as written would tell
            // `ledger show` they are in files that do not exist. The run is taken back once
            // the writer has stopped.
            session.borrow_mut().take_back(recording.finish()?)?;
            self.report.strict_blocked = true;
            return Ok(());
        }
        let files: Vec<FileWritten> = planned
            .iter()
            .map(|f| FileWritten {
                path: f.path.clone(),
                sha256: written.iter().find(|(p, _)| *p == f.path).map(|(_, s)| s.clone()),
                rows: f.rows,
            })
            .collect();
        let inputs = self.inputs.take().and_then(|h| h.join().ok()).unwrap_or_default();
        let prepared = recording.finish()?.finish(&inputs, &files, counts)?;
        self.report.run = Some(prepared.run_id);
        self.report.recorded = true;
        session.borrow_mut().keep(prepared)?;
        Ok(())
    }
}

/// Makes the invocation's ledger transaction the commit's last participant.
pub fn commit_last(session: SharedSession, commit: &mut Commit) {
    commit.last_participant(Box::new(move || {
        // Every ledger sink let the session go when it recorded its run.
        match Rc::try_unwrap(session) {
            Ok(session) => commit_ledger(session.into_inner()),
            Err(session) => Err(ledger::LedgerError::new(
                crate::i18n::Msg::new("ledger-session-stopped").arg("path", session.borrow().display()),
            )
            .msg),
        }
    }));
}

/// The ledger's commit, with the test-only faults.
fn commit_ledger(session: Session) -> Result<(), crate::i18n::Msg> {
    match std::env::var(FAULT_VAR).as_deref() {
        Ok("kill") => crate::io::platform::die_now(),
        Ok("fail") => {
            let path = session.display().to_string();
            drop(session);
            return Err(ledger::LedgerError::commit_failed(&path, "fault injected by ORDERBRIDGE_FAULT_LEDGER").msg);
        }
        _ => {}
    }
    session.commit().map_err(|e| e.msg)
}

/// An input's SHA-256 (`None` for standard input, which cannot be read twice).
fn input_sha256(s: &InputSource) -> Option<String> {
    match s {
        InputSource::Path(p) if p.as_os_str() != "-" => ledger::sha256_file(p).ok(),
        InputSource::Path(_) => None,
        InputSource::Bytes { bytes, .. } => Some(ledger::sha256_bytes(bytes)),
    }
}

impl Sink for LedgerSink<'_> {
    /// After the sinks before it (the counts, the upload files) have finished into the report:
    /// records what they say, and adds the ledger's part of the report.
    fn finish(&mut self, fin: &mut SinkFinish<'_>) -> Result<(), RunError> {
        let r = &*fin.report;
        let (planned, written) = (r.planned_files.clone(), r.written.clone());
        self.record(&planned, &written, r.row_numbers(), r.strict_blocked)?;
        fin.report.ledger(self.report.clone());
        Ok(())
    }

    fn needs(&self) -> Needs {
        Needs { columns: true, keys: true, ..Needs::default() }
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let (outcome, rule, file) = match row.outcome {
            Outcome::Written { path } => (ledger::WRITTEN, None, Some(path)),
            Outcome::Excluded { rule } => (ledger::EXCLUDED, Some(rule), None),
            Outcome::Rejected { rule, .. } => (ledger::REJECTED, Some(rule), None),
        };
        if let (Outcome::Written { .. }, Some(class)) = (row.outcome, row.sent) {
            match class {
                Class::New => self.report.new += 1,
                Class::Changed => self.report.changed += 1,
                Class::Unconfirmed(f) => {
                    self.report.unconfirmed += 1;
                    self.unconfirmed_files.insert(f);
                }
                Class::Same => self.report.resent += 1,
            }
        }
        let Some(recording) = &mut self.recording else { return Ok(()) };
        let key = (!row.key.is_empty()).then_some(row.key);
        recording.row(&RowRecord {
            key,
            outcome,
            rule: rule.map(|r| self.plan.rule_name(r)),
            file,
            input: row.input,
            line: row.line,
            values: row.columns,
        })?;
        Ok(())
    }
}
