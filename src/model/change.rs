//! One item's part of a commit: its state after, the version it must still
//! be at, and the events that take it there. The model's operations return
//! changes; the store commits them as they are.

use super::Timestamp;
use super::event::{EventBody, NewEvent};
use super::ids::ItemId;
use super::item::Item;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Change {
    pub item: Item,
    /// 0 for an item being created.
    pub expected_version: u64,
    pub events: Vec<NewEvent>,
}

impl Change {
    /// Whether no event of the change moves the item's status, callers or
    /// closing facts ([`EventBody::keeps_status_and_callers`]): the stores
    /// then leave the caller index and the facts row as they are.
    pub fn keeps_status_and_callers(&self) -> bool {
        self.events.iter().all(|e| e.body.keeps_status_and_callers())
    }

    /// This change followed by `bodies` by another actor (the server's
    /// automatic steps after an operator's), in the same commit.
    pub fn then(mut self, bodies: Vec<EventBody>, actor: &str, at: Timestamp) -> Self {
        let next = self.item.version + 1;
        for (body, version) in bodies.into_iter().zip(next..) {
            let event = NewEvent {
                item_id: self.item.id.clone(),
                version,
                actor: actor.to_owned(),
                at,
                body,
            };
            self.item.apply(&event.clone().with_seq(0));
            self.events.push(event);
        }
        self
    }

    /// The item after `bodies`, numbered from its current version (which
    /// the commit will insist is still current), all by `actor` at `at`.
    pub fn fold(item: Item, bodies: Vec<EventBody>, actor: &str, at: Timestamp) -> Self {
        let expected_version = item.version;
        Change {
            item,
            expected_version,
            events: Vec::new(),
        }
        .then(bodies, actor, at)
    }
}

/// How a commit is decided again when `item` moved on since it was read:
/// the changes to commit instead, made from `item` as it is now, or `None`
/// to give up (the commit then conflicts as usual). The store's writer
/// calls it inside its transaction, where nothing can move the item
/// again, so a decision that depends on a busy item (an alert joining a
/// storm parent that every alert of a sensor storm joins) is made once, on
/// fresh data, on whichever replica the request came to.
#[derive(Clone)]
pub struct Rebase {
    pub item: ItemId,
    pub build: Arc<dyn Fn(Item) -> Option<Vec<Change>> + Send + Sync>,
}

impl std::fmt::Debug for Rebase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rebase({})", self.item)
    }
}
