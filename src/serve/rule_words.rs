//! The words of a run's rules for the page, in each of its languages: a run's result is made
//! once and shown in the language the page has then, so a rule's label and sentence (the
//! catalog's, for a built-in rule) go to the script in both. The check of a run is made per
//! language: its rules are named in that one ([`relabel`]).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::engine::Plan;
use crate::i18n::Lang;
use crate::report::{Report, is_labelled, recorded_rule, rule_about, rule_label, rule_texts};
use crate::validate::coverage::{Consequence, Coverage, OutcomeKey};

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

/// The words of a rule the ledger recorded by name ([`recorded_rule`]), in each language;
/// `None` for a rule that has only its name there.
pub fn recorded_rule_words(name: &str) -> Option<Words> {
    let words: Words = Lang::ALL.iter().map(|l| (l.code(), recorded_rule(name, *l))).collect();
    words.values().any(|w| w != name).then_some(words)
}

/// A sample's coverage with each rule named as the page names it where it has no room for a
/// code beside a label (a sentence: 「除外（ほかの店舗の注文 other_store）」): its label in `lang`
/// followed by its id; a rule without a label by its id alone.
pub fn relabel(mut c: Coverage, plan: &Plan, lang: Lang) -> Coverage {
    let texts = rule_texts(plan, 0..plan.rule_names.len());
    let named = |id: &mut String| match texts.get(id.as_str()) {
        Some(text) if is_labelled(text) => *id = format!("{} {id}", rule_label(text, id, lang)),
        _ => {}
    };
    let outcome = |o: &mut OutcomeKey| match o {
        OutcomeKey::Excluded(r) | OutcomeKey::Rejected(r) => named(r),
        OutcomeKey::Written => {}
    };
    c.outcomes.iter_mut().for_each(|(o, _)| outcome(o));
    for u in &mut c.uncovered {
        u.seen.iter_mut().for_each(|(o, _)| outcome(o));
        match &mut u.consequence {
            Consequence::Rejected(r) | Consequence::Fallback { warning: Some(r), .. } => named(r),
            Consequence::Fallback { warning: None, .. } => {}
        }
    }
    c
}
