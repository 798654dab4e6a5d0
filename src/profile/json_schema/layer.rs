//! What the loader accepts beyond [`ProfileDoc`]'s own types, added to the generated schema:
//!
//! - `{ param = "NAME" }` wherever a number, a string or a flag is taken ([`super::super::params`]
//!   replaces it before the types see the tree);
//! - the child profile (one with `extends`): every key optional, since the parent gives the
//!   rest ([`super::super::merge`] merges key by key), and `remove`, `before` and `after` on
//!   the items of the named arrays. The child's shape is a copy of each type's schema
//!   (`…Layer`) without its required keys (the key naming an item stays required) — derived
//!   from the same schema, so it cannot drift from it either.
//!
//! The root describes a layer, so an editor completes every key in any profile and flags a
//! typo anywhere; a profile without `extends` must also match the whole profile (`Profile`),
//! with its required keys, unless it is a base (`runnable = false`), which other profiles
//! complete.
//!
//! [`ProfileDoc`]: crate::profile::ProfileDoc

use serde_json::{Map, Value, json};

/// Types of a value that a parameter can give.
const SCALARS: &[&str] = &["integer", "string", "boolean", "number"];

/// Definitions whose values are written as they are (a parameter's own declaration).
const NO_PARAMS: &[&str] = &["ParamDoc", "ParamValue"];

/// The types of named-array items and the key that names one (as the merge rules say),
/// required in a child's item too (a skipped test is named by `name` or by `rule`).
const NAMED: &[(&str, Option<&str>)] = &[
    ("RuleDoc", Some("name")),
    ("CheckDoc", Some("rule")),
    ("WarningDoc", Some("rule")),
    ("TestDoc", Some("name")),
    ("ColumnDoc", Some("name")),
    ("SkipTestDoc", None),
];

const PARAM_REF: &str = "ParamRef";
const LAYER: &str = "Layer";
const PROFILE: &str = "Profile";

/// Rewrites the generated root schema of `ProfileDoc` into the schema of a profile file.
pub fn add_layers(root: &mut Value) {
    let Value::Object(root) = root else { return };
    let mut defs = match root.remove("definitions") {
        Some(Value::Object(d)) => d,
        _ => Map::new(),
    };
    // The whole profile: the generated root, without the keywords of the document itself.
    let mut profile: Map<String, Value> = root.clone();
    for k in ["$schema", "title"] {
        profile.remove(k);
    }
    let mut profile = Value::Object(profile);
    if let Some(props) = profile.get_mut("properties").and_then(Value::as_object_mut) {
        props.iter_mut().filter(|(k, _)| *k != "extends" && *k != "params").for_each(|(_, v)| with_params(v));
    }
    for (name, d) in defs.iter_mut() {
        if !NO_PARAMS.contains(&name.as_str()) {
            with_params(d);
        }
    }
    let layers: Vec<(String, Value)> = defs
        .iter()
        .map(|(name, d)| {
            let mut l = d.clone();
            to_layer(&mut l);
            if let Some((_, key)) = NAMED.iter().find(|(n, _)| n == name) {
                placed(&mut l, *key);
            }
            (format!("{name}{LAYER}"), l)
        })
        .collect();
    defs.extend(layers);
    defs.insert(
        PARAM_REF.into(),
        json!({
            "description": "The value of a parameter: `{ param = \"NAME\" }` names a `[params]` entry.",
            "type": "object",
            "properties": { "param": { "type": "string", "description": "The parameter's name." } },
            "required": ["param"],
            "additionalProperties": false
        }),
    );
    let mut layer_root = profile.clone();
    to_layer(&mut layer_root);
    defs.insert(PROFILE.into(), profile);
    root.clear();
    root.insert("$schema".into(), "http://json-schema.org/draft-07/schema#".into());
    root.insert("title".into(), "orderbridge mapping profile".into());
    if let Value::Object(l) = layer_root {
        root.extend(l);
    }
    // A base (`runnable = false`) is a layer too: the profiles extending it give the rest.
    let layer_only = json!({ "anyOf": [
        { "required": ["extends"] },
        { "required": ["runnable"], "properties": { "runnable": { "const": false } } },
    ] });
    root.insert("if".into(), layer_only);
    root.insert("else".into(), json!({ "$ref": format!("#/definitions/{PROFILE}") }));
    root.insert("definitions".into(), Value::Object(defs));
}

/// Lets every scalar in `schema` be a `{ param = "NAME" }` reference too.
fn with_params(schema: &mut Value) {
    let Value::Object(map) = schema else {
        if let Value::Array(items) = schema {
            items.iter_mut().for_each(with_params);
        }
        return;
    };
    let scalar = map.get("type").and_then(Value::as_str).is_some_and(|t| SCALARS.contains(&t));
    if scalar {
        let mut plain = Map::new();
        for k in ["type", "format", "minimum", "maximum", "enum", "pattern"] {
            if let Some(v) = map.remove(k) {
                plain.insert(k.into(), v);
            }
        }
        let alternatives = vec![Value::Object(plain), json!({ "$ref": format!("#/definitions/{PARAM_REF}") })];
        map.insert("anyOf".into(), Value::Array(alternatives));
        return;
    }
    for (k, v) in map.iter_mut() {
        // `properties` and `definitions` hold schemas by name; everything else that holds
        // objects or arrays is a schema or a list of them.
        if k == "properties" || k == "definitions" {
            if let Value::Object(named) = v {
                named.values_mut().for_each(with_params);
            }
        } else if matches!(v, Value::Object(_) | Value::Array(_)) && k != "required" && k != "default" {
            with_params(v);
        }
    }
}

/// The layer form of a schema: no required keys, every `$ref` to the layer form.
fn to_layer(schema: &mut Value) {
    match schema {
        Value::Array(items) => items.iter_mut().for_each(to_layer),
        Value::Object(map) => {
            map.remove("required");
            if let Some(Value::String(r)) = map.get_mut("$ref")
                && let Some(name) = r.strip_prefix("#/definitions/")
                && name != PARAM_REF
            {
                *r = format!("#/definitions/{name}{LAYER}");
            }
            for (k, v) in map.iter_mut() {
                if k != "default" {
                    to_layer(v);
                }
            }
        }
        _ => {}
    }
}

/// A named item in a child: its naming key stays required; `remove`, `before` and `after`
/// are allowed.
fn placed(schema: &mut Value, key: Option<&str>) {
    let Value::Object(map) = schema else { return };
    if let Some(key) = key {
        map.insert("required".into(), json!([key]));
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        props.insert(
            "remove".into(),
            json!({ "type": "boolean", "description": "Remove the parent's item of this name." }),
        );
        for (k, what) in [("before", "before"), ("after", "after")] {
            props.insert(
                k.into(),
                json!({ "type": "string", "description": format!("Put this new item {what} the parent's item of this name.") }),
            );
        }
    }
}
