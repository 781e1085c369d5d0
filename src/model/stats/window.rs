//! Which items a stats query covers: today or this week in the city's
//! local time (weeks start on Monday), or an explicit range.

use crate::model::Timestamp;
use time::format_description::well_known::Rfc3339;
use time::{Duration, Time, UtcOffset};

/// The reporting window of a stats query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Since local midnight.
    Today,
    /// Since local midnight of this week's Monday.
    Week,
    /// `[from, to)`.
    Range { from: Timestamp, to: Timestamp },
}

/// A stats query as the model sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsQuery {
    pub window: Window,
}

/// Why a query names no window.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    #[error("window must be \"today\" or \"week\", not {0:?}")]
    UnknownWindow(String),
    #[error("{0} is not an RFC 3339 time such as 2026-03-02T00:00:00+08:00")]
    BadTime(String),
    #[error("give either window=today|week or both from and to, not {0}")]
    Ambiguous(&'static str),
    #[error("from must be before to")]
    Empty,
}

impl StatsQuery {
    /// Reads `window` or `from` + `to` as sent in a query string; no
    /// parameter at all means today.
    pub fn parse(window: Option<&str>, from: Option<&str>, to: Option<&str>) -> Result<Self, WindowError> {
        let window = match (window, from, to) {
            (None, None, None) | (Some("today"), None, None) => Window::Today,
            (Some("week"), None, None) => Window::Week,
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

fn rfc3339(s: &str) -> Result<Timestamp, WindowError> {
    Timestamp::parse(s, &Rfc3339)
        .map(|t| t.to_offset(UtcOffset::UTC))
        .map_err(|_| WindowError::BadTime(s.to_owned()))
}

impl Window {
    pub fn label(self) -> &'static str {
        match self {
            Window::Today => "today",
            Window::Week => "week",
            Window::Range { .. } => "range",
        }
    }

    /// `[from, to)` in UTC as of `now` in a city at `offset`. Today and
    /// this week end at `now`: nothing is reported in the future.
    pub fn bounds(self, now: Timestamp, offset: UtcOffset) -> (Timestamp, Timestamp) {
        let local = now.to_offset(offset);
        let midnight = local.replace_time(Time::MIDNIGHT);
        let start = match self {
            Window::Range { from, to } => return (from, to),
            Window::Today => midnight,
            Window::Week => midnight - Duration::days(i64::from(local.weekday().number_days_from_monday())),
        };
        // `to` is exclusive: one nanosecond past now keeps an item reported
        // this very instant in the window.
        (start.to_offset(UtcOffset::UTC), now + Duration::nanoseconds(1))
    }
}
