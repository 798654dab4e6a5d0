//! The shop file: `orderbridge.toml` in the shop's working folder (or `--shop FILE`) names the
//! shop's profiles, its output folder, its ledger and the parameters it runs them with, so
//! that in that folder `orderbridge run orders.csv` is the whole morning:
//!
//! ```toml
//! profiles = ["goq-rakuten-pay", "goq-yahoo"]
//! out = "upload"
//! [params]
//! window_days = 5
//! ```
//!
//! Relative paths in it (`out`, `ledger`, a profile given as a `.toml` path) are relative to
//! the shop file's folder, so the file means the same whichever folder it is used from.
//! Options given on the command line override it. A parameter goes to every chosen profile
//! that declares it ([`distribute`]); one that no chosen profile declares is an error naming
//! it, never silently dropped (a misspelt `window_day` would otherwise change nothing).
//!
//! A leaf: it reads the file and answers; the front ends decide what to run with it.

mod json_schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;
use crate::profile::schema::ParamValue;

pub use json_schema::{SHOP_SCHEMA_FILE, shop_json_schema, shop_json_schema_text};

/// The shop file's name in the working folder.
pub const SHOP_FILE: &str = "orderbridge.toml";

/// A shop file, its relative paths resolved against its folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShopFile {
    /// The profiles a run uses (names, or paths to `.toml` files), in order.
    pub profiles: Vec<String>,
    /// The output folder (`--out`).
    pub out: Option<PathBuf>,
    /// The ledger (`--ledger`).
    pub ledger: Option<PathBuf>,
    /// Parameter values, as `--set NAME=VALUE` gives them (each goes to the profiles that
    /// declare it).
    pub params: BTreeMap<String, String>,
}

/// A shop file (`orderbridge.toml`): the profiles `orderbridge run EXPORT` runs in its folder,
/// where, and with which parameters. Options on the command line override it.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "orderbridge shop file")]
pub(crate) struct ShopDoc {
    /// The shop's profiles, run together by `orderbridge run EXPORT` in this folder: names (as
    /// for `run --profile`) or paths to `.toml` files (relative to this file's folder).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<String>,
    /// The folder the upload files and lists are written under (`run --out`), relative to
    /// this file's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out: Option<String>,
    /// The ledger, the sync history (`run --ledger`), relative to this file's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<String>,
    /// Parameter values (`run --set NAME=VALUE`): each goes to every profile that declares
    /// it; a parameter no profile declares is an error.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, ParamDoc>,
}

/// A parameter's value: a number, a flag or a text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum ParamDoc {
    Integer(i64),
    Boolean(bool),
    String(String),
}

impl ParamDoc {
    /// The value as `--set` would give it.
    fn text(&self) -> String {
        match self {
            ParamDoc::Integer(n) => n.to_string(),
            ParamDoc::Boolean(b) => b.to_string(),
            ParamDoc::String(s) => s.clone(),
        }
    }
}

/// Why the shop file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ShopError {
    /// It cannot be read (missing, a folder, too large, not UTF-8).
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    Read(crate::profile::FindError),
    /// It is not a shop file: TOML's or the format's complaint.
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong, as the TOML reader says it.
        detail: String,
    },
    /// A parameter that no profile of the run declares.
    #[error("{}", self.msg().render(crate::i18n::Lang::En))]
    Param(Msg),
}

impl ShopError {
    /// What went wrong, as a catalog message.
    pub fn msg(&self) -> Msg {
        match self {
            ShopError::Read(e) => e.msg(),
            ShopError::Invalid { path, detail } => Msg::new("shop-invalid").arg("path", path).arg("detail", detail),
            ShopError::Param(m) => m.clone(),
        }
    }
}

/// The shop file: `flag` (`--shop FILE`, which must exist), else `orderbridge.toml` in the
/// working folder if there is one. `None`: no shop file.
pub fn find(flag: Option<&Path>) -> Result<Option<(PathBuf, ShopFile)>, ShopError> {
    let path = match flag {
        Some(p) => p.to_path_buf(),
        None if std::fs::symlink_metadata(SHOP_FILE).is_ok() => PathBuf::from(SHOP_FILE),
        None => return Ok(None),
    };
    let shop = read(&path)?;
    Ok(Some((path, shop)))
}

/// Reads the shop file at `path`, its relative paths resolved against its folder.
pub fn read(path: &Path) -> Result<ShopFile, ShopError> {
    let text = crate::profile::read::read_profile_file(path).map_err(ShopError::Read)?;
    let doc: ShopDoc = toml::from_str(&text)
        .map_err(|e| ShopError::Invalid { path: path.display().to_string(), detail: e.message().to_string() })?;
    let base = path.parent().unwrap_or(Path::new(""));
    let beside = |p: String| base.join(p);
    let profiles =
        doc.profiles.into_iter().map(|p| if is_path(&p) { base.join(&p).display().to_string() } else { p }).collect();
    Ok(ShopFile {
        profiles,
        out: doc.out.map(beside),
        ledger: doc.ledger.map(beside),
        params: doc.params.iter().map(|(k, v)| (k.clone(), v.text())).collect(),
    })
}

/// Whether a profile is given as a path rather than a name (as `run --profile` tells them).
fn is_path(spec: &str) -> bool {
    spec.ends_with(".toml") || spec.contains('/') || spec.contains('\\')
}

/// The text of a new shop file (`orderbridge init --shop`): `typed` holds its parameters'
/// values as the profiles declare them (a number stays a number); `comment` is written first,
/// each line a TOML comment.
pub(crate) fn render(shop: &ShopFile, typed: &BTreeMap<String, ParamValue>, comment: &str) -> String {
    let value = |v: &ParamValue| match v {
        ParamValue::Integer(n) => ParamDoc::Integer(*n),
        ParamValue::Boolean(b) => ParamDoc::Boolean(*b),
        ParamValue::String(s) => ParamDoc::String(s.clone()),
    };
    let doc = ShopDoc {
        profiles: shop.profiles.clone(),
        out: shop.out.as_ref().map(|p| p.display().to_string()),
        ledger: shop.ledger.as_ref().map(|p| p.display().to_string()),
        params: typed.iter().map(|(k, v)| (k.clone(), value(v))).collect(),
    };
    let body = toml::to_string(&doc).expect("a shop file serialises");
    let comment: String = comment.lines().map(|l| format!("# {l}\n")).collect();
    format!("{comment}{body}")
}

/// Which parameters go to which profile: `declared` is, per chosen profile, its name and the
/// parameters it declares; `shop` the shop file's values (`shop_file` names it) and `set` the
/// command line's (`--set`, which override the shop's). Returns, per profile in order, the
/// overrides it is compiled with. A parameter no chosen profile declares is an error naming
/// it and where it was given.
pub fn distribute(
    declared: &[(String, Vec<String>)],
    shop: &BTreeMap<String, String>,
    shop_file: Option<&Path>,
    set: &[(String, String)],
) -> Result<Vec<Vec<(String, String)>>, ShopError> {
    let from_shop = shop.iter().map(|(k, v)| (k, v, shop_file.map(|p| p.display().to_string())));
    let from_set = set.iter().map(|(k, v)| (k, v, None));
    let mut out = vec![Vec::new(); declared.len()];
    for (name, value, origin) in from_shop.chain(from_set) {
        let mut anywhere = false;
        for ((_, names), overrides) in declared.iter().zip(out.iter_mut()) {
            if names.contains(name) {
                overrides.push((name.clone(), value.clone()));
                anywhere = true;
            }
        }
        if !anywhere {
            let profiles = declared.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>().join(", ");
            let key = if origin.is_some() { "shop-param-undeclared" } else { "shop-set-undeclared" };
            let m = Msg::new(key).arg("name", name).arg("profiles", profiles);
            return Err(ShopError::Param(m.arg("file", origin.unwrap_or_default())));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_the_shop_files_folders_and_values_read_as_set_gives_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orderbridge.toml");
        let text = "profiles = [\"goq-yahoo\", \"own/child.toml\"]\nout = \"upload\"\nledger = \"/abs/h.sqlite\"\n\
                    [params]\nwindow_days = 5\nstrict_names = true\nfolder = \"a b\"\n";
        std::fs::write(&path, text).unwrap();
        let shop = read(&path).unwrap();
        assert_eq!(shop.profiles[0], "goq-yahoo");
        assert_eq!(PathBuf::from(&shop.profiles[1]), dir.path().join("own/child.toml"));
        assert_eq!(shop.out, Some(dir.path().join("upload")));
        assert_eq!(shop.ledger, Some(PathBuf::from("/abs/h.sqlite")));
        let params: Vec<(&str, &str)> = shop.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(params, [("folder", "a b"), ("strict_names", "true"), ("window_days", "5")]);
        std::fs::write(&path, "profile = [\"goq-yahoo\"]\n").unwrap();
        assert!(matches!(read(&path), Err(ShopError::Invalid { .. })), "a misspelt key is refused");
    }

    #[test]
    fn a_parameter_goes_to_the_profiles_that_declare_it_and_one_nobody_declares_is_named() {
        let declared = [("a".to_string(), vec!["window_days".to_string()]), ("b".to_string(), vec![])];
        let shop = BTreeMap::from([("window_days".to_string(), "5".to_string())]);
        let set = [("window_days".to_string(), "7".to_string())];
        let per = distribute(&declared, &shop, Some(Path::new("orderbridge.toml")), &set).unwrap();
        assert_eq!(per[0], [("window_days".into(), "5".into()), ("window_days".into(), "7".into())]);
        assert!(per[1].is_empty());
        let typo = BTreeMap::from([("window_day".to_string(), "5".to_string())]);
        let e = distribute(&declared, &typo, Some(Path::new("orderbridge.toml")), &[]).unwrap_err();
        let text = e.msg().render(crate::i18n::Lang::En);
        assert!(text.contains("window_day") && text.contains("orderbridge.toml") && text.contains("a, b"), "{text}");
    }
}
