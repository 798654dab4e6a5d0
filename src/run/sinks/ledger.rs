//! The ledger as a sink: every decided row is recorded in the run's ledger transaction as it
//! comes (written to which file, excluded or rejected by which rule), and counted against what
//! the ledger knew (new, changed, written again because unconfirmed). After the other sinks
//! have finished into the report, its [`Sink::finish`] records the files with their SHA-256
//! and hands the transaction to the commit as its last participant.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::Arc;

use crate::engine::{Plan, UploadKind};
use crate::io::digest::InputDigest;
use crate::io::platform::background_thread;
use crate::ledger::{
    self, Class, FileWritten, Ledger, RowRecord, RunInfo, SentView, Session, Supersession, ViewOptions, Writer,
};
use crate::report::{FileReport, LedgerReport, PreviousAnswer, UnconfirmedFile};

use super::super::commit::Commit;
use super::super::pending::{PendingFile, Previous, path_now};
use super::super::sink::{DecidedRow, Needs, Sink, SinkFinish};
use super::super::{InputSource, RunError, RunOptions};
use crate::engine::Outcome;

/// How a run uses a ledger (`--ledger FILE`, `--resend`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerUse {
    pub path: std::path::PathBuf,
    /// Write rows already sent (still recorded).
    pub resend: bool,
    /// The answer for earlier files whose upload is not known (`--previous`); `None`: an
    /// upload that adds stops on them.
    pub previous: Option<Previous>,
}

/// The priority of the history's writer: lower than the run's, for the same reason, but not
/// as low, since the writing stage waits once two chunks are queued for it. Nice 5 is a
/// quarter of a core's share where a run's thread is at 0; 10 measured ~1% faster on a quiet
/// two-core machine, but would leave it a tenth against another program's busy thread.
const WRITER_NICE: i32 = 5;

/// The invocation's hold on the ledger, shared by the ledger sinks of its profiles in turn.
pub type SharedSession = Rc<RefCell<Session>>;

/// Each input's name, and its SHA-256 ([`InputSource::open_hashing`]; `None`: standard input,
/// not hashed).
type Inputs = Vec<(String, Option<InputDigest>)>;

pub struct LedgerSink<'p> {
    plan: &'p Plan,
    /// The open transaction, written on its own thread; `None` in a dry run (consulted, not
    /// recorded).
    recording: Option<Writer>,
    report: LedgerReport,
    unconfirmed_files: BTreeSet<i64>,
    /// Rows of this run per earlier file whose upload is not known (an upload that adds).
    pending: BTreeMap<i64, u64>,
    /// The earlier files of unknown upload the run answered for (`--previous`).
    answered: BTreeSet<i64>,
    /// Which earlier files of unknown upload no longer hold a key's latest send once the
    /// run's rows are written (superseded).
    supersession: Supersession,
    /// The ledger's file, as the run was given it.
    ledger_path: std::path::PathBuf,
    /// What the ledger knew before the run (shared with the deciders).
    view: Arc<SentView>,
    /// The inputs with their SHA-256, known once the run has read them (empty in a dry run).
    inputs: Inputs,
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
        digests: &[Option<InputDigest>],
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
        let sink = |mut view: SentView, recording, inputs, session| {
            // The sink's own (the deciders do not need it).
            let supersession = std::mem::take(&mut view.supersession);
            let view = Arc::new(view);
            let unconfirmed_files = BTreeSet::new();
            let (pending, answered) = (BTreeMap::new(), BTreeSet::new());
            let view2 = Arc::clone(&view);
            let ledger_path = choice.path.clone();
            let sink = LedgerSink {
                plan,
                recording,
                report,
                unconfirmed_files,
                pending,
                answered,
                supersession,
                ledger_path,
                view: view2,
                inputs,
                session,
            };
            (sink, view)
        };
        let options = ViewOptions {
            resend: choice.resend,
            adds: plan.ledger_upload == UploadKind::Adds,
            previous: choice.previous.map(Previous::answer),
            correction: plan.ledger_correction.clone(),
        };
        let session = match session {
            Some(s) if !opts.dry_run => s,
            _ if opts.dry_run && !choice.path.exists() => {
                return Ok(sink(SentView::empty(choice.resend), None, Vec::new(), None));
            }
            _ => {
                let ledger = Ledger::open_read(&choice.path)?;
                let view = SentView::load_with(&ledger, &plan.ledger_scope, &options)?;
                return Ok(sink(view, None, Vec::new(), None));
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
            // Absolute: the file is found again by the path it was written at, from any folder.
            out_dir: std::path::absolute(&opts.out_dir).unwrap_or_else(|_| opts.out_dir.clone()).display().to_string(),
            time_zone: plan.time_zone.iana_name().unwrap_or_default().to_string(),
            batch: None,
        };
        // The run's turn first (the session's), then what the ledger knows: read inside the
        // run's own transaction, it includes every run before this one, even one that
        // finished while this one waited.
        let recording = session.borrow_mut().begin(&info)?;
        let view = SentView::load_with(recording.ledger(), &plan.ledger_scope, &options)?;
        let inputs = sources.iter().map(InputSource::display).zip(digests.iter().cloned()).collect();
        Ok(sink(
            view,
            Some(Writer::spawn(recording, || background_thread(WRITER_NICE))?),
            inputs,
            Some(Rc::clone(session)),
        ))
    }

    /// The earlier files of unknown upload holding rows of this run, when the run must stop
    /// on them: an upload that adds, without an answer (`--previous`) or `--resend`.
    pub fn pending(&self) -> Result<Vec<PendingFile>, RunError> {
        if self.pending.is_empty() || self.view.resend || self.view.options.previous.is_some() {
            return Ok(Vec::new());
        }
        Ok(self
            .pending
            .iter()
            .filter_map(|(id, rows)| Some((self.view.unconfirmed_file(*id)?, *rows)))
            .map(|(f, rows)| PendingFile {
                id: f.id,
                profile: self.plan.name.clone(),
                path: path_now(&f.out_dir, &f.path, Some(&f.sha256)),
                written_at: f.written_at.clone(),
                time_zone: f.time_zone.clone(),
                rows,
                ledger: self.ledger_path.clone(),
            })
            .collect())
    }

    /// Records the run's answer about the earlier files of unknown upload holding its rows
    /// (`--previous`), in the run's own transaction (see [`super::super::pending`]).
    fn answer(&mut self, ledger: &Ledger) -> Result<(), RunError> {
        let ids: Vec<i64> = self.answered.iter().copied().collect();
        match self.view.options.previous {
            _ if ids.is_empty() => {}
            Some(ledger::Answer::Uploaded) => ledger.mark_uploaded(&ids)?,
            Some(ledger::Answer::NotUploaded) => ledger.mark_not_uploaded(&ids)?,
            None => {}
        }
        Ok(())
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
            .map(|f| UnconfirmedFile { path: f.path.clone(), written_at: f.written_at.clone() })
            .collect();
        self.report.previous = match self.view.options.previous {
            _ if self.answered.is_empty() => None,
            Some(ledger::Answer::Uploaded) => Some(PreviousAnswer::Uploaded),
            Some(ledger::Answer::NotUploaded) => Some(PreviousAnswer::NotUploaded),
            None => None,
        };
        self.report.answered_files = self
            .answered
            .iter()
            .filter_map(|id| view.unconfirmed_file(*id))
            .map(|f| UnconfirmedFile { path: f.path.clone(), written_at: f.written_at.clone() })
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
        // Known by now: the run has read every input to its end.
        let inputs: Vec<(String, Option<String>)> = self
            .inputs
            .iter()
            .map(|(name, digest)| (name.clone(), digest.as_ref().and_then(InputDigest::get)))
            .collect();
        let recording = recording.finish()?;
        self.answer(recording.ledger())?;
        recording.supersede(&self.supersession.superseded())?;
        let prepared = recording.finish(&inputs, &files, counts)?;
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
        if let Some(Class::Answered { file, .. }) = row.sent {
            self.answered.insert(file);
        }
        if let (Outcome::Written { .. }, Some(class)) = (row.outcome, row.sent) {
            match class {
                Class::New => self.report.new += 1,
                Class::Changed | Class::Answered { same: false, .. } => self.report.changed += 1,
                Class::Unconfirmed(f) => {
                    self.supersession.written_again(f, row.key);
                    self.report.unconfirmed += 1;
                    self.unconfirmed_files.insert(f);
                    if self.plan.ledger_upload == UploadKind::Adds {
                        *self.pending.entry(f).or_default() += 1;
                    }
                }
                Class::Same | Class::Answered { same: true, .. } => self.report.resent += 1,
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
