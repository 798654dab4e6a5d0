//! `orderbridge list-profiles`: every profile usable by name, where it is, whether it validates.

use std::path::PathBuf;

use clap::Args;

use std::fmt::Write as _;

use super::{CliError, Exit, print_stdout};
use crate::profile::{self, Origin};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Folder to look up profiles in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
}

pub fn execute(a: ListArgs) -> Result<Exit, CliError> {
    let listed = profile::list(a.mappings.as_deref())?;
    let width = listed.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for l in &listed {
        let (status, description) = match &l.source {
            Ok(s) => {
                let report = crate::verify::validate(s);
                let status = if report.is_ok() {
                    "valid".to_string()
                } else {
                    format!("INVALID ({} problems)", report.problem_count())
                };
                (status, report.description.unwrap_or_default())
            }
            Err(e) => ("UNREADABLE".to_string(), e.to_string()),
        };
        let from = match &l.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Builtin => format!("(built in; `orderbridge profile show {}` prints it)", l.name),
        };
        let mut line = String::new();
        let _ = writeln!(line, "{:<width$}  {status:<8}  {description}\n{:<width$}  from {from}", l.name, "");
        print_stdout(&line)?;
    }
    Ok(Exit::Success)
}
