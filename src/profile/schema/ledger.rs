//! The `[ledger]` table of a profile: what the sync history remembers of a row, where it
//! files it, and what the profile's upload does at the marketplace.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// How a ledger (the history of runs, `--ledger FILE`) recognises one report to the
/// marketplace across runs: a row whose key was in a confirmed upload with the same output
/// values is not sent again (`already_sent`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerDoc {
    /// Output column names whose values together identify one report (e.g. the order number
    /// and the tracking number). `ledger show KEY` finds a report by a prefix of these values,
    /// the first column first, so put the order number first.
    #[schemars(with = "Vec<String>")]
    pub key: Vec<Spanned<String>>,
    /// The name the ledger files this profile's history under (default: the profile's name).
    /// A shipped profile sets its own name here, so that a shop's child profile (which
    /// inherits this table) shares the history of the profile it extends: switching to a
    /// child, or renaming it, must not send every confirmed row again.
    #[serde(default)]
    pub scope: Option<String>,
    /// What an upload does at the marketplace: `"sets"` (the default) states a state, so a row
    /// sent again is harmless; `"adds"` adds a report each time (a second shipment), so a run
    /// stops before writing rows that are in an earlier file whose upload is not known, until
    /// the shop says whether it was uploaded.
    #[serde(default)]
    pub upload: UploadDoc,
    /// Key columns a correction changes (e.g. the tracking number), for an upload that adds: a
    /// row whose other key columns were sent in a confirmed upload with another value here, which
    /// the input no longer has, is held (`changed_after_send`) rather than added as a new report.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub correction: Vec<Spanned<String>>,
}

/// What an upload does at the marketplace (`[ledger] upload`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UploadDoc {
    /// Each row states a state (a status, a tracking number): sending it again is harmless.
    #[default]
    Sets,
    /// Each row adds a report (a shipment): sending it again adds it twice.
    Adds,
}
