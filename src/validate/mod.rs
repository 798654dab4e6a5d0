//! What `validate-profile` reports: a profile's static problems, located, and the results of
//! the tests written inside it (`profile_tests`); with a sample export, which of its values
//! no lookup covers (`coverage`). Front ends print these; nothing here prints.

pub(crate) mod coverage;
pub(crate) mod profile_tests;
mod skip;

pub use skip::ParamSkip;

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
    pub skipped: Vec<(String, Msg)>,
    /// Tests not run because they assume other parameter values than this compilation's.
    pub param_skipped: Vec<ParamSkip>,
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
        (self.plan.is_some() || self.base) && self.problem_count() == 0
    }

    /// How many problems the profile has: its located problems and its failed tests. The one
    /// count every front end shows (`list-profiles`, `validate-profile`, the page, `run`'s
    /// refusal), so that no two of them disagree about a profile.
    pub fn problem_count(&self) -> usize {
        self.diagnostics.len() + self.failed_tests()
    }

    fn failed_tests(&self) -> usize {
        self.tests.iter().filter(|t| t.failure.is_some()).count()
    }

    /// The first problem counted by [`Validation::problem_count`]: a located problem, else
    /// the first failed test with what differed.
    pub fn first_problem(&self) -> Option<Msg> {
        if let Some(d) = self.diagnostics.first() {
            let at = match d.line_col {
                Some((line, col)) => format!("{}:{line}:{col}", d.file),
                None => d.file.clone(),
            };
            return Some(Msg::at_path(at, d.message.clone()));
        }
        let t = self.tests.iter().find(|t| t.failure.is_some())?;
        let diff = t.failure.clone().unwrap_or_else(|| Msg::text(""));
        Some(Msg::new("validate-first-failed-test").arg("name", &t.name).arg("diff", diff))
    }

    /// Every problem located, every test passed or failed with a diff, then the verdict, in
    /// `lang`.
    pub fn render(&self, file: &str, lang: Lang) -> String {
        self.render_with(file, true, lang)
    }

    /// [`Validation::render`]; without `verbose`, only what needs reading: problems, failed
    /// tests, skipped tests (those skipped for their parameters in one line per assumption),
    /// where the tests came from, the verdict.
    pub fn render_with(&self, file: &str, verbose: bool, lang: Lang) -> String {
        let mut s = String::new();
        for d in &self.diagnostics {
            let _ = writeln!(s, "{}", d.render(lang));
        }
        for note in self.plan.iter().flat_map(|p| crate::report::unlabelled_note(p, lang)) {
            let _ = writeln!(s, "{note}");
        }
        for (name, reason) in &self.skipped {
            let m = Msg::new("profile-test-skipped").arg("name", name).arg("reason", reason.clone());
            let _ = writeln!(s, "{}", m.render(lang));
        }
        self.render_param_skips(&mut s, verbose, lang);
        for t in &self.tests {
            match &t.failure {
                None if !verbose => {}
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
        self.render_inherited_hint(&mut s, lang);
        for (parent, count) in &self.inherited {
            let m = Msg::new("profile-tests-inherited").arg("count", count).arg("parent", parent);
            let _ = writeln!(s, "{}", m.render(lang));
        }
        if !self.inherited.is_empty() {
            let own = self.tests.len() - self.inherited.iter().map(|(_, n)| n).sum::<usize>();
            let _ = writeln!(s, "{}", Msg::new("profile-tests-own").arg("count", own).render(lang));
        }
        let failed = self.failed_tests();
        if self.base && self.diagnostics.is_empty() {
            let _ = writeln!(s, "{}", Msg::new("validate-verdict-base").arg("file", file).render(lang));
            return s;
        }
        let verdict = Msg::new(if self.is_ok() { "validate-verdict-valid" } else { "validate-verdict-invalid" })
            .arg("file", file)
            .arg("problems", self.problem_count())
            .arg("located", self.diagnostics.len())
            .arg("tests", self.tests.len())
            .arg("passed", self.tests.len() - failed)
            .arg("failed", failed)
            .arg("skipped", self.skipped.len() + self.param_skipped.len());
        let _ = writeln!(s, "{}", verdict.render(lang));
        s
    }

    /// Where inherited tests failed, how a child that changes that on purpose says so: one
    /// line per parent file.
    fn render_inherited_hint(&self, s: &mut String, lang: Lang) {
        let mut parents: Vec<(&str, usize)> = Vec::new();
        for from in self.tests.iter().filter(|t| t.failure.is_some()).filter_map(|t| t.inherited_from.as_deref()) {
            match parents.iter_mut().find(|(p, _)| *p == from) {
                Some(p) => p.1 += 1,
                None => parents.push((from, 1)),
            }
        }
        for (parent, n) in parents {
            let m = Msg::new("validate-inherited-failed-hint").arg("n", n).arg("parent", parent);
            let _ = writeln!(s, "{}", m.render(lang));
        }
    }

    /// The tests skipped for their parameters: each by name when `verbose`, else one line per
    /// assumption (eleven stale tests assuming `window_days = 3` are one note, not eleven).
    fn render_param_skips(&self, s: &mut String, verbose: bool, lang: Lang) {
        match verbose {
            true => {
                for p in &self.param_skipped {
                    let m = Msg::new("profile-test-skipped-param")
                        .arg("name", &p.name)
                        .arg("assumed", &p.assumed)
                        .arg("actual", &p.actual);
                    let _ = writeln!(s, "{}", m.render(lang));
                }
            }
            false => {
                let mut groups: Vec<(&str, &str, usize)> = Vec::new();
                for p in &self.param_skipped {
                    match groups.iter_mut().find(|(a, b, _)| *a == p.assumed && *b == p.actual) {
                        Some(g) => g.2 += 1,
                        None => groups.push((&p.assumed, &p.actual, 1)),
                    }
                }
                for (assumed, actual, n) in groups {
                    let m = Msg::new("profile-tests-skipped-param")
                        .arg("n", n)
                        .arg("assumed", assumed)
                        .arg("actual", actual);
                    let _ = writeln!(s, "{}", m.render(lang));
                }
            }
        }
    }
}

/// How many problems `source` has, as every front end counts them
/// ([`Validation::problem_count`]): for a caller that needs only the number.
pub fn problems(source: &ProfileText) -> usize {
    validate(source).problem_count()
}

/// Why `run` and the page refuse a profile, located in it: the count `validate-profile` and
/// `list-profiles` give, and the first problem. `None` when the profile has none.
///
/// A built-in profile (every file of its chain and its tests built into this binary) at its
/// own parameter values is not tested again: its tests are this binary's, and `cargo test`
/// holds it to no problem (`tests/shipped_profiles.rs`), so running them on every run would
/// cost each run its tests' time and find nothing. The same holds for files that are a
/// built-in profile's text exactly, beside the built-in's tests or none (a checkout's
/// `mappings/`, a shop's untouched copy): found in `./mappings`, they would otherwise be
/// tested on every run, at several times the run's own cost on a small export.
pub fn refusal(source: &ProfileText) -> Option<Diagnostic> {
    let whole_chain_shipped = source.layers().is_some_and(|layers| layers.iter().all(shipped_as_built));
    if whole_chain_shipped && source.overrides.is_empty() {
        return None;
    }
    let v = validate(source);
    let n = v.problem_count();
    (n > 0).then(|| {
        let m = Msg::new("profile-refused")
            .arg("name", &source.name)
            .arg("n", n)
            .arg("first", v.first_problem().unwrap_or_else(|| Msg::text("")))
            .arg("command", format!("orderbridge validate-profile {}", source.name));
        source.diag(None, m)
    })
}

/// Whether a layer of a chain is one the binary holds to no problem: built in, or a file with
/// a built-in profile's name and exactly its text whose tests file is the built-in's or absent.
fn shipped_as_built(layer: &crate::profile::text::Layer) -> bool {
    use crate::profile::{BUILTIN, BUILTIN_TESTS, Origin, layout};
    let is = |table: &[(&str, &str)], text: &str| table.iter().any(|(n, t)| *n == layer.name && *t == text);
    match &layer.origin {
        Origin::Builtin => true,
        Origin::File(_) => {
            is(BUILTIN, &layer.text)
                && match layout::tests_file(&layer.origin, &layer.name) {
                    Ok(None) => true,
                    Ok(Some((_, _, text))) => is(BUILTIN_TESTS, &text),
                    Err(_) => false,
                }
        }
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
        param_skipped: Vec::new(),
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
    let (param_skipped, param_diagnostics) = skip::take_by_params(source, &mut doc);
    diagnostics.extend(param_diagnostics);
    diagnostics.extend(check_tests(source, &doc, &plan));
    let inherited = skip::inherited(source, &doc);
    let mut tests = run_tests(&doc, &plan);
    for (t, from) in tests.iter_mut().zip(skip::inherited_from(source, &doc)) {
        t.inherited_from = from;
    }
    Validation { description, plan: Some(plan), diagnostics, tests, skipped, param_skipped, inherited, base: false }
}
