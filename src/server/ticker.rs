//! The SLA ticker: the server acting on time, not only on requests.
//!
//! Every `ServerConfig::tick` it loads the open items, asks the model which
//! SLA events are due ([`sla::due_events`]) and appends them as `system`.
//! The first pass runs at once, so clocks that ran out while the server was
//! down are caught up on start; the flags the events leave on the item's
//! clock (kept in the stored projection) stop anything being written twice,
//! across restarts too.

use super::AppState;
use crate::model::{SYSTEM_ACTOR, sla};
use crate::store::{Commit, Committed, ItemChange, SnapshotFilter, StoreError};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;

/// Starts the ticker; it ends soon after `stop` is cancelled.
pub fn spawn(state: AppState, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(run(state, stop))
}

async fn run(state: AppState, stop: CancellationToken) {
    // A zero period would make `interval` panic.
    let period = state.config().tick.max(Duration::from_millis(1));
    let mut interval = tokio::time::interval(period);
    // After a slow pass, wait a full period rather than firing a burst.
    interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            // The first tick completes at once: the catch-up pass on start.
            _ = interval.tick() => {}
        }
        match pass(&state, &stop).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(events = n, "sla ticker wrote events"),
            // Next tick retries; a store that is closing ends with the server.
            Err(e) => tracing::warn!(error = %e, "sla ticker pass failed"),
        }
    }
}

/// One pass over the open items; returns how many events it appended.
pub async fn pass(state: &AppState, stop: &CancellationToken) -> Result<usize, StoreError> {
    let (_, items) = state.store().snapshot(&SnapshotFilter::default()).await?;
    let now = state.now();
    let mut written = 0;
    for item in items.into_iter().filter(|i| i.clock.is_some()) {
        // Checked between items so shutdown never waits for a whole pass.
        if stop.is_cancelled() {
            break;
        }
        let bodies = sla::due_events(&item, now);
        if bodies.is_empty() {
            continue;
        }
        let commit = Commit {
            changes: vec![ItemChange::fold(item, bodies, SYSTEM_ACTOR, now)],
            idempotency: None,
        };
        // A conflict means an operator acted on the item meanwhile; the next
        // pass sees its new clock and decides again.
        if let Committed::Applied(events) = state.store().commit(commit).await? {
            written += events.len();
        }
    }
    Ok(written)
}
