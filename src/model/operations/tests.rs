//! Whole operations as the server makes them, without a server: storm
//! grouping as a table, and the automatic steps that ride along with an
//! action or a create.

use super::*;
use crate::model::{
    City, Created, Department, Event, Operator, Place, Policy, Priority, Role, Status, StormRule, Tier,
};
use time::Duration;
use time::macros::datetime;

const T0: Timestamp = datetime!(2026-11-30 08:00 UTC);

fn policy() -> Policy {
    let mut p = Policy::uniform(Duration::minutes(30));
    p.storm = StormRule {
        window: Duration::minutes(10),
        threshold: 5,
    };
    p
}

fn city() -> City {
    City {
        departments: vec![Department {
            code: "water".into(),
            name: "供水公司".into(),
            gloss: "water".into(),
        }],
        ..City::default()
    }
}

/// What a `Ctx` borrows, owned by the test.
struct Desk {
    policy: Policy,
    city: City,
    op: Operator,
}

impl Desk {
    fn new(role: Role) -> Self {
        Desk {
            policy: policy(),
            city: city(),
            op: operator(role),
        }
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            actor: &self.op,
            now: T0,
            policy: &self.policy,
            city: &self.city,
            override_claim: false,
        }
    }
}

fn operator(role: Role) -> Operator {
    Operator {
        login: "wangfang".into(),
        name: "王芳".into(),
        role,
        department: None,
    }
}

fn place(grid: Option<&str>) -> Place {
    Place {
        district: Some("古塔区".into()),
        street: Some("石油街道".into()),
        grid: grid.map(str::to_owned),
        ..Place::default()
    }
}

fn created(kind: Kind, priority: Priority, place: Place) -> Created {
    Created {
        kind,
        category: "G05".into(),
        title: "井盖报警".into(),
        description: String::new(),
        priority,
        tier: Tier::Grid,
        place,
        fingerprint: None,
        caller: None,
        due_at: None,
        warn_at: None,
        raised_from: None,
        call_id: None,
        origin: None,
    }
}

fn item(kind: Kind, number: u64, priority: Priority, place: Place) -> Item {
    let event = Event {
        seq: number,
        item_id: ItemId::new(kind, number),
        version: 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Created(Box::new(created(kind, priority, place))),
    };
    Item::from_created(&event).expect("item")
}

/// Alerts 1..=n at `at`, the second one P1 (the storm takes it).
fn recent_alerts(n: u64, at: &Place) -> Vec<Item> {
    (1..=n)
        .map(|i| {
            let priority = if i == 2 { Priority::P1 } else { Priority::P3 };
            item(Kind::Alert, i, priority, at.clone())
        })
        .collect()
}

/// The board, as a table: loads and duplicate candidates.
struct Board {
    duplicates: Vec<ItemId>,
}

impl Loads for Board {
    fn load(&self, _org: &str) -> u64 {
        0
    }
}

impl Surroundings for Board {
    fn duplicates(&self, _item: &OpenRef) -> Vec<ItemId> {
        self.duplicates.clone()
    }
}

const QUIET: Board = Board {
    duplicates: Vec::new(),
};

fn types(change: &Change) -> Vec<&'static str> {
    change.events.iter().map(|e| e.body.type_name()).collect()
}

/// A new alert (ALR-0100) at `grid` with a running parent of `children`
/// children, or `recent` ungrouped alerts, and whether a parent number
/// was handed in: what each change commits.
#[test]
fn storm_grouping_as_a_table() {
    struct Case {
        name: &'static str,
        grid: Option<&'static str>,
        parent_children: Option<usize>,
        recent: usize,
        new_parent: bool,
        /// Items changed, in order, and the rule on the alert's `grouped`.
        want: Option<(&'static [&'static str], &'static str)>,
    }
    let cases = [
        Case {
            name: "below the threshold the alert stands alone",
            grid: Some("210702-01-01-01"),
            parent_children: None,
            recent: 3,
            new_parent: false,
            want: None,
        },
        Case {
            name: "the fifth alert starts a storm under a new parent",
            grid: Some("210702-01-01-01"),
            parent_children: None,
            recent: 4,
            new_parent: true,
            want: Some((
                &[
                    "ALR-0100", "ALR-0101", "ALR-0001", "ALR-0002", "ALR-0003", "ALR-0004",
                ],
                "storm: 5 alerts in grid:210702-01-01-01 within 10 min",
            )),
        },
        Case {
            name: "without a number for the parent nothing is grouped",
            grid: Some("210702-01-01-01"),
            parent_children: None,
            recent: 4,
            new_parent: false,
            want: None,
        },
        Case {
            name: "a running storm takes the alert as its next child",
            grid: Some("210702-01-01-01"),
            parent_children: Some(5),
            recent: 0,
            new_parent: false,
            want: Some((
                &["ALR-0100", "ALR-0050"],
                "storm: 6 alerts in grid:210702-01-01-01 within 10 min",
            )),
        },
        Case {
            name: "without a grid the street is the scope",
            grid: None,
            parent_children: None,
            recent: 4,
            new_parent: true,
            want: Some((
                &[
                    "ALR-0100", "ALR-0101", "ALR-0001", "ALR-0002", "ALR-0003", "ALR-0004",
                ],
                "storm: 5 alerts in street:石油街道 within 10 min",
            )),
        },
    ];
    let desk = Desk::new(Role::Agent);
    let ctx = desk.ctx();
    for case in cases {
        let at = place(case.grid);
        let scope = automation::storm_scope(&at).expect("scope");
        let parent = case.parent_children.map(|n| {
            let mut p = item(Kind::Alert, 50, Priority::P3, at.clone());
            p.children = (1..=n as u64).map(|i| ItemId::new(Kind::Alert, i)).collect();
            p
        });
        let recent = (1..=case.recent as u64)
            .map(|i| {
                item(
                    Kind::Alert,
                    i,
                    if i == 2 { Priority::P1 } else { Priority::P3 },
                    at.clone(),
                )
            })
            .collect();
        let neighbours = StormNeighbours {
            scope,
            parent,
            recent,
            new_parent: case.new_parent.then(|| ItemId::new(Kind::Alert, 101)),
        };
        let creation = create(
            created(Kind::Alert, Priority::P3, at.clone()),
            ItemId::new(Kind::Alert, 100),
            None,
            Some(neighbours),
            &ctx,
            &QUIET,
        )
        .expect("created");
        let Some((ids, rule)) = case.want else {
            assert!(creation.without_storm.is_none(), "{}", case.name);
            assert_eq!(creation.changes.len(), 1, "{}", case.name);
            continue;
        };
        let got: Vec<String> = creation.changes.iter().map(|c| c.item.id.to_string()).collect();
        assert_eq!(got, ids, "{}", case.name);
        let alert = &creation.changes[0];
        assert_eq!(types(alert), ["created", "grouped"], "{}", case.name);
        match &alert.events[1].body {
            EventBody::Grouped { rule: r, .. } => assert_eq!(r, rule, "{}", case.name),
            other => panic!("{}: {other:?}", case.name),
        }
        assert_eq!(
            creation.without_storm.as_ref().map(Vec::len),
            Some(1),
            "{}: the alert alone is the fallback",
            case.name
        );
    }
}

#[test]
fn a_new_storm_parent_takes_the_most_urgent_priority_and_names_the_place() {
    let desk = Desk::new(Role::Agent);
    let ctx = desk.ctx();
    let at = place(Some("210702-01-01-01"));
    let recent = recent_alerts(4, &at);
    let neighbours = StormNeighbours {
        scope: "grid:210702-01-01-01".into(),
        parent: None,
        recent,
        new_parent: Some(ItemId::new(Kind::Alert, 101)),
    };
    let creation = create(
        created(Kind::Alert, Priority::P3, at),
        ItemId::new(Kind::Alert, 100),
        None,
        Some(neighbours),
        &ctx,
        &QUIET,
    )
    .expect("created");
    let parent = &creation.changes[1];
    assert_eq!(parent.item.priority, Priority::P1);
    assert_eq!(
        parent.item.title,
        "告警风暴 古塔区 石油街道 网格 210702-01-01-01: 5 条告警"
    );
    assert_eq!(parent.item.children.len(), 5);
    assert_eq!(parent.expected_version, 0, "the parent is new");
    assert!(
        creation.changes[2..]
            .iter()
            .all(|m| m.item.parent.as_ref() == Some(&parent.item.id)),
        "every member points at the parent"
    );
}

#[test]
fn a_ticket_like_open_ones_gets_duplicates_suggested_by_the_system() {
    let desk = Desk::new(Role::Agent);
    let ctx = desk.ctx();
    let board = Board {
        duplicates: vec![ItemId::new(Kind::Ticket, 7)],
    };
    let creation = create(
        created(Kind::Ticket, Priority::P3, place(None)),
        ItemId::new(Kind::Ticket, 8),
        None,
        None,
        &ctx,
        &board,
    )
    .expect("created");
    let change = &creation.changes[0];
    assert_eq!(types(change), ["created", "duplicates_suggested"]);
    assert_eq!(change.events[1].actor, SYSTEM_ACTOR);
    assert_eq!(change.item.duplicates, [ItemId::new(Kind::Ticket, 7)]);
}

#[test]
fn an_incident_raised_from_a_ticket_links_the_ticket_too() {
    let desk = Desk::new(Role::Dispatcher);
    let ctx = desk.ctx();
    let ticket = item(Kind::Ticket, 3, Priority::P2, place(None));
    let creation = create(
        created(Kind::Incident, Priority::P2, place(None)),
        ItemId::new(Kind::Incident, 1),
        Some(ticket),
        None,
        &ctx,
        &QUIET,
    )
    .expect("created");
    let ids: Vec<String> = creation.changes.iter().map(|c| c.item.id.to_string()).collect();
    assert_eq!(ids, ["INC-0001", "TKT-0003"]);
    assert_eq!(types(&creation.changes[1]), ["linked"]);
    assert_eq!(creation.changes[1].expected_version, 1);
}

#[test]
fn a_merge_changes_both_items_and_a_refusal_changes_none() {
    let desk = Desk::new(Role::Agent);
    let ctx = desk.ctx();
    let older = item(Kind::Ticket, 1, Priority::P3, place(None));
    let newer = item(Kind::Ticket, 2, Priority::P3, place(None));
    let merge = Action::Merge {
        into: older.id.clone(),
    };
    let changes = act(newer.clone(), &merge, Some(older), &ctx, &QUIET).expect("merged");
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].item.status, Status::Merged);
    assert_eq!(types(&changes[1]), ["absorbed"]);
    let dispatch = Action::Dispatch {
        department: "water".into(),
    };
    assert!(
        act(newer, &dispatch, None, &ctx, &QUIET).is_err(),
        "an agent does not dispatch"
    );
}

#[test]
fn the_clock_owes_nothing_before_the_warning_and_a_warning_after() {
    let policy = policy();
    let mut c = created(Kind::Ticket, Priority::P3, place(None));
    c.due_at = Some(T0 + Duration::minutes(30));
    c.warn_at = Some(T0 + Duration::minutes(24));
    let event = Event {
        seq: 1,
        item_id: ItemId::new(Kind::Ticket, 1),
        version: 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Created(Box::new(c)),
    };
    let ticket = Item::from_created(&event).expect("item");
    assert!(on_time(&ticket, T0 + Duration::minutes(23), &policy).is_none());
    let owed = on_time(&ticket, T0 + Duration::minutes(25), &policy).expect("a warning");
    assert_eq!(types(&owed), ["sla_warning"]);
    assert_eq!(owed.events[0].actor, SYSTEM_ACTOR);
    assert_eq!(owed.expected_version, 1);
}
