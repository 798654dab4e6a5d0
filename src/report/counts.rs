//! Counters kept while rows stream by: per outcome and per rule.

use crate::engine::{Plan, RuleId};

/// Counters kept while rows stream by; rule counts are indexed by [`RuleId`].
#[derive(Debug, Clone)]
pub struct Counts {
    pub read: u64,
    pub written: u64,
    pub excluded: u64,
    pub rejected: u64,
    /// Written rows that carry at least one warning.
    pub warned_rows: u64,
    pub excluded_by_rule: Vec<u64>,
    pub rejected_by_rule: Vec<u64>,
    pub warnings_by_rule: Vec<u64>,
}

impl Counts {
    pub fn new(plan: &Plan) -> Self {
        let n = plan.rule_names.len();
        Counts {
            read: 0,
            written: 0,
            excluded: 0,
            rejected: 0,
            warned_rows: 0,
            excluded_by_rule: vec![0; n],
            rejected_by_rule: vec![0; n],
            warnings_by_rule: vec![0; n],
        }
    }

    pub fn exclude(&mut self, rule: RuleId) {
        self.excluded += 1;
        self.excluded_by_rule[rule] += 1;
    }

    pub fn reject(&mut self, rule: RuleId) {
        self.rejected += 1;
        self.rejected_by_rule[rule] += 1;
    }

    /// A written row and the rules of its warnings; each rule counts once per row.
    pub fn write(&mut self, warnings: &[(RuleId, String)]) {
        self.written += 1;
        for (i, (rule, _)) in warnings.iter().enumerate() {
            if !warnings[..i].iter().any(|(r, _)| r == rule) {
                self.warnings_by_rule[*rule] += 1;
            }
        }
        if !warnings.is_empty() {
            self.warned_rows += 1;
        }
    }
}
