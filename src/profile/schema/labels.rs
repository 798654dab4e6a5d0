//! `[rule_labels]`: how the shop calls each rule where no row is shown (the page's tables of
//! counts by rule, the summary's rule lines). A rule's id stays what the reject file and
//! the report's keys carry; the label is the words an operator reads first.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// One rule's words. Neither may name a row's field or value (there is no row where they are
/// shown); `{params.NAME}` is put in when the profile is compiled.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleLabelDoc {
    /// A short noun phrase: 「ほかの店舗の注文」.
    #[schemars(with = "String")]
    pub label: Spanned<String>,
    /// One sentence for a table where no row is shown: what the rule does and why.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub about: Option<Spanned<String>>,
}
