//! The sinks every run has (upload files, reject file, counts) and the ones a caller adds
//! (dry-run preview, collected rows).

mod collect;
mod ledger;
mod preview;
mod row_list;
mod tally;
mod upload;

pub(crate) use collect::{CollectedFate, Collector};
pub(crate) use ledger::{LedgerSink, LedgerUse, SharedSession, commit_last as commit_ledger_last};
pub(crate) use preview::Preview;
pub(crate) use row_list::{ListKind, RowList};
pub(crate) use tally::Tally;
pub(crate) use upload::UploadFiles;
