//! The SLA ticker against a real server: clocks of about a second, a tick
//! of 50 ms, and bounded polling of the item's history instead of sleeps
//! that bet on timing.

use crate::common::{TestServer, act, new_ticket};
use citydesk::client::Client;
use citydesk::model::{Action, Event, EventBody, ItemId, Policy, Role, SYSTEM_ACTOR};
use citydesk::server::ServerConfig;
use std::time::{Duration, Instant};

fn config(limit_secs: i64, tick: Duration) -> ServerConfig {
    ServerConfig {
        policy: Policy::uniform(time::Duration::seconds(limit_secs)),
        tick,
        ..ServerConfig::default()
    }
}

fn fast(limit_secs: i64) -> ServerConfig {
    config(limit_secs, Duration::from_millis(50))
}

fn types(history: &[Event]) -> Vec<&'static str> {
    history.iter().map(|e| e.body.type_name()).collect()
}

fn sla_types(history: &[Event]) -> Vec<&'static str> {
    types(history)
        .into_iter()
        .filter(|t| t.starts_with("sla_"))
        .collect()
}

/// Polls the item's history until an event of `type_name` shows (at most
/// 10 s) and returns that history.
async fn wait_for(client: &Client, id: &ItemId, type_name: &str) -> Vec<Event> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let history = client.item(id).await.expect("item").history;
        if history.iter().any(|e| e.body.type_name() == type_name) {
            return history;
        }
        assert!(
            Instant::now() < deadline,
            "no {type_name} on {id} within 10 s: {:?}",
            types(&history)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A fresh ticket whose breach proves the ticker has passed over every
/// older clock at least once since it was created.
async fn witness(client: &Client) {
    let w = new_ticket(client, "见证").await;
    wait_for(client, &w.id, "sla_breached").await;
}

#[tokio::test]
async fn warning_then_breach_fire_once_each_as_system_with_the_rule() {
    let server = TestServer::start_with(fast(1)).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "路灯不亮").await;
    wait_for(&desk, &t.id, "sla_breached").await;
    witness(&desk).await;

    let detail = desk.item(&t.id).await.expect("item");
    let sla: Vec<&Event> = detail
        .history
        .iter()
        .filter(|e| e.body.type_name().starts_with("sla_"))
        .collect();
    assert_eq!(sla_types(&detail.history), ["sla_warning", "sla_breached"]);
    assert!(sla.iter().all(|e| e.actor == SYSTEM_ACTOR));
    let EventBody::SlaBreached { rule, due_at, .. } = &sla[1].body else {
        panic!("not a breach: {:?}", sla[1]);
    };
    assert_eq!(rule, "sla.breached.100pct");
    assert!(sla[1].at >= *due_at, "breach written before the clock ran out");
    let clock = detail.item.item.clock.expect("clock");
    assert!(clock.warned && clock.breached);
}

#[tokio::test]
async fn a_restart_writes_no_duplicate() {
    let server = TestServer::start_with(fast(1)).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "井盖缺失").await;
    wait_for(&desk, &t.id, "sla_breached").await;
    let dir = server.stop().await;

    let server = TestServer::start_in(dir, fast(1)).await;
    let desk = server.client("d2", Role::Dispatcher).await;
    witness(&desk).await;
    let history = desk.item(&t.id).await.expect("item").history;
    assert_eq!(sla_types(&history), ["sla_warning", "sla_breached"]);
}

#[tokio::test]
async fn clocks_that_ran_out_while_down_are_caught_up_on_start() {
    // A tick of an hour: only the pass made at start can write anything.
    let slow = || config(1, Duration::from_secs(3600));
    let server = TestServer::start_with(slow()).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "积水").await;
    let dir = server.stop().await;

    // Down until the clock has run out (wall time must pass; nothing is
    // asserted about how long anything took).
    let due = t.clock.as_ref().expect("clock").due_at;
    let left = (due - time::OffsetDateTime::now_utc())
        .whole_milliseconds()
        .max(0);
    tokio::time::sleep(Duration::from_millis(u64::try_from(left).unwrap_or(0) + 100)).await;

    let server = TestServer::start_in(dir, slow()).await;
    let desk = server.client("d2", Role::Dispatcher).await;
    let history = wait_for(&desk, &t.id, "sla_breached").await;
    assert_eq!(sla_types(&history), ["sla_warning", "sla_breached"]);
}

#[tokio::test]
async fn a_parked_clock_fires_nothing_while_parked() {
    let server = TestServer::start_with(fast(2)).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "等待配件").await;
    let t = act(&desk, &t, Action::Accept {}).await;
    let t = act(
        &desk,
        &t,
        Action::Park {
            reason: "等待配件".into(),
        },
    )
    .await;
    // The witness is due after the parked clock would have been.
    witness(&desk).await;
    let history = desk.item(&t.id).await.expect("item").history;
    assert_eq!(sla_types(&history), Vec::<&str>::new(), "{:?}", types(&history));
}
