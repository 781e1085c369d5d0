//! Colours of `tail` lines on a terminal: escalations in red, warnings in
//! yellow, closures in green, new work in cyan, housekeeping dim. Only
//! used when stdout is a terminal and `NO_COLOR` is not set.

use super::queue::is_escalation;
use crate::model::{Event, EventBody, Priority};

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const DIM: &str = "\x1b[2m";
const PLAIN: &str = "";

/// The ANSI style of an event's name.
pub fn of(event: &Event) -> &'static str {
    if is_escalation(event) {
        return RED;
    }
    match &event.body {
        EventBody::Created(c) if c.priority == Priority::P1 => RED,
        EventBody::Created(_) | EventBody::Dispatched { .. } => CYAN,
        EventBody::Returned { .. }
        | EventBody::Supervised { .. }
        | EventBody::Parked { .. }
        | EventBody::PrioritySet { .. }
        | EventBody::Rejected { .. }
        | EventBody::Verified { passed: false, .. }
        | EventBody::Recurred { .. }
        | EventBody::ExtensionRequested { .. }
        | EventBody::DuplicatesSuggested { .. }
        | EventBody::Grouped { .. } => YELLOW,
        EventBody::Resolved { .. }
        | EventBody::Verified { passed: true, .. }
        | EventBody::Answered { .. }
        | EventBody::Transferred { .. }
        | EventBody::Cleared
        | EventBody::CalledBack { .. } => GREEN,
        EventBody::Claimed { .. } | EventBody::Released { .. } | EventBody::Noted { .. } => DIM,
        _ => PLAIN,
    }
}

/// Colour only for a terminal, and never with `NO_COLOR` set (no-color.org).
pub fn wanted(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
