//! A retried write returns the first answer and appends nothing.

use crate::common::*;
use citydesk::api::ActionRequest;
use citydesk::model::{Action, Role};
use reqwest::StatusCode;

#[tokio::test]
async fn retried_action_returns_the_first_answer_and_appends_nothing() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "x").await;
    let req = ActionRequest::new(Action::Accept {}, t.version);
    let first = desk.act(&t.id, &req, Some("retry-1")).await.expect("first");
    let head = server.store.head();
    let second = desk.act(&t.id, &req, Some("retry-1")).await.expect("retry");
    assert_eq!(first, second);
    assert_eq!(server.store.head(), head, "the retry appended nothing");
    // The same key for another request is refused, not replayed.
    let other = ActionRequest::new(Action::Note { text: "n".into() }, 2);
    let err = desk
        .act(&t.id, &other, Some("retry-1"))
        .await
        .expect_err("reused");
    assert_eq!(
        (err.status(), err.code()),
        (
            Some(StatusCode::UNPROCESSABLE_ENTITY),
            Some("idempotency_key_reused")
        )
    );
}

#[tokio::test]
async fn concurrent_retries_of_one_create_make_one_item() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let req = ticket("同一来电");
    let tries = (0..8).map(|_| desk.create(&req, Some("call-7781")));
    let replies = futures::future::join_all(tries).await;
    let ids: std::collections::HashSet<_> = replies
        .into_iter()
        .map(|r| r.expect("create").item.item.id)
        .collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(
        desk.snapshot(&Default::default())
            .await
            .expect("snap")
            .items
            .len(),
        1
    );
}

#[tokio::test]
async fn keys_are_per_operator() {
    let server = TestServer::start().await;
    let a = server.client("a", Role::Agent).await;
    let b = server.client("b", Role::Agent).await;
    let x = a.create(&ticket("a's"), Some("k")).await.expect("a");
    let y = b.create(&ticket("a's"), Some("k")).await.expect("b");
    assert_ne!(x.item.item.id, y.item.item.id);
}
