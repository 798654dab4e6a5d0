//! `orderbridge list-profiles`: every profile usable by name, where it is, whether it validates.

use std::path::PathBuf;

use clap::Args;

use std::fmt::Write as _;

use super::{CliError, Exit, print_stdout};
use crate::profile;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Folder to look up profiles in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
}

pub fn execute(a: ListArgs) -> Result<Exit, CliError> {
    let sources = profile::list(a.mappings.as_deref());
    let width = sources.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for s in &sources {
        let report = crate::verify::validate(s);
        let status =
            if report.is_ok() { "valid".to_string() } else { format!("INVALID ({} problems)", report.problem_count()) };
        let description = report.description.as_deref().unwrap_or("");
        let mut line = String::new();
        let _ = writeln!(line, "{:<width$}  {status:<8}  {description}\n{:<width$}  from {}", s.name, "", s.origin);
        print_stdout(&line)?;
    }
    Ok(Exit::Success)
}
