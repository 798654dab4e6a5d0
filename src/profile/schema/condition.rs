//! The condition of a rule, check, case, hint or warning, as written in a profile.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// A condition. Either a combinator (`all`, `any`, `not`) or one test on a value.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionDoc {
    #[serde(default)]
    #[schemars(with = "Option<Vec<ConditionDoc>>")]
    pub all: Option<Vec<Spanned<ConditionDoc>>>,
    #[serde(default)]
    #[schemars(with = "Option<Vec<ConditionDoc>>")]
    pub any: Option<Vec<Spanned<ConditionDoc>>>,
    #[serde(default)]
    #[schemars(with = "Option<Box<ConditionDoc>>")]
    pub not: Option<Box<Spanned<ConditionDoc>>>,
    /// The field or value tested; inside a column check it defaults to the column's value.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub value: Option<Spanned<String>>,
    #[serde(default)]
    pub equals: Option<String>,
    #[serde(rename = "in", default)]
    pub in_: Option<Vec<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub matches: Option<Spanned<String>>,
    #[serde(default)]
    pub empty: Option<bool>,
    #[serde(default)]
    pub max_chars: Option<usize>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub check_digit: Option<Spanned<String>>,
    /// True when the (date) value is earlier than as-of minus this many days.
    #[serde(default)]
    pub older_than_days: Option<i32>,
    /// True when the lookup of this name maps the value (an entry, or `on_empty` for an empty
    /// value): what the lookup would not hand to its `on_missing`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub in_lookup: Option<Spanned<String>>,
    /// Fields or values forming a key: with `over = N`, true when N rows with the same key
    /// (that met this condition) were already written in this run.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub count_of: Option<Vec<Spanned<String>>>,
    /// With `count_of`: count the distinct values of these per key instead of rows.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub distinct: Option<Vec<Spanned<String>>>,
    /// With `count_of`: how many rows (or distinct values) a key may have.
    #[serde(default)]
    pub over: Option<u32>,
}
