//! What an input's first block says about it: its encoding (decided once per file) and, when
//! the profile leaves it to the file, whether its fields are separated by commas or tabs.

use std::io::{self, Read};

/// How much of a file is looked at to detect its encoding and delimiter.
pub const DETECT_BLOCK: usize = 64 * 1024;

/// The encoding an input was read with, decided once per file. `Utf16` is UTF-16 with a BOM
/// (Excel's 「Unicode テキスト」 is little-endian), transcoded to UTF-8 as it is read: the
/// records and fields the reader hands out are UTF-8 bytes, in which a lone surrogate or a
/// dangling odd byte of the file is an invalid byte (see `io::utf16`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// UTF-8, named by the profile, starting with a BOM, or valid throughout the first block.
    Utf8 {
        /// Whether the file starts with a UTF-8 BOM (skipped, and said in the run summary).
        bom: bool,
    },
    /// Shift_JIS (CP932): named by the profile, or a first block that is not UTF-8.
    ShiftJis,
    /// UTF-16, told by its BOM; only when the profile's encoding is `auto`.
    Utf16 {
        /// `FE FF` (big-endian) rather than Excel's `FF FE` (little-endian).
        big_endian: bool,
    },
}

impl Detected {
    /// Name used in the report and in messages (`{expected}` of `undecodable`).
    pub fn label(self) -> &'static str {
        match self {
            Detected::Utf8 { .. } => "UTF-8",
            Detected::ShiftJis => "Shift_JIS",
            Detected::Utf16 { big_endian: false } => "UTF-16LE",
            Detected::Utf16 { big_endian: true } => "UTF-16BE",
        }
    }

    /// Name used in the run summary.
    pub fn describe(self) -> crate::i18n::Msg {
        let key = match self {
            Detected::Utf8 { bom: true } => "encoding-utf8-bom",
            Detected::Utf8 { bom: false } => "encoding-utf8",
            Detected::ShiftJis => "encoding-shift-jis",
            Detected::Utf16 { big_endian: false } => "encoding-utf16",
            Detected::Utf16 { big_endian: true } => "encoding-utf16-be",
        };
        crate::i18n::Msg::new(key)
    }
}

/// Decides the encoding of a file from its first block. `whole`: the block is the whole
/// input; otherwise only the lines it ends (up to its last `\n`) are judged, so a character
/// cut by the block's end does not count (nor, with no line end at all, an incomplete UTF-8
/// sequence at its very end).
///
/// A UTF-16 BOM (`FF FE`, `FE FF`: never the start of UTF-8 or CP932 text) means UTF-16 when
/// the profile's encoding is `auto`; a profile that names its encoding refuses such a file
/// rather than read it as something it did not say.
pub fn detect(
    block: &[u8],
    whole_file: bool,
    choice: crate::common::charset::InputEncoding,
) -> Result<Detected, crate::i18n::Msg> {
    use crate::common::charset::InputEncoding;
    let utf16 = if block.starts_with(&[0xFF, 0xFE]) {
        Some(false)
    } else if block.starts_with(&[0xFE, 0xFF]) {
        Some(true)
    } else {
        None
    };
    if let Some(big_endian) = utf16 {
        if choice == InputEncoding::Auto {
            return Ok(Detected::Utf16 { big_endian });
        }
        let reads = if choice == InputEncoding::Utf8 { "UTF-8" } else { "Shift_JIS (CP932)" };
        return Err(crate::i18n::Msg::new("input-utf16-not-allowed").arg("encoding", reads));
    }
    let bom = block.starts_with(&[0xEF, 0xBB, 0xBF]);
    check_nuls(block)?;
    Ok(match choice {
        InputEncoding::Utf8 => Detected::Utf8 { bom },
        InputEncoding::ShiftJis => Detected::ShiftJis,
        InputEncoding::Auto if bom => Detected::Utf8 { bom },
        InputEncoding::Auto => {
            let cut = if whole_file {
                block.len()
            } else {
                block.iter().rposition(|b| *b == b'\n').map_or(block.len(), |i| i + 1)
            };
            match std::str::from_utf8(&block[..cut]) {
                Ok(_) => Detected::Utf8 { bom: false },
                // A multi-byte character cut by the end of an unterminated block is still UTF-8.
                Err(e) if e.error_len().is_none() && !whole_file => Detected::Utf8 { bom: false },
                Err(_) => Detected::ShiftJis,
            }
        }
    })
}

/// A stray NUL is a broken field (rejected where the profile reads it); a block where NULs
/// are common is UTF-16 without BOM or a binary file. (A UTF-16 file with a BOM is checked
/// after transcoding, where its NULs are as stray as in any other file.)
pub fn check_nuls(block: &[u8]) -> Result<(), crate::i18n::Msg> {
    let nuls = block.iter().filter(|b| **b == 0).count();
    if nuls > 0 && nuls * 8 >= block.len() {
        let at = block.iter().position(|b| *b == 0).unwrap_or(0);
        return Err(crate::i18n::Msg::new("input-nuls").arg("nuls", nuls).arg("bytes", block.len()).arg("at", at + 1));
    }
    Ok(())
}

/// The delimiter of a file whose profile leaves it to the file: its first record (the
/// header row, blank lines before it skipped) read with each delimiter, by the csv crate's
/// own quoting rules; tab-separated when that gives more fields than commas do (so a header
/// with tabs and no comma outside quotes is tab-separated), comma-separated otherwise.
///
/// `block` is the start of the file past any BOM, in its encoding (UTF-8 after transcoding
/// for UTF-16). The raw bytes are judged without decoding: tab, comma, quote and line ends
/// are ASCII, and no CP932 or UTF-8 multi-byte character contains those bytes.
pub fn detect_delimiter(block: &[u8]) -> u8 {
    if first_record_fields(block, true) > first_record_fields(block, false) { b'\t' } else { b',' }
}

/// How many fields the first record of `block` has with a tab (`tab`) or a comma as the
/// delimiter (0: none), read by csv-core, the csv crate's own parser. Its two readers are
/// built once per thread and reset for each block: building one (its DFA) cost more than
/// reading a header row, and a profile's tests open an input each (a run of a child profile
/// tests its whole chain).
fn first_record_fields(block: &[u8], tab: bool) -> usize {
    use csv_core::{ReadFieldResult, Reader, ReaderBuilder};
    thread_local! {
        static READERS: std::cell::RefCell<[Reader; 2]> =
            std::cell::RefCell::new([b'\t', b','].map(|d| ReaderBuilder::new().delimiter(d).build()));
    }
    READERS.with_borrow_mut(|readers| {
        let reader = &mut readers[usize::from(!tab)];
        reader.reset();
        // The fields' text is not kept: a full output buffer is only written over.
        let mut out = [0u8; 256];
        let (mut input, mut fields) = (block, 0);
        loop {
            // Once the block is read, the empty input says it ends there.
            let (result, read, _) = reader.read_field(input, &mut out);
            input = &input[read..];
            match result {
                ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                ReadFieldResult::Field { record_end: false } => fields += 1,
                ReadFieldResult::Field { record_end: true } => return fields + 1,
                ReadFieldResult::End => return fields,
            }
        }
    })
}

/// Reads into `block` until it holds [`DETECT_BLOCK`] bytes or the source ends, and says
/// whether it ended. A pipe delivers short reads: detection must not depend on where one
/// read happens to stop, nor take a full block for the whole input.
pub fn fill_block(source: &mut dyn Read, block: &mut Vec<u8>) -> io::Result<bool> {
    block.resize(DETECT_BLOCK, 0);
    let mut n = 0;
    while n < DETECT_BLOCK {
        match source.read(&mut block[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    block.truncate(n);
    Ok(n < DETECT_BLOCK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::charset::InputEncoding;
    use proptest::prelude::*;

    /// A header-like block: mostly text, with delimiters, quotes, line ends and CP932 bytes;
    /// long enough at times to fill the reader's field buffer.
    fn block() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            12 => Just(b'a'),
            2 => Just(b','),
            2 => Just(b'\t'),
            1 => Just(b'"'),
            1 => Just(b'\r'),
            1 => Just(b'\n'),
            1 => Just(0x8e_u8),
        ];
        proptest::collection::vec(byte, 0..700)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn the_first_record_has_as_many_fields_as_the_csv_crate_reads(block in block()) {
            for (tab, delimiter) in [(true, b'\t'), (false, b',')] {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .delimiter(delimiter)
                    .from_reader(&block[..]);
                let mut rec = csv::ByteRecord::new();
                let want = match reader.read_byte_record(&mut rec) {
                    Ok(true) => rec.len(),
                    _ => 0,
                };
                prop_assert_eq!(first_record_fields(&block, tab), want, "{:?}", String::from_utf8_lossy(&block));
            }
        }
    }

    #[test]
    fn detects_bom_utf8_and_cp932() {
        assert_eq!(detect(b"\xEF\xBB\xBFa,b\n", true, InputEncoding::Auto), Ok(Detected::Utf8 { bom: true }));
        assert_eq!(detect("受注番号\n".as_bytes(), true, InputEncoding::Auto), Ok(Detected::Utf8 { bom: false }));
        assert_eq!(detect(b"\x8e\xf3\x92\x8d\n", true, InputEncoding::Auto), Ok(Detected::ShiftJis));
    }

    #[test]
    fn utf16_with_bom_is_read_by_auto_only_and_nul_is_refused() {
        let auto = InputEncoding::Auto;
        assert_eq!(detect(b"\xFF\xFEa\x00", true, auto), Ok(Detected::Utf16 { big_endian: false }));
        assert_eq!(detect(b"\xFE\xFF\x00a", true, auto), Ok(Detected::Utf16 { big_endian: true }));
        for forced in [InputEncoding::Utf8, InputEncoding::ShiftJis] {
            let e = detect(b"\xFF\xFEa\x00", true, forced).unwrap_err().render(crate::i18n::Lang::En);
            assert!(e.contains("UTF-16") && e.contains("encoding = \"auto\""), "{e}");
        }
        let nul = detect(b"a\x00,\x00b\x00\n\x00", true, auto).unwrap_err().render(crate::i18n::Lang::En);
        assert!(nul.contains("NUL"));
        assert_eq!(detect(b"a,b\x00,c,d,e,f\n", true, auto), Ok(Detected::Utf8 { bom: false }));
    }

    #[test]
    fn the_header_row_decides_the_delimiter() {
        let tab = |s: &str| detect_delimiter(s.as_bytes()) == b'\t';
        assert!(tab("受注番号\t受注ステータス\t出荷日\r\n1,2\t3\t4\r\n"));
        assert!(!tab("受注番号,受注ステータス,出荷日\r\n1\t2,3\t4,5\r\n"));
        // Commas inside quotes do not count; a tab inside quotes does not either.
        assert!(tab("\"a,b\"\tc\td\n"));
        assert!(!tab("\"a\tb\",c,d\n"));
        // More tab-separated fields than comma-separated ones.
        assert!(tab("a,b\tc\td\n"));
        assert!(!tab("a,b,c\td\n"));
        // Blank lines before the header are skipped, as the reader skips them.
        assert!(tab("\n\r\na\tb\n"));
        // One column, or nothing: commas.
        assert!(!tab("受注番号\n"));
        assert!(!tab(""));
        // CP932 bytes are judged raw: no trail byte is a tab, comma or quote.
        assert_eq!(detect_delimiter(b"\x8e\xf3\t\x92\x8d\t\x8e\xf3,\x92\x8d\n"), b'\t');
    }
}
