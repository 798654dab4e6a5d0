//! The input section's reading options: the encoding and the delimiter of its files.

use toml::Spanned;

use super::Compiler;
use crate::charset::{Delimiter, InputEncoding};
use crate::profile::diag::suggestion;

impl Compiler<'_> {
    pub(super) fn input_encoding(&mut self, e: &Spanned<String>) -> InputEncoding {
        let label = e.get_ref().to_ascii_lowercase();
        InputEncoding::from_label(&label).unwrap_or_else(|| {
            let hint = suggestion(&label, ["auto", "utf-8", "cp932", "shift_jis"]);
            self.err(Some(e.span()), format!("unknown input encoding `{label}`{hint}: use `auto`, `utf-8` or `cp932`"));
            InputEncoding::Auto
        })
    }

    pub(super) fn input_delimiter(&mut self, d: &Spanned<String>) -> Delimiter {
        let label = d.get_ref().to_ascii_lowercase();
        Delimiter::from_label(&label).unwrap_or_else(|| {
            let hint = suggestion(&label, ["auto", "comma", "tab"]);
            self.err(
                Some(d.span()),
                format!(
                    "unknown input delimiter {:?}{hint}: use \"auto\" (from the header row), \",\" or \"\\t\" \
                     (also \"tab\")",
                    d.get_ref()
                ),
            );
            Delimiter::Auto
        })
    }
}
