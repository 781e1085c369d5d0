//! One item's part of a commit: its state after, the version it must still
//! be at, and the events that take it there. The model's operations return
//! changes; the store commits them as they are.

use super::Timestamp;
use super::event::{EventBody, NewEvent};
use super::item::Item;

#[derive(Debug, Clone)]
pub struct Change {
    pub item: Item,
    /// 0 for an item being created.
    pub expected_version: u64,
    pub events: Vec<NewEvent>,
}

impl Change {
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
