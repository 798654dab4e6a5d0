//! What `validate-profile` reports: a profile's static problems, located, and the results of
//! the tests written inside it (`profile_tests`); with a sample export, which of its values
//! no lookup covers (`coverage`). Front ends print these; nothing here prints.

pub(crate) mod coverage;
pub(crate) mod profile_tests;
mod skip;

use std::fmt::Write as _;

use crate::engine::Plan;
use crate::i18n::{Lang, Msg};
use crate::profile::{Diagnostic, ProfileText};

pub(crate) use profile_tests::{TestResult, check_tests, run_tests};
// One row through a profile as its tests see it (for the property tests).
pub use profile_tests::{Actual, decide_row};

/// Everything `validate-profile` found about one profile.
#[derive(Debug)]
pub struct Validation {
    /// The profile's `description`; `None` when its text does not parse (or a base gives
    /// none).
    pub description: Option<String>,
    /// The compiled plan; `None` for a base, or when the profile does not parse or compile
    /// (`diagnostics` say why).
    pub plan: Option<Plan>,
    /// Every static problem found, each located in the file of the chain that has it.
    pub diagnostics: Vec<Diagnostic>,
    /// The result of each test run, in order; empty when there is no plan.
    pub tests: Vec<TestResult>,
    /// Tests not run because the profile skips them (`[[skip_tests]]`): name and reason.
    pub skipped: Vec<(String, String)>,
    /// Per file of the `extends` chain other than the profile's own, how many of the tests
    /// run came from it.
    pub inherited: Vec<(String, usize)>,
    /// A base (`runnable = false`): only its syntax is checked here; its rules are compiled
    /// and tested through the profiles that extend it.
    pub base: bool,
}

impl Validation {
    /// Whether the profile passes: it compiles (or is a base), no problem is found, and every
    /// test passes.
    pub fn is_ok(&self) -> bool {
        (self.plan.is_some() || self.base)
            && self.diagnostics.is_empty()
            && self.tests.iter().all(|t| t.failure.is_none())
    }

    /// How many problems the verdict counts: diagnostics and failed tests.
    pub fn problem_count(&self) -> usize {
        self.diagnostics.len() + self.tests.iter().filter(|t| t.failure.is_some()).count()
    }

    /// Every problem located, every test passed or failed with a diff, then the verdict, in
    /// `lang`.
    pub fn render(&self, file: &str, lang: Lang) -> String {
        self.render_with(file, false, lang)
    }

    /// [`Validation::render`]; `quiet`: without the tests that passed (problems, failed tests
    /// and the verdict only).
    pub fn render_with(&self, file: &str, quiet: bool, lang: Lang) -> String {
        let mut s = String::new();
        for d in &self.diagnostics {
            let _ = writeln!(s, "{}", d.render(lang));
        }
        for note in self.plan.iter().flat_map(|p| crate::report::unlabelled_note(p, lang)) {
            let _ = writeln!(s, "{note}");
        }
        for (name, reason) in &self.skipped {
            let _ = writeln!(
                s,
                "{}",
                Msg::new("profile-test-skipped").arg("name", name).arg("reason", reason).render(lang)
            );
        }
        for t in &self.tests {
            match &t.failure {
                None if quiet => {}
                None => {
                    let _ = writeln!(s, "{}", Msg::new("validate-test-passed").arg("name", &t.name).render(lang));
                }
                Some(diff) => {
                    let _ = writeln!(s, "{}", Msg::new("validate-test-failed").arg("name", &t.name).render(lang));
                    for line in diff.render(lang).lines() {
                        let _ = writeln!(s, "    {line}");
                    }
                }
            }
        }
        for (parent, count) in &self.inherited {
            let _ = writeln!(
                s,
                "{}",
                Msg::new("profile-tests-inherited").arg("count", count).arg("parent", parent).render(lang)
            );
        }
        if !self.inherited.is_empty() {
            let own = self.tests.len() - self.inherited.iter().map(|(_, n)| n).sum::<usize>();
            let _ = writeln!(s, "{}", Msg::new("profile-tests-own").arg("count", own).render(lang));
        }
        let failed = self.tests.iter().filter(|t| t.failure.is_some()).count();
        if self.base && self.diagnostics.is_empty() {
            let _ = writeln!(s, "{}", Msg::new("validate-verdict-base").arg("file", file).render(lang));
            return s;
        }
        let verdict = Msg::new(if self.is_ok() { "validate-verdict-valid" } else { "validate-verdict-invalid" })
            .arg("file", file)
            .arg("problems", self.diagnostics.len())
            .arg("tests", self.tests.len())
            .arg("passed", self.tests.len() - failed)
            .arg("failed", failed);
        let _ = writeln!(s, "{}", verdict.render(lang));
        s
    }
}

/// Parses, compiles and tests a profile (its tests files read, `crate::profile::layout`),
/// collecting every problem.
pub fn validate(source: &ProfileText) -> Validation {
    let source = &source.clone().with_tests();
    let failed = |description, diagnostics| Validation {
        description,
        plan: None,
        diagnostics,
        tests: Vec::new(),
        skipped: Vec::new(),
        inherited: Vec::new(),
        base: false,
    };
    if !source.is_runnable() {
        // A base may lack what a run needs (its output): its files must parse and merge.
        let diagnostics = source.effective(crate::i18n::Lang::En).err().into_iter().collect();
        let description = crate::profile::layout::own_description(&source.text);
        return Validation { base: true, ..failed(description, diagnostics) };
    }
    let mut doc = match source.parse() {
        Ok(d) => d,
        Err(d) => return failed(None, vec![d]),
    };
    let description = Some(doc.description.clone());
    let plan = match crate::engine::compile::compile_doc(source, &doc) {
        Ok(p) => p,
        Err(diagnostics) => return failed(description, diagnostics),
    };
    let (skipped, mut diagnostics) = skip::take_skipped(source, &mut doc);
    diagnostics.extend(check_tests(source, &doc, &plan));
    let inherited = skip::inherited(source, &doc);
    let tests = run_tests(&doc, &plan);
    Validation { description, plan: Some(plan), diagnostics, tests, skipped, inherited, base: false }
}
