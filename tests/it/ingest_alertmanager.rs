//! Alertmanager's webhook over a real loopback server: firing opens,
//! repeats count, resolved clears, bad payloads append nothing, and the
//! counts show in `/metrics` and `GET /v1/ingest`.

use crate::common::TestServer;
use citydesk::model::{ItemId, Role, Source, Status};
use citydesk::server::ServerConfig;
use citydesk::server::ingest::Switches;
use serde_json::{Value, json};

fn payload(status: &str, fingerprint: &str) -> Value {
    json!({
        "version": "4",
        "groupKey": "{}:{alertname=\"WaterLevelHigh\"}",
        "truncatedAlerts": 0,
        "receiver": "citydesk",
        "status": status,
        "alerts": [{
            "status": status,
            "labels": {"alertname": "WaterLevelHigh", "severity": "critical", "district": "凌河区", "instance": "gauge-7"},
            "annotations": {"summary": "小凌河水位超警戒线", "description": "gauge-7 above 3.2 m"},
            "startsAt": "2026-12-01T01:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.local/graph?g0.expr=water_level",
            "fingerprint": fingerprint,
            "someFutureField": {"ignored": true}
        }],
        "groupLabels": {"alertname": "WaterLevelHigh"},
        "commonLabels": {},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager.local"
    })
}

struct Feed {
    http: reqwest::Client,
    url: String,
    token: String,
}

impl Feed {
    async fn new(server: &TestServer, login: &str, role: Role) -> Feed {
        let client = server.client(login, role).await;
        Feed {
            http: crate::common::http(),
            url: server.url(),
            token: client.token().expect("token").to_owned(),
        }
    }

    async fn post(&self, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let resp = self
            .http
            .post(format!("{}/v1/ingest/alertmanager", self.url))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("post");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let resp = self
            .http
            .get(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("get");
        (resp.status().as_u16(), resp.text().await.expect("text"))
    }
}

fn item_of(answer: &Value) -> ItemId {
    ItemId::parse(answer["results"][0]["item"].as_str().expect("item id")).expect("id")
}

#[tokio::test]
async fn firing_opens_an_alert_a_repeat_recurs_and_resolved_clears_it() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let (status, first) = feed.post(payload("firing", "fp-water-7").to_string()).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["results"][0]["outcome"], "created");
    let id = item_of(&first);
    let item = server.store.item(&id).await.expect("read").expect("item");
    assert_eq!(item.title, "小凌河水位超警戒线");
    assert_eq!(item.priority, citydesk::model::Priority::P1);
    assert_eq!(item.place.district.as_deref(), Some("凌河区"));
    let origin = item.origin.expect("origin");
    assert_eq!(origin.source, Source::Alertmanager);
    assert_eq!(origin.foreign_id, "fp-water-7");
    assert_eq!(origin.sender.as_deref(), Some("citydesk"));
    assert_eq!(
        origin.url.as_deref(),
        Some("http://prometheus.local/graph?g0.expr=water_level")
    );

    let (status, again) = feed.post(payload("firing", "fp-water-7").to_string()).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["results"][0]["outcome"], "duplicate");
    assert_eq!(item_of(&again), id);
    let item = server.store.item(&id).await.expect("read").expect("item");
    assert_eq!(item.occurrences, 2, "the repeat counts a firing");

    let (status, resolved) = feed.post(payload("resolved", "fp-water-7").to_string()).await;
    assert_eq!(status, 200, "{resolved}");
    assert_eq!(resolved["results"][0]["outcome"], "cleared");
    let item = server.store.item(&id).await.expect("read").expect("item");
    assert!(!item.status.is_open(), "cleared: {:?}", item.status);
}

#[tokio::test]
async fn twenty_concurrent_deliveries_of_one_alert_make_one_item() {
    let server = TestServer::start().await;
    let feed = std::sync::Arc::new(Feed::new(&server, "prom", Role::Feed).await);
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let feed = std::sync::Arc::clone(&feed);
        tasks.push(tokio::spawn(async move {
            feed.post(payload("firing", "fp-race").to_string()).await
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for t in tasks {
        let (status, answer) = t.await.expect("join");
        assert_eq!(status, 200, "{answer}");
        ids.insert(item_of(&answer));
    }
    assert_eq!(ids.len(), 1, "{ids:?}");
    let id = ids.into_iter().next().expect("one");
    let item = server.store.item(&id).await.expect("read").expect("item");
    assert_eq!(item.occurrences, 20);
    let (_, open) = server
        .store
        .snapshot(&Default::default())
        .await
        .expect("snapshot");
    assert_eq!(open.len(), 1);
}

#[tokio::test]
async fn a_malformed_payload_is_refused_with_what_is_wrong_and_nothing_appended() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let head = server.store.head();
    let (status, answer) = feed.post("{\"alerts\": [").await;
    assert_eq!(status, 400, "{answer}");
    let mut no_fingerprint = payload("firing", "x");
    no_fingerprint["alerts"][0]
        .as_object_mut()
        .expect("alert")
        .remove("fingerprint");
    let (status, answer) = feed.post(no_fingerprint.to_string()).await;
    assert_eq!(status, 400);
    assert!(answer.to_string().contains("alerts[0].fingerprint"), "{answer}");
    assert_eq!(server.store.head(), head, "nothing appended");
}

#[tokio::test]
async fn only_feeds_and_admins_post_and_a_feed_reads_nothing() {
    let server = TestServer::start().await;
    let agent = Feed::new(&server, "wang", Role::Agent).await;
    let (status, _) = agent.post(payload("firing", "fp-1").to_string()).await;
    assert_eq!(status, 403);
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let (status, _) = feed.get("/v1/snapshot").await;
    assert_eq!(status, 403, "a feed may only post its documents");
    let admin = Feed::new(&server, "root", Role::Admin).await;
    let (status, _) = admin.post(payload("firing", "fp-1").to_string()).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_switched_off_source_refuses_clearly() {
    let config = ServerConfig {
        ingest: Switches::all_but(&[Source::Alertmanager]),
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(config).await;
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let (status, answer) = feed.post(payload("firing", "fp-1").to_string()).await;
    assert_eq!(status, 404, "{answer}");
    assert!(answer.to_string().contains("switched off"), "{answer}");
    assert_eq!(server.store.head(), 0);
}

#[tokio::test]
async fn metrics_status_and_raw_show_what_came_in() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let (_, first) = feed.post(payload("firing", "fp-m").to_string()).await;
    feed.post(payload("firing", "fp-m").to_string()).await;
    feed.post("not json").await;
    let id = item_of(&first);
    let metrics = reqwest::get(format!("{}/metrics", server.url()))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    for line in [
        "citydesk_ingest_total{source=\"alertmanager\",outcome=\"received\",reason=\"\"} 3",
        "citydesk_ingest_total{source=\"alertmanager\",outcome=\"accepted\",reason=\"\"} 1",
        "citydesk_ingest_total{source=\"alertmanager\",outcome=\"duplicate\",reason=\"\"} 1",
        "citydesk_ingest_total{source=\"alertmanager\",outcome=\"refused\",reason=\"malformed\"} 1",
    ] {
        assert!(metrics.contains(line), "{line} missing from:\n{metrics}");
    }
    let supervisor = Feed::new(&server, "zhao", Role::Supervisor).await;
    let (status, body) = supervisor.get("/v1/ingest").await;
    assert_eq!(status, 200, "{body}");
    let status_json: Value = serde_json::from_str(&body).expect("json");
    let am = status_json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["source"] == "alertmanager")
        .expect("alertmanager")
        .clone();
    assert_eq!(am["enabled"], true);
    assert_eq!(am["last"]["outcome"], "refused");
    let (status, _) = Feed::new(&server, "li", Role::Agent)
        .await
        .get("/v1/ingest")
        .await;
    assert_eq!(status, 403);
    let (status, raw) = supervisor.get(&format!("/v1/items/{id}/raw")).await;
    assert_eq!(status, 200);
    assert!(raw.contains("fp-m") && raw.contains("someFutureField"), "{raw}");
    let viewer = Feed::new(&server, "wall", Role::Viewer).await;
    let (status, _) = viewer.get(&format!("/v1/items/{id}/raw")).await;
    assert_eq!(status, 403, "masked roles get no raw documents");
    assert!(matches!(
        server.store.item(&id).await.expect("read").map(|i| i.status),
        Some(Status::New)
    ));
}

#[tokio::test]
async fn a_firing_delivered_again_after_a_restart_is_still_one_item() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let (status, first) = feed.post(payload("firing", "fp-restart").to_string()).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["results"][0]["outcome"], "created");
    let id = item_of(&first);

    // Same database, new process state: only the on-disk foreign id can tell.
    let dir = server.stop().await;
    let server = TestServer::start_in(dir, ServerConfig::default()).await;
    let feed = Feed {
        url: server.url(),
        ..feed
    };
    let (status, again) = feed.post(payload("firing", "fp-restart").to_string()).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["results"][0]["outcome"], "duplicate");
    assert_eq!(item_of(&again), id);
    let item = server.store.item(&id).await.expect("read").expect("item");
    assert_eq!(item.occurrences, 2, "the repeat counts on the old item");
    let (_, open) = server
        .store
        .snapshot(&Default::default())
        .await
        .expect("snapshot");
    assert_eq!(open.len(), 1, "{open:?}");
}

#[tokio::test]
async fn the_client_reads_an_items_raw_document_and_a_masked_role_gets_the_reason() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let (_, first) = feed.post(payload("firing", "fp-raw").to_string()).await;
    let id = item_of(&first);
    let supervisor = server.client("zhao", Role::Supervisor).await;
    let doc = supervisor.raw_document(&id).await.expect("raw document");
    assert!(doc.content_type.starts_with("application/json"), "{doc:?}");
    assert_eq!(doc.source, "alertmanager");
    assert!(
        doc.body.contains("fp-raw") && doc.body.contains("someFutureField"),
        "{doc:?}"
    );
    let viewer = server.client("wall", Role::Viewer).await;
    let err = viewer.raw_document(&id).await.expect_err("masked");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{err}");
    assert!(err.to_string().contains("masked"), "{err}");
}

/// The payload with another alertname and fingerprint.
fn named(alertname: &str, fingerprint: &str) -> Value {
    let mut p = payload("firing", fingerprint);
    p["alerts"][0]["labels"]["alertname"] = json!(alertname);
    p
}

async fn alertmanager_status(server: &TestServer) -> Value {
    let supervisor = Feed::new(server, "zhao", Role::Supervisor).await;
    let (status, body) = supervisor.get("/v1/ingest").await;
    assert_eq!(status, 200, "{body}");
    let all: Value = serde_json::from_str(&body).expect("json");
    all["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["source"] == "alertmanager")
        .expect("alertmanager")
        .clone()
}

#[tokio::test]
async fn the_shipped_mapping_files_a_water_level_alert_under_standing_water() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let (status, answer) = feed.post(payload("firing", "fp-map").to_string()).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["results"][0].get("unmapped").is_none(), "{answer}");
    let item = server
        .store
        .item(&item_of(&answer))
        .await
        .expect("read")
        .expect("item");
    assert_eq!(item.category, "C14", "data/alertmanager.toml maps WaterLevelHigh");
    assert_eq!(item.priority, citydesk::model::Priority::P1, "severity=critical");
    assert!(alertmanager_status(&server).await.get("unmapped").is_none());
}

#[tokio::test]
async fn an_unmapped_alertname_goes_to_the_default_category_and_is_listed() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let (status, answer) = feed.post(named("RiverGaugeOffline", "fp-r1").to_string()).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["results"][0]["unmapped"], "RiverGaugeOffline");
    let item = server
        .store
        .item(&item_of(&answer))
        .await
        .expect("read")
        .expect("item");
    assert_eq!(
        item.category, "传感器告警",
        "not a category named after the alert"
    );
    feed.post(named("RiverGaugeOffline", "fp-r2").to_string()).await;
    feed.post(named("PumpStuck", "fp-p1").to_string()).await;
    let am = alertmanager_status(&server).await;
    assert_eq!(
        am["unmapped"],
        json!({"PumpStuck": 1, "RiverGaugeOffline": 2}),
        "{am}"
    );
}

#[tokio::test]
async fn a_citys_mapping_file_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("alertmanager.toml"),
        "default = \"G08\"\nfallback_priority = \"P4\"\n\n[labels]\npriority = \"level\"\n\n\
         [priority]\nred = \"P1\"\n\n[[rule]]\nmatch = { alertname = \"WaterLevelHigh\", instance = \"gauge-7\" }\n\
         category = \"G06\"\ngrid = \"210702-08-03-07\"\n",
    )
    .expect("write");
    let city = citydesk::data::default_city();
    let map = citydesk::data::alertmanager::load(Some(dir.path()), &city).expect("the file loads");
    let server = TestServer::start_with(ServerConfig {
        alertmanager: std::sync::Arc::new(map),
        ..ServerConfig::default()
    })
    .await;
    let feed = Feed::new(&server, "prom", Role::Feed).await;
    let (status, answer) = feed.post(payload("firing", "fp-city").to_string()).await;
    assert_eq!(status, 200, "{answer}");
    let item = server
        .store
        .item(&item_of(&answer))
        .await
        .expect("read")
        .expect("item");
    assert_eq!(item.category, "G06");
    assert_eq!(
        item.place.grid.as_deref(),
        Some("210702-08-03-07"),
        "the rule's fixed place"
    );
    assert_eq!(item.place.district.as_deref(), Some("凌河区"), "the label's");
    assert_eq!(
        item.priority,
        citydesk::model::Priority::P4,
        "severity is no longer the priority label"
    );
    let mut red = named("Other", "fp-red");
    red["alerts"][0]["labels"]["level"] = json!("RED");
    let (_, answer) = feed.post(red.to_string()).await;
    let item = server
        .store
        .item(&item_of(&answer))
        .await
        .expect("read")
        .expect("item");
    assert_eq!(
        (item.category.as_str(), item.priority),
        ("G08", citydesk::model::Priority::P1)
    );
}

#[test]
fn a_broken_mapping_file_stops_serve_naming_its_line() {
    let dir = tempfile::tempdir().expect("dir");
    let city = dir.path().join("city");
    std::fs::create_dir(&city).expect("mkdir");
    std::fs::write(
        city.join("alertmanager.toml"),
        "default = \"传感器告警\"\n\n[[rule]]\nmatch = { alertname = \"GasLeak\" }\ncategory = \"G66\"\n",
    )
    .expect("write");
    let db = dir.path().join("citydesk.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .args(["serve", "--listen", "127.0.0.1:0", "--city"])
        .arg(&city)
        .arg("--db")
        .arg(format!("sqlite:{}", db.display()))
        .env_remove("CITYDESK_CITY")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "serve ran with a broken mapping");
    let want = format!(
        "{}:5: unknown category \"G66\"",
        city.join("alertmanager.toml").display()
    );
    assert!(stderr.contains(&want), "{stderr}");
    assert!(
        !db.exists(),
        "the database was opened before the mapping was checked"
    );
    // `policy check --city` finds it before any server runs, and the demo
    // over that city refuses it the same way.
    for args in [&["policy", "check", "--city"][..], &["demo", "--city"][..]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
            .args(args)
            .arg(&city)
            .env_remove("CITYDESK_CITY")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} took a broken mapping");
        assert!(stderr.contains(&want), "{args:?}: {stderr}");
    }
}
