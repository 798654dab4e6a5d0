//! The counts of a run, per outcome and rule, and a few example messages per warning rule.

use crate::engine::{Plan, RuleId};
use crate::report::{Counts, EXAMPLES, ExcludedValues};

use super::super::RunError;
use super::super::sink::{DecidedRow, InputStart, Sink, SinkFinish};
use crate::engine::Outcome;

/// Distinct messages kept per warning rule for the summary.
const WARNING_EXAMPLES: usize = 5;

/// Distinct deciding values counted per exclusion rule; rows with further values are counted
/// under the empty value "…".
const EXCLUDED_VALUES: usize = 1000;

pub struct Tally<'p> {
    plan: &'p Plan,
    pub counts: Counts,
    /// Rows read per input.
    pub per_input: Vec<u64>,
    /// Per warning rule, its first distinct messages and how often each came (the summary
    /// shows them, so a shop sees *which* method text had no carrier code).
    pub warning_examples: Vec<Vec<(String, u64)>>,
    /// Per exclusion rule, the values that decided its rows.
    pub excluded_values: Vec<ExcludedValues>,
    /// Per exclusion rule, the index of each value in `excluded_values`.
    excluded_index: Vec<foldhash::HashMap<String, usize>>,
}

impl<'p> Tally<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        Tally {
            plan,
            counts: Counts::new(plan),
            per_input: Vec::new(),
            warning_examples: vec![Vec::new(); plan.rule_names.len()],
            excluded_values: vec![Vec::new(); plan.rule_names.len()],
            excluded_index: vec![Default::default(); plan.rule_names.len()],
        }
    }

    /// Per exclusion rule that excluded rows: its most frequent deciding values (up to `n`),
    /// with counts and the rule's message.
    pub fn excluded_examples(&self, plan: &Plan, n: usize) -> Vec<(String, ExcludedValues)> {
        self.excluded_values
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .map(|(rule, v)| {
                let mut v = v.clone();
                v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                v.truncate(n);
                (plan.rule_name(rule).to_string(), v)
            })
            .collect()
    }

    fn note_warnings(&mut self, warnings: &[(RuleId, String)]) {
        for (rule, message) in warnings {
            let examples = &mut self.warning_examples[*rule];
            if let Some(i) = examples.iter().position(|(m, _)| m == message) {
                examples[i].1 += 1;
            } else if examples.len() < WARNING_EXAMPLES {
                examples.push((message.clone(), 1));
            }
        }
    }
}

impl Sink for Tally<'_> {
    fn begin(&mut self, input: &InputStart<'_>) -> Result<(), RunError> {
        if self.per_input.len() <= input.index {
            self.per_input.resize(input.index + 1, 0);
        }
        Ok(())
    }

    fn finish(&mut self, fin: &mut SinkFinish<'_>) -> Result<(), RunError> {
        let excluded = self.excluded_examples(self.plan, EXAMPLES);
        fin.report.counts(self.plan, &self.counts, &self.per_input, excluded, &self.warning_examples);
        Ok(())
    }

    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        self.counts.read += 1;
        self.per_input[row.input] += 1;
        match row.outcome {
            Outcome::Written { .. } => {
                self.counts.write(row.warnings);
                self.note_warnings(row.warnings);
            }
            Outcome::Excluded { rule } => {
                self.counts.exclude(rule);
                let (values, index) = (&mut self.excluded_values[rule], &mut self.excluded_index[rule]);
                // Known values are counted with one lookup; past the cap, new ones go to "…".
                let (key, message) = match index.get(row.values) {
                    Some(&i) => {
                        values[i].1 += 1;
                        if values[i].2.is_empty() {
                            values[i].2 = row.rule_message.to_string();
                        }
                        return Ok(());
                    }
                    None if index.len() < EXCLUDED_VALUES => (row.values, row.rule_message),
                    None => ("…", ""),
                };
                match index.get(key) {
                    Some(&i) => values[i].1 += 1,
                    None => {
                        index.insert(key.to_string(), values.len());
                        values.push((key.to_string(), 1, message.to_string()));
                    }
                }
            }
            Outcome::Rejected { rule, .. } => self.counts.reject(rule),
        }
        Ok(())
    }
}
