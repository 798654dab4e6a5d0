use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = orderbridge::cli::Cli::parse();
    match orderbridge::cli::dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
