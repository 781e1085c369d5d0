//! A caller's history as the desk shows it when the phone rings: their
//! earlier items, how often they called lately, what they last said at the
//! callback. The store finds the items by normalised phone; what counts as
//! a call, and what a masked role may see of it, is decided here.

use super::Timestamp;
use super::item::Item;
use super::privacy::Sight;
use super::role::Role;
use super::status::Satisfaction;
use super::visibility::View;
use serde::{Deserialize, Serialize};

/// The window "calls lately" counts over.
pub const RECENT_DAYS: i64 = 30;

/// The counts beside a caller's items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerCounts {
    /// Items this caller reported in the last [`RECENT_DAYS`] days (not
    /// those they were merged into as an additional caller).
    pub calls_30d: u32,
    /// Their items still open.
    pub open: u32,
    /// Every item they are a caller of.
    pub total: u32,
}

/// Did the caller with `phone` report `item` (rather than being merged in)?
fn reported(item: &Item, phone: &str) -> bool {
    item.callers.first().and_then(|c| c.phone.as_deref()) == Some(phone)
}

/// Is the caller with `phone` confidential on `item`?
fn confidential_on(item: &Item, phone: &str) -> bool {
    item.callers
        .iter()
        .any(|c| c.confidential && c.phone.as_deref() == Some(phone))
}

/// The items of the caller with `phone` that `view` sees, newest first:
/// a masked role sees none where this caller asked not to be named, and
/// every caller on the rest redacted.
pub fn visible(phone: &str, items: Vec<Item>, view: &View) -> Vec<Item> {
    let mut items: Vec<Item> = items
        .into_iter()
        .filter(|i| view.sight == Sight::Full || !confidential_on(i, phone))
        .filter_map(|i| view.item(i))
        .collect();
    items.sort_by_key(|i| std::cmp::Reverse((i.created_at, i.id.number())));
    items
}

/// The counts over `items` (all the caller's items that are to be shown),
/// as of `now`.
pub fn counts(phone: &str, items: &[Item], now: Timestamp) -> CallerCounts {
    let since = now - time::Duration::days(RECENT_DAYS);
    let n =
        |f: &dyn Fn(&Item) -> bool| u32::try_from(items.iter().filter(|i| f(i)).count()).unwrap_or(u32::MAX);
    CallerCounts {
        calls_30d: n(&|i| reported(i, phone) && i.created_at >= since),
        open: n(&|i| i.status.is_open()),
        total: n(&|_| true),
    }
}

/// The answer at the caller's latest callback: of their newest item that
/// has one.
pub fn last_satisfaction(items: &[Item]) -> Option<Satisfaction> {
    items
        .iter()
        .max_by_key(|i| (i.satisfaction.is_some(), i.created_at))
        .and_then(|i| i.satisfaction)
}

/// One read of a caller's history, for the audit: who read which phone,
/// when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerRead {
    #[serde(with = "time::serde::rfc3339")]
    pub at: Timestamp,
    pub login: String,
    pub role: Role,
    /// Normalised.
    pub phone: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Caller, Created, Event, EventBody, ItemId, Kind, Place, Priority, Tier};
    use time::macros::datetime;

    const NOW: Timestamp = datetime!(2026-03-04 06:00 UTC);

    fn caller(phone: &str, confidential: bool) -> Caller {
        Caller {
            name: Some("王芳".into()),
            phone: Some(phone.into()),
            confidential,
            ..Caller::default()
        }
    }

    /// Ticket `n`, reported `days` ago by `callers[0]`, the rest merged in.
    fn ticket(n: u64, days: i64, callers: Vec<Caller>) -> Item {
        let created = Created {
            kind: Kind::Ticket,
            category: "H01".into(),
            title: "供热不热".into(),
            description: String::new(),
            priority: Priority::P3,
            tier: Tier::Grid,
            place: Place::default(),
            fingerprint: None,
            caller: None,
            due_at: None,
            warn_at: None,
            raised_from: None,
            call_id: None,
            origin: None,
        };
        let event = Event {
            seq: n,
            item_id: ItemId::new(Kind::Ticket, n),
            version: 1,
            actor: "op:a".into(),
            at: NOW - time::Duration::days(days),
            body: EventBody::Created(Box::new(created)),
        };
        let mut item = Item::from_created(&event).expect("item");
        item.callers = callers;
        item
    }

    #[test]
    fn calls_count_what_the_caller_reported_lately_not_what_they_were_merged_into() {
        let me = "13800001234";
        let items = vec![
            ticket(1, 2, vec![caller(me, false)]),
            ticket(2, 40, vec![caller(me, false)]),
            ticket(3, 1, vec![caller("13900005678", false), caller(me, false)]),
        ];
        let counts = counts(me, &items, NOW);
        assert_eq!(
            counts,
            CallerCounts {
                calls_30d: 1,
                open: 3,
                total: 3
            }
        );
    }

    #[test]
    fn a_masked_role_sees_none_of_the_items_a_caller_asked_to_be_kept_out_of() {
        let me = "13800001234";
        let items = vec![
            ticket(1, 2, vec![caller(me, true)]),
            ticket(2, 1, vec![caller(me, false)]),
        ];
        let view = |role: Role| {
            View::of(&crate::model::Operator {
                login: "x".into(),
                name: "x".into(),
                role,
                department: None,
            })
        };
        let agent = visible(me, items.clone(), &view(Role::Agent));
        assert_eq!(agent.len(), 2);
        assert_eq!(agent[0].id.number(), 2, "newest first");
        let viewer = visible(me, items, &view(Role::Viewer));
        assert_eq!(viewer.len(), 1);
        assert_eq!(viewer[0].callers[0].phone.as_deref(), Some("138****1234"));
    }

    #[test]
    fn the_last_satisfaction_is_of_the_newest_item_that_has_one() {
        let mut old = ticket(1, 9, Vec::new());
        old.satisfaction = Some(Satisfaction::Unsatisfied);
        let mut newer = ticket(2, 5, Vec::new());
        newer.satisfaction = Some(Satisfaction::Satisfied);
        let newest = ticket(3, 1, Vec::new());
        assert_eq!(
            last_satisfaction(&[old, newest, newer]),
            Some(Satisfaction::Satisfied)
        );
        assert_eq!(last_satisfaction(&[]), None);
    }
}
