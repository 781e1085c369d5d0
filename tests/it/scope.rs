//! Who reads what: a department's system reads only the items ever
//! dispatched to its department, on every read path; a viewer reads every
//! item with callers masked; a revoked token or a changed role loses its
//! open streams within 2 s.

use crate::common::*;
use citydesk::client::{Client, StreamMessage};
use citydesk::model::{Action, Caller, Item, ItemId, Role};
use futures::{Stream, StreamExt};
use reqwest::StatusCode;
use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);
const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

async fn dispatched(desk: &Client, title: &str, department: &str) -> Item {
    let t = new_ticket(desk, title).await;
    let t = act(desk, &t, Action::Accept {}).await;
    act(
        desk,
        &t,
        Action::Dispatch {
            department: department.into(),
        },
    )
    .await
}

/// Water's ticket, gas's ticket, one that went to water and was returned
/// to go to gas, and one never dispatched.
struct Board {
    water: Item,
    gas: Item,
    was_water: Item,
    fresh: Item,
}

async fn board(server: &TestServer, desk: &Client) -> Board {
    let water = dispatched(desk, "停水 太和区", "water").await;
    let gas = dispatched(desk, "燃气味 古塔区", "gas").await;
    let was = dispatched(desk, "水管破裂", "water").await;
    let unit = server.client("water_back", Role::Unit).await;
    let was = act(
        &unit,
        &was,
        Action::Return {
            reason: "不是供水管道".into(),
        },
    )
    .await;
    let was_water = act(
        desk,
        &was,
        Action::Dispatch {
            department: "gas".into(),
        },
    )
    .await;
    let fresh = new_ticket(desk, "噪音").await;
    Board {
        water,
        gas,
        was_water,
        fresh,
    }
}

async fn next_message(
    stream: &mut (impl Stream<Item = citydesk::client::Result<StreamMessage>> + Unpin),
) -> Option<StreamMessage> {
    tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("a message in time")
        .map(|m| m.expect("message"))
}

/// The items of every event the stream sends until it has read to `head`.
async fn streamed_items(client: &Client, head: u64) -> BTreeSet<ItemId> {
    let mut s = Box::pin(client.stream(Some(0)).await.expect("stream"));
    let mut items = BTreeSet::new();
    loop {
        match next_message(&mut s).await.expect("open") {
            StreamMessage::Event { event, .. } => {
                items.insert(event.item_id.clone());
                if event.seq >= head {
                    return items;
                }
            }
            StreamMessage::Position(seq) if seq >= head => return items,
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_unit_reads_only_items_dispatched_to_its_department_now_or_before() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let b = board(&server, &desk).await;
    let water = server.client("water_desk", Role::Unit).await;

    for mine in [&b.water, &b.was_water] {
        assert_eq!(water.item(&mine.id).await.expect("mine").item.item.id, mine.id);
    }
    for other in [&b.gas, &b.fresh] {
        let err = water.item(&other.id).await.expect_err("not mine");
        assert_eq!(err.status(), Some(StatusCode::NOT_FOUND), "{}", other.id);
        // The same answer as an item that does not exist at all.
        assert_eq!(err.code(), Some("not_found"));
    }
    // Acting is no way to learn it exists either.
    let err = try_act(&water, &b.gas, Action::Sign {}).await.expect_err("act");
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));

    let snap = water.snapshot(&Default::default()).await.expect("snapshot");
    let ids: BTreeSet<ItemId> = snap.items.iter().map(|v| v.item.id.clone()).collect();
    assert_eq!(ids, BTreeSet::from([b.water.id.clone(), b.was_water.id.clone()]));

    let head = server.store.head();
    assert_eq!(
        streamed_items(&water, head).await,
        BTreeSet::from([b.water.id.clone(), b.was_water.id.clone()])
    );
    assert_eq!(streamed_items(&desk, head).await.len(), 4, "the desk reads all");

    let err = water.stats("today").await.expect_err("stats");
    assert_eq!(err.status(), Some(StatusCode::FORBIDDEN));
}

#[tokio::test]
async fn a_units_live_stream_carries_only_its_items() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let water = server.client("water_desk", Role::Unit).await;
    let mut s = Box::pin(water.stream(None).await.expect("stream"));
    let gas = dispatched(&desk, "燃气味", "gas").await;
    let mine = dispatched(&desk, "停水", "water").await;
    let noted = act(&desk, &gas, Action::Note { text: "x".into() }).await;
    act(&desk, &mine, Action::Note { text: "y".into() }).await;
    let mut seen = Vec::new();
    while seen.len() < 2 {
        if let Some(StreamMessage::Event { event, .. }) = next_message(&mut s).await {
            seen.push((event.item_id.clone(), event.body.type_name()));
        }
    }
    assert_eq!(
        seen,
        vec![(mine.id.clone(), "dispatched"), (mine.id.clone(), "noted")]
    );
    assert_ne!(noted.id, mine.id);
}

#[tokio::test]
async fn tail_as_a_unit_shows_only_its_items() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let b = board(&server, &desk).await;
    let water = server.client("water_desk", Role::Unit).await;
    let out = tokio::process::Command::new(BIN)
        .args([
            "tail",
            "--server",
            &server.url(),
            "--no-follow",
            "--format",
            "json",
        ])
        .env("CITYDESK_TOKEN", water.token().expect("token"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(WAIT, out)
        .await
        .expect("tail ends")
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ids: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["item_id"].as_str().expect("item_id").to_owned()
        })
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from([b.water.id.to_string(), b.was_water.id.to_string()])
    );
}

#[tokio::test]
async fn a_viewer_reads_every_item_with_callers_masked_on_every_path() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let viewer = server.client("wall", Role::Viewer).await;
    let mut live = Box::pin(viewer.stream(None).await.expect("stream"));
    let mut req = ticket("路灯不亮");
    req.caller = Some(Caller {
        name: Some("王芳".into()),
        phone: Some("13800001234".into()),
        ..Caller::default()
    });
    let t = desk.create(&req, None).await.expect("create").item.item;
    assert_eq!(
        t.callers[0].phone.as_deref(),
        Some("13800001234"),
        "the desk sees it"
    );
    let masked = |c: &Caller| {
        assert_eq!(c.phone.as_deref(), Some("138****1234"));
        assert_eq!(c.name.as_deref(), Some("王*"));
    };
    let detail = viewer.item(&t.id).await.expect("item");
    masked(&detail.item.item.callers[0]);
    let snap = viewer.snapshot(&Default::default()).await.expect("snapshot");
    masked(&snap.items[0].item.callers[0]);
    let Some(StreamMessage::Event { raw, .. }) = next_message(&mut live).await else {
        panic!("an event")
    };
    assert!(
        raw.contains("138****1234") && !raw.contains("13800001234"),
        "{raw}"
    );
}

/// Waits for the stream to end; how long it took.
async fn ended(
    stream: &mut (impl Stream<Item = citydesk::client::Result<StreamMessage>> + Unpin),
) -> Duration {
    let start = Instant::now();
    loop {
        match tokio::time::timeout(WAIT, stream.next())
            .await
            .expect("ends in time")
        {
            None | Some(Err(_)) => return start.elapsed(),
            Some(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn revoking_a_token_ends_its_open_streams_within_two_seconds() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let water = server.client("water_desk", Role::Unit).await;
    let mut revoked = Box::pin(water.stream(None).await.expect("stream"));
    let mut other = Box::pin(desk.stream(None).await.expect("stream"));
    // Both open and served before the revocation.
    new_ticket(&desk, "x").await;
    assert!(matches!(
        next_message(&mut other).await,
        Some(StreamMessage::Event { .. })
    ));
    assert!(server.store.revoke_operator("water_desk").await.expect("revoke"));
    let took = ended(&mut revoked).await;
    assert!(took <= Duration::from_secs(2), "ended after {took:?}");
    // Others keep theirs.
    new_ticket(&desk, "y").await;
    assert!(matches!(
        next_message(&mut other).await,
        Some(StreamMessage::Event { .. })
    ));
    // And the token opens no new one.
    tokio::time::sleep(citydesk::server::TOKEN_TTL).await;
    let err = water.stream(None).await.err().expect("refused");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn changing_an_operators_role_ends_their_open_streams_within_two_seconds() {
    let server = TestServer::start().await;
    let boss = server.client("boss", Role::Supervisor).await;
    let mut s = Box::pin(boss.stream(None).await.expect("stream"));
    new_ticket(&boss, "x").await;
    assert!(matches!(
        next_message(&mut s).await,
        Some(StreamMessage::Event { .. })
    ));
    assert!(
        server
            .store
            .set_role("boss", Role::Viewer, None, "test")
            .await
            .expect("set role")
    );
    let took = ended(&mut s).await;
    assert!(took <= Duration::from_secs(2), "ended after {took:?}");
}
