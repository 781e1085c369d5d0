//! The server's automatic steps as decisions at chosen instants: the
//! escalation ladder, routing with the least-loaded choice, the return
//! limit, and duplicate matching.

use super::*;
use crate::model::{
    Action, Created, Event, Item, ItemId, Kind, Ladder, LadderStep, Limit, Operator, Place, Policy, Priority,
    Role, Route, Satisfaction, Tier, decide,
};
use std::collections::HashMap;
use time::Duration;
use time::macros::datetime;

const T0: Timestamp = datetime!(2026-11-30 08:00 UTC);
const LIMIT: Duration = Duration::seconds(100);

fn at(secs: i64) -> Timestamp {
    T0 + Duration::seconds(secs)
}

fn policy() -> Policy {
    let mut p = Policy::uniform(LIMIT);
    p.ladder = Ladder {
        chase_on_sign_breach: true,
        supervision: vec![
            LadderStep {
                level: Supervision::Normal,
                overdue: Limit::Wall(Duration::ZERO),
            },
            LadderStep {
                level: Supervision::Yellow,
                overdue: Limit::Wall(Duration::seconds(50)),
            },
            LadderStep {
                level: Supervision::Red,
                overdue: Limit::Wall(Duration::seconds(200)),
            },
        ],
        returns_to_designate: 3,
    };
    p.routes = vec![
        Route {
            name: "route:alerts".into(),
            kind: Some(Kind::Alert),
            category: None,
            district: None,
            street: None,
            to: vec!["community".into(), "category".into()],
            auto: true,
            pick: Pick::First,
        },
        Route {
            name: "route:C11".into(),
            kind: None,
            category: Some("C11".into()),
            district: None,
            street: None,
            to: vec!["sanitation".into(), "enforcement".into()],
            auto: true,
            pick: Pick::LeastLoaded,
        },
        Route {
            name: "route:H11".into(),
            kind: None,
            category: Some("H11".into()),
            district: None,
            street: None,
            to: vec!["category".into()],
            auto: false,
            pick: Pick::LeastLoaded,
        },
        Route {
            name: "route:default".into(),
            kind: None,
            category: None,
            district: None,
            street: None,
            to: vec!["category".into()],
            auto: true,
            pick: Pick::LeastLoaded,
        },
    ];
    p
}

/// A city with the departments and categories these tests route to and
/// one district of two streets, so grids have communities.
fn city() -> std::sync::Arc<City> {
    use crate::model::{Category, Community, Department, District, DistrictKind, Street};
    let dept = |code: &str| Department {
        code: code.into(),
        name: code.into(),
        gloss: code.into(),
    };
    let category = |code: &str, kind: Kind, department: &str| Category {
        code: code.into(),
        group: String::new(),
        group_gloss: String::new(),
        name: code.into(),
        gloss: code.into(),
        kind,
        priority: Priority::P3,
        department: department.into(),
        also: Vec::new(),
        emergency: Vec::new(),
        limit: Duration::hours(24),
        sensor: false,
        direct_answer: false,
        keywords: Vec::new(),
    };
    let street = |number: u16| Street {
        number,
        name: format!("街道{number}"),
        gloss: String::new(),
        communities: (1..=3)
            .map(|c| Community {
                number: c,
                name: format!("社区{c}"),
                grids: 4,
            })
            .collect(),
    };
    let departments = [
        "water",
        "gas",
        "sanitation",
        "enforcement",
        "environment",
        "police",
        "housing",
        "community",
    ];
    std::sync::Arc::new(City {
        code: "210700".into(),
        departments: departments.into_iter().map(dept).collect(),
        categories: vec![
            category("C11", Kind::Incident, "sanitation"),
            category("H02", Kind::Ticket, "water"),
            category("H05", Kind::Ticket, "environment"),
            category("H11", Kind::Ticket, "housing"),
            category("G05", Kind::Alert, "civil_affairs"),
        ],
        districts: vec![District {
            code: "210702".into(),
            name: "古塔区".into(),
            gloss: String::new(),
            kind: DistrictKind::District,
            urban: true,
            weight: 1,
            center_e5: None,
            streets: vec![street(1), street(2)],
        }],
        ..City::default()
    })
}

fn op(role: Role) -> Operator {
    Operator {
        login: "t".into(),
        name: "测试".into(),
        role,
        department: None,
    }
}

fn new_item(kind: Kind, category: &str, place: Place) -> Item {
    let created = Created {
        kind,
        category: category.into(),
        title: "测试".into(),
        description: String::new(),
        priority: Priority::P3,
        tier: Tier::Grid,
        place,
        fingerprint: None,
        caller: None,
        due_at: Some(T0 + LIMIT),
        warn_at: Some(T0 + LIMIT * 0.8),
        raised_from: None,
        call_id: None,
        origin: None,
    };
    let event = Event {
        seq: 1,
        item_id: ItemId::new(kind, 1),
        version: 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Created(Box::new(created)),
    };
    Item::from_created(&event).expect("item")
}

/// Applies an operator's action at `now` as the server would.
fn act(item: &mut Item, action: Action, role: Role, now: Timestamp) -> Vec<EventBody> {
    let policy = policy();
    let city = city();
    let actor = op(role);
    let ctx = Ctx {
        actor: &actor,
        now,
        policy: &policy,
        city: &city,
        override_claim: false,
    };
    let decision = decide(item, &action, None, &ctx).expect("allowed");
    fold(item, decision.own.clone(), now);
    decision.own
}

fn fold(item: &mut Item, bodies: Vec<EventBody>, now: Timestamp) {
    for body in bodies {
        let event = Event {
            seq: item.version + 1,
            item_id: item.id.clone(),
            version: item.version + 1,
            actor: "system".into(),
            at: now,
            body,
        };
        item.apply(&event);
    }
}

fn names(bodies: &[EventBody]) -> Vec<&'static str> {
    bodies.iter().map(EventBody::type_name).collect()
}

fn dispatched_item() -> Item {
    let mut item = new_item(Kind::Ticket, "H02", Place::default());
    act(&mut item, Action::Accept {}, Role::Agent, T0);
    act(
        &mut item,
        Action::Dispatch {
            department: "water".into(),
        },
        Role::Dispatcher,
        T0,
    );
    item
}

#[test]
fn a_sign_clock_warns_then_breaches_and_chases_once() {
    let p = policy();
    let mut item = dispatched_item();
    assert!(on_time(&item, at(79), &p).is_empty());
    assert_eq!(next_wake(&item, &p), Some(at(80)));
    let due = on_time(&item, at(80), &p);
    assert_eq!(names(&due), ["sla_warning"]);
    fold(&mut item, due, at(80));
    assert_eq!(next_wake(&item, &p), Some(at(100)));
    let due = on_time(&item, at(100), &p);
    assert_eq!(names(&due), ["sla_breached", "chased"]);
    fold(&mut item, due, at(100));
    assert_eq!(item.counters.chases, 1);
    assert!(on_time(&item, at(10_000), &p).is_empty(), "each fires once");
    assert_eq!(next_wake(&item, &p), None);
}

#[test]
fn an_overdue_resolve_clock_climbs_the_supervision_ladder() {
    let p = policy();
    let mut item = dispatched_item();
    act(&mut item, Action::Sign {}, Role::Dispatcher, at(10));
    // Resolve clock: started at 10, due at 110.
    let due = on_time(&item, at(110), &p);
    assert_eq!(names(&due), ["sla_warning", "sla_breached", "supervised"]);
    fold(&mut item, due, at(110));
    assert_eq!(item.supervision, Supervision::Normal);
    assert_eq!(next_wake(&item, &p), Some(at(160)));
    assert!(on_time(&item, at(159), &p).is_empty());
    let due = on_time(&item, at(160), &p);
    assert!(matches!(
        due.as_slice(),
        [EventBody::Supervised { from: Supervision::Normal, level: Supervision::Yellow, rule: Some(r) }]
            if r == "ladder.supervise.yellow"
    ));
    fold(&mut item, due, at(160));
    // Down for a long time: one event straight to red, not one per rung.
    let due = on_time(&item, at(5_000), &p);
    assert_eq!(names(&due), ["supervised"]);
    fold(&mut item, due, at(5_000));
    assert_eq!(item.supervision, Supervision::Red);
    assert_eq!(next_wake(&item, &p), None);
}

#[test]
fn a_card_a_supervisor_lowers_stays_lowered_until_the_next_rung() {
    let p = policy();
    let mut item = dispatched_item();
    act(&mut item, Action::Sign {}, Role::Dispatcher, at(10));
    // Resolve due at 110: normal at 110, yellow at 160, red at 310.
    let due = on_time(&item, at(160), &p);
    fold(&mut item, due, at(160));
    assert_eq!(item.supervision, Supervision::Yellow);
    act(
        &mut item,
        Action::Supervise {
            level: Supervision::None,
        },
        Role::Supervisor,
        at(170),
    );
    assert!(on_time(&item, at(300), &p).is_empty(), "not re-raised to yellow");
    assert_eq!(next_wake(&item, &p), Some(at(310)));
    let due = on_time(&item, at(310), &p);
    assert!(matches!(
        due.as_slice(),
        [EventBody::Supervised {
            from: Supervision::None,
            level: Supervision::Red,
            ..
        }]
    ));
}

#[test]
fn a_parked_item_owes_nothing_and_an_extension_moves_the_due_time() {
    let p = policy();
    let mut item = dispatched_item();
    act(&mut item, Action::Sign {}, Role::Dispatcher, at(0));
    act(
        &mut item,
        Action::RequestExtension {
            extra: "2m".into(),
            reason: "等待管线单位".into(),
        },
        Role::Dispatcher,
        at(50),
    );
    assert!(item.extension.is_some());
    act(&mut item, Action::ApproveExtension {}, Role::Dispatcher, at(60));
    let clock = item.clock.clone().expect("clock");
    assert_eq!(clock.due_at, at(220), "100 s + 2 min");
    assert_eq!(clock.warn_at, Some(at(176)), "80 % of the new 220 s");
    assert_eq!(item.counters.extensions, 1);
    assert!(
        on_time(&item, at(219), &p)
            .iter()
            .all(|b| b.type_name() != "sla_breached")
    );
    act(
        &mut item,
        Action::Park {
            reason: "待汛期后".into(),
        },
        Role::Dispatcher,
        at(100),
    );
    assert!(on_time(&item, at(10_000), &p).is_empty());
    assert_eq!(next_wake(&item, &p), None);
    act(&mut item, Action::Resume {}, Role::Dispatcher, at(1_100));
    let clock = item.clock.clone().expect("clock");
    assert_eq!(clock.due_at, at(1_220), "the parked 1000 s are given back");
    assert_eq!(clock.parked_secs, 1_000);
}

#[test]
fn the_third_return_escalates_and_asks_a_supervisor_to_designate() {
    let p = policy();
    let city = city();
    let dispatcher = op(Role::Dispatcher);
    let no_load = |_: &str| 0;
    let mut item = new_item(Kind::Ticket, "H05", Place::default());
    act(&mut item, Action::Accept {}, Role::Agent, T0);
    for (n, dept) in ["environment", "police", "enforcement"].iter().enumerate() {
        if item.status == Status::Accepted {
            act(
                &mut item,
                Action::Dispatch {
                    department: (*dept).into(),
                },
                Role::Dispatcher,
                T0,
            );
        }
        let applied = act(
            &mut item,
            Action::Return {
                reason: "非本单位职责".into(),
            },
            Role::Dispatcher,
            T0,
        );
        let ctx = Ctx {
            actor: &dispatcher,
            now: T0,
            policy: &p,
            city: &city,
            override_claim: false,
        };
        let auto = after_change(&item, &applied, &ctx, &no_load);
        if n < 2 {
            assert!(!names(&auto).contains(&"escalated"), "return {}", n + 1);
            fold(&mut item, auto, T0);
        } else {
            assert!(matches!(
                auto.as_slice(),
                [EventBody::Escalated { from: Tier::Grid, to: Tier::Community, designate: true, rule: Some(r), .. }]
                    if r == "ladder.returns.3"
            ));
            fold(&mut item, auto, T0);
        }
    }
    assert!(item.designate);
    let ctx = Ctx {
        actor: &dispatcher,
        now: T0,
        policy: &p,
        city: &city,
        override_claim: false,
    };
    let refused = decide(
        &item,
        &Action::Dispatch {
            department: "water".into(),
        },
        None,
        &ctx,
    );
    assert_eq!(refused, Err(crate::model::Refusal::NeedsDesignation));
    assert_eq!(
        auto_dispatch(&item, &ctx, &no_load),
        None,
        "no auto-dispatch either"
    );
    act(
        &mut item,
        Action::Dispatch {
            department: "water".into(),
        },
        Role::Supervisor,
        T0,
    );
    assert!(!item.designate, "the supervisor designated the handler");
}

#[test]
fn routes_pick_the_least_loaded_department_and_say_why() {
    let p = policy();
    let city = city();
    let item = {
        let mut i = new_item(Kind::Incident, "C11", Place::default());
        act(&mut i, Action::Accept {}, Role::Agent, T0);
        i
    };
    let loads: HashMap<&str, u64> = [("sanitation", 7), ("enforcement", 3)].into();
    let by_map = |org: &str| loads.get(org).copied().unwrap_or(0);
    let choice = route(&item, &p, &city, &by_map).expect("route");
    assert_eq!(choice.org, "enforcement");
    assert_eq!(
        choice.rule,
        "route:C11: enforcement (least loaded: sanitation 7, enforcement 3)"
    );
    // Ties go to the first listed.
    let even = |_: &str| 5;
    assert_eq!(route(&item, &p, &city, &even).expect("route").org, "sanitation");
    // A department that returned it is not asked again.
    let mut returned = item.clone();
    returned.returned_by = vec!["enforcement".into()];
    assert_eq!(
        route(&returned, &p, &city, &by_map).expect("route").org,
        "sanitation"
    );
}

#[test]
fn alerts_go_to_their_grids_community_and_manual_routes_do_not_dispatch() {
    let p = policy();
    let city = city();
    let grid = city.grids().nth(10).expect("grid").id();
    let mut alert = new_item(
        Kind::Alert,
        "G05",
        Place {
            grid: Some(grid.clone()),
            ..Place::default()
        },
    );
    act(&mut alert, Action::Accept {}, Role::Agent, T0);
    let actor = op(Role::Agent);
    let ctx = Ctx {
        actor: &actor,
        now: T0,
        policy: &p,
        city: &city,
        override_claim: false,
    };
    let none = |_: &str| 0;
    let Some(EventBody::Dispatched { department, rule, .. }) = auto_dispatch(&alert, &ctx, &none) else {
        panic!("alert not dispatched");
    };
    assert_eq!(Some(department.clone()), city.community_of_grid(&grid));
    assert!(department.starts_with("community:"));
    assert_eq!(
        rule.as_deref(),
        Some(format!("route:alerts: {department} (in order: community, category)").as_str())
    );
    // Once the community returns it, the category's department is next.
    let mut returned = alert.clone();
    returned.returned_by = vec![department.clone()];
    assert_eq!(
        route(&returned, &p, &city, &none).map(|c| c.org),
        Some("civil_affairs".to_owned())
    );

    let mut misconduct = new_item(Kind::Ticket, "H11", Place::default());
    act(&mut misconduct, Action::Accept {}, Role::Agent, T0);
    assert_eq!(
        auto_dispatch(&misconduct, &ctx, &none),
        None,
        "H11 waits for a dispatcher"
    );
    let mut general = new_item(Kind::Ticket, "H02", Place::default());
    act(&mut general, Action::Accept {}, Role::Agent, T0);
    assert!(matches!(
        auto_dispatch(&general, &ctx, &none),
        Some(EventBody::Dispatched { department, .. }) if department == "water"
    ));
}

fn open_ref(n: u64, category: &str, place: Place, at: Timestamp) -> OpenRef {
    OpenRef {
        id: ItemId::new(Kind::Ticket, n),
        kind: Kind::Ticket,
        category: category.into(),
        place,
        created_at: at,
    }
}

#[test]
fn duplicates_match_category_and_place_within_the_window() {
    let rule = DuplicateRule {
        window: Duration::hours(24),
        distance_m: 150.0,
    };
    let address = |a: &str| Place {
        address: Some(a.into()),
        ..Place::default()
    };
    let at_point = |lat: f64, lon: f64| Place {
        lat: Some(lat),
        lon: Some(lon),
        ..Place::default()
    };
    let new = open_ref(1, "H02", address("解放路 12 号"), T0);
    assert!(is_duplicate(
        &new,
        &open_ref(2, "H02", address("解放路12号"), at(-3600)),
        &rule
    ));
    assert!(
        !is_duplicate(&new, &open_ref(3, "H03", address("解放路12号"), T0), &rule),
        "category"
    );
    assert!(
        !is_duplicate(&new, &open_ref(4, "H02", address("解放路 14 号"), T0), &rule),
        "place"
    );
    assert!(
        !is_duplicate(
            &new,
            &open_ref(5, "H02", address("解放路 12 号"), at(-90_000)),
            &rule
        ),
        "window"
    );
    // 0.001° of latitude is about 111 m.
    let here = open_ref(6, "C08", at_point(41.1, 121.1), T0);
    assert!(is_duplicate(
        &here,
        &open_ref(7, "C08", at_point(41.101, 121.1), T0),
        &rule
    ));
    assert!(!is_duplicate(
        &here,
        &open_ref(8, "C08", at_point(41.102, 121.1), T0),
        &rule
    ));
    assert!(!is_duplicate(&new, &new, &rule), "not itself");
}

#[test]
fn a_callback_closes_or_sends_back_for_rework() {
    let mut item = dispatched_item();
    act(&mut item, Action::Sign {}, Role::Dispatcher, at(10));
    act(
        &mut item,
        Action::Resolve {
            summary: "已恢复供水".into(),
        },
        Role::Dispatcher,
        at(50),
    );
    let mut unhappy = item.clone();
    act(
        &mut item,
        Action::Callback {
            satisfaction: Satisfaction::Basic,
            attributable: false,
            note: String::new(),
        },
        Role::Agent,
        at(60),
    );
    assert_eq!(
        (item.status, item.satisfaction),
        (Status::Closed, Some(Satisfaction::Basic))
    );
    act(
        &mut unhappy,
        Action::Callback {
            satisfaction: Satisfaction::Unsatisfied,
            attributable: true,
            note: "水压仍低".into(),
        },
        Role::Agent,
        at(60),
    );
    assert_eq!(
        unhappy.status,
        Status::Dispatched,
        "rework goes back to the department"
    );
    assert_eq!(unhappy.counters.rework, 1);
}

#[test]
fn stage_records_count_on_time_completions_and_time_spent() {
    let mut item = dispatched_item(); // accepted and dispatched at T0
    act(&mut item, Action::Sign {}, Role::Dispatcher, at(150)); // sign clock due at 100: late
    act(
        &mut item,
        Action::Resolve {
            summary: "完成".into(),
        },
        Role::Dispatcher,
        at(200),
    ); // resolve due at 250: on time
    let sign = item.stages.get(Stage::Sign);
    assert_eq!((sign.done, sign.on_time, sign.spent_secs), (1, 0, 150));
    let resolve = item.stages.get(Stage::Resolve);
    assert_eq!((resolve.done, resolve.on_time, resolve.spent_secs), (1, 1, 50));
    assert_eq!(item.counters.dispatches, 1);
}
