//! Child profiles (`extends`), parameters (`[params]`, `run --set`),
//! `validate-profile --effective`, inherited tests and their named skips, and five shop
//! stories, each a child profile in `tests/fixtures/children/` run for real.

mod inheritance;
mod params_and_effective;
mod shop_stories;

use std::path::PathBuf;

use crate::common::*;

const FILE: &str = "rakuten/tuuzyou_2024_10_18.csv";

fn child(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/children").join(format!("{name}.toml"));
    p.to_str().unwrap().to_string()
}

fn validate(ws: &Workspace, args: &[&str]) -> RunResult {
    let mut all = vec!["validate-profile"];
    all.extend(args);
    ws.run_args(&all)
}
