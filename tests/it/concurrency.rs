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

#[tokio::test]
async fn fifty_concurrent_firings_of_one_fingerprint_make_one_open_alert() {
    let server = TestServer::start().await;
    let sensor = server.client("sensor", Role::Agent).await;
    let mut alert = of_kind(citydesk::model::Kind::Alert, "井盖位移 古塔区 北街");
    alert.fingerprint = Some("cover-race-0050".into());
    let firings = (0..50).map(|_| sensor.create(&alert, None));
    let replies = futures::future::join_all(firings).await;
    let mut ids = std::collections::HashSet::new();
    for reply in replies {
        ids.insert(reply.expect("every firing is answered 2xx").item.item.id);
    }
    assert_eq!(ids.len(), 1, "every firing names one alert: {ids:?}");
    let open: Vec<_> = sensor
        .snapshot(&Default::default())
        .await
        .expect("snapshot")
        .items
        .into_iter()
        .filter(|v| v.item.fingerprint.as_deref() == Some("cover-race-0050"))
        .collect();
    assert_eq!(open.len(), 1, "one open alert per fingerprint");
    assert_eq!(open[0].item.occurrences, 50, "every firing counted once");
}

#[tokio::test]
async fn concurrent_retries_of_one_action_all_get_the_first_answer() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    for round in 0..5 {
        let t = new_ticket(&desk, &format!("retry {round}")).await;
        let req = ActionRequest::new(Action::Accept {}, t.version);
        let key = format!("accept-{round}");
        let tries = (0..20).map(|_| desk.act(&t.id, &req, Some(&key)));
        let replies = futures::future::join_all(tries).await;
        let mut answers = replies.into_iter().map(|r| match r {
            Ok(reply) => reply,
            Err(e) => panic!(
                "round {round}: a retry was answered {:?} {:?}",
                e.status(),
                e.code()
            ),
        });
        let first = answers.next().expect("answers");
        assert!(
            answers.all(|a| a == first),
            "round {round}: one answer for every retry"
        );
    }
}
