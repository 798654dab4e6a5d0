//! The `[builtin_rules]` table: the names and messages a profile gives the rules the engine
//! applies itself.

use schemars::JsonSchema;
use serde::Deserialize;

/// The rules the engine applies itself; a profile names them and words their messages.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuiltinRulesDoc {
    #[serde(default)]
    pub undecodable: Option<BuiltinDoc>,
    #[serde(default)]
    pub field_count: Option<BuiltinDoc>,
    #[serde(default)]
    pub duplicate: Option<BuiltinDoc>,
    #[serde(default)]
    pub unencodable: Option<BuiltinDoc>,
    #[serde(default)]
    pub bad_path: Option<BuiltinDoc>,
    /// A row a ledger shows was already in a confirmed upload, with the same values (only with
    /// `--ledger`; `--resend` writes it anyway).
    #[serde(default)]
    pub already_sent: Option<BuiltinDoc>,
    /// For an upload that adds: a row whose correction column (`[ledger] correction`) changed
    /// after a confirmed send (only with a ledger; `--resend` writes it anyway). Its message may
    /// use `{old}`, `{new}` and `{sent_at}`.
    #[serde(default)]
    pub changed_after_send: Option<BuiltinDoc>,
    /// For an upload that adds: a row already sent in a confirmed upload whose other values
    /// changed since (the same report: sent again, it would be added twice; only with a
    /// ledger; `--resend` writes it anyway).
    #[serde(default)]
    pub changed_since_send: Option<BuiltinDoc>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuiltinDoc {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}
