//! `ActionRequest` is the one body with fields of two owners (the API's
//! `expected_version` and `override`, the action's own): what it reads,
//! what it writes, and that every bad body is refused with a message that
//! names what is wrong.

use super::*;
use crate::model::{Action, ActionName};
use serde_json::{Value, json};

fn parse(value: Value) -> Result<ActionRequest, String> {
    ActionRequest::from_json(value)
}

#[test]
fn the_flat_body_reads_into_the_action_and_the_api_fields() {
    let req =
        parse(json!({"action": "dispatch", "department": "water", "expected_version": 4, "override": true}))
            .expect("valid");
    assert_eq!(req.expected_version, 4);
    assert!(req.override_claim);
    assert_eq!(req.action.name(), ActionName::Dispatch);
    let req = parse(json!({"action": "accept", "expected_version": 0})).expect("valid");
    assert!(!req.override_claim);
}

#[test]
fn the_body_written_is_the_flat_object_and_reads_back() {
    let mut req = ActionRequest::new(
        Action::Dispatch {
            department: "water".into(),
        },
        4,
    );
    assert_eq!(
        req.to_json(),
        json!({"action": "dispatch", "department": "water", "expected_version": 4})
    );
    req.override_claim = true;
    let written = req.to_json();
    assert_eq!(written["override"], json!(true));
    assert_eq!(parse(written), Ok(req));
}

#[test]
fn each_bad_body_is_refused_naming_what_is_wrong() {
    let cases = [
        (json!([1, 2]), "expected the body to be a JSON object"),
        (json!({"action": "accept"}), "missing field `expected_version`"),
        (json!({"expected_version": 1}), "missing field `action`"),
        (
            json!({"action": "accept", "expected_version": "1"}),
            "expected_version must be a non-negative integer",
        ),
        (
            json!({"action": "accept", "expected_version": -1}),
            "expected_version must be a non-negative integer",
        ),
        (
            json!({"action": "accept", "expected_version": 1, "override": "yes"}),
            "override must be true or false",
        ),
        (
            json!({"action": "teleport", "expected_version": 1}),
            "unknown variant `teleport`",
        ),
        (
            json!({"action": "dispatch", "expected_version": 1}),
            "missing field `department`",
        ),
        (
            json!({"action": "accept", "expected_version": 1, "extra": true}),
            "unknown field `extra`",
        ),
    ];
    for (body, want) in cases {
        let got = parse(body.clone()).expect_err("refused");
        assert!(got.contains(want), "{body}: {got:?} should say {want:?}");
    }
}
