//! The domain, pure: what an item is, which actions each state and role allow,
//! what events an action produces, and how events fold into an item.
//!
//! Nothing here does I/O or knows about HTTP or SQL; the server loads an item,
//! asks [`decide`] what an action means, appends the events and broadcasts
//! them. Keeping the rules here lets them be tested as tables.

mod action;
pub mod alert_map;
pub mod audit;
pub mod automation;
pub mod calendar;
pub mod callers;
mod change;
mod city;
mod event;
pub mod geo;
mod geography;
mod ids;
pub mod ingest;
mod item;
mod lifecycle;
pub mod limits;
pub mod operations;
mod permissions;
pub mod phone;
mod place;
mod policy;
pub mod privacy;
pub mod retention;
mod role;
mod scales;
pub mod schema;
pub mod sla;
pub mod stats;
mod status;
pub mod suggest;
pub mod verbs;
pub mod visibility;

pub use action::{Action, ActionName, CreateItem, LinkTarget};
pub use alert_map::{AlertMap, AlertRule, LabelNames, MappedLabels};
pub use calendar::{Calendar, CalendarError};
pub use callers::{CallerCounts, CallerRead};
pub use change::{Change, Rebase};
pub use city::{COMMUNITY_PREFIX, Category, City, Department, community_code, community_parts};
pub use event::{Created, Event, EventBody, NewEvent};
pub use geography::{Community, District, DistrictKind, GridRef, GridWorker, Street, WorkerNames};
pub use ids::{ItemId, Kind};
pub use ingest::{Origin, Source};
pub use item::{Claim, Clock, Counters, Item, PendingExtension, StageRecord, StageRecords};
pub use lifecycle::{
    CLAIM_LEASE, Ctx, Decision, MAX_TEXT, MAX_TITLE, Refusal, Rule, allowed_actions, decide, decide_create,
    dispatch,
};
pub use permissions::{may_create, permits};
pub use place::{Caller, Channel, Place};
pub use policy::{CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES, CapPolicy, CapRule, LimitRow, Uncovered};
pub use policy::{
    ClockKey, ClockState, Deadline, DuplicateRule, Ladder, LadderStep, Limit, Pick, Policy, Route, Stage,
    StormRule,
};
pub use role::{Operator, Role, SYSTEM_ACTOR};
pub use scales::{Priority, Supervision, Tier};
pub use status::{EmergencyService, Outcome, Satisfaction, Status};

/// Time in the model is always UTC and passed in, never read from the clock,
/// so every rule can be tested at any instant.
pub type Timestamp = time::OffsetDateTime;

/// Formats a time the way the wire does (RFC 3339, UTC).
pub fn rfc3339(t: Timestamp) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
