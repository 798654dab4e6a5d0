//! The input section's reading options: the encoding and the delimiter of its files.

use toml::Spanned;

use super::Compiler;
use crate::common::charset::{Delimiter, InputEncoding};
use crate::i18n::Msg;
use crate::profile::diag::suggestion;

impl Compiler<'_> {
    pub(super) fn input_encoding(&mut self, e: &Spanned<String>) -> InputEncoding {
        let label = e.get_ref().to_ascii_lowercase();
        InputEncoding::from_label(&label).unwrap_or_else(|| {
            let hint = suggestion(&label, ["auto", "utf-8", "cp932", "shift_jis"]);
            self.err(Some(e.span()), Msg::new("diag-input-encoding").arg("label", &label).arg("hint", hint));
            InputEncoding::Auto
        })
    }

    pub(super) fn input_delimiter(&mut self, d: &Spanned<String>) -> Delimiter {
        let label = d.get_ref().to_ascii_lowercase();
        Delimiter::from_label(&label).unwrap_or_else(|| {
            let hint = suggestion(&label, ["auto", "comma", "tab"]);
            self.err(
                Some(d.span()),
                Msg::new("diag-input-delimiter").arg("label", format!("{:?}", d.get_ref())).arg("hint", hint),
            );
            Delimiter::Auto
        })
    }
}
