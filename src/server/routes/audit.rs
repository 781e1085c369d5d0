//! `GET /v1/audit`: the audit log, for admins, oldest first, paged with
//! `?after=ID&limit=N`.

use super::AppState;
use crate::api::{AuditPage, AuditPageQuery, paths};
use crate::model::Role;
use crate::server::ApiError;
use crate::server::auth::Auth;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Rows answered at most per page.
const PAGE_MAX: usize = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit))
}

#[utoipa::path(
    get,
    path = "/v1/audit",
    tag = "audit",
    security(("bearer" = [])),
    params(crate::api::AuditPageQuery),
    responses(
        (status = 200, description = "a page of the audit log, oldest first", body = crate::api::AuditPage),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody),
        (status = 503, description = "the server sheds load or the disk refuses writes (Retry-After)", body = crate::api::ErrorBody)
    )
)]
async fn audit(
    State(state): State<AppState>,
    Auth(operator): Auth,
    query: Result<Query<AuditPageQuery>, QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    if operator.role != Role::Admin {
        return Err(ApiError::role_refused(
            operator.role,
            paths::AUDIT,
            "only admins read the audit log",
        ));
    }
    let Query(q) = query.map_err(|e| ApiError::BadRequest {
        code: "bad_query",
        message: e.body_text(),
    })?;
    let limit = q.limit.unwrap_or(100).clamp(1, PAGE_MAX);
    let entries = state.store().audit(q.after.unwrap_or(0), limit).await?;
    let next = (entries.len() == limit)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    Ok(Json(AuditPage { entries, next }))
}
