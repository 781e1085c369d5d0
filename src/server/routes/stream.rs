//! `GET /v1/stream`: every event after `since`, in order, exactly once per
//! connection, then live.
//!
//! The stream subscribes to the store's live feed first and reads the
//! backlog from the log second, so nothing committed in between is missed;
//! duplicates are dropped by `seq`. A client too slow for the in-memory
//! feed is caught up from the log, never dropped silently, and never slows
//! the writer or anyone else down.

use super::AppState;
use crate::api::{PRESENCE_EVENT, RESET_EVENT, StreamQuery, StreamReset, paths};
use crate::server::ApiError;
use crate::server::auth::Auth;
use crate::server::state::Counters;
use crate::store::Published;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::get;
use futures::Stream;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::sync::broadcast::error::RecvError;

/// Events read from the log per query while catching up.
const PAGE: usize = 1000;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::STREAM, get(stream))
}

/// Decrements the open-streams gauge however the stream ends.
struct ClientGuard(AppState);

impl Drop for ClientGuard {
    fn drop(&mut self) {
        self.0.counters().stream_clients.fetch_sub(1, Ordering::Relaxed);
    }
}

fn sse(p: &Published) -> SseEvent {
    SseEvent::default()
        .id(p.seq.to_string())
        .event(&p.event_type)
        .data(&p.json)
}

fn reset(seq: u64, reason: String) -> SseEvent {
    let data = serde_json::to_string(&StreamReset { seq, reason }).unwrap_or_default();
    SseEvent::default().event(RESET_EVENT).data(data)
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
    Auth(_): Auth,
    headers: HeaderMap,
    query: Result<Query<StreamQuery>, QueryRejection>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest {
        code: "bad_query",
        message: e.body_text(),
    })?;
    // Subscribe before reading the head: whatever commits after this point
    // arrives on `live`, whatever before is in the log up to `head`.
    let live = state.store().subscribe();
    let head = state.store().head();
    let since = start_seq(&query, &headers, head)?;
    let keepalive = KeepAlive::new().interval(state.config().keepalive);
    Ok(Sse::new(events(state, live, since, head)).keep_alive(keepalive))
}

fn events(
    state: AppState,
    mut live: tokio::sync::broadcast::Receiver<Arc<Published>>,
    since: u64,
    head: u64,
) -> impl Stream<Item = Result<SseEvent, Infallible>> {
    async_stream::stream! {
        Counters::bump(&state.counters().stream_clients);
        let _guard = ClientGuard(state.clone());
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
                    yield Ok(sse(&p));
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
                            yield Ok(SseEvent::default().event(PRESENCE_EVENT).data(json.as_str()));
                        }
                        continue;
                    }
                };
                match received {
                    Ok(p) if p.seq <= last => {}
                    Ok(p) if p.seq == last + 1 => {
                        last = p.seq;
                        yield Ok(sse(&p));
                    }
                    // A gap (we lagged): go back to the log.
                    Ok(_) | Err(RecvError::Lagged(_)) => break,
                    Err(RecvError::Closed) => return,
                }
            }
        }
    }
}
