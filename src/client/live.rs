//! The live feed behind every reader of the log: [`Feed`] reads the
//! snapshot and the stream, reconnects with [`Backoff`] and resumes from
//! the last `seq` seen. `tail` reads a log feed directly; the console's
//! mirror gets a mirror feed as [`LiveUpdate`]s on a channel, through
//! [`mirror_feed`].

mod backoff;
mod feed;

pub use backoff::Backoff;
pub use feed::{Cause, Feed, FeedItem};

use super::{Client, ClientError};
use crate::api::{Call, Presence, Snapshot};
use crate::model::Event;
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
    /// A call rings at this operator's desk: open the intake form with it.
    Call(Call),
    State(LinkState),
    /// The stream opened on another server than before: the first time,
    /// and when it failed over.
    Server(OnServer),
}

/// The server the stream is open on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnServer {
    pub url: String,
    /// Its name (health's `replica`), else the URL's `host:port`.
    pub replica: String,
    /// The name of the server the stream was on before, when it failed
    /// over from it.
    pub left: Option<String>,
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

fn unauthorized(e: &ClientError) -> bool {
    e.status() == Some(StatusCode::UNAUTHORIZED)
}

/// Why the link is down, as the console's status line says it.
fn said(cause: &Cause) -> String {
    match cause {
        Cause::Unreachable(e) | Cause::Broken(e) => e.to_string(),
        Cause::Ended => ClientError::Transport("the stream ended".into()).to_string(),
        Cause::Reset(_) => {
            ClientError::Decode("the server reset the stream; re-reading the snapshot".into()).to_string()
        }
    }
}

/// A mirror feed as [`LiveUpdate`]s on `tx`; runs until `cancel` fires,
/// the receiver is dropped, or the token is refused.
pub async fn mirror_feed(client: Client, tx: mpsc::Sender<LiveUpdate>, cancel: CancellationToken) {
    let mut feed = Feed::mirror(client);
    // Whether the console has been told which server it is on.
    let mut named = false;
    loop {
        let item = tokio::select! {
            () = cancel.cancelled() => return,
            item = feed.next() => item,
        };
        let update = match item {
            FeedItem::Snapshot(snapshot) => LiveUpdate::Snapshot(snapshot),
            FeedItem::Connected { on, left } => {
                if tx.send(LiveUpdate::State(LinkState::Live)).await.is_err() {
                    return;
                }
                if named && left.is_none() {
                    continue;
                }
                named = true;
                // After `Live`, so what it says of a failover is what the
                // status line keeps.
                LiveUpdate::Server(OnServer {
                    url: on.url,
                    replica: on.replica,
                    left: left.map(|l| l.replica),
                })
            }
            FeedItem::Event { event, .. } => LiveUpdate::Event(event),
            FeedItem::Presence(p) => LiveUpdate::Presence(p),
            FeedItem::Call(c) => LiveUpdate::Call(c),
            // A mirror feed reports a reset as a retry (the snapshot is read again).
            FeedItem::Reset(_) | FeedItem::Position(_) => continue,
            FeedItem::Retrying { cause, .. } if cause.error().is_some_and(unauthorized) => {
                let error = said(&cause);
                let _ = tx.send(LiveUpdate::State(LinkState::Unauthorized(error))).await;
                return;
            }
            FeedItem::Retrying {
                attempt,
                delay,
                cause,
            } => LiveUpdate::State(LinkState::Retrying {
                attempt,
                delay,
                error: said(&cause),
            }),
        };
        if tx.send(update).await.is_err() {
            return;
        }
    }
}
