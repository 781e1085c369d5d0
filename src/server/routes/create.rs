//! Creating an item: load what the model needs (the item it is raised
//! from, a firing alert's open twin, the storm around a new alert), one
//! model operation, commit, answer. An alert whose fingerprint matches an
//! open alert counts one more firing of it instead.

use super::AppState;
use super::write::{self, Idem};
use crate::api::ActionReply;
use crate::model::operations::{self, StormNeighbours, needs_new_parent};
use crate::model::{CreateItem, Ctx, ItemId, Kind, Operator, Place, automation, decide_create};
use crate::server::ApiError;
use crate::server::state::Counters;
use axum::http::StatusCode;

/// Times a firing of an open alert is retried after losing a race.
const RECUR_TRIES: usize = 8;

/// Creates the item, or, for an alert whose fingerprint matches an open
/// alert, counts one more occurrence of that alert instead.
pub async fn create_item(
    state: &AppState,
    operator: &Operator,
    req: &CreateItem,
    idem: Option<Idem>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    let ctx = Ctx {
        actor: operator,
        now: state.now(),
        policy: &state.config().policy,
        city: &state.config().city,
        override_claim: false,
    };
    let source = match &req.raised_from {
        Some(id) => state.store().item(id).await?,
        None => None,
    };
    // Refused reports are refused before a firing is counted.
    let created = decide_create(req, source.as_ref(), &ctx)?;
    if let (Kind::Alert, Some(fp)) = (req.kind, &req.fingerprint) {
        // Another firing or an action may move the open alert on between
        // our read and our commit: read it again rather than answer a
        // sensor's report with a conflict.
        for _ in 0..RECUR_TRIES {
            let Some(open) = state.store().open_alert(fp).await? else {
                break;
            };
            let change = operations::recur(open, &ctx);
            match write::commit(state, vec![change], idem.clone(), StatusCode::OK).await {
                Err(ApiError::Conflict { .. }) => {}
                answer => return answer,
            }
        }
    }
    let id = ItemId::new(req.kind, state.store().next_number(req.kind).await?);
    let storm = match req.kind {
        Kind::Alert => storm_neighbours(state, &req.place, ctx.now).await?,
        _ => None,
    };
    let around = state.board().around(ctx.policy);
    let creation = operations::create(created, id, source, storm, &ctx, &around)?;
    Counters::bump(&state.counters().items_created);
    if let Some(alone) = creation.without_storm {
        // Members of the storm may move on under us; the alert itself
        // must not be lost to that, so it is created alone on a conflict.
        match write::commit(state, creation.changes, idem.clone(), StatusCode::CREATED).await {
            Err(ApiError::Conflict { .. }) => {}
            answer => return answer,
        }
        return write::commit(state, alone, idem, StatusCode::CREATED).await;
    }
    write::commit(state, creation.changes, idem, StatusCode::CREATED).await
}

/// The open alerts around a new alert at `place`, from the board, loaded
/// from the store; a number for a new storm parent when one is needed.
async fn storm_neighbours(
    state: &AppState,
    place: &Place,
    now: crate::model::Timestamp,
) -> Result<Option<StormNeighbours>, ApiError> {
    let Some(scope) = automation::storm_scope(place) else {
        return Ok(None);
    };
    let rule = state.config().policy.storm;
    let (parent, recent) = state.board().storm(&scope, now - rule.window);
    if let Some(parent_id) = parent {
        let Some(parent) = state.store().item(&parent_id).await? else {
            return Ok(None);
        };
        return Ok(Some(StormNeighbours {
            scope,
            parent: Some(parent),
            recent: Vec::new(),
            new_parent: None,
        }));
    }
    if !needs_new_parent(recent.len(), &rule) {
        return Ok(None);
    }
    let mut members = Vec::with_capacity(recent.len());
    for id in &recent {
        members.extend(state.store().item(id).await?);
    }
    let number = state.store().next_number(Kind::Alert).await?;
    Ok(Some(StormNeighbours {
        scope,
        parent: None,
        recent: members,
        new_parent: Some(ItemId::new(Kind::Alert, number)),
    }))
}
