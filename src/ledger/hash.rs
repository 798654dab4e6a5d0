//! The hashes stored in the ledger. They are on disk and compared across runs and program
//! versions, so they must be stable: SHA-256 (a fixed, specified function, and fast here with
//! the CPU's SHA extensions) truncated to 64 bits, not Rust's seeded hasher nor a crate's
//! unspecified one. 64 bits keep the `sent` table and the in-memory view at 16 bytes a key;
//! two different keys of one profile collide with odds of about n²/2⁶⁵ (10⁻⁷ for 10⁶ keys).

use sha2::{Digest, Sha256};

fn truncate(h: &[u8]) -> i64 {
    i64::from_le_bytes(h[..8].try_into().expect("a SHA-256 digest has 32 bytes"))
}

/// The hash of a row's ledger key (its values joined by the key separator).
pub fn key_hash(key: &str) -> i64 {
    truncate(&Sha256::digest(key.as_bytes()))
}

/// The hash of all a row's output values: what "the same values" means. Each value is ended
/// by U+001F, so `["ab", "c"]` and `["a", "bc"]` differ.
pub fn value_hash(columns: &[String]) -> i64 {
    let mut h = Sha256::new();
    for c in columns {
        h.update(c.as_bytes());
        h.update([0x1f]);
    }
    truncate(&h.finalize())
}
