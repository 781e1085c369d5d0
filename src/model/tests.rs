//! Table and property tests of the rules: every action × state × role, and
//! invariants over random action sequences.

use super::*;
use proptest::prelude::*;
use time::macros::datetime;

const T0: Timestamp = datetime!(2026-11-29 08:00 UTC);

fn op(role: Role) -> Operator {
    let department = (role == Role::Unit).then(|| "water".to_owned());
    Operator {
        login: "tester".into(),
        name: "测试".into(),
        role,
        department,
    }
}

fn admin() -> Operator {
    op(Role::Admin)
}

/// A city with just the departments these tests dispatch to.
static CITY: std::sync::LazyLock<City> = std::sync::LazyLock::new(|| {
    let dept = |code: &str, name: &str| Department {
        code: code.into(),
        name: name.into(),
        gloss: code.into(),
    };
    City {
        departments: vec![dept("water", "供水公司"), dept("gas", "燃气公司")],
        ..City::default()
    }
});

fn ctx<'a>(actor: &'a Operator, policy: &'a Policy, now: Timestamp) -> Ctx<'a> {
    Ctx {
        actor,
        now,
        policy,
        city: &CITY,
        override_claim: false,
    }
}

fn create(kind: Kind, number: u64) -> (Item, Vec<Event>) {
    let policy = Policy::default();
    let actor = admin();
    let req = CreateItem {
        kind,
        category: "C01".into(),
        title: "上水井盖缺失".into(),
        description: String::new(),
        priority: Some(Priority::P2),
        tier: None,
        place: Place::default(),
        fingerprint: None,
        caller: Some(Caller {
            name: Some("王".into()),
            phone: None,
            ..Default::default()
        }),
        raised_from: None,
        call_id: None,
    };
    let created = decide_create(&req, None, &ctx(&actor, &policy, T0)).expect("create");
    let event = Event {
        seq: 0,
        item_id: ItemId::new(kind, number),
        version: 1,
        actor: actor.actor(),
        at: T0,
        body: EventBody::Created(Box::new(created)),
    };
    let item = Item::from_created(&event).expect("fold");
    (item, vec![event])
}

/// Applies an action the model allows, as the server would.
fn apply(
    item: &mut Item,
    log: &mut Vec<Event>,
    action: &Action,
    actor: &Operator,
    related: Option<&Item>,
) -> Result<Decision, Refusal> {
    let policy = Policy::default();
    let now = T0 + time::Duration::minutes(log.len() as i64);
    let decision = decide(item, action, related, &ctx(actor, &policy, now))?;
    for body in &decision.own {
        let event = Event {
            seq: 0,
            item_id: item.id.clone(),
            version: item.version + 1,
            actor: actor.actor(),
            at: now,
            body: body.clone(),
        };
        let kept = kept_beside(item);
        item.apply(&event);
        if body.keeps_status_and_callers() {
            // The stores skip the caller index and the facts row for
            // these events: they must not have changed.
            assert_eq!(kept_beside(item), kept, "{} changed them", body.type_name());
        }
        log.push(event);
    }
    Ok(decision)
}

/// What the stores keep beside an item: its status, its callers and its
/// facts without the clock.
fn kept_beside(item: &Item) -> (Status, Vec<Caller>, String) {
    let mut facts = crate::model::stats::Facts::of(item);
    facts.clock = None;
    let facts = serde_json::to_string(&facts).expect("facts encode");
    (item.status, item.callers.clone(), facts)
}

/// An item of `kind` brought to `status` by an admin.
pub(super) fn item_in(kind: Kind, status: Status) -> Item {
    let (mut item, mut log) = create(kind, 1);
    let a = admin();
    let steps: Vec<Action> = match status {
        Status::New => vec![],
        Status::Accepted => vec![Action::Accept {}],
        Status::Dispatched => vec![
            Action::Accept {},
            Action::Dispatch {
                department: "water".into(),
            },
        ],
        Status::InProgress => vec![
            Action::Accept {},
            Action::Dispatch {
                department: "water".into(),
            },
            Action::Sign {},
        ],
        Status::Resolved => vec![
            Action::Accept {},
            Action::Dispatch {
                department: "water".into(),
            },
            Action::Sign {},
            Action::Resolve {
                summary: "done".into(),
            },
        ],
        Status::Closed => vec![
            Action::Accept {},
            Action::Dispatch {
                department: "water".into(),
            },
            Action::Sign {},
            Action::Resolve {
                summary: "done".into(),
            },
            Action::Verify {
                passed: true,
                note: String::new(),
            },
        ],
        Status::Rejected => vec![Action::Reject {
            reason: "重复".into(),
        }],
        Status::Parked => vec![
            Action::Accept {},
            Action::Park {
                reason: "等待".into(),
            },
        ],
        Status::Merged => {
            let (target, _) = create(kind, 2);
            apply(
                &mut item,
                &mut log,
                &Action::Merge {
                    into: target.id.clone(),
                },
                &a,
                Some(&target),
            )
            .expect("merge");
            vec![]
        }
    };
    for step in steps {
        apply(&mut item, &mut log, &step, &a, None).expect("setup step");
    }
    assert_eq!(item.status, status);
    // An open item carries the tester's own claim, so release has one to release.
    if status.is_open() {
        apply(&mut item, &mut log, &Action::Claim {}, &a, None).expect("claim");
    }
    item
}

/// A well-formed instance of every action.
fn sample(name: ActionName, kind: Kind) -> Action {
    match name {
        ActionName::Accept => Action::Accept {},
        ActionName::Reject => Action::Reject {
            reason: "不属实".into(),
        },
        ActionName::Dispatch => Action::Dispatch {
            department: "gas".into(),
        },
        ActionName::Sign => Action::Sign {},
        ActionName::Return => Action::Return {
            reason: "非本单位职责".into(),
        },
        ActionName::Resolve => Action::Resolve {
            summary: "已处置".into(),
        },
        ActionName::Verify => Action::Verify {
            passed: true,
            note: String::new(),
        },
        ActionName::Reopen => Action::Reopen {
            reason: "不满意".into(),
        },
        ActionName::Escalate => Action::Escalate {
            reason: "未解决".into(),
        },
        ActionName::Supervise => Action::Supervise {
            level: Supervision::Yellow,
        },
        ActionName::SetPriority => Action::SetPriority {
            priority: Priority::P1,
        },
        ActionName::Park => Action::Park {
            reason: "等待".into(),
        },
        ActionName::Resume => Action::Resume {},
        ActionName::Claim => Action::Claim {},
        ActionName::Release => Action::Release {},
        ActionName::Merge => Action::Merge {
            into: ItemId::new(kind, 9),
        },
        ActionName::Link => Action::Link {
            target: LinkTarget::Item(ItemId::new(kind, 9)),
        },
        ActionName::Note => Action::Note {
            text: "备注".into()
        },
        ActionName::Answer => Action::Answer {
            answer: "已答复".into(),
            entry: None,
        },
        ActionName::Transfer => Action::Transfer {
            to: EmergencyService::Police,
        },
        ActionName::Clear => Action::Clear {},
        ActionName::RequestExtension => Action::RequestExtension {
            extra: "2wd".into(),
            reason: "需协调管线单位".into(),
        },
        ActionName::ApproveExtension => Action::ApproveExtension {},
        ActionName::DenyExtension => Action::DenyExtension {
            reason: "理由不足".into(),
        },
        ActionName::Callback => Action::Callback {
            satisfaction: Satisfaction::Satisfied,
            attributable: false,
            note: String::new(),
        },
    }
}

/// Where each action is allowed, written out (for tickets; answer/transfer
/// are ticket-only and clear alert-only). Columns follow `Status::ALL`:
/// new accepted dispatched in_progress resolved closed rejected parked merged.
const STATES: &[(ActionName, [u8; 9])] = &[
    (ActionName::Accept, [1, 0, 0, 0, 0, 0, 0, 0, 0]),
    (ActionName::Reject, [1, 1, 0, 0, 0, 0, 0, 0, 0]),
    (ActionName::Dispatch, [0, 1, 1, 1, 0, 0, 0, 0, 0]),
    (ActionName::Sign, [0, 0, 1, 0, 0, 0, 0, 0, 0]),
    (ActionName::Return, [0, 0, 1, 1, 0, 0, 0, 0, 0]),
    (ActionName::Resolve, [0, 0, 0, 1, 0, 0, 0, 0, 0]),
    (ActionName::Verify, [0, 0, 0, 0, 1, 0, 0, 0, 0]),
    (ActionName::Reopen, [0, 0, 0, 0, 0, 1, 0, 0, 0]),
    (ActionName::Escalate, [1, 1, 1, 1, 1, 0, 0, 1, 0]),
    (ActionName::Supervise, [1, 1, 1, 1, 1, 0, 0, 1, 0]),
    (ActionName::SetPriority, [1, 1, 1, 1, 1, 0, 0, 1, 0]),
    (ActionName::Park, [0, 1, 1, 1, 0, 0, 0, 0, 0]),
    (ActionName::Resume, [0, 0, 0, 0, 0, 0, 0, 1, 0]),
    (ActionName::Claim, [1, 1, 1, 1, 1, 0, 0, 1, 0]),
    (ActionName::Release, [1, 1, 1, 1, 1, 0, 0, 1, 0]),
    (ActionName::Merge, [1, 1, 1, 1, 1, 0, 0, 1, 0]),
    (ActionName::Link, [1, 1, 1, 1, 1, 0, 0, 1, 0]),
    (ActionName::Note, [1, 1, 1, 1, 1, 1, 1, 1, 1]),
    (ActionName::Answer, [1, 1, 0, 0, 0, 0, 0, 0, 0]),
    (ActionName::Transfer, [1, 1, 0, 0, 0, 0, 0, 0, 0]),
    (ActionName::Clear, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
    (ActionName::RequestExtension, [0, 0, 1, 1, 0, 0, 0, 0, 0]),
    (ActionName::ApproveExtension, [0, 0, 1, 1, 0, 0, 0, 0, 0]),
    (ActionName::DenyExtension, [0, 0, 1, 1, 0, 0, 0, 0, 0]),
    (ActionName::Callback, [0, 0, 0, 0, 1, 0, 0, 0, 0]),
];

#[test]
fn every_action_state_and_role_is_decided_as_the_tables_say() {
    assert_eq!(STATES.len(), ActionName::ALL.len());
    let policy = Policy::default();
    let kind = Kind::Ticket;
    for (si, status) in Status::ALL.into_iter().enumerate() {
        let item = item_in(kind, status);
        let (related, _) = create(kind, 9);
        for &(name, row) in STATES {
            for role in Role::ALL {
                let actor = op(role);
                let result = decide(
                    &item,
                    &sample(name, kind),
                    Some(&related),
                    &ctx(&actor, &policy, T0),
                );
                let in_state = row[si] == 1;
                let case = format!("{role} {name} on {status}");
                match result {
                    Err(Refusal::Forbidden { .. }) => assert!(!permits(role, name), "{case}: forbidden"),
                    Err(Refusal::NotAllowed { allowed, .. }) => {
                        assert!(permits(role, name) && !in_state, "{case}: not allowed");
                        assert!(
                            allowed.iter().all(|a| permits(role, *a)),
                            "{case}: allowed lists only the role's"
                        );
                    }
                    Err(Refusal::WrongKind { .. }) => {
                        assert!(
                            permits(role, name) && name == ActionName::Clear,
                            "{case}: wrong kind"
                        )
                    }
                    Err(Refusal::NotYourDepartment { .. }) => {
                        assert!(
                            role == Role::Unit && item.department.as_deref() != Some("water"),
                            "{case}"
                        )
                    }
                    // Nothing pending to answer on a fresh item.
                    Err(Refusal::Rule(crate::model::Rule::NoExtensionPending))
                        if matches!(name, ActionName::ApproveExtension | ActionName::DenyExtension) =>
                    {
                        assert!(permits(role, name) && in_state, "{case}: no extension pending")
                    }
                    Err(other) => panic!("{case}: unexpected {other:?}"),
                    Ok(d) => {
                        assert!(permits(role, name) && in_state, "{case}: allowed");
                        assert!(!d.own.is_empty(), "{case}: events");
                    }
                }
            }
        }
    }
}

#[test]
fn clear_is_for_open_alerts_only() {
    let policy = Policy::default();
    let a = admin();
    for status in Status::ALL {
        let alert = item_in(Kind::Alert, status);
        let ok = decide(&alert, &Action::Clear {}, None, &ctx(&a, &policy, T0)).is_ok();
        assert_eq!(ok, status.is_open(), "clear on {status}");
    }
    let ticket = item_in(Kind::Ticket, Status::New);
    let err = decide(&ticket, &Action::Clear {}, None, &ctx(&a, &policy, T0)).expect_err("tickets");
    assert!(matches!(err, Refusal::WrongKind { .. }));
}

#[test]
fn a_claim_lapses_when_its_lease_ends() {
    let policy = Policy::default();
    let (mut item, mut log) = create(Kind::Incident, 1);
    let alice = Operator {
        login: "alice".into(),
        ..admin()
    };
    let bob = Operator {
        login: "bob".into(),
        role: Role::Dispatcher,
        ..admin()
    };
    apply(&mut item, &mut log, &Action::Claim {}, &alice, None).expect("claim");
    let claimed_at = log.last().map(|e| e.at).expect("event");
    let during = claimed_at + CLAIM_LEASE - time::Duration::seconds(1);
    let after = claimed_at + CLAIM_LEASE + time::Duration::seconds(1);
    let blocked = decide(&item, &Action::Accept {}, None, &ctx(&bob, &policy, during));
    assert!(matches!(blocked, Err(Refusal::Claimed { .. })));
    assert!(decide(&item, &Action::Accept {}, None, &ctx(&bob, &policy, after)).is_ok());
    assert!(
        decide(&item, &Action::Release {}, None, &ctx(&bob, &policy, after)).is_err(),
        "nothing to release"
    );
}

#[test]
fn clocks_turn_yellow_at_80_percent_and_red_at_the_limit() {
    let (item, _) = create(Kind::Ticket, 1);
    let clock = item.clock.clone().expect("accept clock");
    let limit = clock.due_at - clock.started_at;
    assert_eq!(limit, time::Duration::minutes(15), "P2 ticket accept limit");
    assert_eq!(clock.state(T0 + limit * 0.79), ClockState::Green);
    assert_eq!(clock.state(T0 + limit * 0.8), ClockState::Yellow);
    assert_eq!(clock.state(T0 + limit), ClockState::Red);
}

#[test]
fn raising_priority_shortens_the_running_stage() {
    let policy = Policy::default();
    let (item, _) = create(Kind::Ticket, 1);
    let a = admin();
    let d = decide(
        &item,
        &Action::SetPriority {
            priority: Priority::P1,
        },
        None,
        &ctx(&a, &policy, T0),
    )
    .expect("ok");
    let EventBody::PrioritySet { due_at, .. } = &d.own[0] else {
        panic!("event")
    };
    assert_eq!(*due_at, Some(T0 + time::Duration::minutes(5)));
}

fn any_action() -> impl Strategy<Value = (usize, usize)> {
    (0..ActionName::ALL.len(), 0..Role::ALL.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever valid sequence is applied: versions stay contiguous, the
    /// counters never go down, finished items take no work, and replaying
    /// the log gives the same item.
    #[test]
    fn any_valid_action_sequence_keeps_the_invariants(
        kind in prop_oneof![Just(Kind::Incident), Just(Kind::Alert), Just(Kind::Ticket)],
        steps in prop::collection::vec(any_action(), 1..60),
    ) {
        let (mut item, mut log) = create(kind, 1);
        let (related, _) = create(kind, 9);
        let policy = Policy::default();
        for (a, r) in steps {
            let name = ActionName::ALL[a];
            let actor = op(Role::ALL[r]);
            let before = item.counters;
            let was_open = item.status.is_open();
            let was = item.status;
            let result = apply(&mut item, &mut log, &sample(name, kind), &actor, Some(&related));
            if !was_open && !matches!(name, ActionName::Note | ActionName::Reopen) {
                prop_assert!(result.is_err(), "{name} accepted on a {was} item");
            }
            prop_assert!(item.counters.returns >= before.returns);
            prop_assert!(item.counters.rework >= before.rework);
            prop_assert!(item.counters.reopens >= before.reopens);
            if !item.status.is_open() {
                prop_assert!(item.clock.is_none() && item.claim.is_none());
            }
            let now = T0 + time::Duration::hours(2);
            for work in ActionName::ALL {
                if !item.status.is_open() && !matches!(work, ActionName::Note | ActionName::Reopen) {
                    let admin = admin();
                    let refused = decide(&item, &sample(work, kind), Some(&related), &ctx(&admin, &policy, now));
                    prop_assert!(refused.is_err(), "{work} allowed on {}", item.status);
                }
            }
        }
        let versions: Vec<u64> = log.iter().map(|e| e.version).collect();
        prop_assert_eq!(versions, (1..=log.len() as u64).collect::<Vec<_>>());
        prop_assert_eq!(item.version, log.len() as u64);
        prop_assert_eq!(Item::replay(&log), Some(item));
    }
}
