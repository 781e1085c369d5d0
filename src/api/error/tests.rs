//! The typed details must put on the wire exactly the bytes the server
//! sent when it built them by hand with `json!`: each test writes the old
//! form out and compares, then reads the typed form back.

use super::*;
use crate::model::{Item, rfc3339};
use serde_json::{Value, json};
use time::macros::datetime;

fn event(seq: u64, version: u64, kind: &str, data: Value) -> Event {
    serde_json::from_value(json!({
        "seq": seq, "item_id": "TKT-1", "version": version, "type": kind,
        "actor": "op:wangfang", "at": "2026-11-29T08:00:00Z", "data": data,
    }))
    .expect("an event")
}

fn item() -> ItemView {
    let created = event(
        1,
        1,
        "created",
        json!({"kind": "ticket", "category": "C01", "title": "井盖缺失", "priority": "P2", "tier": "street"}),
    );
    let mut item = Item::from_created(&created).expect("created");
    item.apply(&event(2, 2, "accepted", json!({})));
    ItemView::new(item, datetime!(2026-11-29 08:05 UTC))
}

/// Serialised the way the server writes a body: through a JSON value.
fn wire<T: Serialize>(details: &T) -> String {
    serde_json::to_string(&serde_json::to_value(details).expect("value")).expect("text")
}

fn detail(code: &str, details: Value) -> ErrorDetail {
    ErrorDetail {
        code: code.into(),
        message: "refused".into(),
        details,
    }
}

#[test]
fn conflict_details_are_the_bytes_json_built_and_read_back() {
    let current = item();
    let last = event(2, 2, "accepted", json!({}));
    let typed = ConflictDetails::new(1, current.clone(), Some(last.clone()));
    let legacy = json!({
        "expected_version": 1u64,
        "current_version": current.item.version,
        "current": current,
        "changed_by": json!({
            "actor": last.actor, "type": last.body.type_name(), "at": last.at_text(), "seq": last.seq,
        }),
        "last_event": last,
    });
    assert_eq!(wire(&typed), serde_json::to_string(&legacy).expect("text"));

    let read = detail(codes::CONFLICT, legacy)
        .conflict()
        .expect("conflict details");
    assert_eq!(read.current.item, current.item);
    assert_eq!(read.current_version, 2);
    let who = read.changed_by.expect("changed_by");
    assert_eq!(
        (who.actor.as_str(), who.event_type.as_str()),
        ("op:wangfang", "accepted")
    );
    assert_eq!(read.last_event, Some(last));
}

#[test]
fn a_conflict_without_a_last_event_says_null_for_both() {
    let current = item();
    let typed = ConflictDetails::new(1, current.clone(), None);
    let legacy = json!({
        "expected_version": 1u64,
        "current_version": current.item.version,
        "current": current,
        "changed_by": Value::Null,
        "last_event": Value::Null,
    });
    assert_eq!(wire(&typed), serde_json::to_string(&legacy).expect("text"));
}

#[test]
fn an_unknown_last_event_type_still_gives_the_current_item() {
    let mut body = serde_json::to_value(ConflictDetails::new(1, item(), None)).expect("value");
    body["last_event"] = json!({"seq": 9, "type": "from_the_future", "data": {}});
    let read = detail(codes::CONFLICT, body)
        .conflict()
        .expect("conflict details");
    assert_eq!(read.current.item.version, 2);
    assert_eq!(read.last_event, None);
}

#[test]
fn claimed_details_are_the_bytes_json_built() {
    let until = datetime!(2026-11-29 08:15 UTC);
    let typed = ClaimedDetails {
        owner: "lina".into(),
        until,
    };
    let legacy = json!({ "owner": "lina", "until": rfc3339(until) });
    assert_eq!(wire(&typed), serde_json::to_string(&legacy).expect("text"));
    assert_eq!(detail(codes::CLAIMED, legacy).claimed(), Some(typed));
}

#[test]
fn each_forbidden_detail_is_the_bytes_json_built_and_reads_back_as_itself() {
    let cases = [
        (
            ForbiddenDetails::Action {
                role: Role::Agent,
                action: ActionName::Dispatch,
            },
            json!({ "role": Role::Agent, "action": ActionName::Dispatch }),
        ),
        (
            ForbiddenDetails::Create { role: Role::Viewer },
            json!({ "role": Role::Viewer }),
        ),
        (
            ForbiddenDetails::Designate { designate: true },
            json!({ "designate": true }),
        ),
        (
            ForbiddenDetails::Department {
                department: Some("water".into()),
            },
            json!({ "department": Some("water") }),
        ),
        (
            ForbiddenDetails::Department { department: None },
            json!({ "department": Option::<String>::None }),
        ),
    ];
    for (typed, legacy) in cases {
        assert_eq!(wire(&typed), serde_json::to_string(&legacy).expect("text"));
        assert_eq!(detail(codes::FORBIDDEN, legacy).forbidden(), Some(typed));
    }
}

#[test]
fn each_transition_detail_is_the_bytes_json_built_and_reads_back_as_itself() {
    let allowed = vec![ActionName::Accept, ActionName::Reject];
    let cases = [
        (
            TransitionDetails::Status {
                status: Status::New,
                action: ActionName::Sign,
                allowed: allowed.clone(),
            },
            json!({ "status": Status::New, "action": ActionName::Sign, "allowed": allowed }),
        ),
        (
            TransitionDetails::Kind {
                kind: Kind::Alert,
                action: ActionName::Answer,
            },
            json!({ "kind": Kind::Alert, "action": ActionName::Answer }),
        ),
    ];
    for (typed, legacy) in cases {
        assert_eq!(wire(&typed), serde_json::to_string(&legacy).expect("text"));
        assert_eq!(
            detail(codes::INVALID_TRANSITION, legacy).invalid_transition(),
            Some(typed)
        );
    }
}

#[test]
fn details_are_read_only_under_their_own_code() {
    let claimed = json!({ "owner": "lina", "until": "2026-11-29T08:15:00Z" });
    assert_eq!(detail(codes::CONFLICT, claimed.clone()).claimed(), None);
    assert!(detail(codes::CLAIMED, claimed).claimed().is_some());
    assert_eq!(detail("invalid", Value::Null).forbidden(), None);
}
