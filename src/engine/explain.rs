//! Why a rule decided a row, in terms a shop operator can act on: the values its condition
//! read (`other_store: 〇〇本店 ×133`) and the rule's own message from the profile. Only
//! asked for rows a profile rule excluded, so the happy path pays nothing.

use super::eval::{InputCtx, RowState};
use super::{Cond, Plan, RuleId, SlotId};

impl Cond {
    /// The slots this condition reads, in order, each once.
    fn slots(&self, out: &mut Vec<SlotId>) {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.slots(out)),
            Cond::Not(c) => c.slots(out),
            Cond::Test(s, _) => {
                if !out.contains(s) {
                    out.push(*s);
                }
            }
            Cond::Count { .. } => {}
        }
    }
}

impl Plan {
    /// The slots each `[[rules]]` entry's condition reads, indexed like `self.rules`.
    pub(super) fn rule_slots(rules: &[super::RulePlan]) -> Vec<Vec<SlotId>> {
        rules
            .iter()
            .map(|r| {
                let mut v = Vec::new();
                r.when.slots(&mut v);
                v
            })
            .collect()
    }

    /// Appends to `out` the values that profile rule `rule`'s condition read for the row it
    /// just decided, joined by ` / ` (a value not computed — another branch decided — is
    /// left out). Nothing for a rule that is not a `[[rules]]` entry (the engine's own).
    pub fn deciding_values(&self, rule: RuleId, row: &RowState, out: &mut String) {
        let Some(i) = self.rules.iter().position(|r| r.rule == rule) else { return };
        let start = out.len();
        for &slot in &self.rule_slots[i] {
            let text = row.text(slot);
            if text.is_empty() {
                continue;
            }
            if out.len() > start {
                out.push_str(" / ");
            }
            out.push_str(text);
        }
    }

    /// The profile's message for the exclusion `rule` — a `[[rules]]` entry, or one of the
    /// engine's own exclusions (`duplicate`, `already_sent`) as the profile words it —
    /// rendered for the row it decided.
    pub fn rule_message(&self, rule: RuleId, row: &mut RowState, ctx: &InputCtx) -> Option<String> {
        let message = match self.rules.iter().find(|r| r.rule == rule) {
            Some(r) => &r.message,
            None => {
                let builtins = [
                    &self.builtin.duplicate,
                    &self.builtin.already_sent,
                    &self.builtin.changed_after_send,
                    &self.builtin.changed_since_send,
                ];
                &builtins.into_iter().find(|b| b.rule == rule)?.message
            }
        };
        let mut values = String::new();
        self.deciding_values(rule, row, &mut values);
        Some(self.render_message(message, row, ctx, &[("value", values.as_str())]))
    }
}
