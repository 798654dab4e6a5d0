//! Tests of `io::input`: decoding checks what it appends; encoding detection must not depend
//! on where a read ends, and `-` reads standard input.

use std::io::{self, Cursor, Read};
use std::path::Path;

use super::*;
use crate::common::charset::InputEncoding;
use crate::io::sniff::DETECT_BLOCK;

/// A reader that returns 1 to 7 bytes per read, as a pipe may.
struct Trickle(Vec<u8>, usize, usize);

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.2 = self.2 % 7 + 1;
        let n = self.2.min(buf.len()).min(self.0.len() - self.1);
        buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
        self.1 += n;
        Ok(n)
    }
}

/// UTF-8 longer than the detection block, whose byte `DETECT_BLOCK` is inside a character.
fn long_utf8() -> String {
    let text = |pad: usize| {
        let mut t = format!("{}番号,名前\n", "x".repeat(pad));
        for i in 0..2000 {
            t.push_str(&format!("{i},受注ステータス確認済み\n"));
        }
        t
    };
    let t = (0..3).map(text).find(|t| !t.is_char_boundary(DETECT_BLOCK)).unwrap();
    assert!(t.len() > DETECT_BLOCK);
    t
}

#[test]
fn short_reads_of_utf8_are_detected_as_utf8() {
    let text = long_utf8();
    let source = Box::new(Trickle(text.clone().into_bytes(), 0, 0));
    let mut f = InputFile::sniff(Path::new("-"), source, 0, InputEncoding::Auto).unwrap();
    assert_eq!(f.encoding, Detected::Utf8 { bom: false });
    assert_eq!(f.header[1], "名前");
    let (mut rec, mut rows) = (csv::ByteRecord::new(), 0);
    while f.read(&mut rec).unwrap() {
        assert_eq!(&rec[1], "受注ステータス確認済み".as_bytes());
        rows += 1;
    }
    assert_eq!(rows, 2000);
}

#[test]
fn fill_block_reads_until_full_or_end() {
    let text = long_utf8();
    let mut block = Vec::new();
    assert!(!fill_block(&mut Trickle(text.clone().into_bytes(), 0, 0), &mut block).unwrap());
    assert_eq!(block, text.as_bytes()[..DETECT_BLOCK]);
    assert!(fill_block(&mut Trickle(b"a,b\n".to_vec(), 0, 0), &mut block).unwrap());
    assert_eq!(block, b"a,b\n");
}

#[test]
fn a_block_cut_inside_a_character_is_still_utf8() {
    let auto = InputEncoding::Auto;
    let lines = "受注番号,名前\n受注".as_bytes();
    let cut = &lines[..lines.len() - 1];
    assert_eq!(detect(cut, false, auto), Ok(Detected::Utf8 { bom: false }));
    let no_line_end = &"受注番号".as_bytes()[..5];
    assert_eq!(detect(no_line_end, false, auto), Ok(Detected::Utf8 { bom: false }));
    // At the real end of the input, an incomplete character is not UTF-8.
    assert_eq!(detect(no_line_end, true, auto), Ok(Detected::ShiftJis));
    // Only the incomplete end is forgiven: an invalid byte before it is not.
    assert_eq!(detect(b"\x8e\xf3,\xe5\x8f", false, auto), Ok(Detected::ShiftJis));
}

#[test]
fn dash_reads_standard_input() {
    let stdin = || -> Box<dyn Read + Send> { Box::new(Cursor::new("受注番号,名前\n1,a\n".as_bytes().to_vec())) };
    let f = InputFile::open_with(Path::new("-"), InputEncoding::Auto, stdin).unwrap();
    assert_eq!((f.display.as_str(), f.size, f.encoding), ("(stdin)", 0, Detected::Utf8 { bom: false }));
    assert_eq!(f.header, ["受注番号", "名前"]);
    let e = InputFile::open_with(Path::new("-"), InputEncoding::Auto, || Box::new(io::empty())).unwrap_err();
    assert!(e.to_string().starts_with("(stdin): the file is empty"), "{e}");
}

#[test]
fn decode_rejects_invalid_and_user_defined_cp932() {
    let mut s = String::new();
    assert!(decode_into(Detected::ShiftJis, b"\x8e\xf3\x92\x8d", &mut s).is_ok());
    assert_eq!(s, "受注");
    assert!(decode_into(Detected::ShiftJis, b"a\xfd", &mut String::new()).is_err());
    assert!(decode_into(Detected::ShiftJis, b"\xf0\x40", &mut String::new()).is_err());
    assert!(decode_into(Detected::Utf8 { bom: false }, b"\xff", &mut String::new()).is_err());
}

/// Fields of a batch are decoded into one buffer: only the appended text is checked (a NUL
/// in an earlier field's default does not make later fields undecodable), and a failed
/// decode leaves the buffer as it was.
#[test]
fn decode_checks_only_what_it_appends() {
    for enc in [Detected::Utf8 { bom: false }, Detected::ShiftJis] {
        let mut s = String::from("x\0");
        let japanese: &[u8] = if enc == Detected::ShiftJis { b"\x8e\xf3" } else { "受".as_bytes() };
        assert!(decode_into(enc, japanese, &mut s).is_ok(), "{enc:?}");
        assert_eq!(s, "x\0受");
        let with_nul = [japanese, b"\0"].concat();
        assert!(decode_into(enc, &with_nul, &mut s).is_err(), "{enc:?}");
        assert!(decode_into(enc, b"a\0", &mut s).is_err(), "{enc:?}");
        assert_eq!(s, "x\0受", "unchanged after errors: {enc:?}");
    }
}

/// The field decoder checks plain ASCII in one pass and keeps trimmed text in its cache: the
/// same text and the same refusals as decoding and trimming each value, on the first
/// occurrence of a value (decoded) and on the next (from the cache), for ASCII and CP932.
#[test]
fn field_decoder_gives_decoded_trimmed_text_first_and_cached() {
    let enc = Detected::ShiftJis;
    let values: [&[u8]; 7] = [b" 12 ", b"abc", b"", b"\x81\x40\x8e\xf3\x92\x8d \x81\x40", b"\x8e\xf3", b"a\0b", b"\0"];
    for trim in [true, false] {
        let mut decoder = FieldDecoder::new(1, trim);
        for round in 0..2 {
            for raw in values {
                let mut want = String::new();
                let direct = decode_into(enc, raw, &mut want);
                if trim {
                    crate::common::charset::trim_tail(&mut want, 0);
                }
                let mut got = String::from("x");
                let via = decoder.decode(0, enc, raw, &mut got);
                assert_eq!(via.is_ok(), direct.is_ok(), "{raw:?} trim {trim} round {round}");
                if via.is_ok() {
                    assert_eq!(&got[1..], want, "{raw:?} trim {trim} round {round}");
                }
            }
        }
    }
    assert!(decode_into(enc, b"a\0b", &mut String::new()).is_err(), "a NUL in ASCII is refused");
}

/// The one-pass check for plain ASCII takes exactly 0x01..=0x7F, wherever a byte stands in a
/// field long enough to be checked in vector lanes, and leaves the buffer untouched otherwise.
#[test]
fn plain_ascii_takes_exactly_the_bytes_from_1_to_0x7f() {
    for b in 0..=255u8 {
        for at in [0, 7, 16, 33] {
            let mut field = vec![b'a'; 40];
            field[at] = b;
            let mut out = String::from("x");
            let took = super::push_plain_ascii(&field, &mut out);
            assert_eq!(took, (1..=0x7F).contains(&b), "byte {b:#04x} at {at}");
            assert_eq!(out.len(), if took { 41 } else { 1 }, "byte {b:#04x} at {at}");
        }
    }
}
