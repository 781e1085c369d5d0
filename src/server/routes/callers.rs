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
use crate::model::phone::{LOCAL_AREA, mask, normalise};
use crate::model::privacy::Sight;
use crate::model::visibility::View;
use crate::model::{CallerRead, Operator, Role, callers};
use crate::server::ApiError;
use crate::server::auth::{AnyRole, Auth};
use crate::server::extract::{body_bytes, json};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;

/// Audit reads answered at most.
const AUDIT_MAX: usize = 1000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::CALLER, get(history))
        .route(paths::CALLS, post(call))
        .route(paths::AUDIT_CALLERS, get(audit))
}

/// A phone from a request, normalised; a bad one is a 422 naming `field`.
fn phone(raw: &str, field: &str) -> Result<String, ApiError> {
    normalise(raw, LOCAL_AREA).map_err(|e| ApiError::Invalid(format!("{field}: {e}")))
}

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
        .is_some_and(|id| id.is_empty() || id.len() > 128)
    {
        return Err(ApiError::Invalid("call_id must be 1 to 128 characters".into()));
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
