//! The verbs, one row each. Read a row as a sentence: who may ask, in
//! which states and kinds, with which parameters, and whether the console
//! asks first.

use super::{Confirm, Param, ParamKind as P, Verb, When};
use crate::model::action::ActionName as A;
use crate::model::ids::Kind;
use crate::model::role::Role;
use crate::model::status::Status as S;

/// The desk: call-takers, dispatchers, supervisors and admins.
const DESK: &[Role] = &[Role::Agent, Role::Dispatcher, Role::Supervisor, Role::Admin];
/// Assignment and chasing: dispatchers up.
const DISPATCH: &[Role] = &[Role::Dispatcher, Role::Supervisor, Role::Admin];
/// A department's side of the work: its own system, or a dispatcher
/// recording what the department said by phone.
const DEPARTMENT: &[Role] = &[Role::Dispatcher, Role::Supervisor, Role::Admin, Role::Unit];
/// What a feed's document may do to the item it brought: re-rate it,
/// clear it when the source says it is over, note what changed — on top of
/// the desk, who may do the same by hand.
const DESK_AND_FEED: &[Role] = &[
    Role::Agent,
    Role::Dispatcher,
    Role::Supervisor,
    Role::Admin,
    Role::Feed,
];
/// Everyone who writes at all, and feeds noting what their source said.
const NOTERS: &[Role] = &[
    Role::Agent,
    Role::Dispatcher,
    Role::Supervisor,
    Role::Admin,
    Role::Unit,
    Role::Feed,
];
/// Carding, reopening and overriding are the shift supervisor's.
const SUPERVISORS: &[Role] = &[Role::Supervisor, Role::Admin];

const WORKING: &[S] = &[S::Dispatched, S::InProgress];
const UNANSWERED: &[S] = &[S::New, S::Accepted];

const fn req(name: &'static str, kind: P, label: &'static str) -> Param {
    Param {
        name,
        kind,
        required: true,
        label,
    }
}

const fn opt(name: &'static str, kind: P, label: &'static str) -> Param {
    Param {
        name,
        kind,
        required: false,
        label,
    }
}

const REASON: Param = req("reason", P::Text, "reason");

/// A row with no aliases, no kind restriction and no confirmation.
const fn verb(
    name: A,
    command: &'static str,
    summary: &'static str,
    params: &'static [Param],
    roles: &'static [Role],
    when: When,
) -> Verb {
    Verb {
        name,
        command,
        aliases: &[],
        summary,
        params,
        roles,
        when,
        kinds: &[],
        confirm: Confirm::Never,
    }
}

pub const VERBS: [Verb; 25] = [
    verb(
        A::Accept,
        "accept",
        "Accept a new item (受理)",
        &[],
        DESK,
        When::In(&[S::New]),
    ),
    Verb {
        confirm: Confirm::Always("reject {ids}?"),
        ..verb(
            A::Reject,
            "reject",
            "Refuse a new item, with a reason (不予受理)",
            &[REASON],
            DESK,
            When::In(UNANSWERED),
        )
    },
    verb(
        A::Dispatch,
        "dispatch",
        "Send to a department, or again to reassign (派遣)",
        &[req("department", P::Department, "department")],
        DISPATCH,
        When::In(&[S::Accepted, S::Dispatched, S::InProgress]),
    ),
    verb(
        A::Sign,
        "sign",
        "Sign for, on the department's behalf (签收)",
        &[],
        DEPARTMENT,
        When::In(&[S::Dispatched]),
    ),
    verb(
        A::Return,
        "return",
        "Return as misrouted, with a reason (退单)",
        &[REASON],
        DEPARTMENT,
        When::In(WORKING),
    ),
    verb(
        A::Resolve,
        "resolve",
        "Report resolved, with a summary (处置完成)",
        &[req("summary", P::Text, "summary")],
        DEPARTMENT,
        When::In(&[S::InProgress]),
    ),
    Verb {
        confirm: Confirm::WhenPassed("verify and close {ids}?"),
        ..verb(
            A::Verify,
            "verify",
            "Verify: pass closes, fail sends back for rework (核查)",
            &[
                req("passed", P::PassFail, "pass|fail"),
                opt("note", P::Text, "note"),
            ],
            DESK,
            When::In(&[S::Resolved]),
        )
    },
    verb(
        A::Reopen,
        "reopen",
        "Reopen a closed item, with a reason",
        &[REASON],
        SUPERVISORS,
        When::In(&[S::Closed]),
    ),
    // Escalating raises the item's tier for the whole city: it says why,
    // and several at once are confirmed.
    Verb {
        aliases: &["esc"],
        confirm: Confirm::WhenMany("escalate {n} items one tier each ({ids})?"),
        ..verb(
            A::Escalate,
            "escalate",
            "Raise one tier (grid → community → … → city), with a reason",
            &[REASON],
            DISPATCH,
            When::Open,
        )
    },
    verb(
        A::Supervise,
        "supervise",
        "Set the supervision card (督办)",
        &[req("level", P::Supervision, "card")],
        SUPERVISORS,
        When::Open,
    ),
    verb(
        A::SetPriority,
        "priority",
        "Set the priority P1–P4",
        &[req("priority", P::Priority, "priority")],
        DESK_AND_FEED,
        When::Open,
    ),
    verb(
        A::Park,
        "park",
        "Park, stopping the clock, with a reason (挂账)",
        &[REASON],
        DISPATCH,
        When::In(&[S::Accepted, S::Dispatched, S::InProgress]),
    ),
    verb(
        A::Resume,
        "resume",
        "Resume a parked item",
        &[],
        DISPATCH,
        When::In(&[S::Parked]),
    ),
    verb(
        A::Claim,
        "claim",
        "Claim the item (or renew the claim)",
        &[],
        DESK,
        When::Open,
    ),
    verb(A::Release, "release", "Release the claim", &[], DESK, When::Open),
    Verb {
        confirm: Confirm::Always("merge {ids} into {into} (callers are added there)?"),
        ..verb(
            A::Merge,
            "merge",
            "Merge into another item of the same kind",
            &[req("into", P::Item, "item id")],
            DESK,
            When::Open,
        )
    },
    verb(
        A::Link,
        "link",
        "Link to another item, or an incident to 110/119/120/122",
        &[req("target", P::LinkTarget, "item id")],
        DESK,
        When::Open,
    ),
    verb(
        A::Note,
        "note",
        "Add a note",
        &[req("text", P::Text, "text")],
        NOTERS,
        When::Always,
    ),
    Verb {
        kinds: &[Kind::Ticket],
        ..verb(
            A::Answer,
            "answer",
            "Answer a ticket in the call and close it (直接答复)",
            &[req("answer", P::Text, "text")],
            DESK,
            When::In(UNANSWERED),
        )
    },
    Verb {
        kinds: &[Kind::Ticket],
        ..verb(
            A::Transfer,
            "transfer",
            "Hand a ticket to 110/119/120/122",
            &[req("to", P::Emergency, "service")],
            DESK,
            When::In(UNANSWERED),
        )
    },
    Verb {
        kinds: &[Kind::Alert],
        ..verb(
            A::Clear,
            "clear",
            "Clear an alert that went away",
            &[],
            DESK_AND_FEED,
            When::Open,
        )
    },
    verb(
        A::RequestExtension,
        "extend",
        "Ask for more time on the running stage (延期申请)",
        &[req("extra", P::Limit, "limit"), REASON],
        DEPARTMENT,
        When::In(WORKING),
    ),
    Verb {
        aliases: &["approve"],
        ..verb(
            A::ApproveExtension,
            "approve-extension",
            "Grant the pending extension: the due time moves",
            &[],
            DISPATCH,
            When::In(WORKING),
        )
    },
    Verb {
        aliases: &["deny"],
        ..verb(
            A::DenyExtension,
            "deny-extension",
            "Refuse the pending extension, with a reason",
            &[REASON],
            DISPATCH,
            When::In(WORKING),
        )
    },
    Verb {
        kinds: &[Kind::Ticket],
        ..verb(
            A::Callback,
            "callback",
            "Record the caller's satisfaction with a resolved ticket (回访)",
            &[
                req("satisfaction", P::Satisfaction, "satisfaction"),
                opt("attributable", P::Flag, "attributable"),
                opt("note", P::Text, "note"),
            ],
            DESK,
            When::In(&[S::Resolved]),
        )
    },
];
