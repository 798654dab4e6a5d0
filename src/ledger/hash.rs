//! The hashes stored in the ledger. They are on disk and compared across runs and program
//! versions, so they must be stable: XXH3-64 with seed 0 (a specified function with
//! published test vectors), not Rust's seeded hasher. It is what the deciders compute for
//! every written row, so it must also be cheap on short texts (SHA-256, used by version 1,
//! cost more per row than the rest of the ledger's work on the run's threads; a version-1
//! ledger's sends are re-hashed by its migration). 64 bits keep the `sent` table and the
//! in-memory view at 16 bytes a key; two different keys of one profile collide with odds of
//! about n²/2⁶⁵ (10⁻⁷ for 10⁶ keys). Nothing here guards against a forger: the ledger
//! compares a shop's own rows.

use std::cell::RefCell;

use twox_hash::XxHash3_64;

/// The hash of a row's ledger key (its values joined by the key separator).
pub fn key_hash(key: &str) -> i64 {
    XxHash3_64::oneshot(key.as_bytes()) as i64
}

/// The hash of all a row's output values: what "the same values" means. Each value is ended
/// by U+001F, so `["ab", "c"]` and `["a", "bc"]` differ.
pub fn value_hash<S: AsRef<str>>(columns: &[S]) -> i64 {
    // The values joined in a buffer reused on each thread, hashed in one call (the crate's
    // streaming hasher allocates its state each time).
    thread_local!(static JOINED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) });
    JOINED.with_borrow_mut(|joined| {
        joined.clear();
        for c in columns {
            joined.extend_from_slice(c.as_ref().as_bytes());
            joined.push(0x1f);
        }
        XxHash3_64::oneshot(joined) as i64
    })
}
