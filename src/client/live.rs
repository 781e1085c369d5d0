//! The live feed behind every mirror (console, `tail`): read the snapshot,
//! stream from its `seq`, and when the connection drops reconnect with
//! backoff and resume from the last `seq` seen; re-read the snapshot when the
//! server says `reset`.

use super::{Client, StreamMessage};
use crate::api::{Presence, Snapshot, SnapshotQuery};
use crate::model::Event;
use futures::StreamExt;
use reqwest::StatusCode;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// What the feed tells its owner.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveUpdate {
    /// Replace everything with this (first connect, or after `reset`).
    Snapshot(Box<Snapshot>),
    Event(Box<Event>),
    Presence(Presence),
    State(LinkState),
}

/// The connection as the owner should show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    Live,
    /// Trying again after `delay`; `error` says why the last try failed.
    Retrying {
        attempt: u32,
        delay: Duration,
        error: String,
    },
    /// The token was refused: retrying will not help.
    Unauthorized(String),
}

const MAX_DELAY: Duration = Duration::from_secs(10);

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250u64.saturating_mul(1 << attempt.min(6))).min(MAX_DELAY)
}

fn unauthorized(e: &super::ClientError) -> bool {
    e.status() == Some(StatusCode::UNAUTHORIZED)
}

/// Runs until `cancel` fires or the receiver is dropped.
pub async fn follow(client: Client, tx: mpsc::Sender<LiveUpdate>, cancel: CancellationToken) {
    let mut since: Option<u64> = None;
    let mut attempt = 0u32;
    loop {
        let error = match run_once(&client, &tx, &mut since, &mut attempt).await {
            Ok(()) => return,
            Err(e) if unauthorized(&e) => {
                let _ = tx
                    .send(LiveUpdate::State(LinkState::Unauthorized(e.to_string())))
                    .await;
                return;
            }
            Err(e) => e.to_string(),
        };
        attempt += 1;
        let delay = backoff(attempt);
        let state = LinkState::Retrying {
            attempt,
            delay,
            error,
        };
        if tx.send(LiveUpdate::State(state)).await.is_err() {
            return;
        }
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(delay) => {}
        }
    }
}

/// One connection's life. `Ok` means the owner is gone; `Err` means retry.
async fn run_once(
    client: &Client,
    tx: &mpsc::Sender<LiveUpdate>,
    since: &mut Option<u64>,
    attempt: &mut u32,
) -> Result<(), super::ClientError> {
    if since.is_none() {
        let snap = client.snapshot(&SnapshotQuery::default()).await?;
        *since = Some(snap.seq);
        if tx.send(LiveUpdate::Snapshot(Box::new(snap))).await.is_err() {
            return Ok(());
        }
    }
    let mut stream = Box::pin(client.stream(*since).await?);
    *attempt = 0;
    if tx.send(LiveUpdate::State(LinkState::Live)).await.is_err() {
        return Ok(());
    }
    while let Some(msg) = stream.next().await {
        let update = match msg? {
            StreamMessage::Event { event, .. } => {
                *since = Some(event.seq);
                LiveUpdate::Event(event)
            }
            StreamMessage::Presence(p) => LiveUpdate::Presence(p),
            StreamMessage::Reset(_) => {
                *since = None;
                return Err(super::ClientError::Decode(
                    "the server reset the stream; re-reading the snapshot".into(),
                ));
            }
        };
        if tx.send(update).await.is_err() {
            return Ok(());
        }
    }
    Err(super::ClientError::Transport("the stream ended".into()))
}
