//! Rules, checks and warnings, and the conditions they test.

use std::ops::Range;

use toml::Spanned;

use super::{Compiler, RuleKind};
use crate::engine::checkdigit::CheckDigit;
use crate::engine::count::CounterPlan;
use crate::engine::intern::intern;
use crate::engine::{Action, Check, Cond, RulePlan, SlotId, Test, WarningPlan};
use crate::i18n::Msg;
use crate::profile::diag::suggestion;
use crate::profile::schema::{CheckDoc, ConditionDoc, RuleDoc, WarningDoc};

impl Compiler<'_> {
    /// The `[[rules]]`: each excludes or rejects the rows its condition holds for.
    pub(super) fn rules(&mut self, docs: &[RuleDoc]) -> Vec<RulePlan> {
        docs.iter()
            .filter_map(|r| {
                let (kind, action) = match r.action.get_ref().as_str() {
                    "exclude" => (RuleKind::Exclude, Action::Exclude),
                    "reject" => (RuleKind::Reject, Action::Reject),
                    other => {
                        self.err(Some(r.action.span()), Msg::new("diag-unknown-action").arg("action", other));
                        return None;
                    }
                };
                if docs.iter().filter(|o| o.name.get_ref() == r.name.get_ref()).count() > 1 {
                    self.err(Some(r.name.span()), Msg::new("diag-rule-twice").arg("rule", r.name.get_ref()));
                }
                let rule = self.rule(r.name.get_ref(), kind, Some(r.name.span()));
                let when = self.cond(&r.when, None)?;
                let message =
                    self.message(r.message.as_deref().unwrap_or(r.name.get_ref()), Some(r.name.span()), &["value"]);
                Some(RulePlan { rule, action, when, message })
            })
            .collect()
    }

    /// The `[[warnings]]`: a written row is reported when their condition holds.
    pub(super) fn warnings(&mut self, docs: &[WarningDoc]) -> Vec<WarningPlan> {
        docs.iter()
            .filter_map(|w| {
                let rule = self.rule(w.rule.get_ref(), RuleKind::Warn, Some(w.rule.span()));
                let when = self.cond(&w.when, None)?;
                let message = self.message(&w.message, Some(w.rule.span()), &[]);
                Some(WarningPlan { rule, when, message })
            })
            .collect()
    }

    /// A check: a requirement (or cases of them) that rejects the row when it fails. `default`
    /// is the column's slot for a column check, which its conditions test unless they name a
    /// `value`.
    pub(super) fn check(&mut self, ch: &CheckDoc, default: Option<SlotId>) -> Option<Check> {
        let rule = self.rule(ch.rule.get_ref(), RuleKind::Reject, Some(ch.rule.span()));
        let when = match &ch.when {
            Some(w) => Some(self.cond(w, default)?),
            None => None,
        };
        let mut cases = Vec::new();
        match (&ch.require, ch.cases.is_empty()) {
            (Some(r), true) => cases.push((None, self.cond(r, default)?)),
            (None, false) => {
                for case in &ch.cases {
                    let w = match &case.when {
                        Some(w) => Some(self.cond(w, default)?),
                        None => None,
                    };
                    cases.push((w, self.cond(&case.require, default)?));
                }
            }
            _ => {
                self.err(Some(ch.rule.span()), Msg::new("diag-check-needs").arg("rule", ch.rule.get_ref()));
                return None;
            }
        }
        let mut hints = Vec::new();
        for h in &ch.hints {
            let c = self.cond(&h.when, default)?;
            hints.push((c, self.message(&h.message, Some(h.when.span()), &[])));
        }
        let message = self.message(&ch.message, Some(ch.rule.span()), &[]);
        Some(Check { rule, message, when, cases, hints })
    }

    /// A condition: `all`, `any`, `not`, or one test of one slot.
    pub(super) fn cond(&mut self, doc: &Spanned<ConditionDoc>, default: Option<SlotId>) -> Option<Cond> {
        let span = Some(doc.span());
        let d = doc.get_ref();
        let combinators = [d.all.is_some(), d.any.is_some(), d.not.is_some()].iter().filter(|b| **b).count();
        let tests: Vec<&str> = [
            ("equals", d.equals.is_some()),
            ("in", d.in_.is_some()),
            ("matches", d.matches.is_some()),
            ("empty", d.empty.is_some()),
            ("max_chars", d.max_chars.is_some()),
            ("check_digit", d.check_digit.is_some()),
            ("older_than_days", d.older_than_days.is_some()),
            ("in_lookup", d.in_lookup.is_some()),
            ("count_of", d.count_of.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, p)| p.then_some(n))
        .collect();
        if combinators + tests.len() != 1 {
            self.err(span, Msg::new("diag-condition-one"));
            return None;
        }
        if d.count_of.is_none() && (d.over.is_some() || d.distinct.is_some()) {
            self.err(span.clone(), Msg::new("diag-over-distinct"));
        }
        if let Some(key) = &d.count_of {
            return self.count_of(span, d, key);
        }
        if combinators == 1 && d.value.is_some() {
            self.err(span.clone(), Msg::new("diag-value-inside"));
        }
        if let Some(all) = &d.all {
            return Some(Cond::All(all.iter().map(|c| self.cond(c, default)).collect::<Option<_>>()?));
        }
        if let Some(any) = &d.any {
            return Some(Cond::Any(any.iter().map(|c| self.cond(c, default)).collect::<Option<_>>()?));
        }
        if let Some(not) = &d.not {
            return Some(Cond::Not(Box::new(self.cond(not, default)?)));
        }
        let slot = match &d.value {
            Some(v) => self.slot(v)?,
            None => match default {
                Some(s) => s,
                None => {
                    self.err(span, Msg::new("diag-condition-needs-value"));
                    return None;
                }
            },
        };
        let test = if let Some(e) = &d.equals {
            Test::Equals(e.clone())
        } else if let Some(list) = &d.in_ {
            Test::In(list.clone())
        } else if let Some(p) = &d.matches {
            Test::Matches(self.pattern(p)?)
        } else if let Some(e) = d.empty {
            Test::Empty(e)
        } else if let Some(n) = d.max_chars {
            Test::MaxChars(n)
        } else if let Some(cd) = &d.check_digit {
            match CheckDigit::from_name(cd.get_ref()) {
                Some(c) => Test::CheckDigit(c),
                None => {
                    let hint = suggestion(cd.get_ref(), CheckDigit::NAMES.iter().copied());
                    self.err(
                        Some(cd.span()),
                        Msg::new("diag-unknown-check-digit")
                            .arg("name", cd.get_ref())
                            .arg("hint", hint)
                            .arg("known", CheckDigit::NAMES.join(", ")),
                    );
                    return None;
                }
            }
        } else if let Some(name) = &d.in_lookup {
            match self.lookup_ids.get(name.get_ref()).copied() {
                Some(l) => {
                    self.used_lookups[l] = true;
                    Test::InLookup(l)
                }
                None => {
                    let hint = suggestion(name.get_ref(), self.lookup_ids.keys().map(String::as_str));
                    self.err(
                        Some(name.span()),
                        Msg::new("diag-unknown-lookup").arg("name", name.get_ref()).arg("hint", hint),
                    );
                    return None;
                }
            }
        } else {
            let days = d.older_than_days?;
            Test::OlderThan(intern(&mut self.day_offsets, &days))
        };
        Some(Cond::Test(slot, test))
    }

    /// `{ count_of = [...], distinct = [...], over = N }`: the key's slots, resolved, and the
    /// counter they share with every other `count_of` of the same key.
    fn count_of(&mut self, span: Option<Range<usize>>, d: &ConditionDoc, key: &[Spanned<String>]) -> Option<Cond> {
        if d.value.is_some() {
            self.err(span.clone(), Msg::new("diag-count-of-value"));
        }
        let Some(over) = d.over else {
            self.err(span, Msg::new("diag-count-of-over"));
            return None;
        };
        if key.is_empty() {
            self.err(span, Msg::new("diag-count-of-empty"));
            return None;
        }
        // Every unknown name is reported, not only the first.
        let key: Vec<Option<SlotId>> = key.iter().map(|k| self.slot(k)).collect();
        let distinct: Vec<Option<SlotId>> = d.distinct.iter().flatten().map(|k| self.slot(k)).collect();
        let key = key.into_iter().collect::<Option<Vec<_>>>()?;
        let distinct = distinct.into_iter().collect::<Option<Vec<_>>>()?;
        let counter = intern(&mut self.counters, &CounterPlan { key, distinct });
        Some(Cond::Count { counter, over })
    }
}
