//! The fuzz targets' inputs replayed in `cargo test`: each target's seed corpus
//! (`fuzz/corpus/<target>/seed-*`), and every input a fuzzer found a crash with, through
//! exactly the code the target runs (`fuzz/harness.rs`). How to run the fuzzers: README,
//! "Development".

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::PathBuf;

fn run_seeds(target: &str, each: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let seeds = harness::seeds(&dir);
    assert!(!seeds.is_empty(), "no seed-* files in {}", dir.display());
    for (path, bytes) in seeds {
        eprintln!("{target}: {}", path.display());
        each(&bytes);
    }
}

#[test]
fn export_seed_corpus() {
    run_seeds("export", harness::export);
}

#[test]
fn profile_seed_corpus() {
    run_seeds("profile", harness::profile);
}

#[test]
fn tracking_seed_corpus() {
    run_seeds("tracking", harness::tracking);
}

#[test]
fn shipped_profiles_pass_the_profile_target() {
    for (_, text) in orderbridge::profile::BUILTIN {
        harness::profile(text.as_bytes());
    }
}
