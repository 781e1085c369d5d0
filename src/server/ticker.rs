//! The SLA ticker: the server acting on time, not only on requests.
//!
//! Every `ServerConfig::tick` it asks the board which open items are due
//! (an index by next wake-up time, so a pass over 100,000 open items costs
//! only the due ones), asks the model what they are owed
//! ([`operations::on_time`]: warnings, breaches, chases, supervision) and
//! appends that as `system`. The first pass runs at once, so clocks that
//! ran out while the server was down are caught up on start; the flags the
//! events leave on the item's clock (kept in the stored projection) stop
//! anything being written twice, across restarts too.

use super::AppState;
use crate::model::{Change, Item, ItemId, operations};
use crate::store::{Commit, Committed, StoreError};
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
        // Another replica runs the loop (see `lease`).
        if !state.leadership().leading() {
            continue;
        }
        match pass(&state, &stop).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(events = n, "sla ticker wrote events"),
            // Next tick retries; a store that is closing ends with the server.
            Err(e) => tracing::warn!(error = %e, "sla ticker pass failed"),
        }
    }
}

/// Items the ticker commits together: one transaction, one fsync. A
/// thousand clocks coming due at once (a morning's tickets turning yellow)
/// go in one commit that keeps the writer about 20 ms, which an operator's
/// action queued behind it waits at most; four commits of 256 cost three
/// more fsyncs than that wait.
const BATCH: usize = 1024;

/// One pass over the items the board says are due; returns how many
/// events it appended.
pub async fn pass(state: &AppState, stop: &CancellationToken) -> Result<usize, StoreError> {
    let now = state.now();
    let policy = &state.config().policy;
    state.board().advance(now);
    let mut written = 0;
    for ids in state.board().due(now).chunks(BATCH) {
        // Checked between batches so shutdown never waits for a whole pass.
        if stop.is_cancelled() {
            break;
        }
        let mut changes = Vec::with_capacity(ids.len());
        for item in state.store().items(ids).await? {
            match operations::on_time(&item, now, policy) {
                Some(change) => changes.push(change),
                // Nothing owed after all (the item moved on): refresh its
                // wake-up time so it is not asked again.
                None => state.board().update(std::slice::from_ref(&item), policy),
            }
        }
        written += commit_all(state, changes, |item| operations::on_time(item, now, policy)).await?;
    }
    Ok(written)
}

/// Commits the batch at once; if an operator moved one of its items on
/// meanwhile, item by item on fresh copies, each decided again by
/// `decide`, skipping the ones that conflict once more (the next pass sees
/// their new state). Deciding again instead of keeping a copy of the batch
/// spares cloning a thousand items on every pass for a path rarely taken.
pub(super) async fn commit_all(
    state: &AppState,
    changes: Vec<Change>,
    decide: impl Fn(&Item) -> Option<Change>,
) -> Result<usize, StoreError> {
    if changes.is_empty() {
        return Ok(0);
    }
    let ids: Vec<ItemId> = changes.iter().map(|c| c.item.id.clone()).collect();
    if let Committed::Applied(events) = state.commit(Commit::new(changes, None)).await? {
        return Ok(events.len());
    }
    let mut written = 0;
    for item in state.store().items(&ids).await? {
        let Some(change) = decide(&item) else { continue };
        if let Committed::Applied(events) = state.commit(Commit::new(vec![change], None)).await? {
            written += events.len();
        }
    }
    Ok(written)
}
