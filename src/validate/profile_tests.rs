//! Tests written inside a profile, run through the real pipeline (like `vector test`): an
//! input row by header names — read, decoded, bound and trimmed as any export is — and the
//! expected outcome: output columns and path, or the rule that excludes or rejects it, and
//! the warnings.

use jiff::civil::Date;

use crate::engine::{InputEncoding, Plan};
use crate::i18n::Msg;
use crate::profile::schema::{ProfileDoc, TestDefaultsDoc, TestDoc};
use crate::profile::{Diagnostic, ProfileText};
use crate::run::sinks::{CollectedFate, Collector};
use crate::run::{InputSource, RunOptions, run_sources};

/// The result of one profile test.
#[derive(Debug, Clone)]
pub struct TestResult {
    pub name: String,
    /// `None` when it passed; otherwise what differed, one line per difference.
    pub failure: Option<Msg>,
    /// The file of the `extends` chain it was inherited from; `None` for the profile's own.
    pub inherited_from: Option<String>,
}

/// What a row became, in words a test can compare.
#[derive(Debug, Clone, PartialEq)]
pub enum Actual {
    /// Written to an upload file.
    Written {
        /// Every output column's name and text, in output order, as the upload file would
        /// hold them.
        columns: Vec<(String, String)>,
        /// The upload file's path as the route renders it, relative to `--out`.
        path: String,
        /// The names of the warnings the row carries, in the order met.
        warnings: Vec<String>,
    },
    /// Left out by the rule of this name.
    Excluded(String),
    /// Sent to the reject file.
    Rejected {
        /// The name of the rule (or check) that rejected it.
        rule: String,
        /// Its message, placeholders filled, as the reject file shows it.
        message: String,
    },
}

impl Actual {
    /// What the row became, in the catalog's words.
    pub fn msg(&self) -> Msg {
        match self {
            Actual::Written { path, warnings, .. } if warnings.is_empty() => {
                Msg::new("validate-actual-written").arg("path", path)
            }
            Actual::Written { path, warnings, .. } => {
                Msg::new("validate-actual-written-warnings").arg("path", path).arg("warnings", warnings.join(", "))
            }
            Actual::Excluded(r) => Msg::new("validate-actual-excluded").arg("rule", r),
            Actual::Rejected { rule, message } => {
                Msg::new("validate-actual-rejected").arg("rule", rule).arg("message", message)
            }
        }
    }
}

/// In English, for tests and logs; the front doors use [`Actual::msg`].
impl std::fmt::Display for Actual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg().render(crate::i18n::Lang::En))
    }
}

/// Decides one row given by header name → value, as a run would: the row is written as a
/// one-row UTF-8 export (separated as the profile says, by commas for `auto`) and run through
/// the real pipeline (a dry run, nothing written), so its header is bound, its fields decoded
/// and trimmed, and its columns encoded exactly as in `orderbridge run`. A missing required
/// column is an error.
pub fn decide_row(plan: &Plan, row_values: &[(String, String)], as_of: Date) -> Result<Actual, Msg> {
    let delimiter = plan.input.delimiter.byte().unwrap_or(b',');
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    let csv_err = |e: csv::Error| Msg::text(e);
    writer.write_record(row_values.iter().map(|(k, _)| k)).map_err(csv_err)?;
    writer.write_record(row_values.iter().map(|(_, v)| v)).map_err(csv_err)?;
    let bytes = writer.into_inner().map_err(Msg::text)?;
    let source = InputSource::Bytes { name: "test".into(), bytes, encoding: Some(InputEncoding::Utf8) };
    let opts = RunOptions::analysis(as_of);
    let mut collector = Collector::default();
    run_sources(plan, &[source], &opts, &mut [&mut collector], &mut ()).map_err(|e| e.msg())?;
    let row = collector.rows.pop().ok_or_else(|| Msg::new("profile-test-row-not-read"))?;
    Ok(match row.fate {
        CollectedFate::Written { path } => Actual::Written {
            columns: plan.columns.iter().map(|c| c.name.clone()).zip(row.columns).collect(),
            path,
            warnings: row.warnings.iter().map(|(r, _)| plan.rule_name(*r).to_string()).collect(),
        },
        CollectedFate::Excluded { rule } => Actual::Excluded(plan.rule_name(rule).to_string()),
        CollectedFate::Rejected { rule, message } => {
            Actual::Rejected { rule: plan.rule_name(rule).to_string(), message }
        }
    })
}

/// Static problems of the tests themselves (unknown rules, unknown columns, no expectation).
pub fn check_tests(source: &ProfileText, doc: &ProfileDoc, plan: &Plan) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for t in &doc.tests {
        let span = Some(t.span());
        let test = t.get_ref();
        let mut err = |m: Msg| {
            let m = Msg::new("validate-test-problem").arg("name", &test.name).arg("problem", m);
            diags.push(source.diag(span.clone(), m))
        };
        let expectations =
            [test.output.is_some() || test.path.is_some(), test.excluded.is_some(), test.rejected.is_some()]
                .iter()
                .filter(|b| **b)
                .count();
        if expectations != 1 {
            err(Msg::new("validate-test-expect-one"));
        }
        if test.warnings.is_some() && (test.excluded.is_some() || test.rejected.is_some()) {
            err(Msg::new("validate-test-warnings-need-output"));
        }
        if test.message_contains.is_some() && test.rejected.is_none() {
            err(Msg::new("validate-test-message-needs-rejected"));
        }
        let as_of = test.as_of.as_ref().or(doc.test_defaults.as_of.as_ref());
        if let Some(a) = as_of
            && a.parse::<Date>().is_err()
        {
            err(Msg::new("validate-test-bad-as-of").arg("value", a));
        }
        if as_of.is_none() {
            err(Msg::new("validate-test-needs-as-of"));
        }
        for rule in test.excluded.iter().chain(&test.rejected).chain(test.warnings.iter().flatten()) {
            if !plan.rule_names.iter().any(|r| r == rule) {
                let hint = crate::profile::diag::suggestion(rule, plan.rule_names.iter().map(String::as_str));
                err(Msg::new("validate-test-no-rule").arg("rule", rule).arg("hint", hint));
            }
        }
        for col in test.output.iter().flat_map(|o| o.keys()).chain(doc.test_defaults.output.keys()) {
            if !plan.columns.iter().any(|c| &c.name == col) {
                let hint = crate::profile::diag::suggestion(col, plan.columns.iter().map(|c| c.name.as_str()));
                err(Msg::new("validate-test-no-column").arg("column", col).arg("hint", hint));
            }
        }
    }
    diags
}

/// Runs every test of the profile.
pub fn run_tests(doc: &ProfileDoc, plan: &Plan) -> Vec<TestResult> {
    doc.tests.iter().map(|t| run_test(t.get_ref(), &doc.test_defaults, plan)).collect()
}

fn run_test(t: &TestDoc, defaults: &TestDefaultsDoc, plan: &Plan) -> TestResult {
    let as_of = t.as_of.as_ref().or(defaults.as_of.as_ref());
    let Some(as_of) = as_of.and_then(|a| a.parse::<Date>().ok()) else {
        let failure = Some(Msg::new("validate-test-no-as-of"));
        return TestResult { name: t.name.clone(), failure, inherited_from: None };
    };
    let mut merged = defaults.row.clone();
    merged.extend(t.row.iter().map(|(k, v)| (k.clone(), v.clone())));
    let row: Vec<(String, String)> = merged.into_iter().collect();
    let failure = match decide_row(plan, &row, as_of) {
        Err(e) => Some(e),
        Ok(actual) => compare(t, &Written::expected(t, defaults), &actual),
    };
    TestResult { name: t.name.clone(), failure, inherited_from: None }
}

/// What a test expecting a written row compares: its columns over `test_defaults.output`, its
/// path or the default one.
struct Written<'a> {
    output: std::collections::BTreeMap<&'a str, &'a str>,
    path: Option<&'a String>,
}

impl<'a> Written<'a> {
    fn expected(t: &'a TestDoc, defaults: &'a TestDefaultsDoc) -> Option<Written<'a>> {
        if t.output.is_none() && t.path.is_none() {
            return None;
        }
        let mut output: std::collections::BTreeMap<&str, &str> =
            defaults.output.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        output.extend(t.output.iter().flatten().map(|(k, v)| (k.as_str(), v.as_str())));
        Some(Written { output, path: t.path.as_ref().or(defaults.path.as_ref()) })
    }
}

fn compare(t: &TestDoc, written: &Option<Written<'_>>, actual: &Actual) -> Option<Msg> {
    let mut diff = Vec::new();
    if let Some(rule) = &t.rejected {
        match actual {
            Actual::Rejected { rule: r, message } if r == rule => {
                if let Some(want) = t.message_contains.as_ref().filter(|w| !message.contains(w.as_str())) {
                    let m = Msg::new("validate-diff-message")
                        .arg("expected", format!("{want:?}"))
                        .arg("actual", format!("{message:?}"));
                    diff.push(m);
                }
            }
            other => {
                let expected = Msg::new("validate-expected-rejected").arg("rule", rule);
                diff.push(Msg::new("validate-diff").arg("expected", expected).arg("actual", other.msg()));
            }
        }
    }
    if let Some(rule) = &t.excluded {
        match actual {
            Actual::Excluded(r) if r == rule => {}
            other => {
                let expected = Msg::new("validate-expected-excluded").arg("rule", rule);
                diff.push(Msg::new("validate-diff").arg("expected", expected).arg("actual", other.msg()));
            }
        }
    }
    if let Some(expected) = written {
        match actual {
            Actual::Written { columns, path, warnings } => {
                for (col, want) in &expected.output {
                    let got = columns.iter().find(|(c, _)| c == col).map(|(_, v)| v.as_str()).unwrap_or("");
                    if got != *want {
                        let m = Msg::new("validate-diff-column")
                            .arg("column", col)
                            .arg("expected", format!("{want:?}"))
                            .arg("actual", format!("{got:?}"));
                        diff.push(m);
                    }
                }
                if let Some(p) = expected.path
                    && p != path
                {
                    let m = Msg::new("validate-diff-path")
                        .arg("expected", format!("{p:?}"))
                        .arg("actual", format!("{path:?}"));
                    diff.push(m);
                }
                let want_warnings = t.warnings.clone().unwrap_or_default();
                if &want_warnings != warnings {
                    let m = Msg::new("validate-diff-warnings")
                        .arg("expected", format!("{want_warnings:?}"))
                        .arg("actual", format!("{warnings:?}"));
                    diff.push(m);
                }
            }
            other => {
                let expected = Msg::new("validate-expected-written");
                diff.push(Msg::new("validate-diff").arg("expected", expected).arg("actual", other.msg()));
            }
        }
    }
    (!diff.is_empty()).then(|| Msg::lines(diff))
}
