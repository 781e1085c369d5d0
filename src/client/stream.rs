//! The client side of `GET /v1/stream`, decoded into events.

use super::{Client, ClientError, Result};
use crate::api::{
    CALL_EVENT, Call, POSITION_EVENT, PRESENCE_EVENT, Presence, RESET_EVENT, StreamReset, paths,
};
use crate::model::Event;
use eventsource_stream::Eventsource;
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

impl Client {
    /// Opens the stream after `since` (or from now). The stream ends when
    /// the connection does; resume with the last `seq` seen.
    pub async fn stream(
        &self,
        since: Option<u64>,
    ) -> Result<impl Stream<Item = Result<StreamMessage>> + use<>> {
        let path = match since {
            Some(s) => format!("{}?since={s}", paths::STREAM),
            None => paths::STREAM.to_owned(),
        };
        let resp = self.request(Method::GET, &path).send().await?;
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
        Ok(resp.bytes_stream().eventsource().map(|item| {
            let ev = item.map_err(|e| ClientError::Transport(e.to_string()))?;
            if ev.event == PRESENCE_EVENT {
                let p = serde_json::from_str(&ev.data).map_err(|e| ClientError::Decode(e.to_string()))?;
                return Ok(StreamMessage::Presence(p));
            }
            if ev.event == CALL_EVENT {
                let call = serde_json::from_str(&ev.data).map_err(|e| ClientError::Decode(e.to_string()))?;
                return Ok(StreamMessage::Call(call));
            }
            if ev.event == POSITION_EVENT {
                let at: crate::api::StreamPosition =
                    serde_json::from_str(&ev.data).map_err(|e| ClientError::Decode(e.to_string()))?;
                return Ok(StreamMessage::Position(at.seq));
            }
            if ev.event == RESET_EVENT {
                let reset = serde_json::from_str(&ev.data).map_err(|e| ClientError::Decode(e.to_string()))?;
                return Ok(StreamMessage::Reset(reset));
            }
            let event: Event =
                serde_json::from_str(&ev.data).map_err(|e| ClientError::Decode(e.to_string()))?;
            Ok(StreamMessage::Event {
                event: Box::new(event),
                raw: ev.data,
            })
        }))
    }
}
