//! Snapshot, one item with its history, and creating items.

use super::AppState;
use super::write::{self, Idem};
use crate::api::{ActionReply, ItemDetail, ItemView, SnapshotQuery, paths};
use crate::model::visibility::View;
use crate::model::{CreateItem, ItemId};
use crate::server::ApiError;
use crate::server::auth::Auth;
use crate::server::extract::{body_bytes, idempotency_key, json, request_hash};
use crate::store::SnapshotFilter;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(snapshot))
        .routes(routes!(create))
        .routes(routes!(item))
}

/// Parses an id from the path; a malformed one is simply not found.
pub fn parse_id(raw: &str) -> Result<ItemId, ApiError> {
    ItemId::parse(raw).ok_or_else(|| ApiError::NotFound(format!("no item {raw:?}: ids look like TKT-0981")))
}

#[utoipa::path(
    get,
    path = "/v1/snapshot",
    tag = "items",
    security(("bearer" = [])),
    params(crate::api::SnapshotQuery),
    responses(
        (status = 200, description = "the open items the caller may read, as of seq", body = crate::api::Snapshot),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody),
        (status = 503, description = "the server sheds load or the disk refuses writes (Retry-After)", body = crate::api::ErrorBody)
    )
)]
async fn snapshot(
    State(state): State<AppState>,
    Auth(operator): Auth,
    query: Result<Query<SnapshotQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
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
    let body = axum::body::Body::from_stream(snapshot_body(seq, items, View::of(&operator), state.now()));
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}

/// Items per piece of a streamed snapshot.
const SNAPSHOT_CHUNK: usize = 256;

/// The snapshot's JSON (the same bytes `Json(Snapshot)` would write) in
/// pieces of a few hundred items, so 40,000 open items never sit in memory
/// as one 20 MB string; each item goes through the reader's view as it is
/// written.
fn snapshot_body(
    seq: u64,
    items: Vec<crate::model::Item>,
    view: View,
    now: crate::model::Timestamp,
) -> impl futures::Stream<Item = Result<Bytes, std::convert::Infallible>> {
    async_stream::stream! {
        yield Ok(Bytes::from(format!("{{\"seq\":{seq},\"items\":[")));
        let mut first = true;
        let mut items = items.into_iter().filter_map(|i| view.item(i)).peekable();
        while items.peek().is_some() {
            let mut piece = Vec::with_capacity(SNAPSHOT_CHUNK * 512);
            for item in items.by_ref().take(SNAPSHOT_CHUNK) {
                // An item always serialises; were it ever not to, it is left
                // out whole rather than the array broken.
                let Ok(json) = serde_json::to_vec(&ItemView::new(item, now)) else {
                    continue;
                };
                if !first {
                    piece.push(b',');
                }
                first = false;
                piece.extend_from_slice(&json);
            }
            yield Ok(Bytes::from(piece));
        }
        yield Ok(Bytes::from_static(b"]}"));
    }
}

#[utoipa::path(
    get,
    path = "/v1/items/{id}",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = crate::model::ItemId, Path, description = "item id such as TKT-0981"),),
    responses(
        (status = 200, description = "the item, its history and the route hint", body = crate::api::ItemDetail),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 404, description = "no such item, or not in the caller's view", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody),
        (status = 503, description = "the server sheds load or the disk refuses writes (Retry-After)", body = crate::api::ErrorBody)
    )
)]
async fn item(
    State(state): State<AppState>,
    Auth(operator): Auth,
    Path(id): Path<String>,
) -> Result<Json<ItemDetail>, ApiError> {
    let id = parse_id(&id)?;
    let view = View::of(&operator);
    let not_found = || ApiError::NotFound(format!("no item {id}"));
    // Out of the reader's view is the same answer as not there, asked
    // before the history is read.
    let item = state
        .store()
        .item(&id)
        .await?
        .filter(|i| view.sees_item(i))
        .ok_or_else(not_found)?;
    let history = state.store().history(&id).await?;
    let route = route_hint(&state, &item);
    let detail = ItemDetail {
        item: ItemView::new(item, state.now()),
        history,
        route,
    };
    detail.for_view(&view).map(Json).ok_or_else(not_found)
}

/// Where the routes would send `item` now, with today's loads, when it
/// may be dispatched at all.
fn route_hint(state: &AppState, item: &crate::model::Item) -> Option<crate::api::RouteHint> {
    use crate::model::Status;
    if !matches!(
        item.status,
        Status::Accepted | Status::Dispatched | Status::InProgress
    ) {
        return None;
    }
    let config = state.config();
    let board = state.board();
    let loads = |org: &str| board.load(org);
    let choice = crate::model::automation::route(item, &config.policy, &config.city, &loads)?;
    Some(crate::api::RouteHint {
        department: choice.org,
        rule: choice.rule,
        auto: choice.auto,
    })
}

#[utoipa::path(
    post,
    path = "/v1/items",
    tag = "items",
    security(("bearer" = [])),
    params(("idempotency-key" = inline(Option<crate::api::IdempotencyKey>), Header, description = "makes the write safe to retry: 1 to 200 visible ASCII characters"),),
    request_body = crate::model::CreateItem,
    responses(
        (status = 201, description = "created; Location names the item", body = crate::api::ActionReply),
        (status = 200, description = "a retry with the same Idempotency-Key: the first answer", body = crate::api::ActionReply),
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
async fn create(
    State(state): State<AppState>,
    Auth(operator): Auth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let view = View::of(&operator);
    let (status, mut reply) = created(&state, &operator, &headers, body)
        .await
        .map_err(|e| e.for_view(&view))?;
    reply.redact_for(&view);
    Ok(created_response(status, reply))
}

/// The create's answer as the store gave it, before redaction.
async fn created(
    state: &AppState,
    operator: &crate::model::Operator,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    let bytes = body_bytes(body)?;
    let req: CreateItem = json(&bytes)?;
    let idem = Idem::new(
        operator,
        idempotency_key(headers)?,
        request_hash(paths::ITEMS, &bytes),
    );
    if let Some(replayed) = write::replay(state, idem.as_ref()).await? {
        return Ok(replayed);
    }
    super::create::create_item(state, operator, &req, idem).await
}

fn created_response(status: StatusCode, reply: ActionReply) -> Response {
    let location = paths::item(reply.item.item.id.as_str());
    (status, [(LOCATION, location)], Json(reply)).into_response()
}
