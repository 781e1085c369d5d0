//! `citydesk migrate-store`: a log the simulator made on SQLite, copied
//! into PostgreSQL by the real binary, served by a real `citydesk serve`
//! on PostgreSQL: the same open items, the same histories, the operators'
//! old tokens, and the next create continuing the numbers and the log. A
//! target that holds anything, or that a server runs on, is refused; a
//! copy changed afterwards is caught by `--verify-only`.

use crate::common::ticket;
use crate::pg;
use crate::spawned::{BIN, Served, operator};
use citydesk::api::SnapshotQuery;
use citydesk::client::Client;
use citydesk::model::{City, ItemId, Kind};
use citydesk::sim::{Scenario, SimOptions, Stats, simulate};
use std::process::{Command, Output};
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// Flags that keep a server's closed loop from writing while a test
/// compares two servers' logs: no ticker pass in the test's lifetime, and
/// no per-token rate limit for the simulator.
const QUIET: &[&str] = &["--tick", "1h", "--token-rate", "0"];

/// A caller of the Open311 document below.
const PHONE: &str = "13800001234";

/// A SQLite log the simulator wrote through a real server, with an Open311
/// document (a foreign id and a raw document) and a read of a caller's
/// history (the callers' read log and the audit), the server stopped:
/// `(dir, sqlite URL, a supervisor's token)`.
async fn simulated_log() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("city.db").display());
    let sim_token = operator(&db, "sim", "supervisor");
    let feed_token = operator(&db, "webportal", "feed");
    let mut served = Served::start_with(&db, "127.0.0.1:0", QUIET);
    served.ready().await;
    let form = format!(
        "api_key={feed_token}&service_code=H01&lat=41.1195&long=121.1335&description=no+heating&attribute[SCOPE]=BUILDING&attribute[ROOM_TEMP]=14&phone={PHONE}"
    );
    let posted = crate::common::http()
        .post(format!("{}/open311/v2/requests.json", served.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("open311");
    assert!(posted.status().is_success(), "{:?}", posted.text().await);
    let client = Client::new(&served.url(), Some(sim_token.clone())).expect("client");
    client.caller_history(PHONE).await.expect("a caller's history");
    let city: Arc<City> = Arc::new(citydesk::data::embedded().expect("city"));
    let opts = SimOptions {
        scenario: Scenario::Normal,
        seed: 14,
        rate: 500.0,
        duration: None,
        items: Some(200),
        speed: 1000.0,
        concurrency: 16,
        intake_only: false,
        layout: None,
    };
    let report = simulate(
        client,
        city,
        opts,
        Arc::new(Stats::default()),
        CancellationToken::new(),
    )
    .await
    .expect("simulate");
    assert_eq!(report.errors, 0, "{report}");
    assert!(served.terminate().success(), "{}", served.stderr());
    (dir, db, sim_token)
}

fn migrate(from: &str, to: &str, extra: &[&str]) -> Output {
    Command::new(BIN)
        .args(["migrate-store", "--from", from, "--to", to])
        .args(extra)
        .output()
        .expect("run migrate-store")
}

fn said(out: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn item_ids(db: &str) -> Vec<ItemId> {
    let path = citydesk::store::sqlite_path(db).expect("path");
    let file = rusqlite::Connection::open(path).expect("open");
    let mut stmt = file.prepare("SELECT id FROM items ORDER BY id").expect("prepare");
    stmt.query_map([], |r| r.get::<_, String>(0))
        .expect("query")
        .map(|id| ItemId::parse(&id.expect("id")).expect("an item id"))
        .collect()
}

/// The open items (without the clock colour, which depends on when it
/// was asked) and every item's history, as a server answers them.
async fn log_of(client: &Client, ids: &[ItemId]) -> (u64, Vec<citydesk::model::Item>, Vec<String>) {
    let snapshot = client
        .snapshot(&SnapshotQuery::default())
        .await
        .expect("snapshot");
    let mut histories = Vec::new();
    for id in ids {
        let detail = client.item(id).await.expect("item");
        histories.push(serde_json::to_string(&detail.history).expect("json"));
        if let Ok(raw) = client.raw_document(id).await {
            histories.push(format!("{}\n{}", raw.content_type, raw.body));
        }
    }
    let items = snapshot.items.into_iter().map(|v| v.item).collect();
    (snapshot.seq, items, histories)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_simulated_log_moves_to_postgres_and_a_server_there_carries_on() {
    let (dir, sqlite, token) = simulated_log().await;
    let postgres = pg::url(&dir.path().join("target")).await;
    let ids = item_ids(&sqlite);
    assert!(ids.len() > 100, "{} items", ids.len());

    let mut before = Served::start_with(&sqlite, "127.0.0.1:0", QUIET);
    before.ready().await;
    let desk = Client::new(&before.url(), Some(token.clone())).expect("client");
    let (head, open, histories) = log_of(&desk, &ids).await;
    assert!(before.terminate().success());

    let out = migrate(&sqlite, &postgres, &[]);
    assert!(out.status.success(), "{}", said(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("copied and verified"), "{}", said(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("events"),
        "progress per table: {}",
        said(&out)
    );
    for table in ["caller_reads", "foreign_ids", "raw_documents"] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(table))
            .expect("a line per table");
        assert!(!line.contains(" 0 "), "the log has {table}: {line}");
    }

    let mut after = Served::start_with(&postgres, "127.0.0.1:0", QUIET);
    after.ready().await;
    // The dispatcher's token, made on SQLite, works on PostgreSQL.
    let desk = Client::new(&after.url(), Some(token)).expect("client");
    let (moved_head, moved_open, moved_histories) = log_of(&desk, &ids).await;
    assert_eq!(moved_head, head, "the log's head");
    assert_eq!(moved_open, open, "the open items");
    assert_eq!(moved_histories, histories, "every item's history");

    let last_ticket = ids
        .iter()
        .filter(|id| id.kind() == Kind::Ticket)
        .map(ItemId::number)
        .max()
        .expect("tickets");
    let created = desk
        .create(&ticket("after the move"), None)
        .await
        .expect("create");
    assert_eq!(created.item.item.id.number(), last_ticket + 1, "the next number");
    assert_eq!(created.events[0].seq, head + 1, "the log continues");
    assert!(after.terminate().success());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_target_that_holds_a_log_is_refused_and_left_as_it_was() {
    let (dir, sqlite, _) = simulated_log().await;
    let postgres = pg::url(&dir.path().join("busy")).await;
    operator(&postgres, "someone", "dispatcher");

    let out = migrate(&sqlite, &postgres, &[]);
    assert!(!out.status.success(), "{}", said(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not empty"), "{}", said(&out));
    assert!(
        stderr.contains("operators: 1"),
        "names what is there: {}",
        said(&out)
    );
    assert!(stderr.contains("never merges"), "{}", said(&out));

    let (client, connection) = tokio_postgres::connect(&postgres, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    let events: i64 = client
        .query_one("SELECT COUNT(*) FROM events", &[])
        .await
        .expect("count")
        .get(0);
    assert_eq!(events, 0, "nothing was copied");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_event_changed_after_the_copy_is_caught_by_verify_only() {
    let (dir, sqlite, _) = simulated_log().await;
    let postgres = pg::url(&dir.path().join("tampered")).await;
    let out = migrate(&sqlite, &postgres, &[]);
    assert!(out.status.success(), "{}", said(&out));
    let out = migrate(&sqlite, &postgres, &["--verify-only"]);
    assert!(out.status.success(), "an untouched copy verifies: {}", said(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("the same log"),
        "{}",
        said(&out)
    );

    let (client, connection) = tokio_postgres::connect(&postgres, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    let changed = client
        .execute(
            "UPDATE events SET body = replace(body, '\"actor\"', '\"actor\" ') WHERE seq = 7",
            &[],
        )
        .await
        .expect("tamper");
    assert_eq!(changed, 1);

    let out = migrate(&sqlite, &postgres, &["--verify-only"]);
    assert!(!out.status.success(), "{}", said(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("events checksum"), "{}", said(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("MISMATCH"),
        "{}",
        said(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_running_on_the_target_is_refused_and_once_stopped_the_copy_goes_through() {
    let (dir, sqlite, _) = simulated_log().await;
    let postgres = pg::url(&dir.path().join("served")).await;
    let mut served = Served::start_with(&postgres, "127.0.0.1:0", QUIET);
    served.ready().await;
    let health = Client::new(&served.url(), None).expect("client");
    let deadline = std::time::Instant::now() + crate::spawned::LIMIT;
    while health.health().await.expect("health").role != "leader" {
        assert!(std::time::Instant::now() < deadline, "the server never led");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    let out = migrate(&sqlite, &postgres, &[]);
    assert!(!out.status.success(), "{}", said(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("a server is running on the target"),
        "{}",
        said(&out)
    );

    // A clean stop gives the lease up: the copy may go ahead at once.
    assert!(served.terminate().success());
    let out = migrate(&sqlite, &postgres, &[]);
    assert!(out.status.success(), "{}", said(&out));
}
