//! The policy's working-time calendar: office hours, weekends, holidays
//! and swapped workdays, read and checked.

use super::Text;
use crate::data::{DataError, Source};
use crate::model::{Calendar, CalendarError};
use serde::Deserialize;
use time::macros::format_description;
use time::{Date, Duration, UtcOffset, Weekday};
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCalendar {
    utc_offset: Text,
    hours: Spanned<Vec<Text>>,
    weekend: Spanned<Vec<Text>>,
    #[serde(default)]
    holidays: Vec<Text>,
    #[serde(default)]
    workdays: Vec<Text>,
}

pub(super) fn calendar(src: &Source, raw: Spanned<RawCalendar>) -> Result<Calendar, DataError> {
    let span = raw.span();
    let raw = raw.into_inner();
    let offset = UtcOffset::parse(
        raw.utc_offset.get_ref().trim(),
        format_description!("[offset_hour sign:mandatory]:[offset_minute]"),
    )
    .map_err(|_| {
        src.error(
            raw.utc_offset.span(),
            format!("utc_offset {:?} must look like +08:00", raw.utc_offset.get_ref()),
        )
    })?;
    let periods = raw
        .hours
        .get_ref()
        .iter()
        .map(|h| period(h.get_ref()).ok_or_else(|| src.error(h.span(), bad_period(h.get_ref()))))
        .collect::<Result<Vec<_>, _>>()?;
    let weekend = raw
        .weekend
        .get_ref()
        .iter()
        .map(|d| weekday(d.get_ref()).ok_or_else(|| src.error(d.span(), bad_weekday(d.get_ref()))))
        .collect::<Result<Vec<_>, _>>()?;
    let holidays = dates(src, &raw.holidays, "holidays")?;
    let workdays = dates(src, &raw.workdays, "workdays")?;
    for (day, text) in workdays.iter().zip(&raw.workdays) {
        if !weekend.contains(&day.weekday()) {
            return Err(src.error(
                text.span(),
                format!(
                    "workday {day} is a {}, already a working day; workdays lists weekend days that are worked (调休)",
                    day.weekday()
                ),
            ));
        }
    }
    Calendar::new(offset, periods, &weekend, holidays, workdays.iter().copied()).map_err(|e| {
        let at = match &e {
            CalendarError::NoPeriods | CalendarError::BadPeriod(_) | CalendarError::Overlap(_) => {
                raw.hours.span()
            }
            CalendarError::NoWorkingWeekday => raw.weekend.span(),
            CalendarError::HolidayAndWorkday(day) => workdays
                .iter()
                .zip(&raw.workdays)
                .find(|(d, _)| *d == day)
                .map_or(span.clone(), |(_, t)| t.span()),
        };
        src.error(at, format!("calendar: {e}"))
    })
}

/// `08:30-12:00` as spans since midnight (`24:00` may end a period).
fn period(text: &str) -> Option<(Duration, Duration)> {
    let (a, b) = text.trim().split_once('-')?;
    Some((clock(a)?, clock(b)?))
}

fn clock(text: &str) -> Option<Duration> {
    let (h, m) = text.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    let ok = (0..24).contains(&h) && (0..60).contains(&m) || (h == 24 && m == 0);
    ok.then(|| Duration::minutes(h * 60 + m))
}

fn bad_period(text: &str) -> String {
    format!("working period {text:?} must look like 08:30-12:00")
}

fn weekday(text: &str) -> Option<Weekday> {
    let day = match text.trim().to_ascii_lowercase().as_str() {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    };
    Some(day)
}

fn bad_weekday(text: &str) -> String {
    format!("weekend day {text:?} must be one of mon, tue, wed, thu, fri, sat, sun")
}

fn dates(src: &Source, list: &[Text], field: &str) -> Result<Vec<Date>, DataError> {
    list.iter()
        .map(|t| {
            Date::parse(t.get_ref().trim(), format_description!("[year]-[month]-[day]")).map_err(|_| {
                src.error(
                    t.span(),
                    format!("{field}: {:?} must be a date like 2026-10-01", t.get_ref()),
                )
            })
        })
        .collect()
}

// ---- limits ---------------------------------------------------------------
