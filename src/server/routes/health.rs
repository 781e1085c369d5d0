//! Health (no auth) and Prometheus metrics.

use super::AppState;
use crate::api::{Health, paths};
use crate::server::ApiError;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::HEALTH, get(health))
        .route(paths::METRICS, get(metrics))
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        seq: state.store().head(),
        store: state.store().backend().into(),
    })
}

async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let text = crate::server::metrics::render(&state).await?;
    let kind = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    Ok(([(CONTENT_TYPE, kind)], text))
}
