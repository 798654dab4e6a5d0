//! Inherited tests a child profile skips on purpose (`[[skip_tests]]`), and where the tests
//! that run came from. A skip never hides a test silently: each skipped test is listed with
//! its reason, and a skip that matches no test is an error (a renamed test must not turn a
//! skip into a no-op that nobody notices). Tests that say which parameters they assume are
//! skipped, with a note, where the profile is compiled with other values: a child that changes
//! `window_days` changes what the stale tests expect, on purpose.

use crate::i18n::Msg;
use crate::profile::schema::ProfileDoc;
use crate::profile::{Diagnostic, ProfileText};

/// Removes the skipped tests from `doc` and returns them (name, reason), with a diagnostic
/// for every skip that names no test.
pub fn take_skipped(source: &ProfileText, doc: &mut ProfileDoc) -> (Vec<(String, Msg)>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut skipped = Vec::new();
    for skip in &doc.skip_tests {
        let matches = |t: &crate::profile::schema::TestDoc| match (&skip.name, &skip.rule) {
            (Some(n), _) => &t.name == n.get_ref(),
            (None, Some(r)) => {
                let r = r.get_ref();
                t.excluded.as_ref() == Some(r)
                    || t.rejected.as_ref() == Some(r)
                    || t.warnings.iter().flatten().any(|w| w == r)
            }
            (None, None) => false,
        };
        let (Some(key), true) = (skip.name.as_ref().or(skip.rule.as_ref()), skip.name.is_none() || skip.rule.is_none())
        else {
            diags.push(source.diag(None, Msg::new("profile-skip-name-or-rule")));
            continue;
        };
        let before = doc.tests.len();
        doc.tests.retain(|t| {
            let hit = matches(t.get_ref());
            if hit {
                skipped.push((t.get_ref().name.clone(), Msg::text(&skip.reason)));
            }
            !hit
        });
        let already = skipped.iter().any(|(n, _)| skip.name.as_ref().is_some_and(|s| s.get_ref() == n));
        if doc.tests.len() == before && !already {
            diags.push(source.diag(Some(key.span()), Msg::new("profile-skip-unknown").arg("name", key.get_ref())));
        }
    }
    (skipped, diags)
}

/// Per parent file, how many of `doc`'s tests were written there (the profile's own tests
/// file, right after it, holds its own tests).
pub fn inherited(source: &ProfileText, doc: &ProfileDoc) -> Vec<(String, usize)> {
    let from = inherited_from(source, doc);
    let mut counts: Vec<(String, usize)> = Vec::new();
    for parent in from.into_iter().flatten() {
        match counts.iter_mut().find(|(p, _)| *p == parent) {
            Some(c) => c.1 += 1,
            None => counts.push((parent, 1)),
        }
    }
    counts
}

/// For each of `doc`'s tests, the parent file it was written in; `None` for the profile's own.
pub fn inherited_from(source: &ProfileText, doc: &ProfileDoc) -> Vec<Option<String>> {
    let Some(layers) = source.layers().filter(|l| l.len() > 1) else { return vec![None; doc.tests.len()] };
    let parents = if layers[1].tests { &layers[2..] } else { &layers[1..] };
    let parent = |start: usize| parents.iter().find(|l| l.holds(start)).map(|l| l.display.clone());
    doc.tests.iter().map(|t| parent(t.span().start)).collect()
}

/// A test skipped because it assumes other parameter values than the compilation's: its name,
/// and the first parameter that differs as the test assumes it and as it is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamSkip {
    /// The test's name.
    pub name: String,
    /// `NAME = VALUE` as the test assumes it.
    pub assumed: String,
    /// `NAME = VALUE` as the profile is compiled.
    pub actual: String,
}

/// Removes from `doc` the tests whose assumed parameters (their `params` over
/// `test_defaults.params`) differ from the values this compilation uses, and returns them,
/// with a diagnostic for every assumed parameter the profile does not declare (a misspelt
/// name would otherwise make a test run, or skip, for no reason anyone wrote).
pub fn take_by_params(source: &ProfileText, doc: &mut ProfileDoc) -> (Vec<ParamSkip>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let undeclared = |name: &str| {
        let hint = crate::profile::diag::suggestion(name, doc.param_values.keys().map(String::as_str));
        Msg::new("validate-test-unknown-param").arg("name", name).arg("hint", hint)
    };
    for name in doc.test_defaults.params.keys().filter(|n| !doc.param_values.contains_key(*n)) {
        diags.push(source.diag(None, undeclared(name)));
    }
    for t in &doc.tests {
        for name in t.get_ref().params.keys().filter(|n| !doc.param_values.contains_key(*n)) {
            let m = Msg::new("validate-test-problem").arg("name", &t.get_ref().name).arg("problem", undeclared(name));
            diags.push(source.diag(Some(t.span()), m));
        }
    }
    let mut skipped = Vec::new();
    let defaults = &doc.test_defaults.params;
    let values = &doc.param_values;
    doc.tests.retain(|t| {
        let t = t.get_ref();
        let mut assumed = defaults.iter().filter(|(n, _)| !t.params.contains_key(*n)).chain(&t.params);
        let differs = assumed.find(|(n, v)| values.get(*n).is_some_and(|actual| actual != *v));
        match differs {
            Some((n, v)) => {
                let actual = format!("{n} = {}", values[n]);
                skipped.push(ParamSkip { name: t.name.clone(), assumed: format!("{n} = {v}"), actual });
                false
            }
            None => true,
        }
    });
    (skipped, diags)
}
