//! `GET /v1/audit`: the audit log, for admins, oldest first, paged with
//! `?after=ID&limit=N`.

use super::AppState;
use crate::api::{AuditPage, AuditPageQuery, paths};
use crate::model::Role;
use crate::server::ApiError;
use crate::server::auth::Auth;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};

/// Rows answered at most per page.
const PAGE_MAX: usize = 1000;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::AUDIT, get(audit))
}

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
