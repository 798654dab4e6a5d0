//! Runs that share a ledger take turns. SQLite lets one writer at a time hold a ledger and
//! makes the others wait a fixed time ([`super::BUSY_WAIT`]) before giving up; a run holds
//! the ledger for its whole length (its rows are recorded as they are decided), so a second
//! run of a big export would give up while the first is well on its way. Instead, a run first
//! takes its turn at the ledger's queue, a file beside it (`<ledger>-queue`, an exclusive lock
//! of the operating system), and only then SQLite's write lock. While it waits it says so every
//! [`SAY_EVERY`], and it waits as long as the run before it is alive and moving:
//!
//! - a holder that **died** (killed, crashed) holds nothing: the system releases its lock
//!   with the process, and the next run goes on at once;
//! - a holder is **stuck** when it has shown no progress for [`STUCK_AFTER`]: its record
//!   beside the ledger (`<ledger>-holder`: its process id, when it started, a step count) has
//!   not changed, while the holder changes it at least every [`BEAT_EVERY`] it records rows or
//!   prepares its commit. A run suspended with Ctrl-Z, one reading a pipe that stopped
//!   delivering, one on a disk that hangs: the waiting run stops then (nothing written), naming
//!   the holder's process.
//!
//! Other programs that write to the ledger without taking a turn (a database tool, an older
//! orderbridge) are still met by SQLite's wait, and a run stops after it as before.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Ledger, LedgerError};
use crate::i18n::Msg;

/// How long a holder may show no progress before a waiting run calls it stuck.
pub const STUCK_AFTER: Duration = Duration::from_secs(60);
/// How often a waiting run says it is waiting.
pub const SAY_EVERY: Duration = Duration::from_secs(5);
/// How often a holder recording rows updates its record (at most).
pub const BEAT_EVERY: Duration = Duration::from_secs(1);
/// How often a waiting run looks at the queue.
const POLL: Duration = Duration::from_millis(100);

/// How long a waiting run is patient (the defaults; tests shorten them).
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    pub stuck_after: Duration,
    pub say_every: Duration,
}

impl Patience {
    /// No waiting: a turn held by another run is an error at once.
    pub const NONE: Patience = Patience { stuck_after: Duration::ZERO, say_every: Duration::MAX };
}

impl Default for Patience {
    fn default() -> Self {
        Patience { stuck_after: STUCK_AFTER, say_every: SAY_EVERY }
    }
}

impl Ledger {
    /// Opens the ledger at `path` (created if missing) for a run that records itself, in the
    /// run's turn. A path that is no ledger is refused as [`Ledger::open`] refuses it, before
    /// any file of the queue is put beside it.
    pub fn open_queued(path: &Path, waiting: &mut dyn FnMut(&Msg)) -> Result<(Ledger, Gate), LedgerError> {
        Ledger::open_queued_with(path, Patience::default(), waiting)
    }

    /// [`Ledger::open_queued`] with the given patience ([`Patience::NONE`]: the turn now or
    /// an error).
    pub(crate) fn open_queued_with(
        path: &Path,
        patience: Patience,
        waiting: &mut dyn FnMut(&Msg),
    ) -> Result<(Ledger, Gate), LedgerError> {
        if path.is_dir() || (path.exists() && super::check_header(path).is_err()) {
            Ledger::open(path, true)?;
        }
        super::make_default_folder(path)?;
        let gate = Gate::take_with(path, patience, waiting)?;
        Ok((Ledger::open(path, true)?, gate))
    }
}

/// A run's turn at a ledger: held until dropped (after its commit or its rollback).
pub struct Gate {
    holder: File,
    record: String,
    steps: u64,
    last_beat: Instant,
    /// Dropped last: the turn ends once the record is cleared.
    _lock: File,
}

/// The queue's files beside `ledger` (beside the file a link points to, so that runs naming
/// one ledger by two paths share one queue).
fn beside(ledger: &Path) -> (PathBuf, PathBuf) {
    let real = std::fs::canonicalize(ledger).unwrap_or_else(|_| ledger.to_path_buf());
    let name = real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    (real.with_file_name(format!("{name}-queue")), real.with_file_name(format!("{name}-holder")))
}

impl Gate {
    /// Takes the run's turn at `ledger`, waiting with the default `Patience`; `waiting`
    /// is told, every `SAY_EVERY`, whom the run waits for.
    pub fn take(ledger: &Path, waiting: &mut dyn FnMut(&Msg)) -> Result<Gate, LedgerError> {
        Gate::take_with(ledger, Patience::default(), waiting)
    }

    /// [`Gate::take`] with the given patience (tests shorten it).
    pub(crate) fn take_with(
        ledger: &Path,
        patience: Patience,
        waiting: &mut dyn FnMut(&Msg),
    ) -> Result<Gate, LedgerError> {
        let display = ledger.display().to_string();
        let fail = |e: std::io::Error| {
            LedgerError::new(Msg::new("ledger-cannot-write").arg("path", &display).arg("detail", e))
        };
        let (queue, holder_path) = beside(ledger);
        let lock = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&queue).map_err(fail)?;
        let started = Instant::now();
        // The holder's record as last read, and when it last changed.
        let mut seen: Option<(String, Instant)> = None;
        let mut said: Option<Instant> = None;
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {}
                // A file system without locks: no queue, SQLite's own wait as before.
                Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => break,
                Err(TryLockError::Error(e)) => return Err(fail(e)),
            }
            let now = Instant::now();
            let record = std::fs::read_to_string(&holder_path).unwrap_or_default();
            let changed_at = match &seen {
                Some((text, at)) if *text == record => *at,
                _ => now,
            };
            seen = Some((record.clone(), changed_at));
            let (pid, since) = parse(&record);
            if now.duration_since(changed_at) >= patience.stuck_after {
                let secs = patience.stuck_after.as_secs();
                return Err(LedgerError::new(
                    Msg::new("ledger-holder-stuck")
                        .arg("path", &display)
                        .arg("pid", pid)
                        .arg("since", since)
                        .arg("seconds", secs),
                ));
            }
            if said.is_none_or(|t| now.duration_since(t) >= patience.say_every) {
                let waited = now.duration_since(started).as_secs();
                waiting(
                    &Msg::new("ledger-waiting")
                        .arg("path", &display)
                        .arg("pid", pid)
                        .arg("since", since)
                        .arg("seconds", waited),
                );
                said = Some(now);
            }
            std::thread::sleep(POLL);
        }
        let holder = OpenOptions::new().write(true).create(true).truncate(true).open(&holder_path).map_err(fail)?;
        let record = format!("pid={} since={}", std::process::id(), super::now());
        let mut gate = Gate { holder, record, steps: 0, last_beat: Instant::now(), _lock: lock };
        gate.write();
        Ok(gate)
    }

    /// Shows progress: the holder's record changes (at most every `BEAT_EVERY`).
    pub fn beat(&mut self) {
        if self.last_beat.elapsed() >= BEAT_EVERY {
            self.beat_now();
        }
    }

    /// Shows progress now (a step of the commit, however soon after the last).
    pub fn beat_now(&mut self) {
        self.steps += 1;
        self.last_beat = Instant::now();
        self.write();
    }

    /// Rewrites the record in place: the step count has a fixed width, so the file's length
    /// never changes and a reader sees either the old record or the new one's bytes.
    fn write(&mut self) {
        let line = format!("{} step={:020}\n", self.record, self.steps);
        let _ = self.holder.seek(SeekFrom::Start(0)).and_then(|_| self.holder.write_all(line.as_bytes()));
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        let _ = self.holder.set_len(0);
    }
}

/// The holder's process id and start (`?` when the record cannot be read).
fn parse(record: &str) -> (String, String) {
    let field = |name: &str| {
        record.split_whitespace().find_map(|kv| kv.strip_prefix(name)?.strip_prefix('=')).unwrap_or("?").to_string()
    };
    (field("pid"), field("since"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn quick(stuck_after: Duration) -> Patience {
        Patience { stuck_after, say_every: Duration::ZERO }
    }

    #[test]
    fn a_holder_that_moves_is_waited_for_as_long_as_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("history.sqlite");
        let mut first = Some(Gate::take(&ledger, &mut |_| panic!("nobody holds it")).unwrap());
        let mut said = Vec::new();
        // The holder moves each time the waiting run speaks; after the tenth time it is done.
        let second = Gate::take_with(&ledger, quick(Duration::from_secs(30)), &mut |m| {
            said.push(m.render(Lang::En));
            match first.as_mut() {
                Some(g) if said.len() < 10 => g.beat_now(),
                _ => first = None,
            }
        });
        assert!(second.is_ok(), "{:?}", second.err());
        assert!(said.len() >= 10);
        assert!(said[0].contains(&format!("process {}", std::process::id())), "{}", said[0]);
    }

    #[test]
    fn a_holder_that_shows_no_progress_is_stuck() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("history.sqlite");
        let _first = Gate::take(&ledger, &mut |_| {}).unwrap();
        let e = Gate::take_with(&ledger, quick(Duration::from_millis(300)), &mut |_| {}).err().unwrap();
        assert_eq!(e.msg.key, "ledger-holder-stuck");
        let text = e.msg.render(Lang::En);
        assert!(text.contains(&format!("process {}", std::process::id())), "{text}");
    }

    #[test]
    fn a_turn_ends_when_its_gate_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("history.sqlite");
        drop(Gate::take(&ledger, &mut |_| {}).unwrap());
        let again = Gate::take_with(&ledger, quick(Duration::ZERO), &mut |_| panic!("free"));
        assert!(again.is_ok());
    }
}
