//! A 2xx means on disk: kill -9 the server right after one and find the
//! event after a restart.

use citydesk::api::ActionRequest;
use citydesk::client::Client;
use citydesk::model::Action;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn spawn_server(db: &str, port: u16) -> Child {
    Command::new(BIN)
        .args(["serve", "--db", db, "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve")
}

async fn wait_healthy(client: &Client) {
    for _ in 0..200 {
        if client.health().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("server did not come up");
}

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

    let port = free_port();
    let mut child = spawn_server(&db, port);
    let client = Client::new(&format!("http://127.0.0.1:{port}"), Some(token.clone())).expect("client");
    wait_healthy(&client).await;
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
    child.kill().expect("kill -9");
    child.wait().expect("reaped");

    let port = free_port();
    let mut child = spawn_server(&db, port);
    let client = Client::new(&format!("http://127.0.0.1:{port}"), Some(token)).expect("client");
    wait_healthy(&client).await;
    let health = client.health().await.expect("health");
    assert_eq!(Some(health.seq), last);
    let detail = client.item(&t.id).await.expect("item");
    assert_eq!(detail.item.item.version, version);
    assert_eq!(detail.history.len() as u64, version);
    child.kill().expect("kill");
    let _ = child.wait();
}
