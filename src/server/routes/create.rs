//! Creating an item and what the server does with it at once: an alert
//! firing again bumps the open one, an alert in a storm joins the storm's
//! parent, a ticket or incident gets likely duplicates suggested, and an
//! incident raised from an alert or ticket is linked both ways.

use super::AppState;
use super::write::{self, Idem};
use crate::api::ActionReply;
use crate::model::automation::{self, OpenRef, RULE_DUPLICATES};
use crate::model::{
    CreateItem, Created, Ctx, EventBody, Item, ItemId, Kind, LinkTarget, NewEvent, Operator, Place,
    SYSTEM_ACTOR, Stage, Tier, decide_create,
};
use crate::server::ApiError;
use crate::server::state::Counters;
use crate::store::ItemChange;
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
    let now = state.now();
    let ctx = Ctx {
        actor: operator,
        now,
        policy: &state.config().policy,
        city: &state.config().city,
        override_claim: false,
    };
    let source = match &req.raised_from {
        Some(id) => state.store().item(id).await?,
        None => None,
    };
    let created = decide_create(req, source.as_ref(), &ctx)?;
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
    let id = ItemId::new(req.kind, number);
    let actor = operator.actor();
    let new = new_item(id.clone(), created, &actor, now)?;
    let new = suggest_duplicates(state, new, now);
    let mut changes = vec![new];
    if let Some(source) = source {
        let link = EventBody::Linked {
            target: LinkTarget::Item(id.clone()),
        };
        changes.push(ItemChange::fold(source, vec![link], &actor, now));
    }
    Counters::bump(&state.counters().items_created);
    if req.kind == Kind::Alert
        && let Some(grouped) = storm(state, &changes, now).await?
    {
        // Members of the storm may move on under us; the alert itself
        // must not be lost to that, so it is created alone on a conflict.
        match write::commit(state, grouped, idem.clone(), StatusCode::CREATED).await {
            Err(ApiError::Conflict { .. }) => {}
            answer => return answer,
        }
    }
    write::commit(state, changes, idem, StatusCode::CREATED).await
}

/// The change creating an item from its `created` event.
fn new_item(
    id: ItemId,
    created: Created,
    actor: &str,
    at: crate::model::Timestamp,
) -> Result<ItemChange, ApiError> {
    let event = NewEvent {
        item_id: id,
        version: 1,
        actor: actor.to_owned(),
        at,
        body: EventBody::Created(Box::new(created)),
    };
    let item = Item::from_created(&event.clone().with_seq(0))
        .ok_or_else(|| ApiError::Internal("created event did not fold".into()))?;
    Ok(ItemChange {
        item,
        expected_version: 0,
        events: vec![event],
    })
}

/// Adds `duplicates_suggested` to a new ticket or incident that looks like
/// open ones.
fn suggest_duplicates(state: &AppState, change: ItemChange, now: crate::model::Timestamp) -> ItemChange {
    if change.item.kind == Kind::Alert {
        return change;
    }
    let candidates = state
        .board()
        .duplicates(&OpenRef::of(&change.item), &state.config().policy.duplicates);
    if candidates.is_empty() {
        return change;
    }
    let body = EventBody::DuplicatesSuggested {
        candidates,
        rule: RULE_DUPLICATES.to_owned(),
    };
    change.then(vec![body], SYSTEM_ACTOR, now)
}

/// The changes with the new alert (first in `changes`) grouped into its
/// storm: under the scope's open parent, or under a new parent once the
/// scope has `threshold` open alerts within the window. `None` when the
/// alert is not part of a storm.
async fn storm(
    state: &AppState,
    changes: &[ItemChange],
    now: crate::model::Timestamp,
) -> Result<Option<Vec<ItemChange>>, ApiError> {
    let Some((alert, rest)) = changes.split_first() else {
        return Ok(None);
    };
    let Some(scope) = automation::storm_scope(&alert.item.place) else {
        return Ok(None);
    };
    let storm = state.config().policy.storm;
    let (parent, recent) = state.board().storm(&scope, now - storm.window);
    let rule = |n: usize| format!("storm: {n} alerts in {scope} within {}", span(storm.window));
    let join = |parent: &ItemId, n: usize| {
        alert.clone().then(
            vec![EventBody::Grouped {
                parent: parent.clone(),
                rule: rule(n),
            }],
            SYSTEM_ACTOR,
            now,
        )
    };
    if let Some(parent_id) = parent {
        let Some(parent) = state.store().item(&parent_id).await? else {
            return Ok(None);
        };
        let added = EventBody::GroupAdded {
            child: alert.item.id.clone(),
        };
        let n = parent.children.len() + 1;
        let mut out = vec![
            join(&parent_id, n),
            ItemChange::fold(parent, vec![added], SYSTEM_ACTOR, now),
        ];
        out.extend(rest.iter().cloned());
        return Ok(Some(out));
    }
    if recent.len() + 1 < storm.threshold as usize {
        return Ok(None);
    }
    let mut members = Vec::with_capacity(recent.len());
    for id in &recent {
        if let Some(item) = state.store().item(id).await? {
            members.push(item);
        }
    }
    let parent = storm_parent(state, &scope, &alert.item, &members, now).await?;
    let parent_id = parent.item.id.clone();
    let mut added: Vec<EventBody> = members
        .iter()
        .map(|m| EventBody::GroupAdded { child: m.id.clone() })
        .collect();
    added.push(EventBody::GroupAdded {
        child: alert.item.id.clone(),
    });
    let n = members.len() + 1;
    let mut out = vec![join(&parent_id, n), parent.then(added, SYSTEM_ACTOR, now)];
    for member in members {
        let grouped = EventBody::Grouped {
            parent: parent_id.clone(),
            rule: rule(n),
        };
        out.push(ItemChange::fold(member, vec![grouped], SYSTEM_ACTOR, now));
    }
    out.extend(rest.iter().cloned());
    Ok(Some(out))
}

/// A new parent item for the storm in `scope`: the most urgent priority of
/// its alerts, their category when they share one.
async fn storm_parent(
    state: &AppState,
    scope: &str,
    alert: &Item,
    members: &[Item],
    now: crate::model::Timestamp,
) -> Result<ItemChange, ApiError> {
    let priority = members
        .iter()
        .map(|m| m.priority)
        .chain([alert.priority])
        .min()
        .unwrap_or(alert.priority);
    let category = alert.category.clone();
    let place = Place {
        district: alert.place.district.clone(),
        street: alert.place.street.clone(),
        grid: alert.place.grid.clone(),
        ..Place::default()
    };
    // 告警风暴 太和区 新民街道 网格 210711-01-05-03: 5 条告警
    let mut where_: Vec<String> = [&place.district, &place.street]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    where_.extend(place.grid.as_ref().map(|g| format!("网格 {g}")));
    if where_.is_empty() {
        where_.push(scope.to_owned());
    }
    let req = CreateItem {
        kind: Kind::Alert,
        category: category.clone(),
        title: format!("告警风暴 {}: {} 条告警", where_.join(" "), members.len() + 1),
        description: format!(
            "Alert storm: {} alerts in {scope} within {} (policy [storm])",
            members.len() + 1,
            span(state.config().policy.storm.window)
        ),
        priority: Some(priority),
        tier: Some(Tier::Grid),
        place,
        fingerprint: None,
        caller: None,
        raised_from: None,
    };
    let key = crate::model::ClockKey {
        kind: Kind::Alert,
        category: &category,
        priority,
        stage: Stage::Accept,
    };
    let deadline = state.config().policy.deadline(&key, now);
    let created = Created::from_request(&req, priority, Some(deadline));
    let number = state.store().next_number(Kind::Alert).await?;
    new_item(ItemId::new(Kind::Alert, number), created, SYSTEM_ACTOR, now)
}

/// `10 min`, or `10 s` for the short windows of a demo's fast policy.
fn span(d: time::Duration) -> String {
    if d.whole_seconds() % 60 == 0 && d.whole_minutes() > 0 {
        format!("{} min", d.whole_minutes())
    } else {
        format!("{} s", d.whole_seconds())
    }
}

/// One more firing of an open alert: bump its count and last-seen.
async fn recur(
    state: &AppState,
    operator: &Operator,
    item: Item,
    idem: Option<Idem>,
) -> Result<(StatusCode, ActionReply), ApiError> {
    let body = EventBody::Recurred {
        occurrences: item.occurrences.saturating_add(1),
    };
    let change = ItemChange::fold(item, vec![body], &operator.actor(), state.now());
    write::commit(state, vec![change], idem, StatusCode::OK).await
}
