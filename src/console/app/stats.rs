//! The stats (KPI) view's state: which window it shows, the last answer,
//! and when to ask again. Fetching is an effect; this only decides when.

use super::flow_verbs::StatsWindow;
use super::{App, Level, Mode};
use crate::api::Stats;
use crate::console::msg::Effect;
use crate::model::Timestamp;
use time::Duration;

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
    if matches!(app.mode, Mode::Stats { .. }) && window.is_none() {
        app.mode = Mode::Normal;
        return Vec::new();
    }
    if let Some(w) = window.filter(|w| *w != app.stats.window) {
        app.stats.window = w;
        app.stats.data = None;
        app.stats.error = None;
    }
    if !matches!(app.mode, Mode::Stats { .. }) {
        app.mode = Mode::Stats { scroll: 0 };
    }
    // A window change or a fresh open asks at once, even if a fetch is out.
    app.stats.in_flight = false;
    fetch(app).into_iter().collect()
}

fn fetch(app: &mut App) -> Option<Effect> {
    if app.stats.in_flight {
        return None;
    }
    app.stats.in_flight = true;
    app.stats.asked_at = Some(app.now);
    Some(Effect::FetchStats(app.stats.window.query()))
}

/// A fetch unanswered this long is taken as lost and asked again.
const GIVE_UP: Duration = Duration::seconds(30);

/// Each tick: ask again while the view is open and the last answer is old.
pub fn on_tick(app: &mut App) -> Option<Effect> {
    if !matches!(app.mode, Mode::Stats { .. }) {
        return None;
    }
    let since = app.stats.asked_at.map(|t| app.now - t);
    if since.is_some_and(|s| s >= GIVE_UP) {
        app.stats.in_flight = false;
    }
    let due = since.is_none_or(|s| s >= REFRESH);
    due.then(|| fetch(app)).flatten()
}

/// The server's answer. An answer for a window no longer shown is dropped.
pub fn on_answer(app: &mut App, window: &str, result: Result<Box<Stats>, String>) {
    if window != app.stats.window.query() {
        return;
    }
    app.stats.in_flight = false;
    match result {
        Ok(stats) => {
            app.stats.data = Some(stats);
            app.stats.fetched_at = Some(app.now);
            app.stats.error = None;
        }
        Err(e) => {
            if app.stats.error.is_none() {
                app.say(Level::Warning, format!("stats: {e}"));
            }
            app.stats.error = Some(e);
        }
    }
    app.dirty = true;
}
