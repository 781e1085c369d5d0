//! Open311 into the queues over a real server: a POSTed form becomes a
//! hotline ticket through the standard intake, with its channel and
//! origin; refusals are the spec's error list; and our own `GET requests`
//! answers, imported by `citydesk ingest open311` as another feed, make
//! tickets once, however often the same document is imported.

use super::open311_formats::assert_valid;
use super::open311_server::{get, key};
use crate::common::*;
use citydesk::model::{Action, Channel, EventBody, ItemId, Kind, Role, Source};
use citydesk::open311::read;
use reqwest::StatusCode;

async fn post_form(server: &TestServer, ext: &str, form: &str, idem: Option<&str>) -> (StatusCode, String) {
    let http = reqwest::Client::builder().build().expect("http");
    let mut req = http
        .post(format!("{}/open311/v2/requests.{ext}", server.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_owned());
    if let Some(k) = idem {
        req = req.header("idempotency-key", k);
    }
    let resp = req.send().await.expect("answered");
    let status = resp.status();
    (status, resp.text().await.expect("body"))
}

fn heating(key: &str) -> String {
    format!(
        "api_key={key}&service_code=H01&lat=41.1195&long=121.1335&address_string=%E8%A7%A3%E6%94%BE%E8%B7%AF+3\
         &description=3%E6%A5%BC%E6%9A%96%E6%B0%94%E4%B8%8D%E7%83%AD&attribute[SCOPE]=BUILDING\
         &attribute[ROOM_TEMP]=14&first_name=Wang&phone=13800001234&email=w%40example.org&device_id=d1"
    )
}

#[tokio::test]
async fn a_posted_form_becomes_a_hotline_ticket_with_its_channel_and_origin() {
    let server = TestServer::start().await;
    let feed = key(&server, "webportal", Role::Feed).await;
    let desk = server.client("desk", Role::Dispatcher).await;
    let (status, body) = post_form(&server, "json", &heating(&feed), Some("k-1")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let receipt = &read::receipts(body.as_bytes()).expect("a receipt")[0];
    let id = receipt.service_request_id.clone().expect("an id");
    assert!(
        receipt
            .service_notice
            .as_deref()
            .is_some_and(|n| n.contains("24 hours"))
    );
    let (_, again) = post_form(&server, "json", &heating(&feed), Some("k-1")).await;
    assert_eq!(
        read::receipts(again.as_bytes()).expect("receipt")[0].service_request_id,
        Some(id.clone())
    );

    let item = fetch(&desk, &ItemId::parse(&id).expect("item id")).await;
    assert_eq!((item.kind, item.category.as_str()), (Kind::Ticket, "H01"));
    assert_eq!(item.title, "供热不热: 3楼暖气不热");
    assert!(item.description.contains("整栋楼"), "{}", item.description);
    assert_eq!(item.place.lat, Some(41.1195));
    let caller = &item.callers[0];
    assert_eq!(caller.channel, Channel::App, "a device_id means the app");
    assert_eq!(caller.name.as_deref(), Some("Wang"));
    let origin = item.origin.as_ref().expect("an origin");
    assert_eq!(origin.source, Source::Open311);
    assert!(origin.foreign_id.starts_with("webportal:"));
    let open_tickets = server
        .store
        .snapshot(&Default::default())
        .await
        .expect("snapshot")
        .1
        .len();
    assert_eq!(open_tickets, 1, "the retry made no second ticket");

    let (status, body) = get(&server, &format!("/open311/v2/requests.json?api_key={feed}")).await;
    assert_eq!(status, StatusCode::OK, "a feed reads what it brought in");
    assert_valid("requests.json", &body);
    let listed = read::requests(body.as_bytes()).expect("reads").requests;
    assert_eq!(listed[0].service_request_id, id);
    for secret in ["13800001234", "Wang", "w@example.org"] {
        assert!(!body.contains(secret), "{secret} in {body}");
    }
}

#[tokio::test]
async fn bad_posts_are_the_specs_errors_and_append_nothing() {
    let server = TestServer::start().await;
    let feed = key(&server, "webportal", Role::Feed).await;
    let desk_key = key(&server, "desk", Role::Dispatcher).await;
    let head = server.store.head();
    let long = "x".repeat(4001);
    let cases: Vec<(String, StatusCode)> = vec![
        ("service_code=H01&address_id=1".into(), StatusCode::FORBIDDEN),
        (
            "api_key=cdk_nope&service_code=H01&address_id=1".into(),
            StatusCode::FORBIDDEN,
        ),
        (
            format!("api_key={feed}&service_code=H99&address_id=1"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("api_key={feed}&service_code=C01&address_id=1"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("api_key={feed}&service_code=H01&address_id=1"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("api_key={feed}&service_code=H07"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("api_key={feed}&service_code=H07&lat=41"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("api_key={feed}&service_code=H07&address_id=1&description={long}"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("api_key={desk_key}&service_code=H07&address_id=1"),
            StatusCode::FORBIDDEN,
        ),
    ];
    for (form, want) in cases {
        for ext in ["xml", "json"] {
            let (status, body) = post_form(&server, ext, &form, None).await;
            assert_eq!(status, want, "{form}: {body}");
            let errors = read::errors(body.as_bytes()).expect("an error list");
            assert_eq!(errors[0].code, want.as_u16(), "{body}");
        }
    }
    assert_eq!(server.store.head(), head, "nothing appended");
}

async fn import_cmd(server: &TestServer, token: &str, from: &str, map: &std::path::Path) -> (bool, String) {
    // Async: the server under test runs on this test's own runtime thread.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .args(["ingest", "open311", "--from", from, "--server", &server.url()])
        .arg("--map")
        .arg(map)
        .env("CITYDESK_TOKEN", token)
        .env("XDG_CONFIG_HOME", server.dir.path())
        .env("HOME", server.dir.path())
        .output()
        .await
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn our_answers_import_through_the_client_once_and_a_closing_updates_once() {
    let server = TestServer::start().await;
    let web = key(&server, "webportal", Role::Feed).await;
    let peer = key(&server, "peer", Role::Feed).await;
    let desk_key = key(&server, "reader", Role::Supervisor).await;
    let boss = server.client("boss", Role::Supervisor).await;
    let (_, a) = post_form(&server, "json", &heating(&web), None).await;
    let noise =
        format!("api_key={web}&service_code=H05&address_string=%E5%B9%BF%E5%9C%BA&attribute[WHEN]=NIGHT");
    let (_, b) = post_form(&server, "json", &noise, None).await;
    let ids: Vec<String> = [a, b]
        .iter()
        .map(|r| {
            read::receipts(r.as_bytes()).expect("receipt")[0]
                .service_request_id
                .clone()
                .expect("id")
        })
        .collect();
    let query = format!("api_key={desk_key}&service_request_id={}", ids.join(","));
    let (_, xml) = get(&server, &format!("/open311/v2/requests.xml?{query}")).await;
    let doc = server.dir.path().join("requests.xml");
    std::fs::write(&doc, &xml).expect("write");
    let map = server.dir.path().join("map.toml");
    std::fs::write(&map, "default = \"H12\"\n[codes]\n\"H01\" = \"H02\"\n").expect("write");
    let doc = doc.to_string_lossy().into_owned();

    let (ok, out) = import_cmd(&server, &peer, &doc, &map).await;
    assert!(ok, "{out}");
    assert!(out.contains("2 requests: 2 created"), "{out}");
    assert!(
        out.contains("unmapped service codes (filed under H12)") && out.contains("H05"),
        "{out}"
    );
    let count = || async {
        server
            .store
            .snapshot(&Default::default())
            .await
            .expect("snapshot")
            .1
            .len()
    };
    assert_eq!(count().await, 4);
    let (ok, out) = import_cmd(&server, &peer, &doc, &map).await;
    assert!(
        ok && out.contains("2 requests: 0 created, 0 updated, 2 unchanged"),
        "{out}"
    );
    assert_eq!(count().await, 4, "the same document twice adds nothing");

    let original = fetch(&boss, &ItemId::parse(&ids[0]).expect("id")).await;
    act(
        &boss,
        &original,
        Action::Reject {
            reason: "not ours".into(),
        },
    )
    .await;
    let url = format!("{}/open311/v2/requests.json?{query}", server.url());
    for round in 0..2 {
        let (ok, out) = import_cmd(&server, &peer, &url, &map).await;
        let want = if round == 0 {
            "1 updated, 1 unchanged"
        } else {
            "0 updated, 2 unchanged"
        };
        assert!(ok && out.contains(want), "round {round}: {out}");
    }
    let (_, open) = server
        .store
        .snapshot(&Default::default())
        .await
        .expect("snapshot");
    let imported = open
        .iter()
        .find(|i| {
            i.origin
                .as_ref()
                .is_some_and(|o| o.foreign_id == format!("peer:{}", ids[0]))
        })
        .expect("the imported copy");
    assert_eq!(imported.category, "H02", "mapped");
    assert_eq!(imported.title, original.title, "the title round-trips");
    assert_eq!(imported.place.lat, original.place.lat);
    let history = server.store.history(&imported.id).await.expect("history");
    let notes: Vec<_> = history
        .iter()
        .filter(|e| matches!(&e.body, EventBody::Noted { text } if text.contains("Closed by the reporting system")))
        .collect();
    assert_eq!(notes.len(), 1, "the closing is noted once");
}
