//! What the profile compiler (`engine`) and the reader and writer (`io`) must agree on about
//! characters, kept in a module of its own so that neither has to import the other: the
//! encodings a profile can name (one list of labels), which characters an output encoding can
//! hold, the byte layout of an upload file ([`CsvFormat`], which the compiler decides and the
//! writer follows), and what counts as white space when a field is trimmed.
//!
//! This module imports neither `engine` nor `io`: data flows from the profile through the
//! engine's plan to the reader and writer, and `run` joins them.

use encoding_rs::{EncoderResult, SHIFT_JIS};

/// Encoding of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputEncoding {
    /// Decided per file from its first block (a BOM — UTF-8, or UTF-16 for Excel's 「Unicode
    /// テキスト」 —, or valid UTF-8, else Shift_JIS).
    Auto,
    /// UTF-8; a BOM, if any, is skipped.
    Utf8,
    /// Shift_JIS as Windows writes it (CP932, the WHATWG `Shift_JIS`).
    ShiftJis,
}

/// How the fields of an input are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// Decided per file from its header row (see `io::sniff`).
    Auto,
    Comma,
    /// Excel's 「テキスト (タブ区切り)」 and 「Unicode テキスト」.
    Tab,
}

impl Delimiter {
    /// The delimiter a profile names: `auto`, `,` (or `comma`), a tab character (or `tab`).
    pub fn from_label(label: &str) -> Option<Self> {
        match label {
            "auto" => Some(Delimiter::Auto),
            "," | "comma" => Some(Delimiter::Comma),
            "\t" | "tab" => Some(Delimiter::Tab),
            _ => None,
        }
    }

    /// The byte separating fields, `None` for [`Delimiter::Auto`].
    pub fn byte(self) -> Option<u8> {
        match self {
            Delimiter::Auto => None,
            Delimiter::Comma => Some(b','),
            Delimiter::Tab => Some(b'\t'),
        }
    }
}

/// What a profile says about the bytes of its inputs: everything the reader needs of the
/// profile's input section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputFormat {
    pub encoding: InputEncoding,
    pub delimiter: Delimiter,
}

impl From<InputEncoding> for InputFormat {
    /// The encoding, with the delimiter detected per file.
    fn from(encoding: InputEncoding) -> Self {
        InputFormat { encoding, delimiter: Delimiter::Auto }
    }
}

/// Output encoding of upload files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputEncoding {
    Utf8,
    ShiftJis,
}

/// The names a profile may give an encoding (compared in lowercase), and the encoding each
/// names. Input encodings accept `auto` besides these.
pub const ENCODING_LABELS: &[(&str, OutputEncoding)] = &[
    ("utf-8", OutputEncoding::Utf8),
    ("utf8", OutputEncoding::Utf8),
    ("cp932", OutputEncoding::ShiftJis),
    ("shift_jis", OutputEncoding::ShiftJis),
    ("shift-jis", OutputEncoding::ShiftJis),
    ("sjis", OutputEncoding::ShiftJis),
    ("windows-31j", OutputEncoding::ShiftJis),
    ("ms932", OutputEncoding::ShiftJis),
];

impl OutputEncoding {
    /// The encoding a lowercase label of [`ENCODING_LABELS`] names.
    pub fn from_label(label: &str) -> Option<Self> {
        ENCODING_LABELS.iter().find(|(l, _)| *l == label).map(|(_, e)| *e)
    }
}

impl InputEncoding {
    /// `auto`, or the encoding a lowercase label of `ENCODING_LABELS` names.
    pub fn from_label(label: &str) -> Option<Self> {
        if label == "auto" { Some(InputEncoding::Auto) } else { OutputEncoding::from_label(label).map(Self::from) }
    }
}

impl From<OutputEncoding> for InputEncoding {
    fn from(e: OutputEncoding) -> Self {
        match e {
            OutputEncoding::Utf8 => InputEncoding::Utf8,
            OutputEncoding::ShiftJis => InputEncoding::ShiftJis,
        }
    }
}

/// How an upload file's rows are written as bytes: everything the writer needs of the
/// profile's output section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvFormat {
    pub encoding: OutputEncoding,
    /// `\r\n` after each record, else `\n`.
    pub crlf: bool,
    /// Quote every field, not only those holding `,`, `"` or a line break.
    pub quote_always: bool,
    /// Write this character for one the encoding cannot hold (the caller warns), instead of
    /// refusing the row.
    pub replace_with: Option<char>,
}

/// Whether `c` can be written in `enc`.
pub fn encodable(enc: OutputEncoding, c: char) -> bool {
    match enc {
        OutputEncoding::Utf8 => true,
        OutputEncoding::ShiftJis => {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            let mut out = [0u8; 8];
            let mut enc = SHIFT_JIS.new_encoder();
            let (res, _, _) = enc.encode_from_utf8_without_replacement(s, &mut out, true);
            res == EncoderResult::InputEmpty
        }
    }
}

/// Trims white space (U+3000 included) from `s[from..]`, leaving `s[..from]` as it is. The
/// input's `trim` and the `trim` step both trim with this, so they agree on what white space is.
pub fn trim_tail(s: &mut String, from: usize) {
    let tail = &s[from..];
    // Most fields have no surrounding space: two byte checks instead of two scans.
    let edge = |b: Option<&u8>| b.is_some_and(|b| !b.is_ascii() || matches!(b, b'\t'..=b'\r' | b' '));
    if !edge(tail.as_bytes().first()) && !edge(tail.as_bytes().last()) {
        return;
    }
    let end = from + tail.trim_end().len();
    s.truncate(end);
    let lead = s.len() - from - s[from..].trim_start().len();
    if lead > 0 {
        s.drain(from..from + lead);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp932_extensions_encode() {
        for c in ['①', '㈱', '髙', '﨑'] {
            assert!(encodable(OutputEncoding::ShiftJis, c), "{c}");
        }
        for c in ['😀', 'é', '𠮷', '❤', '\u{301C}'] {
            assert!(!encodable(OutputEncoding::ShiftJis, c), "{c}");
        }
    }

    #[test]
    fn labels_name_the_same_encodings_for_input_and_output() {
        assert_eq!(OutputEncoding::from_label("windows-31j"), Some(OutputEncoding::ShiftJis));
        assert_eq!(InputEncoding::from_label("windows-31j"), Some(InputEncoding::ShiftJis));
        assert_eq!(InputEncoding::from_label("utf8"), Some(InputEncoding::Utf8));
        assert_eq!(InputEncoding::from_label("auto"), Some(InputEncoding::Auto));
        assert_eq!(OutputEncoding::from_label("auto"), None);
        assert_eq!(OutputEncoding::from_label("latin1"), None);
    }

    #[test]
    fn delimiter_labels() {
        assert_eq!(Delimiter::from_label("auto"), Some(Delimiter::Auto));
        assert_eq!(Delimiter::from_label(","), Some(Delimiter::Comma));
        assert_eq!(Delimiter::from_label("\t"), Some(Delimiter::Tab));
        assert_eq!(Delimiter::from_label("tab"), Some(Delimiter::Tab));
        assert_eq!(Delimiter::from_label(";"), None);
        assert_eq!(Delimiter::Tab.byte(), Some(b'\t'));
        assert_eq!(Delimiter::Auto.byte(), None);
        assert_eq!(InputFormat::from(InputEncoding::Utf8).delimiter, Delimiter::Auto);
    }

    proptest::proptest! {
        /// The edge-byte shortcut of `trim_tail` changes nothing: it trims exactly what
        /// `str::trim` trims, and only after `from`.
        #[test]
        fn trim_tail_is_str_trim_after_from(head in "[a ]{0,3}", tail in "[ \\t\\x0b\\r\\n\\u{3000}\\u{a0}\\u{85}a-c0-9あ]{0,8}") {
            let mut s = format!("{head}{tail}");
            trim_tail(&mut s, head.len());
            proptest::prop_assert_eq!(s, format!("{head}{}", tail.trim()));
        }
    }
}
