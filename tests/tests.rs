//! The integration tests, as one test binary (`cargo test --test tests`; one module:
//! `cargo test --test tests rules::`). One module per file:
//!
//! - `bad_inputs`: bad inputs, profiles and arguments: exit codes, what stderr names, which
//!   files exist afterwards.
//! - `cli`: the command-line contract: encodings and layouts, exit codes, atomic writes,
//!   `--dry-run`, `--strict`, several inputs, the report, profile lookup, the subcommands.
//! - `fixtures`: every run in `tests/fixtures/expected/` reproduced byte for byte.
//! - `fuzz_regressions`: the fuzz targets' seeds and crash inputs through `fuzz/harness.rs`.
//! - `interruption`: a killed run, or one whose writes fail, leaves no partial upload file.
//! - `profile_mutations`: changing one mapping value of a shipped profile fails its own tests.
//! - `properties`: properties over random GoQ exports through every shipped profile.
//! - `rules`: one test per exclusion, rejection and warning rule of each shipped profile.
//! - `shipped_profiles`: the shipped profiles validate, pass their own tests and match the
//!   copies compiled into the binary.
//! - `validate_profile`: `validate-profile`'s diagnostics, test diffs and sample coverage.
//!
//! `common` holds the helpers they share (building exports, running the binary in a temporary
//! folder, reading what it wrote).

mod common;

mod bad_inputs;
mod cli;
mod fixtures;
mod fuzz_regressions;
mod interruption;
mod profile_mutations;
mod properties;
mod rules;
mod serve;
mod shipped_profiles;
mod validate_profile;
