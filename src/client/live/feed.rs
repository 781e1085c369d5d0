//! The log read live across connections: connect after the last `seq`
//! handed out, and when the connection fails or drops, wait (with
//! [`Backoff`]) and connect again after that same `seq`, so nothing is lost
//! or repeated. Given several servers sharing one log, a stream that drops
//! is opened again at once on the next of them that answers (its server
//! most likely died, and another is ready), after that same `seq`. The
//! console's mirror and `tail` both read through it; they differ only in
//! what a `reset` means to them (see [`Feed::mirror`] and [`Feed::log`]).

use super::backoff::Backoff;
use crate::api::{Call, Presence, Snapshot, SnapshotQuery, StreamReset};
use crate::client::{Client, ClientError, StreamMessage, StreamOn};
use crate::model::Event;
use futures::{Stream, StreamExt};
use std::pin::Pin;
use std::time::Duration;

type Messages = Pin<Box<dyn Stream<Item = Result<StreamMessage, ClientError>> + Send>>;

/// What the feed hands out, in order.
#[derive(Debug)]
pub enum FeedItem {
    /// The whole state to start from (mirror feeds only: first, and after a
    /// `reset`).
    Snapshot(Box<Snapshot>),
    /// The stream is open (again) on `on`, resuming after
    /// [`Feed::after`]; `left` is the server it was open on before when
    /// that was another one (it failed over).
    Connected { on: StreamOn, left: Option<StreamOn> },
    /// A log event, with its JSON exactly as the server sent it.
    Event { event: Box<Event>, raw: String },
    /// The log is read up to this `seq`; the events between were not for
    /// this reader (a department's system).
    Position(u64),
    /// Someone is viewing an item (ephemeral, not in the log).
    Presence(Presence),
    /// A call rings at this operator's desk (ephemeral, not in the log).
    Call(Call),
    /// The server no longer holds the history asked for (log feeds only):
    /// the feed goes on after `reset.seq`, and what lay between is gone.
    Reset(StreamReset),
    /// The last try failed; the next call to [`Feed::next`] waits `delay`
    /// first. An owner that gives up simply stops calling.
    Retrying {
        attempt: u32,
        delay: Duration,
        cause: Cause,
    },
}

/// Why the feed is retrying.
#[derive(Debug)]
pub enum Cause {
    /// Connecting (or reading the snapshot) failed.
    Unreachable(ClientError),
    /// The open stream broke.
    Broken(ClientError),
    /// The server closed the stream.
    Ended,
    /// The server reset the stream (mirror feeds): the snapshot is read again.
    Reset(StreamReset),
}

impl Cause {
    /// The error from the server, when it answered one.
    pub fn error(&self) -> Option<&ClientError> {
        match self {
            Cause::Unreachable(e) | Cause::Broken(e) => Some(e),
            Cause::Ended | Cause::Reset(_) => None,
        }
    }
}

/// A resumable read of the log; see the module doc.
pub struct Feed {
    client: Client,
    /// A mirror starts from the snapshot and re-reads it after a `reset`.
    snapshots: bool,
    /// The last `seq` handed out; `None`: read the snapshot first.
    after: Option<u64>,
    messages: Option<Messages>,
    /// The server the last stream was open on.
    on: Option<StreamOn>,
    backoff: Backoff,
    wait: Option<Duration>,
}

impl Feed {
    /// For a mirror of the open items: the snapshot first, then its events;
    /// after a `reset`, the snapshot again (reported as a retry).
    pub fn mirror(client: Client) -> Self {
        Feed::new(client, true, None)
    }

    /// For a reader of the log: events after `after`; after a `reset`, on
    /// from where the server says (reported as [`FeedItem::Reset`]).
    pub fn log(client: Client, after: u64) -> Self {
        Feed::new(client, false, Some(after))
    }

    fn new(client: Client, snapshots: bool, after: Option<u64>) -> Self {
        Feed {
            client,
            snapshots,
            after,
            messages: None,
            on: None,
            backoff: Backoff::default(),
            wait: None,
        }
    }

    /// The `seq` the feed resumes after, once known.
    pub fn after(&self) -> Option<u64> {
        self.after
    }

    /// The next item; waits as long as a retry needs.
    pub async fn next(&mut self) -> FeedItem {
        if let Some(delay) = self.wait {
            tokio::time::sleep(delay).await;
            self.wait = None;
        }
        match self.step().await {
            Ok(item) => item,
            Err(cause) => {
                self.messages = None;
                let delay = self.backoff.next_delay();
                self.wait = Some(delay);
                FeedItem::Retrying {
                    attempt: self.backoff.attempt(),
                    delay,
                    cause,
                }
            }
        }
    }

    async fn step(&mut self) -> Result<FeedItem, Cause> {
        loop {
            let message = match self.messages.as_mut() {
                Some(messages) => messages.next().await,
                None => return self.connect().await,
            };
            match message {
                None => return self.fail_over(Cause::Ended).await,
                Some(Err(e)) => return self.fail_over(Cause::Broken(e)).await,
                Some(Ok(StreamMessage::Event { event, raw })) => {
                    // A server that repeats itself must not make us repeat.
                    if self.after.is_some_and(|after| event.seq <= after) {
                        continue;
                    }
                    self.after = Some(event.seq);
                    return Ok(FeedItem::Event { event, raw });
                }
                Some(Ok(StreamMessage::Position(seq))) => {
                    if self.after.is_some_and(|after| seq <= after) {
                        continue;
                    }
                    self.after = Some(seq);
                    return Ok(FeedItem::Position(seq));
                }
                Some(Ok(StreamMessage::Presence(p))) => return Ok(FeedItem::Presence(p)),
                Some(Ok(StreamMessage::Call(c))) => return Ok(FeedItem::Call(c)),
                Some(Ok(StreamMessage::Reset(reset))) => return self.on_reset(reset),
            }
        }
    }

    async fn connect(&mut self) -> Result<FeedItem, Cause> {
        let Some(after) = self.after else {
            let snapshot = self
                .client
                .snapshot(&SnapshotQuery::default())
                .await
                .map_err(Cause::Unreachable)?;
            self.after = Some(snapshot.seq);
            return Ok(FeedItem::Snapshot(Box::new(snapshot)));
        };
        let (on, messages) = self
            .client
            .open_stream(Some(after))
            .await
            .map_err(Cause::Unreachable)?;
        self.messages = Some(Box::pin(messages));
        self.backoff.reset();
        let left = self.on.replace(on.clone()).filter(|left| *left != on);
        Ok(FeedItem::Connected { on, left })
    }

    /// The stream dropped for `cause`. With one server, that is a retry
    /// after the backoff's wait; with several, the stream opens again at
    /// once on the first that answers, the next ones before the one it
    /// dropped from, and `cause` is reported (as a retry) only when none
    /// does.
    async fn fail_over(&mut self, cause: Cause) -> Result<FeedItem, Cause> {
        self.messages = None;
        if self.client.server_count() < 2 {
            return Err(cause);
        }
        if let Some(on) = &self.on {
            self.client.move_past(&on.url);
        }
        self.connect().await.map_err(|_| cause)
    }

    fn on_reset(&mut self, reset: StreamReset) -> Result<FeedItem, Cause> {
        self.messages = None;
        if self.snapshots {
            self.after = None;
            return Err(Cause::Reset(reset));
        }
        self.after = Some(reset.seq);
        Ok(FeedItem::Reset(reset))
    }
}
