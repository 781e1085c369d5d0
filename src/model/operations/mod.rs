//! Whole operations: "act on this item" and "create this item", each
//! returning every change it makes — the operator's events, then what the
//! server does by itself at once (the escalation after too many returns,
//! auto-dispatch, duplicate suggestions, storm grouping, links to the item
//! an incident was raised from). The server's handlers load, make one of
//! these calls, commit what it returns and answer; the rules stay here,
//! where they are tested without a server.

mod revise;
mod storm;

pub use revise::revision;

pub use storm::{StormNeighbours, needs_new_parent, span};

use super::action::Action;
use super::automation::{self, Loads, OpenRef, RULE_DUPLICATES};
use super::change::Change;
use super::event::{Created, EventBody, NewEvent};
use super::ids::{ItemId, Kind};
use super::item::Item;
use super::lifecycle::{Ctx, Refusal, decide};
use super::policy::Policy;
use super::role::SYSTEM_ACTOR;
use super::{LinkTarget, Timestamp};

/// The server's in-memory answers an operation needs: department loads
/// for auto-dispatch, open look-alikes for duplicate suggestions.
pub trait Surroundings: Loads {
    /// Open items that look like `item` under the policy's duplicate rule.
    fn duplicates(&self, item: &OpenRef) -> Vec<ItemId>;
}

/// `action` on `item` by `ctx.actor`: the item's change (with the
/// automatic steps that follow it) first, then the related item's of a
/// merge or link.
pub fn act(
    item: Item,
    action: &Action,
    related: Option<Item>,
    ctx: &Ctx<'_>,
    around: &dyn Surroundings,
) -> Result<Vec<Change>, Refusal> {
    let decision = decide(&item, action, related.as_ref(), ctx)?;
    let actor = ctx.actor.actor();
    let own = Change::fold(item, decision.own.clone(), &actor, ctx.now);
    let automatic = automation::after_change(&own.item, &decision.own, ctx, around);
    let mut changes = vec![own.then(automatic, SYSTEM_ACTOR, ctx.now)];
    if let Some(other) = related.filter(|_| !decision.related.is_empty()) {
        changes.push(Change::fold(other, decision.related, &actor, ctx.now));
    }
    Ok(changes)
}

/// What the clock owes `item` at `now` (warnings, breaches, chases,
/// supervision rungs) as the system's change, or `None` when nothing is.
pub fn on_time(item: &Item, now: Timestamp, policy: &Policy) -> Option<Change> {
    let bodies = automation::on_time(item, now, policy);
    (!bodies.is_empty()).then(|| Change::fold(item.clone(), bodies, SYSTEM_ACTOR, now))
}

/// One more firing of an open alert: its count and last-seen go up.
pub fn recur(alert: Item, ctx: &Ctx<'_>) -> Change {
    recur_by(alert, &ctx.actor.actor(), ctx.now)
}

/// As [`recur`], by `actor` at `at`: what the store's writer applies to the
/// alert as it finds it open, inside its transaction.
pub fn recur_by(alert: Item, actor: &str, at: Timestamp) -> Change {
    let body = EventBody::Recurred {
        occurrences: alert.occurrences.saturating_add(1),
    };
    Change::fold(alert, vec![body], actor, at)
}

/// What a create commits: everything, and the same without the storm
/// grouping — committed instead when a storm member moved on meanwhile,
/// so the alert itself is never lost to that race.
#[derive(Debug, Clone)]
pub struct Creation {
    pub changes: Vec<Change>,
    pub without_storm: Option<Vec<Change>>,
    /// How the writer joins the storm again when its parent moved on.
    pub rebase: Option<crate::model::Rebase>,
}

/// Creates item `id` as `created` says (`decide_create` checked the
/// report). `source` is the item named by `raised_from`, `storm` the open
/// alerts around a new alert's place (with a number for a new storm parent
/// when [`needs_new_parent`] said so).
pub fn create(
    created: Created,
    id: ItemId,
    source: Option<Item>,
    storm: Option<StormNeighbours>,
    ctx: &Ctx<'_>,
    around: &dyn Surroundings,
) -> Result<Creation, Refusal> {
    let kind = created.kind;
    let new = new_item(id.clone(), created, &ctx.actor.actor(), ctx.now)?;
    let new = suggest_duplicates(new, ctx.now, around);
    let mut changes = vec![new];
    if let Some(source) = source {
        let link = EventBody::Linked {
            target: LinkTarget::Item(id),
        };
        changes.push(Change::fold(source, vec![link], &ctx.actor.actor(), ctx.now));
    }
    let grouped = match (kind, storm) {
        (Kind::Alert, Some(neighbours)) => storm::group(&changes, neighbours, ctx),
        _ => None,
    };
    Ok(match grouped {
        Some((grouped, rebase)) => Creation {
            changes: grouped,
            without_storm: Some(changes),
            rebase,
        },
        None => Creation {
            changes,
            without_storm: None,
            rebase: None,
        },
    })
}

/// The change creating an item from its `created` event.
fn new_item(id: ItemId, created: Created, actor: &str, at: Timestamp) -> Result<Change, Refusal> {
    let event = NewEvent {
        item_id: id,
        version: 1,
        actor: actor.to_owned(),
        at,
        body: EventBody::Created(Box::new(created)),
    };
    let item = Item::from_created(&event.clone().with_seq(0))
        .ok_or_else(|| Refusal::Invalid("the new item did not fold".into()))?;
    Ok(Change {
        item,
        expected_version: 0,
        events: vec![event],
    })
}

/// Adds `duplicates_suggested` to a new ticket or incident that looks like
/// open ones.
fn suggest_duplicates(change: Change, now: Timestamp, around: &dyn Surroundings) -> Change {
    if change.item.kind == Kind::Alert {
        return change;
    }
    let candidates = around.duplicates(&OpenRef::of(&change.item));
    if candidates.is_empty() {
        return change;
    }
    let body = EventBody::DuplicatesSuggested {
        candidates,
        rule: RULE_DUPLICATES.to_owned(),
    };
    change.then(vec![body], SYSTEM_ACTOR, now)
}

#[cfg(test)]
mod tests;
