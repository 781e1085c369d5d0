//! The write path shared by creates and actions: idempotent replay,
//! commit, and turning the store's answer into a reply.

use super::AppState;
use crate::api::{ActionReply, ItemView};
use crate::model::Change;
use crate::model::{Event, Item, ItemId, Operator};
use crate::server::ApiError;
use crate::server::state::Counters;
use crate::store::{Commit, Committed, Foreign, IdemKey, IdemRecord, Recur};
use axum::http::StatusCode;

/// The idempotency context of one write.
#[derive(Clone)]
pub struct Idem {
    pub key: IdemKey,
    pub hash: String,
}

impl Idem {
    pub fn new(operator: &Operator, key: Option<String>, hash: String) -> Option<Idem> {
        key.map(|key| Idem {
            key: IdemKey {
                operator: operator.login.clone(),
                key,
            },
            hash,
        })
    }
}

/// A stored first answer for this key, if the request was made before.
pub async fn replay(
    state: &AppState,
    idem: Option<&Idem>,
) -> Result<Option<(StatusCode, ActionReply)>, ApiError> {
    let Some(idem) = idem else {
        return Ok(None);
    };
    match state.store().idempotent(&idem.key, &idem.hash).await? {
        Some(found) => answer(state, found).map(Some),
        None => Ok(None),
    }
}

/// Commits `changes` (primary item first) and replies with the primary
/// item and every event appended; with `recur`, the writer counts that
/// firing instead of creating a twin of an open alert; with `foreign`, it
/// records a standard's foreign id with the commit, and a creation whose
/// foreign id another commit took first answers 409 about that item, so
/// the caller reads it and updates it instead.
pub async fn commit_foreign(
    state: &AppState,
    changes: Vec<Change>,
    idem: Option<Idem>,
    status: StatusCode,
    recur: Option<Recur>,
    foreign: Option<Foreign>,
    rebase: Option<crate::model::Rebase>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    match try_commit_or_recur(state, changes, idem, status, recur, foreign, rebase).await? {
        Ok(reply) => Ok(reply),
        Err((item_id, version)) => Err(conflict(state, &item_id, version).await),
    }
}

/// As [`commit_foreign`], but when an item other than the primary moved on
/// between our read and our write (the ticker chased the item a merge goes
/// into, say) says which and at what version we read it, so the handler
/// can read again and retry: the caller's `expected_version` was about the
/// primary item only.
pub async fn try_commit(
    state: &AppState,
    changes: Vec<Change>,
    idem: Option<Idem>,
    status: StatusCode,
) -> Result<Result<(StatusCode, ActionReply), (ItemId, u64)>, ApiError> {
    try_commit_or_recur(state, changes, idem, status, None, None, None).await
}

/// As [`try_commit`], with the firing the writer counts instead when the
/// first change creates an alert whose fingerprint is already open.
pub async fn try_commit_or_recur(
    state: &AppState,
    changes: Vec<Change>,
    idem: Option<Idem>,
    status: StatusCode,
    recur: Option<Recur>,
    foreign: Option<Foreign>,
    rebase: Option<crate::model::Rebase>,
) -> Result<Result<(StatusCode, ActionReply), (ItemId, u64)>, ApiError> {
    let idempotency = idem.map(|i| IdemRecord {
        key: i.key,
        request_hash: i.hash,
        status: status.as_u16(),
    });
    let primary = changes.first().map(|c| c.item.clone());
    let expected: Vec<(ItemId, u64)> = changes
        .iter()
        .map(|c| (c.item.id.clone(), c.expected_version))
        .collect();
    let outcome = state
        .commit(Commit {
            changes,
            idempotency,
            recur,
            foreign,
            rebase,
        })
        .await?;
    let read_at = |item_id: &ItemId| {
        expected
            .iter()
            .find(|(id, _)| id == item_id)
            .map_or(0, |(_, v)| *v)
    };
    match (outcome, primary) {
        (Committed::Applied(events), Some(item)) => Ok(Ok((
            status,
            ActionReply {
                item: ItemView::new(item, state.now()),
                events,
            },
        ))),
        (Committed::Rebased { mut items, events }, _) if !items.is_empty() => Ok(Ok((
            status,
            ActionReply {
                item: ItemView::new(items.swap_remove(0), state.now()),
                events,
            },
        ))),
        (Committed::Recurred { item, events }, _) => Ok(Ok((
            StatusCode::OK,
            ActionReply {
                item: ItemView::new(*item, state.now()),
                events,
            },
        ))),
        (Committed::Conflict { item_id, .. }, Some(primary)) if item_id != primary.id => {
            let version = read_at(&item_id);
            Ok(Err((item_id, version)))
        }
        // Someone committed between our read and our write: the same 409 as
        // a stale expected_version.
        (Committed::Conflict { item_id, .. }, _) => {
            let version = read_at(&item_id);
            Err(conflict(state, &item_id, version).await)
        }
        (Committed::Known { item_id }, _) => Ok(Err((item_id, 0))),
        (other, _) => answer(state, other).map(Ok),
    }
}

/// Turns a non-applied outcome into its reply or error.
fn answer(state: &AppState, outcome: Committed) -> Result<(StatusCode, ActionReply), ApiError> {
    match outcome {
        Committed::Replay(stored) => {
            Counters::bump(&state.counters().idempotent_replays);
            let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
            Ok((
                status,
                ActionReply {
                    item: ItemView::new(stored.item, state.now()),
                    events: stored.events,
                },
            ))
        }
        Committed::KeyReused => Err(ApiError::KeyReused),
        Committed::FingerprintOpen { item_id, open } => Err(ApiError::Invalid(format!(
            "{item_id} cannot be open beside {open}, an open alert with the same fingerprint: \
             firings are counted on {open}"
        ))),
        Committed::Recurred { .. } => Err(ApiError::Internal("a firing counted unasked".into())),
        Committed::Known { item_id } => Err(ApiError::Internal(format!(
            "a foreign id unasked, naming {item_id}"
        ))),
        Committed::Conflict { item_id, .. } => {
            Err(ApiError::Internal(format!("unexpected conflict on {item_id}")))
        }
        Committed::Applied(_) | Committed::Rebased { .. } => {
            Err(ApiError::Internal("a commit without items".into()))
        }
    }
}

/// The 409 for a stale `expected_version`: the item as it is now, and the
/// event that moved it, so the caller can say who changed what.
pub async fn conflict(state: &AppState, id: &ItemId, expected: u64) -> ApiError {
    Counters::bump(&state.counters().conflicts);
    let current = match state.store().item(id).await {
        Ok(Some(item)) => item,
        Ok(None) => return ApiError::NotFound(format!("no item {id}")),
        Err(e) => return e.into(),
    };
    let last_event = state.store().last_event(id).await.ok().flatten();
    conflict_error(state, current, last_event, expected)
}

pub fn conflict_error(state: &AppState, current: Item, last_event: Option<Event>, expected: u64) -> ApiError {
    ApiError::Conflict {
        expected,
        current: Box::new(ItemView::new(current, state.now())),
        last_event: last_event.map(Box::new),
    }
}
