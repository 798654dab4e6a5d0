//! The TOML schema of a mapping profile, as written by a shop.
//!
//! Everything a marketplace or an order system means lives in these structures' *values*; the
//! structures themselves only know CSV, lookups, transforms, conditions, checks and routes.
//! Every table denies unknown keys, so a misspelt key is an error with a location, never a
//! silently ignored setting. Names that refer to something else in the profile are kept
//! [`Spanned`] so that a wrong reference can be reported at its line and column.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// A whole profile file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileDoc {
    /// The profile this one changes: a profile name (found like `run --profile NAME`) or a path
    /// relative to this file. Consumed by merging, so a merged profile never has it.
    #[serde(default)]
    pub extends: Option<String>,
    /// `false` for a base that other profiles extend but that is not run itself (`run` and
    /// the page refuse it): it may lack what a run needs. Never inherited.
    #[serde(default)]
    pub runnable: Option<bool>,
    /// One line shown by `list-profiles` (a child profile inherits its parent's).
    pub description: String,
    /// Named values used as `{ param = "NAME" }` where a number, string or flag is taken.
    #[serde(default)]
    pub params: BTreeMap<String, ParamDoc>,
    /// IANA time zone that defines "today" when `--as-of` is not given.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub time_zone: Option<Spanned<String>>,
    pub input: InputDoc,
    /// Named sets of accepted date forms, used by `date` steps.
    #[serde(default)]
    pub date_formats: BTreeMap<String, DateFormatsDoc>,
    /// Lookup tables: exact values or ordered regex classifiers.
    #[serde(default)]
    pub lookups: BTreeMap<String, LookupDoc>,
    /// Derived values, computed on demand from fields or other values.
    #[serde(default)]
    pub values: BTreeMap<String, ValueDoc>,
    /// Rules decided before any output column: exclusions and early rejections, in order.
    #[serde(default)]
    pub rules: Vec<RuleDoc>,
    pub output: OutputDoc,
    /// Row-level rejection checks run after every column passed its own checks.
    #[serde(default)]
    pub checks: Vec<CheckDoc>,
    /// Warnings: the row is still written, the rule is counted.
    #[serde(default)]
    pub warnings: Vec<WarningDoc>,
    /// Names and messages of the rules the engine itself applies.
    #[serde(default)]
    pub builtin_rules: BuiltinRulesDoc,
    /// Each rule's label (and a sentence about it) by the rule's name, for the tables and
    /// lines that show a rule without a row; a child replaces one rule's entry.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RuleLabelDoc>")]
    pub rule_labels: BTreeMap<String, Spanned<RuleLabelDoc>>,
    /// Values every test starts from (a test's own `row` and `as_of` override them).
    #[serde(default)]
    pub test_defaults: TestDefaultsDoc,
    /// Test cases run by `validate-profile`.
    #[serde(default)]
    #[schemars(with = "Vec<TestDoc>")]
    pub tests: Vec<Spanned<TestDoc>>,
    /// Inherited tests this profile breaks on purpose, each with its reason.
    #[serde(default)]
    pub skip_tests: Vec<SkipTestDoc>,
    /// The value of every parameter for this compilation (the default or `--set`), filled
    /// when the profile is loaded; never written in a profile.
    #[serde(skip)]
    pub param_values: BTreeMap<String, ParamValue>,
    /// What the sync history (`--ledger`) remembers of a row: without this table a profile
    /// cannot be run with a ledger.
    #[serde(default)]
    pub ledger: Option<LedgerDoc>,
}

/// The `[ledger]` table lives in its own file (`schema/ledger.rs`).
mod ledger;
pub(crate) use ledger::{LedgerDoc, UploadDoc};

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestDefaultsDoc {
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub row: BTreeMap<String, String>,
    /// Output columns every test expecting a written row (`output` or `path`) compares too,
    /// unless it gives the column itself: the columns a test does not change are still checked.
    #[serde(default)]
    pub output: BTreeMap<String, String>,
    /// The path of a written row, for a test that does not give its own.
    #[serde(default)]
    pub path: Option<String>,
    /// The parameters every test assumes, unless it gives its own (see [`TestDoc::params`]).
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InputDoc {
    /// `auto`, `utf-8`, `cp932` / `shift_jis` / `windows-31j`.
    #[serde(default = "default_auto")]
    #[schemars(with = "String")]
    pub encoding: Spanned<String>,
    /// `auto` (from the header row), `,` or a tab (`"\t"`, or the word `tab`).
    #[serde(default = "default_auto")]
    #[schemars(with = "String")]
    pub delimiter: Spanned<String>,
    /// Trim leading and trailing white space (Unicode, so U+3000 too) from every field.
    #[serde(default = "default_true")]
    pub trim: bool,
    /// Fields found by header name.
    #[schemars(with = "BTreeMap<String, FieldDoc>")]
    pub fields: BTreeMap<String, Spanned<FieldDoc>>,
}

fn default_auto() -> Spanned<String> {
    Spanned::new(0..0, "auto".to_string())
}
fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDoc {
    /// Accepted header names, first is the canonical one.
    pub headers: Vec<String>,
    /// Value used when the column is absent; a field without a default is required.
    #[serde(default)]
    pub default: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateFormatsDoc {
    /// The whole value must match this regex before any format is tried (jiff's `strptime` is
    /// lenient about digit counts; this pins the accepted shape down).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub shape: Option<Spanned<String>>,
    /// jiff `strptime` formats, tried in order.
    #[schemars(with = "Vec<String>")]
    pub formats: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LookupDoc {
    /// Entries tried in order. Exact entries (`from`) or regex entries (`pattern`), not both.
    #[schemars(with = "Vec<EntryDoc>")]
    pub entries: Vec<Spanned<EntryDoc>>,
    /// Latin letters in patterns match case-insensitively.
    #[serde(default)]
    pub ignore_case: bool,
    /// Result for an empty input, without consulting the entries.
    #[serde(default)]
    pub on_empty: Option<String>,
    /// What happens when nothing matches.
    #[serde(default)]
    #[schemars(with = "Option<MissingDoc>")]
    pub on_missing: Option<Spanned<MissingDoc>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryDoc {
    #[serde(default)]
    pub from: Option<Vec<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub pattern: Option<Spanned<String>>,
    pub to: String,
}

/// A lookup miss: reject the row, or use a fallback value (optionally with a warning).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MissingDoc {
    #[serde(default)]
    pub reject: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub warn: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueDoc {
    /// A field or another value to start from.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub from: Option<Spanned<String>>,
    /// A template such as `0{tracking}` to start from.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub template: Option<Spanned<String>>,
    /// A constant to start from.
    #[serde(default)]
    pub constant: Option<String>,
    #[serde(default)]
    #[schemars(with = "Vec<StepDoc>")]
    pub steps: Vec<Spanned<StepDoc>>,
}

/// One transform step. Exactly one operation key per step; the others are its options.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepDoc {
    #[serde(default)]
    pub trim: Option<bool>,
    #[serde(default)]
    pub nfkc: Option<bool>,
    #[serde(default)]
    pub uppercase: Option<bool>,
    #[serde(default)]
    pub lowercase: Option<bool>,
    #[serde(default)]
    pub strip_prefix: Option<String>,
    /// `[prefix, suffix]`: removed together when both are present.
    #[serde(default)]
    pub unwrap: Option<(String, String)>,
    #[serde(default)]
    pub remove_chars: Option<String>,
    /// Regex; every match is replaced by `with` (`$1` refers to groups).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub replace: Option<Spanned<String>>,
    #[serde(default)]
    pub with: Option<String>,
    /// Regex; a value matching it fails the step (rejects the row with `rule`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub reject_if: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub lookup: Option<Spanned<String>>,
    /// Name of a `[date_formats]` set; the value is parsed and written with `to`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub to: Option<Spanned<String>>,
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// The condition types live in their own file (`schema/condition.rs`).
mod condition;
pub(crate) use condition::ConditionDoc;

/// Rule labels live in their own file (`schema/labels.rs`).
mod labels;
pub(crate) use labels::RuleLabelDoc;

/// Parameters and skipped tests live in their own file (`schema/inherit.rs`).
mod inherit;
pub(crate) use inherit::{ParamDoc, ParamValue, SkipTestDoc};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// `exclude` or `reject`.
    #[schemars(with = "String")]
    pub action: Spanned<String>,
    #[schemars(with = "ConditionDoc")]
    pub when: Spanned<ConditionDoc>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckDoc {
    /// The rejection rule's name.
    #[schemars(with = "String")]
    pub rule: Spanned<String>,
    pub message: String,
    /// The check applies only when this holds.
    #[serde(default)]
    #[schemars(with = "Option<ConditionDoc>")]
    pub when: Option<Spanned<ConditionDoc>>,
    /// What must hold; a check has `require` or `cases`.
    #[serde(default)]
    #[schemars(with = "Option<ConditionDoc>")]
    pub require: Option<Spanned<ConditionDoc>>,
    /// The first case whose `when` holds (or that has none) gives the requirement.
    #[serde(default)]
    pub cases: Vec<CaseDoc>,
    /// More specific messages for a failure: the first whose `when` holds replaces `message`.
    #[serde(default)]
    pub hints: Vec<HintDoc>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseDoc {
    #[serde(default)]
    #[schemars(with = "Option<ConditionDoc>")]
    pub when: Option<Spanned<ConditionDoc>>,
    #[schemars(with = "ConditionDoc")]
    pub require: Spanned<ConditionDoc>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HintDoc {
    #[schemars(with = "ConditionDoc")]
    pub when: Spanned<ConditionDoc>,
    pub message: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WarningDoc {
    #[schemars(with = "String")]
    pub rule: Spanned<String>,
    #[schemars(with = "ConditionDoc")]
    pub when: Spanned<ConditionDoc>,
    pub message: String,
}

/// The output part (`[output]`, its columns and reject files) lives in its own file
/// (`schema/output.rs`).
mod output;
pub(crate) use output::OutputDoc;

/// The engine's own rules as a profile names them live in their own file
/// (`schema/builtin.rs`).
mod builtin;
pub(crate) use builtin::{BuiltinDoc, BuiltinRulesDoc};

/// A test case written inside the profile.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestDoc {
    pub name: String,
    #[serde(default)]
    pub as_of: Option<String>,
    /// The input row, by header name (merged over `test_defaults.row`).
    #[serde(default)]
    pub row: BTreeMap<String, String>,
    /// Expected output columns (only those listed are compared); implies "written".
    #[serde(default)]
    pub output: Option<BTreeMap<String, String>>,
    /// Expected route path of the written row.
    #[serde(default)]
    pub path: Option<String>,
    /// Expected exclusion rule.
    #[serde(default)]
    pub excluded: Option<String>,
    /// Expected rejection rule.
    #[serde(default)]
    pub rejected: Option<String>,
    /// Text the rejection message must contain (with `rejected`): for a rule whose message
    /// must name something, such as the number the shop should use instead.
    #[serde(default)]
    pub message_contains: Option<String>,
    /// Expected warning rules (exactly these, in order).
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
    /// The parameters whose value the expectation depends on (over `test_defaults.params`):
    /// compiled with other values (a child's default, `--set`) the test is skipped with a
    /// note instead of failing on a change the shop made on purpose.
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
}
