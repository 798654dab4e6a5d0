//! A time zone by its IANA name: a profile's `time_zone`, the zone a ledger's times are shown
//! in. jiff's own lookup (`TimeZone::get`) first walks the whole zoneinfo directory to learn
//! every zone's name, for case-insensitive lookups: some 1,800 files, more than all of a
//! 250-row run's mapping. A profile names one zone, spelled as its file is, so that file is
//! read directly from the directory jiff would use; any other name (other case, a zone missing
//! there, an unreadable file) goes to jiff's lookup, which answers or words the error as before.

use jiff::tz::TimeZone;

/// The zone `name`, as `TimeZone::get` finds it.
pub fn named(name: &str) -> Result<TimeZone, jiff::Error> {
    if name.eq_ignore_ascii_case("utc") {
        return Ok(TimeZone::UTC);
    }
    #[cfg(unix)]
    if let Some(tz) = LAST.get(name) {
        return Ok(tz);
    }
    #[cfg(unix)]
    if let Some(tz) = zoneinfo_file(name, std::env::var_os("TZDIR")) {
        LAST.keep(name, &tz);
        return Ok(tz);
    }
    TimeZone::get(name)
}

/// The zone last read from its file, kept as jiff keeps the zones it reads: a run shows every
/// time of its summary in the same zone, and a server picks up a changed file within
/// [`KEPT_FOR`].
#[cfg(unix)]
static LAST: Last = Last(std::sync::Mutex::new(None));

/// How long a zone read from its file is used without reading it again (jiff's own time).
#[cfg(unix)]
const KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(5 * 60);

#[cfg(unix)]
struct Last(std::sync::Mutex<Option<(String, TimeZone, std::time::Instant)>>);

#[cfg(unix)]
impl Last {
    fn get(&self, name: &str) -> Option<TimeZone> {
        let last = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (n, tz, at) = last.as_ref()?;
        (n == name && at.elapsed() < KEPT_FOR).then(|| tz.clone())
    }

    fn keep(&self, name: &str, tz: &TimeZone) {
        let mut last = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *last = Some((name.to_string(), tz.clone(), std::time::Instant::now()));
    }
}

/// The directories jiff looks for the zoneinfo database in on Unix, after `$TZDIR`.
#[cfg(unix)]
const ZONEINFO_DIRS: [&str; 3] = ["/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/etc/zoneinfo"];

/// The zone read from the file `name` of the first directory jiff would open (`tzdir`, then
/// [`ZONEINFO_DIRS`]), if `name` is a plain relative path (no `.` or `..` part) outside the
/// `posix/` and `right/` trees jiff leaves out, and the file is a zone.
#[cfg(unix)]
fn zoneinfo_file(name: &str, tzdir: Option<std::ffi::OsString>) -> Option<TimeZone> {
    use std::path::PathBuf;
    let part_ok = |p: &str| {
        !p.is_empty() && p != "." && p != ".." && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+-.".contains(&b))
    };
    let first = name.split('/').next().unwrap_or("");
    if !name.split('/').all(part_ok) || first == "posix" || first == "right" {
        return None;
    }
    let dirs = tzdir.map(PathBuf::from).into_iter().chain(ZONEINFO_DIRS.iter().map(PathBuf::from));
    let dir = dirs.into_iter().find(|d| d.is_dir())?;
    if !spelled_as_on_disk(&dir, name) {
        return None;
    }
    let data = std::fs::read(dir.join(name)).ok()?;
    TimeZone::tzif(name, &data).ok()
}

/// Whether every part of `name` is an entry of its folder spelled exactly so. On a file system
/// that ignores case (macOS's, by default) `asia/tokyo` opens `Asia/Tokyo`, and the zone would
/// keep the name as typed, where jiff's lookup gives the database's spelling (shown in the
/// summary, stored in the ledger): such a name goes to jiff. Two small folders are listed,
/// not the whole tree.
#[cfg(unix)]
fn spelled_as_on_disk(dir: &std::path::Path, name: &str) -> bool {
    let mut at = dir.to_path_buf();
    for part in name.split('/') {
        let Ok(entries) = std::fs::read_dir(&at) else { return false };
        if !entries.flatten().any(|e| e.file_name() == part) {
            return false;
        }
        at.push(part);
    }
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Read directly or through jiff's database, a zone is the same zone: the same name and
    /// the same offsets over the years the tool meets.
    #[test]
    fn a_zone_read_from_its_file_is_the_zone_jiff_finds() {
        for name in ["Asia/Tokyo", "Europe/London", "America/New_York", "Etc/UTC", "Etc/GMT-9"] {
            let expected = TimeZone::get(name).expect("the zoneinfo database (Debian: tzdata) has the zone");
            let direct = zoneinfo_file(name, None).expect("the zone file is read");
            assert_eq!(direct.iana_name(), expected.iana_name(), "{name}");
            // 1990 to 2038, every 49 days: both seasons of every year.
            for s in (631_152_000_i64..2_145_916_800).step_by(49 * 86_400) {
                let at = jiff::Timestamp::from_second(s).unwrap();
                assert_eq!(direct.to_offset(at), expected.to_offset(at), "{name} {at}");
            }
        }
    }

    /// A name that is not a plain path under the directory, or names a tree jiff leaves out,
    /// is never read from a file; jiff's lookup answers it (here: an error).
    #[test]
    fn names_outside_the_database_go_to_jiff() {
        for name in ["../etc/passwd", "/etc/localtime", "Asia/../Asia/Tokyo", "right/Asia/Tokyo", "Asia//Tokyo", ""] {
            assert!(zoneinfo_file(name, None).is_none(), "{name}");
        }
        assert!(named("No/Such_Zone").is_err());
        assert_eq!(named("Asia/Tokyo").unwrap().iana_name(), Some("Asia/Tokyo"));
        assert_eq!(named("Asia/Tokyo").unwrap().iana_name(), Some("Asia/Tokyo"), "kept");
        assert_eq!(named("Europe/London").unwrap().iana_name(), Some("Europe/London"), "another");
        assert_eq!(named("utc").unwrap(), TimeZone::UTC);
        assert_eq!(named("asia/tokyo").unwrap().iana_name(), TimeZone::get("Asia/Tokyo").unwrap().iana_name());
    }

    /// `$TZDIR` is the directory read, as it is jiff's.
    #[test]
    fn tzdir_is_read_first() {
        let dir = tempfile::tempdir().unwrap();
        let tokyo = std::fs::read("/usr/share/zoneinfo/Asia/Tokyo").expect("the zoneinfo database (Debian: tzdata)");
        std::fs::write(dir.path().join("Shop_Zone"), tokyo).unwrap();
        let tz = zoneinfo_file("Shop_Zone", Some(dir.path().into())).expect("read from TZDIR");
        assert_eq!(tz.iana_name(), Some("Shop_Zone"));
        assert!(zoneinfo_file("Asia/Tokyo", Some(dir.path().into())).is_none(), "only the first directory");
    }

    /// A name is read from its file only when spelled as the folders spell it: on a file
    /// system that ignores case, `asia/tokyo` would open the file and keep the wrong spelling.
    #[test]
    fn only_the_exact_spelling_is_read_from_a_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("Area")).unwrap();
        std::fs::write(dir.path().join("Area").join("Shop_Zone"), b"x").unwrap();
        assert!(spelled_as_on_disk(dir.path(), "Area/Shop_Zone"));
        for other in ["area/Shop_Zone", "Area/shop_zone", "AREA/SHOP_ZONE", "Area/Other"] {
            assert!(!spelled_as_on_disk(dir.path(), other), "{other}");
        }
    }
}
