//! Step 5 of loading a profile ([`super`]): the merged tree read into the schema. First the
//! parameters' values are put in where `{ param = "NAME" }` stands ([`super::params`]), then
//! serde reads the tree into [`ProfileDoc`] — the schema's defaults apply only here, once the
//! whole chain is merged. A problem is located through the chain, in the file it is in.

use toml::de::DeTable;

use super::text::Chain;
use super::{Diagnostic, ProfileDoc, params};

/// The profile `tree` (merged from `chain`) says, with `--set` `overrides` applied.
pub fn parse<'i>(
    chain: &Chain,
    mut tree: DeTable<'i>,
    overrides: &'i [(String, String)],
) -> Result<ProfileDoc, Diagnostic> {
    let own = chain.own();
    let values = params::apply(&mut tree, overrides, own.clone()).map_err(|(s, m)| chain.diag(s, m))?;
    // The whole profile spans the child's text: a missing top-level key is reported at its
    // first line, as for a single file.
    let whole = toml::Spanned::new(own, tree);
    let mut doc = <ProfileDoc as serde::Deserialize>::deserialize(toml::de::Deserializer::from(whole))
        .map_err(|e| chain.toml_diag(&e))?;
    doc.param_values = values;
    Ok(doc)
}
