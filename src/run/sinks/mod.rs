//! The sinks every run has (upload files, reject file, counts) and the ones a caller adds
//! (dry-run preview, collected rows).

mod collect;
mod ledger;
mod preview;
mod row_list;
mod tally;
mod upload;

pub use collect::{CollectedFate, CollectedRow, Collector};
pub use ledger::{LedgerSink, LedgerUse};
pub use preview::Preview;
pub use row_list::{ListKind, RowList};
pub use tally::Tally;
pub use upload::UploadFiles;
