//! Problems found in a profile, located by file, line and column, and the TOML parser's and
//! serde's messages in the catalog's words. Each step of loading a profile ([`super`])
//! makes its own diagnostics, located through the chain it is handed
//! ([`super::chain::Chain::diag`]).

use std::ops::Range;

use crate::i18n::{Lang, Msg};

/// A problem found before it can be located in a file (while a chain is merged or its
/// parameters applied): the span in the merged profile's offsets, and what is wrong.
pub type Problem = (Option<Range<usize>>, Msg);

/// One problem in a profile, with the place it was found and an optional suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line and column, or `None` when the profile does not say where (a default).
    pub line_col: Option<(usize, usize)>,
    pub message: Msg,
    /// The source line, for the caret display.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// Locates `span` (byte offsets into `text`) as a 1-based line and column (in characters).
    pub fn at(file: &str, text: &str, span: Option<Range<usize>>, message: impl Into<Msg>) -> Self {
        let located = span.filter(|s| !(s.start == 0 && s.end == 0) && s.start <= text.len()).map(|s| {
            let before = &text[..s.start];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = text[line_start..s.start].chars().count() + 1;
            let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
            ((line, col), text[line_start..line_end].trim_end_matches('\r').to_string())
        });
        Diagnostic {
            file: file.to_string(),
            line_col: located.as_ref().map(|(lc, _)| *lc),
            message: message.into(),
            source_line: located.map(|(_, l)| l),
        }
    }
}

impl Diagnostic {
    /// The problem in `lang`, located (`file:line:col: message`), with the line and a caret
    /// under the column when the profile says where.
    pub fn render(&self, lang: Lang) -> String {
        use std::fmt::Write;
        let message = self.message.render(lang);
        let mut f = match self.line_col {
            Some((line, col)) => format!("{}:{}:{}: {}", self.file, line, col, message),
            None => format!("{}: {}", self.file, message),
        };
        if let (Some(src), Some((line, col))) = (&self.source_line, self.line_col) {
            let gutter = line.to_string().len();
            let _ = write!(f, "\n{:gutter$} |\n{line} | {src}\n{:gutter$} | {:>col$}", "", "", "^");
        }
        f
    }
}

/// In English, for logs and tests; the front doors use [`Diagnostic::render`].
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// The closest candidate to `wanted`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `" (did you mean `x`?)"` or nothing.
pub fn suggestion<'a, I>(wanted: &str, candidates: I) -> Msg
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(wanted, candidates)
        .map(|c| Msg::text(" ").then("", Msg::new("did-you-mean").arg("name", c)))
        .unwrap_or_else(|| Msg::text(""))
}

/// serde's two common messages in the catalog's words: "missing field `x`", and "unknown
/// field `x`, expected one of `a`, `b`" with a "did you mean". Any other message of the TOML
/// parser (a syntax error) is its own English, introduced by the catalog.
pub fn toml_message(msg: &str) -> Msg {
    let msg = msg.trim_end();
    let toml = || Msg::new("diag-toml").arg("message", msg);
    if let Some(rest) = msg.strip_prefix("missing field `") {
        return match rest.strip_suffix('`') {
            Some(field) if !field.contains('`') => Msg::new("diag-missing-field").arg("field", field),
            _ => toml(),
        };
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => invalid_type(found, expected),
            None => toml(),
        };
    }
    let Some(rest) = msg.strip_prefix("unknown field `") else {
        return toml();
    };
    let Some((wanted, expected)) = rest.split_once('`') else {
        return toml();
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    if candidates.is_empty() {
        return toml();
    }
    let hint = suggestion(wanted, candidates.iter().copied());
    let names = candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
    Msg::new("diag-unknown-field").arg("field", wanted).arg("names", names).arg("hint", hint)
}

/// serde's "invalid type: string \"x\", expected i32" in the user's words: the kind of value
/// written (with the value) and the kind the key takes.
fn invalid_type(found: &str, expected: &str) -> Msg {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let found_word = match kind {
        "string" => Some("type-string"),
        "integer" => Some("type-integer"),
        "boolean" => Some("type-boolean"),
        "floating" => Some("type-number"),
        "sequence" => Some("type-list"),
        "map" => Some("type-table"),
        _ => None,
    };
    let expected = expected.trim();
    let integer = |e: &str| {
        e.strip_prefix(['i', 'u'])
            .is_some_and(|n| n == "size" || (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
    };
    let expected_word = match expected {
        e if integer(e) => Some("type-integer"),
        "a string" | "a borrowed string" | "string" => Some("type-string"),
        "a boolean" => Some("type-boolean"),
        "f32" | "f64" => Some("type-number"),
        "a sequence" => Some("type-list"),
        e if e.starts_with("struct ") || e.starts_with("a map") || e == "map" => Some("type-table"),
        _ => None,
    };
    let found = match (found_word, value.trim_start_matches("point ")) {
        (Some(w), "") => Msg::new(w),
        (Some(w), v) => Msg::new(w).then(" ", Msg::text(v)),
        (None, _) => Msg::text(found),
    };
    let expected = expected_word.map_or_else(|| Msg::text(expected), Msg::new);
    Msg::new("diag-invalid-type").arg("found", found).arg("expected", expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_characters() {
        let text = "a = 1\nおはよう = 2\n";
        let start = text.find('2').unwrap();
        let d = Diagnostic::at("p.toml", text, Some(start..start + 1), Msg::text("bad"));
        assert_eq!(d.line_col, Some((2, 8)));
        assert_eq!(d.to_string(), "p.toml:2:8: bad\n  |\n2 | おはよう = 2\n  |        ^");
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("stauts", ["status", "store"]), Some("status"));
        assert_eq!(did_you_mean("zzz", ["status", "store"]), None);
    }
}
