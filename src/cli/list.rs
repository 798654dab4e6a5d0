//! `orderbridge list-profiles`: every profile usable by name, where it is, whether it validates.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::CliError;
use crate::profile;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Folder to look up profiles in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
}

pub fn execute(a: ListArgs) -> Result<ExitCode, CliError> {
    let sources = profile::list(a.mappings.as_deref());
    let width = sources.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for s in &sources {
        let report = crate::validate::validate(s);
        let status =
            if report.is_ok() { "valid".to_string() } else { format!("INVALID ({} problems)", report.problem_count()) };
        let description = report.description.as_deref().unwrap_or("");
        println!("{:<width$}  {status:<8}  {description}\n{:<width$}  from {}", s.name, "", s.origin);
    }
    Ok(ExitCode::SUCCESS)
}
