//! What each verb writes: the events an allowed action produces, with the
//! deadlines of the stage it enters. `decide` (in `lifecycle.rs`) has
//! already checked the role, kind, state and claim.

use super::{CLAIM_LEASE, Ctx, Decision, MAX_TEXT, Refusal, Rule, text};
use crate::model::Timestamp;
use crate::model::action::{Action, LinkTarget};
use crate::model::event::EventBody;
use crate::model::ids::ItemId;
use crate::model::item::{Item, PendingExtension};
use crate::model::policy::{ClockKey, Deadline, Limit, Stage};
use crate::model::{Priority, Satisfaction, Status, Supervision, Tier};

fn key(item: &Item, stage: Stage) -> ClockKey<'_> {
    ClockKey {
        kind: item.kind,
        category: &item.category,
        priority: item.priority,
        stage,
    }
}

/// The due and warning times of a stage entered now.
fn due(item: &Item, stage: Stage, ctx: &Ctx<'_>) -> (Option<Timestamp>, Option<Timestamp>) {
    let d = ctx.policy.deadline(&key(item, stage), ctx.now);
    (Some(d.due_at), Some(d.warn_at))
}

pub(super) fn events_for(
    item: &Item,
    action: &Action,
    related: Option<&Item>,
    ctx: &Ctx<'_>,
) -> Result<Decision, Refusal> {
    let body = match action {
        Action::Accept {} => {
            let (due_at, warn_at) = due(item, Stage::Dispatch, ctx);
            EventBody::Accepted { due_at, warn_at }
        }
        Action::Reject { reason } => {
            text(reason, "reason", MAX_TEXT)?;
            EventBody::Rejected {
                reason: reason.clone(),
            }
        }
        Action::Dispatch { department } => dispatch(item, department, None, ctx)?,
        Action::Sign {} => {
            let (due_at, warn_at) = due(item, Stage::Resolve, ctx);
            EventBody::Signed { due_at, warn_at }
        }
        Action::Return { reason } => {
            text(reason, "reason", MAX_TEXT)?;
            let (due_at, warn_at) = due(item, Stage::Dispatch, ctx);
            EventBody::Returned {
                reason: reason.clone(),
                department: item.department.clone(),
                due_at,
                warn_at,
                returns: item.counters.returns.saturating_add(1),
            }
        }
        Action::Resolve { summary } => {
            text(summary, "summary", MAX_TEXT)?;
            let (due_at, warn_at) = due(item, Stage::Verify, ctx);
            EventBody::Resolved {
                summary: summary.clone(),
                due_at,
                warn_at,
            }
        }
        Action::Verify { passed, note } => {
            super::input::at_most(note, "note", MAX_TEXT)?;
            let (due_at, warn_at) = if *passed {
                (None, None)
            } else {
                due(item, Stage::Sign, ctx)
            };
            EventBody::Verified {
                passed: *passed,
                note: note.clone(),
                due_at,
                warn_at,
            }
        }
        Action::Callback {
            satisfaction,
            attributable,
            note,
        } => {
            super::input::at_most(note, "note", MAX_TEXT)?;
            let rework = *satisfaction == Satisfaction::Unsatisfied && *attributable;
            let (due_at, warn_at) = if rework {
                due(item, Stage::Sign, ctx)
            } else {
                (None, None)
            };
            EventBody::CalledBack {
                satisfaction: *satisfaction,
                attributable: *attributable,
                note: note.clone(),
                due_at,
                warn_at,
            }
        }
        Action::Reopen { reason } => {
            text(reason, "reason", MAX_TEXT)?;
            let (due_at, warn_at) = due(item, Stage::Dispatch, ctx);
            EventBody::Reopened {
                reason: reason.clone(),
                due_at,
                warn_at,
            }
        }
        Action::Escalate { reason } => escalate(item.tier, reason)?,
        Action::Supervise { level } => supervise(item.supervision, *level)?,
        Action::SetPriority { priority } => set_priority(item, *priority, ctx)?,
        Action::Park { reason } => {
            text(reason, "reason", MAX_TEXT)?;
            EventBody::Parked {
                reason: reason.clone(),
            }
        }
        Action::Resume {} => resume(item, ctx),
        Action::Claim {} => EventBody::Claimed {
            owner: ctx.actor.login.clone(),
            until: ctx.now + CLAIM_LEASE,
        },
        Action::Release {} => release(item, ctx)?,
        Action::Merge { into } => return merge(item, into, related),
        Action::Link { target } => return link(item, target, related),
        Action::Note { text: t } => {
            text(t, "text", MAX_TEXT)?;
            EventBody::Noted { text: t.clone() }
        }
        Action::Answer { answer, entry } => {
            text(answer, "answer", MAX_TEXT)?;
            if let Some(e) = entry {
                text(e, "entry", super::input::MAX_ENTRY)?;
            }
            EventBody::Answered {
                answer: answer.clone(),
                entry: entry.clone(),
            }
        }
        Action::Transfer { to } => EventBody::Transferred { to: *to },
        Action::Clear {} => EventBody::Cleared,
        Action::RequestExtension { extra, reason } => request_extension(item, extra, reason)?,
        Action::ApproveExtension {} => approve_extension(item, ctx)?,
        Action::DenyExtension { reason } => {
            text(reason, "reason", MAX_TEXT)?;
            pending_extension(item)?;
            EventBody::ExtensionDenied {
                reason: reason.clone(),
            }
        }
    };
    Ok(Decision::one(body))
}

/// The `dispatched` event sending `item` to `department`; `rule` names the
/// routing rule when the server chose the department itself.
pub fn dispatch(
    item: &Item,
    department: &str,
    rule: Option<String>,
    ctx: &Ctx<'_>,
) -> Result<EventBody, Refusal> {
    let code = ctx.city.org(department).ok_or_else(|| Rule::UnknownDepartment {
        department: department.to_owned(),
    })?;
    if item.status == Status::Dispatched && item.department.as_deref() == Some(code.as_str()) {
        return Err(Rule::AlreadyDispatched { department: code }.into());
    }
    let (due_at, warn_at) = due(item, Stage::Sign, ctx);
    Ok(EventBody::Dispatched {
        department: code,
        rule,
        due_at,
        warn_at,
    })
}

/// Furthest a deadline may be moved: twenty years from now (one longest
/// extension, ten years, fits), so approvals cannot add up past what a
/// timestamp can hold.
const MAX_DEADLINE_DAYS: i64 = 2 * 3650;

fn request_extension(item: &Item, extra: &str, reason: &str) -> Result<EventBody, Refusal> {
    text(reason, "reason", MAX_TEXT)?;
    Limit::parse(extra).map_err(Refusal::Invalid)?;
    if item.clock.is_none() {
        return Err(Rule::NoClock.into());
    }
    if item.extension.is_some() {
        return Err(Rule::ExtensionPending.into());
    }
    Ok(EventBody::ExtensionRequested {
        extra: extra.trim().to_owned(),
        reason: reason.to_owned(),
    })
}

fn pending_extension(item: &Item) -> Result<&PendingExtension, Refusal> {
    item.extension
        .as_ref()
        .ok_or(Refusal::Rule(Rule::NoExtensionPending))
}

fn approve_extension(item: &Item, ctx: &Ctx<'_>) -> Result<EventBody, Refusal> {
    let pending = pending_extension(item)?;
    let extra = Limit::parse(&pending.extra).map_err(Refusal::Invalid)?;
    let clock = item.clock.as_ref().ok_or(Rule::NoClock)?;
    let current = Deadline {
        warn_at: clock.warn_time(),
        due_at: clock.due_at,
    };
    let d = ctx
        .policy
        .extend(&key(item, clock.stage), clock.started_at, current, extra);
    let horizon = ctx.now.saturating_add(time::Duration::days(MAX_DEADLINE_DAYS));
    if d.due_at > horizon {
        return Err(Rule::DeadlineTooFar {
            date: d.due_at.date().to_string(),
            days: MAX_DEADLINE_DAYS,
        }
        .into());
    }
    Ok(EventBody::ExtensionApproved {
        extra: pending.extra.clone(),
        due_at: d.due_at,
        warn_at: d.warn_at,
    })
}

fn escalate(tier: Tier, reason: &str) -> Result<EventBody, Refusal> {
    text(reason, "reason", MAX_TEXT)?;
    let to = tier.up().ok_or(Rule::TopTier)?;
    Ok(EventBody::Escalated {
        from: tier,
        to,
        reason: reason.to_owned(),
        designate: false,
        rule: None,
    })
}

fn supervise(from: Supervision, level: Supervision) -> Result<EventBody, Refusal> {
    if from == level {
        return Err(Rule::SupervisionUnchanged { level }.into());
    }
    Ok(EventBody::Supervised {
        from,
        level,
        rule: None,
    })
}

fn set_priority(item: &Item, to: Priority, ctx: &Ctx<'_>) -> Result<EventBody, Refusal> {
    if item.priority == to {
        return Err(Rule::PriorityUnchanged { priority: to }.into());
    }
    // The running stage keeps its start; only its limit changes.
    let deadline = item.clock.as_ref().map(|c| {
        let k = ClockKey {
            priority: to,
            ..key(item, c.stage)
        };
        ctx.policy.deadline(&k, c.started_at)
    });
    Ok(EventBody::PrioritySet {
        from: item.priority,
        to,
        due_at: deadline.map(|d| d.due_at),
        warn_at: deadline.map(|d| d.warn_at),
    })
}

fn resume(item: &Item, ctx: &Ctx<'_>) -> EventBody {
    // The parked time is given back, in the measure the limit counts.
    let deadline = item.clock.as_ref().map(|c| {
        let current = Deadline {
            warn_at: c.warn_time(),
            due_at: c.due_at,
        };
        match c.paused_at {
            Some(paused) => ctx.policy.resume(&key(item, c.stage), paused, ctx.now, current),
            None => current,
        }
    });
    EventBody::Resumed {
        due_at: deadline.map(|d| d.due_at),
        warn_at: deadline.map(|d| d.warn_at),
    }
}

fn release(item: &Item, ctx: &Ctx<'_>) -> Result<EventBody, Refusal> {
    let claim = item.active_claim(ctx.now).ok_or(Rule::NotClaimed)?;
    Ok(EventBody::Released {
        owner: claim.owner.clone(),
    })
}

fn related_open<'a>(item: &Item, id: &ItemId, related: Option<&'a Item>) -> Result<&'a Item, Refusal> {
    let other = related.ok_or_else(|| Rule::UnknownItem { id: id.clone() })?;
    if other.id == item.id {
        return Err(Rule::ItSelf.into());
    }
    Ok(other)
}

fn merge(item: &Item, into: &ItemId, related: Option<&Item>) -> Result<Decision, Refusal> {
    let target = related_open(item, into, related)?;
    if target.kind != item.kind {
        return Err(Rule::MergeKinds {
            from: item.kind,
            into: target.kind,
        }
        .into());
    }
    if !target.status.is_open() {
        return Err(Rule::MergeTargetClosed {
            target: target.id.clone(),
            status: target.status,
        }
        .into());
    }
    Ok(Decision {
        own: vec![EventBody::Merged {
            into: target.id.clone(),
        }],
        related: vec![EventBody::Absorbed {
            from: item.id.clone(),
            callers: item.callers.clone(),
        }],
    })
}

fn link(item: &Item, target: &LinkTarget, related: Option<&Item>) -> Result<Decision, Refusal> {
    if item.links.contains(target) {
        return Err(Rule::AlreadyLinked.into());
    }
    let LinkTarget::Item(id) = target else {
        return Ok(Decision::one(EventBody::Linked {
            target: target.clone(),
        }));
    };
    related_open(item, id, related)?;
    Ok(Decision {
        own: vec![EventBody::Linked {
            target: target.clone(),
        }],
        related: vec![EventBody::Linked {
            target: LinkTarget::Item(item.id.clone()),
        }],
    })
}
