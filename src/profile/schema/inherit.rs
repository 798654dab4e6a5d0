//! The parts of a profile that exist for customising: parameters (`[params]`) and the
//! inherited tests a child profile skips on purpose (`[[skip_tests]]`). `extends` itself is
//! consumed while the chain of files is merged ([`crate::profile::merge`]), before any of
//! these types is filled.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A named value a profile uses where it takes a number, a string or a flag, written
/// `{ param = "NAME" }` there; `run --set NAME=VALUE` overrides it for one run, a child
/// profile changes its `default`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParamDoc {
    /// `integer`, `string` or `boolean`: what `default` and every `--set` must be.
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// The value used when no `--set` gives one.
    #[schemars(with = "ParamValue")]
    pub default: Spanned<ParamValue>,
    /// The smallest value an `integer` parameter may take (its default, a child's default and
    /// every `--set` are checked): a value out of range would silently change what the rules
    /// mean (a negative window excludes every row).
    #[serde(default)]
    pub min: Option<i64>,
    /// The largest value an `integer` parameter may take.
    #[serde(default)]
    pub max: Option<i64>,
    /// What the value means, for the shop (shown by `validate-profile --effective`).
    #[serde(default)]
    pub description: String,
}

/// A parameter's value; it is written into the report JSON (`"params"`) as it was used.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ParamValue {
    Integer(i64),
    Boolean(bool),
    String(String),
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Integer(n) => write!(f, "{n}"),
            ParamValue::Boolean(b) => write!(f, "{b}"),
            ParamValue::String(s) => write!(f, "{s:?}"),
        }
    }
}

/// Inherited tests that a child profile breaks on purpose: one by `name`, or every test that
/// expects the rule `rule` (for a child that removes or changes that rule). `validate-profile`
/// lists each skipped test with the reason instead of running it; a name (or rule) that no
/// test has is an error.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkipTestDoc {
    /// The `name` of the test to skip.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    /// Skip every test whose `excluded`, `rejected` or `warnings` names this rule.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub rule: Option<Spanned<String>>,
    /// Why this profile's change breaks it (shown with every skipped test).
    pub reason: String,
}
