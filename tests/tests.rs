//! The integration tests, as one test binary (`cargo test --test tests`; one module:
//! `cargo test --test tests rules::`). One module per file:
//!
//! - `all_or_nothing`: a run changes every file under `--out` or none (a rename
//!   failing or the process killed at any step of the commit, a concurrent run, signals), and
//!   nothing outside it; `--report` and routes naming the run's other files; header names as
//!   typed; UTF-8 through a pipe.
//! - `bad_inputs`: bad inputs, profiles and arguments: exit codes, what stderr names, which
//!   files exist afterwards.
//! - `cli`: the command-line contract: encodings and layouts, exit codes, atomic writes,
//!   `--dry-run`, `--strict`, several inputs, the report, profile lookup, the subcommands.
//! - `extends`: child profiles (`extends`), `[params]` and `run --set`,
//!   `--effective`, inherited and skipped tests, and the five shop stories, run for real.
//! - `fixtures`: every run in `tests/fixtures/expected/` reproduced byte for byte.
//! - `fuzz_regressions`: the fuzz targets' seeds and crash inputs through `fuzz/harness.rs`.
//! - `hardening`: lookup that never falls back silently, inputs that collide, `--as-of`, the
//!   record size limit, `profile show`, full-width quotes in a profile, closed pipes.
//! - `i18n`: the tool's messages in Japanese and English (language choice, run
//!   summary, input errors, validate-profile, `--help`), the JSON report the same in both.
//! - `init`: `orderbridge init`: the draft child profile a sample gives (aliases, comments,
//!   undecided values), `--out` and `--force`.
//! - `interruption`: a killed run, or one whose writes fail, leaves no partial upload file.
//! - `json_schema`: `orderbridge schema` and `mappings/profile.schema.json`: generated from the
//!   loader's types, named by and validating every shipped profile, rejecting typos.
//! - `ledger`: the sync history's lifecycle (run, run again unconfirmed, confirm,
//!   `already_sent`, a corrected row written as changed, `ledger show`), `--resend`, dry runs.
//! - `ledger_reliability`: the ledger's commit failing or killed, migrations, files that are
//!   not ledgers, parallel runs on one ledger.
//! - `ledger_turns`: runs sharing a ledger take turns: a run waits for a live holder, saying
//!   so, and goes on when the holder dies.
//! - `own_files`: the ledger is never a file of the run; the report agrees with the
//!   files whatever stops the commit; the archive, manifest and lock are never followed
//!   through a link nor outside `--out`.
//! - `profile_lists`: each profile's lists of rows are its own: profiles sharing `--out` never
//!   write over or remove each other's, and a profile's stale list is archived.
//! - `profile_layout`: goq-base (a base, not run), tests files beside a profile, a shop's
//!   child through three levels, `[test_defaults] output`.
//! - `profile_mutations`: changing one mapping value of a shipped profile fails its own tests.
//! - `properties`: properties over random GoQ exports through every shipped profile.
//! - `rules`: one test per exclusion, rejection and warning rule of each shipped profile.
//! - `shipped_profiles`: the shipped profiles validate, pass their own tests and match the
//!   copies compiled into the binary.
//! - `small_words`: words an operator meets: parameter types in Japanese, a rule's message
//!   whole in the summary, the mostly-excluded note only for a run with nothing to upload, a
//!   run's row list refused as an input.
//! - `spec_v3`: spec v3's order numbers, ID lengths, Yahoo! order ids and future ship dates,
//!   through the binary.
//! - `tsv_utf16`: tab-separated and UTF-16 (Excel's 「Unicode テキスト」) exports.
//! - `untrusted_files`: files the tool does not trust: profile files that are devices, pipes,
//!   huge or not profiles at all (never quoted), a ledger with read access only, `--force` onto an input,
//!   control characters in the row lists and file names.
//! - `validate_profile`: `validate-profile`'s diagnostics, test diffs and sample coverage.
//!
//! `common` holds the helpers they share (building exports, running the binary in a temporary
//! folder, reading what it wrote).

mod common;

mod all_or_nothing;
mod bad_inputs;
mod cli;
mod engine_lists;
mod extends;
mod fixtures;
mod fuzz_regressions;
mod hardening;
mod i18n;
mod init;
mod interruption;
mod json_schema;
mod layers;
mod ledger;
mod ledger_migration;
mod ledger_reliability;
mod ledger_turns;
mod own_files;
mod profile_layout;
mod profile_lists;
mod profile_mutations;
mod properties;
mod rules;
mod serve;
mod shipped_profiles;
mod small_words;
mod spec_v3;
mod tsv_utf16;
mod untrusted_files;
mod validate_profile;
