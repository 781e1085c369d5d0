//! The rules' edges through the model's public operations (`decide`,
//! `decide_create`, `allowed_actions`, `permits`), no server: each test
//! pins a branch a mutation of the rules would otherwise slip past — an
//! action on the wrong kind of item, the callback's rework rule, a repeat
//! dispatch, raising an incident, and the length limits exactly at the
//! limit and one past it.

use citydesk::model::{
    Action, ActionName, CreateItem, Decision, EmergencyService, Event, EventBody, Item, ItemId, Kind,
    LinkTarget, MAX_TEXT, Operator, Policy, Refusal, Role, Rule, Satisfaction, Status, Timestamp,
    allowed_actions, decide, decide_create, permits,
};
use time::macros::datetime;

const T0: Timestamp = datetime!(2026-11-30 02:00 UTC);
/// The model's limit on titles in characters (`MAX_TITLE`, not exported).
const MAX_TITLE: usize = 200;

fn admin() -> Operator {
    Operator {
        login: "boss".into(),
        name: "值班长".into(),
        role: Role::Admin,
        department: None,
    }
}

fn ctx<'a>(
    actor: &'a Operator,
    policy: &'a Policy,
    city: &'a citydesk::model::City,
) -> citydesk::model::Ctx<'a> {
    citydesk::model::Ctx {
        actor,
        now: T0,
        policy,
        city,
        override_claim: false,
    }
}

fn request(kind: Kind) -> CreateItem {
    CreateItem {
        kind,
        ..crate::common::ticket("上水井盖缺失")
    }
}

fn try_create(req: &CreateItem, source: Option<&Item>) -> Result<citydesk::model::Created, Refusal> {
    let (actor, policy, city) = (admin(), Policy::default(), citydesk::data::default_city());
    decide_create(req, source, &ctx(&actor, &policy, &city))
}

fn create(kind: Kind, number: u64) -> Item {
    let created = try_create(&request(kind), None).expect("create");
    let event = Event {
        seq: 0,
        item_id: ItemId::new(kind, number),
        version: 1,
        actor: admin().actor(),
        at: T0,
        body: EventBody::Created(Box::new(created)),
    };
    Item::from_created(&event).expect("fold")
}

fn try_act(item: &Item, action: &Action) -> Result<Decision, Refusal> {
    let (actor, policy, city) = (admin(), Policy::default(), citydesk::data::default_city());
    decide(item, action, None, &ctx(&actor, &policy, &city))
}

/// Decides and folds `action` into `item`, as the server would.
fn act(item: &mut Item, action: &Action) -> Decision {
    let decision = try_act(item, action).unwrap_or_else(|e| panic!("{action:?}: {e}"));
    for body in &decision.own {
        let event = Event {
            seq: 0,
            item_id: item.id.clone(),
            version: item.version + 1,
            actor: admin().actor(),
            at: T0,
            body: body.clone(),
        };
        item.apply(&event);
    }
    decision
}

fn dispatch(to: &str) -> Action {
    Action::Dispatch {
        department: to.into(),
    }
}

/// An item of `kind` walked to `status` by an admin.
fn item_in(kind: Kind, status: Status) -> Item {
    let mut item = create(kind, 1);
    let steps = match status {
        Status::New => vec![],
        Status::Dispatched => vec![Action::Accept {}, dispatch("water")],
        Status::Resolved => vec![
            Action::Accept {},
            dispatch("water"),
            Action::Sign {},
            Action::Resolve {
                summary: "已修复".into(),
            },
        ],
        other => panic!("no walk to {other:?} here"),
    };
    for step in &steps {
        act(&mut item, step);
    }
    assert_eq!(item.status, status);
    item
}

fn wrong_kind(kind: Kind, status: Status, action: Action) {
    let item = item_in(kind, status);
    assert_eq!(
        try_act(&item, &action),
        Err(Refusal::WrongKind {
            kind,
            action: action.name()
        }),
        "{action:?} on a {kind:?}"
    );
}

#[test]
fn ticket_verbs_on_other_kinds_are_the_wrong_kind() {
    for kind in [Kind::Incident, Kind::Alert] {
        wrong_kind(
            kind,
            Status::New,
            Action::Answer {
                answer: "已答复".into(),
                entry: None,
            },
        );
        wrong_kind(
            kind,
            Status::New,
            Action::Transfer {
                to: EmergencyService::Police,
            },
        );
        wrong_kind(
            kind,
            Status::Resolved,
            Action::Callback {
                satisfaction: Satisfaction::Satisfied,
                attributable: false,
                note: String::new(),
            },
        );
    }
}

#[test]
fn clearing_anything_but_an_alert_is_the_wrong_kind() {
    for kind in [Kind::Incident, Kind::Ticket] {
        wrong_kind(kind, Status::New, Action::Clear {});
    }
    let alert = item_in(Kind::Alert, Status::New);
    assert!(try_act(&alert, &Action::Clear {}).is_ok());
}

#[test]
fn only_an_incident_links_an_emergency_service() {
    let link = || Action::Link {
        target: LinkTarget::Emergency(EmergencyService::Fire),
    };
    for kind in [Kind::Alert, Kind::Ticket] {
        wrong_kind(kind, Status::New, link());
    }
    let incident = item_in(Kind::Incident, Status::New);
    assert!(try_act(&incident, &link()).is_ok());
}

#[test]
fn a_ticket_takes_its_own_verbs() {
    let ticket = item_in(Kind::Ticket, Status::New);
    let answer = Action::Answer {
        answer: "已答复".into(),
        entry: None,
    };
    assert!(try_act(&ticket, &answer).is_ok());
    let transfer = Action::Transfer {
        to: EmergencyService::Ambulance,
    };
    assert!(try_act(&ticket, &transfer).is_ok());
    let allowed = allowed_actions(&ticket, Role::Agent);
    assert!(allowed.contains(&ActionName::Answer) && !allowed.contains(&ActionName::Clear));
}

/// The callback's outcome on a resolved ticket: the due time of the sign
/// stage when the ticket goes back for rework, and the status after.
fn callback(satisfaction: Satisfaction, attributable: bool) -> (bool, Status, u32) {
    let mut ticket = item_in(Kind::Ticket, Status::Resolved);
    let decision = act(
        &mut ticket,
        &Action::Callback {
            satisfaction,
            attributable,
            note: String::new(),
        },
    );
    let [EventBody::CalledBack { due_at, .. }] = decision.own.as_slice() else {
        panic!("one called_back event: {decision:?}");
    };
    (due_at.is_some(), ticket.status, ticket.counters.rework)
}

#[test]
fn only_an_unsatisfied_callback_the_department_caused_sends_the_ticket_back() {
    use Satisfaction::{Basic, Satisfied, Unsatisfied};
    assert_eq!(callback(Unsatisfied, true), (true, Status::Dispatched, 1));
    for (satisfaction, attributable) in [
        (Unsatisfied, false),
        (Satisfied, true),
        (Satisfied, false),
        (Basic, true),
    ] {
        assert_eq!(
            callback(satisfaction, attributable),
            (false, Status::Closed, 0),
            "{satisfaction:?}, attributable {attributable}"
        );
    }
}

#[test]
fn dispatching_again_to_the_same_department_is_refused_but_elsewhere_reassigns() {
    let item = item_in(Kind::Ticket, Status::Dispatched);
    match try_act(&item, &dispatch("water")) {
        Err(Refusal::Rule(Rule::AlreadyDispatched { department })) => assert_eq!(department, "water"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let decision = try_act(&item, &dispatch("gas")).expect("reassign");
    assert!(matches!(
        decision.own.as_slice(),
        [EventBody::Dispatched { department, .. }] if department == "gas"
    ));
    let mut accepted = create(Kind::Ticket, 2);
    act(&mut accepted, &Action::Accept {});
    assert!(try_act(&accepted, &dispatch("water")).is_ok());
}

fn raise(kind: Kind, source: &Item) -> Result<citydesk::model::Created, Refusal> {
    let req = CreateItem {
        raised_from: Some(source.id.clone()),
        call_id: None,
        ..request(kind)
    };
    try_create(&req, Some(source))
}

#[test]
fn only_an_incident_is_raised_and_only_from_an_open_alert_or_ticket() {
    let ticket = item_in(Kind::Ticket, Status::New);
    let alert = item_in(Kind::Alert, Status::New);
    let incident = item_in(Kind::Incident, Status::New);
    assert!(raise(Kind::Incident, &ticket).is_ok());
    assert!(raise(Kind::Incident, &alert).is_ok());
    let refused = |r: Result<_, Refusal>| matches!(r, Err(Refusal::Rule(Rule::RaiseKinds)));
    assert!(refused(raise(Kind::Ticket, &alert)), "a ticket is not raised");
    assert!(refused(raise(Kind::Alert, &ticket)), "an alert is not raised");
    assert!(refused(raise(Kind::Incident, &incident)), "not from an incident");
    let mut closed = create(Kind::Ticket, 3);
    act(
        &mut closed,
        &Action::Reject {
            reason: "重复".into(),
        },
    );
    assert!(!closed.status.is_open());
    assert!(
        matches!(
            raise(Kind::Incident, &closed),
            Err(Refusal::Rule(Rule::RaiseFromClosed {
                status: Status::Rejected,
                ..
            }))
        ),
        "not from a closed item"
    );
}

fn invalid<T: std::fmt::Debug>(r: Result<T, Refusal>, what: &str) {
    assert!(matches!(r, Err(Refusal::Invalid(_))), "{what}: {r:?}");
}

#[test]
fn a_title_of_exactly_the_limit_is_accepted_and_one_more_is_refused() {
    let titled = |n: usize| CreateItem {
        title: "长".repeat(n),
        ..request(Kind::Ticket)
    };
    try_create(&titled(MAX_TITLE), None).expect("at the limit");
    invalid(try_create(&titled(MAX_TITLE + 1), None), "one past");
}

#[test]
fn a_description_of_exactly_the_limit_is_accepted_and_one_more_is_refused() {
    let described = |n: usize| CreateItem {
        description: "长".repeat(n),
        ..request(Kind::Ticket)
    };
    try_create(&described(MAX_TEXT), None).expect("at the limit");
    invalid(try_create(&described(MAX_TEXT + 1), None), "one past");
}

#[test]
fn a_note_of_exactly_the_limit_is_accepted_and_one_more_is_refused() {
    let item = item_in(Kind::Ticket, Status::New);
    let note = |n: usize| Action::Note {
        text: "长".repeat(n)
    };
    try_act(&item, &note(MAX_TEXT)).expect("at the limit");
    invalid(try_act(&item, &note(MAX_TEXT + 1)), "one past");
}

#[test]
fn a_dispatcher_has_the_agents_verbs_and_its_own() {
    for name in [
        ActionName::Accept,
        ActionName::Answer,
        ActionName::Dispatch,
        ActionName::Park,
    ] {
        assert!(permits(Role::Dispatcher, name), "{name:?}");
    }
    assert!(!permits(Role::Dispatcher, ActionName::Reopen));
    assert!(!permits(Role::Agent, ActionName::Dispatch));
}

#[test]
fn a_fingerprint_is_for_alerts_only() {
    let with_fp = |kind: Kind| CreateItem {
        fingerprint: Some("manhole:42".into()),
        ..request(kind)
    };
    try_create(&with_fp(Kind::Alert), None).expect("alerts carry one");
    assert!(matches!(
        try_create(&with_fp(Kind::Ticket), None),
        Err(Refusal::Rule(Rule::FingerprintNotAlert))
    ));
}

#[test]
fn a_new_priority_sets_the_running_stage_to_its_own_limit() {
    // Shipped limits for a ticket's dispatch stage: P2 30 min, P1 15 min.
    let mut ticket = item_in(Kind::Ticket, Status::New);
    act(&mut ticket, &Action::Accept {});
    let clock = ticket.clock.clone().expect("clock");
    assert_eq!(clock.due_at - clock.started_at, time::Duration::minutes(30));
    let decision = act(
        &mut ticket,
        &Action::SetPriority {
            priority: citydesk::model::Priority::P1,
        },
    );
    let [EventBody::PrioritySet { due_at, .. }] = decision.own.as_slice() else {
        panic!("one priority_set event: {decision:?}");
    };
    assert_eq!(*due_at, Some(clock.started_at + time::Duration::minutes(15)));
}

#[test]
fn viewers_and_department_systems_do_not_report_items() {
    let (policy, city) = (Policy::default(), citydesk::data::default_city());
    for (role, may) in [
        (Role::Viewer, false),
        (Role::Unit, false),
        (Role::Agent, true),
        (Role::Dispatcher, true),
        (Role::Supervisor, true),
    ] {
        let actor = Operator {
            role,
            department: (role == Role::Unit).then(|| "water".to_owned()),
            ..admin()
        };
        let got = decide_create(&request(Kind::Ticket), None, &ctx(&actor, &policy, &city));
        if may {
            assert!(got.is_ok(), "{role:?}: {got:?}");
        } else {
            assert_eq!(got, Err(Refusal::MayNotCreate { role }));
        }
    }
}
