//! The client side of `GET /v1/stream`, decoded into events.

use super::{Client, ClientError, Result};
use crate::api::{
    CALL_EVENT, Call, POSITION_EVENT, PRESENCE_EVENT, Presence, REPLICA_HEADER, RESET_EVENT, StreamPosition,
    StreamReset, paths,
};
use crate::model::Event;
use eventsource_stream::{EventStreamError, Eventsource};
use futures::{Stream, StreamExt};
use reqwest::Method;

/// One message of the stream.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamMessage {
    /// A log event, with its JSON exactly as the server sent it.
    Event { event: Box<Event>, raw: String },
    /// The asked-for history is gone: re-read the snapshot.
    Reset(StreamReset),
    /// The stream has read the log up to this `seq`; the events between
    /// were not for this reader.
    Position(u64),
    /// Someone is viewing an item (ephemeral).
    Presence(Presence),
    /// A call rings at this operator's desk (ephemeral; the screen pop).
    Call(Call),
}

/// The server a stream is open on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOn {
    /// The URL it was reached at (a proxy's, behind one).
    pub url: String,
    /// The name it sends with the stream (health's `replica`), else the
    /// URL's `host:port`.
    pub replica: String,
}

impl std::fmt::Display for StreamOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.replica, self.url)
    }
}

impl Client {
    /// Opens the stream after `since` (or from now). The stream ends when
    /// the connection does; resume with the last `seq` seen.
    pub async fn stream(
        &self,
        since: Option<u64>,
    ) -> Result<impl Stream<Item = Result<StreamMessage>> + use<>> {
        self.open_stream(since).await.map(|(_, messages)| messages)
    }

    /// As [`Client::stream`], with the server it is open on (the first of
    /// the servers given that answered).
    pub async fn open_stream(
        &self,
        since: Option<u64>,
    ) -> Result<(StreamOn, impl Stream<Item = Result<StreamMessage>> + use<>)> {
        let path = match since {
            Some(s) => format!("{}?since={s}", paths::STREAM),
            None => paths::STREAM.to_owned(),
        };
        let (index, resp) = self.send_on(Method::GET, &path, |r| r).await?;
        let url = self.servers.get(index).base.clone();
        if !resp.status().is_success() {
            let status = resp.status();
            let text = resp.text().await.unwrap_or_default();
            return Err(match serde_json::from_str(&text) {
                Ok(body) => ClientError::Api {
                    status,
                    body: Box::new(body),
                },
                Err(_) => ClientError::Decode(format!("{status}: {text}")),
            });
        }
        let replica = resp
            .headers()
            .get(REPLICA_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map_or_else(|| super::host_port(&url), str::to_owned);
        let on = StreamOn { url, replica };
        Ok((on, resp.bytes_stream().eventsource().map(message)))
    }
}

/// One SSE message as a [`StreamMessage`].
fn message(
    item: std::result::Result<eventsource_stream::Event, EventStreamError<reqwest::Error>>,
) -> Result<StreamMessage> {
    let ev = item.map_err(|e| ClientError::Transport(e.to_string()))?;
    Ok(match ev.event.as_str() {
        PRESENCE_EVENT => StreamMessage::Presence(json(&ev.data)?),
        CALL_EVENT => StreamMessage::Call(json(&ev.data)?),
        POSITION_EVENT => StreamMessage::Position(json::<StreamPosition>(&ev.data)?.seq),
        RESET_EVENT => StreamMessage::Reset(json(&ev.data)?),
        _ => StreamMessage::Event {
            event: Box::new(json(&ev.data)?),
            raw: ev.data,
        },
    })
}

fn json<T: serde::de::DeserializeOwned>(data: &str) -> Result<T> {
    serde_json::from_str(data).map_err(|e| ClientError::Decode(e.to_string()))
}
