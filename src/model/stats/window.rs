//! Which items a stats query covers: today or this week in the city's
//! local time (weeks start on Monday), or an explicit range.

use crate::model::Timestamp;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, Duration, PrimitiveDateTime, Time, UtcOffset};

/// The reporting window of a stats query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Since local midnight.
    Today,
    /// Since local midnight of this week's Monday.
    Week,
    /// `[from, to)`.
    Range { from: Timestamp, to: Timestamp },
    /// Whole local days, `first` to `last` inclusive
    /// (`window=2026-11-01..2026-11-29`).
    Days { first: Date, last: Date },
}

/// A stats query as the model sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsQuery {
    pub window: Window,
}

/// Why a query names no window.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    #[error("window must be \"today\", \"week\" or days like 2026-11-01..2026-11-29, not {0:?}")]
    UnknownWindow(String),
    #[error("{0} is not an RFC 3339 time such as 2026-03-02T00:00:00+08:00")]
    BadTime(String),
    #[error("give either window=today|week or both from and to, not {0}")]
    Ambiguous(&'static str),
    #[error("the window is empty: its start (from, or the first day) must come before its end")]
    Empty,
    #[error("{0} is outside the years a window may cover ({FIRST_YEAR} to {LAST_YEAR})")]
    OutOfRange(String),
}

/// The years a window may name: wide enough for any city's records, narrow
/// enough that a day either side of them is still a representable time.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 9999 - 1;

/// Later than any window ends: the open end of "everything since".
pub const END: Timestamp = time::macros::datetime!(9999-01-01 00:00 UTC);

fn within_years(year: i32, text: &str) -> Result<(), WindowError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(WindowError::OutOfRange(text.to_owned()))
    }
}

impl StatsQuery {
    /// Reads `window` or `from` + `to` as sent in a query string; no
    /// parameter at all means today.
    pub fn parse(window: Option<&str>, from: Option<&str>, to: Option<&str>) -> Result<Self, WindowError> {
        let window = match (window, from, to) {
            (None, None, None) | (Some("today"), None, None) => Window::Today,
            (Some("week"), None, None) => Window::Week,
            (Some(days), None, None) if days.contains("..") => self::days(days)?,
            (Some(other), None, None) => return Err(WindowError::UnknownWindow(other.to_owned())),
            (None, Some(from), Some(to)) => {
                let (from, to) = (rfc3339(from)?, rfc3339(to)?);
                if from >= to {
                    return Err(WindowError::Empty);
                }
                Window::Range { from, to }
            }
            (Some(_), _, _) => return Err(WindowError::Ambiguous("both a window and a range")),
            (None, _, _) => return Err(WindowError::Ambiguous("only one end of a range")),
        };
        Ok(StatsQuery { window })
    }
}

/// `2026-11-01..2026-11-29`, or one day as `2026-11-20..2026-11-20`.
fn days(text: &str) -> Result<Window, WindowError> {
    let unknown = || WindowError::UnknownWindow(text.to_owned());
    let format = format_description!("[year]-[month]-[day]");
    let (first, last) = text.split_once("..").ok_or_else(unknown)?;
    let first = Date::parse(first.trim(), format).map_err(|_| unknown())?;
    let last = Date::parse(last.trim(), format).map_err(|_| unknown())?;
    within_years(first.year(), text)?;
    within_years(last.year(), text)?;
    if first > last {
        return Err(WindowError::Empty);
    }
    Ok(Window::Days { first, last })
}

fn rfc3339(s: &str) -> Result<Timestamp, WindowError> {
    let at = Timestamp::parse(s, &Rfc3339).map_err(|_| WindowError::BadTime(s.to_owned()))?;
    within_years(at.year(), s)?;
    at.checked_to_offset(UtcOffset::UTC)
        .ok_or_else(|| WindowError::OutOfRange(s.to_owned()))
}

/// Local midnight of `d` at `offset`, in UTC; at the very edge of what can
/// be represented, the same wall time read as UTC rather than a panic.
fn midnight_utc(d: Date, offset: UtcOffset) -> Timestamp {
    let local = PrimitiveDateTime::new(d, Time::MIDNIGHT);
    local
        .assume_offset(offset)
        .checked_to_offset(UtcOffset::UTC)
        .unwrap_or_else(|| local.assume_utc())
}

impl Window {
    pub fn label(self) -> &'static str {
        match self {
            Window::Today => "today",
            Window::Week => "week",
            Window::Range { .. } => "range",
            Window::Days { .. } => "days",
        }
    }

    /// `[from, to)` in UTC as of `now` in a city at `offset`. Today and
    /// this week end at `now`: nothing is reported in the future.
    pub fn bounds(self, now: Timestamp, offset: UtcOffset) -> (Timestamp, Timestamp) {
        let local = now.to_offset(offset);
        let midnight = local.replace_time(Time::MIDNIGHT);
        let start = match self {
            Window::Range { from, to } => return (from, to),
            Window::Days { first, last } => {
                let end = midnight_utc(last, offset);
                let after = last
                    .next_day()
                    .map_or(end.checked_add(Duration::days(1)).unwrap_or(end), |d| {
                        midnight_utc(d, offset)
                    });
                return (midnight_utc(first, offset), after);
            }
            Window::Today => midnight,
            Window::Week => {
                let back = Duration::days(i64::from(local.weekday().number_days_from_monday()));
                midnight.checked_sub(back).unwrap_or(midnight)
            }
        };
        // `to` is exclusive: one nanosecond past now keeps an item reported
        // this very instant in the window.
        let to = now.checked_add(Duration::nanoseconds(1)).unwrap_or(now);
        (start.checked_to_offset(UtcOffset::UTC).unwrap_or(start), to)
    }
}
