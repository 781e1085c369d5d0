//! Retention of callers' personal data, run by the server itself: at start
//! and then every `ServerConfig::retention_every`, closed items past the
//! policy's period get a `redacted` event (see [`crate::model::retention`]).
//! It goes through [`AppState::commit`] like every write, so the board, the
//! stream and the store's rewrite of the history all follow.

use super::AppState;
use crate::model::retention;
use crate::store::StoreError;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Items redacted per commit.
const BATCH: usize = 256;

/// Starts the schedule; it ends soon after `stop` is cancelled.
pub fn spawn(state: AppState, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        let period = state
            .config()
            .retention_every
            .max(std::time::Duration::from_millis(1));
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                _ = interval.tick() => {}
            }
            // Another replica runs the loop (see `lease`).
            if !state.leadership().leading() {
                continue;
            }
            match pass(&state, &stop).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(items = n, "retention: callers' personal data removed"),
                Err(e) => tracing::warn!(error = %e, "retention pass failed; retried on the next"),
            }
        }
    })
}

/// Redacts every item due now; returns how many.
pub async fn pass(state: &AppState, stop: &CancellationToken) -> Result<usize, StoreError> {
    let policy = &state.config().policy;
    let now = state.now();
    let Some(cutoff) = policy.retention.cutoff(now) else {
        return Ok(0);
    };
    let mut redacted = 0;
    while !stop.is_cancelled() {
        let due: Vec<_> = state
            .store()
            .retention_due(cutoff, BATCH)
            .await?
            .into_iter()
            .filter(|item| retention::is_due(item, cutoff))
            .map(|item| retention::redact(item, &policy.retention.text, now))
            .collect();
        if due.is_empty() {
            break;
        }
        let redo = |item: &crate::model::Item| {
            retention::is_due(item, cutoff)
                .then(|| retention::redact(item.clone(), &policy.retention.text, now))
        };
        let written = super::ticker::commit_all(state, due, redo).await?;
        // Nothing went through (every item moved on meanwhile): the next
        // pass tries again rather than this one spinning.
        if written == 0 {
            break;
        }
        redacted += written;
    }
    Ok(redacted)
}
