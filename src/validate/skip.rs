//! Inherited tests a child profile skips on purpose (`[[skip_tests]]`), and where the tests
//! that run came from. A skip never hides a test silently: each skipped test is listed with
//! its reason, and a skip that matches no test is an error (a renamed test must not turn a
//! skip into a no-op that nobody notices).

use crate::i18n::Msg;
use crate::profile::schema::ProfileDoc;
use crate::profile::{Diagnostic, ProfileText};

/// Removes the skipped tests from `doc` and returns them (name, reason), with a diagnostic
/// for every skip that names no test.
pub fn take_skipped(source: &ProfileText, doc: &mut ProfileDoc) -> (Vec<(String, String)>, Vec<Diagnostic>) {
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
                skipped.push((t.get_ref().name.clone(), skip.reason.clone()));
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
    let Some(layers) = source.layers().filter(|l| l.len() > 1) else { return Vec::new() };
    let parents = if layers[1].tests { &layers[2..] } else { &layers[1..] };
    parents
        .iter()
        .map(|l| (l.display.clone(), doc.tests.iter().filter(|t| l.holds(t.span().start)).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}
