//! [`InputDigest`]: an input's SHA-256 for the ledger's record of a run, computed from the
//! bytes the run reads (a small input) or by a thread of its own (a large one).

use std::io::{self, Read};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
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
    /// The hex digest of every byte read so far, set at each end of the input.
    value: Arc<Mutex<Option<String>>>,
    /// The thread hashing a large input, joined when the digest is asked for.
    thread: Arc<Mutex<Option<JoinHandle<()>>>>,
}

/// Inputs at least this large are hashed by a thread of their own.
pub const THREAD_MIN_BYTES: u64 = 1 << 20;

/// The priority of that thread: its result is needed only at the run's end.
const HASH_NICE: i32 = 10;

/// The guarded value, poisoned or not (a panic elsewhere leaves it whole).
fn guard<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl InputDigest {
    /// The digest of `bytes`, known at once (an input already in memory).
    pub fn of_bytes(bytes: &[u8]) -> InputDigest {
        let digest = InputDigest::default();
        digest.set(Some(sha256_bytes(bytes)));
        digest
    }

    /// The digest of the file at `path`, read by a thread of its own started now; `None` if
    /// the thread cannot be started.
    pub fn of_file(path: &Path) -> Option<InputDigest> {
        let digest = InputDigest::default();
        let (setter, path) = (digest.clone(), path.to_path_buf());
        let thread = std::thread::Builder::new()
            .name("orderbridge-hash".into())
            .spawn(move || {
                super::platform::background_thread(HASH_NICE);
                setter.set(sha256_file(&path).ok());
            })
            .ok()?;
        *guard(&digest.thread) = Some(thread);
        Some(digest)
    }

    fn set(&self, value: Option<String>) {
        *guard(&self.value) = value;
    }

    /// The SHA-256 in lowercase hex of every byte read, once the input has been read to its
    /// end (waiting for the hashing thread of a large one); `None` for an input not read to
    /// its end, or one that could not be read.
    pub fn get(&self) -> Option<String> {
        // Joined under the lock: a second caller waits for the same thread.
        let mut thread = guard(&self.thread);
        if let Some(t) = thread.take() {
            let _ = t.join();
        }
        guard(&self.value).clone()
    }
}

/// A reader that hashes every byte it passes on, and publishes the digest of all of them at
/// each end of its source (a read into a non-empty buffer that returns no bytes). Bytes read
/// after an end (a file still being written) withdraw it until the next end, so the digest,
/// when there is one, is always that of every byte the run read.
pub struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    /// Whether the digest of the bytes so far is published.
    published: bool,
    digest: InputDigest,
}

impl<R: Read> Hashing<R> {
    /// Wraps `inner`; the returned handle gets the digest at the end of `inner`.
    pub fn new(inner: R) -> (Hashing<R>, InputDigest) {
        let digest = InputDigest::default();
        (Hashing { inner, hasher: Sha256::new(), published: false, digest: digest.clone() }, digest)
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.hasher.update(&buf[..n]);
            if self.published {
                self.published = false;
                self.digest.set(None);
            }
        } else if !buf.is_empty() && !self.published {
            self.published = true;
            self.digest.set(Some(hex(&self.hasher.clone().finalize())));
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
        assert_eq!(digest.get(), Some(sha256_bytes(&bytes)));
        assert_eq!(InputDigest::of_bytes(&bytes).get(), digest.get());
    }

    /// A source that ends, then has more (a file still being written when it was first read
    /// to its end): the digest is withdrawn while the new bytes are read, and at the next end
    /// it is that of every byte read.
    #[test]
    fn bytes_after_an_end_withdraw_the_digest_until_the_next_end() {
        struct Growing(Vec<Vec<u8>>);
        impl Read for Growing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                // Each part, then an end, then the next part.
                match self.0.first_mut() {
                    Some(part) if part.is_empty() => {
                        self.0.remove(0);
                        Ok(0)
                    }
                    Some(part) => {
                        let n = part.len().min(buf.len());
                        buf[..n].copy_from_slice(&part[..n]);
                        part.drain(..n);
                        Ok(n)
                    }
                    None => Ok(0),
                }
            }
        }
        let (mut r, digest) = Hashing::new(Growing(vec![b"first,".to_vec(), b"second".to_vec()]));
        let mut buf = [0u8; 4];
        let mut read = Vec::new();
        let mut ends = 0;
        while ends < 2 {
            match r.read(&mut buf).unwrap() {
                0 if ends == 0 => {
                    ends += 1;
                    assert_eq!(digest.get(), Some(sha256_bytes(b"first,")), "the first end");
                }
                0 => ends += 1,
                n => {
                    read.extend_from_slice(&buf[..n]);
                    if ends == 1 {
                        assert_eq!(digest.get(), None, "withdrawn while more is read");
                    }
                }
            }
        }
        assert_eq!(read, b"first,second");
        assert_eq!(digest.get(), Some(sha256_bytes(b"first,second")));
    }

    /// A large input's digest comes from its thread, which `get` waits for, from any clone.
    #[test]
    fn a_file_hashed_on_its_thread_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 241) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let digest = InputDigest::of_file(&path).unwrap();
        let clone = digest.clone();
        let other = std::thread::spawn(move || clone.get());
        assert_eq!(digest.get(), Some(sha256_bytes(&bytes)));
        assert_eq!(other.join().unwrap(), Some(sha256_bytes(&bytes)));
        assert_eq!(InputDigest::of_file(&dir.path().join("missing")).unwrap().get(), None);
    }
}
