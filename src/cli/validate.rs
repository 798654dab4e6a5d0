//! `orderbridge validate-profile`: static checks with locations, the profile's own tests, and
//! (with `--sample`) what a real export would meet.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::CliError;
use crate::engine::lookup::{Found, Missing};
use crate::engine::{Decision, Plan, RowState, RunCtx};
use crate::io::batch::{FieldSpec, RowRead, decode_record};
use crate::io::input::{FieldDecoder, InputFile};
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
    /// "Today" for the sample's relative-date rules (default: today in the profile's time zone).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "sample")]
    pub as_of: Option<String>,
}

pub fn execute(a: ValidateArgs) -> Result<ExitCode, CliError> {
    let source = profile::find(&a.profile, a.mappings.as_deref())?;
    let report = crate::validate::validate(&source);
    let mut ok = report.is_ok();
    print!("{}", report.render(&source.display_path()));
    if let (Some(sample), Some(plan)) = (&a.sample, &report.plan) {
        let as_of = super::as_of(a.as_of.as_deref(), plan)?;
        ok &= sample_coverage(plan, sample, as_of)?;
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// A value a lookup does not cover: lookup, the field it came from (if directly), the value.
type MissKey = (usize, Option<usize>, String);

/// Reads a sample export through the plan and prints: the columns it lacks, and per lookup the
/// values it does not cover, with how the rows holding them were decided. Returns whether the
/// sample can be read with this profile at all.
fn sample_coverage(plan: &Plan, path: &std::path::Path, as_of: jiff::civil::Date) -> Result<bool, CliError> {
    let mut file = InputFile::open(path, plan.input.encoding).map_err(|e| CliError::Usage(e.to_string()))?;
    println!(
        "\nsample {} ({}, {} columns, as of {as_of})",
        path.display(),
        file.encoding.describe(),
        file.header.len()
    );
    let binding = match file.bind(
        &plan
            .input
            .fields
            .iter()
            .map(|x| crate::io::headers::WantedField::new(&x.name, &x.headers, x.default.is_some()))
            .collect::<Vec<_>>(),
    ) {
        Ok(b) => b,
        Err(e) => {
            println!("  {e}");
            return Ok(false);
        }
    };
    let spec = FieldSpec::new(plan, binding.clone());
    let mut decoder = FieldDecoder::new(plan.field_count());
    let (mut text, mut ends) = (String::new(), Vec::new());
    let width = file.header.len();
    let ctx = RunCtx::new(plan, as_of, "sample");
    let mut row = RowState::new(plan);
    let mut rec = csv::ByteRecord::new();
    let field_lookups = plan.field_lookups();
    let mut uncovered: BTreeMap<MissKey, (u64, BTreeMap<String, u64>)> = BTreeMap::new();
    let mut outcomes: BTreeMap<String, u64> = BTreeMap::new();
    let mut rows = 0u64;
    while file.read(&mut rec).map_err(|e| CliError::Usage(e.to_string()))? {
        rows += 1;
        text.clear();
        ends.clear();
        match decode_record(&file, &spec, &rec, &mut text, &mut ends, &mut decoder, width) {
            RowRead::Ok => {}
            RowRead::FieldCount { .. } => {
                *outcomes
                    .entry(format!("rejected by {}", plan.rule_name(plan.builtin.field_count.rule)))
                    .or_default() += 1;
                continue;
            }
            RowRead::Undecodable { .. } => {
                *outcomes
                    .entry(format!("rejected by {}", plan.rule_name(plan.builtin.undecodable.rule)))
                    .or_default() += 1;
                continue;
            }
        }
        row.begin();
        let mut start = 0;
        for (i, &end) in ends.iter().enumerate() {
            row.set_field(i, &text[start..end]);
            start = end;
        }
        let mut misses: Vec<MissKey> = field_lookups
            .iter()
            .filter(|(s, l)| matches!(plan.lookups()[*l].find(row.text(*s)), Found::Miss(_)))
            .map(|(s, l)| (*l, Some(*s), row.text(*s).to_string()))
            .collect();
        let outcome = match plan.decide(&mut row, &ctx) {
            Decision::Written => "written".to_string(),
            Decision::Excluded(r) => format!("excluded by {}", plan.rule_name(r)),
            Decision::Rejected(r) => format!("rejected by {}", plan.rule_name(r.rule)),
        };
        // Lookups fed by derived values are known only from the misses the decision met.
        misses.extend(
            row.misses
                .drain(..)
                .filter(|(l, _)| !field_lookups.iter().any(|(_, fl)| fl == l))
                .map(|(l, v)| (l, None, v)),
        );
        for key in misses {
            let e = uncovered.entry(key).or_default();
            e.0 += 1;
            *e.1.entry(outcome.clone()).or_default() += 1;
        }
        *outcomes.entry(outcome).or_default() += 1;
    }
    let summary: Vec<String> = outcomes.iter().map(|(o, n)| format!("{o} ×{n}")).collect();
    println!("  {rows} rows (decided before the duplicate and encoding checks): {}", summary.join(", "));
    if uncovered.is_empty() {
        println!("  every value is covered by its lookup");
    }
    // Values that decided rows first; then those only seen in rows an earlier rule decided.
    let mut decided = Vec::new();
    let mut kept_away = Vec::new();
    for ((l, slot, value), (n, how)) in &uncovered {
        let lookup = &plan.lookups()[*l];
        let column = slot
            .map(|s| binding.columns[s].map_or_else(|| plan.input.fields[s].name.clone(), |c| file.header[c].clone()));
        let (consequence, reached) = match &lookup.on_missing {
            Missing::Reject { rule, .. } => {
                let name = plan.rule_name(*rule);
                (format!("rows with it are rejected ({name})"), format!("rejected by {name}"))
            }
            Missing::Value { value: v, warn: Some((rule, _)) } => {
                (format!("rows with it get {v:?} and warning {}", plan.rule_name(*rule)), "written".to_string())
            }
            Missing::Value { value: v, warn: None } => (format!("rows with it get {v:?}"), "written".to_string()),
        };
        let how_text: Vec<String> = how.iter().map(|(o, n)| format!("{o} ×{n}")).collect();
        let prefix = column.map(|c| format!("{c}: ")).unwrap_or_default();
        let line = format!(
            "    {prefix}{value:?} ×{n} — not in {}; {consequence} (this sample: {})",
            lookup.name,
            how_text.join(", ")
        );
        if how.contains_key(&reached) { decided.push(line) } else { kept_away.push(line) }
    }
    if !decided.is_empty() {
        println!("  values no lookup covers, in rows they decided:");
        decided.iter().for_each(|l| println!("{l}"));
    }
    if !kept_away.is_empty() {
        println!("  values no lookup covers, only in rows an earlier rule decided:");
        kept_away.iter().for_each(|l| println!("{l}"));
    }
    Ok(true)
}
