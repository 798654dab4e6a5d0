use std::process::ExitCode;

use orderbridge::cli::{CliError, Exit};

fn main() -> ExitCode {
    let cli = orderbridge::cli::Cli::parse_localized(std::env::args_os().collect());
    let lang = cli.ui;
    match orderbridge::cli::dispatch(cli) {
        Ok(exit) => exit.into(),
        Err(CliError::ClosedStdout) => Exit::Success.into(),
        Err(e) => {
            eprintln!("{}", orderbridge::i18n::Msg::new("cli-error").arg("message", e.render(lang)).render(lang));
            e.exit().into()
        }
    }
}
