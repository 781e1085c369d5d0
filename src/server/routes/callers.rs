//! Callers: a caller's history when the phone rings (`GET
//! /v1/callers/{phone}`, every read recorded), the screen pop a telephone
//! system posts (`POST /v1/calls`), and the audit of history reads for
//! admins (`GET /v1/audit/callers`).
//!
//! The history is found through the store's phone index; what counts and
//! what each role sees is the model's ([`crate::model::callers`]).

use super::AppState;
use crate::api::{
    AuditQuery, Call, CallPosted, CallRequest, CallerAudit, CallerHistory, CallerItem, HISTORY_ITEMS, paths,
};
use crate::model::limits::MAX_CALL_ID;
use crate::model::phone::{LOCAL_AREA, mask, normalise};
use crate::model::privacy::Sight;
use crate::model::visibility::View;
use crate::model::{CallerRead, Operator, Role, callers};
use crate::server::ApiError;
use crate::server::auth::{AnyRole, Auth};
use crate::server::extract::{body_bytes, json};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Audit reads answered at most.
const AUDIT_MAX: usize = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(history))
        .routes(routes!(call))
        .routes(routes!(audit))
}

/// A phone from a request, normalised; a bad one is a 422 naming `field`.
fn phone(raw: &str, field: &str) -> Result<String, ApiError> {
    normalise(raw, LOCAL_AREA).map_err(|e| ApiError::Invalid(format!("{field}: {e}")))
}

#[utoipa::path(
    get,
    path = "/v1/callers/{phone}",
    tag = "callers",
    security(("bearer" = [])),
    params(("phone" = String, Path, description = "a phone number in any common form, percent-encoded"),),
    responses(
        (status = 200, description = "a caller's earlier items, masked for the caller's role", body = crate::api::CallerHistory),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 422, description = "well-formed but invalid: a field out of range, a transition the item's state forbids", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody),
        (status = 503, description = "the server sheds load or the disk refuses writes (Retry-After)", body = crate::api::ErrorBody)
    )
)]
async fn history(
    State(state): State<AppState>,
    Auth(operator): Auth,
    Path(raw): Path<String>,
) -> Result<Json<CallerHistory>, ApiError> {
    let phone = phone(&raw, "phone")?;
    let now = state.now();
    let read = CallerRead {
        at: now,
        login: operator.login.clone(),
        role: operator.role,
        phone: phone.clone(),
    };
    // The read is on disk before the answer leaves: no history is shown
    // unrecorded. Both run at once; the audit write is the slower.
    let (recorded, items) = tokio::join!(
        state.store().record_caller_read(&read),
        state.store().caller_items(&phone, HISTORY_ITEMS)
    );
    recorded?;
    let items = callers::visible(&phone, items?, &View::of(&operator));
    let counts = callers::counts(&phone, &items, now);
    let last_satisfaction = callers::last_satisfaction(&items);
    Ok(Json(CallerHistory {
        phone: match operator.role.sight() {
            Sight::Full => phone,
            Sight::Masked => mask(&phone),
        },
        counts,
        last_satisfaction,
        items: items.into_iter().map(|i| CallerItem::of(i, now)).collect(),
    }))
}

#[utoipa::path(
    post,
    path = "/v1/calls",
    tag = "callers",
    security(("bearer" = [])),
    request_body = crate::api::CallRequest,
    responses(
        (status = 202, description = "the call rings at the operator's desk", body = crate::api::CallPosted),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 404, description = "no such item, or not in the caller's view", body = crate::api::ErrorBody),
        (status = 413, description = "body larger than 64 KiB", body = crate::api::ErrorBody),
        (status = 422, description = "well-formed but invalid: a field out of range, a transition the item's state forbids", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody)
    )
)]
async fn call(
    State(state): State<AppState>,
    AnyRole(poster): AnyRole,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<CallPosted>), ApiError> {
    if !poster.role.may_post_calls() {
        return Err(ApiError::role_refused(
            poster.role,
            paths::CALLS,
            "calls are posted by the telephone system (role telephony), supervisors and admins",
        ));
    }
    let bytes = body_bytes(body)?;
    let req: CallRequest = json(&bytes)?;
    let phone = phone(&req.phone, "phone")?;
    if req
        .call_id
        .as_ref()
        .is_some_and(|id| id.is_empty() || id.chars().count() > MAX_CALL_ID)
    {
        return Err(ApiError::Invalid(format!(
            "call_id must be 1 to {MAX_CALL_ID} characters"
        )));
    }
    let operator = ringing(&state, &req).await?;
    let call = Call {
        phone,
        call_id: req.call_id,
        at: state.now(),
    };
    let json = serde_json::to_string(&call).map_err(|e| ApiError::Internal(e.to_string()))?;
    // Nobody streaming is fine: the answer says so.
    let _ = state.calls().send(Arc::new((operator.login.clone(), json)));
    Ok((
        StatusCode::ACCEPTED,
        Json(CallPosted {
            consoles: state.streams_of(&operator.login),
            operator: operator.login,
            call,
        }),
    ))
}

/// The active operator the call rings for, by login or extension.
async fn ringing(state: &AppState, req: &CallRequest) -> Result<Operator, ApiError> {
    match (&req.operator, &req.extension) {
        (Some(login), None) => state
            .store()
            .operators()
            .await?
            .into_iter()
            .find(|r| !r.revoked && r.operator.login == *login)
            .map(|r| r.operator)
            .ok_or_else(|| ApiError::NotFound(format!("operator: no active operator {login:?}"))),
        (None, Some(extension)) => state
            .store()
            .operator_by_extension(extension)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("extension: no operator answers {extension:?}"))),
        _ => Err(ApiError::Invalid(
            "name the operator (login) or the extension the call rings at, one of them".into(),
        )),
    }
}

#[utoipa::path(
    get,
    path = "/v1/audit/callers",
    tag = "audit",
    security(("bearer" = [])),
    params(crate::api::AuditQuery),
    responses(
        (status = 200, description = "who read which caller's history", body = crate::api::CallerAudit),
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
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<CallerAudit>, ApiError> {
    if operator.role != Role::Admin {
        return Err(ApiError::role_refused(
            operator.role,
            paths::AUDIT_CALLERS,
            "only admins read who read callers' histories",
        ));
    }
    let Query(q) = query.map_err(|e| ApiError::BadRequest {
        code: "bad_query",
        message: e.body_text(),
    })?;
    let phone = q.phone.as_deref().map(|p| phone(p, "phone")).transpose()?;
    let limit = q.limit.unwrap_or(100).min(AUDIT_MAX);
    let reads = state.store().caller_reads(phone.as_deref(), limit).await?;
    Ok(Json(CallerAudit { reads }))
}
