use std::process::ExitCode;

use clap::Parser;
use orderbridge::cli::{CliError, Exit};

fn main() -> ExitCode {
    let cli = orderbridge::cli::Cli::parse();
    // SIGINT/SIGTERM/SIGHUP: a commit in progress completes or rolls back, temporary files
    // are removed, then the process exits (the next run also recovers what a kill left).
    if let Err(e) = orderbridge::io::journal::install_signal_cleanup() {
        eprintln!("warning: cannot handle termination signals: {e}");
    }
    match orderbridge::cli::dispatch(cli) {
        Ok(exit) => exit.into(),
        Err(CliError::ClosedStdout) => Exit::Success.into(),
        Err(e) => {
            eprintln!("error: {e}");
            e.exit().into()
        }
    }
}
