//! `GET /v1/suggest` on a real server: keywords from the shipped data at
//! once, and what closed items teach, both as they close and after a
//! restart (the server learns from the stored items at start).

use crate::common::{TestServer, act, ticket};
use citydesk::api::{SuggestParams, SuggestResponse};
use citydesk::client::Client;
use citydesk::model::{Action, CreateItem, Role};

fn ask(text: &str) -> SuggestParams {
    SuggestParams {
        text: text.into(),
        on: Some("2026-12-01".into()),
        limit: None,
    }
}

async fn suggest(client: &Client, text: &str) -> SuggestResponse {
    client.suggest(&ask(text)).await.expect("suggest")
}

/// A ticket about a missing cover, filed as `C02` and answered (closed).
async fn close_cover_ticket(agent: &Client, n: usize) {
    let create = CreateItem {
        category: "C02".into(),
        description: format!("{n}号楼前面井盖没了，晚上看不见"),
        ..ticket("井盖")
    };
    let item = agent.create(&create, None).await.expect("create").item.item;
    act(
        agent,
        &item,
        Action::Answer {
            answer: "已转排水公司".into(),
        },
    )
    .await;
}

#[tokio::test]
async fn suggestions_explain_keywords_and_learn_from_closed_items() {
    let server = TestServer::start().await;
    let agent = server.client("agent", Role::Agent).await;
    let viewer = server.client("viewer", Role::Viewer).await;

    let heat = suggest(&viewer, "家里暖气不热，请问今年供暖时间").await;
    assert_eq!(heat.categories[0].code, "H01");
    assert!(
        heat.categories[0].reasons.contains(&"keyword: 暖气".to_owned()),
        "{heat:?}"
    );
    assert_eq!(
        heat.knowledge[0].id, "KB006",
        "the heating-season entry, valid on the day"
    );
    assert!(heat.knowledge[0].example);
    assert_eq!(heat.learned_items, 0);

    // No keyword knows a bare 井盖: nothing to suggest until items close.
    let before = suggest(&agent, "小区门口井盖没了").await;
    assert!(before.categories.is_empty(), "{before:?}");
    for n in 1..=4 {
        close_cover_ticket(&agent, n).await;
    }
    let after = suggest(&agent, "小区门口井盖没了").await;
    assert_eq!(after.learned_items, 4);
    assert_eq!(after.categories[0].code, "C02");
    assert!(
        after.categories[0]
            .reasons
            .contains(&"learned: 井盖 (4 closed items)".to_owned()),
        "{after:?}"
    );

    // A restart learns the same from the stored items.
    let dir = server.stop().await;
    let server = TestServer::start_in(dir, Default::default()).await;
    let agent = server.client("agent2", Role::Agent).await;
    let again = suggest(&agent, "小区门口井盖没了").await;
    assert_eq!(again.learned_items, 4);
    assert_eq!(again.categories[0].code, "C02");
}

#[tokio::test]
async fn suggest_refuses_bad_queries_and_strangers() {
    let server = TestServer::start().await;
    let agent = server.client("agent", Role::Agent).await;
    let long = ask(&"暖".repeat(citydesk::api::MAX_SUGGEST_TEXT + 1));
    let err = agent.suggest(&long).await.expect_err("too long");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let bad_day = SuggestParams {
        on: Some("tomorrow".into()),
        ..ask("暖气")
    };
    let err = agent.suggest(&bad_day).await.expect_err("bad day");
    assert_eq!(err.code(), Some("bad_query"));
    let stranger = Client::new(&server.url(), None).expect("client");
    let err = stranger.suggest(&ask("暖气")).await.expect_err("no token");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
}
