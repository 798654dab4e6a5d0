//! The `[output]` part of a profile: the upload file's path and format, its columns with
//! their checks, and the reject, warned and excluded files.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{CheckDoc, default_true};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputDoc {
    /// Path template under `--out`: `{value}`, `{as_of:FORMAT}`, `{input_stem}`, `{profile}`.
    #[schemars(with = "String")]
    pub path: Spanned<String>,
    /// What the operator calls a file's destination (e.g. the store: 「楽天市場店」), shown
    /// beside the file: a template over the row's values like `path`, taken from the first
    /// row written to the file. Without it only the path tells two stores' files apart.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub file_label: Option<Spanned<String>>,
    /// Where the file is to be uploaded (e.g. the marketplace's screen), shown beside it: a
    /// template like `file_label`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub file_note: Option<Spanned<String>>,
    #[serde(default = "default_cp932")]
    #[schemars(with = "String")]
    pub encoding: Spanned<String>,
    /// `crlf` or `lf`.
    #[serde(default = "default_crlf")]
    #[schemars(with = "String")]
    pub newline: Spanned<String>,
    #[serde(default = "default_true")]
    pub header: bool,
    /// `necessary` (comma, quote, CR, LF) or `always`.
    #[serde(default = "default_necessary")]
    #[schemars(with = "String")]
    pub quote: Spanned<String>,
    /// Characters replaced before encoding, silently (e.g. WAVE DASH → FULLWIDTH TILDE).
    #[serde(default)]
    pub fold: BTreeMap<String, String>,
    /// What to do with a character the encoding cannot hold after folding.
    #[serde(default)]
    pub unencodable: UnencodableDoc,
    /// Output column names whose values together identify a duplicate row in one file.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub duplicate_key: Vec<Spanned<String>>,
    pub columns: Vec<ColumnDoc>,
    #[serde(default)]
    pub rejects: RejectsDoc,
}

fn default_cp932() -> Spanned<String> {
    Spanned::new(0..0, "cp932".to_string())
}
fn default_crlf() -> Spanned<String> {
    Spanned::new(0..0, "crlf".to_string())
}
fn default_necessary() -> Spanned<String> {
    Spanned::new(0..0, "necessary".to_string())
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnencodableDoc {
    /// Replace an unencodable character with this one and warn, instead of rejecting the row.
    #[serde(default)]
    pub replace_with: Option<String>,
    /// Warning rule name used with `replace_with`.
    #[serde(default)]
    pub warn: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnDoc {
    pub name: String,
    /// The field or value written in this column.
    #[schemars(with = "String")]
    pub value: Spanned<String>,
    #[serde(default)]
    pub checks: Vec<CheckDoc>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectsDoc {
    /// Path template of the reject file under `--out`. The default names the profile
    /// (`{profile}`), so that profiles sharing one `--out` never overwrite each other's lists.
    #[serde(default = "default_rejects_path")]
    #[schemars(with = "String")]
    pub path: Spanned<String>,
    /// Header names of the four columns added to the original ones.
    #[serde(default = "default_reject_headers")]
    pub headers: [String; 4],
    /// Path template of the list of written rows that carry a warning (same layout).
    #[serde(default = "default_warned_path")]
    #[schemars(with = "String")]
    pub warned_path: Spanned<String>,
    /// Path template of the list of excluded rows written with `run --list-excluded`.
    #[serde(default = "default_excluded_path")]
    #[schemars(with = "String")]
    pub excluded_path: Spanned<String>,
}

impl Default for RejectsDoc {
    fn default() -> Self {
        RejectsDoc {
            path: default_rejects_path(),
            headers: default_reject_headers(),
            warned_path: default_warned_path(),
            excluded_path: default_excluded_path(),
        }
    }
}

fn default_rejects_path() -> Spanned<String> {
    Spanned::new(0..0, "rejected_{profile}_{as_of:%Y%m%d}.csv".to_string())
}
fn default_warned_path() -> Spanned<String> {
    Spanned::new(0..0, "warned_{profile}_{as_of:%Y%m%d}.csv".to_string())
}
fn default_excluded_path() -> Spanned<String> {
    Spanned::new(0..0, "excluded_{profile}_{as_of:%Y%m%d}.csv".to_string())
}
fn default_reject_headers() -> [String; 4] {
    ["file", "line", "rule", "reason"].map(String::from)
}
