//! orderbridge: a declarative mapping engine from order-system exports to marketplace upload
//! files. Profiles (TOML, under `mappings/`) know the marketplaces; this library knows CSV,
//! encodings, lookups, transforms, rules, checks and routes.
//!
//! Data flows one way, a run in named phases ([`run::run_sources`]): the inputs are opened and
//! their headers bound ([`run::InputSource`], [`io`]); the sinks are opened ([`run::Sink`]:
//! upload files, row lists, counts, preview, the ledger, or a front end's own); the rows stream
//! through — decoded, decided by the compiled profile's rules ([`engine::Plan::decide`]) and
//! the engine's own ([`engine::BuiltinRule`]), each ending with one [`engine::Outcome`] that
//! every sink reads; the sinks prepare one all-or-nothing commit ([`run::commit`], over
//! [`io::journal`]) and finish into the report ([`report::ReportBuilder`]); the commit; the
//! [`report`]. A run asked to stop ([`run::Cancel`]) ends before its commit, nothing written.
//!
//! Modules name only the modules below them (checked by `tests/layers.rs`; no import
//! cycles, `shared/tools/modcycles.py`): leaves [`charset`] (what engine and io must agree on
//! about characters), [`outpath`] (safe paths) and [`keyset`]; then [`profile`]; [`io`] and
//! [`engine`] (neither names the other); [`report`]; [`run`] (joins them); [`validate`]
//! (`validate-profile`: profile tests and sample coverage, through [`run`]); front ends last
//! ([`cli`]).

#![warn(clippy::too_many_lines)]

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
