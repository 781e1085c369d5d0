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
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new().route(paths::STATS, get(stats))
}

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
