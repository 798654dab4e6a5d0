//! `orderbridge schema`: prints the JSON Schema of the profile format (the library generates
//! it from the loader's own types; see [`crate::profile::json_schema`]).

use clap::Args;

use super::{CliError, Exit, print_stdout};
use crate::profile::json_schema::json_schema_text;

#[derive(Debug, Args)]
pub struct SchemaArgs {}

pub fn execute(_: SchemaArgs) -> Result<Exit, CliError> {
    print_stdout(&json_schema_text())?;
    Ok(Exit::Success)
}
