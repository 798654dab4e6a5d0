//! Physical line numbers and quote balance of a CSV stream, tracked as the bytes pass by.
//!
//! The `csv` crate's own line counter is wrong for CRLF and CR line ends and after blank lines,
//! and it accepts a quoted field that is never closed (the rest of the file silently becomes
//! one field). This reader wrapper sees every byte once: it remembers where the lines start
//! that the CSV reader has not reached yet (a window the size of its buffer), and it follows
//! the RFC 4180 quote state the way `csv-core` reads it.

use std::collections::VecDeque;
use std::io::{self, Read};

/// The longest record (one order row, line breaks inside quotes included) read from an
/// export: 16 MiB. A real row is a few hundred bytes and a long one a few KiB; without a
/// limit the CSV reader would hold a whole file with no line end (or a quote never closed)
/// in memory as one record, three times over (a 2.1 GB line took 6.2 GB). Past it the read
/// fails with [`RecordTooLong`]. One record then costs at most about 150 MB (the worst case,
/// a line of commas: the CSV reader keeps 8 bytes per field); line breaks inside quotes cost
/// nothing here (see `lines_ahead`).
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

/// A record grew past [`MAX_RECORD_BYTES`]: the error inside the `io::Error` a read returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordTooLong {
    /// The 1-based line the record starts on.
    pub line: u64,
    /// The line of a quoted field still open, if the record is long because a `"` is missing.
    pub open_quote: Option<u64>,
}

impl RecordTooLong {
    /// What went wrong, for the reader.
    pub fn msg(&self) -> crate::i18n::Msg {
        let mib = MAX_RECORD_BYTES >> 20;
        match self.open_quote {
            Some(q) => crate::i18n::Msg::new("input-record-too-long-quote").arg("mib", mib).arg("line", q),
            None => crate::i18n::Msg::new("input-record-too-long").arg("mib", mib),
        }
    }
}

/// In English: the `io::Error` a read returns carries it, and says it in its own words.
impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg().render(crate::i18n::Lang::En))
    }
}

impl std::error::Error for RecordTooLong {}

/// A `Read` wrapper that counts lines and follows quotes. It looks only at `"`, CR and LF
/// (found with `memchr`), so it costs little next to parsing.
pub struct LineTracker<R> {
    inner: R,
    /// Byte offset where the next read starts.
    offset: u64,
    /// Lines not yet passed by the CSV reader. Never empty: the last entry is the line being
    /// read. Line breaks inside quotes add no entry (no record starts there): they are
    /// counted on the entry of the line the quoted field started on, so a record with many
    /// line breaks costs one entry, whatever its size.
    lines_ahead: VecDeque<Line>,
    /// Lines before the first entry of `lines_ahead`.
    passed: u64,
    /// The same, counting a record with line breaks inside quotes as one row (as Excel does).
    rows_passed: u64,
    /// Line breaks seen so far.
    lines: u64,
    /// The last byte of the previous read, if any.
    last_byte: Option<u8>,
    in_quotes: bool,
    /// A `"` inside quotes ended the previous read: the next byte says whether it closed the
    /// field or was the first of a doubled pair.
    pending_quote: bool,
    /// Offset of the second `"` of a doubled pair, to skip.
    skip_quote_at: Option<u64>,
    /// Line of the quoted field being read.
    opened_line: u64,
    /// The field separator: a quote right after it opens a field.
    delimiter: u8,
    /// Offset and 1-based line where the record being read starts: after the last line end
    /// outside quotes.
    record_start: (u64, u64),
    /// Set once a record grew past [`MAX_RECORD_BYTES`]: every later read fails with it.
    too_long: Option<RecordTooLong>,
}

/// A line the CSV reader has not passed yet.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Offset of its first byte.
    start: u64,
    /// Whether it holds anything but its line end (the CSV reader skips blank lines; known
    /// once the line has ended).
    content: bool,
    /// Line breaks inside quotes after it, before the next line a record may start on.
    inner: u64,
}

impl<R: Read> LineTracker<R> {
    /// A tracker for comma-separated input.
    #[cfg(test)]
    pub fn new(inner: R) -> Self {
        Self::with_delimiter(inner, b',')
    }

    /// A tracker for input whose fields are separated by `delimiter`.
    pub fn with_delimiter(inner: R, delimiter: u8) -> Self {
        LineTracker {
            inner,
            offset: 0,
            lines_ahead: VecDeque::from([Line { start: 0, content: false, inner: 0 }]),
            passed: 0,
            rows_passed: 0,
            lines: 0,
            last_byte: None,
            in_quotes: false,
            pending_quote: false,
            skip_quote_at: None,
            opened_line: 0,
            record_start: (0, 1),
            too_long: None,
            delimiter,
        }
    }

    /// The 1-based line of the record the CSV reader reports at byte `start`. The reader
    /// reports the end of the previous record (before its line end) as the start, so the
    /// record's line is the first line with content at or after `start`. Must be asked in
    /// increasing order.
    pub fn record_line(&mut self, start: u64) -> u64 {
        while self.lines_ahead.len() > 1 && self.lines_ahead.front().is_some_and(|l| l.start < start || !l.content) {
            if let Some(l) = self.lines_ahead.pop_front() {
                self.passed += 1 + l.inner;
                self.rows_passed += 1;
            }
        }
        self.passed + 1
    }

    /// The row Excel shows for the record last asked about with [`LineTracker::record_line`]:
    /// lines counted as Excel counts them, a record with line breaks inside quotes being one
    /// row (blank lines, which Excel shows as empty rows, count).
    pub fn record_row(&self) -> u64 {
        self.rows_passed + 1
    }

    /// At the end of the stream: the line of a quoted field that was never closed.
    pub fn unclosed_quote(&self) -> Option<u64> {
        (self.in_quotes && !self.pending_quote).then_some(self.opened_line)
    }

    fn scan(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if self.pending_quote {
            self.pending_quote = false;
            if bytes[0] == b'"' {
                self.skip_quote_at = Some(self.offset);
            } else {
                self.in_quotes = false;
            }
        }
        for p in memchr::memchr3_iter(b'"', b'\n', b'\r', bytes) {
            let at = self.offset + p as u64;
            let prev = if p > 0 { Some(bytes[p - 1]) } else { self.last_byte };
            match bytes[p] {
                b'"' => {
                    if self.skip_quote_at == Some(at) {
                        self.skip_quote_at = None;
                    } else if self.in_quotes {
                        match bytes.get(p + 1) {
                            Some(b'"') => self.skip_quote_at = Some(at + 1),
                            Some(_) => self.in_quotes = false,
                            None => self.pending_quote = true,
                        }
                    } else if prev.is_none_or(|p| matches!(p, b'\r' | b'\n') || p == self.delimiter) {
                        // A quote opening a field; anywhere else it is a literal character.
                        self.in_quotes = true;
                        self.opened_line = self.lines + 1;
                    }
                }
                // The LF of a CRLF: the line was counted at the CR.
                b'\n' if prev == Some(b'\r') => {
                    if !self.in_quotes {
                        if let Some(last) = self.lines_ahead.back_mut() {
                            last.start = at + 1;
                        }
                        self.record_start.0 = at + 1;
                    }
                }
                _ if self.in_quotes => {
                    if let Some(last) = self.lines_ahead.back_mut() {
                        last.content = true;
                        last.inner += 1;
                    }
                    self.lines += 1;
                }
                _ => {
                    if let Some(last) = self.lines_ahead.back_mut() {
                        last.content |= last.start != at;
                    }
                    self.lines_ahead.push_back(Line { start: at + 1, content: false, inner: 0 });
                    self.lines += 1;
                    self.record_start = (at + 1, self.lines + 1);
                }
            }
        }
        self.last_byte = bytes.last().copied();
        self.offset += bytes.len() as u64;
        if self.offset - self.record_start.0 > MAX_RECORD_BYTES {
            let open_quote = self.in_quotes.then_some(self.opened_line);
            self.too_long = Some(RecordTooLong { line: self.record_start.1, open_quote });
        }
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = self.too_long {
            return Err(io::Error::new(io::ErrorKind::InvalidData, e));
        }
        let n = self.inner.read(buf)?;
        self.scan(&buf[..n]);
        match self.too_long {
            Some(e) => Err(io::Error::new(io::ErrorKind::InvalidData, e)),
            None => Ok(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of_records(data: &[u8]) -> Vec<u64> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(8)
            .from_reader(LineTracker::new(data));
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while r.read_byte_record(&mut rec).unwrap() {
            let start = rec.position().unwrap().byte();
            out.push(r.get_mut().record_line(start));
        }
        out
    }

    #[test]
    fn counts_lines_for_every_line_end() {
        assert_eq!(lines_of_records(b"h\na\nb\n"), [1, 2, 3]);
        assert_eq!(lines_of_records(b"h\r\na\r\nb\r\n"), [1, 2, 3]);
        assert_eq!(lines_of_records(b"h\ra\rb"), [1, 2, 3]);
        assert_eq!(lines_of_records(b"h\r\na\nb\r\n"), [1, 2, 3]);
    }

    #[test]
    fn blank_lines_and_quoted_line_breaks_count() {
        assert_eq!(lines_of_records(b"h\n\nx\n\n\ny\n"), [1, 3, 6]);
        assert_eq!(lines_of_records(b"h\r\n\"a\r\nb\",c\r\nd\r\n"), [1, 2, 4]);
    }

    #[test]
    fn quotes_split_across_reads_are_followed() {
        // One byte per read: every pending-quote and doubled-pair case crosses a boundary.
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let Some((first, rest)) = self.0.split_first() else { return Ok(0) };
                buf[0] = *first;
                self.0 = rest;
                Ok(1)
            }
        }
        for (data, open) in
            [(&b"a,\"x\"\"y\"\nb\n"[..], None), (&b"a,\"x\"\"\nb\n"[..], Some(1)), (&b"a\r\n\"x\"\r\n\"y"[..], Some(3))]
        {
            let mut t = LineTracker::new(OneByte(data));
            std::io::copy(&mut t, &mut std::io::sink()).unwrap();
            assert_eq!(t.unclosed_quote(), open, "{:?}", String::from_utf8_lossy(data));
        }
    }

    #[test]
    fn line_breaks_inside_quotes_are_counted_not_kept() {
        let mut data = b"h\n\"".to_vec();
        data.extend(b"x\r\n".repeat(100_000));
        data.extend(b"\"\nnext\n");
        let mut t = LineTracker::new(&data[..]);
        std::io::copy(&mut t, &mut std::io::sink()).unwrap();
        assert!(t.lines_ahead.len() < 10, "{} entries", t.lines_ahead.len());
        assert_eq!(lines_of_records(&data), [1, 2, 100_003]);
    }

    #[test]
    fn a_record_over_the_limit_fails_the_read() {
        let mut data = b"h\n\"a\n".to_vec();
        data.resize(data.len() + MAX_RECORD_BYTES as usize, b'x');
        let mut t = LineTracker::new(&data[..]);
        let e = std::io::copy(&mut t, &mut std::io::sink()).unwrap_err();
        let inner = e.get_ref().and_then(|e| e.downcast_ref::<RecordTooLong>()).copied();
        assert_eq!(inner, Some(RecordTooLong { line: 2, open_quote: Some(2) }));
        // A record just under the limit is read.
        let mut ok = b"h\n".to_vec();
        ok.resize(ok.len() + MAX_RECORD_BYTES as usize, b'x');
        ok.extend(b"\nnext\n");
        assert!(std::io::copy(&mut LineTracker::new(&ok[..]), &mut std::io::sink()).is_ok());
    }

    #[test]
    fn a_quote_after_a_tab_opens_a_field_in_tab_separated_input() {
        let data = b"h\ti\na\t\"x\ny\"\nb\tc\n";
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(b'\t')
            .from_reader(LineTracker::with_delimiter(&data[..], b'\t'));
        let mut rec = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while r.read_byte_record(&mut rec).unwrap() {
            let start = rec.position().unwrap().byte();
            lines.push(r.get_mut().record_line(start));
        }
        assert_eq!(lines, [1, 2, 4]);
        let mut open = LineTracker::with_delimiter(&b"h\ti\na\t\"x\nb\tc\n"[..], b'\t');
        std::io::copy(&mut open, &mut std::io::sink()).unwrap();
        assert_eq!(open.unclosed_quote(), Some(2));
    }

    #[test]
    fn finds_a_quote_never_closed() {
        let mut t = LineTracker::new(&b"h,i\na,\"open\nb,c\n"[..]);
        std::io::copy(&mut t, &mut std::io::sink()).unwrap();
        assert_eq!(t.unclosed_quote(), Some(2));
        let mut ok = LineTracker::new(&b"h,i\na,\"x \"\"y\"\"\"\nb,c\"d\n"[..]);
        std::io::copy(&mut ok, &mut std::io::sink()).unwrap();
        assert_eq!(ok.unclosed_quote(), None);
    }
}
