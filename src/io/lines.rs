//! Physical line numbers and quote balance of a CSV stream, tracked as the bytes pass by.
//!
//! The `csv` crate's own line counter is wrong for CRLF and CR line ends and after blank lines,
//! and it accepts a quoted field that is never closed (the rest of the file silently becomes
//! one field). This reader wrapper sees every byte once: it remembers where the lines start
//! that the CSV reader has not reached yet (a window the size of its buffer), and it follows
//! the RFC 4180 quote state the way `csv-core` reads it.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A `Read` wrapper that counts lines and follows quotes. It looks only at `"`, CR and LF
/// (found with `memchr`), so it costs little next to parsing.
pub struct LineTracker<R> {
    inner: R,
    /// Byte offset where the next read starts.
    offset: u64,
    /// Lines not yet passed by the CSV reader: start offset, and whether it holds anything
    /// but its line end (the CSV reader skips blank lines; known once the line has ended).
    /// Never empty: the last entry is the line being read.
    lines_ahead: VecDeque<(u64, bool)>,
    /// Lines before the first entry of `lines_ahead`.
    passed: u64,
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
}

impl<R: Read> LineTracker<R> {
    /// A tracker for comma-separated input.
    pub fn new(inner: R) -> Self {
        Self::with_delimiter(inner, b',')
    }

    /// A tracker for input whose fields are separated by `delimiter`.
    pub fn with_delimiter(inner: R, delimiter: u8) -> Self {
        LineTracker {
            inner,
            offset: 0,
            lines_ahead: VecDeque::from([(0, false)]),
            passed: 0,
            lines: 0,
            last_byte: None,
            in_quotes: false,
            pending_quote: false,
            skip_quote_at: None,
            opened_line: 0,
            delimiter,
        }
    }

    /// The 1-based line of the record the CSV reader reports at byte `start`. The reader
    /// reports the end of the previous record (before its line end) as the start, so the
    /// record's line is the first line with content at or after `start`. Must be asked in
    /// increasing order.
    pub fn record_line(&mut self, start: u64) -> u64 {
        while self.lines_ahead.len() > 1 && self.lines_ahead.front().is_some_and(|(s, content)| *s < start || !content)
        {
            self.lines_ahead.pop_front();
            self.passed += 1;
        }
        self.passed + 1
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
                b'\n' if prev == Some(b'\r') => {
                    if let Some(last) = self.lines_ahead.back_mut() {
                        last.0 = at + 1;
                    }
                }
                _ => {
                    if let Some(last) = self.lines_ahead.back_mut() {
                        last.1 = last.0 != at;
                    }
                    self.lines_ahead.push_back((at + 1, false));
                    self.lines += 1;
                }
            }
        }
        self.last_byte = bytes.last().copied();
        self.offset += bytes.len() as u64;
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.scan(&buf[..n]);
        Ok(n)
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
