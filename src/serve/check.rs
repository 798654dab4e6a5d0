//! The page's profile list and its check screen: what `list-profiles` and `validate-profile`
//! say of a profile (problems located, the profile's own tests), and with an uploaded export
//! what `validate-profile --sample` says (each value no lookup covers, its count, and what
//! happens to those rows). The library finds all of it ([`crate::validate`]); this is its JSON.

use std::path::Path;

use super::runs::{Run, today};
use super::view::{self, Checked, Counted, Effect, FailedTest, Profile, Sample, Tests};
use crate::i18n::Lang;
use crate::profile::{self, Origin, ProfileText};
use crate::run::InputSource;
use crate::validate::coverage::{Consequence, Coverage, OutcomeKey, coverage};
use crate::validate::{Validation, validate};

/// Every profile `list-profiles` shows, each with its validation (a blocking call), its
/// problems in `lang`.
pub fn profiles(mappings: Option<&Path>, lang: Lang) -> Vec<Profile> {
    let unusable = |name: &str, problem: String| Profile {
        name: name.to_string(),
        description: None,
        origin: None,
        file: None,
        valid: false,
        runnable: None,
        problem_count: 1,
        problems: vec![problem],
        tests: Tests { run: 0, passed: 0, failed: Vec::new() },
        today: None,
    };
    match profile::list(mappings) {
        Ok(listed) => listed
            .iter()
            .map(|l| match &l.source {
                Ok(s) => validation_json(s, &validate(s), lang),
                Err(e) => unusable(&l.name, e.msg().render(lang)),
            })
            .collect(),
        Err(e) => vec![unusable("", e.msg().render(lang))],
    }
}

/// The profile named `name` among those listed, found as `list-profiles` finds it: a name
/// only; a path sent by the browser is never opened.
pub fn find_listed(name: &str, mappings: Option<&Path>) -> Option<ProfileText> {
    if name.is_empty() || name.contains(['/', '\\']) || name.ends_with(".toml") {
        return None;
    }
    profile::list(mappings).ok()?.into_iter().find(|l| l.name == name).and_then(|l| l.source.ok())
}

/// A profile's validation as the page shows it, in `lang`.
pub fn validation_json(source: &ProfileText, v: &Validation, lang: Lang) -> Profile {
    let failed: Vec<FailedTest> = v
        .tests
        .iter()
        .filter_map(|t| t.failure.as_ref().map(|diff| FailedTest { name: t.name.clone(), diff: diff.render(lang) }))
        .collect();
    let passed = v.tests.len() - failed.len();
    Profile {
        name: source.name.clone(),
        description: v.description.clone(),
        origin: match &source.origin {
            Origin::File(p) => Some(p.display().to_string()),
            Origin::Builtin => None,
        },
        file: Some(source.display_path()),
        valid: v.is_ok(),
        runnable: Some(!v.base),
        problem_count: v.problem_count(),
        problems: v.diagnostics.iter().map(|d| d.render(lang)).collect(),
        tests: Tests { run: v.tests.len(), passed, failed },
        today: v.plan.as_ref().map(|p| today(&p.time_zone).to_string()),
    }
}

fn outcome_json(o: &OutcomeKey) -> view::Outcome {
    match o {
        OutcomeKey::Written => view::Outcome::Written,
        OutcomeKey::Excluded(rule) => view::Outcome::Excluded { rule: rule.clone() },
        OutcomeKey::Rejected(rule) => view::Outcome::Rejected { rule: rule.clone() },
    }
}

fn counted(items: &[(OutcomeKey, u64)]) -> Vec<Counted> {
    items.iter().map(|(o, n)| Counted { outcome: outcome_json(o), count: *n }).collect()
}

fn coverage_json(c: &Coverage, name: &str, lang: Lang) -> view::Coverage {
    let uncovered = c
        .uncovered
        .iter()
        .map(|u| view::Uncovered {
            lookup: u.lookup.clone(),
            column: u.column.clone(),
            value: u.value.clone(),
            rows: u.rows,
            effect: match &u.consequence {
                Consequence::Rejected(rule) => Effect::Rejected { rule: rule.clone() },
                Consequence::Fallback { value, warning } => {
                    Effect::Fallback { value: value.clone(), warning: warning.clone() }
                }
            },
            seen: counted(&u.seen),
            decided: u.decided,
        })
        .collect();
    view::Coverage {
        file: name.to_string(),
        ok: true,
        encoding: c.encoding.render(lang),
        columns: c.columns,
        as_of: c.as_of.to_string(),
        rows: c.rows,
        outcomes: counted(&c.outcomes),
        uncovered,
    }
}

/// Whether the check should send the shop to a child profile of its own (`orderbridge init`)
/// rather than to the profile's file: a built-in profile, or a file of a shipped profile's
/// name (the shipped file itself, or a copy). A shop's edits there would be lost to, or
/// fight with, the next release's fixes; a child keeps them and inherits the fixes.
fn shipped(source: &ProfileText) -> bool {
    source.origin == Origin::Builtin || profile::BUILTIN.iter().any(|(n, _)| *n == source.name)
}

/// The check of a run (a blocking call): the profile it ran with, and each upload's coverage,
/// in `lang`.
pub fn check_run(run: &Run, lang: Lang) -> Checked {
    let v = validate(run.source());
    let mut samples = Vec::new();
    if let Some(plan) = &v.plan {
        let as_of = run.as_of.unwrap_or_else(|| today(&plan.time_zone));
        for u in &run.inputs {
            samples.push(match coverage(plan, &InputSource::Path(u.path.clone()), as_of) {
                Ok(c) => Sample::Covered(coverage_json(&super::rule_words::relabel(c, plan, lang), &u.name, lang)),
                Err(e) => Sample::Unreadable {
                    file: u.name.clone(),
                    ok: false,
                    error: super::failure::run_error(&e, lang, &|s| super::runs::plain_paths(s, run)),
                },
            });
        }
    }
    Checked::Check { profile: validation_json(run.source(), &v, lang), builtin: shipped(run.source()), samples }
}
