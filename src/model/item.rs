//! An item is the fold of its events: [`Item::apply`] is the only way its
//! state changes, so the projection the store keeps and a replay of the log
//! always agree.

use super::Timestamp;
use super::action::LinkTarget;
use super::event::{Event, EventBody};
use super::ids::{ItemId, Kind};
use super::ingest::Origin;
use super::place::{Caller, Place};
use super::policy::{ClockState, Stage};
use super::scales::{Priority, Supervision, Tier};
use super::status::{Outcome, Satisfaction, Status};
use serde::{Deserialize, Serialize};

mod apply;
mod clock;

pub use clock::Clock;

/// A lease an operator holds on an item so colleagues do not work it twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Claim {
    /// The operator's login.
    pub owner: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub until: Timestamp,
}

impl Claim {
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.until > now
    }
}

/// Counters that only ever grow: they tell the truth about an item's past.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Counters {
    /// 退单: times a department sent it back as misrouted.
    pub returns: u32,
    /// 返工: times verification failed and it went back for rework.
    pub rework: u32,
    /// Times it was reopened after closing.
    pub reopens: u32,
    /// 催办: times the server chased the department.
    #[serde(default)]
    pub chases: u32,
    /// Extensions granted.
    #[serde(default)]
    pub extensions: u32,
    /// Times it was dispatched (派单), re-dispatches included.
    #[serde(default)]
    pub dispatches: u32,
}

/// How each stage went, folded as stages end: what the KPIs are made of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StageRecord {
    /// Times the stage was completed.
    pub done: u32,
    /// Of those, completed by the (possibly extended) due time.
    pub on_time: u32,
    /// Seconds spent in the stage over all its rounds, parked time left out.
    pub spent_secs: i64,
}

/// The item's stage records, indexed by [`Stage::index`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StageRecords(pub [StageRecord; 5]);

impl StageRecords {
    pub fn get(&self, stage: Stage) -> &StageRecord {
        &self.0[stage.index()]
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|r| r.done == 0)
    }
}

/// An extension the department asked for and nobody has answered yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PendingExtension {
    pub extra: String,
    pub reason: String,
    pub requested_by: String,
}

/// One incident, grid alert or hotline ticket, as of its `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Item {
    pub id: ItemId,
    pub kind: Kind,
    /// How many events this item has; the `expected_version` of the next
    /// action.
    pub version: u64,
    pub status: Status,
    pub category: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub priority: Priority,
    pub tier: Tier,
    pub supervision: Supervision,
    pub place: Place,
    /// The department the item is dispatched to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<Claim>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    pub counters: Counters,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The status to go back to on `resume`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parked_from: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<ItemId>,
    /// Items merged into this one (additional callers are kept here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<ItemId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkTarget>,
    /// Alerts: what makes two reports "the same alert".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Alerts: how many times it fired.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub occurrences: u32,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_seen: Option<Timestamp>,
    /// The telephone system's id of the call that reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// The standard and foreign id, when a feed brought the item in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Tickets: who called, every caller of merged duplicates included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callers: Vec<Caller>,
    /// Every department it was ever dispatched to, first dispatch first:
    /// a department's system reads the item for good once it was sent
    /// there (see [`super::visibility`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dispatched_to: Vec<String>,
    /// Departments that returned it (退单): routing does not send it back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub returned_by: Vec<String>,
    /// A supervisor must designate the handler (third return).
    #[serde(default, skip_serializing_if = "is_false")]
    pub designate: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<PendingExtension>,
    /// Open items the server thinks report the same problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<ItemId>,
    /// The storm this alert is grouped under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ItemId>,
    /// A storm parent's alerts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ItemId>,
    /// Tickets: the last callback's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Satisfaction>,
    #[serde(default, skip_serializing_if = "StageRecords::is_empty")]
    pub stages: StageRecords,
    /// When it last closed (or was rejected, merged).
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<Timestamp>,
    /// When a person first acted on the item after it was created
    /// ([`Item::acted_on`]); absent on items folded before it was kept.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub acted_at: Option<Timestamp>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Item {
    /// The item as its `created` event describes it.
    pub fn from_created(event: &Event) -> Option<Item> {
        let EventBody::Created(c) = &event.body else {
            return None;
        };
        let item = Item {
            id: event.item_id.clone(),
            kind: c.kind,
            version: event.version,
            status: Status::New,
            category: c.category.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            priority: c.priority,
            tier: c.tier,
            supervision: Supervision::None,
            place: c.place.clone(),
            department: None,
            claim: None,
            clock: c
                .due_at
                .map(|due_at| Clock::new(Stage::Accept, event.at, due_at, c.warn_at)),
            counters: Counters::default(),
            outcome: None,
            parked_from: None,
            merged_into: None,
            merged_from: Vec::new(),
            fingerprint: c.fingerprint.clone(),
            occurrences: u32::from(c.kind == Kind::Alert),
            last_seen: (c.kind == Kind::Alert).then_some(event.at),
            call_id: c.call_id.clone(),
            origin: c.origin.clone(),
            callers: c.caller.clone().into_iter().collect(),
            dispatched_to: Vec::new(),
            returned_by: Vec::new(),
            designate: false,
            extension: None,
            duplicates: Vec::new(),
            parent: None,
            children: Vec::new(),
            satisfaction: None,
            stages: StageRecords::default(),
            closed_at: None,
            acted_at: None,
            links: c.raised_from.iter().cloned().map(LinkTarget::Item).collect(),
            created_by: event.actor.clone(),
            created_at: event.at,
            updated_at: event.at,
        };
        Some(item)
    }

    /// The clock colour now, or `None` when no clock runs.
    pub fn clock_state(&self, now: Timestamp) -> Option<ClockState> {
        self.clock.as_ref().map(|c| c.state(now))
    }

    /// The claim, if it is still in force at `now`.
    pub fn active_claim(&self, now: Timestamp) -> Option<&Claim> {
        self.claim.as_ref().filter(|c| c.is_active(now))
    }

    /// Folds a whole history; `None` if it does not start with `created`.
    pub fn replay(events: &[Event]) -> Option<Item> {
        let (first, rest) = events.split_first()?;
        let mut item = Item::from_created(first)?;
        for e in rest {
            item.apply(e);
        }
        Some(item)
    }
}
