//! Full-width quotes (`“` `”` `＂`) typed where a TOML `"` belongs — easy to do with a Japanese
//! input method, and hard to see. TOML then reads the string on to the end of its line, and
//! the parser reports the error where it gives up: often a line or more later. This finds the
//! quote so the diagnostic can point at it.

use std::ops::Range;

/// Characters that look like `"` but are not TOML quotes.
pub const LOOKALIKES: [char; 3] = ['\u{201C}', '\u{201D}', '\u{FF02}'];

/// The full-width quote that most likely stands for a closing `"`, given a parse error at byte
/// `error_at` of `text`: one inside a one-line `"…"` string, followed only by spaces and then
/// `,` `}` `]` `=` `#` or the line's end (where a closing quote goes), in
/// - the first string that runs unclosed to its line's end, at or before the error's line
///   (nothing before it is an error, so it is where the parse went wrong), or
/// - a string on the error's own line (closed by a later `"` on that line).
pub fn misplaced(text: &str, error_at: usize) -> Option<Range<usize>> {
    let error_at = error_at.min(text.len());
    let error_line_start = text[..error_at].rfind('\n').map_or(0, |i| i + 1);
    let error_line_end = text[error_at..].find('\n').map_or(text.len(), |i| error_at + i);
    let b = text.as_bytes();
    let mut i = 0;
    while i < error_line_end {
        match b[i] {
            b'#' => i = text[i..].find('\n').map_or(text.len(), |n| i + n),
            b'"' if text[i..].starts_with("\"\"\"") => i = skip_multiline(text, i + 3, "\"\"\"", true),
            b'\'' if text[i..].starts_with("'''") => i = skip_multiline(text, i + 3, "'''", false),
            b'\'' => i = text[i + 1..].find(['\'', '\n']).map_or(text.len(), |n| i + 1 + n + 1),
            b'"' => {
                let start = i;
                let mut candidate = None;
                let mut j = i + 1;
                let closed = loop {
                    let Some(c) = text[j..].chars().next() else { break false };
                    match c {
                        '"' => break true,
                        '\n' => break false,
                        '\\' => j += 1 + text[j + 1..].chars().next().map_or(0, char::len_utf8),
                        _ => {
                            if candidate.is_none()
                                && LOOKALIKES.contains(&c)
                                && looks_closing(&text[j + c.len_utf8()..])
                            {
                                candidate = Some(j..j + c.len_utf8());
                            }
                            j += c.len_utf8();
                            continue;
                        }
                    }
                };
                if !closed {
                    return candidate;
                }
                if start >= error_line_start && candidate.is_some() {
                    return candidate;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// After a quote: spaces, then what may follow a closed string (or the line's end).
fn looks_closing(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with([',', '}', ']', '=', '#', '\n', '\r'])
}

/// The offset after a multi-line string's closing `delim` (or the end of the text).
fn skip_multiline(text: &str, mut i: usize, delim: &str, escapes: bool) -> usize {
    while i < text.len() {
        if escapes && text.as_bytes()[i] == b'\\' {
            i += 1 + text[i + 1..].chars().next().map_or(0, char::len_utf8);
        } else if text[i..].starts_with(delim) {
            return i + delim.len();
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, line: usize) -> usize {
        text.split_inclusive('\n').take(line - 1).map(str::len).sum()
    }

    #[test]
    fn finds_the_quote_that_ends_a_string() {
        let text = "a = 1\nsteps = [{ lookup = \"status” }]\n\nb = 2\n";
        let quote = text.find('”').unwrap();
        assert_eq!(misplaced(text, at(text, 4)), Some(quote..quote + 3));
        let same_line = "x = { to = \"処理済”, from = [\"処理済\"] }\n";
        let q = same_line.find('”').unwrap();
        assert_eq!(misplaced(same_line, same_line.find("処理済\"]").unwrap()), Some(q..q + 3));
    }

    #[test]
    fn leaves_quotes_that_belong_to_text() {
        // Inside a closed string on an earlier line, in a comment, in a literal or multi-line string.
        let text = "m = \"「”」, と書く\"\n# “x”,\nl = 'a”,'\nml = \"\"\"\n”,\n\"\"\"\nbad = \n";
        assert_eq!(misplaced(text, text.len() - 1), None);
        // Not where a closing quote would go.
        assert_eq!(misplaced("m = \"a”b\nc = 1\n", 9), None);
        // Escapes do not end a string.
        assert_eq!(misplaced("m = \"a\\\"b”\"\nc = d\n", 14), None);
    }
}
