//! Copies of items a replica keeps from the log it writes and follows, so
//! that neither an action nor following another replica's commits reads
//! its item over the pool.
//!
//! A copy is never ahead of the log, and it is exactly the row the log
//! holds at its version: a copy comes from a commit this replica decided
//! (the item it wrote), from a read of the database, or from another
//! replica's event folded with the model's own [`Item::apply`] on the copy
//! one version before it (which is how the writer made that item). An
//! event that does not follow its copy's version drops the copy. Whoever
//! acts on a copy still commits against its version, which the writer
//! checks under the log's lock: a copy behind the log costs a conflict and
//! a fresh read, never a wrong write.

use crate::model::{Event, EventBody, Item, ItemId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Copies kept at most; past it, copies of closed items go first, then all.
const CAPACITY: usize = 20_000;

#[derive(Default)]
pub(super) struct Copies {
    items: Mutex<HashMap<ItemId, Arc<Item>>>,
}

impl Copies {
    fn lock(&self) -> MutexGuard<'_, HashMap<ItemId, Arc<Item>>> {
        // A panic while holding the lock leaves a plain map, still usable.
        self.items.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The copy of `id`, if this replica has one.
    pub(super) fn get(&self, id: &ItemId) -> Option<Item> {
        self.lock().get(id).map(|item| Item::clone(item))
    }

    /// Keeps `item` as the log holds it now (committed here, or read),
    /// unless the copy is already at a later version.
    pub(super) fn put(&self, item: Item) {
        let mut items = self.lock();
        if items.get(&item.id).is_some_and(|had| had.version >= item.version) {
            return;
        }
        if items.len() >= CAPACITY && !items.contains_key(&item.id) {
            make_room(&mut items);
        }
        items.insert(item.id.clone(), Arc::new(item));
    }

    /// Drops the copy of `id`: the log holds it as this replica cannot tell.
    pub(super) fn forget(&self, id: &ItemId) {
        self.lock().remove(id);
    }

    /// Folds another replica's `event` on the copy of its item: the item as
    /// the event left it (or later), or `None` when this replica has no
    /// copy it can fold the event on.
    pub(super) fn fold(&self, event: &Event) -> Option<Arc<Item>> {
        let mut items = self.lock();
        let copy = items.get_mut(&event.item_id)?;
        if event.version <= copy.version {
            return Some(Arc::clone(copy));
        }
        // A redaction scrubs rows beside the item; read it again.
        if event.version != copy.version + 1 || matches!(event.body, EventBody::Redacted { .. }) {
            items.remove(&event.item_id);
            return None;
        }
        Arc::make_mut(copy).apply(event);
        Some(Arc::clone(copy))
    }
}

fn make_room(items: &mut HashMap<ItemId, Arc<Item>>) {
    items.retain(|_, item| item.status.is_open());
    if items.len() >= CAPACITY {
        items.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, EventBody};
    use crate::store::fixtures::created;

    fn ticket() -> Item {
        created(1).item
    }

    fn noted(item: &Item) -> Change {
        Change::fold(
            item.clone(),
            vec![EventBody::Noted {
                text: "called back".into(),
            }],
            "op:amy",
            item.updated_at,
        )
    }

    #[test]
    fn another_replicas_event_folds_into_the_item_it_wrote() {
        let copies = Copies::default();
        let item = ticket();
        copies.put(item.clone());
        let change = noted(&item);
        let event = change.events[0].clone().with_seq(7);
        let after = copies.fold(&event).expect("the copy is one version behind");
        assert_eq!(*after, change.item);
        assert_eq!(copies.get(&item.id), Some(change.item));
    }

    #[test]
    fn an_event_past_a_gap_drops_the_copy_and_an_old_one_changes_nothing() {
        let copies = Copies::default();
        let item = ticket();
        copies.put(item.clone());
        let first = noted(&item);
        let second = noted(&first.item);
        assert!(copies.fold(&second.events[0].clone().with_seq(9)).is_none());
        assert_eq!(copies.get(&item.id), None);
        copies.put(second.item.clone());
        copies.put(first.item.clone());
        assert_eq!(copies.get(&item.id), Some(second.item.clone()));
        let old = first.events[0].clone().with_seq(8);
        assert_eq!(copies.fold(&old).map(|i| i.version), Some(second.item.version));
    }
}
