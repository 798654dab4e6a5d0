//! Physical line numbers and quote balance of a CSV stream, tracked as the bytes pass by.
//!
//! The `csv` crate's own line counter is wrong for CRLF and CR line ends and after blank lines,
//! and it accepts a quoted field that is never closed (the rest of the file silently becomes
//! one field). This reader wrapper sees every byte once: it remembers where the lines start
//! that the CSV reader has not reached yet (a window the size of its buffer), and it follows
//! the RFC 4180 quote state the way `csv-core` reads it.

use std::collections::VecDeque;
use std::io::{self, Read};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: either the closing one or the first of a doubled pair.
    ClosingOrDoubled,
}

/// A `Read` wrapper that counts lines and follows quotes.
pub struct LineTracker<R> {
    inner: R,
    /// Byte offset where the next read starts.
    offset: u64,
    /// Lines not yet passed by the CSV reader: start offset, and whether it holds anything
    /// but its line end (the CSV reader skips blank lines). Never empty: the last entry is
    /// the line being read.
    lines_ahead: VecDeque<(u64, bool)>,
    /// Lines before the first entry of `lines_ahead`.
    passed: u64,
    last_cr: bool,
    quote: QuoteState,
    /// Field number (1-based) within the current record.
    field: u64,
    /// Line and field where the quoted field being read began.
    opened_at: (u64, u64),
    /// Lines started so far (the current line's number is `lines + 1`).
    lines: u64,
}

impl<R: Read> LineTracker<R> {
    pub fn new(inner: R) -> Self {
        LineTracker {
            inner,
            offset: 0,
            lines_ahead: VecDeque::from([(0, false)]),
            passed: 0,
            last_cr: false,
            quote: QuoteState::FieldStart,
            field: 1,
            opened_at: (0, 0),
            lines: 0,
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

    /// At the end of the stream: the line and field of a quoted field that was never closed.
    pub fn unclosed_quote(&self) -> Option<(u64, u64)> {
        (self.quote == QuoteState::Quoted).then_some(self.opened_at)
    }

    fn scan(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            let at = self.offset + i as u64;
            match b {
                b'\n' if self.last_cr => {
                    if let Some(last) = self.lines_ahead.back_mut() {
                        last.0 = at + 1;
                    }
                }
                b'\r' | b'\n' => {
                    self.lines_ahead.push_back((at + 1, false));
                    self.lines += 1;
                }
                _ => {
                    if let Some(last) = self.lines_ahead.back_mut() {
                        last.1 = true;
                    }
                }
            }
            self.last_cr = b == b'\r';
            self.quote = match (self.quote, b) {
                (QuoteState::FieldStart, b'"') => {
                    self.opened_at = (self.lines + 1, self.field);
                    QuoteState::Quoted
                }
                (QuoteState::Quoted, b'"') => QuoteState::ClosingOrDoubled,
                (QuoteState::Quoted, _) => QuoteState::Quoted,
                (QuoteState::ClosingOrDoubled, b'"') => QuoteState::Quoted,
                (_, b',') => {
                    self.field += 1;
                    QuoteState::FieldStart
                }
                (_, b'\r' | b'\n') => {
                    self.field = 1;
                    QuoteState::FieldStart
                }
                _ => QuoteState::Unquoted,
            };
        }
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
    fn finds_a_quote_never_closed() {
        let mut t = LineTracker::new(&b"h,i\na,\"open\nb,c\n"[..]);
        std::io::copy(&mut t, &mut std::io::sink()).unwrap();
        assert_eq!(t.unclosed_quote(), Some((2, 2)));
        let mut ok = LineTracker::new(&b"h,i\na,\"x \"\"y\"\"\"\nb,c\"d\n"[..]);
        std::io::copy(&mut ok, &mut std::io::sink()).unwrap();
        assert_eq!(ok.unclosed_quote(), None);
    }
}
