//! Creating an item: load what the model needs (the item it is raised
//! from, a firing alert's open twin, the storm around a new alert), one
//! model operation, commit, answer. An alert whose fingerprint matches an
//! open alert counts one more firing of it instead.

use super::AppState;
use super::write::{self, Idem};
use crate::api::ActionReply;
use crate::model::operations::{self, StormNeighbours, needs_new_parent};
use crate::model::{CreateItem, Ctx, ItemId, Kind, Operator, Origin, Place, automation, decide_create};
use crate::server::ApiError;
use crate::server::state::Counters;
use crate::store::{Foreign, Recur};
use axum::http::StatusCode;
use std::sync::Arc;

/// Times a firing of an open alert is retried after losing a race.
const RECUR_TRIES: usize = 8;
/// Times a new alert tries to join its storm after losing a race for the
/// parent to another alert of the scope.
const STORM_TRIES: usize = 64;

/// Creates the item, or, for an alert whose fingerprint matches an open
/// alert, counts one more occurrence of that alert instead.
pub async fn create_item(
    state: &AppState,
    operator: &Operator,
    req: &CreateItem,
    idem: Option<Idem>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    create_from(state, operator, req, idem, None).await
}

/// As [`create_item`], for a document a standard brought: the origin goes
/// on the created event, the foreign id (and the document) into the same
/// commit. A foreign id another delivery took first answers 409.
pub async fn create_from(
    state: &AppState,
    operator: &Operator,
    req: &CreateItem,
    idem: Option<Idem>,
    feed: Option<(Origin, Foreign)>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    let (origin, foreign) = feed.unzip();
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
    let mut created = decide_create(req, source.as_ref(), &ctx)?;
    created.origin = origin;
    let recur = match (req.kind, &req.fingerprint) {
        (Kind::Alert, Some(_)) => Some(recur_of(operator, ctx.now)),
        _ => None,
    };
    if let (Some(recur), Some(fp)) = (&recur, &req.fingerprint) {
        // The writer counts the firing on the alert as it finds it open;
        // only a close between our read and its commit sends us round again.
        for _ in 0..RECUR_TRIES {
            let Some(open) = state.store().open_alert(fp).await? else {
                break;
            };
            let change = operations::recur(open, &ctx);
            let commit = write::commit_foreign(
                state,
                vec![change],
                idem.clone(),
                StatusCode::OK,
                Some(recur.clone()),
                foreign.clone(),
                None,
            );
            match commit.await {
                Err(ApiError::Conflict { .. }) => {}
                answer => return answer,
            }
        }
    }
    let id = ItemId::new(req.kind, state.store().next_number(req.kind).await?);
    Counters::bump(&state.counters().items_created);
    // A storm's parent takes a new version with every alert that joins it,
    // so alerts of one scope arriving together conflict on it (a sensor
    // storm is exactly that). The loser reads the storm again and joins;
    // only after STORM_TRIES lost races is it created alone, so the alert
    // itself is never lost to the race. A twin committed since our read is
    // caught by the writer, which then counts this firing on it instead
    // (`recur`).
    let mut alone = None;
    for attempt in 0..STORM_TRIES {
        // Decide on every commit any replica made before this attempt.
        state.caught_up().await;
        let storm = match req.kind {
            Kind::Alert => storm_neighbours(state, &req.place, ctx.now).await?,
            _ => None,
        };
        let creation = {
            let around = state.board().around(ctx.policy);
            operations::create(created.clone(), id.clone(), source.clone(), storm, &ctx, &around)?
        };
        let Some(without_storm) = creation.without_storm else {
            return write::commit_foreign(
                state,
                creation.changes,
                idem,
                StatusCode::CREATED,
                recur,
                foreign,
                None,
            )
            .await;
        };
        // A parent that moved on is joined again by the writer (`rebase`);
        // a conflict here means a member moved on, or the storm ended.
        let all = write::commit_foreign(
            state,
            creation.changes,
            idem.clone(),
            StatusCode::CREATED,
            recur.clone(),
            foreign.clone(),
            creation.rebase,
        );
        match all.await {
            Err(ApiError::Conflict { .. }) => alone = Some(without_storm),
            answer => return answer,
        }
        // The winner's commit reaches the board just after its answer:
        // wait a moment before reading the storm again.
        tokio::time::sleep(std::time::Duration::from_millis(1 << attempt.min(2))).await;
    }
    let alone = alone.ok_or_else(|| ApiError::Internal("no storm attempt was made".into()))?;
    write::commit_foreign(state, alone, idem, StatusCode::CREATED, recur, foreign, None).await
}

/// One more firing by `operator` at `now` of whichever alert the writer
/// finds open under the fingerprint.
fn recur_of(operator: &Operator, now: crate::model::Timestamp) -> Recur {
    let actor = operator.actor();
    Recur(Arc::new(move |open| operations::recur_by(open, &actor, now)))
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
    // Grouped meanwhile, by a commit this board has not seen yet (another
    // replica's): that storm is running, join it instead of starting one.
    if let Some(parent_id) = members.iter().find_map(|m| m.parent.clone())
        && let Some(parent) = state.store().item(&parent_id).await?
        && parent.status.is_open()
    {
        return Ok(Some(StormNeighbours {
            scope,
            parent: Some(parent),
            recent: Vec::new(),
            new_parent: None,
        }));
    }
    let number = state.store().next_number(Kind::Alert).await?;
    Ok(Some(StormNeighbours {
        scope,
        parent: None,
        recent: members,
        new_parent: Some(ItemId::new(Kind::Alert, number)),
    }))
}
