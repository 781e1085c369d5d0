//! What the SLA ticker should write for an item at a given instant.
//!
//! The server's ticker only loads items, asks [`due_events`] and appends
//! what it returns; keeping the decision here lets it be tested at any
//! instant without a server or a real clock. Each clock warns once and
//! breaches once: the flags on [`super::Clock`] remember what was written.

use super::Timestamp;
use super::event::EventBody;
use super::item::Item;
use super::policy::ClockState;

/// The rule named on `sla_warning` events.
pub const RULE_WARNING: &str = "sla.warning.80pct";
/// The rule named on `sla_breached` events.
pub const RULE_BREACHED: &str = "sla.breached.100pct";

/// The SLA events due for `item` at `now`, in the order to append them.
///
/// A parked item's clock is stopped, so it owes nothing until it resumes.
/// A clock found red that never warned (the server was down through the
/// yellow band) gets its warning first, so every breach follows a warning.
pub fn due_events(item: &Item, now: Timestamp) -> Vec<EventBody> {
    let Some(clock) = item.clock.as_ref().filter(|c| c.paused_at.is_none()) else {
        return Vec::new();
    };
    let state = clock.state(now);
    let mut out = Vec::new();
    if state >= ClockState::Yellow && !clock.warned {
        out.push(EventBody::SlaWarning {
            stage: clock.stage,
            due_at: clock.due_at,
            rule: RULE_WARNING.to_owned(),
        });
    }
    if state == ClockState::Red && !clock.breached {
        out.push(EventBody::SlaBreached {
            stage: clock.stage,
            due_at: clock.due_at,
            rule: RULE_BREACHED.to_owned(),
        });
    }
    out
}

#[cfg(test)]
mod tests;
