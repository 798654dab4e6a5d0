//! Everything a run wrote as one zip, laid out as `--out` would be (`rakuten/tuuzyou_….csv`,
//! `rejected_….csv`), each entry the exact bytes of the file. Made once per run, on the first
//! download, next to the run's output folder (never inside it).

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::runs::Served;

/// Writes the zip of `files` to `dest` (through a temporary name in the same folder, so a
/// failure leaves no half-made zip). Entry times are `now` (local civil time).
pub fn build(files: &[Served], dest: &Path, now: jiff::civil::DateTime) -> io::Result<()> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new().prefix(".zip-").tempfile_in(dir)?;
    let mut zip = ZipWriter::new(BufWriter::with_capacity(256 * 1024, tmp.reopen()?));
    let time = DateTime::from_date_and_time(
        u16::try_from(now.year()).unwrap_or(1980),
        now.month() as u8,
        now.day() as u8,
        now.hour() as u8,
        now.minute() as u8,
        now.second() as u8,
    )
    .unwrap_or_default();
    for f in files {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            // Level 1: CSV shrinks to a fifth at once; higher levels cost seconds per 100 MB
            // for a few percent.
            .compression_level(Some(1))
            .last_modified_time(time)
            .large_file(f.bytes >= u32::MAX as u64 / 2)
            .unix_permissions(0o644);
        zip.start_file(f.rel.as_str(), options).map_err(io::Error::other)?;
        let mut src = BufReader::with_capacity(256 * 1024, File::open(&f.abs)?);
        io::copy(&mut src, &mut zip)?;
    }
    let mut out = zip.finish().map_err(io::Error::other)?;
    io::Write::flush(&mut out)?;
    drop(out);
    tmp.persist(dest).map_err(|e| e.error)?;
    Ok(())
}
