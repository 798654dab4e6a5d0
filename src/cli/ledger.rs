//! `orderbridge ledger confirm|unsent|files|show`: the sync history's commands, and the lines a run
//! with a ledger adds to its summary. Everything it prints comes from the ledger catalog
//! (`locales/*/ledger.ftl`), so it follows the language choice.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{CliError, Exit, print_stdout};
use crate::i18n::{Lang, Msg};
use crate::ledger::{self, FileEntry, Ledger, SHOW_LIMIT, ShowEntry};
use crate::report::LedgerReport;

#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// The ledger file (default: $ORDERBRIDGE_LEDGER, else the default ledger in the user's
    /// data folder, the one every run keeps its history in).
    #[arg(long, value_name = "FILE", global = true)]
    pub ledger: Option<PathBuf>,
    #[command(subcommand)]
    pub command: LedgerCommand,
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Mark upload files as uploaded: their rows are then `already_sent` until they change.
    /// A file is found by the path it was written at (even after a later run archived it),
    /// the path it has now, or its content (any copy of it).
    Confirm(Marking),
    /// Mark upload files as not uploaded (undoing a confirm): their rows go out again.
    Unsent(Marking),
    /// List the upload files written, confirmed or not.
    Files {
        /// Print JSON (for programs) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The history of every report whose key starts with KEY (e.g. an order number): each
    /// run that saw it, the outcome, the file, whether it was confirmed, the values sent.
    Show {
        /// The start of a report's key, e.g. an order number.
        key: String,
        /// Print JSON (for programs) instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The files `confirm` or `unsent` marks.
#[derive(Debug, Args)]
pub struct Marking {
    /// Upload files, by the path they were written at, their path now, or any copy.
    #[arg(required_unless_present = "last", conflicts_with = "last", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Every upload file of the latest run.
    #[arg(long)]
    last: bool,
}

fn t(lang: Lang, msg: Msg) -> String {
    msg.render(lang)
}

/// A time as the shop reads it: in the zone of the profile that wrote the file.
fn local(utc: &str, tz: &Option<String>) -> String {
    ledger::local_time(utc, tz.as_deref())
}

/// The path a file was written at (its run's output folder joined with its path there).
fn written_path(f: &FileEntry) -> String {
    PathBuf::from(&f.out_dir).join(&f.path).display().to_string()
}

pub fn execute(a: LedgerArgs, lang: Lang) -> Result<Exit, CliError> {
    let path = ledger::chosen(a.ledger).ok_or_else(|| CliError::Usage(Msg::new("ledger-none-given")))?;
    // The default ledger before the first run: no history yet, rather than an error.
    let fresh = !path.exists() && ledger::is_default(&path);
    // Only marking writes: the others read, and need read access only.
    let read = || Ledger::open_read(&path);
    match a.command {
        LedgerCommand::Confirm(m) => mark(&path, m, true, lang)?,
        LedgerCommand::Unsent(m) => mark(&path, m, false, lang)?,
        LedgerCommand::Files { json } => {
            let files = if fresh { Vec::new() } else { read()?.files()? };
            if json {
                let files: Vec<FileEntry> = files.into_iter().map(json_times).collect();
                print_stdout(&(serde_json::to_string_pretty(&files).expect("files serialise") + "\n"))?;
            } else {
                print_stdout(&files_table(&files, lang))?;
            }
        }
        LedgerCommand::Show { key, json } => {
            let entries = if fresh { Vec::new() } else { read()?.show(&key)? };
            if json {
                let entries: Vec<ShowEntry> = entries.into_iter().map(json_show_times).collect();
                print_stdout(&(serde_json::to_string_pretty(&entries).expect("entries serialise") + "\n"))?;
            } else {
                print_stdout(&show_text(&key, &entries, lang))?;
            }
        }
    }
    Ok(Exit::Success)
}

/// `ledger confirm` (`uploaded`) or `ledger unsent`: finds every file first (one not found
/// stops it all, nothing marked), then marks them in one transaction.
fn mark(path: &std::path::Path, m: Marking, uploaded: bool, lang: Lang) -> Result<(), CliError> {
    if !path.exists() {
        // Before the first run there is nothing to mark: said so, rather than failing to put
        // the queue's files beside a ledger whose folder is not there yet.
        return Err(ledger::LedgerError::new(Msg::new("ledger-missing").arg("path", path.display())).into());
    }
    // In turn with the runs recording themselves in this ledger, as they wait for each other
    // (saying so).
    let _turn = ledger::Gate::take(path, &mut |m| eprintln!("{}", m.render(lang)))?;
    let mut l = Ledger::open(path, false)?;
    let mut found: Vec<(String, FileEntry)> = Vec::new();
    if m.last {
        found = l.last_batch_files()?.into_iter().map(|f| (written_path(&f), f)).collect();
        if found.is_empty() {
            return print_stdout(&(t(lang, Msg::new("ledger-last-none").arg("path", path.display())) + "\n"));
        }
    }
    for given in &m.files {
        found.extend(l.find_files(given)?.into_iter().map(|f| (given.display().to_string(), f)));
    }
    let ids: Vec<i64> = found.iter().map(|(_, f)| f.id).collect();
    let now = if uploaded { l.set_uploaded(&ids)? } else { l.set_not_uploaded(&ids)? };
    let mut out = String::new();
    for (given, before) in &found {
        let f = now.iter().find(|f| f.id == before.id).unwrap_or(before);
        let at = local(&f.written_at, &f.time_zone);
        let rows = crate::i18n::grouped(f.rows as u64);
        let line = match (uploaded, &before.confirmed_at, &before.unsent_at) {
            (true, Some(when), _) => Msg::new("ledger-already-confirmed").arg("at", local(when, &f.time_zone)),
            (true, None, _) => Msg::new("ledger-confirmed").arg("rows", rows),
            (false, Some(_), _) => Msg::new("ledger-unconfirmed").arg("rows", rows),
            (false, None, Some(when)) => Msg::new("ledger-already-unsent").arg("at", local(when, &f.time_zone)),
            (false, None, None) => Msg::new("ledger-unsent").arg("rows", rows),
        };
        let line = line.arg("file", given).arg("run", f.run).arg("written", at).arg("path", written_path(f));
        out.push_str(&t(lang, line));
        out.push('\n');
    }
    print_stdout(&out)
}

/// A file's times for `--json`: RFC 3339 with the offset of its profile's time zone.
fn json_times(mut f: FileEntry) -> FileEntry {
    let tz = f.time_zone.clone();
    let conv = |s: &mut String| *s = ledger::local_rfc3339(s, tz.as_deref());
    conv(&mut f.written_at);
    f.confirmed_at.iter_mut().for_each(conv);
    f.unsent_at.iter_mut().for_each(conv);
    f
}

fn json_show_times(mut e: ShowEntry) -> ShowEntry {
    let tz = e.time_zone.clone();
    let conv = |s: &mut String| *s = ledger::local_rfc3339(s, tz.as_deref());
    conv(&mut e.run_at);
    e.confirmed_at.iter_mut().for_each(conv);
    e.unsent_at.iter_mut().for_each(conv);
    e
}

fn files_table(files: &[FileEntry], lang: Lang) -> String {
    use unicode_width::UnicodeWidthStr;
    if files.is_empty() {
        return t(lang, Msg::new("ledger-files-none")) + "\n";
    }
    let header: Vec<String> = [
        "ledger-col-run",
        "ledger-col-written",
        "ledger-col-profile",
        "ledger-col-file",
        "ledger-col-rows",
        "ledger-col-confirmed",
    ]
    .map(|k| t(lang, Msg::new(k)))
    .to_vec();
    let rows: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            let status = match (&f.confirmed_at, &f.unsent_at) {
                (Some(at), _) => t(lang, Msg::new("ledger-files-uploaded").arg("at", local(at, &f.time_zone))),
                (None, Some(at)) => t(lang, Msg::new("ledger-marked-unsent").arg("at", local(at, &f.time_zone))),
                (None, None) => t(lang, Msg::new("ledger-not-confirmed")),
            };
            vec![
                format!("#{}", f.run),
                local(&f.written_at, &f.time_zone),
                f.profile.clone(),
                written_path(f),
                crate::i18n::grouped(f.rows as u64),
                status,
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| std::iter::once(&header).chain(&rows).map(|r| r[i].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> =
            r.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.width()))).collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn show_text(key: &str, entries: &[ShowEntry], lang: Lang) -> String {
    if entries.is_empty() {
        return t(lang, Msg::new("ledger-show-none").arg("key", key)) + "\n";
    }
    let mut out = String::new();
    let mut last_key: Option<&Vec<String>> = None;
    for e in entries {
        if last_key != Some(&e.key) {
            out.push_str(&format!("{} [{}]\n", e.key.join(" / "), e.profile));
            last_key = Some(&e.key);
        }
        let rule = crate::report::recorded_rule(e.rule.as_deref().unwrap_or_default(), lang);
        let line = match e.outcome.as_str() {
            "written" => {
                let confirmed = match (&e.confirmed_at, &e.unsent_at) {
                    (Some(at), _) => t(lang, Msg::new("ledger-show-confirmed").arg("at", local(at, &e.time_zone))),
                    (None, Some(at)) => t(lang, Msg::new("ledger-show-unsent").arg("at", local(at, &e.time_zone))),
                    (None, None) => t(lang, Msg::new("ledger-show-unconfirmed")),
                };
                Msg::new("ledger-show-written")
                    .arg("file", e.file.clone().unwrap_or_default())
                    .arg("confirmed", confirmed)
            }
            "excluded" => Msg::new("ledger-show-excluded").arg("rule", rule),
            _ => Msg::new("ledger-show-rejected").arg("rule", rule),
        };
        let at = local(&e.run_at, &e.time_zone);
        out.push_str(&format!("  {}\n", t(lang, line.arg("run", e.run).arg("at", at))));
        out.push_str(&format!(
            "    {}\n",
            t(lang, Msg::new("ledger-show-source").arg("input", &e.input).arg("line", e.line))
        ));
        if let Some(v) = &e.values {
            out.push_str(&format!("    {}\n", t(lang, Msg::new("ledger-show-values").arg("values", v.join(" | ")))));
        }
    }
    if entries.len() as i64 >= SHOW_LIMIT {
        out.push_str(&t(lang, Msg::new("ledger-show-limit").arg("n", SHOW_LIMIT)));
        out.push('\n');
    }
    out
}

/// The ledger a run (of the command line or the page) keeps its history in: `flag`, else
/// `$ORDERBRIDGE_LEDGER`, else the default one; none with `--no-ledger`. A profile that
/// declares no `[ledger] key` runs without the default ledger (it could not be recorded; in a
/// run of several profiles, all of them do); a ledger asked for by name still stops it,
/// saying why.
pub fn for_run(flag: Option<PathBuf>, no_ledger: bool, plans: &[&crate::engine::Plan]) -> Option<PathBuf> {
    if no_ledger {
        return None;
    }
    let keyed = plans.iter().all(|plan| !plan.ledger_key.is_empty());
    ledger::chosen(flag).filter(|p| keyed || !ledger::is_default(p))
}

/// The lines a run with a ledger adds to its summary (times in the profile's zone, `tz`),
/// with the hint to confirm its files unless the caller prints it itself (`hint`).
pub fn run_summary(l: &LedgerReport, tz: Option<&str>, hint: bool, lang: Lang) -> String {
    let mut out = String::new();
    let head = match l.run {
        Some(run) if l.recorded => Msg::new("ledger-summary-recorded").arg("path", &l.path).arg("run", run),
        _ if l.strict_blocked => Msg::new("ledger-summary-strict").arg("path", &l.path),
        _ => Msg::new("ledger-summary-dry-run").arg("path", &l.path),
    };
    out.push_str(&format!("  {}\n", t(lang, head)));
    for (n, key) in
        [(l.new, "ledger-summary-new"), (l.changed, "ledger-summary-changed"), (l.resent, "ledger-summary-resent")]
    {
        if n > 0 {
            out.push_str(&format!("    {}\n", t(lang, Msg::new(key).arg("n", crate::i18n::grouped(n)))));
        }
    }
    if l.unconfirmed > 0 {
        out.push_str(&format!(
            "    {}\n",
            t(lang, Msg::new("ledger-summary-unconfirmed").arg("n", crate::i18n::grouped(l.unconfirmed)))
        ));
        for f in &l.unconfirmed_files {
            let at = ledger::local_time(&f.written_at, tz);
            let line = Msg::new("ledger-summary-unconfirmed-file").arg("path", &f.path).arg("at", at);
            out.push_str(&format!("      {}\n", t(lang, line)));
        }
    }
    if let Some(previous) = l.previous {
        // A dry run only takes the answer for its counts: it records nothing, and says so.
        let key = match (previous, l.recorded) {
            (crate::report::PreviousAnswer::Uploaded, true) => "ledger-summary-answered-uploaded",
            (crate::report::PreviousAnswer::NotUploaded, true) => "ledger-summary-answered-not-uploaded",
            (crate::report::PreviousAnswer::Uploaded, false) => "ledger-summary-answered-uploaded-dry-run",
            (crate::report::PreviousAnswer::NotUploaded, false) => "ledger-summary-answered-not-uploaded-dry-run",
        };
        out.push_str(&format!("    {}\n", t(lang, Msg::new(key).arg("n", l.answered_files.len()))));
        for f in &l.answered_files {
            let line = Msg::new("ledger-summary-unconfirmed-file")
                .arg("path", &f.path)
                .arg("at", ledger::local_time(&f.written_at, tz));
            out.push_str(&format!("      {}\n", t(lang, line)));
        }
    }
    if let Some(hint) = confirm_hint(l, lang).filter(|_| hint) {
        out.push_str(&format!("    {hint}\n"));
    }
    out
}

/// The hint to confirm the files a recorded run wrote, once they are uploaded: a command that
/// works as printed (`--ledger` for any ledger but the default one). `None` when the run has
/// nothing to confirm. A run of several profiles prints it once, after its parts: `--last`
/// confirms the files of all of them.
pub fn confirm_hint(l: &LedgerReport, lang: Lang) -> Option<String> {
    if !(l.recorded && (l.new + l.changed + l.unconfirmed + l.resent) > 0) {
        return None;
    }
    let command = format!("orderbridge ledger confirm --last{}", ledger::ledger_flag(std::path::Path::new(&l.path)));
    Some(t(lang, Msg::new("ledger-summary-confirm-hint").arg("command", command)))
}
