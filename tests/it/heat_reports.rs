//! `GET /v1/city/reports`: the items reported in the heat window and
//! closed since, newest first, without addresses, as the caller's role may
//! see them; a window outside 1–168 hours is refused.

use crate::common::*;
use citydesk::model::{Action, Item, ItemId, Place, Role};
use citydesk::server::{ServerConfig, TimeSource};
use time::macros::datetime;

async fn rejected(client: &citydesk::client::Client, title: &str) -> Item {
    let created = client
        .create(
            &citydesk::model::CreateItem {
                place: Place {
                    district: Some("太和区".into()),
                    address: Some("解放路 12 号".into()),
                    ..Place::default()
                },
                ..ticket(title)
            },
            None,
        )
        .await
        .expect("create")
        .item
        .item;
    act(
        client,
        &created,
        Action::Reject {
            reason: "重复来电".into(),
        },
    )
    .await
}

fn ids(reports: &[citydesk::api::ClosedReport]) -> Vec<ItemId> {
    reports.iter().map(|r| r.id.clone()).collect()
}

#[tokio::test]
async fn closed_reports_of_the_window_newest_first_scoped_and_without_addresses() {
    let clock = TimeSource::manual(datetime!(2026-11-30 09:00 UTC));
    let server = TestServer::start_with(ServerConfig {
        clock: clock.clone(),
        ..ServerConfig::default()
    })
    .await;
    let desk = server.client("desk", Role::Dispatcher).await;
    let early = rejected(&desk, "噪音扰民").await;
    let open = new_ticket(&desk, "路灯不亮").await;
    clock.advance(time::Duration::hours(2));
    let late = rejected(&desk, "占道经营").await;

    let six = desk.city_reports(6).await.expect("reports");
    assert_eq!(ids(&six), [late.id.clone(), early.id.clone()]);
    assert!(!ids(&six).contains(&open.id), "open items come with the snapshot");
    assert_eq!(six[0].at, late.created_at);
    assert_eq!(six[0].place.district.as_deref(), Some("太和区"));
    assert_eq!(six[0].place.address, None);
    assert_eq!(ids(&desk.city_reports(1).await.expect("reports")), [late.id]);

    for hours in [0, 169] {
        let refused = desk.city_reports(hours).await.expect_err("out of range");
        assert_eq!(refused.status(), Some(reqwest::StatusCode::BAD_REQUEST));
        assert!(
            refused.to_string().contains("hours must be 1 to 168"),
            "{refused}"
        );
    }
    // A department's own system sees only what was dispatched to it.
    let water = server
        .client_for("water-sys", Role::Unit, Some("water".into()))
        .await;
    assert_eq!(ids(&water.city_reports(6).await.expect("reports")), []);
}
