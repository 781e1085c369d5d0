//! `GET /v1/stream`: every event after `since`, in order, exactly once per
//! connection, then live.
//!
//! The stream subscribes to the store's live feed first and reads the
//! backlog from the log second, so nothing committed in between is missed;
//! duplicates are dropped by `seq`. A client too slow for the in-memory
//! feed is caught up from the log, never dropped silently, and never slows
//! the writer or anyone else down.
//!
//! Frames are rendered once per event and the same bytes go to every
//! client of the same sight, from the server's frame caches
//! ([`crate::server::frames`]): units and viewers read callers masked.
//! Presence and screen pops (`call`, only to the streams of the operator it
//! rings for) ride along without a `seq`.

use super::AppState;
use crate::api::{CALL_EVENT, PRESENCE_EVENT, RESET_EVENT, StreamQuery, StreamReset, paths};
use crate::model::Operator;
use crate::server::ApiError;
use crate::server::auth::Auth;
use crate::server::frames::{Frames, render};
use crate::server::state::Counters;
use crate::store::Published;
use axum::Router;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::{BufMut, Bytes, BytesMut};
use futures::Stream;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

/// Events read from the log per query while catching up.
const PAGE: usize = 1000;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::STREAM, get(stream))
}

/// Decrements the open-streams gauge (and the operator's count of open
/// streams) however the stream ends.
struct ClientGuard(AppState, String);

impl Drop for ClientGuard {
    fn drop(&mut self) {
        self.0.counters().stream_clients.fetch_sub(1, Ordering::Relaxed);
        self.0.count_stream(&self.1, false);
    }
}

/// The comment line that keeps idle connections (and proxies) open.
const KEEPALIVE: Bytes = Bytes::from_static(b":\n\n");

fn reset(seq: u64, reason: String) -> Bytes {
    let data = serde_json::to_string(&StreamReset { seq, reason }).unwrap_or_default();
    render(None, RESET_EVENT, &data)
}

/// Most frames joined into one write.
const COALESCE: usize = 256;

/// Appends the events already waiting on `live` to `first`, in order.
/// Returns the chunk and whether a gap (or lag) was met, in which case the
/// caller goes back to the log after sending the chunk.
fn coalesce(
    frames: &Frames,
    first: Bytes,
    live: &mut Receiver<Arc<Published>>,
    last: &mut u64,
) -> (Bytes, bool) {
    let mut chunk: Option<BytesMut> = None;
    let mut gap = false;
    for _ in 0..COALESCE {
        let more = match live.try_recv() {
            Ok(p) => p,
            Err(TryRecvError::Lagged(_)) => {
                gap = true;
                break;
            }
            Err(_) => break,
        };
        if more.seq <= *last {
            continue;
        }
        if more.seq != *last + 1 {
            gap = true;
            break;
        }
        *last = more.seq;
        chunk
            .get_or_insert_with(|| BytesMut::from(&first[..]))
            .put_slice(&frames.get(&more));
    }
    (chunk.map_or(first, BytesMut::freeze), gap)
}

/// `since` from the query, else `Last-Event-ID`, else "from now".
fn start_seq(query: &StreamQuery, headers: &HeaderMap, head: u64) -> Result<u64, ApiError> {
    if let Some(since) = query.since {
        return Ok(since);
    }
    match headers.get("last-event-id") {
        None => Ok(head),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| ApiError::BadRequest {
                code: "bad_last_event_id",
                message: "Last-Event-ID must be a seq number".into(),
            }),
    }
}

async fn stream(
    State(state): State<AppState>,
    Auth(operator): Auth,
    headers: HeaderMap,
    query: Result<Query<StreamQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest {
        code: "bad_query",
        message: e.body_text(),
    })?;
    let cap = state.config().limits.streams_per_operator;
    if !state.try_open_stream(&operator.login, cap) {
        return Err(ApiError::TooMany {
            message: format!(
                "{} already has {cap} streams open; close one first",
                operator.login
            ),
            retry_after: 5,
        });
    }
    Counters::bump(&state.counters().stream_clients);
    // From here on, however the request or the stream ends, the counts drop.
    let guard = ClientGuard(state.clone(), operator.login.clone());
    // Subscribe before reading the head: whatever commits after this point
    // arrives on `live`, whatever before is in the log up to `head`.
    let live = state.store().subscribe();
    let head = state.store().head();
    let since = start_seq(&query, &headers, head)?;
    let body = Body::from_stream(events(state, operator, live, since, head, guard));
    let headers = [(CONTENT_TYPE, "text/event-stream"), (CACHE_CONTROL, "no-cache")];
    Ok((headers, body).into_response())
}

/// The stream of one connection. Its operator's role picks the frames
/// (callers in full, or masked), and its login the screen pops it gets.
fn events(
    state: AppState,
    operator: Operator,
    mut live: Receiver<Arc<Published>>,
    since: u64,
    head: u64,
    guard: ClientGuard,
) -> impl Stream<Item = Result<Bytes, Infallible>> {
    async_stream::stream! {
        let _guard = guard;
        let frames = state.frames_for(operator.role);
        let limit = state.config().replay_limit;
        if since > head {
            yield Ok(reset(head, format!("seq {since} is ahead of this server's log ({head})")));
            return;
        }
        if head - since > limit {
            yield Ok(reset(head, format!("history before seq {} is not replayed; re-read the snapshot", head - limit)));
            return;
        }
        let shutdown = state.shutdown_token();
        let mut presence = state.presence().subscribe();
        let mut calls = state.calls().subscribe();
        let every = state.config().keepalive;
        let mut keepalive = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let mut last = since;
        loop {
            // Catch up from the log until it has nothing newer.
            loop {
                let page = match state.store().events_after(last, PAGE).await {
                    Ok(page) => page,
                    Err(e) => {
                        tracing::warn!(error = %e, "stream catch-up failed; closing so the client resumes");
                        return;
                    }
                };
                let full = page.len() == PAGE;
                for p in page {
                    last = p.seq;
                    yield Ok(frames.get(&p));
                }
                if !full {
                    break;
                }
            }
            // Follow live until the feed laps us or we are told to stop.
            loop {
                let received = tokio::select! {
                    () = shutdown.cancelled() => return,
                    r = live.recv() => r,
                    p = presence.recv() => {
                        // Ephemeral: a lagged or closed presence feed just skips.
                        if let Ok(json) = p {
                            yield Ok(render(None, PRESENCE_EVENT, &json));
                        }
                        continue;
                    }
                    c = calls.recv() => {
                        // Ephemeral, and only for the operator it rings for.
                        if let Ok(call) = c && call.0 == operator.login {
                            yield Ok(render(None, CALL_EVENT, &call.1));
                        }
                        continue;
                    }
                    _ = keepalive.tick() => {
                        yield Ok(KEEPALIVE);
                        continue;
                    }
                };
                match received {
                    Ok(p) if p.seq <= last => {}
                    Ok(p) if p.seq == last + 1 => {
                        last = p.seq;
                        // Everything else already waiting goes in the same
                        // write: one syscall per wake-up, not one per event.
                        let (chunk, gap) = coalesce(frames, frames.get(&p), &mut live, &mut last);
                        yield Ok(chunk);
                        if gap {
                            break;
                        }
                    }
                    // A gap (we lagged): go back to the log.
                    Ok(_) | Err(RecvError::Lagged(_)) => break,
                    Err(RecvError::Closed) => return,
                }
            }
        }
    }
}
