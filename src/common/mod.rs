//! The leaves: small vocabularies several floors of the house must agree on, each naming
//! nothing above it (only [`crate::i18n`], for the words of its errors). They live here, apart
//! from the floors, so that two floors that share one never have to import each other:
//!
//! - [`charset`]: what the profile compiler (`engine`) and the reader and writer (`io`) agree
//!   on about characters and an upload file's byte layout;
//! - [`outpath`]: whether a rendered output path is safe to create under `--out` (the engine
//!   renders routes, the run creates files, the page serves them);
//! - [`digest`]: SHA-256 in lowercase hex, as the ledger and the output folder's manifest
//!   record it (the run hashes inputs and upload files, the ledger finds a file by its hash);
//! - [`keyset`]: the compact set of key hashes the duplicate rule keeps (the engine's counters
//!   and the run's dispatcher both use it), and the set whose keys beyond a memory budget go to
//!   temporary files (the dispatcher's, so that its memory stays flat);
//! - [`values`]: a row's output values back to back, as the decider (`run`) hands them to
//!   the sinks and the history (`ledger`) packs them;
//! - [`zone`]: a time zone by its IANA name (the profile compiler's `time_zone`, the ledger's
//!   times shown in a shop's zone).

pub(crate) mod charset;
pub(crate) mod digest;
pub(crate) mod keyset;
pub(crate) mod outpath;
pub(crate) mod values;
pub(crate) mod zone;
