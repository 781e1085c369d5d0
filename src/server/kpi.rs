//! KPIs as of the server's now: one function the stats route, `/metrics`
//! and the benchmark share. Open items' facts (and those of items closed
//! in the last minutes) come from the board in memory; closed items
//! reported in the window come from the database.

use super::{ApiError, AppState};
use crate::model::stats::{self, Stats, Window};

/// The stats of `window` now. The database is read first and the board
/// second: an item that closes in between is in the board's recent
/// closings, so it is counted once, never zero times; where both hold an
/// item the board's copy (the newer) wins.
pub async fn stats_now(state: &AppState, window: Window) -> Result<Stats, ApiError> {
    let now = state.now();
    let offset = state.config().policy.calendar().offset();
    let (from, to) = window.bounds(now, offset);
    let closed = state.store().closed_facts(from, to).await?;
    let state = state.clone();
    // One pass over the facts, off the async workers.
    tokio::task::spawn_blocking(move || {
        state.board().with_facts(|recent| {
            let older = closed.iter().filter(|f| !recent.contains_key(&f.id));
            stats::compute(recent.values().chain(older), window, offset, now)
        })
    })
    .await
    .map_err(|e| ApiError::Internal(format!("stats task: {e}")))
}

mod prometheus;

pub use prometheus::write_metrics;
