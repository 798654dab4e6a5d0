//! Mapping profiles: from the name a user types to the document [`crate::engine::compile`]
//! compiles, one way through, each step in its own file:
//!
//! 1. [`find`]: a name or a path → the file it means (search folders, then built-in);
//! 2. `read`: the file's text, bounded, as a [`ProfileText`] (`text`);
//! 3. `chain`: the `extends` chain, each parent found and read by steps 1–2, every file
//!    parsed once and placed in the source map;
//! 4. `merge`: the chain merged into one span-keeping TOML tree;
//! 5. `parse`: parameters put in (`params`), the tree read into the schema (`schema`);
//! 6. compile: [`crate::engine::compile`], which locates its problems through the same chain.
//!
//! Each step reports its problems as it finds them, located in the file of the chain where
//! they are (`Diagnostic`; TOML's and serde's words in `diag`, a full-width quote found
//! by `quotes`). Beside the way through: `effective` (the merged profile written out),
//! `layout` (tests files, bases), [`json_schema`] (`orderbridge schema`).

// The way through, in order.
pub(crate) mod find;

pub(crate) mod read;
pub(crate) mod text;

pub(crate) mod chain;

pub(crate) mod merge;

pub(crate) mod params;
pub(crate) mod parse;
pub(crate) mod schema;

// Beside it.
pub(crate) mod diag;
pub(crate) mod effective;
pub(crate) mod error;
pub(crate) mod json_schema;
pub(crate) mod layout;
pub(crate) mod quotes;
mod root;

pub(crate) use diag::Diagnostic;
pub(crate) use error::FindError;
pub(crate) use find::list;
pub(crate) use schema::ProfileDoc;

// The profile's public face: finding one by name, its text, where it came from, the built-in
// profiles and their tests, and the JSON Schema `orderbridge schema` writes.
pub use find::{BUILTIN, find};
pub use json_schema::{SCHEMA_DIRECTIVE, SCHEMA_FILE, json_schema, json_schema_text};
pub use layout::BUILTIN_TESTS;
pub use text::{Origin, ProfileText};

impl ProfileText {
    /// Steps 3 to 5: the chain of files (`extends`) resolved, merged, its parameters' values
    /// put in, and read into the schema; a syntax error or unknown key comes back located in
    /// the file where it is.
    pub fn parse(&self) -> Result<ProfileDoc, Diagnostic> {
        let chain = self.chain()?;
        let tree = merge::merge(chain)?;
        parse::parse(chain, tree, &self.overrides)
    }

    /// Steps 3 and 4, written out as TOML text (`validate-profile --effective`): parameters
    /// stay declared with their defaults, `extends` is gone, everything else is as merged;
    /// its header comment in `lang`.
    pub fn effective(&self, lang: crate::i18n::Lang) -> Result<String, Diagnostic> {
        let chain = self.chain()?;
        let tree = merge::merge(chain)?;
        Ok(effective::to_toml(&tree, chain.own(), lang))
    }
}
