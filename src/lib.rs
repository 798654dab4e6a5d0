//! orderbridge: a declarative mapping engine from order-system exports to marketplace upload
//! files. Profiles (TOML, under `mappings/`) know the marketplaces; this library knows CSV,
//! encodings, lookups, transforms, rules, checks and routes.
//!
//! Data flows one way, a run in named phases ([`run::run_sources`]): the inputs are opened and
//! their headers bound ([`run::InputSource`], [`io`]); the sinks are opened (`run::Sink`:
//! upload files, row lists, counts, preview, the ledger, or a front end's own); the rows stream
//! through — decoded, decided by the compiled profile's rules ([`engine::Plan::decide`]) and
//! the engine's own (`engine::BuiltinRule`), each ending with one `engine::Outcome` that
//! every sink reads; the sinks prepare one all-or-nothing commit (`run::commit`, over
//! `io::journal`) and finish into the report (`report::ReportBuilder`); the commit; the
//! `report`. A run asked to stop ([`run::Cancel`]) ends before its commit, nothing written.
//!
//! Modules name only the modules below them (checked by `tests/layers.rs`; no import
//! cycles): [`i18n`] (the catalogs, which every floor may use) and the leaves in `common`
//! (charset, safe output paths, the duplicate rule's key set); then [`profile`] and
//! [`ledger`] (the sync history, a store); [`io`] and [`engine`] (neither names the other);
//! `report`; [`shop`] (the shop file, a leaf beside them); [`run`] (joins them); [`validate`] (`validate-profile`: profile tests and sample
//! coverage, through [`run`]) and [`init`]; front ends last ([`serve`], [`cli`]).

#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

// The public surface is each front door's own and a few library entry points (for the tests,
// benchmarks and fuzz targets), curated by `pub use` in each module; the rooms inside are
// `pub(crate)`, so that what is public is documented and what is not can change freely.
pub mod cli;
pub(crate) mod common;
pub mod engine;
pub mod i18n;
pub mod init;
pub mod io;
pub mod ledger;
pub mod profile;
pub(crate) mod report;
pub mod run;
pub mod serve;
pub mod shop;
pub mod validate;
