//! The sync server: loads, asks the model, appends, and lets the store
//! publish. Everything HTTP lives here; the rules live in `model`.

mod audit;
pub(crate) mod auth;
mod board;
mod error;
mod extract;
mod follow;
mod frames;
pub mod ingest;
pub mod kpi;
mod lang;
mod lease;
mod limits;
mod listen;
pub mod metrics;
mod replica;
mod retention;
mod routes;
mod sessions;
mod state;
mod throttle;
mod ticker;
pub mod tls;
mod token_life;

pub use auth::{TOKEN_TTL, hash_token, new_token};
pub use error::ApiError;
pub use limits::{Limits, Rate};
pub use state::{AppState, ServerConfig, TimeSource, city_map};

use crate::store::Store;
use axum::Router;
use axum::serve::ListenerExt;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// One SLA ticker pass now, outside the ticker's schedule: what
/// `citydesk bench-loop` times.
pub async fn run_ticker_pass(state: &AppState) -> Result<usize, crate::store::StoreError> {
    ticker::pass(state, &tokio_util::sync::CancellationToken::new()).await
}

/// Builds the whole router over `state`.
pub fn router(state: AppState) -> Router {
    routes::router(state)
}

/// Serves on an already bound listener until `shutdown` resolves; then lets
/// in-flight requests finish and closes every stream.
/// The structure check of a file too large to read before listening:
/// damage found refuses every write from then on (the store's doing) and
/// says so on stderr, in the log and in health.
async fn check_while_serving(store: Arc<dyn Store>) {
    let started = std::time::Instant::now();
    tracing::info!("checking the database's structure while serving (serve --start-check)");
    match store.check_structure().await {
        Ok(()) => tracing::info!(took = ?started.elapsed(), "database structure check passed"),
        Err(crate::store::StoreError::Corrupt(why)) => {
            eprintln!("citydesk: ERROR: {why}; every write is refused from now on (health says degraded)");
        }
        Err(e) => tracing::warn!(error = %e, "database structure check could not run"),
    }
}

pub async fn serve(
    store: Arc<dyn Store>,
    config: ServerConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut config = config;
    if config.replica.is_none() {
        config.replica = Some(replica::default_name(listener.local_addr()?.port()));
    }
    let tls = config.tls.clone();
    let state = AppState::load(store, config)
        .await
        .map_err(|e| std::io::Error::other(format!("loading the items: {e}")))?;
    if state.config().check_while_serving {
        tokio::spawn(check_while_serving(state.store_handle()));
    }
    let streams = state.shutdown_token();
    // Asked once before the ticker's first pass, so a lone server runs its
    // catch-up pass at once.
    lease::renew(&state).await;
    let lease = lease::spawn(state.clone(), streams.clone());
    let ticker_stop = streams.clone();
    let ticker = ticker::spawn(state.clone(), streams.clone());
    let retention = retention::spawn(state.clone(), streams.clone());
    let follower = follow::spawn(state.clone(), streams.clone());
    let limits = state.config().limits.clone();
    let open = state.counters().connections.clone();
    let app = router(state);
    // Without TCP_NODELAY small SSE frames wait for delayed ACKs (p99 of
    // ~28 ms instead of ~3 ms on loopback).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let listener = tls::MaybeTls::new(listener, tls);
    let stop = async move {
        shutdown.await;
        // Streams and the ticker never end by themselves; tell them to,
        // so the graceful shutdown does not wait for ever.
        streams.cancel();
    };
    let served = listen::run(listener, app, &limits, open, stop).await;
    // Stop the ticker even if serving failed, then wait for it so nothing
    // writes to the store once serve returns (a restart over the same
    // database must not race a stale ticker).
    ticker_stop.cancel();
    if let Err(e) = ticker.await {
        tracing::warn!(error = %e, "sla ticker ended abnormally");
    }
    if let Err(e) = retention.await {
        tracing::warn!(error = %e, "retention ended abnormally");
    }
    if let Err(e) = lease.await {
        tracing::warn!(error = %e, "the loop lease ended abnormally");
    }
    if let Err(e) = follower.await {
        tracing::warn!(error = %e, "following other replicas ended abnormally");
    }
    served
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
