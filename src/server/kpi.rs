//! KPIs as of the server's now: one function the stats route, `/metrics`
//! and the benchmark share. Open items' facts (and those of items closed
//! in the last minutes) come from the board in memory; closed items
//! reported in the window come from the database.

use super::{ApiError, AppState};
use crate::model::stats::{self, Stats, Window};

/// The stats of `window` now. Closed items reported before the board's
/// horizon are read from the database first; the board's facts then win
/// wherever both hold an item (they are the newer), and an item that
/// closes in between is still on the board as a recent closing, so it is
/// counted once, never zero times.
pub async fn stats_now(state: &AppState, window: Window) -> Result<Stats, ApiError> {
    let now = state.now();
    let offset = state.config().policy.calendar().offset();
    let (from, to) = window.bounds(now, offset);
    // The horizon moves about once an hour; a pass that sees it move
    // under it reads again.
    for _ in 0..3 {
        let covered = state.board().covered_from();
        let older = if from < covered {
            state.store().closed_facts(from, to.min(covered)).await?
        } else {
            Vec::new()
        };
        let state = state.clone();
        // One pass over the facts, off the async workers.
        let pass = tokio::task::spawn_blocking(move || {
            state.board().with_facts_since(covered, |board| {
                let older = older.iter().filter(|f| !board.contains_key(&f.id));
                stats::compute(board.values().chain(older), window, offset, now)
            })
        });
        if let Some(stats) = pass
            .await
            .map_err(|e| ApiError::Internal(format!("stats task: {e}")))?
        {
            return Ok(stats);
        }
    }
    Err(ApiError::Internal(
        "the board's horizon kept moving during a stats pass".into(),
    ))
}

mod prometheus;

pub use prometheus::write_metrics;
