//! Step 2 of loading a profile ([`super`]): reading a profile file, and telling a profile from
//! any other file.
//!
//! Every profile read from disk — by `--profile`, by `extends`, by `list-profiles` and by the page's
//! list — goes through [`read_profile_file`]. A profile is a small regular text file, so that
//! is all it reads: a device (`/dev/zero`), a pipe or a socket is refused before it is opened
//! (a pipe would block the reader for ever), and a file is read only up to [`MAX_BYTES`] (a
//! link to a huge file would otherwise be read whole into memory).
//!
//! [`is_profile`] and [`quotable_until`] decide whether a file may be quoted in a diagnostic:
//! `extends = "/etc/passwd"` must not print the first line of the password file, in the
//! terminal or on the page. Only a file that reads as TOML far enough to show one of a
//! profile's own keys is quoted; any other file is named with its problem alone.

use std::io::Read as _;
use std::path::Path;
use std::sync::OnceLock;

use toml::de::DeTable;

use super::error::FindError;
use super::text::{Origin, ProfileText};
use crate::i18n::Msg;

/// The largest profile file read, in bytes. The shipped profiles are about 30 KiB; a shop's
/// profile with large lookup tables stays far below this.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The text of the profile file at `path`: a regular file of at most [`MAX_BYTES`], in UTF-8.
/// Anything else is an error naming the file and saying what it is.
pub fn read_profile_file(path: &Path) -> Result<String, FindError> {
    let display = path.display().to_string();
    let not_a_file = |problem: Msg| FindError::NotAFile { path: display.clone(), problem };
    let read_err = |source: std::io::Error| FindError::Read { path: display.clone(), source };
    // Looked at before opening: opening a pipe waits for a writer.
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err(not_a_file(Msg::new("find-is-a-folder"))),
        Ok(m) if !m.is_file() => return Err(not_a_file(Msg::new("find-not-regular"))),
        Ok(m) if m.len() > MAX_BYTES => return Err(not_a_file(too_large())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.is_symlink() => {
            let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
            return Err(not_a_file(Msg::new("find-broken-link").arg("target", target)));
        }
        _ => {}
    }
    let file = open_without_waiting(path).map_err(read_err)?;
    // Again on what was opened: the name may have been pointed elsewhere in between.
    let meta = file.metadata().map_err(read_err)?;
    if !meta.is_file() {
        return Err(not_a_file(Msg::new("find-not-regular")));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_BYTES) as usize);
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(read_err)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(not_a_file(too_large()));
    }
    String::from_utf8(bytes).map_err(|_| not_a_file(Msg::new("find-not-utf8")))
}

/// The profile at `path` ([`read_profile_file`]), named after its file.
pub fn read_file(path: &Path) -> Result<ProfileText, FindError> {
    let text = read_profile_file(path)?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(ProfileText::new(name, Origin::File(path.to_path_buf()), text))
}

fn too_large() -> Msg {
    Msg::new("find-too-large").arg("mib", MAX_BYTES / (1024 * 1024))
}

/// Opens for reading; where the platform allows, without waiting for a pipe's writer (should
/// the file have become a pipe since it was looked at).
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

/// The keys a profile may have at its top level: the fields of [`super::ProfileDoc`] as serde
/// reads them (so a key added there is known here).
pub fn top_level_keys() -> &'static [&'static str] {
    static KEYS: OnceLock<&'static [&'static str]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut fields: &'static [&'static str] = &[];
        let _ = <super::ProfileDoc as serde::Deserialize>::deserialize(FieldsOf(&mut fields));
        fields
    })
}

/// Whether a file that parsed as TOML is a profile: one of its top-level keys is a profile's.
pub fn is_profile(table: &DeTable<'_>) -> bool {
    let keys = top_level_keys();
    table.keys().any(|k| keys.contains(&k.get_ref().as_ref()))
}

/// Whether a file that failed to parse as TOML at byte `error_at` may be quoted: a line up to
/// the error's own starts with a profile's top-level key (`description = …`) or table
/// (`[output]`, `[[rules]]`). The lines of `/etc/passwd` or of a key file never do.
pub fn quotable_until(text: &str, error_at: usize) -> bool {
    let end = text[error_at.min(text.len())..].find('\n').map_or(text.len(), |i| error_at + i);
    let keys = top_level_keys();
    text.get(..end).unwrap_or(text).lines().any(|line| {
        let line = line.trim_start().trim_start_matches('[').trim_start();
        let key: String = line.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
        let rest = line[key.len()..].trim_start();
        !key.is_empty() && keys.contains(&key.as_str()) && rest.starts_with(['=', ']', '.'])
    })
}

/// A deserializer that only learns the field names of the struct asked of it.
struct FieldsOf<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldsOf<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("fields read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_a_profiles_top_level_keys() {
        let keys = top_level_keys();
        for k in ["extends", "description", "input", "output", "rules", "params"] {
            assert!(keys.contains(&k), "{k} in {keys:?}");
        }
        assert!(!keys.contains(&"param_values"), "a skipped field is not a key");
    }

    #[test]
    fn quotes_only_text_that_shows_a_profile_key() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin\n";
        assert!(!quotable_until(passwd, 4));
        assert!(!quotable_until("token = \"secret\nx", 17));
        let profile = "#:schema ./profile.schema.json\ndescription = \"x\"\n[input]\nfields = [\n";
        assert!(quotable_until(profile, profile.len() - 1));
        let first_line = "description = “x”\n";
        assert!(quotable_until(first_line, 14));
        assert!(quotable_until("x = 1\n[[rules]]\nname = ", 22));
        // A profile key further down, after the error, does not count.
        assert!(!quotable_until("root:x:0\ndescription = 1\n", 3));
    }
}
