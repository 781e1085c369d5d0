//! One module per resource, each with its own `router()`.

mod actions;
mod audit;
mod callers;
pub(super) mod create;
mod directory;
mod health;
mod items;
mod open311;
mod openapi;
mod stats;
mod stream;
mod suggest;
pub(super) mod write;

use super::{ApiError, AppState};
use crate::api::MAX_BODY_BYTES;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The routes timed per route by `/metrics`.
fn timed() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(health::router())
        .merge(items::router())
        .merge(actions::router())
        .merge(stream::router())
        .merge(directory::router())
        .merge(stats::router())
        .merge(callers::router())
        .merge(suggest::router())
        .merge(crate::server::ingest::router())
        .merge(open311::import_router())
        .merge(openapi::router())
}

/// Every route with its OpenAPI description: the router below and
/// `/v1/openapi.json` are both made from this, so a route cannot be served
/// without being documented (tests/it/openapi.rs also checks that no
/// route is added past it).
pub fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(timed())
        .merge(audit::router())
}

pub fn router(state: AppState) -> Router {
    let (timed, _) = timed().split_for_parts();
    let (audit, _) = audit::router().split_for_parts();
    timed
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::metrics::time_requests,
        ))
        .fallback(|| async { ApiError::NotFound(crate::api::not_found::ENDPOINT.into()) })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .merge(audit)
        .merge(open311::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::server::audit::record_refusals,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::throttle::per_token,
        ))
        .layer(axum::middleware::from_fn(super::lang::localise_errors))
        .with_state(state)
}
