//! The counts of a run, per outcome and rule, and a few example messages per warning rule.

use crate::engine::{Plan, RuleId};
use crate::report::Counts;

use super::super::RunError;
use super::super::sink::{DecidedRow, Fate, Sink};

/// Distinct messages kept per warning rule for the summary.
const WARNING_EXAMPLES: usize = 5;

pub struct Tally {
    pub counts: Counts,
    /// Rows read per input.
    pub per_input: Vec<u64>,
    /// Per warning rule, its first distinct messages and how often each came (the summary
    /// shows them, so a shop sees *which* method text had no carrier code).
    pub warning_examples: Vec<Vec<(String, u64)>>,
}

impl Tally {
    pub fn new(plan: &Plan, inputs: usize) -> Self {
        Tally {
            counts: Counts::new(plan),
            per_input: vec![0; inputs],
            warning_examples: vec![Vec::new(); plan.rule_names.len()],
        }
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

impl Sink for Tally {
    fn row(&mut self, row: &DecidedRow<'_>) -> Result<(), RunError> {
        self.counts.read += 1;
        self.per_input[row.input] += 1;
        match row.fate {
            Fate::Written { .. } => {
                self.counts.write(row.warnings);
                self.note_warnings(row.warnings);
            }
            Fate::Excluded { rule } => self.counts.exclude(rule),
            Fate::Rejected { rule, .. } => self.counts.reject(rule),
        }
        Ok(())
    }
}
