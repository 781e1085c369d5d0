//! Retention of callers' personal data. After the policy's period a closed
//! item's callers lose their names and numbers through an appended
//! `redacted` event: the work history stays (what was reported, where, who
//! dispatched it, how long each stage took) and the person does not.
//!
//! The event is the record that it happened and why; [`Item::apply`]
//! removes the data from the item, and the store rewrites the caller
//! fields of the item's earlier `created` and `absorbed` events in place
//! (see docs/operations.md, "Retention and the append-only log").

use super::event::{Event, EventBody};
use super::item::Item;
use super::{Change, SYSTEM_ACTOR, Timestamp};

pub use super::policy::retention::{Retention, parse_period};

/// What a redaction removes from every caller of an item.
pub const CALLER_FIELDS: [&str; 2] = ["caller.name", "caller.phone"];

/// Whether `item` is closed since before `cutoff` and still names a caller.
pub fn is_due(item: &Item, cutoff: Timestamp) -> bool {
    !item.status.is_open()
        && item.closed_at.is_some_and(|at| at < cutoff)
        && item.callers.iter().any(|c| c.name.is_some() || c.phone.is_some())
}

/// The change that redacts `item`'s callers, by the server, at `now`.
pub fn redact(item: Item, period: &str, now: Timestamp) -> Change {
    let body = EventBody::Redacted {
        fields: CALLER_FIELDS.iter().map(|f| (*f).to_owned()).collect(),
        rule: format!("retention: personal data kept {period} after closing"),
    };
    Change::fold(item, vec![body], SYSTEM_ACTOR, now)
}

impl Event {
    /// Removes callers' names and numbers from the event, when it carries
    /// any: what the store writes back over a redacted item's history.
    /// Returns whether anything changed.
    pub fn forget_callers(&mut self) -> bool {
        let callers: Vec<&mut super::Caller> = match &mut self.body {
            EventBody::Created(c) => c.caller.iter_mut().collect(),
            EventBody::Absorbed { callers, .. } => callers.iter_mut().collect(),
            _ => Vec::new(),
        };
        let mut changed = false;
        for c in callers {
            changed |= c.name.take().is_some() | c.phone.take().is_some();
        }
        changed
    }
}

impl Item {
    /// Folds a `redacted` event: every caller keeps how they reached the
    /// centre and whether they asked to stay unnamed, nothing that names
    /// them.
    pub(super) fn forget_callers(&mut self) {
        for c in &mut self.callers {
            c.name = None;
            c.phone = None;
        }
    }
}
