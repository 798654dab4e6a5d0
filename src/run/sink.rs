//! The writing stage: duplicates removed in input order, upload and reject files written,
//! everything counted.

use crate::engine::Plan;
use crate::io::output::OutputSet;
use crate::keyset::KeySet;
use crate::report::Counts;

use super::decide::{Decided, Outcome};
use super::{RunError, RunOptions};

/// Distinct messages kept per warning rule for the summary.
const WARNING_EXAMPLES: usize = 5;

/// Where decided rows go: upload files, the reject file and the counts.
pub struct Sink<'p> {
    plan: &'p Plan,
    opts: &'p RunOptions,
    pub uploads: OutputSet,
    pub rejects: OutputSet,
    pub rejects_rel: String,
    reject_header: Vec<u8>,
    header: Vec<u8>,
    pub counts: Counts,
    /// Per warning rule, its first distinct messages and how often each came (the summary
    /// shows them, so a shop sees *which* method text had no carrier code).
    pub warning_examples: Vec<Vec<(String, u64)>>,
    /// Duplicate keys of the rows written so far, with their file's path.
    keys: KeySet,
}

impl<'p> Sink<'p> {
    pub fn new(
        plan: &'p Plan,
        opts: &'p RunOptions,
        uploads: OutputSet,
        rejects: OutputSet,
        rejects_rel: String,
        reject_header: Vec<u8>,
        header: Vec<u8>,
    ) -> Self {
        Sink {
            plan,
            opts,
            uploads,
            rejects,
            rejects_rel,
            reject_header,
            header,
            counts: Counts::new(plan),
            warning_examples: vec![Vec::new(); plan.rule_names.len()],
            keys: KeySet::new(),
        }
    }

    pub fn write_batch(&mut self, batch: &Decided) -> Result<(), RunError> {
        for i in 0..batch.len {
            let row = batch.row(i);
            self.counts.read += 1;
            let duplicate = |keys: &KeySet, key: Option<u64>| key.is_some_and(|k| keys.contains(k));
            match row.outcome {
                Outcome::Write { key } | Outcome::Unencodable { key, .. } if duplicate(&self.keys, key) => {
                    self.counts.exclude(self.plan.builtin.duplicate.rule);
                }
                Outcome::Write { key } => {
                    // Opened only now: a file whose every row was rejected is never created.
                    let i = self.uploads.open(row.path, &self.header)?;
                    let f = &mut self.uploads.files[i];
                    f.write(row.bytes)?;
                    f.rows += 1;
                    if let Some(columns) = row.columns
                        && f.preview.len() < self.opts.preview_rows
                    {
                        f.preview.push(columns.to_vec());
                    }
                    if let Some(k) = key {
                        self.keys.insert(k);
                    }
                    self.counts.write(row.warnings);
                    self.note_warnings(row.warnings);
                }
                Outcome::Exclude(rule) => self.counts.exclude(rule),
                Outcome::Unencodable { rule, .. } | Outcome::Reject(rule) => {
                    self.counts.reject(rule);
                    let i = self.rejects.open(&self.rejects_rel, &self.reject_header)?;
                    self.rejects.files[i].write(row.bytes)?;
                    self.rejects.files[i].rows += 1;
                }
            }
        }
        Ok(())
    }

    fn note_warnings(&mut self, warnings: &[(crate::engine::RuleId, String)]) {
        for (rule, message) in warnings {
            let examples = &mut self.warning_examples[*rule];
            if let Some(i) = examples.iter().position(|(m, _)| m == message) {
                examples[i].1 += 1;
            } else if examples.len() < WARNING_EXAMPLES {
                examples.push((message.clone(), 1));
            }
        }
    }
}
