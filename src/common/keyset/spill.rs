//! A set of 64-bit key hashes whose memory stays flat however many keys it holds: up to a
//! budget in memory (a [`KeySet`]), the rest in sorted runs in temporary files, with a filter
//! of fixed size in memory so that a key never added (almost every key asked about) is
//! answered without reading a file. The filter may only say "maybe"; a maybe is confirmed by
//! reading one block of each run, so the answers are exact.
//!
//! The runs are merged like a binary counter (two runs of about the same size become one), so
//! there are never more than about log2(keys / budget) of them, and each key is rewritten that
//! many times. A run's file is removed from its folder as soon as it is created and lives only
//! as long as the open handle: nothing is left behind on any exit.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::KeySet;

/// Keys in a block of a run: what one confirming read fetches (4 KiB).
const BLOCK: usize = 512;
/// Buffers for writing a run and for each run read by a merge.
const BUF_BYTES: usize = 64 * 1024;

/// Creates an anonymous temporary file (already removed from its folder) in a folder.
pub type MakeFile = fn(&Path) -> io::Result<File>;

/// Where and how much a [`SpillSet`] spills.
#[derive(Debug, Clone)]
pub struct SpillPlan {
    /// The folder of the run files.
    pub dir: PathBuf,
    pub make: MakeFile,
    /// Keys held in memory before they are written out as a run.
    pub keys_in_memory: usize,
    /// Size of the filter of the keys in runs, in bytes (rounded down to a power of two, at
    /// least 32).
    pub filter_bytes: usize,
}

/// The set: exact answers, memory bounded by the plan's budget and filter.
#[derive(Debug, Default)]
pub struct SpillSet {
    mem: KeySet,
    spill: Option<Spill>,
}

#[derive(Debug)]
struct Spill {
    plan: SpillPlan,
    /// Split-block Bloom filter of every key in `runs` (allocated at the first run).
    filter: Vec<[u32; 8]>,
    /// Oldest (largest) first.
    runs: Vec<Run>,
    /// Keys in runs.
    len: usize,
}

/// One sorted run of keys (little-endian u64s) in its own file.
#[derive(Debug)]
struct Run {
    file: File,
    len: usize,
    /// The first key of each block.
    fences: Vec<u64>,
}

impl SpillSet {
    /// A set held in memory only.
    pub fn new() -> Self {
        Self::default()
    }

    /// A set that moves keys beyond `plan.keys_in_memory` into runs in `plan.dir`.
    pub fn spilling(plan: SpillPlan) -> Self {
        SpillSet { mem: KeySet::new(), spill: Some(Spill { plan, filter: Vec::new(), runs: Vec::new(), len: 0 }) }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.mem.len() + self.spill.as_ref().map_or(0, |s| s.len)
    }

    /// Runs written so far and not merged into others.
    #[cfg(test)]
    fn runs(&self) -> usize {
        self.spill.as_ref().map_or(0, |s| s.runs.len())
    }

    pub fn contains(&self, key: u64) -> io::Result<bool> {
        if self.mem.contains(key) {
            return Ok(true);
        }
        match &self.spill {
            Some(s) if !s.filter.is_empty() && s.maybe(key) => s.in_runs(key),
            _ => Ok(false),
        }
    }

    /// Adds `key`, which the caller knows is not in the set (it asked [`SpillSet::contains`]).
    pub fn insert_absent(&mut self, key: u64) -> io::Result<()> {
        debug_assert!(!self.contains(key).unwrap_or(false));
        self.mem.insert_absent(key);
        match &mut self.spill {
            Some(s) if self.mem.len() >= s.plan.keys_in_memory => s.write_run(&mut self.mem),
            _ => Ok(()),
        }
    }
}

/// The filter's bits for `key`: a block, and one bit in each of its eight words.
fn filter_bits(key: u64, blocks: usize) -> (usize, [u32; 8]) {
    const SALT: [u32; 8] =
        [0x47b6_137b, 0x4497_4d91, 0x8824_ad5b, 0xa2b7_289d, 0x7054_95c7, 0x2df1_424b, 0x9efc_4947, 0x5c6b_fb31];
    // Remixed (murmur3's finaliser): the keys are hashes, but tests use plain numbers.
    let mut h = key;
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    let block = (((h >> 32) * blocks as u64) >> 32) as usize;
    let x = h as u32;
    (block, SALT.map(|s| 1u32 << (x.wrapping_mul(s) >> 27)))
}

impl Spill {
    fn maybe(&self, key: u64) -> bool {
        let (b, mask) = filter_bits(key, self.filter.len());
        self.filter[b].iter().zip(mask).all(|(w, m)| w & m != 0)
    }

    fn in_runs(&self, key: u64) -> io::Result<bool> {
        for run in self.runs.iter().rev() {
            if run.contains(key)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Writes the keys in memory out as a new run and empties the memory (keeping its
    /// buffers), then merges runs of about the same size.
    fn write_run(&mut self, mem: &mut KeySet) -> io::Result<()> {
        if self.filter.is_empty() {
            let blocks = (self.plan.filter_bytes / 32).max(1);
            self.filter = vec![[0; 8]; 1 << blocks.ilog2()];
        }
        let mut out = RunWriter::new((self.plan.make)(&self.plan.dir)?);
        for key in mem.sorted() {
            out.push(key)?;
            let (b, mask) = filter_bits(key, self.filter.len());
            for (w, m) in self.filter[b].iter_mut().zip(mask) {
                *w |= m;
            }
        }
        self.runs.push(out.finish()?);
        self.len += mem.len();
        mem.clear();
        while let [.., older, newer] = self.runs.as_slice()
            && older.len < 2 * newer.len
        {
            let (newer, older) = (self.runs.pop().expect("two runs"), self.runs.pop().expect("two runs"));
            let merged = merge(older, newer, RunWriter::new((self.plan.make)(&self.plan.dir)?))?;
            self.runs.push(merged);
        }
        Ok(())
    }
}

impl Run {
    fn contains(&self, key: u64) -> io::Result<bool> {
        let block = self.fences.partition_point(|&f| f <= key);
        if block == 0 {
            return Ok(false);
        }
        let start = (block - 1) * BLOCK;
        let n = BLOCK.min(self.len - start);
        let mut buf = [0u8; BLOCK * 8];
        read_at(&self.file, &mut buf[..n * 8], (start * 8) as u64)?;
        let keys = |i: usize| u64::from_le_bytes(buf[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match keys(mid).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(true),
            }
        }
        Ok(false)
    }

    /// The run's keys in order, read through a buffer of its own.
    fn reader(&self) -> io::Result<impl Iterator<Item = io::Result<u64>> + '_> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0))?;
        let mut r = BufReader::with_capacity(BUF_BYTES, file);
        Ok((0..self.len).map(move |_| {
            let mut b = [0u8; 8];
            r.read_exact(&mut b).map(|()| u64::from_le_bytes(b))
        }))
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(mut file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

/// Writes a run: keys in increasing order.
struct RunWriter {
    out: BufWriter<File>,
    len: usize,
    fences: Vec<u64>,
}

impl RunWriter {
    fn new(file: File) -> Self {
        RunWriter { out: BufWriter::with_capacity(BUF_BYTES, file), len: 0, fences: Vec::new() }
    }

    fn push(&mut self, key: u64) -> io::Result<()> {
        debug_assert!(self.fences.is_empty() || key > *self.fences.last().expect("a fence"));
        if self.len.is_multiple_of(BLOCK) {
            self.fences.push(key);
        }
        self.len += 1;
        self.out.write_all(&key.to_le_bytes())
    }

    fn finish(self) -> io::Result<Run> {
        let file = self.out.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(Run { file, len: self.len, fences: self.fences })
    }
}

/// One run of the keys of two (which share none); the two files are closed (and so gone).
fn merge(a: Run, b: Run, mut out: RunWriter) -> io::Result<Run> {
    let (mut a, mut b) = (a.reader()?.peekable(), b.reader()?.peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(Ok(x)), Some(Ok(y))) => {
                if x < y {
                    a.next()
                } else {
                    b.next()
                }
            }
            (Some(_), _) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.push(next.expect("peeked")?)?;
    }
    drop((a, b));
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spilling(dir: &Path, keys_in_memory: usize, filter_bytes: usize) -> SpillSet {
        let make: MakeFile = |dir| tempfile::tempfile_in(dir);
        SpillSet::spilling(SpillPlan { dir: dir.to_path_buf(), make, keys_in_memory, filter_bytes })
    }

    #[test]
    fn keys_in_runs_are_found_and_others_not_even_when_the_filter_errs() {
        let dir = tempfile::tempdir().unwrap();
        // A 32-byte filter says "maybe" to almost every key: the runs answer.
        let mut s = spilling(dir.path(), 100, 32);
        let keys: Vec<u64> = (0..5000u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15)).collect();
        for &k in &keys {
            assert!(!s.contains(k).unwrap());
            s.insert_absent(k).unwrap();
        }
        assert_eq!(s.len(), keys.len());
        // 50 runs written, merged like a binary counter: 50 = 0b110010.
        assert_eq!(s.runs(), 3);
        for &k in &keys {
            assert!(s.contains(k).unwrap());
        }
        for i in 0..5000u64 {
            assert!(!s.contains(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 1).unwrap());
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "the runs' files have no names");
    }

    #[test]
    fn a_run_spans_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = spilling(dir.path(), 3 * BLOCK + 7, 1 << 10);
        for k in (0..(3 * BLOCK + 7) as u64).map(|i| i * 3) {
            s.insert_absent(k).unwrap();
        }
        assert_eq!(s.runs(), 1);
        assert_eq!(s.mem.len(), 0);
        for k in 0..(3 * BLOCK as u64 + 7) * 3 + 3 {
            assert_eq!(s.contains(k).unwrap(), k % 3 == 0 && k < (3 * BLOCK as u64 + 7) * 3, "{k}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn behaves_like_a_hash_set(
            keys in proptest::collection::vec(any::<u64>().prop_map(|k| k % 3000), 0..1500),
            keys_in_memory in 8usize..100,
            filter_bytes in 32usize..512,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut s = spilling(dir.path(), keys_in_memory, filter_bytes);
            let mut model = std::collections::HashSet::new();
            for (n, &k) in keys.iter().enumerate() {
                prop_assert_eq!(s.contains(k).unwrap(), model.contains(&k));
                if n % 3 != 0 && model.insert(k) {
                    s.insert_absent(k).unwrap();
                }
            }
            prop_assert_eq!(s.len(), model.len());
            for k in 0..3000 {
                prop_assert_eq!(s.contains(k).unwrap(), model.contains(&k));
            }
        }
    }
}
