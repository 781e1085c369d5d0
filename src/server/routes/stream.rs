//! `GET /v1/stream`: every event after `since`, in order, exactly once per
//! connection, then live.
//!
//! The stream subscribes to the store's live feed first and reads the
//! backlog from the log second, so nothing committed in between is missed;
//! duplicates are dropped by `seq`. A client too slow for the in-memory
//! feed is caught up from the log, never dropped silently, and never slows
//! the writer or anyone else down.
//!
//! Each stream sends what its operator's [`View`] sees: a department's
//! system only the events of items ever dispatched to it (the store hands
//! every event out with those departments), units and viewers callers
//! masked. Frames are rendered once per event and view sight and the same
//! bytes go to every client of it, from the server's frame caches
//! ([`crate::server::frames`]). Presence and screen pops (`call`, only to
//! the streams of the operator it rings for) ride along without a `seq`;
//! presence names items, so only unscoped views get it.
//!
//! A stream ends within 2 s of its token being revoked or its operator's
//! role or department changing ([`crate::server::sessions`]).

use super::AppState;
use crate::api::{
    CALL_EVENT, POSITION_EVENT, PRESENCE_EVENT, RESET_EVENT, StreamPosition, StreamQuery, StreamReset,
};
use crate::model::Operator;
use crate::model::visibility::{Scope, View};
use crate::server::ApiError;
use crate::server::auth::{Auth, bearer_hash};
use crate::server::frames::{Frames, render};
use crate::server::sessions::Sessions;
use crate::server::state::Counters;
use crate::store::Published;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::{BufMut, Bytes, BytesMut};
use futures::Stream;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Events read from the log per query while catching up.
const PAGE: usize = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stream))
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

/// How far a scoped stream has read: the events it skipped were not for it.
fn position(seq: u64) -> Bytes {
    let data = serde_json::to_string(&StreamPosition { seq }).unwrap_or_default();
    render(Some(seq), POSITION_EVENT, &data)
}

fn reset(seq: u64, reason: String) -> Bytes {
    let data = serde_json::to_string(&StreamReset { seq, reason }).unwrap_or_default();
    render(None, RESET_EVENT, &data)
}

/// Most frames joined into one write.
const COALESCE: usize = 256;

/// Appends the events already waiting on `live` to `first`, in order.
/// Only frames `view` sees are sent. Returns the chunk (if any) and whether a gap (or lag) was met, in which case the
/// caller goes back to the log after sending the chunk.
fn coalesce(
    frames: &Frames,
    view: &View,
    first: Option<Bytes>,
    live: &mut Receiver<Arc<Published>>,
    last: &mut u64,
) -> (Option<Bytes>, bool) {
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
        if !view.sees(&more.departments) {
            continue;
        }
        chunk
            .get_or_insert_with(|| first.as_deref().map(BytesMut::from).unwrap_or_default())
            .put_slice(&frames.get(&more));
    }
    (chunk.map(BytesMut::freeze).or(first), gap)
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

#[utoipa::path(
    get,
    path = "/v1/stream",
    tag = "stream",
    security(("bearer" = [])),
    params(crate::api::StreamQuery,
        ("last-event-id" = Option<String>, Header, description = "resume after this seq (what browsers send on reconnect)"),),
    responses(
        (status = 200, description = "Server-sent events: one per committed event (`id` = seq, `event` = type, `data` = the Event as JSON), plus `position`, `reset`, `presence` and `call` events", content_type = "text/event-stream", body = String,
            headers(("x-citydesk-replica" = String, description = "the server the stream is open on: health's `replica`"))),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody)
    )
)]
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
    let token_hash = bearer_hash(&headers).unwrap_or_default();
    // A name that is no header value (not ASCII) is left out: the client
    // then names the server by its URL.
    let replica = HeaderValue::from_str(state.config().replica.as_deref().unwrap_or_default()).ok();
    let body = Body::from_stream(events(state, operator, token_hash, live, since, head, guard));
    // nginx in front (several replicas behind one address) would buffer
    // the events without the last one, whatever its own configuration.
    let headers = [
        (CONTENT_TYPE, "text/event-stream"),
        (CACHE_CONTROL, "no-cache"),
        (HeaderName::from_static("x-accel-buffering"), "no"),
    ];
    let mut response = (headers, body).into_response();
    if let Some(value) = replica {
        response
            .headers_mut()
            .insert(HeaderName::from_static(crate::api::REPLICA_HEADER), value);
    }
    Ok(response)
}

/// The stream of one connection. Its operator's view picks the frames
/// and which events are sent, and its login the screen pops it gets.
fn events(
    state: AppState,
    operator: Operator,
    token_hash: String,
    mut live: Receiver<Arc<Published>>,
    since: u64,
    head: u64,
    guard: ClientGuard,
) -> impl Stream<Item = Result<Bytes, Infallible>> {
    async_stream::stream! {
        let _guard = guard;
        let view = View::of(&operator);
        let frames = state.frames_for(&view);
        let session = Sessions::open(&state, token_hash, operator.clone());
        let limit = state.config().replay_limit;
        if since > head {
            yield Ok(reset(head, format!("seq {since} is ahead of this server's log ({head})")));
            return;
        }
        if head - since > limit {
            yield Ok(reset(head, format!("history before seq {} is not replayed; re-read the snapshot", head - limit)));
            return;
        }
        // Cancelled at shutdown, and when the token stops naming this
        // operator as they were.
        let shutdown = session.cancelled.clone();
        let mut presence = state.presence().subscribe();
        let mut calls = state.calls().subscribe();
        let every = state.config().keepalive;
        let mut keepalive = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let mut last = since;
        // What the client knows it has read: behind `last` only when a
        // scoped stream skipped events, which a `position` then says
        // (after catching up, and in place of a keep-alive).
        let mut told = since;
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
                    if view.sees(&p.departments) {
                        yield Ok(frames.get(&p));
                    }
                }
                if !full {
                    break;
                }
            }
            if view.scope != Scope::All && last > told {
                told = last;
                yield Ok(position(last));
            }
            // Follow live until the feed laps us or we are told to stop.
            loop {
                let received = tokio::select! {
                    () = shutdown.cancelled() => return,
                    r = live.recv() => r,
                    p = presence.recv() => {
                        // Ephemeral: a lagged or closed presence feed just skips.
                        if let Ok(json) = p && view.scope == Scope::All {
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
                        if view.scope != Scope::All && last > told {
                            told = last;
                            yield Ok(position(last));
                        } else {
                            yield Ok(KEEPALIVE);
                        }
                        continue;
                    }
                };
                match received {
                    Ok(p) if p.seq <= last => {}
                    Ok(p) if p.seq == last + 1 => {
                        last = p.seq;
                        // Everything else already waiting goes in the same
                        // write: one syscall per wake-up, not one per event.
                        let first = view.sees(&p.departments).then(|| frames.get(&p));
                        let (chunk, gap) = coalesce(frames, &view, first, &mut live, &mut last);
                        if let Some(chunk) = chunk {
                            yield Ok(chunk);
                        }
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
