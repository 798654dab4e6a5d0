//! Times as a person reads them. The ledger stores every time in UTC (RFC 3339, to the
//! second), which sorts and compares; a shop reads them in its profile's time zone, where its
//! day is (`2024-10-18 09:12 JST`, not `2024-10-18T00:12:00Z`), and a program reading `--json`
//! gets the same instant with its offset (`2024-10-18T09:12:00+09:00`).

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The zone named (an IANA name, as profiles give it), else the system's: a run recorded
/// before the ledger kept time zones has none.
fn zone(tz: Option<&str>) -> TimeZone {
    tz.and_then(|name| crate::common::zone::named(name).ok()).unwrap_or_else(TimeZone::system)
}

/// `utc` (as the ledger stores it) in the time zone `tz`, to the minute, with the zone's
/// abbreviation: `2024-10-18 09:12 JST`. A text that is not a time is shown as it is.
pub fn local_time(utc: &str, tz: Option<&str>) -> String {
    match utc.parse::<Timestamp>() {
        Ok(t) => t.to_zoned_datetime(zone(tz)).strftime("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => utc.to_string(),
    }
}

/// `utc` in the time zone `tz` as RFC 3339 with the offset: `2024-10-18T09:12:00+09:00`.
/// A text that is not a time is given as it is.
pub fn local_rfc3339(utc: &str, tz: Option<&str>) -> String {
    match utc.parse::<Timestamp>() {
        Ok(t) => t.to_zoned_datetime(zone(tz)).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Err(_) => utc.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_the_profiles_zone() {
        assert_eq!(local_time("2024-10-18T00:12:59Z", Some("Asia/Tokyo")), "2024-10-18 09:12 JST");
        assert_eq!(local_rfc3339("2024-10-18T00:12:59Z", Some("Asia/Tokyo")), "2024-10-18T09:12:59+09:00");
        assert_eq!(local_time("2026-12-06T22:23:19Z", Some("Asia/Tokyo")), "2026-12-07 07:23 JST");
        assert_eq!(local_time("2024-10-18T00:12:00Z", Some("UTC")), "2024-10-18 00:12 UTC");
        assert_eq!(local_time("not a time", Some("Asia/Tokyo")), "not a time");
    }
}
