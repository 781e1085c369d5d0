//! The stats (KPI) view's state: which window it shows, the last answer,
//! and when to ask again. Fetching is an effect; this only decides when.

use super::line_error::LineError;
use super::{App, Level, Mode};
use crate::api::Stats;
use crate::console::msg::Effect;
use crate::model::Timestamp;
use time::{Date, Duration};

/// A column of the stats view: its short heading (80 columns; empty when
/// only wide screens show it), its long one (wide screens), the KPI's Chinese name and what it counts. The view's
/// legend and the help's stats section are both built from this list.
pub struct Column {
    pub short: &'static str,
    pub long: &'static str,
    pub chinese: &'static str,
    pub meaning: &'static str,
}

/// Every column, in the view's order (docs/kpi.md has the formulas).
pub const COLUMNS: &[Column] = &[
    Column {
        short: "open",
        long: "open",
        chinese: "在办",
        meaning: "open now, whenever reported",
    },
    Column {
        short: "late a/d/s/r/v",
        long: "late a/d/s/r/v",
        chinese: "超期",
        meaning: "open items whose clock is red now, per stage: accept/dispatch/sign/resolve/verify",
    },
    Column {
        short: "done",
        long: "completion",
        chinese: "办结率",
        meaning: "items dispatched and now closed ÷ items dispatched",
    },
    Column {
        short: "sign",
        long: "on-time sign",
        chinese: "按时签收率",
        meaning: "signed for by the due time ÷ signed for, or still unsigned past due",
    },
    Column {
        short: "close",
        long: "on-time close",
        chinese: "按时办结率",
        meaning: "the on-time rate: resolved by the due time (extensions count) ÷ resolved, or still open past due",
    },
    Column {
        short: "sat",
        long: "satisfaction",
        chinese: "满意率",
        meaning: "callbacks answered satisfied or basically satisfied ÷ callbacks answered",
    },
    Column {
        short: "",
        long: "direct answer",
        chinese: "直接答复率",
        meaning: "tickets answered in the call ÷ tickets taken (wide screens)",
    },
    Column {
        short: "ret",
        long: "returns",
        chinese: "回退率",
        meaning: "returns as misrouted ÷ dispatches",
    },
    Column {
        short: "rew",
        long: "rework",
        chinese: "返工率",
        meaning: "resolutions sent back (failed check, unsatisfied callback) ÷ resolutions",
    },
    Column {
        short: "median/p90",
        long: "median/p90",
        chinese: "各环节用时",
        meaning: "time in each stage: half the items took less than the median, nine in ten less than p90",
    },
];

/// How often the open stats view asks the server again.
pub const REFRESH: Duration = Duration::seconds(5);

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsPane {
    pub window: StatsWindow,
    pub data: Option<Box<Stats>>,
    /// When `data` arrived.
    pub fetched_at: Option<Timestamp>,
    /// Why the last fetch failed, until one succeeds.
    pub error: Option<String>,
    /// When the last fetch was asked for; a fetch in flight is not
    /// repeated, so a slow server is not piled on.
    pub asked_at: Option<Timestamp>,
    pub in_flight: bool,
}

/// `K` or `:stats [window]`: shows the view (switching window when one is
/// named), or hides it when it is shown and no window is named.
pub fn toggle(app: &mut App, window: Option<StatsWindow>) -> Vec<Effect> {
    if matches!(app.ui.mode, Mode::Stats { .. }) && window.is_none() {
        app.ui.mode = Mode::Normal;
        return Vec::new();
    }
    if let Some(w) = window.filter(|w| *w != app.remote.stats.window) {
        app.remote.stats.window = w;
        app.remote.stats.data = None;
        app.remote.stats.error = None;
    }
    if !matches!(app.ui.mode, Mode::Stats { .. }) {
        app.ui.mode = Mode::Stats { scroll: 0 };
    }
    // A window change or a fresh open asks at once, even if a fetch is out.
    app.remote.stats.in_flight = false;
    fetch(app).into_iter().collect()
}

fn fetch(app: &mut App) -> Option<Effect> {
    if app.remote.stats.in_flight {
        return None;
    }
    app.remote.stats.in_flight = true;
    app.remote.stats.asked_at = Some(app.now);
    Some(Effect::FetchStats(app.remote.stats.window.query()))
}

/// A fetch unanswered this long is taken as lost and asked again.
const GIVE_UP: Duration = Duration::seconds(30);

/// Each tick: ask again while the view is open and the last answer is old.
pub fn on_tick(app: &mut App) -> Option<Effect> {
    if !matches!(app.ui.mode, Mode::Stats { .. }) {
        return None;
    }
    let since = app.remote.stats.asked_at.map(|t| app.now - t);
    if since.is_some_and(|s| s >= GIVE_UP) {
        app.remote.stats.in_flight = false;
    }
    let due = since.is_none_or(|s| s >= REFRESH);
    due.then(|| fetch(app)).flatten()
}

/// The server's answer. An answer for a window no longer shown is dropped.
pub fn on_answer(app: &mut App, window: &str, result: Result<Box<Stats>, String>) {
    if window != app.remote.stats.window.query() {
        return;
    }
    app.remote.stats.in_flight = false;
    match result {
        Ok(stats) => {
            app.remote.stats.data = Some(stats);
            app.remote.stats.fetched_at = Some(app.now);
            app.remote.stats.error = None;
        }
        Err(e) => {
            if app.remote.stats.error.is_none() {
                app.say(Level::Warning, format!("stats: {e}"));
            }
            app.remote.stats.error = Some(e);
        }
    }
}

/// Which period the stats view covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatsWindow {
    #[default]
    Today,
    Week,
    /// Whole days in the city's time, both included.
    Days {
        first: Date,
        last: Date,
    },
}

impl StatsWindow {
    /// As the server's `window` parameter reads it (and the view's title).
    pub fn query(self) -> String {
        match self {
            StatsWindow::Today => "today".into(),
            StatsWindow::Week => "week".into(),
            StatsWindow::Days { first, last } => format!("{first}..{last}"),
        }
    }
}

/// Reads `:stats`'s words: nothing (toggle), `today`, `week`, or one or
/// two days.
pub fn parse_window(rest: &str) -> Result<Option<StatsWindow>, LineError> {
    const USAGE: LineError = LineError::StatsUsage;
    match rest {
        "" => Ok(None),
        "today" => Ok(Some(StatsWindow::Today)),
        "week" => Ok(Some(StatsWindow::Week)),
        days => {
            let mut words = days
                .split(|c: char| c.is_whitespace() || c == '.')
                .filter(|w| !w.is_empty());
            let first = words.next().and_then(date).ok_or(USAGE)?;
            let last = match words.next() {
                Some(w) => date(w).ok_or(USAGE)?,
                None => first,
            };
            if words.next().is_some() {
                return Err(USAGE);
            }
            if first > last {
                return Err(LineError::StatsOrder { first, last });
            }
            Ok(Some(StatsWindow::Days { first, last }))
        }
    }
}

fn date(text: &str) -> Option<Date> {
    Date::parse(text, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_takes_today_week_or_whole_days() {
        let days = |a: &str, b: &str| {
            let d = |t: &str| date(t).expect("date");
            Ok(Some(StatsWindow::Days {
                first: d(a),
                last: d(b),
            }))
        };
        assert_eq!(parse_window("week"), Ok(Some(StatsWindow::Week)));
        assert_eq!(
            parse_window("2026-11-01 2026-11-29"),
            days("2026-11-01", "2026-11-29")
        );
        assert_eq!(
            parse_window("2026-11-01..2026-11-29"),
            days("2026-11-01", "2026-11-29")
        );
        assert_eq!(parse_window("2026-11-20"), days("2026-11-20", "2026-11-20"));
        assert!(parse_window("2026-11-29 2026-11-01").is_err());
        assert!(parse_window("month").is_err());
        assert!(parse_window("2026-11-01 2026-11-02 2026-11-03").is_err());
        let w = StatsWindow::Days {
            first: date("2026-11-01").expect("date"),
            last: date("2026-11-29").expect("date"),
        };
        assert_eq!(w.query(), "2026-11-01..2026-11-29");
    }
}
