//! The command line: one file per subcommand; each collects its arguments, calls the library
//! and presents what it returns. Exit codes are [`Exit`].

mod help;
mod init;
mod ledger;
mod list;
mod profile;
mod run;
mod schema;
mod serve;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::engine::Plan;
use crate::i18n::{Lang, Msg};

/// Why `--as-of` was refused.
#[derive(Debug, PartialEq)]
struct AsOfError(Msg);

impl From<AsOfError> for Msg {
    fn from(e: AsOfError) -> Msg {
        e.0
    }
}
use crate::profile::ProfileText;

/// The command line: a subcommand and the options every subcommand takes.
#[derive(Debug, Parser)]
#[command(
    name = "orderbridge",
    version,
    about = "Turn order-system exports into marketplace upload files, as a TOML mapping profile says."
)]
pub struct Cli {
    /// The subcommand given, with its own arguments.
    #[command(subcommand)]
    pub command: Command,
    /// Language of the messages: ja or en (default: $ORDERBRIDGE_LANG, then the locale).
    #[arg(long, global = true, value_name = "ja|en", value_parser = ["ja", "en"], hide_possible_values = true)]
    pub lang: Option<String>,
    /// The language every message of this command is written in: `--lang`, else
    /// `$ORDERBRIDGE_LANG`, else the locale (`crate::i18n::detect`), chosen once at parsing.
    #[arg(skip = Lang::En)]
    pub ui: Lang,
}

impl Cli {
    /// Parses `args` (the program name first) after choosing the language of every message
    /// from them and the environment (`crate::i18n::detect`), so that `--help` and clap's
    /// usage are in that language. Exits as clap does on `--help` or a usage error.
    ///
    /// The help is put in that language only when clap is to show something: localizing walks
    /// every command and argument through the catalog, which a run that parses (nearly every
    /// one) does not need. The arguments are then parsed again with the localized command,
    /// whose help and usage differ only in words, never in what it accepts.
    pub fn parse_localized(args: Vec<std::ffi::OsString>) -> Cli {
        use clap::{CommandFactory, FromArgMatches};
        let lang = crate::i18n::detect(&args);
        let parse = |cmd: clap::Command| cmd.try_get_matches_from(args.clone()).and_then(|m| Cli::from_arg_matches(&m));
        let parsed = match parse(Cli::command()) {
            Err(_) if lang != Lang::En => parse(help::localize(Cli::command(), lang)),
            parsed => parsed,
        };
        match parsed {
            Ok(cli) => Cli { ui: lang, ..cli },
            Err(e) => match help::usage_error(&e, lang) {
                Some(text) => {
                    eprintln!("{text}");
                    std::process::exit(2)
                }
                None => e.exit(),
            },
        }
    }
}

/// The subcommands; each runs through [`dispatch`].
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Map export files with a profile and write the upload files.
    Run(run::RunArgs),
    /// Check a profile without running it, and run the tests written inside it.
    ValidateProfile(validate::ValidateArgs),
    /// List the profiles that can be used by name, and whether each validates.
    ListProfiles(list::ListArgs),
    /// Show a profile's TOML text (`profile show NAME`), built-in profiles included.
    Profile(profile::ProfileArgs),
    /// Serve the page shop staff use in the browser (Japanese; English if preferred).
    Serve(serve::ServeArgs),
    /// Write a draft profile for your own export: it extends a base profile, adds the
    /// header names it matched and lists, as comments, the values still to decide.
    Init(init::InitArgs),
    /// Print the JSON Schema of the profile format (`mappings/profile.schema.json`).
    Schema(schema::SchemaArgs),
    /// The sync history: confirm uploaded files (or undo it), list them, look an order up.
    Ledger(ledger::LedgerArgs),
}

/// How a command ended: the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: every row written or excluded (or: the command did what it was asked).
    Success,
    /// 1: some rows rejected; the good rows are written unless `--strict`.
    Rejected,
    /// 2: nothing was done (bad arguments, invalid profile, unreadable input).
    Failed,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        match e {
            Exit::Success => ExitCode::SUCCESS,
            Exit::Rejected => ExitCode::from(1),
            Exit::Failed => ExitCode::from(2),
        }
    }
}

/// Writes `text` to stdout. A closed stdout (`orderbridge list-profiles | head`) ends the
/// command quietly, as ripgrep and xsv do, instead of a panic.
pub(crate) fn print_stdout(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::ClosedStdout),
        Err(source) => Err(CliError::Io { path: "stdout".into(), source }),
        Ok(()) => Ok(()),
    }
}

/// A failure that stops a command: printed as `error: …` in the reader's language
/// ([`CliError::render`]), exit 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The profile named cannot be found or read.
    #[error(transparent)]
    Find(#[from] crate::profile::FindError),
    /// The profile does not compile: its problems, each located.
    #[error("{}", self.render(Lang::En))]
    Profile(Vec<crate::profile::Diagnostic>),
    /// The run did nothing ([`crate::run::RunError`]).
    #[error(transparent)]
    Run(#[from] crate::run::RunError),
    /// `init` could not make a draft.
    #[error(transparent)]
    Init(#[from] crate::init::InitError),
    /// The ledger cannot be opened, read or written.
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
    /// The arguments ask for something that cannot be done (no ledger given, a file that
    /// `profile show` would overwrite, …).
    #[error("{}", self.render(Lang::En))]
    Usage(Msg),
    /// An I/O failure of the command itself: a file it writes, standard output, the address
    /// `serve` listens on (a run's inputs and outputs fail as [`CliError::Run`]).
    #[error("{}", self.render(Lang::En))]
    Io {
        /// What the message names: the file, `stdout`, or the address.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// Whoever read stdout stopped reading: not an error worth a message.
    #[error("stdout was closed")]
    ClosedStdout,
}

impl CliError {
    /// The failure in `lang`, as printed after `error:` (a profile's problems one after the
    /// other, each located).
    pub fn render(&self, lang: Lang) -> String {
        match self {
            CliError::Find(e) => e.msg().render(lang),
            CliError::Profile(d) => d.iter().map(|d| d.render(lang)).collect::<Vec<_>>().join("\n"),
            CliError::Run(e) => e.msg().render(lang),
            CliError::Init(e) => e.render(lang),
            CliError::Ledger(e) => e.msg.render(lang),
            CliError::Usage(m) => m.render(lang),
            CliError::Io { path, source } => Msg::at_path(path, crate::i18n::io_error(source)).render(lang),
            CliError::ClosedStdout => String::new(),
        }
    }

    /// The exit code for this failure.
    pub fn exit(&self) -> Exit {
        match self {
            CliError::ClosedStdout => Exit::Success,
            _ => Exit::Failed,
        }
    }
}

/// Runs the command, every message in `cli.ui`.
pub fn dispatch(cli: Cli) -> Result<Exit, CliError> {
    let lang = cli.ui;
    match cli.command {
        Command::Run(a) => run::execute(a, lang),
        Command::ValidateProfile(a) => validate::execute(a, lang),
        Command::ListProfiles(a) => list::execute(a, lang),
        Command::Profile(a) => profile::execute(a, lang),
        Command::Serve(a) => serve::execute(a, lang),
        Command::Schema(a) => schema::execute(a),
        Command::Init(a) => init::execute(a, lang),
        Command::Ledger(a) => ledger::execute(a, lang),
    }
}

/// Finds and compiles a profile by name or path, with `--set` parameter overrides.
pub(crate) fn load_plan(
    spec: &str,
    mappings: Option<&PathBuf>,
    overrides: Vec<(String, String)>,
) -> Result<(ProfileText, Plan), CliError> {
    let source = crate::profile::find(spec, mappings.map(PathBuf::as_path))?.with_overrides(overrides);
    let plan = crate::engine::compile(&source).map_err(CliError::Profile)?;
    Ok((source, plan))
}

/// `--as-of`, or today in the profile's time zone.
pub(crate) fn as_of(value: Option<&str>, plan: &Plan) -> Result<jiff::civil::Date, CliError> {
    match value {
        Some(s) => parse_as_of(s).map_err(|e| CliError::Usage(Msg::at_path(format!("--as-of `{s}`"), Msg::from(e)))),
        None => Ok(jiff::Timestamp::now().to_zoned_datetime(plan.time_zone.clone()).date()),
    }
}

/// The years `--as-of` accepts: a date outside them is a typo (`0024-10-18`), and would put
/// a strange year into file names.
pub const AS_OF_YEARS: std::ops::RangeInclusive<i16> = 2000..=2099;

/// `--as-of` in exactly one form, `YYYY-MM-DD`, with a year in [`AS_OF_YEARS`]. The error is
/// a message (its English in the tests below).
fn parse_as_of(s: &str) -> Result<jiff::civil::Date, AsOfError> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape {
        return Err(AsOfError(Msg::new("as-of-form")));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    if !AS_OF_YEARS.contains(&year) {
        return Err(AsOfError(Msg::new("as-of-year").arg("from", AS_OF_YEARS.start()).arg("to", AS_OF_YEARS.end())));
    }
    let month_ok = (1..=12).contains(&month);
    jiff::civil::Date::new(year, month as i8, day as i8).map_err(|_| {
        AsOfError(if month_ok {
            Msg::new("as-of-no-day").arg("day", day).arg("month", format!("{year}-{month:02}"))
        } else {
            Msg::new("as-of-no-month").arg("month", month)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::parse_as_of;
    use crate::i18n::Lang;

    fn parse_as_of_en(s: &str) -> Result<jiff::civil::Date, String> {
        parse_as_of(s).map_err(|e| e.0.render(Lang::En))
    }

    #[test]
    fn as_of_takes_one_form_and_this_century() {
        assert_eq!(parse_as_of_en("2024-10-18").unwrap(), jiff::civil::date(2024, 10, 18));
        for bad in ["2024/10/18", "20241018", "2024-1-8", "+002024-10-18", "2024-10-18T00:00", " 2024-10-18"] {
            assert_eq!(parse_as_of_en(bad).unwrap_err(), "use YYYY-MM-DD, e.g. 2024-10-18", "{bad}");
        }
        assert!(parse_as_of_en("0000-01-01").unwrap_err().contains("between 2000 and 2099"));
        assert!(parse_as_of_en("2100-01-01").unwrap_err().contains("between 2000 and 2099"));
        assert_eq!(parse_as_of_en("2023-02-29").unwrap_err(), "there is no day 29 in 2023-02");
        assert!(parse_as_of_en("2024-13-01").unwrap_err().contains("no month 13"));
    }
}
