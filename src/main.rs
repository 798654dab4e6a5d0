use std::process::ExitCode;

use clap::Parser;
use orderbridge::cli::{CliError, Exit};

fn main() -> ExitCode {
    let cli = orderbridge::cli::Cli::parse();
    match orderbridge::cli::dispatch(cli) {
        Ok(exit) => exit.into(),
        Err(CliError::ClosedStdout) => Exit::Success.into(),
        Err(e) => {
            eprintln!("error: {e}");
            e.exit().into()
        }
    }
}
