//! The ticker's decisions as tables over a controllable clock.

use super::*;
use crate::model::{Created, Event, ItemId, Kind, Place, Priority, Stage, Tier};
use time::Duration;
use time::macros::datetime;

const T0: Timestamp = datetime!(2026-11-29 08:00 UTC);
const LIMIT: Duration = Duration::seconds(100);

fn event(version: u64, at: Timestamp, body: EventBody) -> Event {
    Event {
        seq: version,
        item_id: ItemId::new(Kind::Ticket, 1),
        version,
        actor: "op:t".into(),
        at,
        body,
    }
}

/// A new ticket whose accept clock runs from T0 for LIMIT.
fn ticket() -> Item {
    let created = Created {
        kind: Kind::Ticket,
        category: "H01".into(),
        title: "路灯不亮".into(),
        description: String::new(),
        priority: Priority::P3,
        tier: Tier::Grid,
        place: Place::default(),
        fingerprint: None,
        caller: None,
        due_at: Some(T0 + LIMIT),
        warn_at: None,
        raised_from: None,
        call_id: None,
        origin: None,
    };
    Item::from_created(&event(1, T0, EventBody::Created(Box::new(created)))).expect("item")
}

/// Folds the events `due_events` returns, as the ticker's commit would.
fn apply_all(item: &mut Item, bodies: Vec<EventBody>, at: Timestamp) {
    for body in bodies {
        let version = item.version + 1;
        item.apply(&event(version, at, body));
    }
}

fn names(bodies: &[EventBody]) -> Vec<&'static str> {
    bodies.iter().map(EventBody::type_name).collect()
}

fn at_pct(pct: i64) -> Timestamp {
    T0 + LIMIT * (pct as f64 / 100.0)
}

#[test]
fn fresh_clock_owes_events_by_how_far_it_has_run() {
    let table: [(i64, &[&str]); 6] = [
        (0, &[]),
        (79, &[]),
        (80, &["sla_warning"]),
        (99, &["sla_warning"]),
        (100, &["sla_warning", "sla_breached"]),
        (500, &["sla_warning", "sla_breached"]),
    ];
    for (pct, want) in table {
        assert_eq!(names(&due_events(&ticket(), at_pct(pct))), want, "at {pct} %");
    }
}

#[test]
fn warning_and_breach_fire_once_each_per_clock() {
    let mut item = ticket();
    let mut written = Vec::new();
    for pct in [10, 50, 80, 85, 95, 100, 120, 300] {
        let due = due_events(&item, at_pct(pct));
        written.extend(names(&due));
        apply_all(&mut item, due, at_pct(pct));
    }
    assert_eq!(written, ["sla_warning", "sla_breached"]);
    let clock = item.clock.as_ref().expect("clock");
    assert!(clock.warned && clock.breached);
}

#[test]
fn breach_after_downtime_is_preceded_by_the_missed_warning() {
    let due = due_events(&ticket(), at_pct(1000));
    assert_eq!(names(&due), ["sla_warning", "sla_breached"]);
    let EventBody::SlaBreached { stage, due_at, rule } = &due[1] else {
        panic!("not a breach: {due:?}");
    };
    assert_eq!(
        (*stage, *due_at, rule.as_str()),
        (Stage::Accept, T0 + LIMIT, RULE_BREACHED)
    );
}

#[test]
fn parked_clock_owes_nothing_however_late() {
    let mut item = ticket();
    let due_at = Some(T0 + LIMIT);
    item.apply(&event(
        2,
        T0,
        EventBody::Accepted {
            due_at,
            warn_at: None,
        },
    ));
    item.apply(&event(
        3,
        at_pct(50),
        EventBody::Parked {
            reason: "等待配件".into(),
        },
    ));
    assert!(due_events(&item, at_pct(10_000)).is_empty());
}

#[test]
fn a_new_stage_starts_a_clock_that_warns_again() {
    let mut item = ticket();
    let due = due_events(&item, at_pct(200));
    apply_all(&mut item, due, at_pct(200));
    let due_at = Some(at_pct(200) + LIMIT);
    item.apply(&event(
        item.version + 1,
        at_pct(200),
        EventBody::Accepted {
            due_at,
            warn_at: None,
        },
    ));
    let clock = item.clock.as_ref().expect("clock");
    assert_eq!(
        (clock.stage, clock.warned, clock.breached),
        (Stage::Dispatch, false, false)
    );
    assert_eq!(
        names(&due_events(&item, at_pct(400))),
        ["sla_warning", "sla_breached"]
    );
}

#[test]
fn an_sla_event_about_another_stage_marks_nothing() {
    let mut item = ticket();
    let stale = EventBody::SlaWarning {
        stage: Stage::Resolve,
        due_at: T0,
        rule: RULE_WARNING.into(),
    };
    item.apply(&event(2, at_pct(90), stale));
    assert!(!item.clock.as_ref().expect("clock").warned);
}

#[test]
fn item_without_a_clock_owes_nothing() {
    let mut item = ticket();
    item.clock = None;
    assert!(due_events(&item, at_pct(1000)).is_empty());
}

#[test]
fn sla_events_travel_as_type_and_data_with_the_rule() {
    let body = EventBody::SlaWarning {
        stage: Stage::Sign,
        due_at: T0,
        rule: RULE_WARNING.into(),
    };
    let json = serde_json::to_value(&body).expect("json");
    assert_eq!(json["type"], "sla_warning");
    assert_eq!(json["data"]["stage"], "sign");
    assert_eq!(json["data"]["rule"], RULE_WARNING);
    let back: EventBody = serde_json::from_value(json).expect("decode");
    assert_eq!(back, body);
}
