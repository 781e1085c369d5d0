//! CAP 1.2 over a real loopback server: the Appendix A examples become the
//! documented grid alerts, an Update updates what it references, the same
//! message twice (even across a restart) is one item, a bad or hostile
//! document is refused with nothing appended, and an exercise is never
//! dispatched.

use crate::common::{TestServer, act};
use citydesk::model::{Action, ItemId, Priority, Role, Source, Status};
use citydesk::server::ServerConfig;
use serde_json::Value;

const A1: &str = include_str!("../data/cap/A1_homeland_security_advisory.xml");
const A2: &str = include_str!("../data/cap/A2_severe_thunderstorm_warning.xml");
const A3: &str = include_str!("../data/cap/A3_earthquake_report_update.xml");
const A4: &str = include_str!("../data/cap/A4_amber_alert_multilingual.xml");

struct Feed {
    http: reqwest::Client,
    url: String,
    token: String,
}

impl Feed {
    async fn new(server: &TestServer) -> Feed {
        let client = server.client("cma-cap", Role::Feed).await;
        Feed {
            http: crate::common::http(),
            url: server.url(),
            token: client.token().expect("token").to_owned(),
        }
    }

    async fn post(&self, body: &str) -> (u16, Value) {
        let resp = self
            .http
            .post(format!("{}/v1/ingest/cap", self.url))
            .bearer_auth(&self.token)
            .header("content-type", "application/cap+xml")
            .body(body.to_owned())
            .send()
            .await
            .expect("post");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
}

/// The message A3 references, as its sender would have sent it first: a
/// preliminary report, filed under another event and place.
fn a3_original() -> String {
    A3.replace(
        "<identifier>TRI13970876.2</identifier>",
        "<identifier>TRI13970876.1</identifier>",
    )
    .replace("2003-06-11T20:56:00-07:00", "2003-06-11T20:30:00-07:00")
    .replace("<msgType>Update</msgType>", "<msgType>Alert</msgType>")
    .replace("<urgency>Past</urgency>", "<urgency>Immediate</urgency>")
    .replace("<severity>Minor</severity>", "<severity>Moderate</severity>")
    .replace(
        "<references>trinet@caltech.edu,TRI13970876.1,2003-06-11T20:30:00-07:00</references>",
        "",
    )
    .replace(
        "EQ 3.4 Imperial County CA",
        "Gas explosion near Brawley (preliminary)",
    )
    .replace("<event>Earthquake</event>", "<event>Gas explosion</event>")
    .replace("1 mi. WSW of Brawley", "2 mi. W of Brawley")
}

fn item_of(answer: &Value, i: usize) -> ItemId {
    ItemId::parse(answer["results"][i]["item"].as_str().expect("item id")).expect("id")
}

async fn seq(server: &TestServer) -> u64 {
    let client = citydesk::client::Client::new(&server.url(), None).expect("client");
    client.health().await.expect("health").seq
}

#[tokio::test]
async fn the_appendix_a_examples_become_the_documented_grid_alerts() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    let want = [
        (A1, "Homeland Security Sets Code ORANGE", Priority::P1, "G08"),
        (A2, "SEVERE THUNDERSTORM WARNING", Priority::P1, "气象预警"),
        (A3, "EQ 3.4 Imperial County CA", Priority::P4, "地质灾害预警"),
        (A4, "Amber Alert in Los Angeles County", Priority::P1, "救援预警"),
    ];
    for (doc, title, priority, category) in want {
        let (status, answer) = feed.post(doc).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["results"][0]["outcome"], "created", "{answer}");
        let id = item_of(&answer, 0);
        assert!(id.as_str().starts_with("ALR-"), "{id:?}");
        let item = server.store.item(&id).await.expect("read").expect("item");
        assert_eq!(
            (item.title.as_str(), item.priority, item.category.as_str()),
            (title, priority, category)
        );
        let origin = item.origin.expect("origin");
        assert_eq!(origin.source, Source::Cap);
        assert!(origin.extra.contains_key("cap.message"));
    }
    let (_, again) = feed.post(A4).await;
    assert_eq!(again["results"][0]["outcome"], "duplicate", "{again}");
    let amber = server
        .store
        .item(&item_of(&again, 0))
        .await
        .expect("read")
        .expect("item");
    assert!(
        amber
            .description
            .contains("[es-US] Alerta Amber en el condado de Los Ángeles")
    );
}

#[tokio::test]
async fn an_update_updates_the_item_it_references_and_a_repeat_is_one_item() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    // The message A3 references, as its sender would have sent it first.
    let original = a3_original();
    let (_, first) = feed.post(&original).await;
    assert_eq!(first["results"][0]["outcome"], "created", "{first}");
    let id = item_of(&first, 0);
    let item = server.store.item(&id).await.expect("read").expect("item");
    assert_eq!(item.priority, Priority::P2, "Moderate, Immediate, Observed");

    let (_, again) = feed.post(&original).await;
    assert_eq!(again["results"][0]["outcome"], "duplicate", "{again}");
    assert_eq!(item_of(&again, 0), id, "the same message twice is one item");

    let (status, update) = feed.post(A3).await;
    assert_eq!(status, 200, "{update}");
    assert_eq!(update["results"][0]["outcome"], "updated", "{update}");
    assert_eq!(item_of(&update, 0), id, "A3 updates what it references");
    let item = server.store.item(&id).await.expect("read").expect("item");
    assert_eq!(item.priority, Priority::P4, "Past and Minor: P4");
    assert_eq!(
        (item.title.as_str(), item.category.as_str()),
        ("EQ 3.4 Imperial County CA", "地质灾害预警"),
        "the Update's headline and event (Geo) replace the preliminary ones"
    );
    assert!(
        item.place
            .address
            .as_deref()
            .is_some_and(|a| a.starts_with("1 mi. WSW of Brawley")),
        "{:?}",
        item.place
    );
    let origin = item.origin.as_ref().expect("origin");
    assert_eq!(
        origin.extra["cap.message"],
        "trinet@caltech.edu|TRI13970876.2|2003-06-11T20:56:00-07:00"
    );
    let (_, repeat) = feed.post(A3).await;
    assert_eq!(repeat["results"][0]["outcome"], "duplicate", "{repeat}");

    let cancel = original
        .replace("<identifier>TRI13970876.1</identifier>", "<identifier>TRI13970876.3</identifier>")
        .replace("<msgType>Alert</msgType>", "<msgType>Cancel</msgType><references>trinet@caltech.edu,TRI13970876.1,2003-06-11T20:30:00-07:00</references><note>reviewed: no event</note>");
    let (_, cleared) = feed.post(&cancel).await;
    assert_eq!(cleared["results"][0]["outcome"], "cleared", "{cleared}");
    let item = server.store.item(&id).await.expect("read").expect("item");
    assert!(!item.status.is_open());
}

#[tokio::test]
async fn ingest_is_idempotent_across_a_server_restart() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    let (_, first) = feed.post(A2).await;
    let id = item_of(&first, 0);
    let token = feed.token.clone();
    let dir = server.stop().await;
    let server = TestServer::start_in(dir, ServerConfig::default()).await;
    let feed = Feed {
        http: crate::common::http(),
        url: server.url(),
        token,
    };
    let (status, again) = feed.post(A2).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["results"][0]["outcome"], "duplicate", "{again}");
    assert_eq!(item_of(&again, 0), id);
}

#[tokio::test]
async fn bad_and_hostile_documents_are_refused_naming_the_element_with_nothing_appended() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    let before = seq(&server).await;
    let dir = tempfile::tempdir().expect("dir");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-it").expect("write");
    let xxe = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x SYSTEM \"file://{}\">]>{}",
        secret.display(),
        A2.split_once("?>")
            .expect("decl")
            .1
            .replace("<note>", "<note>&x;")
    );
    let cases = [
        (A2.replace("<scope>Public</scope>", ""), "alert[1]/scope"),
        (
            A2.replace("<status>Actual</status>", "<status>Real</status>"),
            "alert[1]/status",
        ),
        (A2.replace(":cap:1.2", ":cap:1.1"), "namespace"),
        (
            A2.replace("2003-06-17T14:57:00-07:00</sent>", "2003-06-17T14:57:00</sent>"),
            "alert[1]/sent",
        ),
        (xxe, "DTD"),
    ];
    for (doc, needle) in cases {
        let (status, answer) = feed.post(&doc).await;
        assert_eq!(status, 400, "{answer}");
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(needle), "{needle}: {message}");
        assert!(!answer.to_string().contains("TOP-SECRET"));
    }
    assert_eq!(seq(&server).await, before, "nothing appended");
}

#[tokio::test]
async fn an_exercise_is_marked_and_never_dispatched() {
    let server = TestServer::start_with(ServerConfig {
        policy: citydesk::data::default_policy(),
        ..ServerConfig::default()
    })
    .await;
    let feed = Feed::new(&server).await;
    let gas = |status: &str, id: &str| {
        A2.replace("<status>Actual</status>", &format!("<status>{status}</status>"))
            .replace("KSTO1055887203", id)
            .replace("SEVERE THUNDERSTORM</event>", "GAS LEAK</event>")
    };
    let (_, real) = feed.post(&gas("Actual", "GAS-1")).await;
    let (_, drill) = feed.post(&gas("Exercise", "GAS-2")).await;
    let dispatcher = server.client("disp", Role::Dispatcher).await;
    let real = server
        .store
        .item(&item_of(&real, 0))
        .await
        .expect("read")
        .expect("item");
    let drill = server
        .store
        .item(&item_of(&drill, 0))
        .await
        .expect("read")
        .expect("item");
    assert!(drill.title.starts_with("[EXERCISE] "), "{}", drill.title);
    assert_eq!(
        drill.origin.as_ref().expect("origin").extra["cap.status"],
        "Exercise"
    );
    let real = act(&dispatcher, &real, Action::Accept {}).await;
    let drill = act(&dispatcher, &drill, Action::Accept {}).await;
    assert_eq!(
        real.status,
        Status::Dispatched,
        "a real gas alert goes straight to the gas company"
    );
    assert_eq!(drill.status, Status::Accepted, "an exercise waits for a person");
}

#[tokio::test]
async fn the_ingest_cap_command_sends_files_and_reports_each_alert() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, A2.replace("<scope>Public</scope>", "")).expect("write");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cap");
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .args(["ingest", "cap", "--server", &server.url()])
        .arg(data.join("A2_severe_thunderstorm_warning.xml"))
        .arg(&bad)
        .arg(data.join("A4_amber_alert_multilingual.xml"))
        .env("CITYDESK_TOKEN", &feed.token)
        .env("XDG_CONFIG_HOME", dir.path().join("none"))
        .output()
        .await
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("A2_severe_thunderstorm_warning.xml: created ALR-"),
        "{stdout}"
    );
    assert!(
        stdout.contains("A4_amber_alert_multilingual.xml: created ALR-"),
        "{stdout}"
    );
    assert!(
        stderr.contains("bad.xml: refused (400 Bad Request)") && stderr.contains("alert[1]/scope"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 3 document(s) refused"), "{stderr}");
}

#[tokio::test]
async fn a_cap_document_may_be_larger_than_a_json_body_up_to_its_own_limit() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    let long = "暴雨 ".repeat(40_000); // ~280 KB: over the 64 KiB JSON limit
    let big = A2.replace("<instruction>", &format!("<instruction>{long}"));
    assert!(big.len() > 200_000);
    let (status, answer) = feed.post(&big).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["results"][0]["outcome"], "created");
    let huge = A2.replace(
        "<instruction>",
        &format!("<instruction>{}", "x".repeat(1024 * 1024)),
    );
    let (status, _) = feed.post(&huge).await;
    assert!(status == 413 || status == 400, "{status}");
}

/// A city directory's `cap.toml`: the shipped mapping with thunderstorms
/// filed as standing water (C14) instead of the free category 气象预警.
fn thunderstorm_mapping(dir: &std::path::Path) {
    let shipped =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cap.toml"))
            .expect("shipped mapping");
    let ours = shipped.replacen(
        "\n[[event]]\n",
        "\n[[event]]\ncontains = \"thunderstorm\"\ncategory = \"C14\"\n\n[[event]]\n",
        1,
    );
    std::fs::write(dir.join("cap.toml"), ours).expect("write");
}

#[tokio::test]
async fn a_city_directorys_cap_toml_replaces_the_built_in_mapping() {
    let dir = tempfile::tempdir().expect("dir");
    thunderstorm_mapping(dir.path());
    let city = citydesk::data::load(Some(dir.path())).expect("city");
    let mapping = citydesk::data::cap::load(Some(dir.path()), &city).expect("mapping");
    let server = TestServer::start_with(ServerConfig {
        cap_mapping: std::sync::Arc::new(mapping),
        ..ServerConfig::default()
    })
    .await;
    let feed = Feed::new(&server).await;
    let (status, answer) = feed.post(A2).await;
    assert_eq!(status, 200, "{answer}");
    let item = server
        .store
        .item(&item_of(&answer, 0))
        .await
        .expect("read")
        .expect("item");
    assert_eq!(
        item.category, "C14",
        "the override's event rule, not Met → 气象预警"
    );
}

#[test]
fn a_broken_cap_toml_stops_serve_naming_its_file_and_line() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("cap.toml"),
        "default = \"预警信息\"\n\n[[event]]\ncontains = \"fire\"\ncategory = \"C99\"\n",
    )
    .expect("write");
    let db = dir.path().join("citydesk.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .args(["serve", "--listen", "127.0.0.1:0", "--city"])
        .arg(dir.path())
        .arg("--db")
        .arg(format!("sqlite:{}", db.display()))
        .env_remove("CITYDESK_CITY")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "serve ran with a broken cap.toml");
    let want = format!(
        "{}:5: category \"C99\" is not in the taxonomy",
        dir.path().join("cap.toml").display()
    );
    assert!(stderr.contains(&want), "{stderr}");
    assert!(
        !db.exists(),
        "the database was opened before the mapping was checked"
    );
}

/// A2 as message `id`, expiring at `expires` (written with its own offset).
fn expiring(id: &str, expires: &str) -> String {
    A2.replace("KSTO1055887203", id)
        .replace("2003-06-17T16:00:00-07:00", expires)
}

async fn history_types(client: &citydesk::client::Client, id: &ItemId) -> Vec<(String, String)> {
    let detail = client.item(id).await.expect("item");
    detail
        .history
        .iter()
        .map(|e| (e.body.type_name().to_owned(), e.actor.clone()))
        .collect()
}

#[tokio::test]
async fn an_expired_alert_nobody_acted_on_is_cleared_once_by_the_server_and_an_acted_on_one_is_kept() {
    use citydesk::server::TimeSource;
    use std::time::{Duration, Instant};
    let clock = TimeSource::manual(time::macros::datetime!(2026-11-30 09:00 UTC));
    let config = || ServerConfig {
        tick: Duration::from_millis(20),
        clock: clock.clone(),
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(config()).await;
    let feed = Feed::new(&server).await;
    let desk = server.client("wangfang", Role::Dispatcher).await;
    // 17:10 in Beijing is 09:10 UTC: ten minutes from now.
    let (_, quiet) = feed.post(&expiring("EXP-1", "2026-11-30T17:10:00+08:00")).await;
    let (_, seen) = feed.post(&expiring("EXP-2", "2026-11-30T17:10:00+08:00")).await;
    let (_, late) = feed.post(&expiring("EXP-3", "2026-11-30T08:50:00-00:00")).await;
    let (quiet, seen, late) = (item_of(&quiet, 0), item_of(&seen, 0), item_of(&late, 0));
    let seen_item = server.store.item(&seen).await.expect("read").expect("item");
    act(
        &desk,
        &seen_item,
        Action::Note {
            text: "已通知网格员".into(),
        },
    )
    .await;
    clock.advance(time::Duration::minutes(9));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        server
            .store
            .item(&quiet)
            .await
            .expect("read")
            .expect("item")
            .status
            .is_open(),
        "cleared before its expiry"
    );
    let mut live = Box::pin(desk.stream(Some(seq(&server).await)).await.expect("stream"));
    clock.advance(time::Duration::minutes(2));
    let deadline = Instant::now() + Duration::from_secs(10);
    while server
        .store
        .item(&quiet)
        .await
        .expect("read")
        .expect("item")
        .status
        .is_open()
    {
        assert!(Instant::now() < deadline, "not cleared within 10 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let history = history_types(&desk, &quiet).await;
    let tail: Vec<(&str, &str)> = history[history.len() - 2..]
        .iter()
        .map(|(t, a)| (t.as_str(), a.as_str()))
        .collect();
    assert_eq!(tail, [("noted", "system"), ("cleared", "system")], "{history:?}");
    loop {
        use futures::StreamExt;
        let next = tokio::time::timeout(Duration::from_secs(10), live.next()).await;
        let Ok(Some(Ok(citydesk::client::StreamMessage::Event { event, .. }))) = next else {
            panic!("no clear on the stream: {next:?}");
        };
        if event.item_id == quiet && event.body.type_name() == "cleared" {
            assert_eq!(event.actor, "system");
            break;
        }
    }
    let note = desk.item(&quiet).await.expect("item").history;
    let text = format!("{:?}", note[note.len() - 2].body);
    assert!(
        text.contains("2026-11-30T09:10:00Z") && text.contains("cap.expires"),
        "{text}"
    );
    let (_, again) = feed.post(&expiring("EXP-1", "2026-11-30T17:10:00+08:00")).await;
    assert_eq!(
        again["results"][0]["outcome"], "duplicate",
        "the same message is not a new alert: {again}"
    );
    assert_eq!(item_of(&again, 0), quiet);
    for kept in [&seen, &late] {
        let item = server.store.item(kept).await.expect("read").expect("item");
        assert!(
            item.status.is_open(),
            "{kept}: acted on, or expired on arrival: kept"
        );
    }

    // A restart's catch-up pass, an hour on, writes nothing twice.
    let dir = server.stop().await;
    clock.advance(time::Duration::hours(1));
    let server = TestServer::start_in(dir, config()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let desk = server.client("wangfang2", Role::Dispatcher).await;
    let after = history_types(&desk, &quiet).await;
    assert_eq!(after, history, "nothing more on the cleared alert");
    let item = server.store.item(&seen).await.expect("read").expect("item");
    assert!(item.status.is_open(), "the acted-on alert is still kept");
}

#[tokio::test]
async fn an_update_of_an_alert_a_person_took_up_is_noted_not_applied() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    let desk = server.client("wangfang", Role::Dispatcher).await;
    let (_, first) = feed.post(&a3_original()).await;
    let id = item_of(&first, 0);
    let item = server.store.item(&id).await.expect("read").expect("item");
    let item = act(&desk, &item, Action::Claim {}).await;
    let (_, update) = feed.post(A3).await;
    assert_eq!(update["results"][0]["outcome"], "updated", "{update}");
    let after = server.store.item(&id).await.expect("read").expect("item");
    assert_eq!(
        after.priority,
        Priority::P2,
        "the person decides the priority too"
    );
    assert_eq!(
        (after.title.as_str(), after.category.as_str(), &after.place),
        (item.title.as_str(), item.category.as_str(), &item.place),
        "the handler's item does not change under their feet"
    );
    let history = desk.item(&id).await.expect("item").history;
    let notes: Vec<String> = history
        .iter()
        .filter_map(|e| match &e.body {
            citydesk::model::EventBody::Noted { text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("priority → P4")
            && notes[0].contains("title → EQ 3.4 Imperial County CA")
            && notes[0].contains("category → 地质灾害预警"),
        "{}",
        notes[0]
    );
    let (_, repeat) = feed.post(A3).await;
    assert_eq!(repeat["results"][0]["outcome"], "duplicate", "{repeat}");
    let again = desk.item(&id).await.expect("item").history;
    let noted = again.iter().filter(|e| e.body.type_name() == "noted").count();
    assert_eq!(noted, 1, "the same Update twice is said once");
}

/// A CAP publisher on loopback: an Atom index (ETag `"vN"`, 304 to a
/// matching If-None-Match) of the Appendix A samples by link, one broken
/// message, and from version 2 on A4 inline; every index request is
/// logged with the If-None-Match it carried and the status it got.
#[derive(Default)]
struct Publisher {
    version: u32,
    log: Vec<(Option<String>, u16)>,
}

type Shared = std::sync::Arc<std::sync::Mutex<Publisher>>;

fn atom_index(version: u32) -> String {
    let link = |id: &str, href: &str| {
        format!(
            "<entry><id>urn:test:{id}</id><updated>2026-11-30T09:00:00Z</updated><link rel=\"alternate\" type=\"application/cap+xml\" href=\"{href}\"/></entry>"
        )
    };
    let mut entries = vec![
        link("a1", "cap/A1_homeland_security_advisory.xml"),
        link("bad", "cap/bad.xml"),
        link("a2", "cap/A2_severe_thunderstorm_warning.xml"),
    ];
    if version >= 2 {
        let inline = A4.split_once("?>").map_or(A4, |(_, body)| body);
        entries.push(format!(
            "<entry><id>urn:test:a4</id><content type=\"text/xml\">{inline}</content></entry>"
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:test</id><title>CAP</title>{}</feed>",
        entries.concat()
    )
}

async fn publish(site: Shared) -> String {
    use axum::extract::{Path, State};
    use axum::http::{HeaderMap, StatusCode, header};
    use axum::response::IntoResponse;
    async fn index(State(site): State<Shared>, headers: HeaderMap) -> axum::response::Response {
        let mut site = site.lock().expect("lock");
        let etag = format!("\"v{}\"", site.version);
        let sent = headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let fresh = sent.as_deref() == Some(etag.as_str());
        let status = if fresh {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        };
        site.log.push((sent, status.as_u16()));
        if fresh {
            return status.into_response();
        }
        let body = atom_index(site.version);
        ([(header::ETAG, etag)], body).into_response()
    }
    async fn message(Path(name): Path<String>) -> axum::response::Response {
        match name.as_str() {
            "A1_homeland_security_advisory.xml" => A1.to_owned().into_response(),
            "A2_severe_thunderstorm_warning.xml" => A2.to_owned().into_response(),
            "bad.xml" => A2
                .replace("<scope>Public</scope>", "")
                .replace("KSTO1055887203", "BAD-1")
                .into_response(),
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    }
    let app = axum::Router::new()
        .route("/feed.atom", axum::routing::get(index))
        .route("/cap/{name}", axum::routing::get(message))
        .with_state(site);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// Waits (at most 20 s) until the publisher's log satisfies `done`.
async fn until(site: &Shared, what: &str, done: impl Fn(&[(Option<String>, u16)]) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let log = site.lock().expect("lock").log.clone();
        if done(&log) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{what}: {log:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_poller_sends_each_new_entry_once_with_conditional_gets_until_ctrl_c() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    let site: Shared = std::sync::Arc::new(std::sync::Mutex::new(Publisher {
        version: 1,
        log: Vec::new(),
    }));
    let base = publish(site.clone()).await;
    let dir = tempfile::tempdir().expect("dir");
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .args([
            "ingest",
            "cap",
            "--server",
            &server.url(),
            "--interval",
            "100ms",
            "--from",
        ])
        .arg(format!("{base}/feed.atom"))
        .env("CITYDESK_TOKEN", &feed.token)
        .env("XDG_CONFIG_HOME", dir.path().join("none"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let v1 = Some("\"v1\"".to_owned());
    until(&site, "a second poll that gets 304", |log| {
        log.len() >= 2 && log[0] == (None, 200) && log[1] == (v1.clone(), 304)
    })
    .await;
    site.lock().expect("lock").version = 2;
    let v2 = Some("\"v2\"".to_owned());
    until(&site, "the new index, then a 304 for it", |log| {
        log.contains(&(v1.clone(), 200)) && log.contains(&(v2.clone(), 304))
    })
    .await;
    let pid = child.id().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let out = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait_with_output())
        .await
        .expect("stops on Ctrl-C")
        .expect("output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains("stopped"), "{stderr}");
    let created: Vec<&str> = stdout.lines().filter(|l| l.contains(": created ALR-")).collect();
    assert_eq!(created.len(), 3, "A1, A2, then A4 inline, each once:\n{stdout}");
    for (entry, sender) in [
        ("a1", "hsas@dhs.gov"),
        ("a2", "KSTO@NWS.NOAA.GOV"),
        ("a4", "KARO@CLETS.DOJ.CA.GOV"),
    ] {
        assert!(
            created
                .iter()
                .any(|l| l.starts_with(&format!("urn:test:{entry}")) && l.contains(sender)),
            "{entry}:\n{stdout}"
        );
    }
    assert!(!stdout.contains("duplicate"), "nothing sent twice:\n{stdout}");
    let refusals: Vec<&str> = stderr.lines().filter(|l| l.starts_with("urn:test:bad")).collect();
    assert_eq!(refusals.len(), 1, "the broken entry is reported once:\n{stderr}");
    assert!(
        refusals[0].contains("refused (400") && refusals[0].contains("alert[1]/scope"),
        "{stderr}"
    );
}

#[tokio::test]
async fn one_poll_with_once_sends_what_it_can_and_exits_1_for_a_refused_entry() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    let site: Shared = std::sync::Arc::new(std::sync::Mutex::new(Publisher {
        version: 1,
        log: Vec::new(),
    }));
    let base = publish(site.clone()).await;
    let dir = tempfile::tempdir().expect("dir");
    let run = |from: String| {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
            .args(["ingest", "cap", "--server", &server.url(), "--once", "--from"])
            .arg(from)
            .env("CITYDESK_TOKEN", &feed.token)
            .env("XDG_CONFIG_HOME", dir.path().join("none"))
            .output()
    };
    let out = run(format!("{base}/feed.atom")).await.expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert_eq!(stdout.matches(": created ALR-").count(), 2, "{stdout}");
    assert!(stderr.contains("1 entries refused, 0 failed"), "{stderr}");
    assert_eq!(site.lock().expect("lock").log.len(), 1, "one pass, one fetch");

    let out = run(format!("{base}/nothing-here")).await.expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("the index answered 404"), "{stderr}");
}

#[tokio::test]
async fn the_original_message_arriving_after_its_update_changes_nothing_but_the_count() {
    let server = TestServer::start().await;
    let feed = Feed::new(&server).await;
    let (_, first) = feed.post(&a3_original()).await;
    let id = item_of(&first, 0);
    let (_, update) = feed.post(A3).await;
    assert_eq!(update["results"][0]["outcome"], "updated", "{update}");
    let (_, late) = feed.post(&a3_original()).await;
    assert_eq!(late["results"][0]["outcome"], "duplicate", "{late}");
    let item = server.store.item(&id).await.expect("read").expect("item");
    assert_eq!(
        (item.priority, item.title.as_str()),
        (Priority::P4, "EQ 3.4 Imperial County CA"),
        "the Update's priority and title stay"
    );
}
