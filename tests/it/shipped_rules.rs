//! The rules as shipped (`Policy::default()`: a storm is 5 alerts within
//! 10 min, duplicates lie within 150 m), against a real server on a manual
//! clock. Other tests shrink the rules to keep short; these hold the
//! figures the README and the policy file promise.

use crate::common::{TestServer, fetch, ticket};
use citydesk::client::Client;
use citydesk::model::{CreateItem, Event, Item, Kind, Place, Policy, Role};
use citydesk::server::{ServerConfig, TimeSource};
use time::macros::datetime;

fn shipped(clock: &TimeSource) -> ServerConfig {
    ServerConfig {
        clock: clock.clone(),
        ..ServerConfig::default()
    }
}

async fn create(client: &Client, req: &CreateItem) -> (Item, Vec<Event>) {
    let reply = client.create(req, None).await.expect("create");
    (reply.item.item, reply.events)
}

fn alert_on(street: &str) -> CreateItem {
    CreateItem {
        kind: Kind::Alert,
        category: "G05".into(),
        place: Place {
            district: Some("古塔区".into()),
            street: Some(street.into()),
            ..Place::default()
        },
        ..ticket("井盖缺失")
    }
}

#[tokio::test]
async fn the_shipped_storm_is_five_alerts_on_one_street_within_ten_minutes() {
    let rule = Policy::default().storm;
    assert_eq!((rule.threshold, rule.window), (5, time::Duration::minutes(10)));
    let clock = TimeSource::manual(datetime!(2026-11-30 02:00 UTC));
    let server = TestServer::start_with(shipped(&clock)).await;
    let agent = server.client("agent", Role::Agent).await;
    let street = "北街街道";

    // One alert that the window will have left behind.
    let (stale, _) = create(&agent, &alert_on(street)).await;
    clock.advance(time::Duration::minutes(11));
    let mut members = Vec::new();
    for _ in 0..4 {
        let (alert, _) = create(&agent, &alert_on(street)).await;
        assert_eq!(alert.parent, None, "four in the window are not a storm");
        members.push(alert.id);
        // Alerts on another street count for their own street only.
        let (other, _) = create(&agent, &alert_on("南街街道")).await;
        assert_eq!(other.parent, None);
    }
    let (fifth, _) = create(&agent, &alert_on(street)).await;
    members.push(fifth.id.clone());
    let parent = fifth.parent.clone().expect("the fifth makes a storm");
    let parent = fetch(&agent, &parent).await;
    assert_eq!(parent.children, members, "the five in the window, in order");
    assert_eq!(fetch(&agent, &stale.id).await.parent, None);
}

fn call_at(lat: f64, lon: f64) -> CreateItem {
    CreateItem {
        category: "H02".into(),
        place: Place {
            district: Some("古塔区".into()),
            lat: Some(lat),
            lon: Some(lon),
            ..Place::default()
        },
        ..ticket("停水")
    }
}

/// Degrees of latitude for `m` metres (on the sphere the server measures).
fn north(m: f64) -> f64 {
    (m / 6_371_000.0).to_degrees()
}

#[tokio::test]
async fn calls_within_150_m_are_suggested_as_duplicates_and_farther_ones_are_not() {
    assert_eq!(Policy::default().duplicates.distance_m, 150.0);
    let clock = TimeSource::manual(datetime!(2026-11-30 02:00 UTC));
    let server = TestServer::start_with(shipped(&clock)).await;
    let taker = server.client("taker", Role::Dispatcher).await;
    let (lat, lon) = (41.1200, 121.1300);

    let (first, _) = create(&taker, &call_at(lat, lon)).await;
    let (near, _) = create(&taker, &call_at(lat + north(149.0), lon)).await;
    assert_eq!(near.duplicates, std::slice::from_ref(&first.id), "149 m");
    // South of the first, so 151 m from it and 300 m from `near`.
    let (far, _) = create(&taker, &call_at(lat - north(151.0), lon)).await;
    assert!(far.duplicates.is_empty(), "151 m: {:?}", far.duplicates);
}
