//! The board against hand-made items: version guards, loads, wake-ups,
//! duplicates and storms.

use super::*;
use crate::model::{Created, Event, EventBody, Place, Priority, Tier};
use time::Duration;
use time::macros::datetime;

const T0: Timestamp = datetime!(2026-11-30 08:00 UTC);

/// A board of `items` whose horizon is ahead of them: closed items keep
/// their facts only while they are recent closings.
fn board(items: &[Item], policy: &Policy) -> Board {
    Board::new(items, Vec::new(), T0 + Duration::days(1), policy)
}

fn rejected(mut item: Item) -> Item {
    item.apply(&Event {
        seq: 0,
        item_id: item.id.clone(),
        version: item.version + 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Rejected { reason: "x".into() },
    });
    item
}

fn item(kind: Kind, n: u64, grid: &str) -> Item {
    let created = Created {
        kind,
        category: "G05".into(),
        title: "测试".into(),
        description: String::new(),
        priority: Priority::P3,
        tier: Tier::Grid,
        place: Place {
            grid: Some(grid.into()),
            ..Place::default()
        },
        fingerprint: None,
        caller: None,
        due_at: Some(T0 + Duration::seconds(100)),
        warn_at: Some(T0 + Duration::seconds(80)),
        raised_from: None,
        call_id: None,
        origin: None,
    };
    let event = Event {
        seq: n,
        item_id: ItemId::new(kind, n),
        version: 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Created(Box::new(created)),
    };
    Item::from_created(&event).expect("item")
}

fn dispatched(mut item: Item, department: &str) -> Item {
    item.apply(&Event {
        seq: 0,
        item_id: item.id.clone(),
        version: item.version + 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Dispatched {
            department: department.into(),
            rule: None,
            due_at: Some(T0 + Duration::seconds(300)),
            warn_at: Some(T0 + Duration::seconds(240)),
        },
    });
    item
}

#[test]
fn an_older_version_never_overwrites_a_newer_one() {
    let policy = Policy::default();
    let fresh = item(Kind::Ticket, 1, "g");
    let moved = dispatched(fresh.clone(), "water");
    let board = board(std::slice::from_ref(&moved), &policy);
    board.update(std::slice::from_ref(&fresh), &policy);
    assert_eq!(board.load("water"), 1, "the stale v1 did not undo the dispatch");
    assert_eq!(board.due(T0 + Duration::seconds(100)), Vec::<ItemId>::new());
    assert_eq!(
        board.due(T0 + Duration::seconds(240)),
        std::slice::from_ref(&moved.id)
    );
}

#[test]
fn loads_follow_items_between_departments_and_out_of_the_open_set() {
    let policy = Policy::default();
    let a = dispatched(item(Kind::Ticket, 1, "g"), "water");
    let b = dispatched(item(Kind::Ticket, 2, "g"), "water");
    let board = board(&[a.clone(), b], &policy);
    assert_eq!(board.load("water"), 2);
    let a = dispatched(a, "gas");
    board.update(std::slice::from_ref(&a), &policy);
    assert_eq!((board.load("water"), board.load("gas")), (1, 1));
    let mut closed = a;
    closed.apply(&Event {
        seq: 0,
        item_id: closed.id.clone(),
        version: closed.version + 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Rejected { reason: "x".into() },
    });
    board.update(std::slice::from_ref(&closed), &policy);
    assert_eq!((board.load("gas"), board.open_count()), (0, 1));
    assert!(
        board.with_facts(|f| f.contains_key(&closed.id)),
        "a recently closed item keeps its facts"
    );
    board.lock().let_go(std::time::Instant::now() + super::RECENT);
    assert!(
        board.with_facts(|f| !f.contains_key(&closed.id)),
        "a while after closing, its facts are the database's alone"
    );
    assert!(!board.lock().versions.contains_key(&closed.id));
}

#[test]
fn a_board_started_from_closed_items_holds_none_of_them() {
    let policy = Policy::default();
    let open = item(Kind::Ticket, 1, "g");
    let mut closed = item(Kind::Ticket, 2, "g");
    closed.apply(&Event {
        seq: 0,
        item_id: closed.id.clone(),
        version: closed.version + 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Rejected { reason: "x".into() },
    });
    let board = board(&[open.clone(), closed], &policy);
    assert_eq!(
        board.with_facts(|f| f.keys().cloned().collect::<Vec<_>>()),
        [open.id]
    );
}

#[test]
fn storms_see_recent_ungrouped_alerts_of_one_grid() {
    let policy = Policy::default();
    let alerts = [
        item(Kind::Alert, 1, "g1"),
        item(Kind::Alert, 2, "g1"),
        item(Kind::Alert, 3, "g2"),
    ];
    let board = board(&alerts, &policy);
    let (parent, recent) = board.storm("grid:g1", T0 - Duration::minutes(10));
    assert_eq!(parent, None);
    assert_eq!(recent, [alerts[0].id.clone(), alerts[1].id.clone()]);
    let (_, later) = board.storm("grid:g1", T0 + Duration::seconds(1));
    assert!(later.is_empty(), "outside the window");
}

#[test]
fn closed_items_reported_within_the_horizon_keep_their_facts_until_it_passes_them() {
    let policy = Policy::default();
    let old = rejected(item(Kind::Ticket, 1, "g"));
    let board = Board::new(&[], vec![Facts::of(&old)], T0 - Duration::hours(1), &policy);
    let fresh = rejected(item(Kind::Ticket, 2, "g"));
    board.update(std::slice::from_ref(&fresh), &policy);
    board.lock().let_go(std::time::Instant::now() + super::RECENT);
    assert_eq!(
        board.with_facts(|f| f.len()),
        2,
        "both reported inside the horizon"
    );
    // The horizon has not fallen a step behind yet.
    board.advance(T0 + HORIZON - Duration::minutes(30));
    assert_eq!(board.covered_from(), T0 - Duration::hours(1));
    assert_eq!(board.with_facts(|f| f.len()), 2);
    // Two hours on: both were reported before the new horizon.
    board.advance(T0 + HORIZON + Duration::hours(2));
    assert_eq!(board.covered_from(), T0 + Duration::hours(2));
    assert_eq!(board.with_facts(|f| f.len()), 0);
    assert!(
        board.with_facts_since(T0, |_| ()).is_none(),
        "a pass that read up to T0 reads again"
    );
}

#[test]
fn the_horizon_keeps_open_items_and_recent_closings() {
    let policy = Policy::default();
    let open = item(Kind::Ticket, 1, "g");
    let board = Board::new(std::slice::from_ref(&open), Vec::new(), T0, &policy);
    let closing = rejected(item(Kind::Ticket, 2, "g"));
    board.update(std::slice::from_ref(&closing), &policy);
    board.advance(T0 + HORIZON + Duration::hours(2));
    assert_eq!(board.with_facts(|f| f.len()), 2, "open, and closed a moment ago");
    board.lock().let_go(std::time::Instant::now() + super::RECENT);
    assert_eq!(
        board.with_facts(|f| f.keys().cloned().collect::<Vec<_>>()),
        [open.id]
    );
}

#[test]
fn an_item_that_stays_in_place_moves_its_wake_up_and_counts_once() {
    let policy = Policy::default();
    let a = dispatched(item(Kind::Ticket, 1, "g"), "water");
    let board = board(std::slice::from_ref(&a), &policy);
    assert_eq!(
        board.due(T0 + Duration::seconds(240)),
        std::slice::from_ref(&a.id)
    );
    // Same department and category, later deadlines: updated where it stands.
    let mut later = a.clone();
    later.apply(&Event {
        seq: 0,
        item_id: later.id.clone(),
        version: later.version + 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Dispatched {
            department: "water".into(),
            rule: None,
            due_at: Some(T0 + Duration::seconds(900)),
            warn_at: Some(T0 + Duration::seconds(600)),
        },
    });
    board.update(std::slice::from_ref(&later), &policy);
    assert_eq!(board.load("water"), 1, "counted once, not again");
    assert_eq!(board.open_count(), 1);
    assert_eq!(
        board.due(T0 + Duration::seconds(599)),
        Vec::<ItemId>::new(),
        "the old wake-up is gone"
    );
    assert_eq!(
        board.due(T0 + Duration::seconds(600)),
        std::slice::from_ref(&a.id)
    );
    let twin = item(Kind::Ticket, 2, "g");
    let around = OpenRef::of(&twin);
    assert_eq!(
        board.duplicates(&around, &policy.duplicates),
        vec![a.id.clone()],
        "still found where duplicates are looked for"
    );
}
