//! Files of unknown upload that no longer decide anything. A run of a profile whose upload
//! sets a state reads, for every key, the latest file of unknown upload (neither confirmed nor
//! marked not uploaded) it was written to: the rows of all such files. A shop that never
//! confirms (nothing makes it, for such a profile) would leave every day's files unknown, and
//! each run would read more: the history's cost would grow with the shop's age.
//!
//! A file is *superseded* when none of its keys has its latest unknown send there: a later
//! run wrote again every key the file was the latest unknown send of (or there was none —
//! each of its keys had a later send already). For each of its keys the latest send is then
//! in a later file, and while those later files stay unknown or become confirmed, the
//! superseded file decides nothing (confirmed later sends win; unknown later sends are
//! later). "Latest" is by row, the order the rows were written, as the view decides it for
//! every use (a key a run wrote to two files has its latest in the file of its later row). So
//! a run marks the files it superseded (`files.superseded_by`, its run id, in its own
//! transaction: taken back with it), and the next runs read only the files that still decide
//! something — in a shop running the same export every morning, yesterday's.
//!
//! Marking a file *not uploaded* makes its keys' earlier unknown sends the latest again:
//! every superseded file of the profile becomes unknown again ([`Ledger::unsupersede`]), to be
//! read and, where it still holds, superseded again by the next run. Rare, and always safe.
//!
//! The tally is exact without keeping the run's keys: per file, how many keys it is the
//! latest unknown send of and the wrapping sum of their hashes; a row written again takes its
//! key off both. A key the ledger holds more than once (an order routed to two files, or sent
//! by two runs still read) is taken off once, however often the run writes it (the run keeps
//! those keys, a few in a hundred); a key this run writes twice that the ledger held once is
//! taken off twice, and the sum then says the file is not covered (unless hashes collide, odds
//! about 2⁻⁶⁴): the file is read again, never dropped too early, and superseded by the next
//! run (it is no key's latest any more).

use std::collections::{BTreeMap, HashSet};

use super::{Ledger, LedgerError, key_hash};

/// A set of key hashes.
pub type KeySet = HashSet<i64, foldhash::fast::FixedState>;

/// Per file of unknown upload: the keys it is the latest send of, not yet written again by
/// this run (their number and the wrapping sum of their hashes).
#[derive(Debug, Default)]
pub struct Supersession {
    open: BTreeMap<i64, (u64, i64)>,
    /// The keys the ledger holds more than once, and of those the ones written again.
    repeated: KeySet,
    repeated_done: KeySet,
}

impl Supersession {
    /// The tally of a view: `latest` gives, for each key (hash), the latest file of unknown
    /// upload it was written to; `repeated`, the keys written more than once; `files`, every
    /// file of unknown upload the view read (one that is no key's latest decides nothing
    /// already, and is superseded by this run whatever it writes).
    pub(super) fn of_latest<'a>(
        latest: impl Iterator<Item = (&'a i64, &'a i64)>,
        repeated: KeySet,
        files: &[i64],
    ) -> Supersession {
        let mut open: BTreeMap<i64, (u64, i64)> = files.iter().map(|f| (*f, (0, 0))).collect();
        for (key, file) in latest {
            let e = open.entry(*file).or_default();
            e.0 += 1;
            e.1 = e.1.wrapping_add(*key);
        }
        Supersession { open, repeated, repeated_done: KeySet::default() }
    }

    /// A row of this run with `key` was written, and its key's latest unknown send was in
    /// `file`.
    pub fn written_again(&mut self, file: i64, key: &str) {
        let hash = key_hash(key);
        if self.repeated.contains(&hash) && !self.repeated_done.insert(hash) {
            return;
        }
        if let Some(e) = self.open.get_mut(&file) {
            e.0 = e.0.saturating_sub(1);
            e.1 = e.1.wrapping_sub(hash);
        }
    }

    /// The files whose every key this run wrote again.
    pub fn superseded(&self) -> Vec<i64> {
        self.open.iter().filter(|(_, (n, sum))| *n == 0 && *sum == 0).map(|(f, _)| *f).collect()
    }
}

impl Ledger {
    /// Marks `files` as superseded by the run `run_id`, in the caller's transaction.
    pub(crate) fn supersede(&self, files: &[i64], run_id: i64) -> Result<(), LedgerError> {
        let write = self.fail("ledger-cannot-write");
        let mut st = self
            .conn
            .prepare_cached(
                "UPDATE files SET superseded_by = ?1
                 WHERE id = ?2 AND confirmed_at IS NULL AND unsent_at IS NULL",
            )
            .map_err(&write)?;
        for f in files {
            st.execute((run_id, f)).map_err(&write)?;
        }
        Ok(())
    }

    /// Every superseded file of `profile` is read again by the next run (a file of it was
    /// marked not uploaded), in the caller's transaction.
    pub(super) fn unsupersede(&self, profile: &str) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "UPDATE files SET superseded_by = NULL WHERE profile = ?1 AND superseded_by IS NOT NULL",
                [profile],
            )
            .map_err(self.fail("ledger-cannot-write"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(latest: &[(i64, i64)]) -> Supersession {
        Supersession::of_latest(latest.iter().map(|(k, f)| (k, f)), KeySet::default(), &[])
    }

    #[test]
    fn a_file_is_superseded_once_each_of_its_latest_keys_is_written_again() {
        let (a, b, c) = (key_hash("A"), key_hash("B"), key_hash("C"));
        let mut s = tally(&[(a, 1), (b, 1), (c, 2)]);
        s.written_again(1, "A");
        assert!(s.superseded().is_empty(), "B is still only in file 1");
        s.written_again(1, "B");
        assert_eq!(s.superseded(), vec![1]);
        s.written_again(2, "C");
        assert_eq!(s.superseded(), vec![1, 2]);
    }

    #[test]
    fn a_key_written_twice_does_not_stand_for_a_key_not_written() {
        let (a, b) = (key_hash("A"), key_hash("B"));
        let mut s = tally(&[(a, 1), (b, 1)]);
        s.written_again(1, "A");
        s.written_again(1, "A");
        assert!(s.superseded().is_empty(), "B was not written again");
    }

    #[test]
    fn a_key_the_ledger_holds_twice_is_written_again_once_however_often_the_run_writes_it() {
        let (a, b) = (key_hash("A"), key_hash("B"));
        let repeated: KeySet = [a].into_iter().collect();
        let mut s = Supersession::of_latest([(a, 1), (b, 1)].iter().map(|(k, f)| (k, f)), repeated, &[1]);
        s.written_again(1, "A");
        s.written_again(1, "A");
        assert!(s.superseded().is_empty(), "B was not written again");
        s.written_again(1, "B");
        assert_eq!(s.superseded(), vec![1]);
    }

    #[test]
    fn a_file_that_is_no_keys_latest_is_superseded_by_the_next_run() {
        let a = key_hash("A");
        let s = Supersession::of_latest([(a, 2)].iter().map(|(k, f)| (k, f)), KeySet::default(), &[1, 2]);
        assert_eq!(s.superseded(), vec![1], "file 1's keys all have later sends; file 2 holds A's");
    }

    #[test]
    fn without_unknown_files_nothing_is_superseded() {
        let mut s = tally(&[]);
        s.written_again(7, "A");
        assert!(s.superseded().is_empty());
    }
}
