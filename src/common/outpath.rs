//! Whether a rendered output path is safe to create under `--out`.
//!
//! Route templates are rendered from profile text and row values, so what they produce must
//! be checked before a file is created: an absolute path or `..` would write outside the
//! output folder, and names that Linux accepts but Windows cannot open (`nul.csv`, `a:b`,
//! `x.`) would make an upload file that cannot be copied to the PC that uploads it. The rules
//! are the intersection of what Linux, macOS and Windows accept, in UTF-8 bytes.
//!
//! This module is a leaf: it knows nothing of profiles or plans.

use std::fmt::Write as _;

/// Longest file or folder name, in bytes (Linux's limit; Windows counts UTF-16 units, fewer).
pub const MAX_COMPONENT_BYTES: usize = 255;

/// Longest piece of a path shown in a message, in characters.
const SHOWN: usize = 80;

/// Why a relative output path (or one component of it) is refused. The texts it holds are
/// already cut and escaped for display.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg().render(crate::i18n::Lang::En))]
pub enum PathProblem {
    Empty,
    Absolute { path: String },
    Drive { path: String },
    EmptyComponent { path: String },
    EmptyName,
    Dots { component: String },
    TooLong { component: String, bytes: usize },
    Control { component: String, code: String },
    Forbidden { component: String, ch: char },
    Reserved { component: String },
    TrailingDotOrSpace { component: String },
    Separator { component: String },
    DateFormat { format: String, reason: crate::i18n::Msg },
    DateRender { format: String, date: String, rendered: String, problem: Box<PathProblem> },
}

impl PathProblem {
    /// What is wrong, as a catalog message.
    pub fn msg(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            PathProblem::Empty => Msg::new("path-empty"),
            PathProblem::Absolute { path } => Msg::new("path-absolute").arg("path", path),
            PathProblem::Drive { path } => Msg::new("path-drive").arg("path", path),
            PathProblem::EmptyComponent { path } => Msg::new("path-empty-component").arg("path", path),
            PathProblem::EmptyName => Msg::new("path-empty-name"),
            PathProblem::Dots { component } => Msg::new("path-dots").arg("name", component),
            PathProblem::TooLong { component, bytes } => {
                Msg::new("path-too-long").arg("name", component).arg("bytes", bytes)
            }
            PathProblem::Control { component, code } => {
                Msg::new("path-control").arg("name", component).arg("code", code)
            }
            PathProblem::Forbidden { component, ch } => {
                Msg::new("path-forbidden").arg("name", component).arg("char", ch)
            }
            PathProblem::Reserved { component } => Msg::new("path-reserved").arg("name", component),
            PathProblem::TrailingDotOrSpace { component } => Msg::new("path-trailing").arg("name", component),
            PathProblem::Separator { component } => Msg::new("path-separator").arg("name", component),
            PathProblem::DateFormat { format, reason } => {
                Msg::new("path-date-format").arg("format", format).arg("reason", reason.clone())
            }
            PathProblem::DateRender { format, date, rendered, problem } => Msg::new("path-date-render")
                .arg("format", format)
                .arg("rendered", rendered)
                .arg("date", date)
                .arg("problem", problem.msg()),
        }
    }
}

/// Checks a relative output path: `/`-separated, every component passing the component rules
/// ([`check_component`]), not absolute (`/x`, `\x`) and no drive (`C:`).
pub fn check(rel: &str) -> Result<(), PathProblem> {
    if rel.is_empty() {
        return Err(PathProblem::Empty);
    }
    if rel.starts_with(['/', '\\']) {
        return Err(PathProblem::Absolute { path: shown(rel) });
    }
    let b = rel.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return Err(PathProblem::Drive { path: shown(rel) });
    }
    for c in rel.split('/') {
        if c.is_empty() {
            return Err(PathProblem::EmptyComponent { path: shown(rel) });
        }
        component_rules(c)?;
    }
    Ok(())
}

/// Checks one file or folder name (no `/`): not empty, not `.` or `..`, at most 255 bytes,
/// no control character (nor a bidirectional one, [`is_bidi_control`]), none of `< > : " \ | ? *`, not a Windows device name (CON, PRN, AUX,
/// NUL, COM1–9, LPT1–9, case-insensitive, with or without an extension), not ending in a dot
/// or a space.
pub fn check_component(s: &str) -> Result<(), PathProblem> {
    if s.is_empty() {
        return Err(PathProblem::EmptyName);
    }
    if s.contains('/') {
        return Err(PathProblem::Separator { component: shown(s) });
    }
    component_rules(s)
}

fn component_rules(c: &str) -> Result<(), PathProblem> {
    if c == "." || c == ".." {
        return Err(PathProblem::Dots { component: c.to_string() });
    }
    if c.len() > MAX_COMPONENT_BYTES {
        return Err(PathProblem::TooLong { component: shown(c), bytes: c.len() });
    }
    // One pass (a route value is checked on every row).
    for ch in c.chars() {
        if ch.is_control() || is_bidi_control(ch) {
            return Err(PathProblem::Control { component: shown(c), code: format!("U+{:04X}", ch as u32) });
        }
        if matches!(ch, '<' | '>' | ':' | '"' | '\\' | '|' | '?' | '*') {
            return Err(PathProblem::Forbidden { component: shown(c), ch });
        }
    }
    if is_reserved(c) {
        return Err(PathProblem::Reserved { component: shown(c) });
    }
    if c.ends_with(['.', ' ']) {
        return Err(PathProblem::TrailingDotOrSpace { component: shown(c) });
    }
    Ok(())
}

/// The invisible characters that change the direction text is shown in (the Unicode
/// bidirectional formatting characters and marks, U+202E RIGHT-TO-LEFT OVERRIDE among them):
/// `invoice_\u{202E}vsc.exe` shows as `invoice_exe.csv`. A name must read as what it is.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Windows device names: the part before the first dot (spaces before the dot ignored, as
/// Windows does) is one of them, whatever the case. `COM¹`–`LPT³` and the console names are
/// reserved too on current Windows.
fn is_reserved(c: &str) -> bool {
    const NAMES: &[&str] = &[
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹",
        "COM²", "COM³", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
        "CONIN$", "CONOUT$",
    ];
    let stem = c.split('.').next().unwrap_or(c).trim_end_matches(' ');
    // The names are 3 to 7 bytes long (`COM¹` is 5): most names are not, and skip the scan.
    if !(3..=7).contains(&stem.len()) {
        return false;
    }
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(stem))
}

/// Checks a `{as_of:FORMAT}` format statically: what it renders must be usable as (part of)
/// one file or folder name for every date, so it is rendered for the first and last dates a
/// run can have and a leap day, and each result is held to [`check_component`] (stricter than
/// needed for a piece of a name: write a dot or space next to the placeholder, not at the end
/// of its format). Directives that pad with spaces (`%e`, `%k`, `%l`, the `_` flag) are
/// refused: their width changes with the date, so a name would sometimes hold a space.
/// `%n` and `%t` are refused as control characters.
pub fn check_date_format(fmt: &str) -> Result<(), PathProblem> {
    let bad = |reason: crate::i18n::Msg| PathProblem::DateFormat { format: shown(fmt), reason };
    let bytes = fmt.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        i += 1;
        let flags_start = i;
        while i < bytes.len() && matches!(bytes[i], b'_' | b'0' | b'-' | b'^' | b'#') {
            i += 1;
        }
        let flags = &bytes[flags_start..i];
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b':') {
            i += 1;
        }
        let Some(&d) = bytes.get(i) else { break };
        i += 1;
        if flags.contains(&b'_') {
            return Err(bad(crate::i18n::Msg::new("path-date-underscore")));
        }
        let padded = flags.contains(&b'-') || flags.contains(&b'0');
        if matches!(d, b'e' | b'k' | b'l') && !padded {
            return Err(bad(crate::i18n::Msg::new("path-date-space").arg("d", d as char)));
        }
        if matches!(d, b'n' | b't') {
            return Err(bad(crate::i18n::Msg::new("path-date-control").arg("d", d as char)));
        }
    }
    for date in [jiff::civil::date(1, 1, 1), jiff::civil::date(2024, 2, 29), jiff::civil::date(9999, 12, 31)] {
        // `Date::strftime(..).to_string()` panics on an invalid format; this reports it.
        let rendered = jiff::fmt::strtime::format(fmt, date).map_err(|e| bad(crate::i18n::Msg::text(e)))?;
        check_component(&rendered).map_err(|problem| PathProblem::DateRender {
            format: shown(fmt),
            date: date.to_string(),
            rendered: shown(&rendered),
            problem: Box::new(problem),
        })?;
    }
    Ok(())
}

/// Text for a message: control characters escaped, cut to [`SHOWN`] characters.
fn shown(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == SHOWN {
            out.push('…');
            break;
        }
        if c.is_control() || is_bidi_control(c) {
            let _ = write!(out, "\\u{{{:X}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_pass() {
        for p in ["楽天/tuuzyou_2024_10_18.csv", "a.csv", "rejected_20241018.csv", ".hidden", "a b/c d.csv", "x..y"] {
            assert_eq!(check(p), Ok(()), "{p}");
        }
        assert_eq!(check_component("tuuzyou_2024_10_18.csv"), Ok(()));
    }

    #[test]
    fn absolute_and_drive_paths_are_refused() {
        assert!(matches!(check("/x_2024"), Err(PathProblem::Absolute { .. })));
        assert!(matches!(check("\\\\server\\x"), Err(PathProblem::Absolute { .. })));
        assert!(matches!(check("C:x.csv"), Err(PathProblem::Drive { .. })));
        assert!(matches!(check("c:/x.csv"), Err(PathProblem::Drive { .. })));
        assert_eq!(check(""), Err(PathProblem::Empty));
    }

    #[test]
    fn dot_and_empty_components_are_refused() {
        let e = check("../../x_2024").unwrap_err();
        assert_eq!(e, PathProblem::Dots { component: "..".into() });
        assert!(e.to_string().contains("`..`"), "{e}");
        assert!(matches!(check("a/./b"), Err(PathProblem::Dots { .. })));
        for p in ["a//b", "a/", "./"] {
            assert!(matches!(check(p), Err(PathProblem::EmptyComponent { .. } | PathProblem::Dots { .. })), "{p}");
        }
        assert!(matches!(check("a//b"), Err(PathProblem::EmptyComponent { .. })));
        assert_eq!(check_component(""), Err(PathProblem::EmptyName));
    }

    #[test]
    fn long_components_are_refused_in_bytes() {
        assert_eq!(check(&"a".repeat(255)), Ok(()));
        assert_eq!(check(&"あ".repeat(85)), Ok(()));
        let e = check(&format!("ok/{}", "あ".repeat(86))).unwrap_err();
        assert!(matches!(e, PathProblem::TooLong { bytes: 258, .. }), "{e:?}");
        assert!(e.to_string().chars().count() < 200, "{e}");
    }

    #[test]
    fn control_and_windows_characters_are_refused() {
        let e = check("a\nb.csv").unwrap_err();
        assert_eq!(e.to_string(), "`a\\u{A}b.csv` contains the control character U+000A");
        assert!(matches!(check("a\u{7F}"), Err(PathProblem::Control { .. })));
        for ch in ['\u{202E}', '\u{202A}', '\u{200F}', '\u{2066}', '\u{2069}', '\u{061C}'] {
            let e = check(&format!("dir/invoice_{ch}vsc.exe")).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("`invoice_\\u{{{:X}}}vsc.exe` contains the control character U+{:04X}", ch as u32, ch as u32)
            );
        }
        for ch in ['<', '>', ':', '"', '\\', '|', '?', '*'] {
            let p = format!("dir/a{ch}b.csv");
            assert_eq!(check(&p), Err(PathProblem::Forbidden { component: format!("a{ch}b.csv"), ch }), "{p}");
        }
    }

    #[test]
    fn windows_device_names_are_refused() {
        for c in ["CON", "prn", "Aux", "nul.csv", "NUL.tar.gz", "com1", "COM9.txt", "lpt1", "LPT9", "nul .csv", "COM¹"]
        {
            assert!(matches!(check(&format!("x/{c}")), Err(PathProblem::Reserved { .. })), "{c}");
        }
        for c in ["CONSOLE", "nul_x.csv", "COM10", "LPT0", "xnul"] {
            assert_eq!(check(c), Ok(()), "{c}");
        }
    }

    #[test]
    fn trailing_dots_and_spaces_are_refused() {
        for p in ["a.", "a /b", "dir/x.csv ", "..."] {
            assert!(matches!(check(p), Err(PathProblem::TrailingDotOrSpace { .. })), "{p}");
        }
    }

    #[test]
    fn one_component_has_no_separator() {
        assert!(matches!(check_component("2024/10"), Err(PathProblem::Separator { .. })));
        assert!(matches!(check_component(".."), Err(PathProblem::Dots { .. })));
        assert!(matches!(check_component("nul"), Err(PathProblem::Reserved { .. })));
    }

    #[test]
    fn ordinary_date_formats_pass() {
        for f in ["%Y_%m_%d", "%Y%m%d", "x_%Y", "%F", "%-d", "%0e", "%B", "%y年%m月%d日", "%j", "%G-W%V"] {
            assert_eq!(check_date_format(f), Ok(()), "{f}");
        }
    }

    #[test]
    fn date_formats_that_leave_one_name_are_refused() {
        let render = |f: &str| match check_date_format(f) {
            Err(PathProblem::DateRender { problem, .. }) => *problem,
            other => panic!("{f}: {other:?}"),
        };
        assert!(matches!(render("/x_%Y"), PathProblem::Separator { .. }));
        assert!(matches!(render("../../x_%Y"), PathProblem::Separator { .. }));
        assert!(matches!(render("%Y/%m"), PathProblem::Separator { .. }));
        assert!(matches!(render("%D"), PathProblem::Separator { .. }));
        assert_eq!(render(""), PathProblem::EmptyName);
        assert!(matches!(render(".."), PathProblem::Dots { .. }));
        assert!(matches!(render("nul"), PathProblem::Reserved { .. }));
        assert!(matches!(render("%Y:%m"), PathProblem::Forbidden { ch: ':', .. }));
        let e = check_date_format("%Y/%m").unwrap_err().to_string();
        assert!(e.starts_with("date format `%Y/%m` renders `0001/01` for 0001-01-01: "), "{e}");
    }

    #[test]
    fn date_formats_with_whitespace_or_errors_are_refused() {
        for f in ["%n", "x%t", "%e", "%k", "%_m", "%_5Y", "%H", "%Y %", "%z", "%Q"] {
            assert!(matches!(check_date_format(f), Err(PathProblem::DateFormat { .. })), "{f}");
        }
        let e = check_date_format("%e").unwrap_err().to_string();
        assert_eq!(e, "date format `%e`: `%e` pads with a space (use `%-e` or `%0e`)");
        assert!(matches!(
            check_date_format("%300Y"),
            Err(PathProblem::DateRender { .. } | PathProblem::DateFormat { .. })
        ));
    }
}
