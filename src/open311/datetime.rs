//! W3C datetimes as GeoReport v2 writes them. We send city time with its
//! offset (`2026-12-01T08:54:06+08:00`, whole seconds), because Open311
//! clients show the time as written; we read any RFC 3339 time, and a few
//! forms real servers send (a space for `T`, no seconds, no offset, a date
//! alone), documented in docs/open311.md.

use crate::model::Timestamp;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// China Standard Time: the offset every time we send carries.
pub const CITY_OFFSET: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// `2026-12-01T08:54:06+08:00`: whole seconds in city time.
pub fn format(t: Timestamp) -> String {
    let local = t.to_offset(CITY_OFFSET);
    let (y, mo, d) = (local.year(), u8::from(local.month()), local.day());
    let (h, mi, s) = (local.hour(), local.minute(), local.second());
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+08:00")
}

/// Reads a time a foreign server wrote. A time with no offset is taken as
/// UTC (W3C-DTF requires one when a time is given, so there is nothing
/// better to assume); a date alone is its midnight UTC.
pub fn parse(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    let spaced = text.replacen(' ', "T", 1);
    if let Ok(t) = OffsetDateTime::parse(&spaced, &Rfc3339) {
        return Some(t);
    }
    if let Some(t) = without_seconds(&spaced) {
        return Some(t);
    }
    let no_offset = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    if let Ok(t) = PrimitiveDateTime::parse(spaced.split('.').next().unwrap_or(""), no_offset) {
        return Some(t.assume_utc());
    }
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    if let Ok(t) = PrimitiveDateTime::parse(&spaced, minutes) {
        return Some(t.assume_utc());
    }
    let date = format_description!("[year]-[month]-[day]");
    Date::parse(text, date).ok().map(|d| d.midnight().assume_utc())
}

/// `2010-04-14T06:37-08:00`: W3C-DTF allows a time without seconds.
fn without_seconds(text: &str) -> Option<Timestamp> {
    let (clock, offset) = split_offset(text)?;
    if clock.len() != "2010-04-14T06:37".len() {
        return None;
    }
    OffsetDateTime::parse(&format!("{clock}:00{offset}"), &Rfc3339).ok()
}

/// Splits `…T06:37-08:00` or `…T06:37Z` into the time and its offset.
fn split_offset(text: &str) -> Option<(&str, &str)> {
    if let Some(clock) = text.strip_suffix('Z').or_else(|| text.strip_suffix('z')) {
        return Some((clock, "Z"));
    }
    let at = text.len().checked_sub(6)?;
    let offset = text.get(at..)?;
    let sign = offset.as_bytes().first()?;
    (matches!(sign, b'+' | b'-') && offset.as_bytes().get(3) == Some(&b':')).then(|| (&text[..at], offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_are_sent_in_city_time_with_the_offset() {
        assert_eq!(
            format(datetime!(2026-12-01 00:54:06.9 UTC)),
            "2026-12-01T08:54:06+08:00"
        );
        assert_eq!(
            format(datetime!(2026-12-31 20:00 UTC)),
            "2027-01-01T04:00:00+08:00"
        );
    }

    #[test]
    fn what_we_send_reads_back_to_the_same_second() {
        let t = datetime!(2026-03-04 05:06:07 UTC);
        assert_eq!(parse(&format(t)), Some(t));
    }

    #[test]
    fn the_forms_foreign_servers_send_are_read() {
        let t = datetime!(2010-04-14 14:37:38 UTC);
        assert_eq!(parse("2010-04-14T06:37:38-08:00"), Some(t));
        assert_eq!(parse(" 2010-04-14 06:37:38-08:00 "), Some(t));
        assert_eq!(parse("2010-04-14T14:37:38Z"), Some(t));
        assert_eq!(parse("2010-04-14T14:37:38"), Some(t));
        assert_eq!(parse("2010-04-14T14:37:38.250"), Some(t));
        assert_eq!(
            parse("2010-04-14T06:37-08:00"),
            Some(datetime!(2010-04-14 14:37 UTC))
        );
        assert_eq!(parse("2010-04-14"), Some(datetime!(2010-04-14 00:00 UTC)));
        // The spec's discovery `changeset`.
        assert_eq!(parse("2011-02-03 14:18"), Some(datetime!(2011-02-03 14:18 UTC)));
    }

    #[test]
    fn nonsense_is_no_time() {
        for text in [
            "",
            "yesterday",
            "2010-13-01",
            "2010-04-14T25:00:00Z",
            "+08:00",
            "Z",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
