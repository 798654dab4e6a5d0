//! How a report names a rule to an operator: the profile's label, else the catalog's for a
//! built-in rule, else its id. The id stays what the reject file and the report's keys carry;
//! a renderer shows it beside the label, small, for whoever edits the profile.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::engine::Plan;
use crate::i18n::{Lang, Msg, tr};

/// A rule's words as a report carries them (`Report::rules`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct RuleText {
    /// The profile's label (`[rule_labels]`), parameters put in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The profile's sentence about the rule, for a table that shows no row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The engine's key of the rule (`duplicate`, `already_sent`, …) when it is one of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builtin: Option<String>,
}

/// The rule's label in `lang`: the profile's, else the catalog's for a built-in rule, else
/// the id itself.
pub fn rule_label(text: &RuleText, id: &str, lang: Lang) -> String {
    if let Some(l) = &text.label {
        return l.clone();
    }
    match &text.builtin {
        Some(key) => tr(lang, &format!("rule-label-{key}"), &[]),
        None => id.to_string(),
    }
}

/// A rule as the ledger recorded it (its name) for a person: a built-in rule (by its own
/// name) as its catalog label followed by the name — 「送信済みの注文 already_sent」, as the
/// page's check names a rule where it has no room for both apart — another by its name alone
/// (the ledger keeps rule names, not the profile's labels).
pub fn recorded_rule(name: &str, lang: Lang) -> String {
    match crate::engine::BuiltinRule::ALL.iter().find(|b| b.key() == name) {
        Some(b) => {
            let text = RuleText { builtin: Some(b.key().to_string()), ..RuleText::default() };
            format!("{} {name}", rule_label(&text, name, lang))
        }
        None => name.to_string(),
    }
}

/// The sentence about the rule in `lang`: the profile's, else the catalog's for a built-in.
pub fn rule_about(text: &RuleText, lang: Lang) -> Option<String> {
    text.about.clone().or_else(|| text.builtin.as_ref().map(|key| tr(lang, &format!("rule-about-{key}"), &[])))
}

/// Whether the rule shows its label (not only its id): a profile's label or a built-in's.
pub fn is_labelled(text: &RuleText) -> bool {
    text.label.is_some() || text.builtin.is_some()
}

/// The words of every rule of `plan` that counted anything (`counted`: rule ids).
pub fn rule_texts(plan: &Plan, counted: impl Iterator<Item = usize>) -> BTreeMap<String, RuleText> {
    counted
        .filter_map(|id| plan.rules().get(id))
        .map(|r| {
            let text = RuleText {
                label: r.label.clone(),
                about: r.about.clone(),
                builtin: r.builtin.map(|b| b.key().to_string()),
            };
            (r.name.clone(), text)
        })
        .collect()
}

/// The note naming the rules of `plan` the operator would see only by their id (no
/// `[rule_labels]` entry, not a built-in), in `lang`, if there are any: shown by
/// `validate-profile`, never counted as a problem.
pub fn unlabelled_note(plan: &Plan, lang: Lang) -> Option<String> {
    let rules: Vec<&str> =
        plan.rules().iter().filter(|r| r.label.is_none() && r.builtin.is_none()).map(|r| r.name.as_str()).collect();
    (!rules.is_empty()).then(|| Msg::new("rule-label-missing-note").arg("rules", rules.join(", ")).render(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_builtin_rule_gets_its_label_and_a_profile_rule_keeps_its_name() {
        assert_eq!(recorded_rule("already_sent", Lang::Ja), "送信済みの注文 already_sent");
        assert_eq!(recorded_rule("duplicate", Lang::En), "Duplicate rows duplicate");
        assert_eq!(recorded_rule("other_store", Lang::Ja), "other_store");
    }
}
