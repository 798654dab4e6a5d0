//! `orderbridge ledger confirm|files|show`: the sync history's commands, and the lines a run
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
    /// The ledger file (default: $ORDERBRIDGE_LEDGER).
    #[arg(long, value_name = "FILE", global = true)]
    pub ledger: Option<PathBuf>,
    #[command(subcommand)]
    pub command: LedgerCommand,
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Mark upload files as uploaded (found by content, so a copy elsewhere matches): their
    /// rows are then `already_sent` until they change.
    Confirm {
        /// Upload files to mark as uploaded (any copy of a file a run wrote).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
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

fn t(lang: Lang, msg: Msg) -> String {
    msg.render(lang)
}

pub fn execute(a: LedgerArgs, lang: Lang) -> Result<Exit, CliError> {
    let path = ledger::chosen(a.ledger).ok_or_else(|| CliError::Usage(Msg::new("ledger-none-given")))?;
    // Only confirming writes: the others read, and need read access only.
    let read = || Ledger::open_read(&path);
    match a.command {
        LedgerCommand::Confirm { files } => {
            // In turn with the runs recording themselves in this ledger, as they wait for
            // each other (saying so).
            let _turn = ledger::Gate::take(&path, &mut |m| eprintln!("{}", m.render(lang)))?;
            let mut out = String::new();
            for c in Ledger::open(&path, false)?.confirm(&files)? {
                for f in &c.files {
                    let line = if c.already {
                        Msg::new("ledger-already-confirmed")
                            .arg("file", &c.given)
                            .arg("at", f.confirmed_at.clone().unwrap_or_default())
                    } else {
                        Msg::new("ledger-confirmed")
                            .arg("file", &c.given)
                            .arg("rows", crate::i18n::grouped(f.rows as u64))
                            .arg("run", f.run)
                            .arg("path", &f.path)
                    };
                    out.push_str(&t(lang, line));
                    out.push('\n');
                }
            }
            print_stdout(&out)?;
        }
        LedgerCommand::Files { json } => {
            let files = read()?.files()?;
            if json {
                print_stdout(&(serde_json::to_string_pretty(&files).expect("files serialise") + "\n"))?;
            } else {
                print_stdout(&files_table(&files, lang))?;
            }
        }
        LedgerCommand::Show { key, json } => {
            let entries = read()?.show(&key)?;
            if json {
                print_stdout(&(serde_json::to_string_pretty(&entries).expect("entries serialise") + "\n"))?;
            } else {
                print_stdout(&show_text(&key, &entries, lang))?;
            }
        }
    }
    Ok(Exit::Success)
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
            vec![
                format!("#{}", f.run),
                f.written_at.clone(),
                f.profile.clone(),
                PathBuf::from(&f.out_dir).join(&f.path).display().to_string(),
                crate::i18n::grouped(f.rows as u64),
                f.confirmed_at.clone().unwrap_or_else(|| t(lang, Msg::new("ledger-not-confirmed"))),
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
        let rule = e.rule.clone().unwrap_or_default();
        let line = match e.outcome.as_str() {
            "written" => {
                let confirmed = match &e.confirmed_at {
                    Some(at) => t(lang, Msg::new("ledger-show-confirmed").arg("at", at)),
                    None => t(lang, Msg::new("ledger-show-unconfirmed")),
                };
                Msg::new("ledger-show-written")
                    .arg("file", e.file.clone().unwrap_or_default())
                    .arg("confirmed", confirmed)
            }
            "excluded" => Msg::new("ledger-show-excluded").arg("rule", rule),
            _ => Msg::new("ledger-show-rejected").arg("rule", rule),
        };
        out.push_str(&format!("  {}\n", t(lang, line.arg("run", e.run).arg("at", &e.run_at))));
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

/// The lines a run with a ledger adds to its summary.
pub fn run_summary(l: &LedgerReport, lang: Lang) -> String {
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
            let line = Msg::new("ledger-summary-unconfirmed-file").arg("path", &f.path).arg("at", &f.written_at);
            out.push_str(&format!("      {}\n", t(lang, line)));
        }
    }
    if let Some(previous) = l.previous {
        let key = match previous {
            crate::report::PreviousAnswer::Uploaded => "ledger-summary-answered-uploaded",
            crate::report::PreviousAnswer::NotUploaded => "ledger-summary-answered-not-uploaded",
        };
        out.push_str(&format!("    {}\n", t(lang, Msg::new(key).arg("n", l.answered_files.len()))));
        for f in &l.answered_files {
            let line = Msg::new("ledger-summary-unconfirmed-file").arg("path", &f.path).arg("at", &f.written_at);
            out.push_str(&format!("      {}\n", t(lang, line)));
        }
    }
    if l.recorded && (l.new + l.changed + l.unconfirmed + l.resent) > 0 {
        out.push_str(&format!("    {}\n", t(lang, Msg::new("ledger-summary-confirm-hint"))));
    }
    out
}
