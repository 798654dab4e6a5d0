//! Lookup coverage of a sample export (`validate-profile --sample`): the sample runs through
//! the real pipeline (a dry run: nothing is written), and each value that a lookup does not
//! cover is reported with its count, what the profile does with such rows, and how the
//! sample's rows holding it were actually decided.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::engine::Plan;
use crate::engine::lookup::Missing;
use crate::run::Outcome;
use crate::run::sink::{DecidedRow, Miss, Needs, Sink};
use crate::run::{InputSource, RunError, RunOptions, run_sources};

/// How rows were decided, as the coverage report groups them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutcomeKey {
    Written,
    Excluded(String),
    Rejected(String),
}

/// What the profile does with a row holding a value its lookup does not cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consequence {
    /// The row is rejected by this rule.
    Rejected(String),
    /// The row gets this value, with a warning rule if the profile says so.
    Fallback { value: String, warning: Option<String> },
}

impl Consequence {
    /// The outcome a row meets when this value decides it.
    fn outcome(&self) -> OutcomeKey {
        match self {
            Consequence::Rejected(rule) => OutcomeKey::Rejected(rule.clone()),
            Consequence::Fallback { .. } => OutcomeKey::Written,
        }
    }
}

/// One value a lookup does not cover.
#[derive(Debug, Clone)]
pub struct Uncovered {
    pub lookup: String,
    /// The export column it was read from, when the lookup reads a field directly.
    pub column: Option<String>,
    pub value: String,
    /// Rows holding it.
    pub rows: u64,
    pub consequence: Consequence,
    /// How the sample's rows holding it were decided.
    pub seen: Vec<(OutcomeKey, u64)>,
    /// Whether the value decided at least one row (otherwise an earlier rule decided all
    /// its rows, and it only matters once that rule changes).
    pub decided: bool,
}

/// The coverage of one sample.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub input: String,
    /// How the sample's encoding was found.
    pub encoding: crate::i18n::Msg,
    pub columns: usize,
    pub as_of: Date,
    pub rows: u64,
    /// Rows per outcome (before the duplicate check, which a sample does not need).
    pub outcomes: Vec<(OutcomeKey, u64)>,
    pub uncovered: Vec<Uncovered>,
}

/// Runs `sample` through `plan` and reports the values no lookup covers.
pub fn coverage(plan: &Plan, sample: &InputSource, as_of: Date) -> Result<Coverage, RunError> {
    let opts = RunOptions::analysis(as_of);
    let mut sink = CoverageSink { plan, outcomes: BTreeMap::new(), uncovered: BTreeMap::new() };
    let outcome = run_sources(plan, std::slice::from_ref(sample), &opts, &mut [&mut sink], &mut ())?;
    let (input, encoding) =
        outcome.encodings.first().cloned().unwrap_or_else(|| (String::new(), crate::i18n::Msg::text("")));
    let bound = outcome.bound.first();
    let column = |field: usize| {
        let col = bound.and_then(|b| b.field_columns[field]);
        col.and_then(|c| bound.map(|b| b.header[c].clone())).unwrap_or_else(|| plan.input.fields[field].name.clone())
    };
    let uncovered = sink
        .uncovered
        .into_iter()
        .map(|(miss, (rows, seen))| {
            let lookup = &plan.lookups()[miss.lookup];
            let consequence = match &lookup.on_missing {
                Missing::Reject { rule, .. } => Consequence::Rejected(plan.rule_name(*rule).to_string()),
                Missing::Value { value, warn } => Consequence::Fallback {
                    value: value.clone(),
                    warning: warn.as_ref().map(|(rule, _)| plan.rule_name(*rule).to_string()),
                },
            };
            let decided = seen.contains_key(&consequence.outcome());
            Uncovered {
                lookup: lookup.name.clone(),
                column: miss.field.map(column),
                value: miss.value,
                rows,
                consequence,
                seen: seen.into_iter().collect(),
                decided,
            }
        })
        .collect();
    Ok(Coverage {
        input,
        encoding,
        columns: bound.map_or(0, |b| b.header.len()),
        as_of,
        rows: outcome.report.rows.read,
        outcomes: sink.outcomes.into_iter().collect(),
        uncovered,
    })
}

struct CoverageSink<'p> {
    plan: &'p Plan,
    outcomes: BTreeMap<OutcomeKey, u64>,
    uncovered: BTreeMap<Miss, (u64, BTreeMap<OutcomeKey, u64>)>,
}

impl Sink for CoverageSink<'_> {
    fn needs(&self) -> Needs {
        Needs { misses: true, ..Needs::default() }
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        let name = |rule| self.plan.rule_name(rule).to_string();
        let outcome = match row.outcome {
            // A sample's duplicates are not its lookups' business: such rows count as written.
            Outcome::Excluded { rule } if rule == self.plan.builtin.duplicate.rule => OutcomeKey::Written,
            Outcome::Written { .. } => OutcomeKey::Written,
            Outcome::Excluded { rule } => OutcomeKey::Excluded(name(rule)),
            Outcome::Rejected { rule, .. } => OutcomeKey::Rejected(name(rule)),
        };
        for miss in row.misses {
            let e = self.uncovered.entry(miss.clone()).or_default();
            e.0 += 1;
            *e.1.entry(outcome.clone()).or_default() += 1;
        }
        *self.outcomes.entry(outcome).or_default() += 1;
        Ok(())
    }
}
