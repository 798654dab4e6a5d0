//! Excel's 「Unicode テキスト」 (UTF-16 with a BOM) read as a stream: a `Read` adapter that
//! transcodes UTF-16 to UTF-8 a chunk at a time, so the CSV reader, the line tracker and field
//! decoding see UTF-8 and memory stays flat whatever the file's size.
//!
//! Text that is not valid UTF-16 — a lone surrogate, or an odd byte at the end of the file —
//! becomes the byte `0xFF`, which is never valid UTF-8: a field holding it is `undecodable`
//! exactly like an invalid byte of a UTF-8 or CP932 file (rejected where the profile reads
//! it, shown as U+FFFD in the reject file), instead of silently becoming U+FFFD text.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::{Decoder, DecoderResult, UTF_16BE, UTF_16LE};

/// Bytes of UTF-16 read from the source at a time.
const CHUNK: usize = 32 * 1024;

/// What a malformed UTF-16 sequence is transcoded to: not valid anywhere in UTF-8.
pub const INVALID: u8 = 0xFF;

/// UTF-16 (past its BOM) in, UTF-8 out.
pub struct Utf16Reader<R> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    /// Transcoded bytes not yet handed out: `out[pos..]`.
    out: Vec<u8>,
    pos: usize,
    finished: bool,
    /// UTF-16 bytes read from `inner` so far (the progress of a UTF-16 input is counted in
    /// its own bytes, not in the UTF-8 the CSV reader sees).
    consumed: Arc<AtomicU64>,
}

impl<R: Read> Utf16Reader<R> {
    /// `inner` starts after the BOM.
    pub fn new(inner: R, big_endian: bool, consumed: Arc<AtomicU64>) -> Self {
        let encoding = if big_endian { UTF_16BE } else { UTF_16LE };
        Utf16Reader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; CHUNK],
            out: Vec::new(),
            pos: 0,
            finished: false,
            consumed,
        }
    }

    /// Reads one chunk of UTF-16 and transcodes it into `out` (at the end of the source, also
    /// what the decoder held back: half a surrogate pair or an odd byte).
    fn refill(&mut self) -> io::Result<()> {
        let n = loop {
            match self.inner.read(&mut self.raw) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        let last = n == 0;
        let mut src = &self.raw[..n];
        let room = self.decoder.max_utf8_buffer_length_without_replacement(n).unwrap_or(3 * n + 16);
        self.out.resize(room.max(16), 0);
        self.pos = 0;
        let mut written = 0;
        loop {
            let (result, read, w) =
                self.decoder.decode_to_utf8_without_replacement(src, &mut self.out[written..], last);
            written += w;
            src = &src[read..];
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                DecoderResult::Malformed(..) => {
                    if written == self.out.len() {
                        self.out.resize(self.out.len() * 2, 0);
                    }
                    self.out[written] = INVALID;
                    written += 1;
                }
            }
        }
        self.out.truncate(written);
        self.finished = last;
        Ok(())
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.out.len() {
            if self.finished || buf.is_empty() {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out `step` bytes per read, so every split of a code unit or a surrogate pair
    /// across reads is taken.
    struct Steps<'a>(&'a [u8], usize);

    impl Read for Steps<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn transcode(units: &[u16], big_endian: bool, step: usize, out_step: usize) -> (Vec<u8>, u64) {
        let bytes: Vec<u8> =
            units.iter().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect();
        let consumed = Arc::new(AtomicU64::new(0));
        let mut r = Utf16Reader::new(Steps(&bytes, step), big_endian, consumed.clone());
        let mut got = Vec::new();
        let mut buf = vec![0; out_step];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        (got, consumed.load(Ordering::Relaxed))
    }

    #[test]
    fn transcodes_to_utf8_across_any_read_size() {
        let text = "受注番号\t商品名\r\n1\t𠮷野家の\"牛丼\"😀\r\n";
        let units: Vec<u16> = text.encode_utf16().collect();
        for big_endian in [false, true] {
            for (step, out_step) in [(1, 1), (3, 2), (5, 7), (CHUNK, 1 << 16)] {
                let (got, consumed) = transcode(&units, big_endian, step, out_step);
                assert_eq!(String::from_utf8(got).unwrap(), text, "step {step}, out {out_step}");
                assert_eq!(consumed, 2 * units.len() as u64);
            }
        }
    }

    #[test]
    fn a_lone_surrogate_or_odd_byte_is_an_invalid_byte() {
        let a = u16::from(b'a');
        for (units, want) in [
            (vec![a, 0xD800, a], vec![b'a', INVALID, b'a']),
            (vec![a, 0xDC00, a], vec![b'a', INVALID, b'a']),
            (vec![a, 0xD83D], vec![b'a', INVALID]),
            (vec![0xD83D, 0xDE00, 0xDE00], "😀".bytes().chain([INVALID]).collect()),
        ] {
            for step in [1, 2, 3, CHUNK] {
                assert_eq!(transcode(&units, false, step, 3).0, want, "{units:x?}, step {step}");
            }
        }
        let consumed = Arc::new(AtomicU64::new(0));
        let mut r = Utf16Reader::new(&b"a\x00b"[..], false, consumed);
        let mut got = Vec::new();
        r.read_to_end(&mut got).unwrap();
        assert_eq!(got, [b'a', INVALID]);
        assert!(std::str::from_utf8(&got).is_err());
    }
}
