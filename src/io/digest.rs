//! [`InputDigest`]: an input's SHA-256 for the ledger's record of a run, computed from the
//! bytes the run reads (a small input) or by a thread of its own (a large one).

use std::io::{self, Read};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

use crate::common::digest::{hex, sha256_bytes, sha256_file};

/// An input's SHA-256, for the ledger's record of the run. A small input (a shop's daily
/// file) is hashed as the reader reads it ([`Hashing`]), known once it has been read to its
/// end: starting a thread to read it again cost more than the hash. A large one is read again
/// by a thread of its own at a low priority ([`InputDigest::of_file`]): hashing in the reader
/// saves that second read, but the reader bounds a large run, and the run was slower for it
/// (1M rows with a new ledger: 1.146 s against 1.122 s, medians of 11).
#[derive(Debug, Clone, Default)]
pub struct InputDigest {
    value: Arc<OnceLock<String>>,
    /// The thread hashing a large input, joined when the digest is asked for.
    thread: Arc<Mutex<Option<JoinHandle<()>>>>,
}

/// Inputs at least this large are hashed by a thread of their own.
pub const THREAD_MIN_BYTES: u64 = 1 << 20;

/// The priority of that thread: its result is needed only at the run's end.
const HASH_NICE: i32 = 10;

impl InputDigest {
    /// The digest of `bytes`, known at once (an input already in memory).
    pub fn of_bytes(bytes: &[u8]) -> InputDigest {
        let digest = InputDigest::default();
        let _ = digest.value.set(sha256_bytes(bytes));
        digest
    }

    /// The digest of the file at `path`, read by a thread of its own started now; `None` if
    /// the thread cannot be started.
    pub fn of_file(path: &Path) -> Option<InputDigest> {
        let digest = InputDigest::default();
        let (value, path) = (Arc::clone(&digest.value), path.to_path_buf());
        let thread = std::thread::Builder::new()
            .name("orderbridge-hash".into())
            .spawn(move || {
                super::platform::background_thread(HASH_NICE);
                if let Ok(sha) = sha256_file(&path) {
                    let _ = value.set(sha);
                }
            })
            .ok()?;
        *digest.thread.lock().ok()? = Some(thread);
        Some(digest)
    }

    /// The SHA-256 in lowercase hex: once every byte has been read (waiting for the hashing
    /// thread of a large input); `None` for an input not read to its end, or unreadable.
    pub fn get(&self) -> Option<&str> {
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(t) = thread {
            let _ = t.join();
        }
        self.value.get().map(String::as_str)
    }
}

/// A reader that hashes every byte it passes on, and publishes the digest when its source
/// ends (the first read into a non-empty buffer that returns no bytes).
pub struct Hashing<R> {
    inner: R,
    hasher: Option<Sha256>,
    digest: InputDigest,
}

impl<R: Read> Hashing<R> {
    /// Wraps `inner`; the returned handle gets the digest at the end of `inner`.
    pub fn new(inner: R) -> (Hashing<R>, InputDigest) {
        let digest = InputDigest::default();
        (Hashing { inner, hasher: Some(Sha256::new()), digest: digest.clone() }, digest)
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            if let Some(h) = &mut self.hasher {
                h.update(&buf[..n]);
            }
        } else if !buf.is_empty()
            && let Some(h) = self.hasher.take()
        {
            let _ = self.digest.value.set(hex(&h.finalize()));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digest appears only once the source has ended, and is the SHA-256 of every byte
    /// passed on, however the reads cut them; an empty read buffer is not an end.
    #[test]
    fn the_digest_is_known_at_the_end_and_covers_every_byte() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let (mut r, digest) = Hashing::new(&bytes[..]);
        let mut buf = [0u8; 4093];
        let mut copied = Vec::new();
        assert_eq!(r.read(&mut []).unwrap(), 0);
        assert_eq!(digest.get(), None, "an empty buffer is not the end");
        loop {
            assert_eq!(digest.get(), None, "not before the end");
            match r.read(&mut buf).unwrap() {
                0 => break,
                n => copied.extend_from_slice(&buf[..n]),
            }
        }
        assert_eq!(copied, bytes);
        assert_eq!(digest.get(), Some(sha256_bytes(&bytes).as_str()));
        assert_eq!(InputDigest::of_bytes(&bytes).get(), digest.get());
    }
}
