//! Items the store's unit tests write: one place for the fixture both
//! backends' tests build on.

use crate::model::{Change, Created, EventBody, Item, ItemId, Kind, Place, Priority, Tier, Timestamp};
use time::macros::datetime;

pub(crate) const T0: Timestamp = datetime!(2026-11-29 08:00 UTC);

/// Ticket `n`, created at [`T0`] with its accept clock due an hour later.
pub(crate) fn created(n: u64) -> Change {
    let created = Created {
        kind: Kind::Ticket,
        category: "H01".into(),
        title: format!("路灯不亮 {n}"),
        description: String::new(),
        priority: Priority::P3,
        tier: Tier::Grid,
        place: Place {
            district: Some("太和区".into()),
            ..Place::default()
        },
        fingerprint: None,
        caller: None,
        due_at: Some(T0 + time::Duration::hours(1)),
        warn_at: None,
        raised_from: None,
        call_id: None,
        origin: None,
    };
    let event = crate::model::NewEvent {
        item_id: ItemId::new(Kind::Ticket, n),
        version: 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Created(Box::new(created)),
    };
    let item = Item::from_created(&event.clone().with_seq(0)).expect("folds");
    Change {
        item,
        expected_version: 0,
        events: vec![event],
    }
}
