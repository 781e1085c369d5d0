//! Shared state of the server's handlers.

use crate::model::{City, Policy, Timestamp};
use crate::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// How far back (in events) a stream replays; older `since` values get
    /// `reset` and should re-read the snapshot.
    pub replay_limit: u64,
    /// Interval of the SSE keep-alive comment.
    pub keepalive: Duration,
    pub policy: Policy,
    /// Departments, taxonomy and geography: where items may be dispatched
    /// and what the directory lists.
    pub city: Arc<City>,
    /// How often the SLA ticker looks for clocks that turned yellow or red.
    pub tick: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            replay_limit: 100_000,
            keepalive: Duration::from_secs(15),
            policy: Policy::default(),
            city: crate::data::default_city(),
            tick: Duration::from_secs(5),
        }
    }
}

/// Counters for `/metrics`.
#[derive(Debug, Default)]
pub struct Counters {
    pub stream_clients: AtomicU64,
    pub actions_applied: AtomicU64,
    pub actions_refused: AtomicU64,
    pub conflicts: AtomicU64,
    pub idempotent_replays: AtomicU64,
    pub items_created: AtomicU64,
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    config: ServerConfig,
    counters: Counters,
    /// Cancelled at shutdown: every open stream ends.
    shutdown: CancellationToken,
    /// Presence announcements (JSON), fanned out to streams, never stored.
    presence: broadcast::Sender<Arc<String>>,
    tokens: super::auth::TokenCache,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: ServerConfig) -> Self {
        AppState {
            inner: Arc::new(Inner {
                store,
                config,
                counters: Counters::default(),
                shutdown: CancellationToken::new(),
                presence: broadcast::channel(256).0,
                tokens: Default::default(),
            }),
        }
    }

    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    pub fn config(&self) -> &ServerConfig {
        &self.inner.config
    }

    pub fn counters(&self) -> &Counters {
        &self.inner.counters
    }

    pub fn tokens(&self) -> &super::auth::TokenCache {
        &self.inner.tokens
    }

    pub fn presence(&self) -> &broadcast::Sender<Arc<String>> {
        &self.inner.presence
    }

    pub fn shutdown_token(&self) -> CancellationToken {
        self.inner.shutdown.clone()
    }

    /// The server's notion of now, in one place.
    pub fn now(&self) -> Timestamp {
        time::OffsetDateTime::now_utc()
    }
}
