//! The integration tests, as one test binary (`cargo test --test tests`; one module:
//! `cargo test --test tests rules::`). One module per file, or per folder (`x/mod.rs` and the
//! files a long module splits into by behaviour), grouped by what they cover.
//! `common` holds the helpers they share (building exports, running the binary in a temporary
//! folder, reading what it wrote, editable copies of the shipped profiles).

mod common;

// What the shipped profiles decide for a row. Each profile's own tests
// (`mappings/tests/<name>.toml`, run by `validate-profile`) pin "this row maps to that"; these
// modules cover what a one-row test inside a profile cannot.
//
// - `shipped_profiles`: the shipped profiles validate, pass their own tests and are the copies
//   compiled into the binary.
// - `profile_mutations`: changing one mapping value of a shipped profile fails its own tests.
// - `rules`: each profile's rules through the binary: exit codes, counts and the reject file
//   for a written, excluded or rejected row; messages that must name what to fix; rules over
//   several rows (duplicates, routes, warnings counted per written row).
// - `raw_rows`: rows no profile test can write: bytes that do not decode, characters CP932
//   lacks, wrong field counts, a missing column, line numbers over CRLF and two-line records,
//   the bytes folded characters become, the replace-and-warn policy.
// - `order_numbers_and_ship_dates`: order-system suffixes, ID lengths, Yahoo! order ids and
//   future ship dates through the binary, warnings counted once per row.
// - `expected_files`: every run in `tests/fixtures/expected/` reproduced byte for byte.
// - `properties`: properties over random GoQ exports through every shipped profile.
mod expected_files;
mod order_numbers_and_ship_dates;
mod profile_mutations;
mod properties;
mod raw_rows;
mod rules;
mod shipped_profiles;

// Writing profiles: the format, its checks and its tools.
//
// - `validate_profile`: `validate-profile`'s located diagnostics, test diffs and sample
//   coverage.
// - `json_schema`: `orderbridge schema` and `mappings/profile.schema.json`: generated from the
//   loader's types, named by and validating every shipped profile, rejecting typos.
// - `extends`: child profiles (`extends`), `[params]` and `run --set`, `--effective`,
//   inherited and skipped tests, and five shop stories run for real.
// - `profile_layout`: goq-base (a base, not run), tests files beside a profile, a shop's
//   child through three levels, `[test_defaults] output`.
// - `engine_lists`: one list in one place (adding a store or status is one edit), the
//   `in_lookup` condition, and `count_of` limits (楽天ペイ's 20 shipments per destination)
//   across every input of a run.
// - `rule_words`: `[rule_labels]`, rule lines naming a rule by its label, `{params.NAME}`.
// - `init`: `orderbridge init`: the draft child profile a sample gives (aliases, comments,
//   undecided values), `--out` and `--force`.
// - `file_routes`: each file's store and upload screen (`[output] file_label`, `file_note`) in
//   the report and the summary; the shipped profiles' descriptions in `list-profiles`.
mod engine_lists;
mod extends;
mod file_routes;
mod init;
mod init_content;
mod json_schema;
mod profile_health;
mod profile_layout;
mod rule_words;
mod validate_profile;

// Reading inputs and the command line.
//
// - `cli`: the command-line contract: encodings and layouts giving the same bytes, exit
//   codes, `--dry-run`, `--strict`, several inputs, the report, profile lookup, the
//   subcommands.
// - `bad_inputs`: bad inputs, profiles and arguments: exit codes, what stderr names, which
//   files exist afterwards.
// - `tsv_utf16`: tab-separated and UTF-16 (Excel's 「Unicode テキスト」) exports.
// - `clear_outcomes`: what a run does said plainly, never silently: lookup that never falls back
//   to the built-in copy, inputs that collide, `--as-of` in one form, the record size limit,
//   `profile show`, full-width quotes in a profile, closed pipes, a folder holding exactly the
//   run's upload files.
// - `untrusted_files`: files that are not what they should be (profiles that are devices,
//   pipes, huge or not profiles, never quoted), a read-only ledger, `--force` onto an input,
//   control characters in the row lists and file names.
// - `fuzz_regressions`: the fuzz targets' seeds and crash inputs through `fuzz/harness.rs`.
mod bad_inputs;
mod clear_outcomes;
mod cli;
mod fuzz_regressions;
mod tsv_utf16;
mod untrusted_files;

// Writing the output folder: all or nothing, and the tool's own files.
//
// - `all_or_nothing`: a run changes every file under `--out` or none (a rename failing or the
//   process killed at any step of the commit, a concurrent run, signals), and nothing outside
//   it; `--report` and routes naming the run's other files; header names as typed; UTF-8
//   through a pipe.
// - `interruption`: a killed run, or one whose writes fail, leaves no partial upload file.
// - `own_files`: the ledger is never a file of the run; the report agrees with the files
//   whatever stops the commit; the archive, manifest and lock are never followed through a
//   link nor outside `--out`.
// - `profile_lists`: each profile's lists of rows are its own: profiles sharing `--out` never
//   write over or remove each other's, and a profile's stale list is archived.
// - `shop_morning`: several profiles as one run (all or nothing across them, one summary, the
//   worst exit, one ledger transaction), and the shop file (`orderbridge.toml`, `init --shop`,
//   its JSON Schema).
mod all_or_nothing;
mod interruption;
mod own_files;
mod profile_lists;
mod shop_morning;

// The sync history (`--ledger`).
//
// - `ledger`: its lifecycle (run, run again unconfirmed, confirm, `already_sent`, a corrected
//   row written as changed, `ledger show`), `--resend`, dry runs.
// - `ledger_reliability`: its commit failing or killed, migrations, files that are not
//   ledgers, parallel runs on one ledger.
// - `ledger_migration`: a version-1 ledger from an earlier orderbridge
//   (`tests/fixtures/ledger/v1/`) is migrated and tells the same story.
// - `ledger_turns`: runs sharing a ledger take turns: a run waits for a live holder, saying
//   so, and goes on when the holder dies.
// - `adding_uploads`: an upload that adds (楽天ペイ) stops on rows of a file of unknown upload
//   and goes on by each way (confirm, `--previous`, `--resend`); a tracking number changed
//   after a confirmed send is held; Yahoo! (sets a state) writes again and says so.
mod adding_uploads;
// - `ledger_days`: a shop's days with the default history: files confirmed by the path they
//   were written at after a later run archived them, `--last`, `unsent`, times in the
//   profile's zone, hints run as printed, `--no-ledger`.
mod ledger;
mod ledger_days;
mod ledger_migration;
mod ledger_reliability;
mod ledger_turns;

// What people read, and the web page.
//
// - `i18n`: the tool's messages in Japanese and English (language choice, run summary, input
//   errors, validate-profile, `--help`), the JSON report the same in both.
// - `operator_messages`: words an operator meets: parameter types in Japanese, a rule's
//   message whole in the summary, the mostly-excluded note only for a run with nothing to
//   upload, a run's row list refused as an input.
// - `serve`: `orderbridge serve` over HTTP: the same counts and bytes as the command line,
//   every security rule's status code, broken exports located, HTML-looking values as data.
mod i18n;
mod operator_messages;
mod serve;

// The code's own shape.
//
// - `layers`: the library's modules depend on each other one way only (`src/lib.rs`).
mod layers;
