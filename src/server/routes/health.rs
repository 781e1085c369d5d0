//! Health (no auth) and Prometheus metrics.

use super::AppState;
use crate::api::{Health, paths};
use crate::server::ApiError;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use std::fmt::Write;
use std::sync::atomic::Ordering;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::HEALTH, get(health))
        .route(paths::METRICS, get(metrics))
}

/// `ok`, or `degraded` with the reason while the disk refuses writes. A
/// degraded server tries one small write on each health check, so it says
/// `ok` again as soon as space returns, writes or no writes.
async fn health(State(state): State<AppState>) -> Json<Health> {
    let store = state.store();
    if store.degraded().is_some() {
        // Its outcome is read back through `degraded` just below.
        let _ = store.probe_write().await;
    }
    let reason = store.degraded();
    Json(Health {
        status: if reason.is_some() { "degraded" } else { "ok" }.into(),
        seq: store.head(),
        store: store.backend().into(),
        reason,
    })
}

async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let counts = state.store().counts().await?;
    let c = state.counters();
    let mut out = String::new();
    let gauge = |out: &mut String, name: &str, help: &str, value: u64| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
    };
    let counter = |out: &mut String, name: &str, help: &str, value: u64| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}");
    };
    gauge(
        &mut out,
        "citydesk_log_seq",
        "Last committed event sequence number.",
        state.store().head(),
    );
    gauge(
        &mut out,
        "citydesk_stream_clients",
        "Open event streams.",
        c.stream_clients.load(Ordering::Relaxed),
    );
    counter(
        &mut out,
        "citydesk_items_created_total",
        "Items created.",
        c.items_created.load(Ordering::Relaxed),
    );
    counter(
        &mut out,
        "citydesk_actions_applied_total",
        "Actions appended.",
        c.actions_applied.load(Ordering::Relaxed),
    );
    counter(
        &mut out,
        "citydesk_actions_refused_total",
        "Actions refused by role, state or claim.",
        c.actions_refused.load(Ordering::Relaxed),
    );
    counter(
        &mut out,
        "citydesk_conflicts_total",
        "Writes refused for a stale version.",
        c.conflicts.load(Ordering::Relaxed),
    );
    counter(
        &mut out,
        "citydesk_idempotent_replays_total",
        "Retries answered from the first answer.",
        c.idempotent_replays.load(Ordering::Relaxed),
    );
    let _ = writeln!(
        out,
        "# HELP citydesk_items Items by kind and status.\n# TYPE citydesk_items gauge"
    );
    for (kind, status, n) in counts {
        let _ = writeln!(out, "citydesk_items{{kind=\"{kind}\",status=\"{status}\"}} {n}");
    }
    let today = crate::server::kpi::stats_off_thread(&state, crate::model::stats::Window::Today)
        .await
        .map_err(|e| ApiError::Internal(format!("stats task: {e}")))?;
    crate::server::kpi::write_metrics(&today, &mut out);
    Ok(([(CONTENT_TYPE, "text/plain; version=0.0.4")], out))
}
