//! An item is the fold of its events: [`Item::apply`] is the only way its
//! state changes, so the projection the store keeps and a replay of the log
//! always agree.

use super::event::{Event, EventBody};
use super::ids::{ItemId, Kind};
use super::policy::{ClockState, Stage};
use super::types::{Outcome, Priority, Status, Supervision, Tier};
use super::{LinkTarget, Timestamp};
use serde::{Deserialize, Serialize};

/// Where the problem is, as precisely as the reporter knew.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// Who called the hotline, for the callback (回访).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caller {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A lease an operator holds on an item so colleagues do not work it twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The operator's login.
    pub owner: String,
    #[serde(with = "time::serde::rfc3339")]
    pub until: Timestamp,
}

impl Claim {
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.until > now
    }
}

/// The clock of the stage the item is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub stage: Stage,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub due_at: Timestamp,
    /// Set while the item is parked: the clock does not run.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub paused_at: Option<Timestamp>,
    /// `sla_warning` was written for this stage: it fires once per clock.
    #[serde(default, skip_serializing_if = "is_false")]
    pub warned: bool,
    /// `sla_breached` was written for this stage.
    #[serde(default, skip_serializing_if = "is_false")]
    pub breached: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Clock {
    /// Green under 80 % of the limit, yellow to 100 %, red beyond.
    pub fn state(&self, now: Timestamp) -> ClockState {
        let at = self.paused_at.unwrap_or(now);
        let limit = (self.due_at - self.started_at).whole_milliseconds().max(1);
        let used = (at - self.started_at).whole_milliseconds();
        if used >= limit {
            ClockState::Red
        } else if used * 5 >= limit * 4 {
            ClockState::Yellow
        } else {
            ClockState::Green
        }
    }
}

/// Counters that only ever grow: they tell the truth about an item's past.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// 退单: times a department sent it back as misrouted.
    pub returns: u32,
    /// 返工: times verification failed and it went back for rework.
    pub rework: u32,
    /// Times it was reopened after closing.
    pub reopens: u32,
}

/// One incident, grid alert or hotline ticket, as of its `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub last_seen: Option<Timestamp>,
    /// Tickets: who called, every caller of merged duplicates included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callers: Vec<Caller>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: Timestamp,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
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
            clock: c.due_at.map(|due_at| Clock {
                stage: Stage::Accept,
                started_at: event.at,
                due_at,
                paused_at: None,
                warned: false,
                breached: false,
            }),
            counters: Counters::default(),
            outcome: None,
            parked_from: None,
            merged_into: None,
            merged_from: Vec::new(),
            links: Vec::new(),
            fingerprint: c.fingerprint.clone(),
            occurrences: u32::from(c.kind == Kind::Alert),
            last_seen: (c.kind == Kind::Alert).then_some(event.at),
            callers: c.caller.clone().into_iter().collect(),
            created_by: event.actor.clone(),
            created_at: event.at,
            updated_at: event.at,
        };
        Some(item)
    }

    /// Folds one more event into the item. Events come from [`super::decide`],
    /// which has already checked that they are allowed.
    pub fn apply(&mut self, event: &Event) {
        self.version = event.version;
        self.updated_at = event.at;
        let at = event.at;
        match &event.body {
            EventBody::Created(_) => {}
            EventBody::Accepted { due_at } => self.enter(Status::Accepted, Stage::Dispatch, at, *due_at),
            EventBody::Rejected { .. } => self.finish(Status::Rejected, None),
            EventBody::Dispatched { department, due_at } => {
                self.department = Some(department.clone());
                self.enter(Status::Dispatched, Stage::Sign, at, *due_at);
            }
            EventBody::Signed { due_at } => self.enter(Status::InProgress, Stage::Resolve, at, *due_at),
            EventBody::Returned { due_at, .. } => {
                self.counters.returns += 1;
                self.department = None;
                self.enter(Status::Accepted, Stage::Dispatch, at, *due_at);
            }
            EventBody::Resolved { due_at, .. } => self.enter(Status::Resolved, Stage::Verify, at, *due_at),
            EventBody::Verified { passed: true, .. } => self.finish(Status::Closed, Some(Outcome::Verified)),
            EventBody::Verified {
                passed: false,
                due_at,
                ..
            } => {
                self.counters.rework += 1;
                self.enter(Status::Dispatched, Stage::Sign, at, *due_at);
            }
            EventBody::Reopened { due_at, .. } => {
                self.counters.reopens += 1;
                self.outcome = None;
                self.enter(Status::Accepted, Stage::Dispatch, at, *due_at);
            }
            EventBody::Escalated { to, .. } => self.tier = *to,
            EventBody::Supervised { level, .. } => self.supervision = *level,
            EventBody::PrioritySet { to, due_at, .. } => {
                self.priority = *to;
                if let (Some(clock), Some(due)) = (self.clock.as_mut(), due_at) {
                    clock.due_at = *due;
                }
            }
            EventBody::Parked { .. } => {
                self.parked_from = Some(self.status);
                self.status = Status::Parked;
                if let Some(clock) = self.clock.as_mut() {
                    clock.paused_at = Some(at);
                }
            }
            EventBody::Resumed { due_at } => {
                self.status = self.parked_from.take().unwrap_or(Status::Accepted);
                if let Some(clock) = self.clock.as_mut() {
                    clock.paused_at = None;
                    if let Some(due) = due_at {
                        clock.due_at = *due;
                    }
                }
            }
            EventBody::Claimed { owner, until } => {
                self.claim = Some(Claim {
                    owner: owner.clone(),
                    until: *until,
                });
            }
            EventBody::Released { .. } => self.claim = None,
            EventBody::Merged { into } => {
                self.merged_into = Some(into.clone());
                self.finish(Status::Merged, None);
            }
            EventBody::Absorbed { from, callers } => {
                self.merged_from.push(from.clone());
                self.callers.extend(callers.iter().cloned());
            }
            EventBody::Linked { target } => {
                if !self.links.contains(target) {
                    self.links.push(target.clone());
                }
            }
            EventBody::Noted { .. } => {}
            EventBody::Answered { .. } => self.finish(Status::Closed, Some(Outcome::Answered)),
            EventBody::Transferred { to } => {
                self.finish(Status::Closed, Some(Outcome::Transferred { to: *to }))
            }
            EventBody::Recurred { occurrences } => {
                self.occurrences = *occurrences;
                self.last_seen = Some(at);
            }
            EventBody::Cleared => self.finish(Status::Closed, Some(Outcome::Cleared)),
            EventBody::SlaWarning { stage, .. } => self.mark_clock(*stage, |c| c.warned = true),
            EventBody::SlaBreached { stage, .. } => self.mark_clock(*stage, |c| c.breached = true),
        }
    }

    fn enter(&mut self, status: Status, stage: Stage, at: Timestamp, due_at: Option<Timestamp>) {
        self.status = status;
        self.clock = due_at.map(|due_at| Clock {
            stage,
            started_at: at,
            due_at,
            paused_at: None,
            warned: false,
            breached: false,
        });
    }

    /// Records an SLA event on the clock it was about; a stale one (the
    /// item has moved to another stage since) changes nothing.
    fn mark_clock(&mut self, stage: Stage, mark: impl FnOnce(&mut Clock)) {
        if let Some(clock) = self.clock.as_mut().filter(|c| c.stage == stage) {
            mark(clock);
        }
    }

    fn finish(&mut self, status: Status, outcome: Option<Outcome>) {
        self.status = status;
        self.outcome = outcome;
        self.clock = None;
        self.claim = None;
        self.parked_from = None;
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
