//! How each event folds into an item, one function per family of events:
//! lifecycle steps, overlays (tier, supervision, priority, parking,
//! claims), clock marks and extensions, and grouping (merges, links,
//! duplicates, storms). [`Item::apply`] only routes an event to its family,
//! exhaustively, so a new event cannot be forgotten.

use super::{Claim, Clock, Item, PendingExtension};
use crate::model::Timestamp;
use crate::model::event::{Event, EventBody};
use crate::model::policy::Stage;
use crate::model::status::{Outcome, Satisfaction, Status};

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

/// Whether `event` is a person acting on the item: anything but the
/// server's own events (`system`), another firing or an amendment of an
/// alert (only intake writes them, whichever feed it was), and what the
/// operator who created it (a feed, for items from a standard) writes as
/// its documents say — a new priority, a note, a clear.
fn is_act_of_a_person(event: &Event, created_by: &str) -> bool {
    use EventBody as E;
    let as_the_source = event.actor == created_by
        && matches!(event.body, E::PrioritySet { .. } | E::Noted { .. } | E::Cleared);
    event.actor != crate::model::SYSTEM_ACTOR
        && !matches!(event.body, E::Created(_) | E::Recurred { .. } | E::Amended { .. })
        && !as_the_source
}

impl Item {
    /// Whether a person has taken the item up: acted on it after its
    /// creation (claimed, accepted, dispatched, noted, raised an incident
    /// from it...), or it has left `new`, or someone holds a claim. The
    /// last two also cover items folded before `acted_at` was kept.
    pub fn acted_on(&self) -> bool {
        self.acted_at.is_some() || self.status != Status::New || self.claim.is_some()
    }

    /// Folds one more event into the item. Events come from [`crate::model::decide`],
    /// which has already checked that they are allowed.
    pub fn apply(&mut self, event: &Event) {
        self.version = event.version;
        self.updated_at = event.at;
        let at = event.at;
        if self.acted_at.is_none() && is_act_of_a_person(event, &self.created_by) {
            self.acted_at = Some(at);
        }
        if let Some(stage) = completed_stage(&event.body) {
            self.complete(stage, at);
        }
        use EventBody as E;
        match &event.body {
            E::Created(_) | E::Noted { .. } => {}
            E::Redacted { .. } => self.forget_callers(),
            E::Accepted { .. }
            | E::Rejected { .. }
            | E::Dispatched { .. }
            | E::Signed { .. }
            | E::Returned { .. }
            | E::Resolved { .. }
            | E::Verified { .. }
            | E::CalledBack { .. }
            | E::Reopened { .. }
            | E::Answered { .. }
            | E::Transferred { .. }
            | E::Cleared => self.step(&event.body, at),
            E::Escalated { .. }
            | E::Supervised { .. }
            | E::PrioritySet { .. }
            | E::Parked { .. }
            | E::Resumed { .. }
            | E::Claimed { .. }
            | E::Released { .. }
            | E::Amended { .. } => self.overlay(&event.body, at),
            E::SlaWarning { .. }
            | E::SlaBreached { .. }
            | E::Chased { .. }
            | E::ExtensionRequested { .. }
            | E::ExtensionApproved { .. }
            | E::ExtensionDenied { .. } => self.clock_event(&event.body, &event.actor),
            E::Merged { .. }
            | E::Absorbed { .. }
            | E::Linked { .. }
            | E::Recurred { .. }
            | E::DuplicatesSuggested { .. }
            | E::Grouped { .. }
            | E::GroupAdded { .. } => self.grouping(&event.body, at),
        }
    }

    /// A step of the lifecycle: the status moves and the next stage's
    /// clock starts, or the item closes.
    fn step(&mut self, body: &EventBody, at: Timestamp) {
        match body {
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
                if !self.dispatched_to.contains(department) {
                    self.dispatched_to.push(department.clone());
                }
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
            EventBody::Answered { .. } => self.finish(Status::Closed, Some(Outcome::Answered), at),
            EventBody::Transferred { to } => {
                self.finish(Status::Closed, Some(Outcome::Transferred { to: *to }), at)
            }
            EventBody::Cleared => self.finish(Status::Closed, Some(Outcome::Cleared), at),
            // Other families: routed elsewhere by `apply`.
            _ => {}
        }
    }

    /// An overlay on the item that leaves its stage alone: tier,
    /// supervision card, priority, parking and claims.
    fn overlay(&mut self, body: &EventBody, at: Timestamp) {
        match body {
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
            EventBody::Amended {
                title,
                category,
                place,
                origin,
            } => {
                if let Some(t) = title {
                    self.title = t.clone();
                }
                if let Some(c) = category {
                    self.category = c.clone();
                }
                if let Some(p) = place {
                    self.place = p.clone();
                }
                if let Some(o) = origin {
                    self.origin = Some(o.clone());
                }
            }
            // Other families: routed elsewhere by `apply`.
            _ => {}
        }
    }

    /// What the server notes on the running clock (warning, breach, chase)
    /// and the extensions asked for it.
    fn clock_event(&mut self, body: &EventBody, actor: &str) {
        match body {
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
                    requested_by: actor.to_owned(),
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
            // Other families: routed elsewhere by `apply`.
            _ => {}
        }
    }

    /// How items relate: merges, links, repeats of an alert, suggested
    /// duplicates and storm groups.
    fn grouping(&mut self, body: &EventBody, at: Timestamp) {
        match body {
            EventBody::Merged { into } => {
                self.merged_into = Some(into.clone());
                self.finish(Status::Merged, None, at);
            }
            EventBody::Absorbed { from, callers } => {
                self.merged_from.push(from.clone());
                self.duplicates.retain(|d| d != from);
                self.callers.extend(callers.iter().cloned());
            }
            EventBody::Linked { target } if !self.links.contains(target) => self.links.push(target.clone()),
            EventBody::Recurred { occurrences } => {
                self.occurrences = *occurrences;
                self.last_seen = Some(at);
            }
            EventBody::DuplicatesSuggested { candidates, .. } => self.duplicates = candidates.clone(),
            EventBody::Grouped { parent, .. } => self.parent = Some(parent.clone()),
            EventBody::GroupAdded { child } if !self.children.contains(child) => {
                self.children.push(child.clone())
            }
            // Repeats, and other families: routed elsewhere by `apply`.
            _ => {}
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
}
