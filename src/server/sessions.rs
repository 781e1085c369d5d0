//! Open streams and the tokens they were opened with, so a revoked token
//! or an operator whose role or department changed loses its live feed
//! within [`CHECK`] plus one query, inside the promised 2 s.
//!
//! `citydesk operator revoke` and `operator role` write the database from
//! another process and cannot tell this one, so the server asks: one task
//! per server (started with the first stream) looks up each distinct token
//! with an open stream every [`CHECK`], straight from the store (the token
//! cache would add its own 2 s), and cancels the streams of every token
//! that no longer names the same operator. The cost is one indexed read
//! per distinct streaming token per second, whatever the number of streams.

use super::AppState;
use crate::model::Operator;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often open streams' tokens are checked.
pub const CHECK: Duration = Duration::from_secs(1);

/// See the module docs.
#[derive(Default)]
pub struct Sessions {
    open: Mutex<HashMap<u64, Session>>,
    next: AtomicU64,
    watching: AtomicBool,
}

struct Session {
    token_hash: String,
    operator: Operator,
    cancel: CancellationToken,
}

/// Ends the stream's registration however the stream ends.
pub struct SessionGuard {
    state: AppState,
    id: u64,
    /// Cancelled when the stream's token stops naming its operator.
    pub cancelled: CancellationToken,
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.state.sessions().lock().remove(&self.id);
    }
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Session>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a stream of `operator`, opened with the token hashing to
    /// `token_hash`; starts the watcher with the first one.
    pub fn open(state: &AppState, token_hash: String, operator: Operator) -> SessionGuard {
        let sessions = state.sessions();
        let id = sessions.next.fetch_add(1, Ordering::Relaxed);
        let cancel = state.shutdown_token().child_token();
        sessions.lock().insert(
            id,
            Session {
                token_hash,
                operator,
                cancel: cancel.clone(),
            },
        );
        if !sessions.watching.swap(true, Ordering::SeqCst) {
            tokio::spawn(watch(state.clone()));
        }
        SessionGuard {
            state: state.clone(),
            id,
            cancelled: cancel,
        }
    }

    /// Each distinct token with an open stream, and the operator it named.
    fn tokens(&self) -> HashMap<String, Operator> {
        self.lock()
            .values()
            .map(|s| (s.token_hash.clone(), s.operator.clone()))
            .collect()
    }

    /// Ends every stream opened with `token_hash`.
    fn end(&self, token_hash: &str) {
        for s in self.lock().values().filter(|s| s.token_hash == token_hash) {
            s.cancel.cancel();
        }
    }
}

async fn watch(state: AppState) {
    let shutdown = state.shutdown_token();
    let mut every = tokio::time::interval(CHECK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = every.tick() => {}
        }
        for (hash, was) in state.sessions().tokens() {
            match state.store().operator_by_token(&hash).await {
                Ok(Some(now)) if now == was => {}
                Ok(now) => {
                    tracing::info!(
                        login = %was.login,
                        change = if now.is_some() { "role or department changed" } else { "token revoked" },
                        "ending the token's open streams"
                    );
                    state.sessions().end(&hash);
                }
                // A store that cannot answer now is asked again next time.
                Err(e) => tracing::warn!(error = %e, "checking streaming tokens failed"),
            }
        }
    }
}
