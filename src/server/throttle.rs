//! Requests per token: a middleware in front of every route, so a runaway
//! integration (or a guessed token) is answered 429 with `Retry-After`
//! before it costs a database read. Requests without a token (health,
//! metrics) are limited by the connection cap only.

use super::{ApiError, AppState};
use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn per_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(token) = request.headers().get(AUTHORIZATION).and_then(|h| h.to_str().ok()) {
        // Keyed by the hash, so no token is kept in memory in the clear.
        if let Err(retry_after) = state.token_rate().take(&super::hash_token(token.trim())) {
            super::state::Counters::bump(&state.counters().shed);
            return ApiError::TooMany {
                message: "too many requests with this token; slow down".into(),
                retry_after,
            }
            .into_response();
        }
    }
    next.run(request).await
}
