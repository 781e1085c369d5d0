//! `POST /v1/items/{id}/actions`: every verb through one endpoint. Load,
//! one model operation, commit, answer.

use super::AppState;
use super::items::parse_id;
use super::write::{self, Idem};
use crate::api::{ActionReply, ActionRequest, paths};
use crate::model::visibility::View;
use crate::model::{Action, Ctx, Item, Operator, operations};
use crate::server::ApiError;
use crate::server::auth::Auth;
use crate::server::extract::{body_bytes, idempotency_key, json_value, request_hash};
use crate::server::state::Counters;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Reads again after the other item of a merge or link moved on under us
/// (the ticker's chases and warnings land at any moment); the caller's
/// version was about their own item, which is checked afresh each time.
const RETRIES: usize = 8;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(act))
}

#[utoipa::path(
    post,
    path = "/v1/items/{id}/actions",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = crate::model::ItemId, Path, description = "item id such as TKT-0981"),
        ("idempotency-key" = inline(Option<crate::api::IdempotencyKey>), Header, description = "makes the write safe to retry: 1 to 200 visible ASCII characters"),),
    request_body = crate::api::ActionRequest,
    responses(
        (status = 200, description = "applied, or a retry's first answer", body = crate::api::ActionReply),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 404, description = "no such item, or not in the caller's view", body = crate::api::ErrorBody),
        (status = 409, description = "stale expected_version, or someone else's claim", body = crate::api::ErrorBody),
        (status = 413, description = "body larger than 64 KiB", body = crate::api::ErrorBody),
        (status = 422, description = "well-formed but invalid: a field out of range, a transition the item's state forbids", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody),
        (status = 503, description = "the server sheds load or the disk refuses writes (Retry-After)", body = crate::api::ErrorBody)
    )
)]
async fn act(
    State(state): State<AppState>,
    Auth(operator): Auth,
    Path(raw_id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<ActionReply>), ApiError> {
    let view = View::of(&operator);
    let (status, mut reply) = acted(&state, &operator, &raw_id, &headers, body)
        .await
        .map_err(|e| e.for_view(&view))?;
    reply.redact_for(&view);
    Ok((status, Json(reply)))
}

/// The action's answer as the store gave it, before redaction.
async fn acted(
    state: &AppState,
    operator: &Operator,
    raw_id: &str,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    let id = parse_id(raw_id)?;
    let bytes = body_bytes(body)?;
    let req = ActionRequest::from_json(json_value(&bytes)?).map_err(ApiError::invalid_body)?;
    let idem = Idem::new(
        operator,
        idempotency_key(headers)?,
        request_hash(&paths::actions(id.as_str()), &bytes),
    );
    if let Some((status, reply)) = write::replay(state, idem.as_ref()).await? {
        return Ok((status, reply));
    }
    match attempt(state, operator, &id, &req, idem.clone()).await {
        // A retry that raced its first attempt finds the item moved on by
        // that very attempt: its answer is the first one, never a 409.
        Err(conflict @ ApiError::Conflict { .. }) => match write::replay(state, idem.as_ref()).await? {
            Some(first) => Ok(first),
            None => Err(conflict),
        },
        answer => answer,
    }
}

/// Reads, decides and commits, reading again when another item of the
/// action moved on under us.
async fn attempt(
    state: &AppState,
    operator: &Operator,
    id: &crate::model::ItemId,
    req: &ActionRequest,
    idem: Option<Idem>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    let mut tries = 0;
    loop {
        // A copy at the version the caller saw spares the read: the commit
        // checks that version under the log's lock all the same. A retry
        // reads the log.
        let at_hand = (tries == 0)
            .then(|| state.store().item_at_hand(id))
            .flatten()
            .filter(|i| i.version == req.expected_version);
        let item = match at_hand {
            Some(item) => Some(item),
            None => state.store().item(id).await?,
        };
        let item = item
            // An item out of the actor's view is not there for them: a
            // unit cannot learn where another department's work went by
            // trying to act on it.
            .filter(|i| View::of(operator).sees_item(i))
            .ok_or_else(|| ApiError::NotFound(format!("no item {id}")))?;
        if item.version != req.expected_version {
            return Err(write::conflict(state, id, req.expected_version).await);
        }
        let changes = changes(state, operator, item, req).await?;
        tries += 1;
        match write::try_commit(state, changes, idem.clone(), StatusCode::OK).await? {
            Ok((status, reply)) => {
                Counters::bump(&state.counters().actions_applied);
                return Ok((status, reply));
            }
            Err((other, version)) if tries >= RETRIES => {
                return Err(write::conflict(state, &other, version).await);
            }
            Err(_) => {}
        }
    }
}

/// What the action changes, as the model decides it on what we read now.
async fn changes(
    state: &AppState,
    operator: &Operator,
    item: Item,
    req: &ActionRequest,
) -> Result<Vec<crate::model::Change>, ApiError> {
    let related = match req.action.related_item() {
        Some(other) => state.store().item(other).await?,
        None => None,
    };
    let ctx = Ctx {
        actor: operator,
        now: state.now(),
        policy: &state.config().policy,
        city: &state.config().city,
        override_claim: req.override_claim,
    };
    // An item accepted (or handed back) may be routed to the least-loaded
    // department: with replicas, decide on every commit any of them made
    // before this request, as one server would.
    if matches!(req.action, Action::Accept {} | Action::Return { .. }) {
        state.caught_up().await;
    }
    let around = state.board().around(&state.config().policy);
    operations::act(item, &req.action, related, &ctx, &around)
        .inspect_err(|_| {
            Counters::bump(&state.counters().actions_refused);
        })
        .map_err(ApiError::from)
}
