//! One module per resource, each with its own `router()`.

mod actions;
mod audit;
mod callers;
pub(super) mod create;
mod directory;
mod health;
mod items;
mod open311;
mod stats;
mod stream;
mod suggest;
pub(super) mod write;

use super::{ApiError, AppState};
use crate::api::MAX_BODY_BYTES;
use axum::Router;
use axum::extract::DefaultBodyLimit;

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(health::router())
        .merge(items::router())
        .merge(actions::router())
        .merge(stream::router())
        .merge(directory::router())
        .merge(stats::router())
        .merge(callers::router())
        .merge(suggest::router())
        .merge(crate::server::ingest::router())
        .merge(open311::router())
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::metrics::time_requests,
        ))
        .fallback(|| async { ApiError::NotFound("no such endpoint; see the README for the API".into()) })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .merge(audit::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::server::audit::record_refusals,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::throttle::per_token,
        ))
        .with_state(state)
}
