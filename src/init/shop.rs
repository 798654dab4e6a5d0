//! `orderbridge init --shop`: the text of a shop file (`orderbridge.toml`, [`crate::shop`]) for
//! the profiles chosen, each parameter written with the type its profile declares.

use std::collections::BTreeMap;

use crate::engine::Plan;
use crate::i18n::{Lang, tr};
use crate::shop::ShopFile;

/// The shop file's text. `plans` are the shop's profiles compiled with its parameters (so
/// every parameter is known to one of them, with its type).
pub fn shop_file_text(shop: &ShopFile, plans: &[&Plan], lang: Lang) -> String {
    let typed: BTreeMap<String, crate::profile::schema::ParamValue> = shop
        .params
        .keys()
        .filter_map(|name| plans.iter().find_map(|p| p.params.get(name)).map(|v| (name.clone(), v.clone())))
        .collect();
    crate::shop::render(shop, &typed, &tr(lang, "init-shop-comment", &[]))
}
