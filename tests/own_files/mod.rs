//! The run's own files: the ledger is never one of the files a run writes; the
//! report (outside `--out`, or streamed) agrees with the upload files whatever stops the
//! commit; the archive, the manifest and the lock are the tool's own, never followed through
//! a link and never outside `--out`.

mod ledger_and_report;
mod manifest_hashes;
mod through_links;
