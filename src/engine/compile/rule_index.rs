//! The plan's answer to "which rules are there, and how does the profile word them": every
//! rule name interned while compiling, with its kind, whether the engine or the profile
//! states it, and its message as written. Gathered here, once, so that a front end (the
//! page's counts by rule) asks the plan instead of reading the profile's TOML again.

use super::Compiler;
use crate::engine::{BuiltinRule, Plan, RuleInfo, RuleKind, RuleOrigin};
use crate::i18n::Msg;
use crate::profile::diag::suggestion;
use crate::profile::schema::ProfileDoc;

impl Compiler<'_> {
    /// One [`RuleInfo`] per interned rule name of `plan`. A name written in several places
    /// takes the first message in the order the profile is read: rules, lookups, steps,
    /// column checks, checks, warnings, the output's replacement warning, the engine's rules.
    pub(super) fn rule_index(&mut self, plan: &Plan, doc: &ProfileDoc) -> Vec<RuleInfo> {
        let mut messages: Vec<Option<String>> = vec![None; plan.rule_names.len()];
        let mut add = |rule: Option<&str>, message: Option<&str>| {
            let (Some(rule), Some(message)) = (rule, message) else { return };
            if let Some(i) = plan.rule_names.iter().position(|n| n == rule) {
                messages[i].get_or_insert_with(|| message.to_string());
            }
        };
        for r in &doc.rules {
            add(Some(r.name.get_ref()), r.message.as_deref());
        }
        for l in doc.lookups.values() {
            if let Some(miss) = &l.on_missing {
                let miss = miss.get_ref();
                add(miss.reject.as_deref().or(miss.warn.as_deref()), miss.message.as_deref());
            }
        }
        for v in doc.values.values() {
            for s in &v.steps {
                add(s.get_ref().rule.as_deref(), s.get_ref().message.as_deref());
            }
        }
        for c in doc.output.columns.iter().flat_map(|c| &c.checks).chain(&doc.checks) {
            add(Some(c.rule.get_ref()), Some(&c.message));
        }
        for w in &doc.warnings {
            add(Some(w.rule.get_ref()), Some(&w.message));
        }
        let u = &doc.output.unencodable;
        add(u.warn.as_deref(), u.message.as_deref());
        let b = &doc.builtin_rules;
        let builtins = [
            (&b.undecodable, BuiltinRule::Undecodable),
            (&b.field_count, BuiltinRule::FieldCount),
            (&b.duplicate, BuiltinRule::Duplicate),
            (&b.unencodable, BuiltinRule::Unencodable),
            (&b.bad_path, BuiltinRule::BadPath),
            (&b.already_sent, BuiltinRule::AlreadySent),
            (&b.changed_after_send, BuiltinRule::ChangedAfterSend),
            (&b.changed_since_send, BuiltinRule::ChangedSinceSend),
        ];
        for (d, which) in &builtins {
            add(Some(&plan.rule_names[plan.builtin.get(*which).rule]), d.as_ref().and_then(|d| d.message.as_deref()));
        }
        let mut labels = self.rule_labels(plan, doc);
        plan.rule_names
            .iter()
            .zip(messages)
            .enumerate()
            .map(|(id, (name, message))| {
                let builtin = builtins.iter().map(|(_, w)| *w).find(|w| plan.builtin.get(*w).rule == id);
                let (label, about) = labels[id].take().unwrap_or_default();
                RuleInfo {
                    id,
                    name: name.clone(),
                    kind: self.rule_kinds.get(name).copied().unwrap_or(RuleKind::Reject),
                    origin: if builtin.is_some() { RuleOrigin::Builtin } else { RuleOrigin::Profile },
                    message,
                    label,
                    about,
                    builtin,
                }
            })
            .collect()
    }

    /// Each rule's `[rule_labels]` entry, compiled (`{params.NAME}` put in), by rule id. An
    /// entry of the profile's own file naming no rule is an error at its key's entry; one a
    /// parent gives for a rule this profile no longer has is left out (a child that removed
    /// the rule need not remove its label too).
    fn rule_labels(&mut self, plan: &Plan, doc: &ProfileDoc) -> Vec<Option<(Option<String>, Option<String>)>> {
        let mut out = vec![None; plan.rule_names.len()];
        let own = 0..self.src.text.len();
        for (name, entry) in &doc.rule_labels {
            let label = self.plain_text(&entry.get_ref().label);
            let about = entry.get_ref().about.as_ref().map(|a| self.plain_text(a));
            match plan.rule_names.iter().position(|n| n == name) {
                Some(id) => out[id] = Some((Some(label), about)),
                None if own.contains(&entry.span().start) => {
                    let hint = suggestion(name, plan.rule_names.iter().map(String::as_str));
                    let m = Msg::new("diag-rule-label-unknown").arg("name", name).arg("hint", hint);
                    self.err(Some(entry.span()), m);
                }
                None => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{RuleKind, RuleOrigin, compile};
    use crate::profile::{BUILTIN, find};

    /// Every shipped profile: the plan names each of the profile's rules and warnings with
    /// its kind and the message the profile writes, and the engine's rules as built-in.
    #[test]
    fn the_plan_answers_with_the_profiles_rules_and_messages() {
        for (name, _) in BUILTIN.iter().filter(|(n, _)| *n != "goq-base") {
            let source = find(name, None).unwrap();
            let doc = source.parse().unwrap();
            let plan = compile(&source).unwrap();
            assert_eq!(plan.rules().len(), plan.rule_names.len(), "{name}");
            for r in &doc.rules {
                let info =
                    plan.rule_by_name(r.name.get_ref()).unwrap_or_else(|| panic!("{name}: {}", r.name.get_ref()));
                let kind = if r.action.get_ref() == "exclude" { RuleKind::Exclude } else { RuleKind::Reject };
                assert_eq!((info.kind, info.origin), (kind, RuleOrigin::Profile), "{name}: {}", info.name);
                assert_eq!(info.message, r.message, "{name}: {}", info.name);
                assert_eq!(plan.rule_name(info.id), info.name);
            }
            for w in &doc.warnings {
                let info = plan.rule_by_name(w.rule.get_ref()).unwrap();
                assert_eq!(info.kind, RuleKind::Warn, "{name}: {}", info.name);
                assert!(info.message.is_some(), "{name}: {}", info.name);
            }
            let duplicate = &plan.rules()[plan.builtin.duplicate.rule];
            assert_eq!((duplicate.kind, duplicate.origin), (RuleKind::Exclude, RuleOrigin::Builtin));
            let written = doc.builtin_rules.duplicate.as_ref().and_then(|d| d.message.clone());
            assert_eq!(duplicate.message, written, "{name}");
        }
    }

    /// Every rule a shipped profile can report is named for an operator: the profile labels
    /// each of its own rules (a label and a sentence, no placeholder left), and every rule of
    /// the engine has the catalog's label and sentence in each language.
    #[test]
    fn every_shipped_profile_labels_every_rule_it_uses() {
        use crate::engine::BuiltinRule;
        use crate::i18n::{Lang, tr};
        for (name, _) in BUILTIN.iter().filter(|(n, _)| *n != "goq-base") {
            let plan = compile(&find(name, None).unwrap()).unwrap();
            for r in plan.rules().iter().filter(|r| r.builtin.is_none()) {
                let (label, about) = (r.label.as_deref(), r.about.as_deref());
                assert!(label.is_some_and(|l| !l.is_empty()), "{name}: {} has no label", r.name);
                assert!(about.is_some_and(|a| !a.is_empty()), "{name}: {} has no sentence", r.name);
                for text in [label, about].into_iter().flatten() {
                    assert!(!text.contains(['{', '}']), "{name}: {}: {text}", r.name);
                }
            }
            assert!(plan.rules().iter().any(|r| r.builtin.is_some()), "{name}");
        }
        for b in BuiltinRule::ALL {
            for lang in Lang::ALL {
                for key in [format!("rule-label-{}", b.key()), format!("rule-about-{}", b.key())] {
                    let text = tr(lang, &key, &[]);
                    assert!(text != key && !text.is_empty(), "{key} ({lang:?})");
                }
            }
        }
    }

    /// `{params.NAME}` in a label or its sentence is the compilation's value.
    #[test]
    fn the_stale_rule_s_sentence_says_the_window_s_days() {
        let plan = compile(&find("goq-rakuten-pay", None).unwrap()).unwrap();
        let stale = plan.rule_by_name("stale").unwrap();
        assert_eq!(stale.label.as_deref(), Some("更新期間より前の注文"));
        assert!(stale.about.as_deref().unwrap().starts_with("最終更新日時が 3 日より前の注文は"), "{stale:?}");
    }
}
