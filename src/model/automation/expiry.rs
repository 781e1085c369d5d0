//! A CAP alert's `expires`: when it passes and nobody has taken the alert
//! up, the server clears it (actor `system`, with a note naming the rule).
//! Decided here, pure; the ticker finds the alerts through their wake-up
//! time ([`super::next_wake`]) and commits what [`super::on_time`] owes.

use crate::model::event::EventBody;
use crate::model::ids::Kind;
use crate::model::item::Item;
use crate::model::{Timestamp, rfc3339};

/// The rule named in the note of an expiry's clear.
pub const RULE_EXPIRES: &str = "cap.expires";

/// When `item` lapses, if it is an open CAP alert nobody has acted on,
/// whose expiry came after it arrived. An alert that arrived already
/// expired (an archive replayed, a sender's clock off, the CAP
/// specification's own 2003 examples) is left for a person: clearing it
/// at once would take it off the board before anyone saw it.
pub fn lapses_at(item: &Item) -> Option<Timestamp> {
    if item.kind != Kind::Alert || !item.status.is_open() || item.acted_on() {
        return None;
    }
    item.origin
        .as_ref()
        .and_then(|o| o.cap_expires())
        .filter(|at| *at > item.created_at)
}

/// The note and the clear an alert is owed at `now`, if it has lapsed.
pub fn due(item: &Item, now: Timestamp) -> Vec<EventBody> {
    match lapses_at(item) {
        Some(at) if now >= at => vec![
            EventBody::Noted {
                text: format!(
                    "expired: the alert's CAP expires time {} passed and nobody had acted on it (rule {RULE_EXPIRES})",
                    rfc3339(at)
                ),
            },
            EventBody::Cleared,
        ],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::status::Status;
    use crate::model::{Change, Origin, SYSTEM_ACTOR, Source};

    const FEED: &str = "op:cma-cap";

    /// A CAP alert a feed opened, expiring ten minutes after it arrived.
    fn alert() -> (Item, Timestamp) {
        let mut item = crate::model::tests::item_in(Kind::Alert, Status::New);
        // The fixture's tester claimed it; a feed's alert has no claim.
        item.claim = None;
        item.acted_at = None;
        item.created_by = FEED.into();
        let expires = item.created_at + time::Duration::minutes(10);
        let mut origin = Origin::new(Source::Cap, "s|id|t");
        origin
            .extra
            .insert(crate::model::ingest::CAP_EXPIRES.into(), rfc3339(expires));
        item.origin = Some(origin);
        (item, expires)
    }

    fn by(item: Item, actor: &str, body: EventBody) -> Item {
        let at = item.created_at + time::Duration::minutes(1);
        Change::fold(item, vec![body], actor, at).item
    }

    fn note(text: &str) -> EventBody {
        EventBody::Noted { text: text.into() }
    }

    #[test]
    fn an_untouched_alert_is_cleared_once_its_expiry_passes() {
        let (item, expires) = alert();
        assert_eq!(lapses_at(&item), Some(expires));
        assert!(due(&item, expires - time::Duration::seconds(1)).is_empty());
        let owed = due(&item, expires);
        assert!(matches!(
            owed.as_slice(),
            [EventBody::Noted { .. }, EventBody::Cleared]
        ));
        let cleared = Change::fold(item, owed, SYSTEM_ACTOR, expires).item;
        assert!(!cleared.status.is_open());
        assert_eq!(lapses_at(&cleared), None, "nothing owed twice");
        assert!(cleared.acted_at.is_none(), "the server is not a person");
    }

    #[test]
    fn the_feeds_own_notes_and_repeats_are_not_acting_but_a_persons_note_is() {
        let (item, _) = alert();
        let item = by(item, FEED, note("CAP Update"));
        let item = by(item, FEED, EventBody::Recurred { occurrences: 2 });
        let amended = EventBody::Amended {
            title: Some("EQ 3.4".into()),
            category: None,
            place: None,
            origin: None,
        };
        let item = by(item, "op:another-feed", amended);
        assert!(lapses_at(&item).is_some());
        let item = by(item, "op:wangfang", note("看过了，通知网格员"));
        assert!(item.acted_on());
        assert_eq!(lapses_at(&item), None);
    }

    #[test]
    fn a_claim_or_a_step_is_acting() {
        let (item, _) = alert();
        let until = item.created_at + time::Duration::minutes(30);
        let claimed = by(
            item.clone(),
            "op:wangfang",
            EventBody::Claimed {
                owner: "wangfang".into(),
                until,
            },
        );
        assert_eq!(lapses_at(&claimed), None);
        let released = by(
            claimed,
            "op:wangfang",
            EventBody::Released {
                owner: "wangfang".into(),
            },
        );
        assert_eq!(lapses_at(&released), None, "released, but a person had it");
    }

    #[test]
    fn an_alert_that_arrived_already_expired_is_left_for_a_person() {
        let (mut item, _) = alert();
        let past = item.created_at - time::Duration::minutes(1);
        if let Some(o) = item.origin.as_mut() {
            o.extra
                .insert(crate::model::ingest::CAP_EXPIRES.into(), rfc3339(past));
        }
        assert_eq!(lapses_at(&item), None);
        assert!(due(&item, item.created_at + time::Duration::days(1)).is_empty());
    }
}
