//! The JSON Schema of the shop file, generated from the types it is read with ([`ShopDoc`]),
//! the same way as the profile format's (`crate::profile::json_schema`): draft 7, no null.
//! The repository carries it as `mappings/shop.schema.json`.

use schemars::generate::SchemaSettings;

use super::ShopDoc;

/// The file name of the shop file's schema, beside the profile format's.
pub const SHOP_SCHEMA_FILE: &str = "shop.schema.json";

/// The schema as a JSON value.
pub fn shop_json_schema() -> serde_json::Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut value = generator.into_root_schema_for::<ShopDoc>().to_value();
    crate::profile::json_schema::without_null(&mut value);
    value
}

/// The schema as the text of `mappings/shop.schema.json`: pretty-printed, one final newline.
pub fn shop_json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&shop_json_schema()).expect("a JSON value always serialises");
    text.push('\n');
    text
}
