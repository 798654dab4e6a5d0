//! orderbridge: a declarative mapping engine from order-system exports to marketplace upload
//! files. Profiles (TOML, under `mappings/`) know the marketplaces; this library knows CSV,
//! encodings, lookups, transforms, rules, checks and routes.
//!
//! Data flows one way: sources ([`run::InputSource`]) are read and decoded ([`io`]) → the
//! compiled profile decides each row ([`engine::Plan::decide`]) → the decided rows flow into
//! sinks ([`run::Sink`]: upload files, reject file, counts, preview, or a front end's own) →
//! one all-or-nothing commit ([`run::commit`], over [`io::journal`]) → [`report`].
//!
//! Modules name only the modules below them (checked by `tests/layers.rs`; no import
//! cycles, `shared/tools/modcycles.py`): leaves [`charset`] (what engine and io must agree on
//! about characters), [`outpath`] (safe paths) and [`keyset`]; then [`profile`]; [`io`] and
//! [`engine`] (neither names the other); [`report`]; [`run`] (joins them); [`validate`]
//! (`validate-profile`: profile tests and sample coverage, through [`run`]); front ends last
//! ([`cli`]).

pub mod charset;
pub mod cli;
pub mod engine;
pub mod i18n;
pub mod init;
pub mod io;
pub mod keyset;
pub mod ledger;
pub mod outpath;
pub mod profile;
pub mod report;
pub mod run;
pub mod serve;
pub mod validate;
