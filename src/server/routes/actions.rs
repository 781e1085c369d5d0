//! `POST /v1/items/{id}/actions`: every verb through one endpoint.

use super::AppState;
use super::items::parse_id;
use super::write::{self, Idem};
use crate::api::{ActionReply, ActionRequest, paths};
use crate::model::{Ctx, SYSTEM_ACTOR, automation, decide};
use crate::server::ApiError;
use crate::server::auth::Auth;
use crate::server::extract::{body_bytes, idempotency_key, json_value, request_hash};
use crate::server::state::Counters;
use crate::store::ItemChange;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new().route(paths::ACTIONS, post(act))
}

async fn act(
    State(state): State<AppState>,
    Auth(operator): Auth,
    Path(raw_id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<ActionReply>), ApiError> {
    let id = parse_id(&raw_id)?;
    let bytes = body_bytes(body)?;
    let req = ActionRequest::from_json(json_value(&bytes)?).map_err(ApiError::invalid_body)?;
    let idem = Idem::new(
        &operator,
        idempotency_key(&headers)?,
        request_hash(&paths::actions(id.as_str()), &bytes),
    );
    if let Some((status, reply)) = write::replay(&state, idem.as_ref()).await? {
        return Ok((status, Json(reply)));
    }
    let item = state
        .store()
        .item(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no item {id}")))?;
    if item.version != req.expected_version {
        return Err(write::conflict(&state, &id, req.expected_version).await);
    }
    let related = match req.action.related_item() {
        Some(other) => state.store().item(other).await?,
        None => None,
    };
    let ctx = Ctx {
        actor: &operator,
        now: state.now(),
        policy: &state.config().policy,
        city: &state.config().city,
        override_claim: req.override_claim,
    };
    let decision = decide(&item, &req.action, related.as_ref(), &ctx).inspect_err(|_| {
        Counters::bump(&state.counters().actions_refused);
    })?;
    let actor = operator.actor();
    let own = ItemChange::fold(item, decision.own.clone(), &actor, ctx.now);
    let loads = |org: &str| state.board().load(org);
    let automatic = automation::after_change(&own.item, &decision.own, &ctx, &loads);
    let mut changes = vec![own.then(automatic, SYSTEM_ACTOR, ctx.now)];
    if let Some(other) = related.filter(|_| !decision.related.is_empty()) {
        changes.push(ItemChange::fold(other, decision.related, &actor, ctx.now));
    }
    let (status, reply) = write::commit(&state, changes, idem, StatusCode::OK).await?;
    Counters::bump(&state.counters().actions_applied);
    Ok((status, Json(reply)))
}
