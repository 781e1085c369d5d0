//! Two dispatchers on one item at once: exactly one wins.

use crate::common::*;
use citydesk::api::ActionRequest;
use citydesk::model::{Action, Role};
use reqwest::StatusCode;

#[tokio::test]
async fn racing_dispatchers_exactly_one_wins_and_the_loser_learns_who() {
    let server = TestServer::start().await;
    let alice = server.client("alice", Role::Dispatcher).await;
    let bob = server.client("bob", Role::Dispatcher).await;
    for round in 0..20 {
        let t = new_ticket(&alice, &format!("race {round}")).await;
        let t = act(&alice, &t, Action::Accept {}).await;
        let a = ActionRequest::new(
            Action::Dispatch {
                department: "water".into(),
            },
            t.version,
        );
        let b = ActionRequest::new(
            Action::Dispatch {
                department: "gas".into(),
            },
            t.version,
        );
        let (ra, rb) = tokio::join!(alice.act(&t.id, &a, None), bob.act(&t.id, &b, None));
        let (winner, loser) = match (ra, rb) {
            (Ok(w), Err(l)) => (w, l),
            (Err(l), Ok(w)) => (w, l),
            (a, b) => panic!(
                "round {round}: exactly one must win, got {:?} / {:?}",
                a.is_ok(),
                b.is_ok()
            ),
        };
        assert_eq!(loser.status(), Some(StatusCode::CONFLICT));
        let citydesk::client::ClientError::Api { body, .. } = loser else {
            unreachable!()
        };
        let details = &body.error.details;
        assert_eq!(details["current_version"], winner.item.item.version);
        assert_eq!(details["changed_by"]["type"], "dispatched");
        assert_eq!(details["changed_by"]["actor"], winner.events[0].actor);
        let history = alice.item(&t.id).await.expect("item").history;
        assert_eq!(
            history
                .iter()
                .filter(|e| e.body.type_name() == "dispatched")
                .count(),
            1
        );
    }
}

#[tokio::test]
async fn stale_expected_version_is_rejected_with_conflict() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "x").await;
    act(&desk, &t, Action::Note { text: "first".into() }).await;
    let err = try_act(&desk, &t, Action::Accept {}).await.expect_err("stale");
    assert_eq!(
        (err.status(), err.code()),
        (Some(StatusCode::CONFLICT), Some("conflict"))
    );
    assert_eq!(fetch(&desk, &t.id).await.version, 2);
}
