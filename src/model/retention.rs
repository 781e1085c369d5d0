//! Retention of callers' personal data. After the policy's period a closed
//! item's callers lose their names and numbers through an appended
//! `redacted` event: the work history stays (what was reported, where, who
//! dispatched it, how long each stage took) and the person does not.
//!
//! The event is the record that it happened and why; [`Item::apply`]
//! removes the data from the item, and the store rewrites the caller
//! fields of the item's earlier `created` and `absorbed` events in place
//! (see docs/architecture.md, "Retention and the append-only log").

use super::event::{Event, EventBody};
use super::item::Item;
use super::{Change, SYSTEM_ACTOR, Timestamp};
use time::Duration;

/// What a redaction removes from every caller of an item.
pub const CALLER_FIELDS: [&str; 2] = ["caller.name", "caller.phone"];

/// How long personal data is kept after an item closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// `None`: kept for ever.
    pub personal_data: Option<Duration>,
    /// The period as the policy file gave it (`3y`), for the event's rule.
    pub text: String,
}

impl Default for Retention {
    /// Three years, a year counted as 365 days.
    fn default() -> Self {
        Retention {
            personal_data: Some(Duration::days(3 * 365)),
            text: "3y".into(),
        }
    }
}

/// `3y` (a year is 365 days), `1095d`, or `never`.
pub fn parse_period(text: &str) -> Result<Option<Duration>, String> {
    let t = text.trim();
    if t == "never" {
        return Ok(None);
    }
    let (digits, per_unit) = match (t.strip_suffix('y'), t.strip_suffix('d')) {
        (Some(n), _) => (n, 365),
        (_, Some(n)) => (n, 1),
        _ => return Err(format!("{t:?}: use years (3y), days (1095d) or never")),
    };
    let n: i64 = digits
        .parse()
        .map_err(|_| format!("{t:?}: use years (3y), days (1095d) or never"))?;
    if !(1..=100 * 365).contains(&(n * per_unit)) {
        return Err(format!("{t:?}: between a day and a hundred years"));
    }
    Ok(Some(Duration::days(n * per_unit)))
}

impl Retention {
    /// Items closed before this have their callers redacted; `None` when
    /// data is kept for ever.
    pub fn cutoff(&self, now: Timestamp) -> Option<Timestamp> {
        now.checked_sub(self.personal_data?)
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_years_days_and_never() {
        assert_eq!(parse_period("3y"), Ok(Some(Duration::days(1095))));
        assert_eq!(parse_period("30d"), Ok(Some(Duration::days(30))));
        assert_eq!(parse_period("never"), Ok(None));
        for bad in ["", "3", "0d", "-1y", "3m", "101y", "99999999999999999999y"] {
            assert!(parse_period(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_cutoff_far_in_the_past_does_not_overflow() {
        let r = Retention {
            personal_data: Some(Duration::days(100 * 365)),
            text: "100y".into(),
        };
        assert!(r.cutoff(time::macros::datetime!(0001-01-01 0:00 UTC)).is_none());
    }
}
