//! Health (no auth) and Prometheus metrics.

use super::AppState;
use crate::api::Health;
use crate::server::ApiError;
use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(metrics))
}

/// `ok`, or `degraded` with the reason while the disk refuses writes. A
/// degraded server tries one small write on each health check, so it says
/// `ok` again as soon as space returns, writes or no writes.
#[utoipa::path(
    get,
    path = "/v1/health",
    tag = "health",
    responses(
        (status = 200, description = "ok, or degraded with the reason", body = crate::api::Health)
    )
)]
async fn health(State(state): State<AppState>) -> Json<Health> {
    let store = state.store();
    if store.degraded().is_some() {
        // Its outcome is read back through `degraded` just below.
        let _ = store.probe_write().await;
    }
    let reason = store.degraded();
    let seq = store.head();
    // Unknown while the database cannot be read; health says degraded then.
    let lag = store.log_head().await.map_or(0, |head| head.saturating_sub(seq));
    let role = match (store.shared(), state.leadership().leading()) {
        (false, _) => "single",
        (_, true) => "leader",
        (_, false) => "follower",
    };
    Json(Health {
        status: if reason.is_some() { "degraded" } else { "ok" }.into(),
        seq,
        store: store.backend().into(),
        replica: state.config().replica.clone().unwrap_or_default(),
        reason,
        role: role.into(),
        lag,
    })
}

#[utoipa::path(
    get,
    path = "/metrics",
    tag = "health",
    responses(
        (status = 200, description = "OpenMetrics text: server counters, latency histograms and KPI families", content_type = "application/openmetrics-text", body = String)
    )
)]
async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let text = crate::server::metrics::render(&state).await?;
    let kind = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    Ok(([(CONTENT_TYPE, kind)], text))
}
