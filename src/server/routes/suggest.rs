//! `GET /v1/suggest?text=…`: the categories and knowledge entries for a
//! description, from the server's engine. Any signed-in operator may ask
//! but a unit: what it learned comes from every department's closed items,
//! which a department's own system may not read.
//!
//! Server-side rather than in the console: the suggestions learn from
//! closed items (the category an item finally had), and the console's
//! mirror holds open items only. The server sees every item at start and
//! every commit after, so it is the one place that can learn from them.

use super::AppState;
use crate::api::{MAX_SUGGEST_LIMIT, MAX_SUGGEST_TEXT, SuggestParams, SuggestResponse, paths};
use crate::model::suggest::Limits;
use crate::server::ApiError;
use crate::server::auth::Auth;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(suggest))
}

#[utoipa::path(
    get,
    path = "/v1/suggest",
    tag = "suggest",
    security(("bearer" = [])),
    params(crate::api::SuggestParams),
    responses(
        (status = 200, description = "categories, departments and answers that fit the text", body = crate::api::SuggestResponse),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody)
    )
)]
async fn suggest(
    State(state): State<AppState>,
    Auth(operator): Auth,
    params: Result<Query<SuggestParams>, QueryRejection>,
) -> Result<Json<SuggestResponse>, ApiError> {
    if operator.role == crate::model::Role::Unit {
        return Err(ApiError::role_refused(
            operator.role,
            paths::SUGGEST,
            "suggestions draw on every department's closed items",
        ));
    }
    let bad = |message: String| ApiError::BadRequest {
        code: "bad_query",
        message,
    };
    let Query(p) = params.map_err(|e| bad(e.body_text()))?;
    if p.text.chars().count() > MAX_SUGGEST_TEXT {
        return Err(bad(format!("text is longer than {MAX_SUGGEST_TEXT} characters")));
    }
    let day = match p.on.as_deref() {
        None => state.now().date(),
        Some(s) => time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|_| bad(format!("on={s:?} is not a date like 2026-12-01")))?,
    };
    let n = p.limit.unwrap_or(3).clamp(1, MAX_SUGGEST_LIMIT);
    let limits = Limits {
        categories: n,
        knowledge: n,
    };
    let engine = state.suggest();
    let body = SuggestResponse::from(&engine.suggest(&p.text, day, limits));
    Ok(Json(body))
}
