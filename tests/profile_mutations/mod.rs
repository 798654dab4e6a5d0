//! Mutation tests of the shipped profiles: changing ONE mapping value of a shipped profile (a
//! carrier code, a status translation, an order-type prefix, a store folder, a date output
//! format, a check-digit choice, ...) must make that profile's own `[[tests]]` fail.
//!
//! Two typical mutations (a carrier code, a status translation) are checked through the
//! real binary, on a copy of the shipped files (`orderbridge validate-profile <copy>` exits 2
//! and prints `FAILED`); the systematic sweep runs in-process (`orderbridge::validate::validate`), which is much faster,
//! on each profile's effective text with its tests (its `extends` chain and tests files merged:
//! every value a row meets, wherever it is written). Run it with `--nocapture` for a summary
//! per profile; with `DUMP_MUTANTS=1` it also lists every mutant.

mod by_hand;
mod every_value;
mod mutants;

const PROFILES: [&str; 4] = ["goq-rakuten-legacy", "goq-rakuten-pay", "goq-yahoo", "rakuten-legacy-check"];
