//! Which events a `--queue` shows. The escalations queue is what a
//! supervisor tails for: a tier raised, a supervision card, an item
//! returned beyond the limit, a reopen, a red clock, a chase (催办), a
//! callback that sent a ticket back for rework.

use crate::model::{Event, EventBody, Kind, Supervision};

/// A return past this many is an escalation: the hotline rule is that
/// after three failed dispatches the centre designates a handler.
pub const RETURNS_BEFORE_ESCALATION: u32 = 2;

/// `--queue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Queue {
    /// Tier raised, supervision cards, returns beyond the limit, reopens, red clocks, chases.
    Escalations,
    Incidents,
    Alerts,
    Tickets,
    All,
}

impl Queue {
    pub fn shows(self, event: &Event) -> bool {
        match self {
            Queue::All => true,
            Queue::Incidents => event.item_id.kind() == Kind::Incident,
            Queue::Alerts => event.item_id.kind() == Kind::Alert,
            Queue::Tickets => event.item_id.kind() == Kind::Ticket,
            Queue::Escalations => is_escalation(event),
        }
    }
}

/// Does this event tell a supervisor that something is going wrong?
pub fn is_escalation(event: &Event) -> bool {
    match &event.body {
        EventBody::Escalated { .. } | EventBody::Reopened { .. } | EventBody::Chased { .. } => true,
        EventBody::CalledBack { attributable, .. } => *attributable,
        EventBody::Supervised { level, .. } => *level != Supervision::None,
        EventBody::Returned { returns, .. } => *returns > RETURNS_BEFORE_ESCALATION,
        other => other.type_name() == "sla_breached",
    }
}
