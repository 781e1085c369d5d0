//! KPIs as of the server's now, from the board's facts: one function the
//! stats route, `/metrics` and the benchmark share.

use super::AppState;
use crate::model::stats::{self, Stats, Window};

/// The stats of `window` now. Holds the board's lock for one pass over
/// the facts (no copy of 100,000 items); see `citydesk bench-loop`.
pub fn stats_now(state: &AppState, window: Window) -> Stats {
    let now = state.now();
    let offset = state.config().policy.calendar().offset();
    state
        .board()
        .with_facts(|facts| stats::compute(facts.values(), window, offset, now))
}

/// [`stats_now`] off the async workers, so a pass over every item never
/// stalls other requests' tasks.
pub async fn stats_off_thread(state: &AppState, window: Window) -> Result<Stats, tokio::task::JoinError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || stats_now(&state, window)).await
}

mod prometheus;

pub use prometheus::write_metrics;
