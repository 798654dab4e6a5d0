//! Parameters: `[params.NAME]` declares a value with a type, a default and a description; a
//! profile uses it as `{ param = "NAME" }` wherever it takes a number, a string or a flag;
//! `run --set NAME=VALUE` overrides it for one run.
//!
//! A reference is replaced by the value in the merged TOML tree, before the tree is read into
//! the schema: so a parameter works in every place a value is taken, without the schema
//! knowing about parameters, and a value of the wrong type there is the schema's own error,
//! located at the reference (with the parameter named). The declared defaults are checked
//! against their types here; `--set` values too, with an error for an unknown name.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diag::Problem;
use super::diag::suggestion;
use super::schema::ParamValue;
use crate::i18n::Msg;

/// The types a parameter may have.
const TYPES: &[&str] = &["integer", "string", "boolean"];

/// A declared parameter: its type and the value used for this compilation.
struct Declared<'i> {
    kind: String,
    value: DeValue<'i>,
    /// Where its name is declared.
    span: Range<usize>,
    /// The values an integer parameter may take (`min`, `max`, both included).
    range: (Option<i64>, Option<i64>),
}

/// The integer a TOML tree value holds, if it is one.
fn integer(v: &DeValue<'_>) -> Option<i64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

/// `0 to 90`, `0 or more`, `90 or less`: a declared range in the catalog's words.
fn range_words((min, max): (Option<i64>, Option<i64>)) -> Msg {
    match (min, max) {
        (Some(lo), Some(hi)) => Msg::new("profile-param-range-both").arg("min", lo).arg("max", hi),
        (Some(lo), None) => Msg::new("profile-param-range-min").arg("min", lo),
        (None, Some(hi)) => Msg::new("profile-param-range-max").arg("max", hi),
        (None, None) => Msg::text(""),
    }
}

/// Whether `v` is inside the declared range (a value that is no integer is the type check's).
fn in_range(v: &DeValue<'_>, (min, max): (Option<i64>, Option<i64>)) -> bool {
    integer(v).is_none_or(|n| min.is_none_or(|lo| n >= lo) && max.is_none_or(|hi| n <= hi))
}

/// `min` and `max` of a declaration: integers, on an integer parameter, `min` ≤ `max`.
fn declared_range(name: &str, kind: &str, t: &DeTable<'_>) -> Result<(Option<i64>, Option<i64>), Problem> {
    let mut bounds = [None, None];
    for (i, key) in ["min", "max"].into_iter().enumerate() {
        let Some(v) = t.get(key) else { continue };
        if kind != "integer" {
            let m = Msg::new("profile-param-range-not-integer").arg("name", name);
            return Err((Some(v.span()), m));
        }
        // Not an integer: the schema reports it, located, with the key's type.
        bounds[i] = integer(v.get_ref());
    }
    if let [Some(lo), Some(hi)] = bounds
        && lo > hi
    {
        let m = Msg::new("profile-param-range-empty").arg("name", name).arg("min", lo).arg("max", hi);
        return Err((t.get("min").map(Spanned::span), m));
    }
    Ok((bounds[0], bounds[1]))
}

/// The value of a TOML tree value as a [`ParamValue`], if it has one of the parameter types.
fn to_param(v: &DeValue<'_>) -> Option<ParamValue> {
    match v {
        DeValue::Integer(_) => integer(v).map(ParamValue::Integer),
        DeValue::Boolean(b) => Some(ParamValue::Boolean(*b)),
        DeValue::String(s) => Some(ParamValue::String(s.to_string())),
        _ => None,
    }
}

/// A parameter type in the catalog's words (`整数`, `a whole number`): the TOML keyword
/// (`integer`) is the profile's language, not the shop's.
fn type_word(kind: &str) -> Msg {
    match kind {
        "integer" => Msg::new("type-integer"),
        "boolean" => Msg::new("type-boolean"),
        "string" => Msg::new("type-string"),
        other => Msg::text(other),
    }
}

fn type_of(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::Integer(_) => "integer",
        DeValue::Boolean(_) => "boolean",
        DeValue::String(_) => "string",
        other => other.type_str(),
    }
}

/// Reads the declarations of `[params]`, checking each default against its type.
fn declared<'i>(tree: &DeTable<'i>) -> Result<BTreeMap<String, Declared<'i>>, Problem> {
    let mut out = BTreeMap::new();
    let Some(params) = tree.get("params") else { return Ok(out) };
    let DeValue::Table(params) = params.get_ref() else {
        return Ok(out); // the schema reports a `params` that is not a table
    };
    for (name, decl) in params {
        let DeValue::Table(t) = decl.get_ref() else { continue };
        let (Some(kind), Some(default)) = (t.get("type"), t.get("default")) else {
            continue; // the schema reports the missing key, located
        };
        let Some(k) = kind.get_ref().as_str().filter(|k| TYPES.contains(k)) else {
            let types = Msg::join(
                ", ",
                TYPES.iter().map(|t| Msg::text(format!("\"{t}\" (")).then("", type_word(t)).then("", Msg::text(")"))),
            );
            let m = Msg::new("profile-param-bad-type").arg("name", name.get_ref()).arg("types", types);
            return Err((Some(kind.span()), m));
        };
        if type_of(default.get_ref()) != k {
            let m = Msg::new("profile-param-default-type").arg("name", name.get_ref()).arg("type", type_word(k));
            return Err((Some(default.span()), m));
        }
        // The default is checked where it is written: a child's `default` in the child.
        let range = declared_range(name.get_ref(), k, t)?;
        if !in_range(default.get_ref(), range) {
            let m = Msg::new("profile-param-default-range")
                .arg("name", name.get_ref())
                .arg("value", integer(default.get_ref()).unwrap_or_default())
                .arg("range", range_words(range));
            return Err((Some(default.span()), m));
        }
        out.insert(
            name.get_ref().to_string(),
            Declared { kind: k.to_string(), value: default.get_ref().clone(), span: name.span(), range },
        );
    }
    Ok(out)
}

/// `--set NAME=VALUE` read as the parameter's type.
fn set_value<'i>(name: &str, text: &'i str, kind: &str) -> Option<DeValue<'i>> {
    match kind {
        "string" => Some(DeValue::String(Cow::Borrowed(text))),
        "boolean" => text.parse::<bool>().ok().map(DeValue::Boolean),
        _ => {
            let _ = name;
            let v = DeValue::parse(text.trim()).ok()?.into_inner();
            matches!(v, DeValue::Integer(_)).then_some(v)
        }
    }
}

/// Applies `--set` overrides and replaces every `{ param = "NAME" }` in `tree` (outside
/// `[params]`) by the parameter's value. Returns the value of every parameter, as used.
/// `own` is the span of the profile's own file (a child's, in a chain): only a parameter
/// declared there must be used — a parent's may go unused once a child removed its rule.
pub fn apply<'i>(
    tree: &mut DeTable<'i>,
    overrides: &'i [(String, String)],
    own: Range<usize>,
) -> Result<BTreeMap<String, ParamValue>, Problem> {
    let mut params = declared(tree)?;
    for (name, text) in overrides {
        let Some(p) = params.get_mut(name) else {
            let hint = suggestion(name, params.keys().map(String::as_str));
            let known = params.keys().cloned().collect::<Vec<_>>().join(", ");
            let known = if known.is_empty() { "-".to_string() } else { known };
            let m = Msg::new("profile-param-set-unknown").arg("name", name).arg("hint", hint).arg("known", known);
            return Err((None, m));
        };
        p.value = set_value(name, text, &p.kind).ok_or_else(|| {
            let m =
                Msg::new("profile-param-set-type").arg("name", name).arg("value", text).arg("type", type_word(&p.kind));
            (None, m)
        })?;
        if !in_range(&p.value, p.range) {
            let m = Msg::new("profile-param-set-range")
                .arg("name", name)
                .arg("value", text)
                .arg("range", range_words(p.range));
            return Err((None, m));
        }
    }
    let mut used = std::collections::BTreeSet::new();
    for (key, value) in tree.iter_mut() {
        if key.get_ref() != "params" {
            substitute(value, &params, &mut used)?;
        }
    }
    // A parameter nothing uses is most likely a misspelt name in a child (`window_day`): it
    // would change nothing, silently.
    let unused = |(n, p): &(&String, &Declared<'_>)| !used.contains(n.as_str()) && own.contains(&p.span.start);
    if let Some((name, p)) = params.iter().find(unused) {
        let hint = suggestion(name, used.iter().copied());
        let m = Msg::new("profile-param-unused").arg("name", name).arg("hint", hint);
        return Err((Some(p.span.clone()), m));
    }
    Ok(params.iter().filter_map(|(n, p)| Some((n.clone(), to_param(&p.value)?))).collect())
}

/// The parameter a value refers to: a table of exactly one key, `param`, naming it.
fn reference<'a>(v: &'a DeValue<'_>) -> Option<(&'a str, Range<usize>)> {
    let DeValue::Table(t) = v else { return None };
    if t.len() != 1 {
        return None;
    }
    let p = t.get("param")?;
    p.get_ref().as_str().map(|s| (s, p.span()))
}

fn substitute<'i, 'p>(
    v: &mut Spanned<DeValue<'i>>,
    params: &'p BTreeMap<String, Declared<'i>>,
    used: &mut std::collections::BTreeSet<&'p str>,
) -> Result<(), Problem> {
    if let Some((name, name_span)) = reference(v.get_ref()) {
        let Some((known, p)) = params.get_key_value(name) else {
            let hint = suggestion(name, params.keys().map(String::as_str));
            let m = Msg::new("profile-param-unknown").arg("name", name).arg("hint", hint);
            return Err((Some(name_span), m));
        };
        used.insert(known.as_str());
        *v = Spanned::new(v.span(), p.value.clone());
        return Ok(());
    }
    match v.get_mut() {
        DeValue::Table(t) => t.iter_mut().try_for_each(|(_, v)| substitute(v, params, used)),
        DeValue::Array(a) => a.iter_mut().try_for_each(|v| substitute(v, params, used)),
        _ => Ok(()),
    }
}
