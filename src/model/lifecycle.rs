//! The rules: given an item, an operator and an action, either the events
//! the action produces or the reason it is refused.

use super::Timestamp;
use super::action::{Action, ActionName, CreateItem, LinkTarget};
use super::city::City;
use super::event::{Created, EventBody};
use super::ids::{ItemId, Kind};
use super::item::{Item, PendingExtension};
use super::permissions::{may_create, permits};
use super::policy::{ClockKey, Deadline, Limit, Policy, Stage};
use super::role::{Operator, Role};
use super::verbs::Verb;
use super::{
    scales::{Priority, Supervision, Tier},
    status::{Satisfaction, Status},
};
use time::Duration;

/// How long a claim lasts unless renewed.
pub const CLAIM_LEASE: Duration = Duration::minutes(15);
/// Longest free text (reasons, notes, summaries) in characters.
pub const MAX_TEXT: usize = 4000;
/// Longest title in characters.
pub const MAX_TITLE: usize = 200;

/// Everything a decision depends on besides the item itself.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub actor: &'a Operator,
    pub now: Timestamp,
    pub policy: &'a Policy,
    /// The city's departments and taxonomy: where items may be dispatched
    /// and what priority a category gets by default.
    pub city: &'a City,
    /// The operator asks to act through someone else's claim.
    pub override_claim: bool,
}

/// What an allowed action does: events for the item, and for the related
/// item of a merge or link.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub own: Vec<EventBody>,
    pub related: Vec<EventBody>,
}

impl Decision {
    fn one(body: EventBody) -> Self {
        Decision {
            own: vec![body],
            related: Vec::new(),
        }
    }
}

/// Why an action was refused. Each maps to one HTTP status in the API layer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error("role {role} may not {action}")]
    Forbidden { role: Role, action: ActionName },
    #[error("role {role} may not create items")]
    MayNotCreate { role: Role },
    #[error("{action} is not allowed while the item is {status}")]
    NotAllowed {
        status: Status,
        action: ActionName,
        allowed: Vec<ActionName>,
    },
    #[error("{action} does not apply to a {kind}")]
    WrongKind { kind: Kind, action: ActionName },
    #[error("claimed by {owner} until {until}")]
    Claimed { owner: String, until: Timestamp },
    #[error("the item is dispatched to {department:?}, not to your department")]
    NotYourDepartment { department: Option<String> },
    #[error("a supervisor must designate the handler of this item (returned too often)")]
    NeedsDesignation,
    #[error("{0}")]
    Invalid(String),
}

/// Does the item's state (and kind) allow this action, whoever asks?
fn state_allows(kind: Kind, status: Status, action: ActionName) -> bool {
    Verb::of(action).allows(kind, status)
}

/// Does the action make sense for this kind of item at all? The verb's row
/// says for most; an emergency link is an incident's alone.
fn kind_allows(kind: Kind, action: &Action) -> bool {
    let emergency_link = matches!(
        action,
        Action::Link {
            target: LinkTarget::Emergency(_)
        }
    );
    Verb::of(action.name()).applies_to(kind) && (!emergency_link || kind == Kind::Incident)
}

/// The actions `role` could take on `item` now, for menus and 422 bodies.
pub fn allowed_actions(item: &Item, role: Role) -> Vec<ActionName> {
    ActionName::ALL
        .into_iter()
        .filter(|a| permits(role, *a) && state_allows(item.kind, item.status, *a))
        .collect()
}

/// Validates a new report and describes it as a `created` event. `source`
/// is the item named by `raised_from`, loaded by the caller.
pub fn decide_create(req: &CreateItem, source: Option<&Item>, ctx: &Ctx<'_>) -> Result<Created, Refusal> {
    if !may_create(ctx.actor.role) {
        return Err(Refusal::MayNotCreate { role: ctx.actor.role });
    }
    text(&req.title, "title", MAX_TITLE)?;
    text(&req.category, "category", 64)?;
    if req.description.chars().count() > MAX_TEXT {
        return Err(Refusal::Invalid(format!(
            "description is longer than {MAX_TEXT} characters"
        )));
    }
    if req.fingerprint.is_some() && req.kind != Kind::Alert {
        return Err(Refusal::Invalid("only alerts carry a fingerprint".into()));
    }
    if let Some(fp) = &req.fingerprint {
        text(fp, "fingerprint", 200)?;
    }
    // The reporter's word first, then the taxonomy's default for the
    // category, then "general".
    let priority = req
        .priority
        .or_else(|| ctx.city.category(&req.category).map(|c| c.priority))
        .unwrap_or(Priority::P3);
    if let Some(id) = &req.raised_from {
        raised_from(req.kind, id, source)?;
    }
    let key = ClockKey {
        kind: req.kind,
        category: req.category.trim(),
        priority,
        stage: Stage::Accept,
    };
    let deadline = ctx.policy.deadline(&key, ctx.now);
    let mut created = Created::from_request(req, priority, Some(deadline));
    created.caller = req.caller.as_ref().map(caller).transpose()?;
    if let Some(id) = &req.call_id {
        text(id, "call_id", 128)?;
    }
    Ok(created)
}

/// The caller as the log keeps them: the phone in canonical form, so
/// their history finds every item however the number was typed.
fn caller(c: &super::Caller) -> Result<super::Caller, Refusal> {
    if c.name.as_ref().is_some_and(|n| n.chars().count() > 64) {
        return Err(Refusal::Invalid(
            "caller.name is longer than 64 characters".into(),
        ));
    }
    super::phone::normalise_caller(c, super::phone::LOCAL_AREA)
        .map_err(|e| Refusal::Invalid(format!("caller.phone: {e}")))
}

/// An incident may be raised from an open alert or ticket.
fn raised_from(kind: Kind, id: &ItemId, source: Option<&Item>) -> Result<(), Refusal> {
    let source = source.ok_or_else(|| Refusal::Invalid(format!("unknown item {id}")))?;
    if kind != Kind::Incident || source.kind == Kind::Incident {
        return Err(Refusal::Invalid(
            "only an incident can be raised, and only from an alert or a ticket".into(),
        ));
    }
    if !source.status.is_open() {
        return Err(Refusal::Invalid(format!(
            "{} is {}; raise incidents from open items",
            source.id, source.status
        )));
    }
    Ok(())
}

/// Decides what `action` does to `item`. `related` is the other item of a
/// merge or item link, loaded by the caller.
pub fn decide(
    item: &Item,
    action: &Action,
    related: Option<&Item>,
    ctx: &Ctx<'_>,
) -> Result<Decision, Refusal> {
    let name = action.name();
    let role = ctx.actor.role;
    if !permits(role, name) || (ctx.override_claim && !role.may_override()) {
        return Err(Refusal::Forbidden { role, action: name });
    }
    if !kind_allows(item.kind, action) {
        return Err(Refusal::WrongKind {
            kind: item.kind,
            action: name,
        });
    }
    if !state_allows(item.kind, item.status, name) {
        return Err(Refusal::NotAllowed {
            status: item.status,
            action: name,
            allowed: allowed_actions(item, role),
        });
    }
    if role == Role::Unit && item.department != ctx.actor.department {
        return Err(Refusal::NotYourDepartment {
            department: item.department.clone(),
        });
    }
    check_claim(item, name, ctx)?;
    if item.designate && name == ActionName::Dispatch && !matches!(role, Role::Supervisor | Role::Admin) {
        return Err(Refusal::NeedsDesignation);
    }
    events_for(item, action, related, ctx)
}

/// A claim by someone else blocks work, except notes and links, actions by
/// a department's own system, and supervisor overrides.
fn check_claim(item: &Item, name: ActionName, ctx: &Ctx<'_>) -> Result<(), Refusal> {
    let Some(claim) = item.active_claim(ctx.now) else {
        return Ok(());
    };
    let harmless = matches!(name, ActionName::Note | ActionName::Link);
    if claim.owner == ctx.actor.login || harmless || ctx.actor.role == Role::Unit || ctx.override_claim {
        return Ok(());
    }
    Err(Refusal::Claimed {
        owner: claim.owner.clone(),
        until: claim.until,
    })
}

fn text(value: &str, field: &str, max: usize) -> Result<(), Refusal> {
    if value.trim().is_empty() {
        return Err(Refusal::Invalid(format!("{field} must not be empty")));
    }
    if value.chars().count() > max {
        return Err(Refusal::Invalid(format!(
            "{field} is longer than {max} characters"
        )));
    }
    Ok(())
}

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

fn events_for(
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
        Action::Answer { answer } => {
            text(answer, "answer", MAX_TEXT)?;
            EventBody::Answered {
                answer: answer.clone(),
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
    let code = ctx.city.org(department).ok_or_else(|| {
        Refusal::Invalid(format!(
            "unknown department {department:?}; see GET /v1/directory"
        ))
    })?;
    if item.status == Status::Dispatched && item.department.as_deref() == Some(code.as_str()) {
        return Err(Refusal::Invalid(format!("already dispatched to {code}")));
    }
    let (due_at, warn_at) = due(item, Stage::Sign, ctx);
    Ok(EventBody::Dispatched {
        department: code,
        rule,
        due_at,
        warn_at,
    })
}

fn request_extension(item: &Item, extra: &str, reason: &str) -> Result<EventBody, Refusal> {
    text(reason, "reason", MAX_TEXT)?;
    Limit::parse(extra).map_err(Refusal::Invalid)?;
    if item.clock.is_none() {
        return Err(Refusal::Invalid(
            "no clock runs on this item; nothing to extend".into(),
        ));
    }
    if item.extension.is_some() {
        return Err(Refusal::Invalid(
            "an extension is already pending; approve or deny it first".into(),
        ));
    }
    Ok(EventBody::ExtensionRequested {
        extra: extra.trim().to_owned(),
        reason: reason.to_owned(),
    })
}

fn pending_extension(item: &Item) -> Result<&PendingExtension, Refusal> {
    item.extension
        .as_ref()
        .ok_or_else(|| Refusal::Invalid("no extension is pending".into()))
}

fn approve_extension(item: &Item, ctx: &Ctx<'_>) -> Result<EventBody, Refusal> {
    let pending = pending_extension(item)?;
    let extra = Limit::parse(&pending.extra).map_err(Refusal::Invalid)?;
    let clock = item
        .clock
        .as_ref()
        .ok_or_else(|| Refusal::Invalid("no clock runs on this item; nothing to extend".into()))?;
    let current = Deadline {
        warn_at: clock.warn_time(),
        due_at: clock.due_at,
    };
    let d = ctx
        .policy
        .extend(&key(item, clock.stage), clock.started_at, current, extra);
    Ok(EventBody::ExtensionApproved {
        extra: pending.extra.clone(),
        due_at: d.due_at,
        warn_at: d.warn_at,
    })
}

fn escalate(tier: Tier, reason: &str) -> Result<EventBody, Refusal> {
    let to = tier
        .up()
        .ok_or_else(|| Refusal::Invalid("already at the city tier; nothing above it".into()))?;
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
        return Err(Refusal::Invalid(
            format!("supervision is already {level:?}").to_lowercase(),
        ));
    }
    Ok(EventBody::Supervised {
        from,
        level,
        rule: None,
    })
}

fn set_priority(item: &Item, to: Priority, ctx: &Ctx<'_>) -> Result<EventBody, Refusal> {
    if item.priority == to {
        return Err(Refusal::Invalid(format!("priority is already {to}")));
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
    let claim = item
        .active_claim(ctx.now)
        .ok_or_else(|| Refusal::Invalid("the item is not claimed".into()))?;
    Ok(EventBody::Released {
        owner: claim.owner.clone(),
    })
}

fn related_open<'a>(item: &Item, id: &ItemId, related: Option<&'a Item>) -> Result<&'a Item, Refusal> {
    let other = related.ok_or_else(|| Refusal::Invalid(format!("unknown item {id}")))?;
    if other.id == item.id {
        return Err(Refusal::Invalid(
            "an item cannot be merged into or linked with itself".into(),
        ));
    }
    Ok(other)
}

fn merge(item: &Item, into: &ItemId, related: Option<&Item>) -> Result<Decision, Refusal> {
    let target = related_open(item, into, related)?;
    if target.kind != item.kind {
        return Err(Refusal::Invalid(format!(
            "cannot merge a {} into a {}",
            item.kind, target.kind
        )));
    }
    if !target.status.is_open() {
        return Err(Refusal::Invalid(format!(
            "{} is {} and cannot take a merge",
            target.id, target.status
        )));
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
        return Err(Refusal::Invalid("already linked".into()));
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
