//! Callers' personal data on the way out: what each role may see of the
//! people who called. Agents, dispatchers, supervisors and admins see
//! callers in full; a department's system (`unit`), a `viewer` (wall
//! screens, auditors) and the telephone system see masked numbers and
//! family names only (`138****1234`, `王*`), and nothing at all of a caller
//! who asked not to be named.
//!
//! It lives in one place so every read path (items, history, snapshots,
//! replies, errors, the stream, a caller's history) applies the same rule:
//! the server sends items and events only through
//! [`super::visibility::View`], which masks with this module and also
//! decides which items a reader sees at all.

use super::event::{Event, EventBody};
use super::phone::{mask, mask_name};
use super::place::Caller;
use super::role::Role;

/// How much of a caller a role sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sight {
    Full,
    /// Masked numbers and names; confidential callers left out.
    Masked,
}

impl Role {
    pub fn sight(self) -> Sight {
        match self {
            Role::Agent | Role::Dispatcher | Role::Supervisor | Role::Admin => Sight::Full,
            Role::Viewer | Role::Unit | Role::Telephony | Role::Feed => Sight::Masked,
        }
    }
}

/// The event types that carry callers: a masked stream re-renders only
/// these.
pub const CALLER_EVENTS: [&str; 2] = ["created", "absorbed"];

/// The callers as `sight` sees them.
pub fn redact_callers(callers: &mut Vec<Caller>, sight: Sight) {
    if sight == Sight::Full {
        return;
    }
    callers.retain(|c| !c.confidential);
    for c in callers.iter_mut() {
        c.name = c.name.as_deref().map(mask_name);
        c.phone = c.phone.as_deref().map(mask);
    }
}

fn redact_caller(caller: &mut Option<Caller>, sight: Sight) {
    let mut one: Vec<Caller> = caller.take().into_iter().collect();
    redact_callers(&mut one, sight);
    *caller = one.pop();
}

impl Event {
    /// The event as seen with `sight` (what a stream shared by every
    /// masked role renders once).
    pub fn redact(&mut self, sight: Sight) {
        match &mut self.body {
            EventBody::Created(c) => redact_caller(&mut c.caller, sight),
            EventBody::Absorbed { callers, .. } => redact_callers(callers, sight),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemId;

    fn caller(name: &str, phone: &str, confidential: bool) -> Caller {
        Caller {
            name: Some(name.into()),
            phone: Some(phone.into()),
            confidential,
            ..Caller::default()
        }
    }

    #[test]
    fn desk_roles_see_callers_in_full() {
        for role in [Role::Agent, Role::Dispatcher, Role::Supervisor, Role::Admin] {
            let mut callers = vec![caller("王芳", "13800001234", true)];
            redact_callers(&mut callers, role.sight());
            assert_eq!(callers, vec![caller("王芳", "13800001234", true)], "{role}");
        }
    }

    #[test]
    fn units_and_viewers_see_masks_and_nothing_of_a_confidential_caller() {
        for role in [Role::Unit, Role::Viewer, Role::Telephony] {
            let mut callers = vec![
                caller("王芳", "13800001234", false),
                caller("李娜", "13900005678", true),
            ];
            redact_callers(&mut callers, role.sight());
            assert_eq!(callers, vec![caller("王*", "138****1234", false)], "{role}");
        }
    }

    #[test]
    fn absorbed_callers_are_redacted_in_the_event() {
        let mut event = Event {
            seq: 1,
            item_id: ItemId::parse("TKT-0001").expect("id"),
            version: 2,
            actor: "op:a".into(),
            at: time::OffsetDateTime::UNIX_EPOCH,
            body: EventBody::Absorbed {
                from: ItemId::parse("TKT-0002").expect("id"),
                callers: vec![caller("李娜", "13900005678", true)],
            },
        };
        event.redact(Role::Unit.sight());
        assert_eq!(
            event.body,
            EventBody::Absorbed {
                from: ItemId::parse("TKT-0002").expect("id"),
                callers: Vec::new(),
            }
        );
    }
}
