//! `orderbridge schema`: prints the JSON Schema of the profile format (the library generates
//! it from the loader's own types; see [`crate::profile::json_schema`]), or with `--shop` the
//! shop file's ([`crate::shop`]).

use clap::Args;

use super::{CliError, Exit, print_stdout};
use crate::profile::json_schema::json_schema_text;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the schema of the shop file (orderbridge.toml) instead
    /// (`mappings/shop.schema.json`).
    #[arg(long)]
    pub shop: bool,
}

pub fn execute(a: SchemaArgs) -> Result<Exit, CliError> {
    let text = if a.shop { crate::shop::shop_json_schema_text() } else { json_schema_text() };
    print_stdout(&text)?;
    Ok(Exit::Success)
}
