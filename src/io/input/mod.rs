//! Reading an export: encoding and delimiter detection ([`super::sniff`]), the header, field
//! binding and record decoding.

use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::{DecoderResult, SHIFT_JIS};

use super::digest::{Hashing, InputDigest, THREAD_MIN_BYTES};
pub(crate) use super::error::InputError;
pub(crate) use super::headers::{Binding, WantedField};
use super::lines::{LineTracker, RecordTooLong};
pub(crate) use super::sniff::{Detected, detect};
use super::sniff::{check_nuls, detect_delimiter, fill_block};
use super::utf16::Utf16Reader;
use crate::common::charset::InputFormat;
use crate::i18n::Msg;

/// The CSV reader's buffer.
const READ_BUFFER: usize = 64 * 1024;

/// An opened input: its encoding, its header and a reader positioned at the first record.
pub struct InputFile {
    /// The path it was opened from (`-`: standard input).
    pub path: PathBuf,
    /// How messages and the report name it: its path, or `(stdin)`.
    pub display: String,
    /// The encoding it is read with, decided once from its first block.
    pub encoding: Detected,
    /// The byte separating fields: `,` or a tab.
    pub delimiter: u8,
    /// The header row's cells, decoded and trimmed: what the profile's fields are bound to.
    pub header: Vec<String>,
    /// Size in bytes, for progress.
    pub size: u64,
    reader: csv::Reader<LineTracker<Box<dyn Read + Send>>>,
    /// For a transcoded (UTF-16) input: the file's bytes read so far.
    raw_read: Option<Arc<AtomicU64>>,
}

impl std::fmt::Debug for InputFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InputFile")
            .field("path", &self.path)
            .field("encoding", &self.encoding)
            .field("delimiter", &char::from(self.delimiter))
            .finish()
    }
}

/// Bytes that are not valid text in the file's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undecodable;

/// Decodes `bytes` in `enc`, appending to `out` (which may hold earlier fields: only the
/// appended text is checked, and on error `out` is left as it was). Invalid bytes, NUL, and
/// characters from CP932's user-defined area (private use) are errors: they must never reach
/// an upload file.
pub fn decode_into(enc: Detected, bytes: &[u8], out: &mut String) -> Result<(), Undecodable> {
    let start = out.len();
    if push_plain_ascii(bytes, out) {
        return Ok(());
    }
    if bytes.is_ascii() {
        // ASCII with a NUL.
        return Err(Undecodable);
    }
    match enc {
        // A UTF-16 file's records are transcoded UTF-8, its malformed text an invalid byte.
        Detected::Utf8 { .. } | Detected::Utf16 { .. } => {
            out.push_str(std::str::from_utf8(bytes).map_err(|_| Undecodable)?)
        }
        Detected::ShiftJis => {
            let mut dec = SHIFT_JIS.new_decoder_without_bom_handling();
            out.reserve(dec.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len() * 3));
            let (res, _) = dec.decode_to_string_without_replacement(bytes, out, true);
            if res != DecoderResult::InputEmpty || out[start..].chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c))
            {
                out.truncate(start);
                return Err(Undecodable);
            }
        }
    }
    if out[start..].contains('\0') {
        out.truncate(start);
        return Err(Undecodable);
    }
    Ok(())
}

/// Appends `bytes` if they are ASCII without NUL (the same text in every encoding an input is
/// read in), checked in one pass over the bytes instead of three (ASCII, NUL, UTF-8): most
/// fields of an export are numbers, dates and codes. `false`, and `out` untouched, otherwise.
fn push_plain_ascii(bytes: &[u8], out: &mut String) -> bool {
    // Branch-free over the bytes so that it vectorises: 0x01..=0x7F is `b - 1 < 0x7F`.
    if !bytes.iter().fold(true, |ok, &b| ok & (b.wrapping_sub(1) < 0x7F)) {
        return false;
    }
    // SAFETY: every byte is below 0x80, and ASCII is valid UTF-8.
    out.push_str(unsafe { std::str::from_utf8_unchecked(bytes) });
    true
}

/// Decodes the fields a profile reads, remembering the first few non-ASCII values of each
/// field: store names, statuses and shipping methods repeat on every row, and comparing bytes
/// is cheaper than decoding CP932 again (and trimming it: the cache keeps the trimmed text).
/// The cache is filled once and never evicts, so a field of all-distinct values costs one
/// failed comparison per cached entry at most.
#[derive(Debug, Default)]
pub struct FieldDecoder {
    cache: Vec<Vec<(Vec<u8>, String)>>,
    /// Whether each decoded value loses its surrounding white space (the profile's `trim`).
    trim: bool,
}

const FIELD_CACHE_ENTRIES: usize = 16;
const FIELD_CACHE_MAX_LEN: usize = 64;

impl FieldDecoder {
    /// A decoder for `fields` fields (the profile's field count), its caches empty; `trim`:
    /// whether values lose their surrounding white space (U+3000 included).
    pub fn new(fields: usize, trim: bool) -> Self {
        FieldDecoder { cache: vec![Vec::new(); fields], trim }
    }

    /// [`decode_into`] for field `field`, then trimmed if the decoder trims.
    pub fn decode(&mut self, field: usize, enc: Detected, bytes: &[u8], out: &mut String) -> Result<(), Undecodable> {
        let start = out.len();
        let plain = push_plain_ascii(bytes, out);
        if plain || bytes.len() > FIELD_CACHE_MAX_LEN {
            if !plain {
                decode_into(enc, bytes, out)?;
            }
            if self.trim {
                crate::common::charset::trim_tail(out, start);
            }
            return Ok(());
        }
        let entries = &mut self.cache[field];
        if let Some((_, text)) = entries.iter().find(|(b, _)| b == bytes) {
            out.push_str(text);
            return Ok(());
        }
        decode_into(enc, bytes, out)?;
        if self.trim {
            crate::common::charset::trim_tail(out, start);
        }
        if entries.len() < FIELD_CACHE_ENTRIES {
            entries.push((bytes.to_vec(), out[start..].to_string()));
        }
        Ok(())
    }
}

/// Decodes for display (reject file, messages): invalid bytes become U+FFFD.
pub fn decode_lossy(enc: Detected, bytes: &[u8]) -> String {
    match enc {
        Detected::Utf8 { .. } | Detected::Utf16 { .. } => String::from_utf8_lossy(bytes).into_owned(),
        Detected::ShiftJis => SHIFT_JIS.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// [`decode_lossy`], appended to `out`.
pub fn decode_lossy_into(enc: Detected, bytes: &[u8], out: &mut String) {
    if bytes.is_ascii() {
        out.push_str(std::str::from_utf8(bytes).unwrap_or_default());
        return;
    }
    match enc {
        Detected::Utf8 { .. } | Detected::Utf16 { .. } => out.push_str(&String::from_utf8_lossy(bytes)),
        Detected::ShiftJis => out.push_str(&SHIFT_JIS.decode_without_bom_handling(bytes).0),
    }
}

impl InputFile {
    /// Opens `path` (`-`: standard input), detects its encoding (and, if `choice` leaves it to
    /// the file, its delimiter) and reads its header row.
    pub fn open(path: &Path, choice: impl Into<InputFormat>) -> Result<InputFile, InputError> {
        Self::open_with(path, choice.into(), || Box::new(io::stdin()))
    }

    /// [`InputFile::open`] for a file on disk, with its SHA-256 ([`InputDigest`]): a small
    /// file is hashed as it is read, known once it has been read to its end; a large one by a
    /// thread of its own. Standard input is not hashed (`None`).
    pub(crate) fn open_hashing(
        path: &Path,
        choice: impl Into<InputFormat>,
    ) -> Result<(InputFile, Option<InputDigest>), InputError> {
        if path == Path::new(STDIN_PATH) {
            return Ok((Self::open(path, choice)?, None));
        }
        let (file, size) = Self::open_file(path)?;
        if size >= THREAD_MIN_BYTES
            && let Some(digest) = InputDigest::of_file(path)
        {
            return Ok((Self::sniff(path, Box::new(file), size, choice)?, Some(digest)));
        }
        let (file, digest) = Hashing::new(file);
        Ok((Self::sniff(path, Box::new(file), size, choice)?, Some(digest)))
    }

    /// A file on disk opened for reading, with its size (0 for a pipe or device such as
    /// `/dev/stdin`, whose size says nothing); a folder is refused.
    fn open_file(path: &Path) -> Result<(File, u64), InputError> {
        let display = path.display().to_string();
        let io_err = |source: io::Error| InputError::Io { path: display.clone(), source };
        let meta = std::fs::metadata(path).map_err(io_err)?;
        if meta.is_dir() {
            return Err(InputError::Format { path: display, message: Msg::new("input-is-a-directory") });
        }
        let file = File::open(path).map_err(io_err)?;
        Ok((file, if meta.is_file() { meta.len() } else { 0 }))
    }

    /// [`InputFile::open`] with standard input supplied by `stdin` (tests).
    fn open_with(
        path: &Path,
        choice: impl Into<InputFormat>,
        stdin: impl FnOnce() -> Box<dyn Read + Send>,
    ) -> Result<InputFile, InputError> {
        if path == Path::new(STDIN_PATH) {
            return Self::sniff(path, stdin(), 0, choice);
        }
        let (file, size) = Self::open_file(path)?;
        Self::sniff(path, Box::new(file), size, choice)
    }

    /// Detects the encoding of `source` (`size` bytes long, 0 if unknown) from its first
    /// block, and its delimiter from its header row unless `choice` names one, then reads the
    /// header. A UTF-16 input is transcoded to UTF-8 as it is read (`super::utf16`); its
    /// delimiter is judged on the transcoded text.
    pub fn sniff(
        path: &Path,
        mut source: Box<dyn Read + Send>,
        size: u64,
        choice: impl Into<InputFormat>,
    ) -> Result<InputFile, InputError> {
        let choice = choice.into();
        let display = display_name(path);
        let io_err = |source| InputError::Io { path: display.clone(), source };
        let format_err = |message| InputError::Format { path: display.clone(), message };
        let mut block = Vec::new();
        let eof = fill_block(&mut source, &mut block).map_err(io_err)?;
        let whole = eof || (size > 0 && block.len() as u64 >= size);
        let encoding = detect(&block, whole, choice.encoding).map_err(format_err)?;
        let mut raw_read = None;
        match encoding {
            Detected::Utf16 { big_endian } => {
                block.drain(..2);
                let counter = Arc::new(AtomicU64::new(2));
                let raw: Box<dyn Read + Send> = Box::new(Cursor::new(std::mem::take(&mut block)).chain(source));
                let mut utf8 = Utf16Reader::new(raw, big_endian, counter.clone());
                fill_block(&mut utf8, &mut block).map_err(io_err)?;
                check_nuls(&block).map_err(format_err)?;
                source = Box::new(utf8);
                raw_read = Some(counter);
            }
            Detected::Utf8 { bom: true } => {
                block.drain(..3);
            }
            Detected::Utf8 { bom: false } | Detected::ShiftJis => {}
        }
        let delimiter = choice.delimiter.byte().unwrap_or_else(|| detect_delimiter(&block));
        let source: Box<dyn Read + Send> = Box::new(Cursor::new(block).chain(source));
        let mut file = Self::from_reader(path, source, encoding, delimiter, size)?;
        file.raw_read = raw_read;
        Ok(file)
    }

    /// Reads the header from `source` (already past any BOM, UTF-8 if `encoding` is UTF-16),
    /// its fields separated by `delimiter`.
    pub fn from_reader(
        path: &Path,
        source: Box<dyn Read + Send>,
        encoding: Detected,
        delimiter: u8,
        size: u64,
    ) -> Result<InputFile, InputError> {
        let display = display_name(path);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            // A small input (a profile test's row) does not need 64 KiB zeroed; 0 is "unknown".
            .buffer_capacity(if (1..READ_BUFFER as u64).contains(&size) { size as usize + 1 } else { READ_BUFFER })
            .from_reader(LineTracker::with_delimiter(source, delimiter));
        let mut rec = csv::ByteRecord::new();
        let got = reader.read_byte_record(&mut rec).map_err(|e| csv_error(&display, e))?;
        if !got {
            return Err(InputError::Format { path: display, message: Msg::new("input-empty") });
        }
        let line = reader.get_mut().record_line(rec.position().map_or(0, |p| p.byte()));
        let mut header = Vec::with_capacity(rec.len());
        for (i, raw) in rec.iter().enumerate() {
            let mut name = String::new();
            if decode_into(encoding, raw, &mut name).is_err() {
                return Err(InputError::At {
                    path: display,
                    line,
                    message: Msg::new("input-header-not-decodable")
                        .arg("column", i + 1)
                        .arg("encoding", encoding.label()),
                });
            }
            header.push(name.trim().to_string());
        }
        Ok(InputFile { path: path.to_path_buf(), display, encoding, delimiter, header, size, reader, raw_read: None })
    }

    /// The encoding and layout, for the run summary: e.g. `UTF-8, tab-separated`.
    pub fn describe(&self) -> Msg {
        match self.delimiter {
            b'\t' => Msg::new("encoding-tab-separated").arg("encoding", self.encoding.describe()),
            _ => self.encoding.describe(),
        }
    }

    /// Reads the next record; `false` at the end of the file.
    pub fn read(&mut self, rec: &mut csv::ByteRecord) -> Result<bool, InputError> {
        let more = self.reader.read_byte_record(rec).map_err(|e| csv_error(&self.display, e))?;
        if !more && let Some(line) = self.reader.get_ref().unclosed_quote() {
            return Err(InputError::At { path: self.display.clone(), line, message: Msg::new("input-unclosed-quote") });
        }
        Ok(more)
    }

    /// The physical line (1-based) the last record read starts on.
    pub fn line(&mut self, rec: &csv::ByteRecord) -> u64 {
        let start = rec.position().map_or(0, |p| p.byte());
        self.reader.get_mut().record_line(start)
    }

    /// The row Excel shows for the record last given to [`InputFile::line`].
    pub fn row(&self) -> u64 {
        self.reader.get_ref().record_row()
    }

    /// Bytes consumed so far (for progress). For a UTF-16 input, the file's bytes the
    /// transcoder has read, which run ahead of the records parsed by up to a buffer or two:
    /// approximate, but in the file's own bytes, so it ends at its size.
    pub fn position(&self) -> u64 {
        match &self.raw_read {
            Some(raw) => raw.load(Ordering::Relaxed),
            None => self.reader.position().byte(),
        }
    }

    /// Resolves the profile's fields to this file's columns (the rules: `super::headers`).
    /// `fields`: per field, its name, the header names it accepts, and whether it has a
    /// default for an absent column.
    pub fn bind(&self, fields: &[(&str, &[String], bool)]) -> Result<Binding, InputError> {
        let wanted: Vec<WantedField> =
            fields.iter().map(|&(n, h, optional)| WantedField::new(n, h, optional)).collect();
        super::headers::bind(&self.display, &self.header, &wanted)
    }
}

/// The input path that means standard input.
pub const STDIN_PATH: &str = "-";

/// How an input is named in messages and the report: `(stdin)` for [`STDIN_PATH`].
fn display_name(path: &Path) -> String {
    if path == Path::new(STDIN_PATH) { "(stdin)".to_string() } else { path.display().to_string() }
}

/// Messages that may echo input are cut to this many characters: a broken export must not
/// give a megabyte-long error.
const MESSAGE_MAX_CHARS: usize = 200;

fn csv_error(path: &str, e: csv::Error) -> InputError {
    let line = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(source) => match source.get_ref().and_then(|inner| inner.downcast_ref::<RecordTooLong>()) {
            Some(too_long) => InputError::At { path: path.to_string(), line: too_long.line, message: too_long.msg() },
            None => InputError::Io { path: path.to_string(), source },
        },
        other => {
            let detail = cut(&format!("{other:?}"), MESSAGE_MAX_CHARS);
            let message = Msg::new("input-csv-error").arg("detail", detail);
            match line {
                Some(line) => InputError::At { path: path.to_string(), line, message },
                None => InputError::Format { path: path.to_string(), message },
            }
        }
    }
}

/// `text`, or its first `max` characters and `…`.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests;
