//! Who is asking (`/v1/me`) and who items can go to (`/v1/directory`).

use super::AppState;
use crate::api::{
    CityInfo, CityMap, ClosedReport, DepartmentLoad, Directory, HEAT_HOURS, MAX_REPORT_HOURS, Me,
    OperatorInfo, PRESENCE_SECS, Presence, PresenceRequest, ReportsQuery, categories_of, districts_of,
};
use crate::model::visibility::View;
use crate::model::{ActionName, Role, permits};
use crate::server::ApiError;
use crate::server::auth::Auth;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use std::collections::HashMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(directory))
        .routes(routes!(city_map))
        .routes(routes!(city_reports))
        .routes(routes!(presence))
}

#[utoipa::path(
    get,
    path = "/v1/me",
    tag = "directory",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the caller and the actions the role permits", body = crate::api::Me),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody)
    )
)]
async fn me(Auth(operator): Auth) -> Json<Me> {
    let actions = ActionName::ALL
        .into_iter()
        .filter(|a| permits(operator.role, *a))
        .collect();
    Json(Me { operator, actions })
}

/// Announces that the caller is viewing an item, to everyone streaming.
#[utoipa::path(
    post,
    path = "/v1/presence",
    tag = "stream",
    security(("bearer" = [])),
    request_body = crate::api::PresenceRequest,
    responses(
        (status = 204, description = "announced to every stream"),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 413, description = "body larger than 64 KiB", body = crate::api::ErrorBody),
        (status = 422, description = "well-formed but invalid: a field out of range, a transition the item's state forbids", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody)
    )
)]
async fn presence(
    State(state): State<AppState>,
    Auth(operator): Auth,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<axum::http::StatusCode, ApiError> {
    // Every announcement goes to every stream: one operator may not flood them.
    if let Err(retry_after) = state.presence_rate().take(&operator.login) {
        return Err(ApiError::TooMany {
            message: "too many presence announcements; one every few seconds is plenty".into(),
            retry_after,
        });
    }
    let bytes = crate::server::extract::body_bytes(body)?;
    let req: PresenceRequest = crate::server::extract::json(&bytes)?;
    let announce = Presence {
        item_id: req.item_id,
        login: operator.login,
        name: operator.name,
        until: state.now() + time::Duration::seconds(PRESENCE_SECS),
    };
    let json = serde_json::to_string(&announce).map_err(|e| ApiError::Internal(e.to_string()))?;
    // No subscribers is fine: nobody is watching.
    let _ = state.presence().send(std::sync::Arc::new(json));
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The server's city files, for a console's map.
#[utoipa::path(
    get,
    path = "/v1/city/map",
    tag = "directory",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the city files the map is drawn from", body = crate::api::CityMap),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 404, description = "the server's city has no usable outlines", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody)
    )
)]
async fn city_map(State(state): State<AppState>, Auth(_reader): Auth) -> Result<Json<CityMap>, ApiError> {
    match &state.config().map {
        Some(map) => Ok(Json(CityMap::clone(map))),
        None => Err(ApiError::NotFound(crate::api::not_found::CITY_MAP.into())),
    }
}

/// Most reports one answer carries: the newest of the window.
const REPORTS_LIMIT: usize = 20_000;

/// Items reported in the last hours and closed since, for the heat view:
/// with the open items (which the snapshot has) every report of the
/// window, also after a console starts.
#[utoipa::path(
    get,
    path = "/v1/city/reports",
    tag = "directory",
    params(crate::api::ReportsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the closed items reported in the window, newest first (at most 20,000), as the caller's role may see them", body = Vec<crate::api::ClosedReport>),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody),
        (status = 503, description = "the server sheds load or the disk refuses writes (Retry-After)", body = crate::api::ErrorBody)
    )
)]
async fn city_reports(
    State(state): State<AppState>,
    Auth(reader): Auth,
    params: Result<Query<ReportsQuery>, QueryRejection>,
) -> Result<Json<Vec<ClosedReport>>, ApiError> {
    let bad = |message: String| ApiError::BadRequest {
        code: "bad_query",
        message,
    };
    let Query(q) = params.map_err(|e| bad(e.body_text()))?;
    let hours = q.hours.unwrap_or(HEAT_HOURS);
    if !(1..=MAX_REPORT_HOURS).contains(&hours) {
        return Err(bad(format!("hours must be 1 to {MAX_REPORT_HOURS}, not {hours}")));
    }
    let from = state.now() - time::Duration::hours(i64::from(hours));
    let view = View::of(&reader);
    let reports = state
        .store()
        .closed_since(from, REPORTS_LIMIT)
        .await?
        .into_iter()
        .filter_map(|item| view.item(item))
        .map(|item| ClosedReport {
            id: item.id,
            at: item.created_at,
            place: crate::model::Place {
                address: None,
                ..item.place
            },
        })
        .collect();
    Ok(Json(reports))
}

#[utoipa::path(
    get,
    path = "/v1/directory",
    tag = "directory",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "departments with their load, operators, the city", body = crate::api::Directory),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody),
        (status = 503, description = "the server sheds load or the disk refuses writes (Retry-After)", body = crate::api::ErrorBody)
    )
)]
async fn directory(State(state): State<AppState>, Auth(reader): Auth) -> Result<Json<Directory>, ApiError> {
    let load: HashMap<String, u64> = state.store().open_load().await?.into_iter().collect();
    let city = &state.config().city;
    let departments = city
        .departments
        .iter()
        .map(|d| DepartmentLoad {
            code: d.code.clone(),
            name: d.name.clone(),
            gloss: d.gloss.clone(),
            open: load.get(&d.code).copied().unwrap_or(0),
        })
        .collect();
    let operators = state
        .store()
        .operators()
        .await?
        .into_iter()
        .filter(|r| !r.revoked)
        // A department's system learns who works its own department, not
        // the whole centre's staff.
        .filter(|r| reader.role != Role::Unit || r.operator.department == reader.department)
        .map(|r| OperatorInfo {
            login: r.operator.login,
            name: r.operator.name,
            role: r.operator.role,
            department: r.operator.department,
        })
        .collect();
    Ok(Json(Directory {
        departments,
        operators,
        city: CityInfo::of(city),
        districts: districts_of(city),
        categories: categories_of(city),
    }))
}
