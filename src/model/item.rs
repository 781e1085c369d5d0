//! An item is the fold of its events: [`Item::apply`] is the only way its
//! state changes, so the projection the store keeps and a replay of the log
//! always agree.

use super::event::{Event, EventBody};
use super::ids::{ItemId, Kind};
use super::place::{Caller, Place};
use super::policy::{ClockState, Stage};
use super::{LinkTarget, Timestamp};
use super::{
    scales::{Priority, Supervision, Tier},
    status::{Outcome, Satisfaction, Status},
};
use serde::{Deserialize, Serialize};

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
    /// When it turns yellow; absent on clocks from before calendars, which
    /// turn yellow at 80 % of the wall-clock span.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub warn_at: Option<Timestamp>,
    /// Seconds this clock stood still while parked, so the time spent in
    /// the stage leaves them out.
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub parked_secs: i64,
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
    /// The department was chased (催办) for this stage.
    #[serde(default, skip_serializing_if = "is_false")]
    pub chased: bool,
    /// The highest supervision card the escalation ladder gave this clock,
    /// so a card a supervisor lowers stays lowered until the next rung.
    #[serde(default, skip_serializing_if = "is_no_card")]
    pub laddered: Supervision,
}

fn is_no_card(s: &Supervision) -> bool {
    *s == Supervision::None
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

impl Clock {
    pub fn new(stage: Stage, started_at: Timestamp, due_at: Timestamp, warn_at: Option<Timestamp>) -> Self {
        Clock {
            stage,
            started_at,
            due_at,
            warn_at,
            parked_secs: 0,
            paused_at: None,
            warned: false,
            breached: false,
            chased: false,
            laddered: Supervision::None,
        }
    }

    /// When it turns yellow.
    pub fn warn_time(&self) -> Timestamp {
        self.warn_at
            .unwrap_or_else(|| self.started_at + (self.due_at - self.started_at) * 0.8)
    }

    /// Green under 80 % of the limit, yellow to 100 %, red beyond.
    pub fn state(&self, now: Timestamp) -> ClockState {
        let at = self.paused_at.unwrap_or(now);
        if at >= self.due_at {
            return ClockState::Red;
        }
        if let Some(warn_at) = self.warn_at {
            return if at >= warn_at {
                ClockState::Yellow
            } else {
                ClockState::Green
            };
        }
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRecord {
    /// Times the stage was completed.
    pub done: u32,
    /// Of those, completed by the (possibly extended) due time.
    pub on_time: u32,
    /// Seconds spent in the stage over all its rounds, parked time left out.
    pub spent_secs: i64,
}

/// The item's stage records, indexed by [`Stage::index`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingExtension {
    pub extra: String,
    pub reason: String,
    pub requested_by: String,
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
    pub closed_at: Option<Timestamp>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: Timestamp,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The stage an event completes, when the item's clock is in that stage.
/// Returns, re-dispatches and merges end a stage without completing it.
fn completed_stage(body: &EventBody) -> Option<Stage> {
    match body {
        EventBody::Accepted { .. }
        | EventBody::Rejected { .. }
        | EventBody::Answered { .. }
        | EventBody::Transferred { .. } => Some(Stage::Accept),
        EventBody::Dispatched { .. } => Some(Stage::Dispatch),
        EventBody::Signed { .. } => Some(Stage::Sign),
        EventBody::Resolved { .. } => Some(Stage::Resolve),
        EventBody::Verified { .. } | EventBody::CalledBack { .. } | EventBody::Cleared => Some(Stage::Verify),
        _ => None,
    }
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
            callers: c.caller.clone().into_iter().collect(),
            returned_by: Vec::new(),
            designate: false,
            extension: None,
            duplicates: Vec::new(),
            parent: None,
            children: Vec::new(),
            satisfaction: None,
            stages: StageRecords::default(),
            closed_at: None,
            links: c.raised_from.iter().cloned().map(LinkTarget::Item).collect(),
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
        if let Some(stage) = completed_stage(&event.body) {
            self.complete(stage, at);
        }
        match &event.body {
            EventBody::Created(_) | EventBody::Noted { .. } => {}
            EventBody::Accepted { due_at, warn_at } => {
                self.enter(Status::Accepted, Stage::Dispatch, at, *due_at, *warn_at)
            }
            EventBody::Rejected { .. } => self.finish(Status::Rejected, None, at),
            EventBody::Dispatched {
                department,
                due_at,
                warn_at,
                ..
            } => {
                self.department = Some(department.clone());
                self.designate = false;
                self.counters.dispatches += 1;
                self.enter(Status::Dispatched, Stage::Sign, at, *due_at, *warn_at);
            }
            EventBody::Signed { due_at, warn_at } => {
                self.enter(Status::InProgress, Stage::Resolve, at, *due_at, *warn_at)
            }
            EventBody::Returned {
                due_at,
                warn_at,
                department,
                ..
            } => {
                self.counters.returns += 1;
                if let Some(d) = department.as_ref().filter(|d| !self.returned_by.contains(d)) {
                    self.returned_by.push(d.clone());
                }
                self.department = None;
                self.enter(Status::Accepted, Stage::Dispatch, at, *due_at, *warn_at);
            }
            EventBody::Resolved { due_at, warn_at, .. } => {
                self.enter(Status::Resolved, Stage::Verify, at, *due_at, *warn_at)
            }
            EventBody::Verified { passed: true, .. } => {
                self.finish(Status::Closed, Some(Outcome::Verified), at)
            }
            EventBody::Verified {
                passed: false,
                due_at,
                warn_at,
                ..
            } => self.rework(at, *due_at, *warn_at),
            EventBody::CalledBack {
                satisfaction,
                attributable,
                due_at,
                warn_at,
                ..
            } => {
                self.satisfaction = Some(*satisfaction);
                if *satisfaction == Satisfaction::Unsatisfied && *attributable {
                    self.rework(at, *due_at, *warn_at);
                } else {
                    self.finish(Status::Closed, Some(Outcome::Verified), at);
                }
            }
            EventBody::Reopened { due_at, warn_at, .. } => {
                self.counters.reopens += 1;
                self.outcome = None;
                self.closed_at = None;
                self.enter(Status::Accepted, Stage::Dispatch, at, *due_at, *warn_at);
            }
            EventBody::Escalated { to, designate, .. } => {
                self.tier = *to;
                self.designate |= *designate;
            }
            EventBody::Supervised { level, rule, .. } => {
                self.supervision = *level;
                // Only the ladder's own cards (they name their rule) count
                // as rungs climbed.
                if rule.is_some()
                    && let Some(clock) = self.clock.as_mut()
                {
                    clock.laddered = clock.laddered.max(*level);
                }
            }
            EventBody::PrioritySet {
                to, due_at, warn_at, ..
            } => {
                self.priority = *to;
                if let (Some(clock), Some(due)) = (self.clock.as_mut(), due_at) {
                    clock.due_at = *due;
                    clock.warn_at = *warn_at;
                }
            }
            EventBody::Parked { .. } => {
                self.parked_from = Some(self.status);
                self.status = Status::Parked;
                if let Some(clock) = self.clock.as_mut() {
                    clock.paused_at = Some(at);
                }
            }
            EventBody::Resumed { due_at, warn_at } => self.resume(at, *due_at, *warn_at),
            EventBody::Claimed { owner, until } => {
                self.claim = Some(Claim {
                    owner: owner.clone(),
                    until: *until,
                });
            }
            EventBody::Released { .. } => self.claim = None,
            EventBody::Merged { into } => {
                self.merged_into = Some(into.clone());
                self.finish(Status::Merged, None, at);
            }
            EventBody::Absorbed { from, callers } => {
                self.merged_from.push(from.clone());
                self.duplicates.retain(|d| d != from);
                self.callers.extend(callers.iter().cloned());
            }
            EventBody::Linked { target } => {
                if !self.links.contains(target) {
                    self.links.push(target.clone());
                }
            }
            EventBody::Answered { .. } => self.finish(Status::Closed, Some(Outcome::Answered), at),
            EventBody::Transferred { to } => {
                self.finish(Status::Closed, Some(Outcome::Transferred { to: *to }), at)
            }
            EventBody::Recurred { occurrences } => {
                self.occurrences = *occurrences;
                self.last_seen = Some(at);
            }
            EventBody::Cleared => self.finish(Status::Closed, Some(Outcome::Cleared), at),
            EventBody::SlaWarning { stage, .. } => self.mark_clock(*stage, |c| c.warned = true),
            EventBody::SlaBreached { stage, .. } => self.mark_clock(*stage, |c| c.breached = true),
            EventBody::Chased { stage, .. } => {
                self.counters.chases += 1;
                self.mark_clock(*stage, |c| c.chased = true);
            }
            EventBody::ExtensionRequested { extra, reason } => {
                self.extension = Some(PendingExtension {
                    extra: extra.clone(),
                    reason: reason.clone(),
                    requested_by: event.actor.clone(),
                });
            }
            EventBody::ExtensionApproved { due_at, warn_at, .. } => {
                self.extension = None;
                self.counters.extensions += 1;
                if let Some(clock) = self.clock.as_mut() {
                    // A new deadline: its warning and breach are still to come.
                    clock.due_at = *due_at;
                    clock.warn_at = Some(*warn_at);
                    clock.warned = false;
                    clock.breached = false;
                    clock.chased = false;
                }
            }
            EventBody::ExtensionDenied { .. } => self.extension = None,
            EventBody::DuplicatesSuggested { candidates, .. } => self.duplicates = candidates.clone(),
            EventBody::Grouped { parent, .. } => self.parent = Some(parent.clone()),
            EventBody::GroupAdded { child } => {
                if !self.children.contains(child) {
                    self.children.push(child.clone());
                }
            }
        }
    }

    fn enter(
        &mut self,
        status: Status,
        stage: Stage,
        at: Timestamp,
        due_at: Option<Timestamp>,
        warn_at: Option<Timestamp>,
    ) {
        self.status = status;
        // An extension asked for the stage that just ended lapses with it.
        self.extension = None;
        self.clock = due_at.map(|due_at| Clock::new(stage, at, due_at, warn_at));
    }

    /// Verification or callback failed: back to the department (返工/重办).
    fn rework(&mut self, at: Timestamp, due_at: Option<Timestamp>, warn_at: Option<Timestamp>) {
        self.counters.rework += 1;
        self.enter(Status::Dispatched, Stage::Sign, at, due_at, warn_at);
    }

    fn resume(&mut self, at: Timestamp, due_at: Option<Timestamp>, warn_at: Option<Timestamp>) {
        self.status = self.parked_from.take().unwrap_or(Status::Accepted);
        if let Some(clock) = self.clock.as_mut() {
            if let Some(paused) = clock.paused_at.take() {
                clock.parked_secs += (at - paused).whole_seconds().max(0);
            }
            if let Some(due) = due_at {
                clock.due_at = due;
                clock.warn_at = warn_at;
            }
        }
    }

    /// Records how the running stage went as it is completed.
    fn complete(&mut self, stage: Stage, at: Timestamp) {
        let Some(clock) = self.clock.as_ref().filter(|c| c.stage == stage) else {
            return;
        };
        let record = &mut self.stages.0[stage.index()];
        record.done += 1;
        record.on_time += u32::from(at <= clock.due_at);
        record.spent_secs += ((at - clock.started_at).whole_seconds() - clock.parked_secs).max(0);
    }

    /// Records an SLA event on the clock it was about; a stale one (the
    /// item has moved to another stage since) changes nothing.
    fn mark_clock(&mut self, stage: Stage, mark: impl FnOnce(&mut Clock)) {
        if let Some(clock) = self.clock.as_mut().filter(|c| c.stage == stage) {
            mark(clock);
        }
    }

    fn finish(&mut self, status: Status, outcome: Option<Outcome>, at: Timestamp) {
        self.status = status;
        self.outcome = outcome;
        self.clock = None;
        self.claim = None;
        self.parked_from = None;
        self.extension = None;
        self.closed_at = Some(at);
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
