//! The merged profile written out as TOML (`validate-profile --effective`, and `profile show`
//! for a child profile): a profile of its own that behaves as the chain does.

use toml::de::{DeTable, DeValue};
use toml::{Table, Value};

/// The order of the sections in the text: the order of the shipped profiles, so that the
/// effective profile reads like one. A key not listed here comes after them.
const ORDER: &[&str] = &[
    "description",
    "time_zone",
    "params",
    "input",
    "date_formats",
    "lookups",
    "values",
    "rules",
    "output",
    "checks",
    "warnings",
    "builtin_rules",
    "rule_labels",
    "test_defaults",
    "skip_tests",
    "tests",
];

/// The merged tree as TOML text, section by section in [`ORDER`] (keys inside a section in
/// name order). Comments do not survive a merge. `own` is the span of the profile's own file;
/// `lang` the language of the header comment (the reader's).
pub fn to_toml(tree: &DeTable<'_>, own: std::ops::Range<usize>, lang: crate::i18n::Lang) -> String {
    let mut table = to_table(tree);
    let inherited: Vec<String> = match tree.get("lookups").map(|l| l.get_ref()) {
        Some(DeValue::Table(lookups)) => lookups
            .iter()
            .filter(|(_, v)| !own.contains(&v.span().start))
            .map(|(k, _)| k.get_ref().to_string())
            .collect(),
        _ => Vec::new(),
    };
    prune_unused_lookups(&mut table, &inherited);
    let mut keys: Vec<String> = ORDER.iter().map(|k| k.to_string()).filter(|k| table.contains_key(k)).collect();
    keys.extend(table.keys().filter(|k| !ORDER.contains(&k.as_str())).cloned().collect::<Vec<_>>());
    // A TOML comment, in the user's language like every other message of the tool.
    let mut out = format!("# {}\n", crate::i18n::Msg::new("profile-effective-header").render(lang));
    for key in keys {
        let Some(value) = table.remove(&key) else { continue };
        let section = matches!(value, Value::Table(_) | Value::Array(_));
        let one: Table = [(key, value)].into_iter().collect();
        if section {
            out.push('\n');
        }
        match toml::to_string_pretty(&one) {
            Ok(text) => out.push_str(&text),
            Err(e) => out.push_str(&format!("# cannot be written as TOML: {e}\n")),
        }
    }
    out
}

/// Leaves out the `inherited` lookups nothing refers to (by a `lookup` step or an `in_lookup`
/// condition): a base's table that a child does not use (the Rakuten carrier codes under
/// goq-yahoo) changes nothing, and in a profile of its own an unused lookup is an error. A
/// lookup the profile itself writes stays, used or not, so that its error is still reported.
fn prune_unused_lookups(table: &mut Table, inherited: &[String]) {
    fn collect(v: &Value, used: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Table(t) => {
                for (k, v) in t {
                    match v {
                        Value::String(s) if k == "lookup" || k == "in_lookup" => {
                            used.insert(s.clone());
                        }
                        _ => collect(v, used),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| collect(v, used)),
            _ => {}
        }
    }
    let mut used = std::collections::BTreeSet::new();
    for (key, v) in table.iter() {
        if key != "lookups" {
            collect(v, &mut used);
        }
    }
    // The rules only a left-out lookup states (its name, its `on_missing` rule) are gone with
    // it: their labels go too, unless something else still names the rule.
    let mut gone: Vec<String> = Vec::new();
    if let Some(Value::Table(lookups)) = table.get_mut("lookups") {
        lookups.retain(|name, l| {
            let keep = used.contains(name) || !inherited.iter().any(|i| i == name);
            if !keep {
                gone.push(name.to_string());
                let miss = l.get("on_missing").and_then(Value::as_table);
                gone.extend(["reject", "warn"].iter().filter_map(|k| miss?.get(*k)?.as_str().map(str::to_string)));
            }
            keep
        });
    }
    let named = |rule: &String| table.iter().any(|(k, v)| k != "rule_labels" && names(v, rule));
    let kept: Vec<String> = gone.into_iter().filter(|r| !named(r)).collect();
    if let Some(Value::Table(labels)) = table.get_mut("rule_labels") {
        labels.retain(|rule, _| !kept.iter().any(|k| k == rule));
    }
}

/// Whether `v` holds the string `s` anywhere.
fn names(v: &Value, s: &str) -> bool {
    match v {
        Value::String(x) => x == s,
        Value::Table(t) => t.values().any(|v| names(v, s)),
        Value::Array(a) => a.iter().any(|v| names(v, s)),
        _ => false,
    }
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
