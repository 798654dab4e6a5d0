//! Strict output encoding: an encoder that reports an unmappable character instead of writing
//! an HTML entity (`encoding_rs`' `encode` would write `&#…;`). The fold table is applied
//! before, when the row's columns are assembled (the engine's `OutputPlan::fold_into`).

use encoding_rs::{EncoderResult, SHIFT_JIS};

use crate::common::charset::{CsvFormat, OutputEncoding};

/// A character that could not be written: output column index and the character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unencodable {
    pub column: usize,
    pub ch: char,
}

/// Whether `value` is ASCII with nothing CSV quotes (comma, quote, line break): written as it
/// is in every output encoding. One pass over the bytes (most fields are codes and numbers).
pub fn plain_ascii(value: &str) -> bool {
    value.bytes().all(|b| b < 0x80 && !matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// Encodes rows of output fields into CSV bytes in a [`CsvFormat`].
#[derive(Debug)]
pub struct RowEncoder<'p> {
    format: &'p CsvFormat,
    /// Per column, the last few non-ASCII values and their encoded bytes: status names and
    /// other lookup outputs repeat on every row, and encoding kanji is the costly part.
    cache: Vec<Vec<(String, Vec<u8>)>>,
}

/// Values cached per column, and the longest value cached.
const CACHE_ENTRIES: usize = 16;
const CACHE_MAX_LEN: usize = 64;

impl<'p> RowEncoder<'p> {
    pub fn new(format: &'p CsvFormat) -> Self {
        RowEncoder { format, cache: Vec::new() }
    }

    /// Appends one CSV record (with its line end) to `out`. On an unencodable character, `out`
    /// is left as it was and the character is returned, unless the profile replaces such
    /// characters: then each replacement is pushed to `replaced` and encoding goes on.
    pub fn encode_row<S: AsRef<str>>(
        &mut self,
        fields: &[S],
        out: &mut Vec<u8>,
        replaced: &mut Vec<Unencodable>,
    ) -> Result<(), Unencodable> {
        let start = out.len();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if let Err(e) = self.encode_field(i, f.as_ref(), out, replaced) {
                out.truncate(start);
                return Err(e);
            }
        }
        out.extend_from_slice(if self.format.crlf { b"\r\n" } else { b"\n" });
        Ok(())
    }

    fn encode_field(
        &mut self,
        column: usize,
        value: &str,
        out: &mut Vec<u8>,
        replaced: &mut Vec<Unencodable>,
    ) -> Result<(), Unencodable> {
        if !self.format.quote_always && plain_ascii(value) {
            out.extend_from_slice(value.as_bytes());
            return Ok(());
        }
        if self.cache.len() <= column {
            self.cache.resize_with(column + 1, Vec::new);
        }
        if let Some((_, bytes)) = self.cache[column].iter().find(|(v, _)| v == value) {
            out.extend_from_slice(bytes);
            return Ok(());
        }
        let start = out.len();
        let replaced_before = replaced.len();
        self.encode_uncached(column, value, out, replaced)?;
        // Values whose encoding replaced characters are not cached: each row must warn.
        // Filled once, never evicted: the first values of a column are its common ones.
        if value.len() <= CACHE_MAX_LEN && replaced.len() == replaced_before {
            let entries = &mut self.cache[column];
            if entries.len() < CACHE_ENTRIES {
                entries.push((value.to_string(), out[start..].to_vec()));
            }
        }
        Ok(())
    }

    fn encode_uncached(
        &mut self,
        column: usize,
        value: &str,
        out: &mut Vec<u8>,
        replaced: &mut Vec<Unencodable>,
    ) -> Result<(), Unencodable> {
        let quote = self.format.quote_always || value.contains([',', '"', '\r', '\n']);
        if quote {
            out.push(b'"');
        }
        let escaped: std::borrow::Cow<'_, str> =
            if quote && value.contains('"') { value.replace('"', "\"\"").into() } else { value.into() };
        let mut rest: &str = &escaped;
        if rest.is_ascii() || self.format.encoding == OutputEncoding::Utf8 {
            out.extend_from_slice(rest.as_bytes());
        } else {
            let mut enc = SHIFT_JIS.new_encoder();
            loop {
                let need =
                    enc.max_buffer_length_from_utf8_without_replacement(rest.len()).unwrap_or(rest.len() * 2 + 16);
                out.reserve(need);
                let (res, read) = enc.encode_from_utf8_to_vec_without_replacement(rest, out, true);
                match res {
                    EncoderResult::InputEmpty => break,
                    EncoderResult::OutputFull => rest = &rest[read..],
                    EncoderResult::Unmappable(ch) => {
                        let Some(with) = self.format.replace_with else {
                            return Err(Unencodable { column, ch });
                        };
                        replaced.push(Unencodable { column, ch });
                        let mut b = [0u8; 4];
                        let _ = SHIFT_JIS.new_encoder().encode_from_utf8_to_vec_without_replacement(
                            with.encode_utf8(&mut b),
                            out,
                            true,
                        );
                        rest = &rest[read..];
                        enc = SHIFT_JIS.new_encoder();
                    }
                }
            }
        }
        if quote {
            out.push(b'"');
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp932(replace_with: Option<char>) -> CsvFormat {
        CsvFormat { encoding: OutputEncoding::ShiftJis, crlf: true, quote_always: false, replace_with }
    }

    /// The fold table turns WAVE DASH into FULLWIDTH TILDE before encoding (tested in the
    /// engine); FULLWIDTH TILDE is CP932's 0x8160.
    #[test]
    fn folded_wave_dash_encodes_as_fullwidth_tilde() {
        let folded = "a\u{FF5E}b";
        let mut out = Vec::new();
        RowEncoder::new(&cp932(None)).encode_row(&[folded], &mut out, &mut Vec::new()).unwrap();
        assert_eq!(out, b"a\x81\x60b\r\n");
    }

    #[test]
    fn emoji_is_reported_not_written_as_entity() {
        let p = cp932(None);
        let mut out = b"keep".to_vec();
        let e = RowEncoder::new(&p).encode_row(&["ok", "x😀"], &mut out, &mut Vec::new()).unwrap_err();
        assert_eq!(e, Unencodable { column: 1, ch: '😀' });
        assert_eq!(out, b"keep");
    }

    #[test]
    fn replacement_policy_writes_geta_and_reports() {
        let p = cp932(Some('〓'));
        let mut out = Vec::new();
        let mut rep = Vec::new();
        RowEncoder::new(&p).encode_row(&["é1"], &mut out, &mut rep).unwrap();
        assert_eq!(out, b"\x81\xac1\r\n");
        assert_eq!(rep, vec![Unencodable { column: 0, ch: 'é' }]);
    }

    #[test]
    fn quotes_only_when_needed_and_doubles_inner_quotes() {
        let p = cp932(None);
        let mut out = Vec::new();
        RowEncoder::new(&p).encode_row(&["a,b", "say \"hi\"", "plain", "l1\nl2"], &mut out, &mut Vec::new()).unwrap();
        assert_eq!(out, b"\"a,b\",\"say \"\"hi\"\"\",plain,\"l1\nl2\"\r\n");
    }
}
