//! Snapshot, one item with its history, and creating items.

use super::AppState;
use super::write::{self, Idem};
use crate::api::{ActionReply, ItemDetail, ItemView, Snapshot, SnapshotQuery, paths};
use crate::model::{CreateItem, Ctx, EventBody, Item, ItemId, Kind, NewEvent, Operator, decide_create};
use crate::server::ApiError;
use crate::server::auth::Auth;
use crate::server::extract::{body_bytes, idempotency_key, json, request_hash};
use crate::server::state::Counters;
use crate::store::{ItemChange, SnapshotFilter};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::SNAPSHOT, get(snapshot))
        .route(paths::ITEMS, post(create))
        .route(paths::ITEM, get(item))
}

/// Parses an id from the path; a malformed one is simply not found.
pub fn parse_id(raw: &str) -> Result<ItemId, ApiError> {
    ItemId::parse(raw).ok_or_else(|| ApiError::NotFound(format!("no item {raw:?}: ids look like TKT-0981")))
}

async fn snapshot(
    State(state): State<AppState>,
    Auth(_): Auth,
    query: Result<Query<SnapshotQuery>, QueryRejection>,
) -> Result<Json<Snapshot>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest {
        code: "bad_query",
        message: e.body_text(),
    })?;
    let filter = SnapshotFilter {
        kind: q.kind,
        status: q.status,
        district: q.district,
    };
    let (seq, items) = state.store().snapshot(&filter).await?;
    let now = state.now();
    Ok(Json(Snapshot {
        seq,
        items: items.into_iter().map(|i| ItemView::new(i, now)).collect(),
    }))
}

async fn item(
    State(state): State<AppState>,
    Auth(_): Auth,
    Path(id): Path<String>,
) -> Result<Json<ItemDetail>, ApiError> {
    let id = parse_id(&id)?;
    let item = state
        .store()
        .item(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no item {id}")))?;
    let history = state.store().history(&id).await?;
    Ok(Json(ItemDetail {
        item: ItemView::new(item, state.now()),
        history,
    }))
}

async fn create(
    State(state): State<AppState>,
    Auth(operator): Auth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let bytes = body_bytes(body)?;
    let req: CreateItem = json(&bytes)?;
    let idem = Idem::new(
        &operator,
        idempotency_key(&headers)?,
        request_hash(paths::ITEMS, &bytes),
    );
    if let Some((status, reply)) = write::replay(&state, idem.as_ref()).await? {
        return Ok(created_response(status, reply));
    }
    let (status, reply) = create_item(&state, &operator, &req, idem).await?;
    Ok(created_response(status, reply))
}

fn created_response(status: StatusCode, reply: ActionReply) -> Response {
    let location = paths::item(reply.item.item.id.as_str());
    (status, [(LOCATION, location)], Json(reply)).into_response()
}

/// Times a firing of an open alert is retried after losing a race.
const RECUR_TRIES: usize = 8;

/// Creates the item, or, for an alert whose fingerprint matches an open
/// alert, counts one more occurrence of that alert instead.
async fn create_item(
    state: &AppState,
    operator: &Operator,
    req: &CreateItem,
    idem: Option<Idem>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    let now = state.now();
    let ctx = Ctx {
        actor: operator,
        now,
        policy: &state.config().policy,
        city: &state.config().city,
        override_claim: false,
    };
    let created = decide_create(req, &ctx)?;
    if let (Kind::Alert, Some(fp)) = (req.kind, &req.fingerprint) {
        // Another firing or an action may move the open alert on between
        // our read and our commit: read it again rather than answer a
        // sensor's report with a conflict.
        for _ in 0..RECUR_TRIES {
            let Some(open) = state.store().open_alert(fp).await? else {
                break;
            };
            match recur(state, operator, open, idem.clone()).await {
                Err(ApiError::Conflict { .. }) => {}
                answer => return answer,
            }
        }
    }
    let number = state.store().next_number(req.kind).await?;
    let event = NewEvent {
        item_id: ItemId::new(req.kind, number),
        version: 1,
        actor: operator.actor(),
        at: now,
        body: EventBody::Created(Box::new(created)),
    };
    let item = Item::from_created(&event.clone().with_seq(0))
        .ok_or_else(|| ApiError::Internal("created event did not fold".into()))?;
    Counters::bump(&state.counters().items_created);
    let change = ItemChange {
        item,
        expected_version: 0,
        events: vec![event],
    };
    write::commit(state, vec![change], idem, StatusCode::CREATED).await
}

/// One more firing of an open alert: bump its count and last-seen.
async fn recur(
    state: &AppState,
    operator: &Operator,
    mut item: Item,
    idem: Option<Idem>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    let expected = item.version;
    let event = NewEvent {
        item_id: item.id.clone(),
        version: expected + 1,
        actor: operator.actor(),
        at: state.now(),
        body: EventBody::Recurred {
            occurrences: item.occurrences.saturating_add(1),
        },
    };
    item.apply(&event.clone().with_seq(0));
    let change = ItemChange {
        item,
        expected_version: expected,
        events: vec![event],
    };
    write::commit(state, vec![change], idem, StatusCode::OK).await
}
