//! The rules: given an item, an operator and an action, either the events
//! the action produces or the reason it is refused.

use super::Timestamp;
use super::action::{Action, ActionName, CreateItem, LinkTarget};
use super::city::City;
use super::event::{Created, EventBody};
use super::ids::{ItemId, Kind};
use super::item::Item;
use super::permissions::{may_create, permits};
use super::policy::{ClockKey, Policy, Stage};
use super::role::{Operator, Role};
use super::verbs::Verb;
use super::{scales::Priority, status::Status};
use time::Duration;

/// How long a claim lasts unless renewed.
pub const CLAIM_LEASE: Duration = Duration::minutes(15);
pub use input::{MAX_TEXT, MAX_TITLE};

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
    #[error("{}", not_yours(department.as_deref()))]
    NotYourDepartment { department: Option<String> },
    /// Overriding someone else's claim is a supervisor's call; the action
    /// itself may well be the role's to take.
    #[error(
        "overriding a claim needs a supervisor; role {role} may {action} only items it is free to work on"
    )]
    OverrideNeedsSupervisor { role: Role, action: ActionName },
    #[error("a supervisor must designate the handler of this item (returned too often)")]
    NeedsDesignation,
    /// A rule of the item's state or of what the action names.
    #[error("{0}")]
    Rule(#[from] Rule),
    #[error("{0}")]
    Invalid(String),
}

/// What a unit is told about an item of another department.
fn not_yours(department: Option<&str>) -> String {
    match department {
        Some(d) => format!("the item is dispatched to {d}, not to your department"),
        None => "the item is not dispatched to any department yet, so no unit may act on it".into(),
    }
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
    text(&req.category, "category", input::MAX_CATEGORY)?;
    input::at_most(&req.description, "description", MAX_TEXT)?;
    input::place(&req.place, ctx.city)?;
    if req.fingerprint.is_some() && req.kind != Kind::Alert {
        return Err(Rule::FingerprintNotAlert.into());
    }
    if let Some(fp) = &req.fingerprint {
        text(fp, "fingerprint", input::MAX_FINGERPRINT)?;
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
        text(id, "call_id", input::MAX_CALL_ID)?;
    }
    Ok(created)
}

/// The caller as the log keeps them: the phone in canonical form, so
/// their history finds every item however the number was typed.
fn caller(c: &crate::model::Caller) -> Result<crate::model::Caller, Refusal> {
    input::caller(c)?;
    crate::model::phone::normalise_caller(c, crate::model::phone::LOCAL_AREA)
        .map_err(|e| Refusal::Invalid(format!("caller.phone: {e}")))
}

/// An incident may be raised from an open alert or ticket.
fn raised_from(kind: Kind, id: &ItemId, source: Option<&Item>) -> Result<(), Refusal> {
    let source = source.ok_or_else(|| Rule::UnknownItem { id: id.clone() })?;
    if kind != Kind::Incident || source.kind == Kind::Incident {
        return Err(Rule::RaiseKinds.into());
    }
    if !source.status.is_open() {
        return Err(Rule::RaiseFromClosed {
            from: source.id.clone(),
            status: source.status,
        }
        .into());
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
    if !permits(role, name) {
        return Err(Refusal::Forbidden { role, action: name });
    }
    if ctx.override_claim && !role.may_override() {
        return Err(Refusal::OverrideNeedsSupervisor { role, action: name });
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

/// A required text: something visible in it (zero-width, bidi and control
/// characters alone are blank), at most `max` characters.
fn text(value: &str, field: &str, max: usize) -> Result<(), Refusal> {
    input::required(value, field, max)
}

mod events;
pub mod input;
mod rule;
pub use rule::Rule;

pub use events::dispatch;
use events::events_for;
