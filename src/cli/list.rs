//! `orderbridge list-profiles`: every profile usable by name, where it is, whether it validates.

use std::path::PathBuf;

use clap::Args;

use std::fmt::Write as _;

use super::{CliError, Exit, print_stdout};
use crate::i18n::{Lang, Msg};
use crate::profile::{self, Origin};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Folder to look up profiles in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
}

pub fn execute(a: ListArgs, lang: Lang) -> Result<Exit, CliError> {
    let listed = profile::list(a.mappings.as_deref())?;
    let width = listed.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for l in &listed {
        let (status, description) = match &l.source {
            Ok(s) => {
                let report = crate::validate::validate(s);
                let status = if report.base && report.is_ok() {
                    Msg::new("list-base").render(lang)
                } else if report.is_ok() {
                    Msg::new("list-valid").render(lang)
                } else {
                    Msg::new("list-invalid").arg("n", report.problem_count()).render(lang)
                };
                (status, report.description.unwrap_or_default())
            }
            Err(e) => (Msg::new("list-unreadable").render(lang), e.msg().render(lang)),
        };
        let from = match &l.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Builtin => Msg::new("list-builtin").arg("name", &l.name).render(lang),
        };
        let mut line = String::new();
        let from = Msg::new("list-from").arg("origin", from).render(lang);
        let _ = writeln!(line, "{:<width$}  {status:<8}  {description}\n{:<width$}  {from}", l.name, "");
        print_stdout(&line)?;
    }
    Ok(Exit::Success)
}
