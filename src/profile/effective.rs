//! The merged profile written out as TOML (`validate-profile --effective`, and `profile show`
//! for a child profile): a profile of its own that behaves as the chain does.

use toml::de::{DeTable, DeValue};
use toml::{Table, Value};

/// The merged tree as TOML text. Comments do not survive a merge; keys come out in name order.
pub fn to_toml(tree: &DeTable<'_>) -> String {
    let table = to_table(tree);
    let body = toml::to_string_pretty(&table).unwrap_or_else(|e| format!("# cannot be written as TOML: {e}\n"));
    format!(
        "# The effective profile: the `extends` chain merged (see the README, \"Editing a profile safely\").\n{body}"
    )
}

fn to_table(t: &DeTable<'_>) -> Table {
    t.iter().filter_map(|(k, v)| Some((k.get_ref().to_string(), to_value(v.get_ref())?))).collect()
}

fn to_value(v: &DeValue<'_>) -> Option<Value> {
    Some(match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => Value::Integer(i64::from_str_radix(i.as_str(), i.radix()).ok()?),
        DeValue::Float(f) => Value::Float(match f.as_str().trim_start_matches('+') {
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            "nan" | "-nan" => f64::NAN,
            s => s.replace('_', "").parse().ok()?,
        }),
        DeValue::Boolean(b) => Value::Boolean(*b),
        DeValue::Datetime(d) => Value::Datetime(*d),
        DeValue::Array(a) => Value::Array(a.iter().filter_map(|v| to_value(v.get_ref())).collect()),
        DeValue::Table(t) => Value::Table(to_table(t)),
    })
}
