//! Retention: past the policy's period a closed item's callers are gone
//! from the item, its history, the callers search and the stored rows; a
//! fresh closed item and an old open one keep theirs.

use crate::common::*;
use citydesk::model::{Action, Caller, CreateItem, Item, Role};
use citydesk::server::{ServerConfig, TimeSource};
use std::time::{Duration, Instant};
use time::macros::datetime;

const PHONE: &str = "13800001234";
const NAME: &str = "王芳";

fn reported(title: &str) -> CreateItem {
    CreateItem {
        caller: Some(Caller {
            name: Some(NAME.into()),
            phone: Some(PHONE.into()),
            ..Caller::default()
        }),
        ..ticket(title)
    }
}

async fn closed(client: &citydesk::client::Client, title: &str) -> Item {
    let item = client
        .create(&reported(title), None)
        .await
        .expect("create")
        .item
        .item;
    act(
        client,
        &item,
        Action::Reject {
            reason: "重复来电".into(),
        },
    )
    .await
}

#[tokio::test]
async fn an_old_closed_items_caller_is_redacted_everywhere_and_fresh_ones_are_kept() {
    let clock = TimeSource::manual(datetime!(2026-01-05 09:00 UTC));
    let config = ServerConfig {
        clock: clock.clone(),
        retention_every: Duration::from_millis(50),
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(config).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let old = closed(&desk, "噪音扰民").await;
    let still_open = desk
        .create(&reported("路面塌陷"), None)
        .await
        .expect("create")
        .item
        .item;
    // Three years (the shipped policy's period) and a day later.
    clock.advance(time::Duration::days(3 * 365 + 1));
    let fresh = closed(&desk, "噪音又来了").await;

    let deadline = Instant::now() + Duration::from_secs(30);
    let old_now = loop {
        let item = fetch(&desk, &old.id).await;
        if item.callers.iter().all(|c| c.phone.is_none()) {
            break item;
        }
        assert!(Instant::now() < deadline, "never redacted: {:?}", item.callers);
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // The work history stays; the person does not.
    assert_eq!(old_now.callers.len(), 1, "the caller is still counted");
    assert_eq!(old_now.callers[0].name, None);
    assert_eq!(old_now.title, old.title);
    let detail = desk.item(&old.id).await.expect("item");
    let history = serde_json::to_string(&detail.history).expect("json");
    assert!(!history.contains(PHONE) && !history.contains(NAME), "{history}");
    assert_eq!(detail.history.len(), 3, "created, rejected, redacted");
    assert_eq!(detail.history[2].body.type_name(), "redacted");
    assert_eq!(detail.history[2].actor, "system");

    // The callers search no longer finds the old item; it finds the others.
    let found = desk.caller_history(PHONE).await.expect("history");
    let ids: Vec<_> = found.items.iter().map(|i| i.id.clone()).collect();
    assert!(!ids.contains(&old.id), "{ids:?}");
    assert!(ids.contains(&fresh.id) && ids.contains(&still_open.id), "{ids:?}");
    for kept in [&fresh, &still_open] {
        let item = fetch(&desk, &kept.id).await;
        assert_eq!(item.callers[0].phone.as_deref(), Some(PHONE), "{}", kept.id);
        let history = serde_json::to_string(&desk.item(&kept.id).await.expect("item").history).expect("json");
        assert!(history.contains(PHONE), "{}", kept.id);
    }

    // And the stored rows hold it no more: the log's JSON and the index.
    let db = rusqlite::Connection::open(server.dir.path().join("test.db")).expect("open");
    let count = |sql: &str| -> i64 { db.query_row(sql, [old.id.as_str()], |r| r.get(0)).expect("count") };
    assert_eq!(
        count("SELECT COUNT(*) FROM events WHERE item_id = ?1 AND body LIKE '%13800001234%'"),
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM items WHERE id = ?1 AND body LIKE '%13800001234%'"),
        0
    );
    assert_eq!(count("SELECT COUNT(*) FROM item_callers WHERE item_id = ?1"), 0);
}

/// An Open311 request carries the caller's address and words in the form
/// as kept; when retention forgets the ticket's caller, the raw document
/// goes too, in the same commit as the `redacted` event.
#[tokio::test]
async fn retention_deletes_the_raw_documents_of_a_redacted_item() {
    let clock = TimeSource::manual(datetime!(2026-01-05 09:00 UTC));
    let config = ServerConfig {
        clock: clock.clone(),
        retention_every: Duration::from_millis(50),
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(config).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let feed = super::open311_server::key(&server, "webportal", Role::Feed).await;
    let form = format!(
        "api_key={feed}&service_code=H01&address_string=%E8%A7%A3%E6%94%BE%E8%B7%AF+3\
         &description=%E6%9A%96%E6%B0%94%E4%B8%8D%E7%83%AD&attribute[SCOPE]=BUILDING&first_name=Wang&last_name=Fang\
         &phone={PHONE}&email=w%40example.org"
    );
    let resp = crate::common::http()
        .post(format!("{}/open311/v2/requests.json", server.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("posted");
    let status = resp.status();
    let body = resp.text().await.expect("body");
    assert!(status.is_success(), "{status}: {body}");
    let receipt = citydesk::open311::read::receipts(body.as_bytes()).expect("receipt");
    let id =
        citydesk::model::ItemId::parse(receipt[0].service_request_id.as_deref().expect("an id")).expect("id");
    let raw = desk
        .raw_document(&id)
        .await
        .expect("the raw form, before retention");
    // The route keeps the form without its contact fields; the address and
    // the caller's own words stay, and they are the caller's too.
    assert!(
        raw.body.contains("address_string=") && raw.body.contains("description="),
        "{}",
        raw.body
    );
    assert!(!raw.body.contains(PHONE), "{}", raw.body);
    let ticket = fetch(&desk, &id).await;
    act(
        &desk,
        &ticket,
        Action::Reject {
            reason: "重复来电".into(),
        },
    )
    .await;

    clock.advance(time::Duration::days(3 * 365 + 1));
    let deadline = Instant::now() + Duration::from_secs(30);
    while fetch(&desk, &id).await.callers.iter().any(|c| c.phone.is_some()) {
        assert!(Instant::now() < deadline, "never redacted");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let gone = desk
        .raw_document(&id)
        .await
        .expect_err("no raw document after retention");
    assert!(gone.to_string().contains("retention"), "{gone}");
    let db = rusqlite::Connection::open(server.dir.path().join("test.db")).expect("open");
    let left: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM raw_documents WHERE item_id = ?1",
            [id.as_str()],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0);
    let item = fetch(&desk, &id).await;
    assert!(item.origin.is_some(), "the item keeps where it came from");
}
