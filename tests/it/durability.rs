//! A 2xx means on disk: kill -9 the server right after one and find the
//! event after a restart.

use crate::spawned::{BIN, Served};
use citydesk::api::ActionRequest;
use citydesk::client::Client;
use citydesk::model::{Action, Operator, Role};
use citydesk::server::{ServerConfig, hash_token, new_token, serve};
use citydesk::store::{SqliteStore, Store};
use std::process::Command;
use std::sync::Arc;

#[tokio::test]
async fn an_acknowledged_event_survives_kill_9() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("d.db").display());
    let out = Command::new(BIN)
        .args(["operator", "add", "d", "--role", "dispatcher", "--db", &db])
        .output()
        .expect("operator add");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).expect("utf8").trim().to_owned();
    assert!(
        token.starts_with("cdk_") && token.len() >= 4 + 32,
        "a 128-bit+ token, alone on stdout"
    );

    let mut server = Served::start(&db);
    server.ready().await;
    let client = Client::new(&server.url(), Some(token.clone())).expect("client");
    let t = client
        .create(&crate::common::ticket("断电"), None)
        .await
        .expect("create")
        .item
        .item;
    let mut last = None;
    let mut version = t.version;
    for i in 0..20 {
        let req = ActionRequest::new(
            Action::Note {
                text: format!("n{i}"),
            },
            version,
        );
        let reply = client.act(&t.id, &req, None).await.expect("note");
        version = reply.item.item.version;
        last = Some(reply.events[0].seq);
    }
    // SIGKILL straight after the last 2xx: no graceful anything.
    server.kill();

    let server = Served::start(&db);
    server.ready().await;
    let client = Client::new(&server.url(), Some(token)).expect("client");
    let health = client.health().await.expect("health");
    assert_eq!(Some(health.seq), last);
    let detail = client.item(&t.id).await.expect("item");
    assert_eq!(detail.item.item.version, version);
    assert_eq!(detail.history.len() as u64, version);
}

/// kill -9 cannot tell `synchronous=FULL` from NORMAL (the OS keeps the
/// page cache), so read the setting back from the connection that writes.
#[tokio::test]
async fn a_served_database_writes_with_full_sync_in_wal_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sync.db");
    let store = Arc::new(SqliteStore::open(&path).await.expect("open"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(serve(
        Arc::clone(&store) as Arc<dyn Store>,
        ServerConfig::default(),
        listener,
        async {
            let _ = stopped.await;
        },
    ));
    let token = new_token();
    let op = Operator {
        login: "d".into(),
        name: "d".into(),
        role: Role::Dispatcher,
        department: None,
    };
    store
        .add_operator(&op, &hash_token(&token))
        .await
        .expect("operator");
    let client = Client::new(&url, Some(token)).expect("client");
    client
        .create(&crate::common::ticket("断电"), None)
        .await
        .expect("create");

    let (mode, sync) = store.durability().await.expect("pragmas");
    assert_eq!(mode, "wal");
    assert_eq!(sync, 2, "synchronous=FULL on the writing connection");
    // WAL is a property of the file: any connection sees it.
    let other = rusqlite::Connection::open(&path).expect("open file");
    let mode: String = other
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal_mode");
    assert_eq!(mode, "wal");

    let _ = stop.send(());
    served.await.expect("join").expect("serve");
}

/// SIGTERM is the service manager's stop: `serve` finishes and exits 0, and
/// the database it leaves opens with every acknowledged event.
#[tokio::test]
async fn sigterm_stops_serve_with_exit_0_and_a_consistent_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("term.db");
    let db = format!("sqlite:{}", path.display());
    let token = crate::spawned::operator(&db, "d", "dispatcher");
    let mut server = Served::start(&db);
    server.ready().await;
    let client = Client::new(&server.url(), Some(token.clone())).expect("client");
    let item = crate::common::new_ticket(&client, "停水").await;
    let item = crate::common::act(&client, &item, Action::Accept {}).await;
    let head = client.health().await.expect("health").seq;

    let status = server.terminate();
    assert_eq!(status.code(), Some(0), "stderr:\n{}", server.stderr());

    let file = rusqlite::Connection::open(&path).expect("open file");
    let check: String = file
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
    drop(file);
    let server = Served::start(&db);
    server.ready().await;
    let client = Client::new(&server.url(), Some(token)).expect("client");
    assert_eq!(client.health().await.expect("health").seq, head);
    let after = crate::common::fetch(&client, &item.id).await;
    assert_eq!(after.version, item.version);
    assert_eq!(after.status, item.status);
}

/// The writer copies its log back into the database file once commits have
/// been answered (SQLite's own checkpoint inside a commit is switched off):
/// a copy of the main file alone, without its `-wal`, holds every ticket a
/// quarter of a second later. Without the writer's checkpoint the file
/// would hold none of them (a few dozen commits stay below SQLite's 1,000
/// pages).
#[tokio::test]
async fn the_writer_copies_its_log_into_the_database_file_after_answering() {
    let server = crate::common::TestServer::start().await;
    let client = server.client("d", Role::Dispatcher).await;
    for i in 0..30 {
        crate::common::new_ticket(&client, &format!("路灯不亮 {i}")).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    // One more commit, now past the quarter second: the writer checkpoints
    // after answering it.
    crate::common::new_ticket(&client, "井盖破损").await;
    let copy = server.dir.path().join("main-file-only.db");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        std::fs::copy(server.dir.path().join("test.db"), &copy).expect("copy the main file");
        let conn = rusqlite::Connection::open(&copy).expect("open the copy");
        let items: i64 = conn
            .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
            .unwrap_or(0);
        drop(conn);
        if items == 31 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the main file holds {items} of 31 items: the log was not copied back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
