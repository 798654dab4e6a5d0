//! Which language the command line speaks: chosen once at start, from the command line, then
//! `ORDERBRIDGE_LANG`, then the locale. The decision is a pure function of a variable lookup
//! ([`Lang::from_env`]) so it is tested without touching the process's environment.

use super::Lang;

/// The environment variables naming the locale, in POSIX precedence: the first one set and
/// non-empty decides (`LC_ALL` overrides `LC_MESSAGES`, which overrides `LANG`).
pub const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// The variable that overrides the locale (as `--lang` does), e.g. for a shop's shortcut.
pub const LANG_VAR: &str = "ORDERBRIDGE_LANG";

impl Lang {
    /// The language of the messages: `flag` (`--lang`) if given, else `LANG_VAR` if it names
    /// `ja` or `en`, else the locale: Japanese iff the first non-empty of `LOCALE_VARS`
    /// starts with `ja` (`ja_JP.UTF-8`, `ja`), English otherwise (`C`, `POSIX`, `en_US`, a
    /// French locale). With none of them set, `ui_language` decides (the Windows user's UI
    /// language, where the locale variables are normally absent); English without it.
    pub fn from_env(
        flag: Option<&str>,
        lookup: impl Fn(&str) -> Option<String>,
        ui_language: impl FnOnce() -> Option<Lang>,
    ) -> Lang {
        if let Some(lang) = flag.and_then(Lang::parse) {
            return lang;
        }
        if let Some(lang) = lookup(LANG_VAR).as_deref().and_then(Lang::parse) {
            return lang;
        }
        let locale = LOCALE_VARS.iter().filter_map(|v| lookup(v)).find(|v| !v.trim().is_empty());
        match locale {
            Some(l) if l.trim().to_ascii_lowercase().starts_with("ja") => Lang::Ja,
            Some(_) => Lang::En,
            None => ui_language().unwrap_or(Lang::En),
        }
    }
}

/// The value of `--lang` (or `--lang=`) in the raw arguments, found before the argument parser
/// runs so that `--help` is already in that language. Arguments after `--` are inputs.
pub fn lang_flag<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Option<String> {
    let mut it = args.iter().map(|a| a.as_ref().to_string_lossy().into_owned());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next();
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Some(v.to_string());
        }
    }
    None
}

/// The Windows user's UI language (`GetUserDefaultUILanguage`): Japanese when its primary
/// language is `LANG_JAPANESE` (0x11). Declared here rather than through a bindings crate: it
/// is one call of kernel32, which every Windows process links.
#[cfg(windows)]
pub fn ui_language() -> Option<Lang> {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetUserDefaultUILanguage() -> u16;
    }
    // SAFETY: takes no argument and only reads the user's settings.
    let langid = unsafe { GetUserDefaultUILanguage() };
    Some(if langid & 0x3ff == 0x11 { Lang::Ja } else { Lang::En })
}

/// Elsewhere the locale variables are the user's choice; none set means English.
#[cfg(not(windows))]
pub fn ui_language() -> Option<Lang> {
    None
}

/// The language from the real process: `args` (for `--lang`), the environment, the OS.
pub fn detect<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Lang {
    Lang::from_env(lang_flag(args).as_deref(), |k| std::env::var(k).ok(), ui_language)
}

/// An I/O error in words: the kinds a shop meets (a missing file, no permission, a full disk)
/// from the catalog (`io-*` in `cli.ftl`), any other as the operating system words it.
pub fn io_error(e: &std::io::Error) -> super::Msg {
    use std::io::ErrorKind as K;
    let key = match e.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::AlreadyExists => "io-already-exists",
        K::IsADirectory => "io-is-a-directory",
        K::NotADirectory => "io-not-a-directory",
        K::StorageFull => "io-storage-full",
        K::ReadOnlyFilesystem => "io-read-only",
        _ => return super::Msg::new("io-other").arg("error", e),
    };
    super::Msg::new(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(flag: Option<&str>, vars: &[(&str, &str)]) -> Lang {
        let lookup = |k: &str| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
        Lang::from_env(flag, lookup, || None)
    }

    #[test]
    fn the_locale_decides_lc_all_then_lc_messages_then_lang() {
        assert_eq!(pick(None, &[]), Lang::En);
        assert_eq!(pick(None, &[("LANG", "ja_JP.UTF-8")]), Lang::Ja);
        assert_eq!(pick(None, &[("LANG", "C")]), Lang::En);
        assert_eq!(pick(None, &[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(pick(None, &[("LANG", "fr_FR.UTF-8")]), Lang::En);
        assert_eq!(pick(None, &[("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "C")]), Lang::Ja);
        assert_eq!(pick(None, &[("LC_ALL", "C"), ("LC_MESSAGES", "ja_JP.UTF-8")]), Lang::En);
        assert_eq!(pick(None, &[("LC_ALL", "ja_JP.eucJP"), ("LANG", "C")]), Lang::Ja);
        // An empty variable does not count: the next one decides.
        assert_eq!(pick(None, &[("LC_ALL", ""), ("LANG", "ja_JP.UTF-8")]), Lang::Ja);
    }

    #[test]
    fn the_flag_then_orderbridge_lang_override_the_locale() {
        assert_eq!(pick(Some("en"), &[("ORDERBRIDGE_LANG", "ja"), ("LANG", "ja_JP.UTF-8")]), Lang::En);
        assert_eq!(pick(Some("ja"), &[("LANG", "C")]), Lang::Ja);
        assert_eq!(pick(None, &[("ORDERBRIDGE_LANG", "ja"), ("LC_ALL", "C")]), Lang::Ja);
        assert_eq!(pick(None, &[("ORDERBRIDGE_LANG", "en"), ("LANG", "ja_JP.UTF-8")]), Lang::En);
        // A value naming neither language is ignored, not an error.
        assert_eq!(pick(None, &[("ORDERBRIDGE_LANG", "fr"), ("LANG", "ja_JP.UTF-8")]), Lang::Ja);
    }

    #[test]
    fn the_ui_language_decides_only_without_locale_variables() {
        let lookup = |k: &str| (k == "LANG").then(|| "C".to_string());
        assert_eq!(Lang::from_env(None, lookup, || Some(Lang::Ja)), Lang::En);
        assert_eq!(Lang::from_env(None, |_| None, || Some(Lang::Ja)), Lang::Ja);
    }

    #[test]
    fn the_flag_is_found_before_parsing() {
        assert_eq!(lang_flag(&["orderbridge", "run", "--lang", "ja", "--help"]), Some("ja".into()));
        assert_eq!(lang_flag(&["orderbridge", "--lang=en", "run"]), Some("en".into()));
        assert_eq!(lang_flag(&["orderbridge", "run", "--", "--lang", "ja"]), None);
        assert_eq!(lang_flag(&["orderbridge", "run"]), None);
    }
}
