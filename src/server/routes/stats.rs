//! `GET /v1/stats`: the KPIs of the items reported today, this week or in
//! a range. Every role but `unit` may read them: the KPIs are of the whole
//! centre, and a department's system reads only its own items, so it is
//! refused (403) rather than shown figures it could not check.

use super::AppState;
use crate::api::{StatsParams, paths};
use crate::model::Role;
use crate::model::stats::{Stats, StatsQuery};
use crate::server::ApiError;
use crate::server::auth::Auth;
use crate::server::kpi;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stats))
}

#[utoipa::path(
    get,
    path = "/v1/stats",
    tag = "stats",
    security(("bearer" = [])),
    params(crate::api::StatsParams),
    responses(
        (status = 200, description = "the KPIs of the window", body = crate::model::stats::Stats),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody)
    )
)]
async fn stats(
    State(state): State<AppState>,
    Auth(operator): Auth,
    params: Result<Query<StatsParams>, QueryRejection>,
) -> Result<Json<Stats>, ApiError> {
    if operator.role == Role::Unit {
        return Err(ApiError::role_refused(
            operator.role,
            paths::STATS,
            "the KPIs are of every department; a department's system reads only its own items",
        ));
    }
    let bad = |message: String| ApiError::BadRequest {
        code: "bad_query",
        message,
    };
    let Query(p) = params.map_err(|e| bad(e.body_text()))?;
    let query = StatsQuery::parse(p.window.as_deref(), p.from.as_deref(), p.to.as_deref())
        .map_err(|e| bad(e.to_string()))?;
    let stats = kpi::stats_now(&state, query.window).await?;
    Ok(Json(stats))
}
