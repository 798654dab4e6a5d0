//! The sinks every run has (upload files, reject file, counts) and the ones a caller adds
//! (dry-run preview, collected rows).

mod collect;
mod preview;
mod reject_file;
mod tally;
mod upload;

pub use collect::{CollectedFate, CollectedRow, Collector};
pub use preview::Preview;
pub use reject_file::RejectFile;
pub use tally::Tally;
pub use upload::UploadFiles;
