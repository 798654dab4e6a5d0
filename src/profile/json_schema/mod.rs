//! The JSON Schema of the profile format, generated from the serde types the loader uses
//! ([`ProfileDoc`] and everything under it), so the schema cannot say something the loader
//! does not: the same `deny_unknown_fields`, the same optional keys, the doc comments as
//! descriptions. The repository carries its output as `mappings/profile.schema.json`, which
//! every shipped profile names on its first line (`#:schema ./profile.schema.json`) so that
//! editors with a TOML language server (taplo, Even Better TOML) complete keys and flag typos.
//!
//! Draft 7 rather than schemars' default 2020-12: taplo's validator, which those editors use,
//! understands draft 7 fully. TOML has no null, so the "or null" schemars gives every `Option`
//! is taken out again ([`without_null`]): an editor then offers only what a profile can write.
//! What the loader accepts beyond the types — `{ param = "NAME" }` references and child
//! profiles (`extends`) — is added by [`layer`].

mod layer;

use schemars::generate::SchemaSettings;

use super::ProfileDoc;

/// The file name the shipped profiles' `#:schema` directive points at, beside them.
pub const SCHEMA_FILE: &str = "profile.schema.json";

/// The first line of every shipped profile (and of a profile written by `init` into the
/// same folder): the directive taplo reads, relative to the profile's folder.
pub const SCHEMA_DIRECTIVE: &str = "#:schema ./profile.schema.json";

/// The schema as a JSON value.
pub fn json_schema() -> serde_json::Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<ProfileDoc>();
    schema.insert("title".into(), "orderbridge mapping profile".into());
    let mut value = schema.to_value();
    without_null(&mut value);
    layer::add_layers(&mut value);
    value
}

/// Removes what only a JSON null could match, everywhere in `v`: `"default": null`, `"null"`
/// in a list of types, and a `{"type": "null"}` alternative of an `anyOf` (an `anyOf` left with
/// one alternative becomes that alternative; a `$ref` beside other keywords goes inside an
/// `allOf`, since draft 7 ignores the siblings of a `$ref`).
pub(crate) fn without_null(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Array(items) => items.iter_mut().for_each(without_null),
        Value::Object(map) => {
            if map.get("default").is_some_and(Value::is_null) {
                map.remove("default");
            }
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(alternatives)) = map.get_mut("anyOf") {
                alternatives.retain(|a| a.get("type").is_none_or(|t| t != "null"));
                if alternatives.len() == 1 {
                    let Some(Value::Object(only)) = alternatives.pop() else { unreachable!("an anyOf of objects") };
                    map.remove("anyOf");
                    if only.contains_key("$ref") && !map.is_empty() {
                        map.insert("allOf".into(), Value::Array(vec![Value::Object(only)]));
                    } else {
                        map.extend(only);
                    }
                }
            }
            map.values_mut().for_each(without_null);
        }
        _ => {}
    }
}

/// The schema as the text of `mappings/profile.schema.json`: pretty-printed, one final
/// newline, so the file diffs well and a test compares it byte for byte.
pub fn json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).expect("a JSON value always serialises");
    text.push('\n');
    text
}
