//! `orderbridge validate-profile`: static checks with locations, the profile's own tests, and
//! (with `--sample`) what a real export would meet.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::CliError;
use crate::engine::{Decision, RowState, RunCtx};
use crate::io::input::{InputFile, decode_into};
use crate::profile;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Profile name or path to a .toml file.
    pub profile: String,
    /// Folder to look up profiles by name in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
    /// An export to check the profile against: missing columns, values no lookup covers.
    #[arg(long, value_name = "INPUT")]
    pub sample: Option<PathBuf>,
}

pub fn execute(a: ValidateArgs) -> Result<ExitCode, CliError> {
    let source = profile::find(&a.profile, a.mappings.as_deref())?;
    let report = crate::validate::validate(&source);
    let mut ok = report.is_ok();
    print!("{}", report.render(&source.display_path()));
    if let (Some(sample), Some(plan)) = (&a.sample, &report.plan) {
        ok &= sample_coverage(plan, sample)?;
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// Reads a sample export through the plan; prints missing columns and lookup misses.
/// Returns whether the sample can be read with this profile at all.
fn sample_coverage(plan: &crate::engine::Plan, path: &std::path::Path) -> Result<bool, CliError> {
    let mut file = InputFile::open(path, plan.input.encoding).map_err(|e| CliError::Usage(e.to_string()))?;
    println!("\nsample {} ({}, {} columns)", path.display(), file.encoding.describe(), file.header.len());
    let binding = match file.bind(plan) {
        Ok(b) => b,
        Err(e) => {
            println!("  {e}");
            return Ok(false);
        }
    };
    let as_of = jiff::Timestamp::now().to_zoned_datetime(plan.time_zone.clone()).date();
    let ctx = RunCtx::new(plan, as_of, "sample");
    let mut row = RowState::new(plan);
    let mut rec = csv::ByteRecord::new();
    let mut misses: BTreeMap<(usize, String), u64> = BTreeMap::new();
    let mut rows = 0u64;
    let mut field_values: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); plan.field_count()];
    while file.read(&mut rec).map_err(|e| CliError::Usage(e.to_string()))? {
        rows += 1;
        if rec.len() != file.header.len() {
            continue;
        }
        row.begin();
        let mut decodable = true;
        for (i, col) in binding.columns.iter().enumerate() {
            let buf = row.field_buf(i);
            match col {
                Some(c) => {
                    decodable &= decode_into(file.encoding, &rec[*c], buf).is_ok();
                    crate::engine::text::trim_in_place(buf);
                }
                None => buf.push_str(plan.input.fields[i].default.as_deref().unwrap_or("")),
            }
        }
        if !decodable {
            continue;
        }
        for (i, counts) in field_values.iter_mut().enumerate() {
            *counts.entry(row.text(i).to_string()).or_default() += 1;
        }
        let _: Decision = plan.decide(&mut row, &ctx);
        for (l, v) in row.misses.drain(..) {
            *misses.entry((l, v)).or_default() += 1;
        }
    }
    println!("  {rows} rows read");
    let fields_of = plan.field_lookups();
    if misses.is_empty() {
        println!("  every value that reached a lookup is covered");
    }
    for ((l, value), n) in &misses {
        let lookup = &plan.lookups()[*l];
        let field = fields_of.iter().find(|(_, li)| li == l).map(|(s, _)| plan.input.fields[*s].headers[0].as_str());
        let what = match &lookup.on_missing {
            crate::engine::lookup::Missing::Reject { rule, .. } => {
                format!("rows with it are rejected ({})", plan.rule_name(*rule))
            }
            crate::engine::lookup::Missing::Value { value: v, warn: Some((rule, _)) } => {
                format!("written as {v:?} with warning {}", plan.rule_name(*rule))
            }
            crate::engine::lookup::Missing::Value { value: v, warn: None } => format!("written as {v:?}"),
        };
        match field {
            Some(f) => println!("  {f}: {value:?} ×{n} — not in {}; {what}", lookup.name),
            None => println!("  {value:?} ×{n} — not in {}; {what}", lookup.name),
        }
    }
    Ok(true)
}
