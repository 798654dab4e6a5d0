//! orderbridge: a declarative mapping engine from order-system exports to marketplace upload
//! files. Profiles (TOML, under `mappings/`) know the marketplaces; this library knows CSV,
//! encodings, lookups, transforms, rules, checks and routes.
//!
//! Data flows one way: [`io::input`] reads and decodes → [`engine::Plan::decide`] maps and
//! checks → [`run`] routes, encodes ([`io::encode`]) and writes atomically ([`io::output`]) →
//! [`report`] counts. What the engine and io must agree on about characters (encodings,
//! encodability, white space) lives in [`charset`], which imports neither.

pub mod charset;
pub mod cli;
pub mod engine;
pub mod i18n;
pub mod io;
pub mod keyset;
pub mod outpath;
pub mod profile;
pub mod report;
pub mod run;
pub mod serve;
pub mod verify;
