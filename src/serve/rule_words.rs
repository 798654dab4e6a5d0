//! The words of a run's rules for the page, in each of its languages: a run's result is made
//! once and shown in the language the page has then, so a rule's label and sentence (the
//! catalog's, for a built-in rule) go to the script in both.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::i18n::Lang;
use crate::report::{Report, is_labelled, rule_about, rule_label};

/// A text by language code (`ja`, `en`).
pub type Words = BTreeMap<&'static str, String>;

/// One rule as the page names it.
#[derive(Debug, Serialize, PartialEq)]
pub struct RuleWords {
    /// Its label (the id itself for a rule the profile gives none).
    pub label: Words,
    /// The sentence about it, for a table that shows no row (empty when there is none).
    pub about: Words,
    /// Whether `label` is a label (else the page shows the id alone, not twice).
    pub labelled: bool,
}

/// The words of every rule the report counted, by id.
pub fn rule_words(report: &Report) -> BTreeMap<String, RuleWords> {
    report
        .rules
        .iter()
        .map(|(id, text)| {
            let label = Lang::ALL.iter().map(|l| (l.code(), rule_label(text, id, *l))).collect();
            let about = Lang::ALL.iter().filter_map(|l| Some((l.code(), rule_about(text, *l)?))).collect();
            (id.clone(), RuleWords { label, about, labelled: is_labelled(text) })
        })
        .collect()
}
